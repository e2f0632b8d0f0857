// Exclusion globs: see exclusion_glob.h.
#include "crawler/crawl/exclusion_glob.h"

#include <fmt/format.h>
#include <re2/re2.h>

namespace sluice::crawler {

namespace {

void AppendLiteral(char c, std::string* out) {
  if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
    out->push_back(c);
  } else {
    out->push_back('\\');
    out->push_back(c);
  }
}

}  // namespace

Result<std::string> GlobToRegex(std::string_view pattern) {
  std::string out;
  bool in_braces = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    switch (c) {
      case '\\':
        if (i + 1 < pattern.size()) AppendLiteral(pattern[++i], &out);
        else AppendLiteral('\\', &out);
        break;
      case '*':
        if (i + 1 < pattern.size() && pattern[i + 1] == '*') {
          out += ".*";
          ++i;
        } else {
          out += "[^/]*";
        }
        break;
      case '?':
        out += "[^/]";
        break;
      case '[': {
        size_t end = i + 1;
        if (end < pattern.size() && pattern[end] == '!') ++end;
        if (end < pattern.size() && pattern[end] == ']') ++end;  // ']' first is literal
        while (end < pattern.size() && pattern[end] != ']') ++end;
        if (end >= pattern.size()) return InvalidArgument(fmt::format("Unclosed '[' in exclusion pattern '{}'", pattern));
        std::string_view set = pattern.substr(i + 1, end - i - 1);
        out += '[';
        size_t j = 0;
        if (!set.empty() && set[0] == '!') {
          out += '^';
          j = 1;
        }
        for (; j < set.size(); ++j) {
          char s = set[j];
          bool range = s == '-' && j != 0 && !(j == 1 && set[0] == '!') && j + 1 < set.size();
          if (range) {
            out += '-';
          } else if (std::isalnum(static_cast<unsigned char>(s))) {
            out += s;
          } else {
            out += '\\';
            out += s;
          }
        }
        out += ']';
        i = end;
        break;
      }
      case '{':
        if (in_braces) return InvalidArgument(fmt::format("Nested '{{' in exclusion pattern '{}'", pattern));
        in_braces = true;
        out += "(?:";
        break;
      case '}':
        if (!in_braces) {
          AppendLiteral(c, &out);
        } else {
          in_braces = false;
          out += ')';
        }
        break;
      case ',':
        if (in_braces) out += '|';
        else AppendLiteral(c, &out);
        break;
      default:
        AppendLiteral(c, &out);
    }
  }
  if (in_braces) return InvalidArgument(fmt::format("Unclosed '{{' in exclusion pattern '{}'", pattern));
  return out;
}

Result<ExclusionGlob> ExclusionGlob::Compile(std::string_view pattern) {
  ASSIGN_OR_RETURN(std::string regex, GlobToRegex(pattern));
  RE2::Options options;
  options.set_log_errors(false);
  auto compiled = std::make_shared<RE2>(regex, options);
  if (!compiled->ok()) {
    return InvalidArgument(fmt::format("Exclusion pattern '{}' is not valid: {}", pattern, compiled->error()));
  }
  ExclusionGlob glob;
  glob.pattern_ = std::string(pattern);
  glob.regex_ = std::move(compiled);
  return glob;
}

bool ExclusionGlob::Matches(std::string_view relative_key) const {
  return RE2::FullMatch(re2::StringPiece(relative_key.data(), relative_key.size()), *regex_);
}

}  // namespace sluice::crawler
