// Access keys for SigV4, kept in DIR/meta/auth.db and cached in memory for the per-request
// lookup. The root key pair comes from the server's configuration and is (re)written at start;
// further keys can be created and deleted (`sluice keys ...`, another process): the cache is
// reloaded when it is more than two seconds old, so such changes reach a running server.
//
// Thread safety: thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/credentials.h"
#include "meta/database.h"

namespace sluice::meta {

class AccessKeyStore final : public CredentialStore {
 public:
  // Opens (creating) the auth database at `path`.
  static Result<std::unique_ptr<AccessKeyStore>> Open(const std::string& path);

  // Creates or replaces the key with this id.
  Status Put(const Credential& credential);
  // Creates a key with a random id ("AKIA" + 16 characters) and secret (40 characters).
  Result<Credential> Create(const std::string& user_name, const std::string& account_id);
  // NotFound when there is no such key.
  Status Delete(const std::string& access_key_id);
  std::vector<Credential> List() const;

  std::optional<Credential> Find(std::string_view access_key_id) const override;

 private:
  explicit AccessKeyStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}
  Status Load();
  void ReloadIfStale() const;

  std::unique_ptr<Database> db_;
  mutable std::mutex mutex_;
  std::map<std::string, Credential, std::less<>> keys_;  // guarded by mutex_
  int64_t loaded_micros_ = 0;                            // guarded by mutex_ (monotonic)
};

}  // namespace sluice::meta
