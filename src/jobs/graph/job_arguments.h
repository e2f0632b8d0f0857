// Job arguments inside a visual job's nodes: any string member of a node may refer to a run
// argument as ${name} — the argument "--name" (or "name") of the run, after DefaultArguments,
// the run's Arguments and NonOverridableArguments are merged — so that one job reads
// s3://lake/raw/${run_date}/ or filters on ${country} per run. "$${" stands for a literal
// "${". This is a Sluice extension: AWS Glue Studio does not substitute arguments in nodes.
//
// Thread safety: pure functions.
#pragma once

#include <boost/json/object.hpp>

#include "common/status.h"
#include "jobs/job_definition.h"

namespace sluice::jobs {

// A copy of `nodes` with every ${name} replaced. InvalidInputException naming the node and
// the member for a reference to an argument the run does not have, or an unclosed "${".
Result<boost::json::object> SubstituteArguments(const boost::json::object& nodes, const Arguments& arguments);

// One string: ${name} replaced (`where` names it in errors).
Result<std::string> SubstituteText(std::string_view text, const Arguments& arguments, const std::string& where);

}  // namespace sluice::jobs
