// The storage module: opens the local object store (blobs in DIR/blobs, metadata in
// DIR/meta/storage.db) and offers it to later modules as storage::ObjectStore. Multipart
// uploads idle for SLUICE_ABANDONED_UPLOAD_HOURS (default 168, 0 = never) are aborted.
#include <algorithm>
#include <cstdlib>
#include <string>

#include "cli/module.h"
#include "storage/local/local_object_store.h"

namespace sluice::cli {
namespace {

class StorageModule final : public ServiceModule {
 public:
  std::string_view name() const override { return "storage"; }

  Status Start(ServerContext& context) override {
    storage::LocalStoreOptions options;
    options.data_dir = context.settings.data_dir;
    options.clock = context.clock;
    if (const char* hours = std::getenv("SLUICE_ABANDONED_UPLOAD_HOURS")) {
      char* end = nullptr;
      double value = std::strtod(hours, &end);
      if (end == hours || *end != '\0' || value < 0) {
        return InvalidArgument("SLUICE_ABANDONED_UPLOAD_HOURS must be a non-negative number of hours");
      }
      options.abandoned_upload_micros = static_cast<int64_t>(value * 3600e6);
    }
    // Look for abandoned uploads ten times per expiry period, at most hourly, at least each second.
    if (options.abandoned_upload_micros > 0) {
      options.maintenance_interval_micros =
          std::clamp<int64_t>(options.abandoned_upload_micros / 10, 1000000, options.maintenance_interval_micros);
    }
    ASSIGN_OR_RETURN(store_, storage::LocalObjectStore::Open(options));
    context.Provide<storage::ObjectStore>(store_.get());
    return Status::Ok();
  }

  void Stop() override {
    if (store_) store_->Close();
  }

 private:
  std::unique_ptr<storage::LocalObjectStore> store_;
};

const ModuleRegistration kRegistration(10, [] { return std::make_unique<StorageModule>(); });

}  // namespace
}  // namespace sluice::cli
