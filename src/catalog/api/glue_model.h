// The input shapes of the AWS Glue API, generated from botocore's service model
// (glue_model_data.cc, by generate_glue_model.py), and request validation against them the way
// AWS's front end validates before an operation runs: required members, JSON types, string and
// collection lengths, numeric ranges, enum values and patterns (through RE2).
//
// A constraint violation becomes ValidationException with AWS's message ("1 validation error
// detected: Value '' at 'databaseInput.name' failed to satisfy constraint: Member must have
// length greater than or equal to 1"); a member of the wrong JSON type becomes
// SerializationException, as in every AWS JSON protocol service.
//
// Thread safety: the model is built once (on first use) and is immutable afterwards;
// ValidateInput may be called concurrently.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "common/status.h"

namespace sluice::catalog {

// The generated model text, in chunks (glue_model_data.cc).
extern const char* const kGlueModelChunks[];
extern const size_t kGlueModelChunkCount;

class GlueModel {
 public:
  // The model, parsed on first use.
  static const GlueModel& Get();

  // OK when `input` satisfies the input shape of `operation` (unknown operations and unknown
  // members are not this function's concern and pass). Otherwise ValidationException or
  // SerializationException (HTTP 400) describing every violation found.
  Status ValidateInput(std::string_view operation, const boost::json::object& input) const;

  bool HasOperation(std::string_view operation) const;
  size_t shape_count() const;

  GlueModel(const GlueModel&) = delete;
  GlueModel& operator=(const GlueModel&) = delete;
  ~GlueModel();

 private:
  GlueModel();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice::catalog
