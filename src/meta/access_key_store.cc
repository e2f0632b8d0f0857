// Access keys: see access_key_store.h.
#include "meta/access_key_store.h"

#include "common/clock.h"
#include "common/crypto.h"

namespace sluice::meta {

namespace {
// Schema of auth.db; see docs/formats/metadata.md. Never edit a released migration.
constexpr Migration kMigrations[] = {
    {1, R"sql(
      CREATE TABLE access_keys (
        access_key_id     TEXT PRIMARY KEY,
        secret_access_key TEXT NOT NULL,
        account_id        TEXT NOT NULL,
        user_name         TEXT NOT NULL,
        created_micros    INTEGER NOT NULL
      );
    )sql"},
};

std::string RandomFrom(std::string_view alphabet, size_t length) {
  std::string bytes = RandomBytes(length);
  std::string out(length, ' ');
  for (size_t i = 0; i < length; ++i) out[i] = alphabet[static_cast<unsigned char>(bytes[i]) % alphabet.size()];
  return out;
}
}  // namespace

Result<std::unique_ptr<AccessKeyStore>> AccessKeyStore::Open(const std::string& path) {
  ASSIGN_OR_RETURN(auto db, Database::Open(path, kMigrations));
  std::unique_ptr<AccessKeyStore> store(new AccessKeyStore(std::move(db)));
  RETURN_IF_ERROR(store->Load());
  return store;
}

Status AccessKeyStore::Load() {
  std::map<std::string, Credential, std::less<>> keys;
  RETURN_IF_ERROR(db_->Read([&](Transaction& txn) {
    auto rows = txn.Query("SELECT access_key_id, secret_access_key, account_id, user_name FROM access_keys");
    while (rows.Next()) {
      Credential c{rows.Text(0), rows.Text(1), rows.Text(2), rows.Text(3)};
      keys.emplace(c.access_key_id, c);
    }
    return rows.status();
  }));
  std::lock_guard lock(mutex_);
  keys_ = std::move(keys);
  loaded_micros_ = MonotonicMicros();
  return Status::Ok();
}

void AccessKeyStore::ReloadIfStale() const {
  {
    std::lock_guard lock(mutex_);
    if (MonotonicMicros() - loaded_micros_ < 2'000'000) return;
  }
  // A failed reload keeps the previous keys: better than refusing everyone.
  const_cast<AccessKeyStore*>(this)->Load().IgnoreError();
}

Status AccessKeyStore::Put(const Credential& credential) {
  RETURN_IF_ERROR(db_->Write([&](Transaction& txn) {
    return txn.Exec(
        "INSERT INTO access_keys (access_key_id, secret_access_key, account_id, user_name, created_micros) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (access_key_id) DO UPDATE SET secret_access_key = excluded.secret_access_key, "
        "account_id = excluded.account_id, user_name = excluded.user_name",
        credential.access_key_id, credential.secret_access_key, credential.account_id, credential.user_name,
        NowMicros());
  }));
  std::lock_guard lock(mutex_);
  keys_[credential.access_key_id] = credential;
  return Status::Ok();
}

Result<Credential> AccessKeyStore::Create(const std::string& user_name, const std::string& account_id) {
  Credential credential;
  credential.access_key_id = "AKIA" + RandomFrom("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
  credential.secret_access_key =
      RandomFrom("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40);
  credential.account_id = account_id;
  credential.user_name = user_name;
  RETURN_IF_ERROR(Put(credential));
  return credential;
}

Status AccessKeyStore::Delete(const std::string& access_key_id) {
  bool found = false;
  RETURN_IF_ERROR(db_->Write([&](Transaction& txn) {
    RETURN_IF_ERROR(txn.Exec("DELETE FROM access_keys WHERE access_key_id = ?", access_key_id));
    found = txn.changes() > 0;
    return Status::Ok();
  }));
  if (!found) return NotFound("no access key " + access_key_id);
  std::lock_guard lock(mutex_);
  keys_.erase(access_key_id);
  return Status::Ok();
}

std::vector<Credential> AccessKeyStore::List() const {
  ReloadIfStale();
  std::lock_guard lock(mutex_);
  std::vector<Credential> out;
  for (const auto& [id, credential] : keys_) out.push_back(credential);
  return out;
}

std::optional<Credential> AccessKeyStore::Find(std::string_view access_key_id) const {
  ReloadIfStale();
  std::lock_guard lock(mutex_);
  auto it = keys_.find(access_key_id);
  if (it == keys_.end()) return std::nullopt;
  return it->second;
}

}  // namespace sluice::meta
