// Job bookmarks: see job_bookmarks.h.
#include "jobs/data/job_bookmarks.h"

#include <algorithm>

#include <boost/json/array.hpp>
#include <fmt/format.h>

#include "common/json.h"

namespace sluice::jobs {

namespace json = boost::json;

Result<BookmarkMode> JobBookmarks::ModeFromArgument(const std::string* option) {
  if (option == nullptr || *option == "job-bookmark-disable") return BookmarkMode::kDisable;
  if (*option == "job-bookmark-enable") return BookmarkMode::kEnable;
  if (*option == "job-bookmark-pause") return BookmarkMode::kPause;
  return AwsError("InvalidInputException", 400,
                  fmt::format("--job-bookmark-option '{}': expected job-bookmark-enable, job-bookmark-disable or "
                              "job-bookmark-pause",
                              *option));
}

JobBookmarks::JobBookmarks(BookmarkMode mode, std::string_view state, int64_t run_start_micros,
                           std::optional<std::string> from, std::optional<std::string> to)
    : mode_(mode), run_start_micros_(run_start_micros), committed_(ParseState(state)) {
  if (from) from_ = ParseState(*from);
  if (to) to_ = ParseState(*to);
}

std::map<std::string, JobBookmarks::SourceState> JobBookmarks::ParseState(std::string_view text) {
  std::map<std::string, SourceState> states;
  auto parsed = ParseJson(text);
  if (!parsed.ok() || !parsed->is_object()) return states;
  for (const auto& [context, value] : parsed->get_object()) {
    if (!value.is_object()) continue;
    const json::object& object = value.get_object();
    SourceState state;
    state.mark = GetInt(object, "highWaterMarkMicros").value_or(INT64_MIN);
    state.band_ms = GetInt(object, "maxBandMillis").value_or(900000);
    if (const json::array* band = GetArray(object, "band")) {
      for (const auto& entry : *band) {
        if (!entry.is_array() || entry.get_array().size() != 2) continue;
        const auto& pair = entry.get_array();
        if (pair[0].is_string() && pair[1].is_int64()) state.band[std::string(pair[0].get_string())] = pair[1].get_int64();
      }
    }
    states[std::string(context)] = std::move(state);
  }
  return states;
}

bool JobBookmarks::SourceState::Processed(const SourceObject& object) const {
  if (object.modified_micros < mark) return true;
  auto it = band.find(object.key);
  return it != band.end() && it->second == object.modified_micros;
}

std::vector<SourceObject> JobBookmarks::Filter(const std::string& context, const std::vector<SourceObject>& objects,
                                               int64_t max_band_ms) {
  if (mode_ == BookmarkMode::kDisable) return objects;
  auto find = [&](const std::map<std::string, SourceState>& states) -> const SourceState* {
    auto it = states.find(context);
    return it == states.end() ? nullptr : &it->second;
  };
  std::vector<SourceObject> out;
  if (mode_ == BookmarkMode::kPause && (from_ || to_)) {
    const SourceState* from = from_ ? find(*from_) : nullptr;
    const SourceState* to = to_ ? find(*to_) : nullptr;
    for (const auto& object : objects) {
      bool after_from = from == nullptr || !from->Processed(object);
      bool up_to = !to_ || (to != nullptr && to->Processed(object));
      if (after_from && up_to) out.push_back(object);
    }
    return out;
  }
  const SourceState* previous = find(committed_);
  for (const auto& object : objects) {
    if (previous == nullptr || !previous->Processed(object)) out.push_back(object);
  }
  if (mode_ == BookmarkMode::kEnable) {
    SourceState next;
    next.band_ms = max_band_ms;
    next.mark = std::max(previous ? previous->mark : INT64_MIN, run_start_micros_ - max_band_ms * 1000);
    for (const auto& object : objects) {
      if (object.modified_micros >= next.mark) next.band[object.key] = object.modified_micros;
    }
    next_[context] = std::move(next);
  }
  return out;
}

std::string JobBookmarks::CommitState() const {
  std::map<std::string, SourceState> states = committed_;
  for (const auto& [context, state] : next_) states[context] = state;
  json::object out;
  for (const auto& [context, state] : states) {
    json::object entry;
    entry["jsonClass"] = "SluiceObjectBookmark";
    entry["highWaterMarkMicros"] = state.mark;
    entry["maxBandMillis"] = state.band_ms;
    json::array band;
    for (const auto& [key, modified] : state.band) band.push_back(json::array{json::value(key), json::value(modified)});
    entry["band"] = std::move(band);
    out[context] = std::move(entry);
  }
  return ToJson(out);
}

}  // namespace sluice::jobs
