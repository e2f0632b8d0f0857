// Group commit: see journal_writer.h.
#include "states/interpreter/journal_writer.h"

#include <spdlog/spdlog.h>

namespace sluice::states {

JournalWriter::JournalWriter(ExecutionStore* store) : store_(store) { thread_ = std::thread([this] { Loop(); }); }

JournalWriter::~JournalWriter() { Shutdown(); }

void JournalWriter::Submit(JournalBatch batch) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(batch));
    ++submitted_;
  }
  wake_.notify_one();
}

void JournalWriter::Flush() {
  std::unique_lock lock(mutex_);
  uint64_t target = submitted_;
  drained_.wait(lock, [&] { return written_ >= target || (stopping_ && !thread_.joinable()); });
}

void JournalWriter::Shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  drained_.notify_all();
}

void JournalWriter::Loop() {
  std::vector<JournalBatch> batches;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      batches.swap(queue_);
    }
    Status status = Apply(batches);
    if (!status.ok()) spdlog::error("states: writing execution history failed: {}", status.ToString());
    else commits_.fetch_add(1, std::memory_order_relaxed);
    for (auto& batch : batches) {
      if (batch.on_durable) batch.on_durable(status);
    }
    {
      std::lock_guard lock(mutex_);
      written_ += batches.size();
    }
    drained_.notify_all();
    batches.clear();
  }
}

Status JournalWriter::Apply(std::vector<JournalBatch>& batches) {
  return store_->database().Write([&](meta::Transaction& txn) -> Status {
    for (const auto& batch : batches) {
      if (batch.insert) {
        const ExecutionRow& row = *batch.insert;
        RETURN_IF_ERROR(txn.Exec(
            "INSERT INTO executions (id, arn, machine_arn, version_arn, alias_arn, name, status, definition, role_arn, "
            "input, start_micros, redrive_count, next_event_id, trace_header, parent_token, map_run_arn) VALUES "
            "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            row.id, row.arn, row.machine_arn, row.version_arn, row.alias_arn, row.name,
            std::string(ExecutionStatusName(row.status)), row.definition, row.role_arn, row.input, row.start_micros,
            row.redrive_count, row.next_event_id, row.trace_header, row.parent_token, row.map_run_arn));
      }
      for (const auto& event : batch.events) {
        RETURN_IF_ERROR(txn.Exec(
            "INSERT OR REPLACE INTO events (execution_id, id, previous_id, timestamp_micros, type, details) VALUES "
            "(?,?,?,?,?,?)",
            batch.execution_id, event.id, event.previous_id, event.timestamp_micros, event.type, event.details));
      }
      if (batch.delete_all_frames) {
        RETURN_IF_ERROR(txn.Exec("DELETE FROM frames WHERE execution_id = ?", batch.execution_id));
      } else {
        for (uint32_t frame : batch.deleted_frames) {
          RETURN_IF_ERROR(
              txn.Exec("DELETE FROM frames WHERE execution_id = ? AND frame_id = ?", batch.execution_id, frame));
        }
        for (const auto& [frame, snapshot] : batch.frames) {
          RETURN_IF_ERROR(txn.Exec("INSERT OR REPLACE INTO frames (execution_id, frame_id, snapshot) VALUES (?,?,?)",
                                   batch.execution_id, frame, snapshot));
        }
      }
      if (batch.update) {
        const ExecutionUpdate& u = *batch.update;
        RETURN_IF_ERROR(txn.Exec(
            "UPDATE executions SET status = ?, output = ?, error = ?, cause = ?, stop_micros = ?, redrive_count = ?, "
            "redrive_micros = ? WHERE id = ?",
            std::string(ExecutionStatusName(u.status)), u.output, u.error, u.cause, u.stop_micros, u.redrive_count,
            u.redrive_micros, batch.execution_id));
      }
      if (batch.next_event_id > 0) {
        RETURN_IF_ERROR(
            txn.Exec("UPDATE executions SET next_event_id = ? WHERE id = ?", batch.next_event_id, batch.execution_id));
      }
    }
    return Status::Ok();
  });
}

}  // namespace sluice::states
