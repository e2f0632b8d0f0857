// The S3 module: serves the S3 REST API over the object store the storage module offers,
// path style and virtual-host style on <bucket>.<public host>.
#include <memory>

#include "cli/module.h"
#include "s3/s3_api.h"
#include "storage/object_store.h"

namespace sluice::cli {
namespace {

class S3Module final : public ServiceModule {
 public:
  std::string_view name() const override { return "s3"; }

  Status Start(ServerContext& context) override {
    auto* store = context.Find<storage::ObjectStore>();
    if (!store) return FailedPrecondition("the s3 module needs the storage module's object store");
    s3::S3Options options;
    options.public_host = context.settings.public_host;
    options.region = context.settings.region;
    options.account_id = context.settings.account_id;
    api_ = std::make_shared<s3::S3Api>(store, options);
    std::shared_ptr<s3::S3Api> api = api_;
    context.router->SetS3Handler([api](http::Request& request) { return api->Handle(request); });
    return Status::Ok();
  }

 private:
  std::shared_ptr<s3::S3Api> api_;
};

const ModuleRegistration kRegistration(20, [] { return std::make_unique<S3Module>(); });

}  // namespace
}  // namespace sluice::cli
