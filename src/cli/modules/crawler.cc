// The crawler module: opens the crawler store (DIR/meta/crawlers.db), starts the crawler
// service (which ends crawls a killed server left running and arms schedules) and adds the
// crawler and classifier operations to the shared Glue service. Crawls read S3 targets through
// the object store and write tables through the catalog.
#include "catalog/catalog.h"
#include "cli/module.h"
#include "common/file.h"
#include "crawler/api/crawler_api.h"
#include "crawler/crawler_service.h"
#include "crawler/crawler_store.h"
#include "storage/object_store.h"

namespace sluice::cli {
namespace {

class CrawlerModule final : public ServiceModule {
 public:
  std::string_view name() const override { return "crawler"; }

  Status Start(ServerContext& context) override {
    auto* catalog = context.Find<catalog::Catalog>();
    if (catalog == nullptr) return FailedPrecondition("the crawler needs the catalog module");
    ASSIGN_OR_RETURN(store_, crawler::CrawlerStore::Open(JoinPath(context.settings.data_dir, "meta/crawlers.db"),
                                                         context.clock));
    crawler::CrawlerService::Dependencies deps;
    deps.store = store_.get();
    deps.catalog = catalog;
    deps.objects = context.Find<storage::ObjectStore>();
    deps.work = context.work;
    deps.logs = context.logs;
    deps.metrics = context.metrics;
    deps.events = context.events;
    deps.clock = context.clock;
    crawler::CrawlerService::Options options;
    options.catalog_id = context.settings.account_id;
    options.time_scale = context.settings.time_scale;
    service_ = std::make_unique<crawler::CrawlerService>(deps, options);
    RETURN_IF_ERROR(service_->Start());
    crawler::RegisterCrawlerOperations(*context.glue, store_.get(), service_.get(), context.clock);
    crawler::RegisterClassifierOperations(*context.glue, store_.get());
    return Status::Ok();
  }

  void Stop() override {
    if (service_) service_->Stop();
  }

 private:
  std::unique_ptr<crawler::CrawlerStore> store_;
  std::unique_ptr<crawler::CrawlerService> service_;
};

const ModuleRegistration kRegistration(40, [] { return std::make_unique<CrawlerModule>(); });

}  // namespace
}  // namespace sluice::cli
