// Job bookmarks for S3 and catalog sources: which objects earlier successful runs processed,
// so that with --job-bookmark-option job-bookmark-enable a run reads only objects that are
// new or modified since. State is kept per source node (Glue's transformation context) as a
// high-water mark of modification times plus the objects modified within MaxBand before it
// (tracked by name, so that an object that became visible late is still read once):
//
//   an object was processed  ⇔  modified < mark, or (key, modified) is in the band list
//   after a run: mark = max(old mark, run start − MaxBand); band = listed objects ≥ mark
//
// The committed state is the opaque JobBookmark string of GetJobBookmark:
//   {"<node id>": {"jsonClass": "SluiceObjectBookmark", "highWaterMarkMicros": ...,
//                  "maxBandMillis": ..., "band": [["key", modifiedMicros], ...]}}
// (docs/formats/jobs-metadata.md). Modes: enable reads new objects and commits; pause reads
// new objects (or, with --job-bookmark-from/--job-bookmark-to, those processed after run
// "from" up to run "to") and commits nothing; disable reads everything.
//
// Thread safety: a JobBookmarks belongs to one run, used by one thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "common/status.h"
#include "jobs/data/object_listing.h"

namespace sluice::jobs {

enum class BookmarkMode { kDisable, kEnable, kPause };

class JobBookmarks {
 public:
  // From the run's arguments: --job-bookmark-option job-bookmark-enable | -disable | -pause.
  // InvalidInputException for another value.
  static Result<BookmarkMode> ModeFromArgument(const std::string* option);

  // `state`: the job's committed bookmark (or "" for none). With pause and a range, `from`
  // and `to` are the states committed by those runs.
  JobBookmarks(BookmarkMode mode, std::string_view state, int64_t run_start_micros,
               std::optional<std::string> from = std::nullopt, std::optional<std::string> to = std::nullopt);

  BookmarkMode mode() const { return mode_; }
  // The objects of source `context` the run should read; remembers the listing for Commit.
  std::vector<SourceObject> Filter(const std::string& context, const std::vector<SourceObject>& objects,
                                   int64_t max_band_ms);
  // The state to commit when the run succeeds (enable mode); sources the run did not list
  // keep their old state.
  std::string CommitState() const;

 private:
  struct SourceState {
    int64_t mark = INT64_MIN;  // objects modified before are processed
    int64_t band_ms = 900000;
    std::map<std::string, int64_t> band;  // key → modified micros
    bool Processed(const SourceObject& object) const;
  };
  static std::map<std::string, SourceState> ParseState(std::string_view text);

  BookmarkMode mode_;
  int64_t run_start_micros_;
  std::map<std::string, SourceState> committed_;
  std::optional<std::map<std::string, SourceState>> from_;
  std::optional<std::map<std::string, SourceState>> to_;
  std::map<std::string, SourceState> next_;  // what this run commits, per listed source
};

}  // namespace sluice::jobs
