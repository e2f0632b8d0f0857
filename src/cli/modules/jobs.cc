// The jobs module: opens the jobs store (DIR/meta/jobs.db), starts the job runner (which
// settles the runs a killed server left unfinished), adds the Glue job, job run and bookmark
// operations to the shared Glue service and the console's job endpoints to the router. Runs
// read and write objects through the object store and tables through the catalog.
#include <fmt/format.h>

#include "catalog/catalog.h"
#include "cli/module.h"
#include "common/file.h"
#include "jobs/api/jobs_api.h"
#include "jobs/job_store.h"
#include "jobs/runner/job_runner.h"
#include "storage/object_store.h"

namespace sluice::cli {
namespace {

class JobsModule final : public ServiceModule {
 public:
  std::string_view name() const override { return "jobs"; }

  Status Start(ServerContext& context) override {
    auto* objects = context.Find<storage::ObjectStore>();
    if (objects == nullptr) return FailedPrecondition("jobs need the storage module");
    const ServeSettings& settings = context.settings;
    ASSIGN_OR_RETURN(store_, jobs::JobStore::Open(JoinPath(settings.data_dir, "meta/jobs.db"), context.clock));
    jobs::JobRunner::Dependencies deps;
    deps.store = store_.get();
    deps.work = context.work;
    deps.objects = objects;
    deps.catalog = context.Find<catalog::Catalog>();
    deps.logs = context.logs;
    deps.metrics = context.metrics;
    deps.events = context.events;
    deps.clock = context.clock;
    jobs::JobRunner::Options options;
    options.account_id = settings.account_id;
    options.region = settings.region;
    options.data_dir = settings.data_dir;
    std::string host = settings.listen_host;
    if (host.empty() || host == "0.0.0.0") host = "127.0.0.1";
    if (host == "::") host = "::1";
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    options.endpoint_url = fmt::format("http://{}:{}", host, settings.listen_port);
    options.access_key_id = settings.root_access_key;
    options.secret_access_key = settings.root_secret_key;
    options.time_scale = settings.time_scale;
    runner_ = std::make_unique<jobs::JobRunner>(deps, options);
    RETURN_IF_ERROR(runner_->Start());
    jobs::JobsApi api{store_.get(), runner_.get(), objects, deps.catalog};
    jobs::RegisterJobsApi(*context.glue, api);
    jobs::RegisterConsoleEndpoints(*context.router, api, settings.account_id);
    return Status::Ok();
  }

  void Stop() override {
    if (runner_) runner_->Stop();
  }

 private:
  std::unique_ptr<jobs::JobStore> store_;
  std::unique_ptr<jobs::JobRunner> runner_;
};

const ModuleRegistration kRegistration(50, [] { return std::make_unique<JobsModule>(); });

}  // namespace
}  // namespace sluice::cli
