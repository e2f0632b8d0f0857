// The catalog module: opens the Data Catalog (DIR/meta/catalog.db), adds its operations to
// the shared Glue service and offers catalog::Catalog to later modules (crawlers write
// through it; jobs resolve catalog sources and targets through it).
#include "catalog/api/catalog_api.h"
#include "catalog/catalog.h"
#include "cli/module.h"
#include "common/file.h"

namespace sluice::cli {
namespace {

class CatalogModule final : public ServiceModule {
 public:
  std::string_view name() const override { return "catalog"; }

  Status Start(ServerContext& context) override {
    ASSIGN_OR_RETURN(catalog_, catalog::Catalog::Open(JoinPath(context.settings.data_dir, "meta/catalog.db"),
                                                      context.clock));
    catalog::RegisterCatalogOperations(*context.glue, catalog_.get());
    context.Provide<catalog::Catalog>(catalog_.get());
    return Status::Ok();
  }

 private:
  std::unique_ptr<catalog::Catalog> catalog_;
};

const ModuleRegistration kRegistration(30, [] { return std::make_unique<CatalogModule>(); });

}  // namespace
}  // namespace sluice::cli
