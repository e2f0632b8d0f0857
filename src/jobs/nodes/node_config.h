// Reading a node's JSON configuration with Glue's member names: typed getters whose errors name
// the member ("Mapping[2].ToType is missing"), so a bad job is rejected with a message that
// points at the field. The Glue model has checked JSON types and enums already when the job
// came through the API; `sluice job run` reads files that did not, so everything is checked
// again here.
//
// Thread safety: a reader is used by one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "common/status.h"
#include "jobs/graph/field_path.h"

namespace sluice::jobs {

class NodeConfig {
 public:
  // `prefix` goes before member names in messages ("Mapping[0].").
  explicit NodeConfig(const boost::json::object& object, std::string prefix = "")
      : object_(object), prefix_(std::move(prefix)) {}

  const boost::json::object& object() const { return object_; }
  std::string Name(std::string_view member) const { return prefix_ + std::string(member); }

  Result<std::string> RequireString(std::string_view member) const;
  Result<std::optional<std::string>> OptionalString(std::string_view member) const;
  Result<std::optional<bool>> OptionalBool(std::string_view member) const;
  Result<std::optional<int64_t>> OptionalInt(std::string_view member) const;
  Result<std::optional<double>> OptionalNumber(std::string_view member) const;
  // A required string that must be one of `allowed`.
  Result<std::string> RequireEnum(std::string_view member, const std::vector<std::string>& allowed) const;
  // Absent, or one of `allowed`.
  Result<std::optional<std::string>> OptionalEnum(std::string_view member, const std::vector<std::string>& allowed) const;
  Result<std::vector<std::string>> StringList(std::string_view member, bool required) const;
  Result<FieldPath> RequirePath(std::string_view member) const;
  Result<std::vector<FieldPath>> PathList(std::string_view member, bool required) const;
  // A list of objects (absent: empty unless required).
  Result<std::vector<const boost::json::object*>> ObjectList(std::string_view member, bool required) const;
  const boost::json::object* OptionalObject(std::string_view member) const;

 private:
  Status Missing(std::string_view member) const;
  Status WrongType(std::string_view member, std::string_view expected) const;

  const boost::json::object& object_;
  std::string prefix_;
};

}  // namespace sluice::jobs
