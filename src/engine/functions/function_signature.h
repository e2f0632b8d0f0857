// Small building blocks the function groups share for checking arguments in their resolvers:
// argument counts and type families, with messages that name the function and what it expects.
//
// Thread safety: pure functions.
#pragma once

#include <string_view>
#include <vector>

#include "columnar/type.h"
#include "common/status.h"
#include "engine/expr/function_registry.h"

namespace sluice::engine {

// InvalidArgument unless min <= args.size() <= max.
Status ExpectArgumentCount(std::string_view function, const std::vector<ArgumentInfo>& args, size_t min, size_t max);
// "lower expects a string as argument 1, got int".
Status WrongArgument(std::string_view function, size_t position, std::string_view expected, const columnar::TypePtr& got);
// True for string or NULL (untyped) arguments.
bool IsStringLike(const columnar::TypePtr& type);
// True for integer types or NULL.
bool IsIntegerLike(const columnar::TypePtr& type);
// True for any number or NULL.
bool IsNumericLike(const columnar::TypePtr& type);

}  // namespace sluice::engine
