// The jobs module: opens the jobs store (DIR/meta/jobs.db), starts the job runner (which
// settles the runs a killed server left unfinished), adds the Glue job, job run and bookmark
// operations to the shared Glue service and the console's job endpoints to the router. Runs
// read and write objects through the object store and tables through the catalog. It also
// provides states::GlueJobRunner, so Step Functions' glue:startJobRun(.sync) starts and watches
// runs on this runner directly (order 50, before the states module at 60).
#include <fmt/format.h>

#include "catalog/api/glue_model.h"
#include "catalog/catalog.h"
#include "cli/module.h"
#include "common/file.h"
#include "jobs/api/jobs_api.h"
#include "jobs/job_store.h"
#include "jobs/runner/job_runner.h"
#include "states/integrations/glue_job_runner.h"
#include "storage/object_store.h"

namespace sluice::cli {
namespace {

// glue:startJobRun for Step Functions: the same checks and answers as the Glue operations
// (requests are validated against the Glue model first), without going through JSON text.
// Thread-safe: the store and runner are.
class DirectGlueJobRunner final : public states::GlueJobRunner {
 public:
  DirectGlueJobRunner(jobs::JobStore* store, jobs::JobRunner* runner) : store_(store), runner_(runner) {}

  Result<boost::json::value> StartJobRun(const boost::json::object& request) override {
    RETURN_IF_ERROR(catalog::GlueModel::Get().ValidateInput("StartJobRun", request));
    ASSIGN_OR_RETURN(jobs::JobRun run, runner_->StartRun(request));
    return boost::json::object{{"JobRunId", run.id}};
  }

  Result<boost::json::object> GetJobRun(const std::string& job_name, const std::string& run_id) override {
    RETURN_IF_ERROR(store_->GetJob(job_name).status());
    ASSIGN_OR_RETURN(jobs::JobRun run, store_->GetRun(job_name, run_id));
    return jobs::JobRunToJson(run);
  }

  Status StopJobRun(const std::string& job_name, const std::string& run_id) override {
    return runner_->StopRun(job_name, run_id);
  }

 private:
  jobs::JobStore* store_;
  jobs::JobRunner* runner_;
};

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
    states_runner_ = std::make_unique<DirectGlueJobRunner>(store_.get(), runner_.get());
    context.Provide<states::GlueJobRunner>(states_runner_.get());
    return Status::Ok();
  }

  void Stop() override {
    if (runner_) runner_->Stop();
  }

 private:
  std::unique_ptr<jobs::JobStore> store_;
  std::unique_ptr<jobs::JobRunner> runner_;
  std::unique_ptr<DirectGlueJobRunner> states_runner_;
};

const ModuleRegistration kRegistration(50, [] { return std::make_unique<JobsModule>(); });

}  // namespace
}  // namespace sluice::cli
