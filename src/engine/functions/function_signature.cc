// Argument checks for resolvers: see function_signature.h.
#include "engine/functions/function_signature.h"

#include <fmt/format.h>

namespace sluice::engine {

using columnar::TypeId;

Status ExpectArgumentCount(std::string_view function, const std::vector<ArgumentInfo>& args, size_t min, size_t max) {
  if (args.size() >= min && args.size() <= max) return Status::Ok();
  if (min == max) {
    return InvalidArgument(fmt::format("{} takes {} argument{}, got {}", function, min, min == 1 ? "" : "s", args.size()));
  }
  if (max == static_cast<size_t>(-1)) {
    return InvalidArgument(fmt::format("{} takes at least {} arguments, got {}", function, min, args.size()));
  }
  return InvalidArgument(fmt::format("{} takes {} to {} arguments, got {}", function, min, max, args.size()));
}

Status WrongArgument(std::string_view function, size_t position, std::string_view expected,
                     const columnar::TypePtr& got) {
  return InvalidArgument(
      fmt::format("{} expects {} as argument {}, got {}", function, expected, position + 1, got->ToGlueType()));
}

bool IsStringLike(const columnar::TypePtr& type) {
  return type->id() == TypeId::kString || type->id() == TypeId::kNull;
}

bool IsIntegerLike(const columnar::TypePtr& type) { return type->is_integer() || type->id() == TypeId::kNull; }

bool IsNumericLike(const columnar::TypePtr& type) { return type->is_numeric() || type->id() == TypeId::kNull; }

}  // namespace sluice::engine
