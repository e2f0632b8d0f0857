// `sluice keys create|list|delete`: manages the access keys SigV4 accepts, in the data dir's
// auth database (the root pair is rewritten from the configuration each time the server starts).
#include <cstdio>

#include <fmt/format.h>

#include "cli/command.h"
#include "common/file.h"
#include "meta/access_key_store.h"

namespace sluice::cli {
namespace {

struct KeysFlags {
  std::string data_dir = "./sluice-data";
  std::string user = "user";
  std::string account_id = "000000000000";
  std::string access_key_id;
};

Result<std::unique_ptr<meta::AccessKeyStore>> OpenStore(const KeysFlags& flags) {
  RETURN_IF_ERROR(CreateDirectories(JoinPath(flags.data_dir, "meta")));
  return meta::AccessKeyStore::Open(JoinPath(flags.data_dir, "meta/auth.db"));
}

void Fail(const Status& status) {
  std::fprintf(stderr, "sluice keys: %s\n", status.message().c_str());
  SetExitCode(1);
}

const CommandRegistration kRegistration(80, [](CLI::App& app) {
  auto flags = std::make_shared<KeysFlags>();
  CLI::App* keys = app.add_subcommand("keys", "Manage the access keys the server accepts");
  keys->require_subcommand(1);
  keys->add_option("--data-dir", flags->data_dir, "The server's data dir")
      ->envname("SLUICE_DATA_DIR")
      ->capture_default_str();

  CLI::App* create = keys->add_subcommand("create", "Create a key pair and print it");
  create->add_option("--user", flags->user, "Name recorded with the key")->capture_default_str();
  create->add_option("--account-id", flags->account_id, "Account the key belongs to")->capture_default_str();
  create->callback([flags] {
    auto store = OpenStore(*flags);
    if (!store.ok()) return Fail(store.status());
    auto key = (*store)->Create(flags->user, flags->account_id);
    if (!key.ok()) return Fail(key.status());
    std::printf("AWS_ACCESS_KEY_ID=%s\nAWS_SECRET_ACCESS_KEY=%s\n", key->access_key_id.c_str(),
                key->secret_access_key.c_str());
  });

  CLI::App* list = keys->add_subcommand("list", "List access key ids and their users");
  list->callback([flags] {
    auto store = OpenStore(*flags);
    if (!store.ok()) return Fail(store.status());
    for (const auto& key : (*store)->List()) {
      std::printf("%s\t%s\t%s\n", key.access_key_id.c_str(), key.user_name.c_str(), key.account_id.c_str());
    }
  });

  CLI::App* remove = keys->add_subcommand("delete", "Delete an access key");
  remove->add_option("access-key-id", flags->access_key_id, "The key to delete")->required();
  remove->callback([flags] {
    auto store = OpenStore(*flags);
    if (!store.ok()) return Fail(store.status());
    Status status = (*store)->Delete(flags->access_key_id);
    if (!status.ok()) Fail(status);
  });
});

}  // namespace
}  // namespace sluice::cli
