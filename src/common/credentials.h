// Access keys as the SigV4 verifier sees them, behind an interface so that http does not
// depend on where keys are stored (meta/access_key_store implements it over SQLite).
//
// Thread safety: implementations must be thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sluice {

struct Credential {
  std::string access_key_id;
  std::string secret_access_key;
  std::string account_id;
  std::string user_name;
};

class CredentialStore {
 public:
  virtual ~CredentialStore() = default;
  // The active key with this id, or nullopt.
  virtual std::optional<Credential> Find(std::string_view access_key_id) const = 0;
};

}  // namespace sluice
