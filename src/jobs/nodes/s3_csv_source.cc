// S3CsvSource: see s3_csv_source.h.
#include "jobs/nodes/s3_csv_source.h"

#include <fmt/format.h>

#include "jobs/nodes/s3_source_node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseS3CsvSource(NodeHeader header, const boost::json::object& object) {
  NodeConfig config(object);
  ASSIGN_OR_RETURN(S3SourceSpec spec, ParseCommonS3SourceMembers(config, DataFormat::kCsv));
  ASSIGN_OR_RETURN(std::string separator,
                   config.RequireEnum("Separator", {"comma", "ctrla", "pipe", "semicolon", "tab"}));
  spec.read.csv.separator = separator == "comma"       ? ','
                            : separator == "ctrla"     ? '\x01'
                            : separator == "pipe"      ? '|'
                            : separator == "semicolon" ? ';'
                                                       : '\t';
  ASSIGN_OR_RETURN(std::string quote,
                   config.RequireEnum("QuoteChar", {"quote", "quillemet", "single_quote", "disabled"}));
  if (quote == "quillemet") {
    return InvalidArgument("QuoteChar quillemet («) is not supported: Sluice's CSV reader takes a one-byte quote "
                           "character (quote, single_quote or disabled)");
  }
  spec.read.csv.quote = quote == "quote" ? '"' : quote == "single_quote" ? '\'' : '\0';
  ASSIGN_OR_RETURN(auto escaper, config.OptionalString("Escaper"));
  if (escaper && !escaper->empty()) {
    if (escaper->size() != 1) return InvalidArgument("Escaper must be a single character");
    spec.read.csv.escaper = (*escaper)[0];
  }
  ASSIGN_OR_RETURN(auto with_header, config.OptionalBool("WithHeader"));
  spec.read.csv.with_header = with_header.value_or(false);
  ASSIGN_OR_RETURN(auto skip_first, config.OptionalBool("SkipFirst"));
  spec.read.csv.skip_first = skip_first.value_or(false);
  ASSIGN_OR_RETURN(auto multiline, config.OptionalBool("Multiline"));
  spec.read.csv.multiline = multiline.value_or(false);
  ASSIGN_OR_RETURN(auto compression, config.OptionalString("CompressionType"));
  if (compression && *compression != "gzip" && *compression != "bzip2") {
    return InvalidArgument(fmt::format("CompressionType is '{}'; expected gzip or bzip2", *compression));
  }
  return std::unique_ptr<Node>(new S3SourceNode(std::move(header), std::move(spec)));
}

}  // namespace sluice::jobs
