// `sluice serve`: runs the server on one port for every service until SIGINT or SIGTERM, then
// shuts down gracefully (in-flight requests finish, running work is recorded) and exits 0.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/command.h"
#include "cli/module.h"
#include "common/file.h"
#include "common/logging.h"
#include "common/thread_pool.h"
#include "http/router.h"
#include "http/server.h"
#include "meta/access_key_store.h"
#include "monitoring/endpoints.h"
#include "monitoring/logs_api.h"

namespace sluice::cli {
namespace {

struct ServeFlags {
  std::string data_dir = "./sluice-data";
  std::string listen = "127.0.0.1:4566";
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  std::string public_host = "localhost";
  std::string log_level = "info";
  bool access_log = true;
  size_t worker_threads = 0;
  size_t max_connections = 4096;
  int idle_timeout = 75;
  double time_scale = 1.0;
  std::string root_access_key = "sluice";
  std::string root_secret_key = "sluicesecret";
};

Status ParseListen(const std::string& listen, std::string* host, uint16_t* port) {
  size_t colon = listen.rfind(':');
  std::string host_part = colon == std::string::npos ? "127.0.0.1" : listen.substr(0, colon);
  std::string port_part = colon == std::string::npos ? listen : listen.substr(colon + 1);
  if (host_part.empty()) host_part = "127.0.0.1";
  if (host_part.size() > 2 && host_part.front() == '[' && host_part.back() == ']') {
    host_part = host_part.substr(1, host_part.size() - 2);
  }
  int value = -1;
  try {
    size_t used = 0;
    value = std::stoi(port_part, &used);
    if (used != port_part.size()) value = -1;
  } catch (...) {
  }
  if (value < 0 || value > 65535) return InvalidArgument(fmt::format("--listen '{}': expected HOST:PORT", listen));
  *host = host_part;
  *port = static_cast<uint16_t>(value);
  return Status::Ok();
}

// Holds an exclusive lock on DIR/sluice.lock so that two servers never share a data dir.
Result<int> LockDataDir(const std::string& data_dir) {
  std::string path = JoinPath(data_dir, "sluice.lock");
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("opening " + path, errno);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return FailedPrecondition(fmt::format("another Sluice process is using the data dir {}", data_dir));
  }
  return fd;
}

Status RunServe(const ServeFlags& flags) {
  // Signals are taken synchronously by the main thread; every thread started below inherits
  // the mask. Writes to closed sockets must not kill the process.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  RETURN_IF_ERROR(InitLogging(flags.log_level));
  ServeSettings settings;
  settings.data_dir = flags.data_dir;
  RETURN_IF_ERROR(ParseListen(flags.listen, &settings.listen_host, &settings.listen_port));
  settings.region = flags.region;
  settings.account_id = flags.account_id;
  settings.public_host = flags.public_host;
  settings.time_scale = flags.time_scale;
  settings.root_access_key = flags.root_access_key;
  settings.root_secret_key = flags.root_secret_key;
  if (settings.root_access_key.empty() || settings.root_secret_key.empty()) {
    return InvalidArgument("the root access key and secret key must not be empty");
  }
  if (!(settings.time_scale > 0)) return InvalidArgument("--time-scale must be positive");

  const std::string& dir = settings.data_dir;
  RETURN_IF_ERROR(CreateDirectories(JoinPath(dir, "meta")));
  RETURN_IF_ERROR(CreateDirectories(JoinPath(dir, "logs")));
  ASSIGN_OR_RETURN(int lock_fd, LockDataDir(dir));

  ASSIGN_OR_RETURN(auto keys, meta::AccessKeyStore::Open(JoinPath(dir, "meta/auth.db")));
  RETURN_IF_ERROR(keys->Put({settings.root_access_key, settings.root_secret_key, settings.account_id, "root"}));
  ASSIGN_OR_RETURN(auto log_store, monitoring::LogStore::Open(JoinPath(dir, "meta/logs.db"), &SystemClock::Get()));
  ASSIGN_OR_RETURN(auto event_file, JsonLinesLog::Open(JoinPath(dir, "logs/events.jsonl")));
  monitoring::EventLog events(std::move(event_file));
  std::unique_ptr<JsonLinesLog> access_log;
  if (flags.access_log) {
    ASSIGN_OR_RETURN(access_log, JsonLinesLog::Open(JoinPath(dir, "logs/access.jsonl")));
  }
  scheduler::WorkScheduler::Options work_options;
  if (flags.worker_threads > 0) work_options.threads = flags.worker_threads;
  MetricsRegistry& metrics = MetricsRegistry::Default();
  ASSIGN_OR_RETURN(auto work, scheduler::WorkScheduler::Open(JoinPath(dir, "meta/work.db"), work_options, &metrics));

  http::RouterOptions router_options;
  router_options.account_id = settings.account_id;
  router_options.region = settings.region;
  router_options.sigv4.s3_public_host = settings.public_host;
  http::Router router(router_options, keys.get(), &SystemClock::Get(), &metrics, access_log.get());
  monitoring::RegisterEndpoints(router, &metrics, &events, SLUICE_VERSION);
  auto logs_service = monitoring::MakeLogsService(log_store.get());
  router.AddJsonService(logs_service.get());
  // Answered with NotImplemented until a module registers the real service.
  router.AddPlannedJsonService("AWSGlue", "AWS Glue", "glue", "application/x-amz-json-1.1");
  router.AddPlannedJsonService("AWSStepFunctions", "AWS Step Functions", "states", "application/x-amz-json-1.0");
  router.AddPlannedJsonService("AmazonAthena", "Amazon Athena", "athena", "application/x-amz-json-1.1");
  router.AddPlannedJsonService("AWSEvents", "Amazon EventBridge", "events", "application/x-amz-json-1.1");

  http::JsonService::Options glue_options;
  glue_options.target_prefix = "AWSGlue";
  glue_options.signing_name = "glue";
  glue_options.label = "glue";
  glue_options.errors.content_type = "application/x-amz-json-1.1";
  glue_options.errors.message_key = "Message";
  http::JsonService glue(glue_options);

  ServerContext context;
  context.glue = &glue;
  context.settings = settings;
  context.router = &router;
  context.work = work.get();
  context.metrics = &metrics;
  context.logs = log_store.get();
  context.events = &events;
  context.clock = &SystemClock::Get();
  auto modules = CreateModules();
  size_t started = 0;
  Status status;
  for (; started < modules.size(); ++started) {
    status = modules[started]->Start(context);
    if (!status.ok()) {
      status = status.WithContext(fmt::format("starting {}", modules[started]->name()));
      break;
    }
  }

  if (glue.operation_count() > 0) router.AddJsonService(&glue);

  std::unique_ptr<http::Server> server;
  if (status.ok()) {
    http::ServerOptions server_options;
    server_options.host = settings.listen_host;
    server_options.port = settings.listen_port;
    server_options.max_connections = flags.max_connections;
    server_options.idle_timeout_seconds = flags.idle_timeout;
    auto started_server = http::Server::Start(server_options, &router);
    if (started_server.ok()) server = std::move(*started_server);
    else status = started_server.status();
  }

  if (status.ok()) {
    std::string host = settings.listen_host.find(':') != std::string::npos ? "[" + settings.listen_host + "]"
                                                                          : settings.listen_host;
    std::printf(
        "Sluice %s ready on http://%s:%u (data in %s; credentials AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s, "
        "region %s)\n",
        SLUICE_VERSION, host.c_str(), server->port(), dir.c_str(), settings.root_access_key.c_str(),
        settings.root_secret_key.c_str(), settings.region.c_str());
    std::fflush(stdout);
    events.Emit("server.started", {{"port", server->port()}, {"data_dir", dir}});
    int received = 0;
    sigwait(&signals, &received);
    spdlog::info("received {}, shutting down", received == SIGINT ? "SIGINT" : "SIGTERM");
    server->Shutdown();
  }

  for (size_t i = started; i-- > 0;) modules[i]->Stop();
  work->Shutdown(/*grace_seconds=*/10);
  if (status.ok()) events.Emit("server.stopped", {});
  ::close(lock_fd);
  return status;
}

const CommandRegistration kRegistration(10, [](CLI::App& app) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* serve = app.add_subcommand("serve", "Run the Sluice server (S3, Glue, Step Functions, CloudWatch Logs)");
  serve->add_option("--data-dir", flags->data_dir, "Where objects and metadata live")
      ->envname("SLUICE_DATA_DIR")
      ->capture_default_str();
  serve->add_option("--listen", flags->listen, "HOST:PORT to serve every API on")
      ->envname("SLUICE_LISTEN")
      ->capture_default_str();
  serve->add_option("--region", flags->region, "Region used in ARNs and responses")
      ->envname("SLUICE_REGION")
      ->capture_default_str();
  serve->add_option("--account-id", flags->account_id, "Account id used in ARNs")
      ->envname("SLUICE_ACCOUNT_ID")
      ->capture_default_str();
  serve->add_option("--public-host", flags->public_host,
                    "Host name for S3 virtual-host style requests (<bucket>.<host>)")
      ->envname("SLUICE_PUBLIC_HOST")
      ->capture_default_str();
  serve->add_option("--log-level", flags->log_level, "debug, info, warn, error or off")
      ->envname("SLUICE_LOG_LEVEL")
      ->capture_default_str();
  serve->add_option("--access-log", flags->access_log, "Write DIR/logs/access.jsonl (true/false)")
      ->envname("SLUICE_ACCESS_LOG")
      ->capture_default_str();
  serve->add_option("--worker-threads", flags->worker_threads,
                    "Threads for long-running work: crawls, job runs (0 = default 8)")
      ->envname("SLUICE_WORKER_THREADS")
      ->capture_default_str();
  serve->add_option("--max-connections", flags->max_connections, "Open client connections allowed")
      ->envname("SLUICE_MAX_CONNECTIONS")
      ->capture_default_str();
  serve->add_option("--idle-timeout", flags->idle_timeout, "Seconds an idle keep-alive connection stays open")
      ->envname("SLUICE_IDLE_TIMEOUT")
      ->capture_default_str();
  serve->add_option("--time-scale", flags->time_scale,
                    "Run Step Functions Wait states and timeouts this many times faster (tests)")
      ->envname("SLUICE_TIME_SCALE")
      ->capture_default_str();
  serve->add_option("--root-access-key", flags->root_access_key, "Access key id of the root credentials")
      ->envname("SLUICE_ROOT_ACCESS_KEY")
      ->capture_default_str();
  serve->add_option("--root-secret-key", flags->root_secret_key, "Secret key of the root credentials")
      ->envname("SLUICE_ROOT_SECRET_KEY")
      ->capture_default_str();
  serve->callback([flags] {
    Status status = RunServe(*flags);
    if (!status.ok()) {
      std::fprintf(stderr, "sluice serve: %s\n", status.message().c_str());
      SetExitCode(1);
    }
  });
});

}  // namespace
}  // namespace sluice::cli
