// The S3 client's large transfers: GetObject with parallel ranged GETs, and multipart upload
// with parallel parts. Both run a small pool of threads pulling piece numbers from a counter;
// the first failure stops the others and is rethrown (after aborting the upload).
#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>

#include "cloud/parallel.hpp"
#include "cloud/s3_client.hpp"
#include "cloud/url.hpp"
#include "cloud/xml_scan.hpp"

namespace ff::cloud {
namespace {

// "bytes 0-99/1234" -> 1234.
std::optional<uint64_t> TotalFromContentRange(const std::string& content_range) {
  size_t slash = content_range.rfind('/');
  if (slash == std::string::npos || slash + 1 >= content_range.size()) return std::nullopt;
  std::string digits = content_range.substr(slash + 1);
  if (digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoull(digits);
}

}  // namespace

std::string S3Client::GetObject(const std::string& bucket, const std::string& key) {
  std::string result;
  std::mutex result_mutex;
  GetObjectAt(bucket, key, [&](uint64_t offset, std::string_view piece) {
    std::lock_guard lock(result_mutex);
    if (result.size() < offset + piece.size()) result.resize(offset + piece.size());
    std::memcpy(result.data() + offset, piece.data(), piece.size());
  });
  return result;
}

uint64_t S3Client::GetObjectAt(const std::string& bucket, const std::string& key,
                               const std::function<void(uint64_t, std::string_view)>& write_at) {
  Operation first{.name = "GetObject", .method = "GET", .bucket = bucket, .key = key};
  first.headers.push_back({"Range", "bytes=0-" + std::to_string(config_.part_size - 1)});
  HttpResponse response;
  try {
    response = Execute(first);
  } catch (const HttpStatusError& error) {
    if (error.status() != 416) throw;  // an empty object has no byte 0
    return 0;
  }
  if (response.status != 206) {  // the server sent it all
    write_at(0, response.body);
    return response.body.size();
  }
  const std::optional<uint64_t> total =
      TotalFromContentRange(response.Header("Content-Range").value_or(""));
  if (!total)
    throw Error(ErrorCode::kIo, "S3 GetObject s3://" + bucket + "/" + key +
                                    ": a 206 response without a usable Content-Range");
  write_at(0, response.body);
  const uint64_t start = response.body.size();
  if (start >= *total) return *total;
  const std::string etag = response.Header("ETag").value_or("");
  // One range per thread (at least part_size each), streamed to write_at as it arrives: few
  // requests, memory bounded by the transport's buffers rather than the piece size.
  const uint64_t rest = *total - start;
  const uint64_t piece = std::max<uint64_t>(
      config_.part_size, (rest + config_.parallelism - 1) / std::max(config_.parallelism, 1u));
  const size_t pieces = static_cast<size_t>((*total - start + piece - 1) / piece);
  ForEachInParallel(pieces, config_.parallelism, [&](size_t index) {
    const uint64_t offset = start + index * piece;
    const uint64_t length = std::min(piece, *total - offset);
    uint64_t received = 0;
    // A connection dropped mid-range resumes where the bytes stopped (the HTTP layer cannot
    // retry a body it has started to hand out); If-Match keeps the resumed bytes the same
    // version.
    for (int resumes = 0;; ++resumes) {
      Operation operation{.name = "GetObject", .method = "GET", .bucket = bucket, .key = key};
      operation.headers.push_back({"Range", "bytes=" + std::to_string(offset + received) + "-" +
                                                std::to_string(offset + length - 1)});
      if (!etag.empty()) operation.headers.push_back({"If-Match", etag});
      operation.response_writer = [&](std::string_view chunk) {
        if (received + chunk.size() > length)
          throw Error(ErrorCode::kIo, "S3 GetObject s3://" + bucket + "/" + key + ": range at " +
                                          std::to_string(offset) + " returned more than " +
                                          std::to_string(length) + " bytes");
        write_at(offset + received, chunk);
        received += chunk.size();
      };
      try {
        Execute(operation);
        break;
      } catch (const TransportError& error) {
        if (!error.retryable() || !error.body_started() || received >= length ||
            resumes >= config_.retry.max_connection_resets) {
          throw;
        }
      }
    }
    if (received != length)
      throw Error(ErrorCode::kIo, "S3 GetObject s3://" + bucket + "/" + key + ": range at " +
                                      std::to_string(offset) + " returned " +
                                      std::to_string(received) + " bytes, expected " +
                                      std::to_string(length));
  });
  return *total;
}

std::string S3Client::UploadMultipart(const std::string& bucket, const std::string& key,
                                      const BodyReader& reader, uint64_t size,
                                      const S3PutOptions& options) {
  if (size == 0) return PutObject(bucket, key, "", options);
  // Parts must be >= 5 MiB (except the last) and at most 10,000 of them.
  uint64_t part_size = std::max(config_.part_size, (size + kMaxParts - 1) / kMaxParts);
  size_t part_count = static_cast<size_t>((size + part_size - 1) / part_size);

  Operation create{.name = "CreateMultipartUpload", .method = "POST", .bucket = bucket, .key = key};
  create.query = "uploads";
  if (config_.checksums) create.headers.push_back({"x-amz-checksum-algorithm", "CRC32"});
  if (!options.content_type.empty())
    create.headers.push_back({"Content-Type", options.content_type});
  std::string upload_id = XmlText(Execute(create).body, "UploadId").value_or("");
  if (upload_id.empty())
    throw Error(ErrorCode::kIo, "S3 CreateMultipartUpload s3://" + bucket + "/" + key +
                                    ": the response has no UploadId");
  std::string upload_query = "uploadId=" + UriEncode(upload_id, false);

  try {
    std::vector<std::string> etags(part_count), checksums(part_count);
    ForEachInParallel(part_count, config_.parallelism, [&](size_t index) {
      uint64_t offset = index * part_size;
      uint64_t length = std::min(part_size, size - offset);
      Operation part{.name = "UploadPart", .method = "PUT", .bucket = bucket, .key = key};
      part.query = "partNumber=" + std::to_string(index + 1) + "&" + upload_query;
      part.body.resize(length);
      uint64_t filled = 0;
      while (filled < length) {
        size_t got = reader(offset + filled, part.body.data() + filled, length - filled);
        if (got == 0)
          throw Error(ErrorCode::kIo,
                      "upload source for s3://" + bucket + "/" + key + " ended early at byte " +
                          std::to_string(offset + filled) + " of " + std::to_string(size));
        filled += got;
      }
      if (config_.checksums) {
        checksums[index] = S3Crc32Checksum(part.body);
        part.headers.push_back({"x-amz-checksum-crc32", checksums[index]});
      }
      std::string etag = Execute(part).Header("ETag").value_or("");
      if (etag.empty())
        throw Error(ErrorCode::kIo, "S3 UploadPart " + std::to_string(index + 1) + " of s3://" +
                                        bucket + "/" + key + " returned no ETag");
      etags[index] = etag;
    });

    Operation complete{
        .name = "CompleteMultipartUpload", .method = "POST", .bucket = bucket, .key = key};
    complete.query = upload_query;
    complete.body = "<CompleteMultipartUpload>";
    for (size_t i = 0; i < part_count; ++i)
      complete.body +=
          "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" +
          XmlEscape(etags[i]) + "</ETag>" +
          (checksums[i].empty() ? std::string()
                                : "<ChecksumCRC32>" + checksums[i] + "</ChecksumCRC32>") +
          "</Part>";
    complete.body += "</CompleteMultipartUpload>";
    complete.headers.push_back({"Content-Type", "application/xml"});
    if (options.if_none_match) complete.headers.push_back({"If-None-Match", "*"});
    HttpResponse response = Execute(complete);
    // CompleteMultipartUpload can fail with a 200 status and an <Error> body.
    if (response.body.find("<Error>") != std::string::npos) {
      response.status = 500;
      ThrowFor(complete, response);
    }
    return XmlText(response.body, "ETag").value_or("");
  } catch (...) {
    try {
      Execute({.name = "AbortMultipartUpload",
               .method = "DELETE",
               .bucket = bucket,
               .key = key,
               .query = upload_query});
    } catch (const std::exception&) {
      // The original failure matters more; a lifecycle rule can clean the upload up.
    }
    throw;
  }
}

}  // namespace ff::cloud
