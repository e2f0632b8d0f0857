// `sluice job run JOB.json [--data-dir DIR] [--argument KEY=VALUE ...] [--validate]`: runs a
// visual job definition without a server, for a fast local loop. JOB.json is what
// `aws glue get-job` prints ({"Job": {...}}), a Job or CreateJob document, or a bare
// CodeGenConfigurationNodes map. S3 paths resolve in DIR's object store and catalog nodes in
// its Data Catalog (the same data a server on DIR serves; the server must not be running).
// Progress is shown while the job runs, the run summary at the end; with --validate the job is
// only checked and every node's output schema printed. Exit status 0 when the run succeeded.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "catalog/catalog.h"
#include "cli/command.h"
#include "common/clock.h"
#include "common/file.h"
#include "common/ids.h"
#include "common/json.h"
#include "jobs/compiler/visual_job.h"
#include "jobs/job_definition.h"
#include "jobs/job_run.h"
#include "storage/local/local_object_store.h"

namespace sluice::cli {
namespace {

namespace json = boost::json;

struct JobRunFlags {
  std::string job_file;
  std::string data_dir = "./sluice-data";
  std::vector<std::string> arguments;  // KEY=VALUE
  bool validate = false;
  std::string account_id = "000000000000";
};

void Fail(const Status& status) {
  std::fprintf(stderr, "sluice job run: %s\n", status.message().c_str());
  SetExitCode(1);
}

// The job document inside what JOB.json holds.
Result<jobs::JobDefinition> ReadJob(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  ASSIGN_OR_RETURN(json::value parsed, ParseJson(text));
  if (!parsed.is_object()) return InvalidArgument(path + ": expected a JSON object");
  json::object object = parsed.get_object();
  if (const json::object* job = GetObject(object, "Job")) object = *job;
  jobs::JobDefinition job;
  job.name = std::string(GetString(object, "Name").value_or(""));
  if (!GetObject(object, "CodeGenConfigurationNodes") && !GetObject(object, "Command")) {
    // A bare node map.
    job.document["CodeGenConfigurationNodes"] = object;
  } else {
    job.document = object;
  }
  if (job.name.empty()) {
    std::string base = path.substr(path.rfind('/') + 1);
    job.name = base.substr(0, base.find('.'));
  }
  return job;
}

std::string Count(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Prints what the sources read and the targets wrote, every half second, on one line.
class ProgressDisplay {
 public:
  explicit ProgressDisplay(bool tty) : tty_(tty), started_(MonotonicMicros()) {}
  ~ProgressDisplay() { StopPrinting(); }

  void Start(std::vector<jobs::NodeProgress> nodes) {
    nodes_ = std::move(nodes);
    if (!tty_) return;
    thread_ = std::thread([this] {
      std::unique_lock<std::mutex> lock(mutex_);
      while (!done_) {
        wake_.wait_for(lock, std::chrono::milliseconds(500));
        if (!done_) Print();
      }
    });
  }
  void StopPrinting() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (done_) return;
      done_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    if (tty_ && !nodes_.empty()) std::fprintf(stderr, "\r\033[K");
  }

 private:
  void Print() {
    int64_t read = 0, bytes = 0, written = 0;
    for (const auto& node : nodes_) {
      if (node.read) {
        read += node.read->records.load();
        bytes += node.read->bytes.load();
      }
      if (node.write) written += node.write->records.load();
    }
    double seconds = static_cast<double>(MonotonicMicros() - started_) / 1e6;
    std::fprintf(stderr, "\r\033[K[%6.1fs] read %s records (%.1f MiB) · written %s records", seconds,
                 Count(read).c_str(), static_cast<double>(bytes) / (1 << 20), Count(written).c_str());
    std::fflush(stderr);
  }

  const bool tty_;
  const int64_t started_;
  std::vector<jobs::NodeProgress> nodes_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
};

Status RunJob(const JobRunFlags& flags) {
  ASSIGN_OR_RETURN(jobs::JobDefinition job, ReadJob(flags.job_file));
  if (job.is_python_shell()) {
    return InvalidArgument("Python shell jobs call back the AWS APIs; start them on a server (aws glue start-job-run)");
  }
  const json::object* nodes = job.nodes();
  if (nodes == nullptr) return InvalidArgument("the job has no CodeGenConfigurationNodes");

  RETURN_IF_ERROR(CreateDirectories(JoinPath(flags.data_dir, "meta")));
  std::string lock_path = JoinPath(flags.data_dir, "sluice.lock");
  int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd < 0) return ErrnoError("opening " + lock_path, errno);
  if (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(lock_fd);
    return FailedPrecondition(fmt::format(
        "a Sluice server is using {}; run the job through it (aws glue start-job-run) or stop it first",
        flags.data_dir));
  }
  storage::LocalStoreOptions store_options;
  store_options.data_dir = flags.data_dir;
  ASSIGN_OR_RETURN(auto store, storage::LocalObjectStore::Open(store_options));
  ASSIGN_OR_RETURN(auto catalog,
                   catalog::Catalog::Open(JoinPath(flags.data_dir, "meta/catalog.db"), &SystemClock::Get()));
  jobs::VisualJobServices services{store.get(), catalog.get(), flags.account_id};

  jobs::Arguments run_arguments;
  for (const auto& pair : flags.arguments) {
    size_t equals = pair.find('=');
    if (equals == std::string::npos) return InvalidArgument(fmt::format("--argument '{}': expected KEY=VALUE", pair));
    std::string key = pair.substr(0, equals);
    if (key.rfind("--", 0) != 0) key = "--" + key;
    run_arguments[key] = pair.substr(equals + 1);
  }
  jobs::Arguments arguments = jobs::EffectiveArguments(job, run_arguments);

  if (flags.validate) {
    ASSIGN_OR_RETURN(jobs::BuiltGraph built, jobs::ValidateVisualJob(*nodes, services, arguments));
    for (const auto& report : built.nodes) {
      std::printf("%s %s \"%s\"\n", report.header.id.c_str(), report.header.type.c_str(), report.header.name.c_str());
      if (!report.error.empty()) std::printf("    error: %s\n", report.error.c_str());
      for (size_t f = 0; f < report.frames.size(); ++f) {
        if (report.frames.size() > 1) std::printf("    frame %zu:\n", f);
        for (const auto& field : report.frames[f]->fields()) {
          std::printf("    %s: %s\n", field.name.c_str(), field.type->ToGlueType().c_str());
        }
      }
      if (report.data_dependent) std::printf("    (columns may be left out at run time)\n");
    }
    store->Close();
    ::close(lock_fd);
    return built.status;
  }

  jobs::RunControl control;
  ProgressDisplay progress(::isatty(STDERR_FILENO) != 0);
  jobs::VisualRun run;
  run.run_id = jobs::NewJobRunId();
  run.arguments = arguments;
  run.start_micros = NowMicros();
  run.control = &control;
  run.log = [&](const std::string& line) {
    if (line.rfind("Running ", 0) == 0) std::fprintf(stderr, "%s\n", line.c_str());
  };
  run.on_started = [&](const std::vector<jobs::NodeProgress>& nodes) { progress.Start(nodes); };
  std::fprintf(stderr, "Running job %s as %s\n", job.name.c_str(), run.run_id.c_str());
  auto result = jobs::RunVisualJob(*nodes, services, run);
  progress.StopPrinting();
  store->Close();
  ::close(lock_fd);
  if (!result.ok()) return result.status();
  for (const auto& line : result->Lines()) std::printf("%s\n", line.c_str());
  return Status::Ok();
}

const CommandRegistration kRegistration(40, [](CLI::App& app) {
  auto flags = std::make_shared<JobRunFlags>();
  CLI::App* job = app.add_subcommand("job", "Run Glue visual jobs locally");
  job->require_subcommand(1);
  CLI::App* run = job->add_subcommand("run", "Run a visual job definition (JSON) against a data dir, without a server");
  run->add_option("JOB.json", flags->job_file, "The job: aws glue get-job output, a Job document or a node map")
      ->required()
      ->check(CLI::ExistingFile);
  run->add_option("--data-dir", flags->data_dir, "Where objects and the catalog live")
      ->envname("SLUICE_DATA_DIR")
      ->capture_default_str();
  run->add_option("--argument,-a", flags->arguments, "A run argument KEY=VALUE (repeatable); --KEY or KEY");
  run->add_flag("--validate", flags->validate, "Check the job and print each node's output schema; run nothing");
  run->add_option("--account-id", flags->account_id, "Catalog id of the Data Catalog")->capture_default_str();
  run->callback([flags] {
    Status status = RunJob(*flags);
    if (!status.ok()) Fail(status);
  });
});

}  // namespace
}  // namespace sluice::cli
