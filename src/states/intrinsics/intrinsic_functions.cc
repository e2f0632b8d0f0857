// Evaluation of intrinsic functions: see intrinsic_function.h. One function per intrinsic,
// dispatched by IntrinsicKind.
#include <openssl/evp.h>

#include <cmath>
#include <random>

#include <fmt/format.h>

#include "common/crypto.h"
#include "common/encoding.h"
#include "common/ids.h"
#include "common/json.h"
#include "states/asl/json_text.h"
#include "states/asl/state_error.h"
#include "states/intrinsics/intrinsic_function.h"

namespace sluice::states {

namespace json = boost::json;

namespace {

constexpr size_t kMaxStringArgument = 10000;  // Base64Encode/Decode and Hash input limit
constexpr int64_t kMaxRangeElements = 1000;   // ArrayRange result limit

Status Failure(const IntrinsicCall& call, std::string_view what) {
  return StateError(errors::kIntrinsicFailure, fmt::format("Invalid arguments in {}: {}", call.text(), what));
}

// Java's Math.round: floor(x + 0.5). AWS rounds number arguments of the math functions so.
std::optional<int64_t> RoundedInteger(const json::value& value) {
  if (value.is_int64()) return value.get_int64();
  if (value.is_uint64()) {
    if (value.get_uint64() > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(value.get_uint64());
  }
  if (value.is_double()) {
    double d = std::floor(value.get_double() + 0.5);
    if (!std::isfinite(d) || std::fabs(d) > 9.0e15) return std::nullopt;
    return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

// Deep equality with numbers compared by value (1 == 1.0).
bool JsonEquals(const json::value& a, const json::value& b) {
  auto x = AsNumber(a);
  auto y = AsNumber(b);
  if (x && y) return *x == *y;
  if (a.kind() != b.kind()) return false;
  if (a.is_array()) {
    const auto& p = a.get_array();
    const auto& q = b.get_array();
    if (p.size() != q.size()) return false;
    for (size_t i = 0; i < p.size(); ++i) {
      if (!JsonEquals(p[i], q[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    const auto& p = a.get_object();
    const auto& q = b.get_object();
    if (p.size() != q.size()) return false;
    for (const auto& member : p) {
      auto it = q.find(member.key());
      if (it == q.end() || !JsonEquals(member.value(), it->value())) return false;
    }
    return true;
  }
  return a == b;
}

// The text a value contributes to States.Format.
void AppendFormatArgument(const json::value& value, std::string& out) {
  if (value.is_string()) {
    out += value.get_string();
  } else {
    AppendJson(value, out);
  }
}

Result<json::value> Format(const IntrinsicCall& call, const std::vector<json::value>& args) {
  const auto& template_arg = call.arguments()[0].value;
  if (!args[0].is_string()) return Failure(call, "the format template must be a string");
  // Escapes matter: "\{" is a literal brace, "{}" a placeholder. Use the raw literal when the
  // template was written inline, the string itself when it came from a path.
  std::string_view raw = std::get_if<IntrinsicArgument::Literal>(&template_arg)
                             ? std::string_view(std::get<IntrinsicArgument::Literal>(template_arg).raw)
                             : std::string_view(args[0].get_string());
  bool escapes = std::holds_alternative<IntrinsicArgument::Literal>(template_arg);
  std::string out;
  size_t next = 1;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (escapes && c == '\\' && i + 1 < raw.size()) {
      out += raw[++i];
    } else if (c == '{' && i + 1 < raw.size() && raw[i + 1] == '}') {
      if (next >= args.size()) return Failure(call, "the template has more placeholders than arguments");
      AppendFormatArgument(args[next++], out);
      ++i;
    } else {
      out += c;
    }
  }
  if (next != args.size()) return Failure(call, "the template has fewer placeholders than arguments");
  return json::value(out);
}

Result<std::string> HashHex(std::string_view data, std::string_view algorithm) {
  const EVP_MD* md = nullptr;
  if (algorithm == "MD5") md = EVP_md5();
  else if (algorithm == "SHA-1") md = EVP_sha1();
  else if (algorithm == "SHA-256") md = EVP_sha256();
  else if (algorithm == "SHA-384") md = EVP_sha384();
  else if (algorithm == "SHA-512") md = EVP_sha512();
  else return InvalidArgument("unsupported algorithm");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, md, nullptr) != 1) return Internal("digest failed");
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

Result<json::value> Apply(const IntrinsicCall& call, std::vector<json::value>& args) {
  auto array_arg = [&](size_t i) -> const json::array* { return args[i].is_array() ? &args[i].get_array() : nullptr; };
  switch (call.kind()) {
    case IntrinsicKind::kFormat: return Format(call, args);
    case IntrinsicKind::kStringToJson: {
      if (!args[0].is_string()) return Failure(call, "the argument must be a string");
      auto parsed = ParseJson(std::string_view(args[0].get_string()));
      if (!parsed.ok()) return Failure(call, "the string is not valid JSON");
      return std::move(*parsed);
    }
    case IntrinsicKind::kJsonToString: return json::value(JsonText(args[0]));
    case IntrinsicKind::kArray: {
      json::array out;
      out.reserve(args.size());
      for (auto& arg : args) out.push_back(std::move(arg));
      return json::value(std::move(out));
    }
    case IntrinsicKind::kArrayPartition: {
      const json::array* array = array_arg(0);
      if (!array) return Failure(call, "the first argument must be an array");
      auto size = RoundedInteger(args[1]);
      if (!size || *size <= 0) return Failure(call, "the chunk size must be a positive integer");
      json::array out;
      for (size_t i = 0; i < array->size(); i += static_cast<size_t>(*size)) {
        json::array chunk;
        for (size_t j = i; j < array->size() && j < i + static_cast<size_t>(*size); ++j) chunk.push_back((*array)[j]);
        out.push_back(std::move(chunk));
      }
      return json::value(std::move(out));
    }
    case IntrinsicKind::kArrayContains: {
      const json::array* array = array_arg(0);
      if (!array) return Failure(call, "the first argument must be an array");
      for (const auto& element : *array) {
        if (JsonEquals(element, args[1])) return json::value(true);
      }
      return json::value(false);
    }
    case IntrinsicKind::kArrayRange: {
      auto start = RoundedInteger(args[0]);
      auto end = RoundedInteger(args[1]);
      auto step = RoundedInteger(args[2]);
      if (!start || !end || !step) return Failure(call, "the arguments must be integers");
      if (*step == 0) return Failure(call, "the step cannot be 0");
      int64_t count = (*end - *start) / *step + 1;
      if (count > kMaxRangeElements) return Failure(call, "the range has more than 1000 elements");
      json::array out;
      if (count > 0) out.reserve(static_cast<size_t>(count));
      for (int64_t v = *start; *step > 0 ? v <= *end : v >= *end; v += *step) out.push_back(v);
      return json::value(std::move(out));
    }
    case IntrinsicKind::kArrayGetItem: {
      const json::array* array = array_arg(0);
      if (!array) return Failure(call, "the first argument must be an array");
      auto index = RoundedInteger(args[1]);
      if (!index || *index < 0) return Failure(call, "the index must be a non-negative integer");
      if (static_cast<uint64_t>(*index) >= array->size()) return Failure(call, "the index is out of range");
      return (*array)[static_cast<size_t>(*index)];
    }
    case IntrinsicKind::kArrayLength: {
      const json::array* array = array_arg(0);
      if (!array) return Failure(call, "the argument must be an array");
      return json::value(static_cast<int64_t>(array->size()));
    }
    case IntrinsicKind::kArrayUnique: {
      const json::array* array = array_arg(0);
      if (!array) return Failure(call, "the argument must be an array");
      json::array out;
      for (const auto& element : *array) {
        bool seen = false;
        for (const auto& kept : out) {
          if (JsonEquals(kept, element)) {
            seen = true;
            break;
          }
        }
        if (!seen) out.push_back(element);
      }
      return json::value(std::move(out));
    }
    case IntrinsicKind::kBase64Encode: {
      if (!args[0].is_string()) return Failure(call, "the argument must be a string");
      if (args[0].get_string().size() > kMaxStringArgument) return Failure(call, "the string exceeds 10000 characters");
      return json::value(Base64Encode(std::string_view(args[0].get_string())));
    }
    case IntrinsicKind::kBase64Decode: {
      if (!args[0].is_string()) return Failure(call, "the argument must be a string");
      if (args[0].get_string().size() > kMaxStringArgument) return Failure(call, "the string exceeds 10000 characters");
      auto decoded = Base64Decode(std::string_view(args[0].get_string()));
      if (!decoded) return Failure(call, "the string is not valid base64");
      return json::value(*decoded);
    }
    case IntrinsicKind::kHash: {
      if (!args[0].is_string()) return Failure(call, "the data must be a string");
      if (!args[1].is_string()) return Failure(call, "the algorithm must be a string");
      if (args[0].get_string().size() > kMaxStringArgument) return Failure(call, "the data exceeds 10000 characters");
      auto hex = HashHex(std::string_view(args[0].get_string()), std::string_view(args[1].get_string()));
      if (!hex.ok()) {
        return Failure(call, "the algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
      }
      return json::value(*hex);
    }
    case IntrinsicKind::kJsonMerge: {
      if (!args[0].is_object() || !args[1].is_object()) return Failure(call, "the first two arguments must be objects");
      if (!args[2].is_bool()) return Failure(call, "the third argument must be a boolean");
      if (args[2].get_bool()) return Failure(call, "deep merge is not supported; pass false");
      json::object out = std::move(args[0].get_object());
      for (auto& member : args[1].get_object()) out[member.key()] = std::move(member.value());
      return json::value(std::move(out));
    }
    case IntrinsicKind::kMathRandom: {
      auto start = RoundedInteger(args[0]);
      auto end = RoundedInteger(args[1]);
      if (!start || !end) return Failure(call, "the start and end must be numbers");
      if (*end <= *start) return Failure(call, "the end must be greater than the start");
      std::optional<int64_t> seed;
      if (args.size() == 3) {
        seed = RoundedInteger(args[2]);
        if (!seed) return Failure(call, "the seed must be an integer");
      }
      std::mt19937_64 engine(seed ? static_cast<uint64_t>(*seed) : std::random_device{}());
      std::uniform_int_distribution<int64_t> distribution(*start, *end - 1);
      return json::value(distribution(engine));
    }
    case IntrinsicKind::kMathAdd: {
      auto a = RoundedInteger(args[0]);
      auto b = RoundedInteger(args[1]);
      if (!a || !b) return Failure(call, "the arguments must be numbers");
      return json::value(*a + *b);
    }
    case IntrinsicKind::kStringSplit: {
      if (!args[0].is_string() || !args[1].is_string()) return Failure(call, "the arguments must be strings");
      std::string_view text(args[0].get_string());
      std::string_view delimiters(args[1].get_string());
      json::array out;
      size_t start = 0;
      for (size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || delimiters.find(text[i]) != std::string_view::npos) {
          if (i > start) out.push_back(json::value(text.substr(start, i - start)));
          start = i + 1;
        }
      }
      return json::value(std::move(out));
    }
    case IntrinsicKind::kUuid: return json::value(NewUuid());
  }
  return Failure(call, "unknown function");
}

}  // namespace

Result<json::value> IntrinsicCall::Evaluate(const json::value& input, PathScope& scope) const {
  std::vector<json::value> args;
  args.reserve(arguments_.size());
  for (const auto& argument : arguments_) {
    if (const auto* literal = std::get_if<IntrinsicArgument::Literal>(&argument.value)) {
      args.push_back(literal->value);
    } else if (const auto* path = std::get_if<JsonPath>(&argument.value)) {
      auto selected = path->Evaluate(input, scope);
      if (!selected) {
        return StateError(errors::kRuntime, fmt::format("The JsonPath argument for the field '{}' could not be found in "
                                                        "the input '{}'",
                                                        path->text(), JsonText(input)));
      }
      args.push_back(std::move(*selected));
    } else {
      const auto& nested = std::get<std::shared_ptr<const IntrinsicCall>>(argument.value);
      ASSIGN_OR_RETURN(json::value value, nested->Evaluate(input, scope));
      args.push_back(std::move(value));
    }
  }
  return Apply(*this, args);
}

}  // namespace sluice::states
