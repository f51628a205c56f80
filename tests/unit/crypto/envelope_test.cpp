// Flowfile's $ffsec$1$ envelopes, and interoperability with Python's `cryptography`
// (what the original Flowfile uses), in both directions.
#include "crypto/envelope.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>

#include "crypto/fernet.hpp"
#include "flowfile/errors.hpp"

namespace ff::crypto {
namespace {

// Run Debian's python3 with `code`; inputs travel in environment variables (test data).
std::string RunPython(const std::string& code, const std::map<std::string, std::string>& env) {
  for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
  std::string command = "/usr/bin/python3 -c '" + code + "'";
  FILE* pipe = ::popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  std::string out;
  std::array<char, 4096> buf{};
  while (size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  EXPECT_EQ(::pclose(pipe), 0) << out;
  for (const auto& [k, v] : env) ::unsetenv(k.c_str());
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

constexpr const char* kPythonUserKey =
    "import base64, os\n"
    "from cryptography.fernet import Fernet\n"
    "from cryptography.hazmat.primitives import hashes\n"
    "from cryptography.hazmat.primitives.kdf.hkdf import HKDF\n"
    "def user_key(master, uid):\n"
    "    d = HKDF(algorithm=hashes.SHA256(), length=32, salt=b\"flowfile-secrets-v1\",\n"
    "             info=f\"user-{uid}\".encode()).derive(master.encode())\n"
    "    return base64.urlsafe_b64encode(d)\n";

TEST(Envelope, RoundTripAndFormat) {
  std::string master = GenerateFernetKey();
  std::string sealed = SealSecret(master, 7, "p@ss word");
  EXPECT_EQ(sealed.rfind("$ffsec$1$7$", 0), 0u);
  EXPECT_EQ(OpenSecret(master, sealed).Reveal(), "p@ss word");
  EXPECT_THROW(OpenSecret(GenerateFernetKey(), sealed), Error);
  EXPECT_THROW(OpenSecret(master, "$ffsec$1$x$abc"), Error);
  // Legacy: a bare token under the master key itself.
  EXPECT_EQ(OpenSecret(master, FernetEncrypt(master, "legacy")).Reveal(), "legacy");
}

TEST(Envelope, PythonDecryptsWhatWeSeal) {
  std::string master = GenerateFernetKey();
  std::string sealed = SealSecret(master, 1, "from-c++ \xc3\xa9");
  std::string code = std::string(kPythonUserKey) +
                     "m, env = os.environ[\"FF_MASTER\"], os.environ[\"FF_ENVELOPE\"]\n"
                     "_, tag, ver, uid, token = env.split(\"$\")\n"
                     "print(Fernet(user_key(m, int(uid))).decrypt(token.encode()).decode())\n";
  EXPECT_EQ(RunPython(code, {{"FF_MASTER", master}, {"FF_ENVELOPE", sealed}}), "from-c++ \xc3\xa9");
}

TEST(Envelope, WeDecryptWhatPythonSeals) {
  std::string master = GenerateFernetKey();
  std::string code = std::string(kPythonUserKey) +
                     "m = os.environ[\"FF_MASTER\"]\n"
                     "t = Fernet(user_key(m, 1)).encrypt(\"from-python\".encode()).decode()\n"
                     "print(\"$ffsec$1$1$\" + t)\n";
  std::string sealed = RunPython(code, {{"FF_MASTER", master}});
  EXPECT_EQ(OpenSecret(master, sealed).Reveal(), "from-python");
}

}  // namespace
}  // namespace ff::crypto
