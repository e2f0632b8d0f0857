// Regular expressions through RE2 (linear time, bounded memory): regexp_like (rlike),
// regexp_extract, regexp_replace and split. Patterns use RE2 syntax, which
// covers the Java syntax Spark accepts except backreferences and lookaround (refused with
// RE2's message when the plan is built). Replacement strings use Java's "$1" for groups and
// "\$" for a literal dollar, as in Spark.
#include <memory>

#include <fmt/format.h>
#include <re2/re2.h>

#include "columnar/builder.h"
#include "engine/expr/kernel_loops.h"
#include "engine/functions/function_list.h"
#include "engine/functions/function_signature.h"
#include "engine/functions/utf8_text.h"

namespace sluice::engine {

using columnar::Column;
using columnar::DataType;
using columnar::Scalar;
using columnar::TypePtr;

namespace {

constexpr int64_t kMaxProgramBytes = 8 << 20;

Result<std::shared_ptr<const RE2>> CompileRegex(std::string_view pattern, const char* function) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(kMaxProgramBytes);
  options.set_dot_nl(false);
  auto re = std::make_shared<RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re->ok()) return InvalidArgument(fmt::format("{}: invalid regular expression '{}': {}", function, pattern, re->error()));
  return std::shared_ptr<const RE2>(re);
}

// The compiled pattern of row i: the constant one, or the row's own (cached while it repeats).
class RegexSource {
 public:
  RegexSource(std::shared_ptr<const RE2> constant, const Datum& patterns, const char* function)
      : constant_(std::move(constant)), patterns_(patterns), function_(function) {}
  Result<const RE2*> At(int64_t i) {
    if (constant_) return constant_.get();
    std::string_view p = patterns_.Value(i);
    if (!current_ || p != text_) {
      ASSIGN_OR_RETURN(current_, CompileRegex(p, function_));
      text_.assign(p);
    }
    return current_.get();
  }

 private:
  std::shared_ptr<const RE2> constant_;
  StringReader patterns_;
  const char* function_;
  std::shared_ptr<const RE2> current_;
  std::string text_;
};

// Resolves the pattern argument: compiled now when constant.
Result<std::shared_ptr<const RE2>> ConstantPattern(const char* name, const std::vector<ArgumentInfo>& args, size_t index) {
  if (!IsStringLike(args[index].type)) return WrongArgument(name, index, "a string pattern", args[index].type);
  if (!args[index].constant || args[index].constant->is_null()) return std::shared_ptr<const RE2>();
  return CompileRegex(args[index].constant->string_value(), name);
}

// Java replacement syntax ("$1", "\$") to RE2's ("\1", "$").
std::string ToRe2Rewrite(std::string_view java) {
  std::string out;
  for (size_t i = 0; i < java.size(); ++i) {
    char c = java[i];
    if (c == '\\' && i + 1 < java.size()) {
      char next = java[++i];
      if (next == '\\') out += "\\\\";
      else out += next;
    } else if (c == '$' && i + 1 < java.size() && java[i + 1] >= '0' && java[i + 1] <= '9') {
      out += '\\';
      out += java[++i];
    } else if (c == '\\') {
      out += "\\\\";
    } else {
      out += c;
    }
  }
  return out;
}

Result<Kernel> ResolveRegexpLike(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("regexp_like", args, 2, 2));
  if (!IsStringLike(args[0].type)) return WrongArgument("regexp_like", 0, "a string", args[0].type);
  ASSIGN_OR_RETURN(auto constant, ConstantPattern("regexp_like", args, 1));
  TypePtr s = DataType::String(), boolean = DataType::Boolean();
  return Kernel{boolean, {s, s}, [constant, boolean](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  StringReader text(in[0]);
                  RegexSource regex(constant, in[1], "regexp_like");
                  Status error;
                  Datum out = BuildFixed<uint8_t>(in, rows, boolean, [&](int64_t i) -> uint8_t {
                    auto re = regex.At(i);
                    if (!re.ok()) {
                      error = re.status();
                      return 0;
                    }
                    std::string_view t = text.Value(i);
                    return RE2::PartialMatch(re2::StringPiece(t.data(), t.size()), **re);
                  });
                  if (!error.ok()) return error;
                  return out;
                }, constant == nullptr};
}

Result<Kernel> ResolveRegexpExtract(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("regexp_extract", args, 2, 3));
  if (!IsStringLike(args[0].type)) return WrongArgument("regexp_extract", 0, "a string", args[0].type);
  ASSIGN_OR_RETURN(auto constant, ConstantPattern("regexp_extract", args, 1));
  int64_t group = 1;
  if (args.size() == 3) {
    if (!args[2].type->is_integer() || !args[2].constant || args[2].constant->is_null()) {
      return InvalidArgument("regexp_extract expects a constant integer group index as argument 3");
    }
    group = args[2].constant->int_value();
  }
  if (group < 0) return InvalidArgument(fmt::format("regexp_extract: group index {} is negative", group));
  if (constant && group > constant->NumberOfCapturingGroups()) {
    return InvalidArgument(fmt::format("regexp_extract: the pattern has {} groups, but group {} was asked for",
                                       constant->NumberOfCapturingGroups(), group));
  }
  TypePtr s = DataType::String();
  return Kernel{s, {s, s}, [constant, group](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  StringReader text(in[0]);
                  RegexSource regex(constant, in[1], "regexp_extract");
                  Status error;
                  std::vector<re2::StringPiece> groups(static_cast<size_t>(group) + 1);
                  Datum out = BuildStrings({in[0], in[1]}, rows, [&](int64_t i, std::string& result) {
                    auto re = regex.At(i);
                    if (!re.ok()) {
                      error = re.status();
                      return false;
                    }
                    if (group > (*re)->NumberOfCapturingGroups()) {
                      error = InvalidArgument(fmt::format("regexp_extract: the pattern has fewer than {} groups", group));
                      return false;
                    }
                    std::string_view t = text.Value(i);
                    re2::StringPiece input(t.data(), t.size());
                    if ((*re)->Match(input, 0, input.size(), RE2::UNANCHORED, groups.data(), static_cast<int>(group) + 1)) {
                      const auto& g = groups[static_cast<size_t>(group)];
                      if (g.data()) result.assign(g.data(), g.size());
                    }
                    return true;  // no match gives '' as in Spark
                  });
                  if (!error.ok()) return error;
                  return out;
                }, true};
}

Result<Kernel> ResolveRegexpReplace(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("regexp_replace", args, 3, 3));
  if (!IsStringLike(args[0].type)) return WrongArgument("regexp_replace", 0, "a string", args[0].type);
  if (!IsStringLike(args[2].type)) return WrongArgument("regexp_replace", 2, "a string", args[2].type);
  ASSIGN_OR_RETURN(auto constant, ConstantPattern("regexp_replace", args, 1));
  if (constant && args[2].constant && !args[2].constant->is_null()) {
    std::string error;
    if (!constant->CheckRewriteString(ToRe2Rewrite(args[2].constant->string_value()), &error)) {
      return InvalidArgument(fmt::format("regexp_replace: invalid replacement '{}': {}", args[2].constant->string_value(), error));
    }
  }
  TypePtr s = DataType::String();
  return Kernel{s, {s, s, s}, [constant](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  StringReader text(in[0]), replacement(in[2]);
                  RegexSource regex(constant, in[1], "regexp_replace");
                  Status error;
                  std::string rewrite, last_replacement;
                  bool have_rewrite = false;
                  Datum out = BuildStrings(in, rows, [&](int64_t i, std::string& result) {
                    auto re = regex.At(i);
                    if (!re.ok()) {
                      error = re.status();
                      return false;
                    }
                    std::string_view r = replacement.Value(i);
                    if (!have_rewrite || r != last_replacement) {
                      last_replacement.assign(r);
                      rewrite = ToRe2Rewrite(r);
                      have_rewrite = true;
                    }
                    std::string why;
                    if (!(*re)->CheckRewriteString(rewrite, &why)) {
                      error = InvalidArgument(fmt::format("regexp_replace: invalid replacement '{}': {}", r, why));
                      return false;
                    }
                    result.assign(text.Value(i));
                    RE2::GlobalReplace(&result, **re, rewrite);
                    return true;
                  });
                  if (!error.ok()) return error;
                  return out;
                }, true};
}

// Builds a list<string> column from fn(row, parts) -> bool (false: NULL row).
template <typename Fn>
Datum BuildStringLists(const std::vector<Datum>& null_if_null, int64_t rows, Fn fn) {
  bool all_null = false;
  auto validity = CombinedValidity(null_if_null, rows, &all_null);
  TypePtr type = DataType::List(DataType::String());
  if (all_null) return Datum(Column::MakeNull(type, rows));
  columnar::ListBuilder builder(type);
  auto& items = static_cast<columnar::StringBuilder&>(*builder.child());
  std::vector<std::string> parts;
  for (int64_t i = 0; i < rows; ++i) {
    parts.clear();
    if ((validity && !columnar::GetBit(validity->data(), i)) || !fn(i, parts)) {
      builder.AppendNull();
      continue;
    }
    for (const auto& part : parts) items.Append(part);
    builder.AppendValid();
  }
  return Datum(builder.Finish());
}

bool IsPlainText(std::string_view pattern) {
  return pattern.find_first_of("\\^$.|?*+()[]{}") == std::string_view::npos;
}

// split(s, regex[, limit]): Spark's split; limit > 0 caps the number of parts (the last
// holds the rest), otherwise all parts are returned, trailing empty ones included.
Result<Kernel> ResolveSplit(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("split", args, 2, 3));
  if (!IsStringLike(args[0].type)) return WrongArgument("split", 0, "a string", args[0].type);
  if (args.size() == 3 && !IsIntegerLike(args[2].type)) return WrongArgument("split", 2, "an integer", args[2].type);
  ASSIGN_OR_RETURN(auto constant, ConstantPattern("split", args, 1));
  std::string plain;
  bool is_plain = args[1].constant && !args[1].constant->is_null() && IsPlainText(args[1].constant->string_value());
  if (is_plain) plain = args[1].constant->string_value();
  TypePtr s = DataType::String(), i64 = DataType::Int64();
  std::vector<TypePtr> inputs{s, s, i64};
  inputs.resize(args.size());
  return Kernel{DataType::List(s), inputs, [constant, is_plain, plain](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  StringReader text(in[0]);
                  std::unique_ptr<FixedReader<int64_t>> limit = in.size() > 2 ? std::make_unique<FixedReader<int64_t>>(in[2]) : nullptr;
                  RegexSource regex(constant, in[1], "split");
                  Status error;
                  Datum out = BuildStringLists(in, rows, [&](int64_t i, std::vector<std::string>& parts) {
                    std::string_view t = text.Value(i);
                    int64_t max_parts = limit ? limit->Value(i) : -1;
                    if (t.empty()) {
                      parts.emplace_back();
                      return true;
                    }
                    if (is_plain && !plain.empty()) {
                      size_t pos = 0;
                      while (max_parts <= 0 || static_cast<int64_t>(parts.size()) + 1 < max_parts) {
                        size_t found = t.find(plain, pos);
                        if (found == std::string_view::npos) break;
                        parts.emplace_back(t.substr(pos, found - pos));
                        pos = found + plain.size();
                      }
                      parts.emplace_back(t.substr(pos));
                      return true;
                    }
                    auto re = regex.At(i);
                    if (!re.ok()) {
                      error = re.status();
                      return false;
                    }
                    re2::StringPiece input(t.data(), t.size());
                    size_t pos = 0, search = 0;
                    re2::StringPiece match;
                    while ((max_parts <= 0 || static_cast<int64_t>(parts.size()) + 1 < max_parts) && search <= t.size() &&
                           (*re)->Match(input, search, input.size(), RE2::UNANCHORED, &match, 1)) {
                      size_t start = static_cast<size_t>(match.data() - t.data());
                      if (match.empty()) {
                        // An empty match splits between characters (never at the very start).
                        if (start >= t.size()) break;
                        size_t next = start + Utf8SequenceLength(static_cast<unsigned char>(t[start]));
                        if (start == 0) {
                          search = next;
                          continue;
                        }
                        parts.emplace_back(t.substr(pos, start - pos));
                        pos = start;
                        search = next;
                        continue;
                      }
                      parts.emplace_back(t.substr(pos, start - pos));
                      pos = start + match.size();
                      search = pos;
                    }
                    parts.emplace_back(t.substr(pos));
                    return true;
                  });
                  if (!error.ok()) return error;
                  return out;
                }, constant == nullptr && !is_plain};
}

}  // namespace

void RegisterRegexFunctions(FunctionRegistry& registry) {
  registry.AddScalar({"regexp_like", "regexp_like(s, regex) / s RLIKE regex: whether regex matches somewhere in s",
                      ResolveRegexpLike});
  registry.AddAlias("rlike", "regexp_like");
  registry.AddAlias("regexp", "regexp_like");
  registry.AddScalar({"regexp_extract", "regexp_extract(s, regex[, group]): the group (default 1) of the first match, '' if none",
                      ResolveRegexpExtract});
  registry.AddScalar({"regexp_replace", "regexp_replace(s, regex, replacement): every match replaced ($1 refers to a group)",
                      ResolveRegexpReplace});
  registry.AddScalar({"split", "split(s, regex[, limit]): s cut at every match of regex, as array<string>", ResolveSplit});
}

}  // namespace sluice::engine
