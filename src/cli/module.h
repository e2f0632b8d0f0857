// Service modules: the pieces `sluice serve` starts (S3, Glue catalog and crawlers, jobs,
// Step Functions, ...). Each lives in modules/<name>.cc, registers itself statically, and in
// Start() opens its stores, registers its API with the router and offers interfaces to the
// modules that start after it (the crawler finds the object store through the context; Step
// Functions finds the Glue job runner). Stop() runs in reverse order at shutdown.
//
// Thread safety: Start and Stop run on the main thread; what a module registers must be
// thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "common/metrics.h"
#include "common/status.h"
#include "http/router.h"
#include "monitoring/event_log.h"
#include "monitoring/log_store.h"
#include "scheduler/work_scheduler.h"

namespace sluice::cli {

// Server-wide settings every module may read.
struct ServeSettings {
  std::string data_dir;
  std::string listen_host;
  uint16_t listen_port = 4566;
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  std::string public_host = "localhost";  // S3 virtual-host style: <bucket>.<public_host>
  double time_scale = 1.0;                // Step Functions waits and timeouts run this much faster
  std::string root_access_key;
  std::string root_secret_key;
};

class ServerContext {
 public:
  ServeSettings settings;
  http::Router* router = nullptr;
  scheduler::WorkScheduler* work = nullptr;
  MetricsRegistry* metrics = nullptr;
  monitoring::LogStore* logs = nullptr;
  monitoring::EventLog* events = nullptr;
  const Clock* clock = nullptr;
  // The Glue API (AWS JSON 1.1, prefix AWSGlue). The catalog, crawler and jobs modules each
  // add their operations to this one service; serve registers it with the router once any
  // module has added an operation.
  http::JsonService* glue = nullptr;

  // Offers an interface to later modules. The object must live until Stop().
  template <typename T>
  void Provide(T* object) {
    provided_[std::type_index(typeid(T))] = object;
  }
  // An interface an earlier module offered, or nullptr.
  template <typename T>
  T* Find() const {
    auto it = provided_.find(std::type_index(typeid(T)));
    return it == provided_.end() ? nullptr : static_cast<T*>(it->second);
  }

 private:
  std::unordered_map<std::type_index, void*> provided_;
};

class ServiceModule {
 public:
  virtual ~ServiceModule() = default;
  virtual std::string_view name() const = 0;
  virtual Status Start(ServerContext& context) = 0;
  virtual void Stop() {}
};

using ModuleFactory = std::function<std::unique_ptr<ServiceModule>()>;

struct ModuleRegistration {
  // Modules start in ascending `order` (storage 10, s3 20, catalog 30, crawler 40, jobs 50,
  // states 60) and stop in reverse.
  ModuleRegistration(int order, ModuleFactory factory);
};

// Instantiates every registered module, in start order.
std::vector<std::unique_ptr<ServiceModule>> CreateModules();

}  // namespace sluice::cli
