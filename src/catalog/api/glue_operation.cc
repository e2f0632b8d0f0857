// Glue operation helpers: see glue_operation.h.
#include "catalog/api/glue_operation.h"

#include <boost/json/array.hpp>
#include <fmt/format.h>

#include "catalog/api/glue_model.h"
#include "common/json.h"

namespace sluice::catalog {

namespace json = boost::json;

void AddGlueOperation(http::JsonService& glue, const std::string& operation, http::JsonOperation fn) {
  glue.Add(operation, [operation, fn = std::move(fn)](const json::object& input,
                                                      const http::CallContext& context) -> Result<json::value> {
    RETURN_IF_ERROR(GlueModel::Get().ValidateInput(operation, input));
    return fn(input, context);
  });
}

std::string CatalogIdOf(const json::object& input, const http::CallContext& context) {
  if (auto id = GetString(input, "CatalogId")) return std::string(*id);
  return context.account_id;
}

std::string StringMember(const json::object& input, std::string_view key) {
  return std::string(GetString(input, key).value_or(""));
}

std::vector<std::string> StringListMember(const json::object& input, std::string_view key) {
  std::vector<std::string> out;
  if (const json::array* array = GetArray(input, key)) {
    for (const auto& item : *array) {
      if (item.is_string()) out.emplace_back(item.get_string());
    }
  }
  return out;
}

PageRequest PageRequestOf(const json::object& input, int default_limit) {
  PageRequest page;
  page.limit = static_cast<int>(GetInt(input, "MaxResults").value_or(default_limit));
  if (page.limit < 1) page.limit = default_limit;
  if (auto token = GetString(input, "NextToken"); token && !token->empty()) page.token = std::string(*token);
  return page;
}

std::string CallerArn(const http::CallContext& context) {
  return fmt::format("arn:aws:iam::{}:root", context.account_id);
}

}  // namespace sluice::catalog
