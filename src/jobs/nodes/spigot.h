// Spigot: passes its input through unchanged and writes a sample of it as JSON lines under
// Path (an S3 folder). Topk: at most this many records (0–100, default 100), from the start of
// the data; Prob: each record is kept with this probability (0–1, default 1) before Topk
// applies. The sample is written while the job's targets run.
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseSpigot(NodeHeader header, const boost::json::object& config);

}  // namespace sluice::jobs
