// Grok patterns: see grok_pattern.h. The built-in library below defines the common pattern
// names (numbers, words, hosts and addresses, paths and URIs, dates and times, log levels and
// the Apache log formats) in RE2 syntax.
#include "crawler/crawl/grok_pattern.h"

#include <map>

#include <fmt/format.h>
#include <re2/re2.h>

#include "common/encoding.h"

namespace sluice::crawler {

namespace {

const std::map<std::string, std::string, std::less<>>& BuiltinPatterns() {
  static const auto* patterns = new std::map<std::string, std::string, std::less<>>{
      {"USERNAME", R"([a-zA-Z0-9._-]+)"},
      {"USER", R"(%{USERNAME})"},
      {"INT", R"((?:[+-]?(?:[0-9]+)))"},
      {"BASE10NUM", R"([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))"},
      {"NUMBER", R"((?:%{BASE10NUM}))"},
      {"BASE16NUM", R"([+-]?(?:0[xX])?[0-9A-Fa-f]+)"},
      {"BASE16FLOAT", R"([+-]?(?:0[xX])?(?:[0-9A-Fa-f]+(?:\.[0-9A-Fa-f]*)?|\.[0-9A-Fa-f]+))"},
      {"POSINT", R"(\b(?:[1-9][0-9]*)\b)"},
      {"NONNEGINT", R"(\b(?:[0-9]+)\b)"},
      {"WORD", R"(\b\w+\b)"},
      {"NOTSPACE", R"(\S+)"},
      {"SPACE", R"(\s*)"},
      {"DATA", R"(.*?)"},
      {"GREEDYDATA", R"(.*)"},
      {"QUOTEDSTRING", R"((?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`))"},
      {"QS", R"(%{QUOTEDSTRING})"},
      {"UUID", R"([A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12})"},
      {"MAC", R"((?:[A-Fa-f0-9]{2}(?:[:-][A-Fa-f0-9]{2}){5}|[A-Fa-f0-9]{4}\.[A-Fa-f0-9]{4}\.[A-Fa-f0-9]{4}))"},
      {"IPV4", R"((?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9]))"},
      {"IPV6", R"((?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%[0-9A-Za-z]+)?)"},
      {"IP", R"((?:%{IPV6}|%{IPV4}))"},
      {"HOSTNAME", R"(\b(?:[0-9A-Za-z][0-9A-Za-z-]{0,62})(?:\.(?:[0-9A-Za-z][0-9A-Za-z-]{0,62}))*\.?\b)"},
      {"HOST", R"(%{HOSTNAME})"},
      {"IPORHOST", R"((?:%{IP}|%{HOSTNAME}))"},
      {"HOSTPORT", R"(%{IPORHOST}:%{POSINT})"},
      {"UNIXPATH", R"((?:/[\w_%!$@:.,+~-]*)+)"},
      {"WINPATH", R"((?:[A-Za-z]+:|\\)(?:\\[^\\?*]*)+)"},
      {"PATH", R"((?:%{UNIXPATH}|%{WINPATH}))"},
      {"URIPROTO", R"([A-Za-z][A-Za-z0-9+\-.]*)"},
      {"URIHOST", R"(%{IPORHOST}(?::%{POSINT})?)"},
      {"URIPATH", R"((?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_\-]*)+)"},
      {"URIPARAM", R"(\?[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\-\[\]<>]*)"},
      {"URIPATHPARAM", R"(%{URIPATH}(?:%{URIPARAM})?)"},
      {"URI", R"(%{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATHPARAM})?)"},
      {"MONTH", R"(\b(?:[Jj]an(?:uary|uar)?|[Ff]eb(?:ruary|ruar)?|[Mm](?:a|ä)?r(?:ch|z)?|[Aa]pr(?:il)?|[Mm]a(?:y|i)?|[Jj]un(?:e|i)?|[Jj]ul(?:y)?|[Aa]ug(?:ust)?|[Ss]ep(?:tember)?|[Oo](?:c|k)?t(?:ober)?|[Nn]ov(?:ember)?|[Dd]e(?:c|z)(?:ember)?)\b)"},
      {"MONTHNUM", R"((?:0?[1-9]|1[0-2]))"},
      {"MONTHNUM2", R"((?:0[1-9]|1[0-2]))"},
      {"MONTHDAY", R"((?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9]))"},
      {"DAY", R"((?:Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?))"},
      {"YEAR", R"((?:\d\d){1,2})"},
      {"HOUR", R"((?:2[0123]|[01]?[0-9]))"},
      {"MINUTE", R"((?:[0-5][0-9]))"},
      {"SECOND", R"((?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?))"},
      {"TIME", R"(%{HOUR}:%{MINUTE}(?::%{SECOND})?)"},
      {"DATE_US", R"(%{MONTHNUM}[/-]%{MONTHDAY}[/-]%{YEAR})"},
      {"DATE_EU", R"(%{MONTHDAY}[./-]%{MONTHNUM}[./-]%{YEAR})"},
      {"ISO8601_TIMEZONE", R"((?:Z|[+-]%{HOUR}(?::?%{MINUTE})))"},
      {"ISO8601_SECOND", R"((?:%{SECOND}|60))"},
      {"TIMESTAMP_ISO8601",
       R"(%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?)"},
      {"DATE", R"(%{DATE_US}|%{DATE_EU})"},
      {"DATESTAMP", R"(%{DATE}[- ]%{TIME})"},
      {"TZ", R"((?:[APMCE][SD]T|UTC))"},
      {"DATESTAMP_RFC822", R"(%{DAY} %{MONTH} %{MONTHDAY} %{YEAR} %{TIME} %{TZ})"},
      {"HTTPDATE", R"(%{MONTHDAY}/%{MONTH}/%{YEAR}:%{TIME} %{INT})"},
      {"SYSLOGTIMESTAMP", R"(%{MONTH} +%{MONTHDAY} %{TIME})"},
      {"PROG", R"([\x21-\x5a\x5c\x5e-\x7e]+)"},
      {"SYSLOGPROG", R"(%{PROG}(?:\[%{POSINT}\])?)"},
      {"SYSLOGHOST", R"(%{IPORHOST})"},
      {"SYSLOGBASE", R"(%{SYSLOGTIMESTAMP} (?:%{SYSLOGHOST} )?%{SYSLOGPROG}:)"},
      {"LOGLEVEL",
       R"(([Aa]lert|ALERT|[Tt]race|TRACE|[Dd]ebug|DEBUG|[Nn]otice|NOTICE|[Ii]nfo|INFO|[Ww]arn?(?:ing)?|WARN?(?:ING)?|[Ee]rr?(?:or)?|ERR?(?:OR)?|[Cc]rit?(?:ical)?|CRIT?(?:ICAL)?|[Ff]atal|FATAL|[Ss]evere|SEVERE|EMERG(?:ENCY)?|[Ee]merg(?:ency)?))"},
      {"COMMONAPACHELOG",
       R"re(%{IPORHOST} %{USER} %{USER} \[%{HTTPDATE}\] "(?:%{WORD} %{NOTSPACE}(?: HTTP/%{NUMBER})?|%{DATA})" %{NUMBER} (?:%{NUMBER}|-))re"},
      {"COMBINEDAPACHELOG", R"(%{COMMONAPACHELOG} %{QS} %{QS})"},
  };
  return *patterns;
}

Result<std::string> HiveTypeOf(std::string_view grok_type) {
  std::string type = AsciiLower(grok_type);
  if (type.empty() || type == "string") return std::string("string");
  if (type == "byte") return std::string("tinyint");
  if (type == "short") return std::string("smallint");
  if (type == "int" || type == "integer") return std::string("int");
  if (type == "long") return std::string("bigint");
  if (type == "float") return std::string("float");
  if (type == "double") return std::string("double");
  if (type == "boolean") return std::string("boolean");
  if (type == "date") return std::string("date");
  if (type == "timestamp") return std::string("timestamp");
  return InvalidArgument(fmt::format("Grok field type '{}' is not supported", grok_type));
}

constexpr int kMaxExpansionDepth = 30;
constexpr size_t kMaxRegexBytes = 256 << 10;

class Expander {
 public:
  Expander(const std::map<std::string, std::string, std::less<>>& custom, std::vector<GrokPattern::Field>* fields)
      : custom_(custom), fields_(fields) {}

  Status Expand(std::string_view pattern, int depth, std::string* out) {
    if (depth > kMaxExpansionDepth) return InvalidArgument("Grok patterns nest too deeply (is there a cycle?)");
    size_t i = 0;
    while (i < pattern.size()) {
      size_t start = pattern.find("%{", i);
      if (start == std::string_view::npos) {
        out->append(pattern.substr(i));
        break;
      }
      out->append(pattern.substr(i, start - i));
      size_t end = pattern.find('}', start);
      if (end == std::string_view::npos) return InvalidArgument("Unterminated %{ in Grok pattern");
      std::string_view inside = pattern.substr(start + 2, end - start - 2);
      size_t colon = inside.find(':');
      std::string_view name = inside.substr(0, colon);
      std::string_view field, type;
      if (colon != std::string_view::npos) {
        std::string_view rest = inside.substr(colon + 1);
        size_t second = rest.find(':');
        field = rest.substr(0, second);
        if (second != std::string_view::npos) type = rest.substr(second + 1);
      }
      std::string_view definition;
      if (auto it = custom_.find(name); it != custom_.end()) {
        definition = it->second;
      } else if (auto builtin = BuiltinPatterns().find(name); builtin != BuiltinPatterns().end()) {
        definition = builtin->second;
      } else {
        return InvalidArgument(fmt::format("Unknown Grok pattern name '{}'", name));
      }
      if (!field.empty()) {
        for (const auto& existing : *fields_) {
          if (existing.name == field) return InvalidArgument(fmt::format("Grok field '{}' is named twice", field));
        }
        ASSIGN_OR_RETURN(std::string hive_type, HiveTypeOf(type));
        fields_->push_back({std::string(field), hive_type});
        *out += fmt::format("(?P<f{}>", fields_->size() - 1);
      } else {
        *out += "(?:";
      }
      RETURN_IF_ERROR(Expand(definition, depth + 1, out));
      *out += ")";
      if (out->size() > kMaxRegexBytes) return InvalidArgument("Grok pattern expands to an expression that is too large");
      i = end + 1;
    }
    return Status::Ok();
  }

 private:
  const std::map<std::string, std::string, std::less<>>& custom_;
  std::vector<GrokPattern::Field>* fields_;
};

}  // namespace

Result<GrokPattern> GrokPattern::Compile(std::string_view pattern, std::string_view custom_patterns) {
  std::map<std::string, std::string, std::less<>> custom;
  size_t start = 0;
  while (start < custom_patterns.size()) {
    size_t end = custom_patterns.find('\n', start);
    std::string_view line = custom_patterns.substr(start, end == std::string_view::npos ? std::string_view::npos
                                                                                         : end - start);
    start = end == std::string_view::npos ? custom_patterns.size() : end + 1;
    line = TrimSpaces(line);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    size_t space = line.find_first_of(" \t");
    if (space == std::string_view::npos) {
      return InvalidArgument(fmt::format("Custom Grok pattern line '{}' needs a name and a pattern", line));
    }
    custom[std::string(line.substr(0, space))] = std::string(TrimSpaces(line.substr(space + 1)));
  }
  GrokPattern compiled;
  Expander expander(custom, &compiled.fields_);
  RETURN_IF_ERROR(expander.Expand(pattern, 0, &compiled.regex_text_));
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  auto regex = std::make_shared<RE2>(compiled.regex_text_, options);
  if (!regex->ok()) return InvalidArgument(fmt::format("Grok pattern does not compile: {}", regex->error()));
  const auto& groups = regex->NamedCapturingGroups();
  for (size_t i = 0; i < compiled.fields_.size(); ++i) {
    auto it = groups.find(fmt::format("f{}", i));
    compiled.field_groups_.push_back(it == groups.end() ? -1 : it->second);
  }
  compiled.regex_ = std::move(regex);
  return compiled;
}

bool GrokPattern::Match(std::string_view line, std::vector<std::string_view>* values) const {
  int groups = regex_->NumberOfCapturingGroups();
  std::vector<re2::StringPiece> captures(static_cast<size_t>(groups) + 1);
  if (!regex_->Match(re2::StringPiece(line.data(), line.size()), 0, line.size(), RE2::ANCHOR_BOTH, captures.data(),
                     groups + 1)) {
    return false;
  }
  values->clear();
  for (int group : field_groups_) {
    if (group < 0 || captures[group].data() == nullptr) {
      values->emplace_back();
    } else {
      values->emplace_back(captures[group].data(), captures[group].size());
    }
  }
  return true;
}

}  // namespace sluice::crawler
