// Flowfile's $ffsec$1$ envelopes, and interoperability with Python's `cryptography`
// (what the original Flowfile uses), in both directions.
#include "crypto/envelope.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <vector>

#include "crypto/fernet.hpp"
#include "flowfile/errors.hpp"
#include "scoped_env.hpp"

namespace ff::crypto {
namespace {

constexpr const char* kSpecKey = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";

// Run Debian's python3 with `code` (which must not contain a single quote). Inputs travel
// in environment variables, restored afterwards; they are test data, never real credentials.
std::string RunPython(const std::string& code, const std::map<std::string, std::string>& env) {
  EXPECT_EQ(code.find('\''), std::string::npos);
  std::vector<std::unique_ptr<test_support::ScopedEnv>> scoped;
  for (const auto& [name, value] : env)
    scoped.push_back(std::make_unique<test_support::ScopedEnv>(name, value));
  std::string command = "/usr/bin/python3 -c '" + code + "'";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  if (pipe != nullptr) {
    std::array<char, 4096> buffer{};
    while (size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
      out.append(buffer.data(), n);
    int status = ::pclose(pipe);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "python failed: " << out;
  } else {
    ADD_FAILURE() << "cannot start /usr/bin/python3";
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// The per-user key as the original Flowfile computes it, in Python.
constexpr const char* kPythonUserKey =
    "import base64, os, sys\n"
    "from cryptography.fernet import Fernet\n"
    "from cryptography.hazmat.primitives import hashes\n"
    "from cryptography.hazmat.primitives.kdf.hkdf import HKDF\n"
    "def user_key(master, uid):\n"
    "    d = HKDF(algorithm=hashes.SHA256(), length=32, salt=b\"flowfile-secrets-v1\",\n"
    "             info=f\"user-{uid}\".encode()).derive(master.encode())\n"
    "    return base64.urlsafe_b64encode(d)\n";

TEST(Envelope, UserKeyMatchesFlowfilesDerivation) {
  // Known answers from Python's cryptography HKDF over the key *text*.
  EXPECT_EQ(DeriveUserKey(kSpecKey, 1).Reveal(), "-c94BnlcGuAap86hockfNAoiUkZyY7edTbQTaBTcT8s=");
  EXPECT_EQ(DeriveUserKey(kSpecKey, 42).Reveal(), "IC5H9dK5xjL-EwhB4KjJBot9kqF89u-Lh1ik6vECLmo=");
  EXPECT_THROW(DeriveUserKey(kSpecKey, -1), Error);
}

TEST(Envelope, RoundTripAndFormat) {
  std::string master = GenerateFernetKey();
  std::string sealed = SealSecret(master, 7, "p@ss word");
  EXPECT_EQ(sealed.rfind("$ffsec$1$7$", 0), 0u);
  EXPECT_EQ(sealed.find("p@ss"), std::string::npos);
  EXPECT_EQ(OpenSecret(master, sealed).Reveal(), "p@ss word");
  EXPECT_EQ(OpenSecret(master, SealSecret(master, 0, "")).Reveal(), "");
  EXPECT_NE(SealSecret(master, 7, "same"), SealSecret(master, 7, "same"));  // random IVs
  // The token is bound to its user: another user's id derives another key.
  std::string other_user = "$ffsec$1$8$" + sealed.substr(std::string("$ffsec$1$7$").size());
  EXPECT_THROW(OpenSecret(master, other_user), Error);
  EXPECT_THROW(OpenSecret(GenerateFernetKey(), sealed), Error);  // wrong master key
  EXPECT_THROW(SealSecret("not a key", 1, "x"), Error);
  // Legacy: a bare token under the master key itself.
  EXPECT_EQ(OpenSecret(master, FernetEncrypt(master, "legacy")).Reveal(), "legacy");
}

TEST(Envelope, MalformedEnvelopesAreNamed) {
  std::string master = GenerateFernetKey();
  std::string token = FernetEncrypt(DeriveUserKey(master, 1).Reveal(), "x");
  auto code_of = [&](const std::string& envelope) {
    try {
      OpenSecret(master, envelope);
    } catch (const Error& e) {
      return e.code();
    }
    ADD_FAILURE() << "accepted " << envelope;
    return ErrorCode::kInternal;
  };
  EXPECT_EQ(code_of("$ffsec$1$x$" + token), ErrorCode::kCrypto);
  EXPECT_EQ(code_of("$ffsec$1$$" + token), ErrorCode::kCrypto);
  EXPECT_EQ(code_of("$ffsec$1$1" + token), ErrorCode::kCrypto);  // no '$' after the id
  EXPECT_EQ(code_of("$ffsec$1$99999999999999999999$" + token), ErrorCode::kCrypto);
  EXPECT_EQ(code_of("$ffsec$2$1$" + token), ErrorCode::kUnsupported);
  EXPECT_EQ(code_of("garbage"), ErrorCode::kCrypto);
  EXPECT_EQ(OpenSecret(master, "$ffsec$1$1$" + token).Reveal(), "x");
}

TEST(Envelope, PythonDecryptsWhatWeSeal) {
  std::string master = GenerateFernetKey();
  std::string sealed = SealSecret(master, 3, "from-c++ \xc3\xa9");
  std::string code = std::string(kPythonUserKey) +
                     "m, env = os.environ[\"FF_TEST_MASTER\"], os.environ[\"FF_TEST_ENVELOPE\"]\n"
                     "_, tag, ver, uid, token = env.split(\"$\")\n"
                     "assert (tag, ver) == (\"ffsec\", \"1\")\n"
                     "out = Fernet(user_key(m, int(uid))).decrypt(token.encode())\n"
                     "sys.stdout.write(uid + \":\" + out.decode())\n";
  EXPECT_EQ(RunPython(code, {{"FF_TEST_MASTER", master}, {"FF_TEST_ENVELOPE", sealed}}),
            "3:from-c++ \xc3\xa9");
}

TEST(Envelope, WeDecryptWhatPythonSeals) {
  std::string master = GenerateFernetKey();
  std::string code = std::string(kPythonUserKey) +
                     "m = os.environ[\"FF_TEST_MASTER\"]\n"
                     "plain = os.environ[\"FF_TEST_PLAIN\"].encode()\n"
                     "print(\"$ffsec$1$5$\" + Fernet(user_key(m, 5)).encrypt(plain).decode())\n"
                     "print(Fernet(m.encode()).encrypt(plain).decode())\n";  // legacy form
  std::string out = RunPython(code, {{"FF_TEST_MASTER", master}, {"FF_TEST_PLAIN", "from-py $x"}});
  size_t newline = out.find('\n');
  ASSERT_NE(newline, std::string::npos) << out;
  EXPECT_EQ(OpenSecret(master, out.substr(0, newline)).Reveal(), "from-py $x");
  EXPECT_EQ(OpenSecret(master, out.substr(newline + 1)).Reveal(), "from-py $x");
}

}  // namespace
}  // namespace ff::crypto
