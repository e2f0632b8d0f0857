// The Step Functions module: opens DIR/meta/states.db, starts the executor (resuming every
// execution a previous process left running), wires the integrations — activities, Glue
// (aws-sdk:glue on the shared Glue service; glue:startJobRun through a GlueJobRunner the jobs
// module may provide, else through the Glue service's job operations), S3 (an adapter over the
// object store), nested executions — and registers the AWSStepFunctions JSON service.
//
// Settings: --time-scale (waits, retries, timeouts and polls run that much faster);
// SLUICE_STATES_JOB_POLL_SECONDS (GetJobRun interval of .sync job tasks, default 5).
#include <cstdlib>
#include <memory>
#include <string>

#include <boost/json/object.hpp>
#include <fmt/format.h>

#include "cli/module.h"
#include "common/clock.h"
#include "common/encoding.h"
#include "common/file.h"
#include "common/json.h"
#include "common/thread_pool.h"
#include "states/api/states_api.h"
#include "states/asl/json_text.h"
#include "states/integrations/activity_integration.h"
#include "states/integrations/glue_job_integration.h"
#include "states/integrations/glue_job_runner.h"
#include "states/integrations/glue_sdk_integration.h"
#include "states/integrations/nested_execution_integration.h"
#include "states/integrations/s3_client.h"
#include "states/integrations/s3_integration.h"
#include "states/interpreter/execution_store.h"
#include "states/interpreter/executor.h"
#include "storage/object_store.h"

namespace sluice::cli {
namespace {

namespace json = boost::json;

constexpr uint64_t kMaxObjectRead = 64 << 20;  // getObject bodies read into a state's payload

class StringSource final : public storage::ByteSource {
 public:
  explicit StringSource(std::string_view bytes) : bytes_(bytes) {}
  Result<size_t> Read(char* buffer, size_t size) override {
    size_t n = std::min(size, bytes_.size() - position_);
    std::copy_n(bytes_.data() + position_, n, buffer);
    position_ += n;
    return n;
  }

 private:
  std::string_view bytes_;
  size_t position_ = 0;
};

// S3 as Step Functions' S3 integrations see it, over the object store.
class ObjectStoreS3Client final : public states::S3Client {
 public:
  explicit ObjectStoreS3Client(storage::ObjectStore* objects) : objects_(objects) {}

  Result<json::value> Call(std::string_view action, const json::object& request) override {
    auto bucket = GetString(request, "Bucket");
    if (!bucket) return AwsError("InvalidRequest", 400, "Missing required parameter Bucket");
    if (action == "getObject") return GetObject(*bucket, request);
    if (action == "putObject") return PutObject(*bucket, request);
    if (action == "listObjectsV2") return ListObjectsV2(*bucket, request);
    if (action == "copyObject") return CopyObject(*bucket, request);
    if (action == "deleteObject") return DeleteObject(*bucket, request);
    if (action == "headObject") return HeadObject(*bucket, request);
    return AwsError("UnknownOperation", 400, fmt::format("The S3 action '{}' is not supported by Sluice", action));
  }

 private:
  static Result<std::string> Key(const json::object& request) {
    auto key = GetString(request, "Key");
    if (!key) return AwsError("InvalidRequest", 400, "Missing required parameter Key");
    return std::string(*key);
  }

  static void Describe(const storage::ObjectInfo& info, json::object& out) {
    out["ContentLength"] = static_cast<int64_t>(info.size);
    out["ETag"] = "\"" + info.etag + "\"";
    out["LastModified"] = FormatIso8601(info.modified_micros);
    json::object metadata;
    for (const auto& [name, value] : info.headers) {
      if (name == "Content-Type") out["ContentType"] = value;
      else if (name.starts_with("x-amz-meta-")) metadata[name.substr(11)] = value;
    }
    out["Metadata"] = std::move(metadata);
  }

  Result<json::value> HeadObject(std::string_view bucket, const json::object& request) {
    ASSIGN_OR_RETURN(std::string key, Key(request));
    ASSIGN_OR_RETURN(storage::ObjectInfo info, objects_->HeadObject(bucket, key));
    json::object out;
    Describe(info, out);
    return json::value(std::move(out));
  }

  Result<json::value> GetObject(std::string_view bucket, const json::object& request) {
    ASSIGN_OR_RETURN(std::string key, Key(request));
    ASSIGN_OR_RETURN(storage::ReadableObject object, objects_->OpenObject(bucket, key));
    if (object.info.size > kMaxObjectRead) {
      return AwsError("EntityTooLarge", 400,
                      fmt::format("The object is {} bytes; Step Functions reads at most {} bytes", object.info.size,
                                  kMaxObjectRead));
    }
    std::string body(object.info.size, '\0');
    RETURN_IF_ERROR(object.file.PReadExact(0, body.data(), body.size()));
    json::object out;
    out["Body"] = std::move(body);
    Describe(object.info, out);
    return json::value(std::move(out));
  }

  Result<json::value> PutObject(std::string_view bucket, const json::object& request) {
    ASSIGN_OR_RETURN(std::string key, Key(request));
    std::string body;
    if (const json::value* value = FindMember(request, "Body")) {
      body = value->is_string() ? std::string(value->get_string()) : states::JsonText(*value);
    }
    storage::PutOptions options;
    if (auto type = GetString(request, "ContentType")) options.headers.emplace_back("Content-Type", std::string(*type));
    StringSource source(body);
    ASSIGN_OR_RETURN(storage::ObjectInfo info, objects_->PutObject(bucket, key, source, std::move(options)));
    return json::value(json::object{{"ETag", "\"" + info.etag + "\""}});
  }

  Result<json::value> ListObjectsV2(std::string_view bucket, const json::object& request) {
    storage::ListOptions options;
    options.prefix = std::string(GetString(request, "Prefix").value_or(""));
    options.delimiter = std::string(GetString(request, "Delimiter").value_or(""));
    options.max_keys = static_cast<size_t>(std::clamp<int64_t>(GetInt(request, "MaxKeys").value_or(1000), 0, 1000));
    if (auto token = GetString(request, "ContinuationToken")) {
      auto decoded = Base64Decode(*token);
      if (!decoded) return AwsError("InvalidArgument", 400, "The continuation token provided is incorrect");
      options.start_after = *decoded;
    } else if (auto after = GetString(request, "StartAfter")) {
      options.start_after = std::string(*after);
    }
    ASSIGN_OR_RETURN(storage::ListPage page, objects_->ListObjects(bucket, options));
    json::array contents;
    for (const auto& object : page.objects) {
      contents.push_back(json::object{{"ETag", "\"" + object.etag + "\""},
                                      {"Key", object.key},
                                      {"LastModified", FormatIso8601(object.modified_micros)},
                                      {"Size", static_cast<int64_t>(object.size)},
                                      {"StorageClass", "STANDARD"}});
    }
    json::array prefixes;
    for (const auto& prefix : page.common_prefixes) prefixes.push_back(json::object{{"Prefix", prefix}});
    json::object out;
    out["Contents"] = std::move(contents);
    if (!prefixes.empty()) out["CommonPrefixes"] = std::move(prefixes);
    out["IsTruncated"] = page.truncated;
    out["KeyCount"] = static_cast<int64_t>(page.objects.size() + page.common_prefixes.size());
    out["MaxKeys"] = static_cast<int64_t>(options.max_keys);
    out["Name"] = std::string(bucket);
    out["Prefix"] = options.prefix;
    if (!options.delimiter.empty()) out["Delimiter"] = options.delimiter;
    if (page.truncated) out["NextContinuationToken"] = Base64Encode(page.last);
    return json::value(std::move(out));
  }

  Result<json::value> CopyObject(std::string_view bucket, const json::object& request) {
    ASSIGN_OR_RETURN(std::string key, Key(request));
    auto source = GetString(request, "CopySource");
    if (!source) return AwsError("InvalidRequest", 400, "Missing required parameter CopySource");
    std::string path = UriDecode(*source).value_or(std::string(*source));
    if (!path.empty() && path.front() == '/') path.erase(0, 1);
    size_t slash = path.find('/');
    if (slash == std::string::npos) return AwsError("InvalidArgument", 400, "CopySource must be bucket/key");
    ASSIGN_OR_RETURN(storage::ObjectInfo info,
                     objects_->CopyObject(path.substr(0, slash), path.substr(slash + 1), bucket, key, {}));
    return json::value(json::object{
        {"CopyObjectResult",
         json::object{{"ETag", "\"" + info.etag + "\""}, {"LastModified", FormatIso8601(info.modified_micros)}}}});
  }

  Result<json::value> DeleteObject(std::string_view bucket, const json::object& request) {
    ASSIGN_OR_RETURN(std::string key, Key(request));
    RETURN_IF_ERROR(objects_->DeleteObject(bucket, key, {}));
    return json::value(json::object());
  }

  storage::ObjectStore* objects_;
};

// Reports S3 as unavailable when the server runs without an object store.
class MissingS3Client final : public states::S3Client {
 public:
  Result<json::value> Call(std::string_view, const json::object&) override {
    return AwsError("ServiceUnavailable", 503, "This Sluice server has no object store");
  }
};

class StatesModule final : public ServiceModule {
 public:
  std::string_view name() const override { return "states"; }

  Status Start(ServerContext& context) override {
    const ServeSettings& settings = context.settings;
    ASSIGN_OR_RETURN(store_, states::ExecutionStore::Open(JoinPath(settings.data_dir, "meta/states.db")));
    io_pool_ = std::make_unique<ThreadPool>(8, "sluice-states-io");

    states::Executor::Options options;
    options.driver_threads = std::max<size_t>(2, HardwareConcurrency());
    options.time_scale = settings.time_scale;
    options.region = settings.region;
    options.account_id = settings.account_id;
    executor_ = std::make_unique<states::Executor>(options, store_.get(), &context.work->timers(), context.clock,
                                                   context.metrics);

    activities_ = std::make_shared<states::ActivityIntegration>();
    executor_->AddIntegration(activities_);
    executor_->AddIntegration(std::make_shared<states::GlueSdkIntegration>(context.glue, io_pool_.get()));
    states::GlueJobRunner* runner = context.Find<states::GlueJobRunner>();
    if (!runner) {
      fallback_runner_ =
          std::make_unique<states::JsonServiceJobRunner>(context.glue, settings.account_id, settings.region);
      runner = fallback_runner_.get();
    }
    double poll_seconds = 1;  // a local GetJobRun is cheap; AWS does not document its interval
    if (const char* text = std::getenv("SLUICE_STATES_JOB_POLL_SECONDS")) poll_seconds = std::atof(text);
    if (!(poll_seconds > 0)) return InvalidArgument("SLUICE_STATES_JOB_POLL_SECONDS must be a positive number");
    executor_->AddIntegration(std::make_shared<states::GlueJobIntegration>(
        runner, io_pool_.get(), &context.work->timers(), static_cast<int64_t>(poll_seconds * 1e6)));
    if (auto* objects = context.Find<storage::ObjectStore>()) {
      s3_ = std::make_unique<ObjectStoreS3Client>(objects);
    } else {
      s3_ = std::make_unique<MissingS3Client>();
    }
    executor_->AddIntegration(std::make_shared<states::S3Integration>(s3_.get(), io_pool_.get()));

    states::StatesApiOptions api_options;
    api_options.region = settings.region;
    api_options.account_id = settings.account_id;
    api_ = std::make_unique<states::StatesApi>(api_options, store_.get(), executor_.get(), activities_.get(),
                                               io_pool_.get(), context.clock);
    executor_->AddIntegration(std::make_shared<states::NestedExecutionIntegration>(api_.get(), io_pool_.get()));
    states::StatesApi* api = api_.get();
    executor_->SetFinishedListener([api](const std::shared_ptr<states::Execution>& execution) {
      api->OnExecutionFinished(execution);
    });

    http::JsonService::Options service_options;
    service_options.target_prefix = "AWSStepFunctions";
    service_options.signing_name = "states";
    service_options.label = "states";
    service_options.errors.content_type = "application/x-amz-json-1.0";
    service_options.errors.message_key = "message";
    service_options.errors.invalid_argument = "ValidationException";
    service_options.errors.not_found = "ResourceNotFound";
    service_options.errors.already_exists = "ConflictException";
    service_options.errors.internal = "InternalServerError";
    service_ = std::make_unique<http::JsonService>(service_options);
    api_->Register(*service_);
    context.router->AddJsonService(service_.get());
    return executor_->Recover();
  }

  void Stop() override {
    if (activities_) activities_->Shutdown();
    if (executor_) executor_->Shutdown();
    if (io_pool_) io_pool_->Shutdown();
  }

 private:
  std::unique_ptr<states::ExecutionStore> store_;
  std::unique_ptr<ThreadPool> io_pool_;
  std::unique_ptr<states::Executor> executor_;
  std::shared_ptr<states::ActivityIntegration> activities_;
  std::unique_ptr<states::JsonServiceJobRunner> fallback_runner_;
  std::unique_ptr<states::S3Client> s3_;
  std::unique_ptr<states::StatesApi> api_;
  std::unique_ptr<http::JsonService> service_;
};

const ModuleRegistration kRegistration(60, [] { return std::make_unique<StatesModule>(); });

}  // namespace
}  // namespace sluice::cli
