// Cloud storage URLs as users write them: s3://, s3a://, az://, abfs[s]://, adl://, gs://, gcs://.
#pragma once

#include <string>

namespace ff::cloud {

struct CloudUrl {
  std::string scheme;  //!< as written ("s3a", "abfss", ...)
  std::string bucket;  //!< the bucket or container (abfss://container@account... -> container)
  std::string key;     //!< the object key or prefix, without the leading '/'
};

//! The provider a scheme names, as Flowfile's canonical schemes: "s3" (s3, s3a), "az" (az,
//! abfs, abfss, adl), "gs" (gs, gcs); other schemes are returned lower-cased.
std::string CanonicalScheme(const std::string& scheme);

//! True for "<scheme>://..." other than file://.
bool IsCloudUrl(const std::string& text);

//! Splits a cloud URL. Throws kInvalidArgument when `url` is not one or names no bucket.
CloudUrl ParseCloudUrl(const std::string& url);

}  // namespace ff::cloud
