// Custom classifiers (CreateClassifier/UpdateClassifier): one of a Grok, XML, JSON or CSV
// classifier, kept as the members of that union branch. The crawl interprets them
// (crawl/custom_classifiers.h); here they are read from requests, merged on update, checked
// the way Glue checks them (a Grok pattern must compile, a JsonPath must be one the crawler can
// follow, a CSV delimiter and quote must differ), and shown in Glue's shape.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "common/status.h"

namespace sluice::crawler {

// Persisted as the union member names ("GrokClassifier", ...): never rename.
enum class ClassifierKind { kGrok, kXml, kJson, kCsv };
std::string_view ClassifierKindName(ClassifierKind kind);
std::optional<ClassifierKind> ParseClassifierKind(std::string_view name);

struct ClassifierDefinition {
  std::string name;
  ClassifierKind kind = ClassifierKind::kCsv;
  boost::json::object spec;  // the branch's members as given (Name included)
};

struct ClassifierRecord {
  ClassifierDefinition definition;
  int64_t creation_micros = 0;
  int64_t updated_micros = 0;
  int64_t version = 1;
};

// The classifier a CreateClassifier request describes. InvalidInputException unless exactly
// one branch is given.
Result<ClassifierDefinition> ClassifierFromRequest(const boost::json::object& input);
// Merges an UpdateClassifier request's members into `existing`. InvalidInputException when the
// request names a different kind of classifier.
Status MergeClassifierUpdate(const ClassifierDefinition& update, ClassifierDefinition* existing);
// Glue's semantic checks (after the model's). InvalidInputException.
Status ValidateClassifier(const ClassifierDefinition& definition);
// {"<Kind>Classifier": {members..., CreationTime, LastUpdated, Version}}.
boost::json::object ClassifierToJson(const ClassifierRecord& record);

}  // namespace sluice::crawler
