// AWS credentials: an access key id (not secret) with its secret key and an optional
// session token (STS), both ff::Secret so they are wiped and never printed.
#pragma once

#include <string>

#include "flowfile/secret.hpp"

namespace ff::cloud {

struct AwsCredentials {
  std::string access_key_id;
  Secret secret_access_key;
  Secret session_token;  //!< empty for long-term keys

  //! No access key: requests go out unsigned (public buckets, emulators).
  bool anonymous() const { return access_key_id.empty(); }
  AwsCredentials Clone() const {
    return {access_key_id, secret_access_key.Clone(), session_token.Clone()};
  }
};

}  // namespace ff::cloud
