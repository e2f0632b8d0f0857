// String functions, following Spark SQL: positions and lengths count characters (code points),
// positions are 1-based, and a NULL argument gives NULL (except concat_ws, which skips NULLs).
#include <algorithm>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "columnar/builder.h"
#include "engine/expr/kernel_loops.h"
#include "engine/functions/function_list.h"
#include "engine/functions/function_signature.h"
#include "engine/functions/like_pattern.h"
#include "engine/functions/utf8_text.h"

namespace sluice::engine {

using columnar::DataType;
using columnar::Scalar;
using columnar::TypeId;
using columnar::TypePtr;

namespace {

// Checks that argument i is a string (or castable integer for positions) and fills in types.
Status ExpectStrings(const char* name, const std::vector<ArgumentInfo>& args, size_t count) {
  for (size_t i = 0; i < count && i < args.size(); ++i) {
    if (!IsStringLike(args[i].type)) return WrongArgument(name, i, "a string", args[i].type);
  }
  return Status::Ok();
}

Status ExpectInteger(const char* name, const std::vector<ArgumentInfo>& args, size_t i) {
  if (i < args.size() && !IsIntegerLike(args[i].type)) return WrongArgument(name, i, "an integer", args[i].type);
  return Status::Ok();
}

// A string -> string function of one argument.
void AddStringMap(FunctionRegistry& registry, const char* name, const char* doc,
                  void (*map)(std::string_view, std::string&)) {
  registry.AddScalar({name, doc, [name, map](const std::vector<ArgumentInfo>& args) -> Result<Kernel> {
                        RETURN_IF_ERROR(ExpectArgumentCount(name, args, 1, 1));
                        RETURN_IF_ERROR(ExpectStrings(name, args, 1));
                        TypePtr s = DataType::String();
                        return Kernel{s, {s}, [map](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                                        StringReader text(in[0]);
                                        return BuildStrings(in, rows, [&](int64_t i, std::string& out) {
                                          map(text.Value(i), out);
                                          return true;
                                        });
                                      }, false};
                      }});
}

void Reverse(std::string_view text, std::string& out) {
  auto chars = CodePoints(text);
  for (auto it = chars.rbegin(); it != chars.rend(); ++it) out += *it;
}

// trim / ltrim / rtrim: spaces, or the characters of an optional second argument.
Result<Kernel> ResolveTrim(const char* name, bool left, bool right, const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount(name, args, 1, 2));
  RETURN_IF_ERROR(ExpectStrings(name, args, 2));
  TypePtr s = DataType::String();
  Kernel kernel{s, std::vector<TypePtr>(args.size(), s), nullptr, false};
  kernel.run = [left, right](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
    StringReader text(in[0]);
    std::unique_ptr<StringReader> chars = in.size() > 1 ? std::make_unique<StringReader>(in[1]) : nullptr;
    return BuildStrings(in, rows, [&](int64_t i, std::string& out) {
      std::string_view t = text.Value(i);
      std::string_view set = chars ? chars->Value(i) : std::string_view(" ");
      auto in_set = [&](std::string_view c) { return set.find(c) != std::string_view::npos; };
      if (set.size() == 1 || std::all_of(set.begin(), set.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        size_t begin = left ? t.find_first_not_of(set) : 0;
        if (begin == std::string_view::npos) return true;
        size_t end = right ? t.find_last_not_of(set) : t.size() - 1;
        out.assign(t.substr(begin, end - begin + 1));
        return true;
      }
      auto parts = CodePoints(t);
      size_t b = 0, e = parts.size();
      while (left && b < e && in_set(parts[b])) ++b;
      while (right && e > b && in_set(parts[e - 1])) --e;
      for (size_t k = b; k < e; ++k) out += parts[k];
      return true;
    });
  };
  return kernel;
}

// substring(s, pos[, len]) with Spark's rules: pos 1 is the first character, 0 acts as 1, a
// negative pos counts from the end; a length below 1 gives ''.
void Substring(std::string_view text, int64_t pos, int64_t length, std::string& out) {
  int64_t count = CodePointCount(text);
  int64_t start;
  if (pos > 0) start = pos - 1;
  else if (pos == 0) start = 0;
  else start = count + pos;
  int64_t end = length == INT64_MAX ? INT64_MAX : start + length;
  if (start < 0) start = 0;
  if (end > count) end = count;
  if (start >= end) return;
  size_t b = ByteOffsetOfCodePoint(text, start);
  size_t e = ByteOffsetOfCodePoint(text, end);
  out.assign(text.substr(b, e - b));
}

Result<Kernel> ResolveSubstring(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("substring", args, 2, 3));
  RETURN_IF_ERROR(ExpectStrings("substring", args, 1));
  RETURN_IF_ERROR(ExpectInteger("substring", args, 1));
  RETURN_IF_ERROR(ExpectInteger("substring", args, 2));
  TypePtr s = DataType::String(), i64 = DataType::Int64();
  Kernel kernel{s, {s, i64, i64}, nullptr, false};
  kernel.input_types.resize(args.size());
  kernel.run = [](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
    StringReader text(in[0]);
    FixedReader<int64_t> pos(in[1]);
    std::unique_ptr<FixedReader<int64_t>> length = in.size() > 2 ? std::make_unique<FixedReader<int64_t>>(in[2]) : nullptr;
    return BuildStrings(in, rows, [&](int64_t i, std::string& out) {
      Substring(text.Value(i), pos.Value(i), length ? length->Value(i) : INT64_MAX, out);
      return true;
    });
  };
  return kernel;
}

// left(s, n) / right(s, n)
Result<Kernel> ResolveLeftRight(const char* name, bool from_left, const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount(name, args, 2, 2));
  RETURN_IF_ERROR(ExpectStrings(name, args, 1));
  RETURN_IF_ERROR(ExpectInteger(name, args, 1));
  TypePtr s = DataType::String(), i64 = DataType::Int64();
  return Kernel{s, {s, i64}, [from_left](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  StringReader text(in[0]);
                  FixedReader<int64_t> n(in[1]);
                  return BuildStrings(in, rows, [&](int64_t i, std::string& out) {
                    int64_t count = n.Value(i);
                    if (count <= 0) return true;
                    std::string_view t = text.Value(i);
                    if (from_left) out.assign(t.substr(0, ByteOffsetOfCodePoint(t, count)));
                    else Substring(t, -count, count, out);
                    return true;
                  });
                }, false};
}

Result<Kernel> ResolveConcat(const std::vector<ArgumentInfo>& args) {
  TypePtr s = DataType::String();
  // Any primitive argument is converted to text first, as Spark does.
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type->is_nested() || args[i].type->id() == TypeId::kBinary) {
      return WrongArgument("concat", i, "a string", args[i].type);
    }
  }
  return Kernel{s, std::vector<TypePtr>(args.size(), s), [](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  std::vector<StringReader> parts;
                  for (const auto& d : in) parts.emplace_back(d);
                  if (in.empty()) return Datum(Scalar::String(""));
                  return BuildStrings(in, rows, [&](int64_t i, std::string& out) {
                    for (const auto& p : parts) out += p.Value(i);
                    return true;
                  });
                }, false};
}

Result<Kernel> ResolveConcatWs(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("concat_ws", args, 1, static_cast<size_t>(-1)));
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type->is_nested() || args[i].type->id() == TypeId::kBinary) {
      return WrongArgument("concat_ws", i, "a string", args[i].type);
    }
  }
  TypePtr s = DataType::String();
  return Kernel{s, std::vector<TypePtr>(args.size(), s), [](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  std::vector<StringReader> parts;
                  for (const auto& d : in) parts.emplace_back(d);
                  return BuildStrings({in[0]}, rows, [&](int64_t i, std::string& out) {
                    bool first = true;
                    for (size_t k = 1; k < parts.size(); ++k) {
                      if (!parts[k].Valid(i)) continue;
                      if (!first) out += parts[0].Value(i);
                      out += parts[k].Value(i);
                      first = false;
                    }
                    return true;
                  });
                }, false};
}

// A function of strings giving a fixed-width value: length, instr, starts_with ...
template <typename Out, typename Fn>
void AddStringPredicate(FunctionRegistry& registry, const char* name, const char* doc, size_t arity, TypePtr out_type,
                        Fn fn) {
  registry.AddScalar({name, doc, [name, arity, out_type, fn](const std::vector<ArgumentInfo>& args) -> Result<Kernel> {
                        RETURN_IF_ERROR(ExpectArgumentCount(name, args, arity, arity));
                        RETURN_IF_ERROR(ExpectStrings(name, args, arity));
                        TypePtr s = DataType::String();
                        return Kernel{out_type, std::vector<TypePtr>(arity, s),
                                      [out_type, fn](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                                        std::vector<StringReader> readers;
                                        for (const auto& d : in) readers.emplace_back(d);
                                        return BuildFixed<Out>(in, rows, out_type, [&](int64_t i) { return fn(readers, i); });
                                      }, false};
                      }});
}

Result<Kernel> ResolveReplace(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("replace", args, 2, 3));
  RETURN_IF_ERROR(ExpectStrings("replace", args, 3));
  TypePtr s = DataType::String();
  return Kernel{s, std::vector<TypePtr>(args.size(), s), [](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  StringReader text(in[0]), search(in[1]);
                  std::unique_ptr<StringReader> with = in.size() > 2 ? std::make_unique<StringReader>(in[2]) : nullptr;
                  return BuildStrings(in, rows, [&](int64_t i, std::string& out) {
                    std::string_view t = text.Value(i), f = search.Value(i);
                    std::string_view r = with ? with->Value(i) : std::string_view();
                    if (f.empty()) {
                      out.assign(t);
                      return true;
                    }
                    size_t pos = 0;
                    while (true) {
                      size_t found = t.find(f, pos);
                      if (found == std::string_view::npos) break;
                      out.append(t.substr(pos, found - pos));
                      out.append(r);
                      pos = found + f.size();
                    }
                    out.append(t.substr(pos));
                    return true;
                  });
                }, false};
}

// lpad / rpad: to `length` characters with the pad text (default a space); longer input is
// cut to `length`.
Result<Kernel> ResolvePad(const char* name, bool left, const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount(name, args, 2, 3));
  RETURN_IF_ERROR(ExpectStrings(name, args, 1));
  RETURN_IF_ERROR(ExpectInteger(name, args, 1));
  if (args.size() > 2 && !IsStringLike(args[2].type)) return WrongArgument(name, 2, "a string", args[2].type);
  TypePtr s = DataType::String(), i64 = DataType::Int64();
  std::vector<TypePtr> inputs{s, i64, s};
  inputs.resize(args.size());
  return Kernel{s, inputs, [left, name](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  StringReader text(in[0]);
                  FixedReader<int64_t> length(in[1]);
                  std::unique_ptr<StringReader> pad = in.size() > 2 ? std::make_unique<StringReader>(in[2]) : nullptr;
                  constexpr int64_t kMaxLength = 1 << 24;
                  for (int64_t i = 0; i < rows; ++i) {
                    if (length.Valid(i) && length.Value(i) > kMaxLength) {
                      return InvalidArgument(fmt::format("{}: length {} exceeds {}", name, length.Value(i), kMaxLength));
                    }
                  }
                  return BuildStrings(in, rows, [&](int64_t i, std::string& out) {
                    std::string_view t = text.Value(i);
                    std::string_view p = pad ? pad->Value(i) : std::string_view(" ");
                    int64_t target = length.Value(i);
                    if (target <= 0) return true;
                    int64_t count = CodePointCount(t);
                    if (count >= target) {
                      out.assign(t.substr(0, ByteOffsetOfCodePoint(t, target)));
                      return true;
                    }
                    std::string fill;
                    auto pad_chars = CodePoints(p);
                    for (int64_t k = 0; k < target - count && !pad_chars.empty(); ++k) {
                      fill += pad_chars[static_cast<size_t>(k) % pad_chars.size()];
                    }
                    if (left) {
                      out = fill;
                      out.append(t);
                    } else {
                      out.assign(t);
                      out += fill;
                    }
                    return true;
                  });
                }, false};
}

Result<Kernel> ResolveRepeat(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("repeat", args, 2, 2));
  RETURN_IF_ERROR(ExpectStrings("repeat", args, 1));
  RETURN_IF_ERROR(ExpectInteger("repeat", args, 1));
  TypePtr s = DataType::String(), i64 = DataType::Int64();
  return Kernel{s, {s, i64}, [](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  StringReader text(in[0]);
                  FixedReader<int64_t> times(in[1]);
                  constexpr int64_t kMaxBytes = 1 << 26;
                  for (int64_t i = 0; i < rows; ++i) {
                    if (text.Valid(i) && times.Valid(i) && times.Value(i) > 0 &&
                        static_cast<int64_t>(text.Value(i).size()) * times.Value(i) > kMaxBytes) {
                      return InvalidArgument(fmt::format("repeat: the result would exceed {} bytes", kMaxBytes));
                    }
                  }
                  return BuildStrings(in, rows, [&](int64_t i, std::string& out) {
                    for (int64_t k = 0; k < times.Value(i); ++k) out.append(text.Value(i));
                    return true;
                  });
                }, true};
}

// like(s, pattern[, escape]) / ilike: patterns given as constants are compiled once.
Result<Kernel> ResolveLike(const char* name, bool case_insensitive, const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount(name, args, 2, 3));
  RETURN_IF_ERROR(ExpectStrings(name, args, 3));
  char escape = '\\';
  if (args.size() == 3) {
    if (!args[2].constant || args[2].constant->is_null() || args[2].constant->string_value().size() != 1) {
      return InvalidArgument(fmt::format("{}: the escape must be a constant single character", name));
    }
    escape = args[2].constant->string_value()[0];
  }
  TypePtr s = DataType::String(), boolean = DataType::Boolean();
  Kernel kernel{boolean, {s, s}, nullptr, false};
  if (args[1].constant && !args[1].constant->is_null()) {
    ASSIGN_OR_RETURN(LikePattern pattern, LikePattern::Compile(args[1].constant->string_value(), escape, case_insensitive));
    auto compiled = std::make_shared<LikePattern>(std::move(pattern));
    kernel.run = [compiled, boolean](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
      StringReader text(in[0]);
      return BuildFixed<uint8_t>({in[0], in[1]}, rows, boolean, [&](int64_t i) { return compiled->Matches(text.Value(i)); });
    };
    return kernel;
  }
  kernel.may_fail = true;
  kernel.run = [boolean, escape, case_insensitive](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
    StringReader text(in[0]), patterns(in[1]);
    std::string last;
    std::unique_ptr<LikePattern> compiled;
    for (int64_t i = 0; i < rows; ++i) {  // validate every pattern first
      if (patterns.Valid(i)) RETURN_IF_ERROR(LikePattern::Compile(patterns.Value(i), escape).status());
    }
    return BuildFixed<uint8_t>({in[0], in[1]}, rows, boolean, [&](int64_t i) {
      std::string_view p = patterns.Value(i);
      if (!compiled || p != last) {
        last.assign(p);
        compiled = std::make_unique<LikePattern>(*LikePattern::Compile(p, escape, case_insensitive));
      }
      return static_cast<uint8_t>(compiled->Matches(text.Value(i)));
    });
  };
  return kernel;
}

Result<Kernel> ResolveTranslate(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("translate", args, 3, 3));
  RETURN_IF_ERROR(ExpectStrings("translate", args, 3));
  TypePtr s = DataType::String();
  return Kernel{s, {s, s, s}, [](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  StringReader text(in[0]), from(in[1]), to(in[2]);
                  return BuildStrings(in, rows, [&](int64_t i, std::string& out) {
                    auto f = CodePoints(from.Value(i));
                    auto t = CodePoints(to.Value(i));
                    for (std::string_view c : CodePoints(text.Value(i))) {
                      auto it = std::find(f.begin(), f.end(), c);
                      if (it == f.end()) {
                        out += c;
                      } else {
                        size_t k = static_cast<size_t>(it - f.begin());
                        if (k < t.size()) out += t[k];  // characters without a counterpart are removed
                      }
                    }
                    return true;
                  });
                }, false};
}

int32_t FindCharacterPosition(std::string_view text, std::string_view search, int64_t start_char) {
  size_t start = ByteOffsetOfCodePoint(text, start_char);
  size_t found = text.find(search, start);
  if (found == std::string_view::npos) return 0;
  return static_cast<int32_t>(CodePointCount(text.substr(0, found)) + 1);
}

}  // namespace

void RegisterStringFunctions(FunctionRegistry& registry) {
  AddStringMap(registry, "lower", "lower(s): s in lower case (Unicode)", AppendLower);
  AddStringMap(registry, "upper", "upper(s): s in upper case (Unicode)", AppendUpper);
  AddStringMap(registry, "initcap", "initcap(s): every space-separated word capitalised", AppendInitCap);
  AddStringMap(registry, "reverse", "reverse(s): the characters of s in reverse order", Reverse);
  registry.AddAlias("lcase", "lower");
  registry.AddAlias("ucase", "upper");
  registry.AddScalar({"trim", "trim(s[, chars]): s without leading and trailing spaces (or chars)",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveTrim("trim", true, true, a); }});
  registry.AddScalar({"ltrim", "ltrim(s[, chars]): s without leading spaces (or chars)",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveTrim("ltrim", true, false, a); }});
  registry.AddScalar({"rtrim", "rtrim(s[, chars]): s without trailing spaces (or chars)",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveTrim("rtrim", false, true, a); }});
  registry.AddScalar({"substring", "substring(s, pos[, len]): len characters from the 1-based pos (negative: from the end)",
                      ResolveSubstring});
  registry.AddAlias("substr", "substring");
  registry.AddScalar({"left", "left(s, n): the first n characters",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveLeftRight("left", true, a); }});
  registry.AddScalar({"right", "right(s, n): the last n characters",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveLeftRight("right", false, a); }});
  registry.AddScalar({"concat", "concat(a, b, ...) / a || b: the arguments as text, joined; NULL if any is NULL", ResolveConcat});
  registry.AddAlias("concat_op", "concat");
  registry.AddScalar({"concat_ws", "concat_ws(sep, a, b, ...): the non-NULL arguments joined by sep", ResolveConcatWs});
  registry.AddScalar({"replace", "replace(s, search[, with]): every occurrence of search replaced (removed without with)",
                      ResolveReplace});
  registry.AddScalar({"lpad", "lpad(s, n[, pad]): s padded on the left to n characters (cut when longer)",
                      [](const std::vector<ArgumentInfo>& a) { return ResolvePad("lpad", true, a); }});
  registry.AddScalar({"rpad", "rpad(s, n[, pad]): s padded on the right to n characters (cut when longer)",
                      [](const std::vector<ArgumentInfo>& a) { return ResolvePad("rpad", false, a); }});
  registry.AddScalar({"repeat", "repeat(s, n): s repeated n times", ResolveRepeat});
  registry.AddScalar({"like", "like(s, pattern[, escape]) / s LIKE pattern: % any text, _ one character",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveLike("like", false, a); }});
  registry.AddScalar({"ilike", "ilike(s, pattern[, escape]): LIKE ignoring case",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveLike("ilike", true, a); }});
  registry.AddScalar({"translate", "translate(s, from, to): each character of from replaced by the one at the same place in to",
                      ResolveTranslate});
  TypePtr i32 = DataType::Int32(), boolean = DataType::Boolean();
  AddStringPredicate<int32_t>(registry, "length", "length(s): number of characters", 1, i32,
                              [](const std::vector<StringReader>& r, int64_t i) {
                                return static_cast<int32_t>(CodePointCount(r[0].Value(i)));
                              });
  registry.AddAlias("char_length", "length");
  registry.AddAlias("character_length", "length");
  registry.AddAlias("len", "length");
  AddStringPredicate<int32_t>(registry, "octet_length", "octet_length(s): number of bytes", 1, i32,
                              [](const std::vector<StringReader>& r, int64_t i) {
                                return static_cast<int32_t>(r[0].Value(i).size());
                              });
  AddStringPredicate<uint8_t>(registry, "starts_with", "starts_with(s, prefix): whether s begins with prefix", 2, boolean,
                              [](const std::vector<StringReader>& r, int64_t i) {
                                return static_cast<uint8_t>(r[0].Value(i).starts_with(r[1].Value(i)));
                              });
  AddStringPredicate<uint8_t>(registry, "ends_with", "ends_with(s, suffix): whether s ends with suffix", 2, boolean,
                              [](const std::vector<StringReader>& r, int64_t i) {
                                return static_cast<uint8_t>(r[0].Value(i).ends_with(r[1].Value(i)));
                              });
  AddStringPredicate<uint8_t>(registry, "contains", "contains(s, part): whether part occurs in s", 2, boolean,
                              [](const std::vector<StringReader>& r, int64_t i) {
                                return static_cast<uint8_t>(r[0].Value(i).find(r[1].Value(i)) != std::string_view::npos);
                              });
  AddStringPredicate<int32_t>(registry, "instr", "instr(s, part): 1-based character position of part in s, 0 if absent", 2,
                              i32, [](const std::vector<StringReader>& r, int64_t i) {
                                return FindCharacterPosition(r[0].Value(i), r[1].Value(i), 0);
                              });
  registry.AddAlias("startswith", "starts_with");
  registry.AddAlias("endswith", "ends_with");
}

}  // namespace sluice::engine
