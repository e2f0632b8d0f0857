// The metadata store: one SQLite database file per concern (auth, storage, catalog, jobs,
// states, logs, work) under DIR/meta/, in WAL mode with synchronous=FULL, so a committed
// transaction survives a crash of the process or the machine.
//
// The interface is deliberately narrow (SQL text with '?' placeholders, transactions, cursors)
// so that a PostgreSQL backend can stand behind it later. All writes run in one transaction
// on a single writer connection (BEGIN IMMEDIATE); reads run on a pool of reader connections
// and see a consistent snapshot.
//
// Thread safety: Database is thread-safe. A Transaction and its Cursors belong to the thread
// that runs the Write/Read callback and must not escape it.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <absl/functional/function_ref.h>

#include "common/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace sluice::meta {

// A numbered schema change. Versions start at 1 and never change once released: add a new
// migration instead of editing an old one.
struct Migration {
  int version;
  std::string_view sql;  // one or more statements
};

// Bytes to bind as a BLOB (a plain string binds as TEXT).
struct Blob {
  std::string_view bytes;
};

class Connection;

// Results of a query, one row at a time:
//   auto rows = txn.Query("SELECT name, size FROM objects WHERE bucket = ?", bucket);
//   while (rows.Next()) { use(rows.Text(0), rows.Int(1)); }
//   RETURN_IF_ERROR(rows.status());
class Cursor {
 public:
  Cursor(Cursor&& other) noexcept;
  Cursor& operator=(Cursor&&) = delete;
  Cursor(const Cursor&) = delete;
  ~Cursor();

  // Advances to the next row; false at the end or on error (see status()).
  bool Next();
  const Status& status() const { return status_; }

  bool IsNull(int column) const;
  int64_t Int(int column) const;
  double Double(int column) const;
  // Text or blob bytes; valid until the next call to Next().
  std::string_view View(int column) const;
  std::string Text(int column) const { return std::string(View(column)); }
  std::optional<std::string> OptionalText(int column) const;
  std::optional<int64_t> OptionalInt(int column) const;

 private:
  friend class Transaction;
  Cursor(sqlite3_stmt* statement, Status status) : statement_(statement), status_(std::move(status)) {}
  sqlite3_stmt* statement_;
  Status status_;
  bool done_ = false;
};

class Transaction {
 public:
  // Runs a statement that returns no rows.
  template <typename... Args>
  Status Exec(std::string_view sql, const Args&... args) {
    ASSIGN_OR_RETURN(sqlite3_stmt * statement, Prepare(sql));
    RETURN_IF_ERROR(BindAll(statement, 1, args...));
    return StepToEnd(statement);
  }

  // Runs a query; iterate the returned Cursor.
  template <typename... Args>
  Cursor Query(std::string_view sql, const Args&... args) {
    auto statement = Prepare(sql);
    if (!statement.ok()) return Cursor(nullptr, statement.status());
    Status status = BindAll(*statement, 1, args...);
    return Cursor(*statement, std::move(status));
  }

  // The first column of the first row, or nullopt when there is no row.
  template <typename... Args>
  Result<std::optional<int64_t>> QueryInt(std::string_view sql, const Args&... args) {
    Cursor rows = Query(sql, args...);
    std::optional<int64_t> value;
    if (rows.Next()) value = rows.OptionalInt(0);
    RETURN_IF_ERROR(rows.status());
    return value;
  }

  // Rows changed by the last Exec, and the rowid it inserted.
  int64_t changes() const;
  int64_t last_insert_id() const;

 private:
  friend class Database;
  explicit Transaction(Connection* connection) : connection_(connection) {}

  Result<sqlite3_stmt*> Prepare(std::string_view sql);
  Status StepToEnd(sqlite3_stmt* statement);
  Status Bind(sqlite3_stmt* statement, int index, int64_t value);
  Status Bind(sqlite3_stmt* statement, int index, double value);
  Status Bind(sqlite3_stmt* statement, int index, std::string_view value);
  Status Bind(sqlite3_stmt* statement, int index, Blob value);
  Status Bind(sqlite3_stmt* statement, int index, std::nullptr_t);
  Status Bind(sqlite3_stmt* statement, int index, const std::string& value) {
    return Bind(statement, index, std::string_view(value));
  }
  Status Bind(sqlite3_stmt* statement, int index, const char* value) {
    return Bind(statement, index, std::string_view(value));
  }
  Status Bind(sqlite3_stmt* statement, int index, int value) { return Bind(statement, index, int64_t{value}); }
  Status Bind(sqlite3_stmt* statement, int index, unsigned value) { return Bind(statement, index, int64_t{value}); }
  Status Bind(sqlite3_stmt* statement, int index, uint64_t value) {
    return Bind(statement, index, static_cast<int64_t>(value));
  }
  Status Bind(sqlite3_stmt* statement, int index, long long value) {
    return Bind(statement, index, static_cast<int64_t>(value));
  }
  Status Bind(sqlite3_stmt* statement, int index, bool value) { return Bind(statement, index, int64_t{value}); }
  template <typename T>
  Status Bind(sqlite3_stmt* statement, int index, const std::optional<T>& value) {
    if (!value) return Bind(statement, index, nullptr);
    return Bind(statement, index, *value);
  }

  Status BindAll(sqlite3_stmt*, int) { return Status::Ok(); }
  template <typename First, typename... Rest>
  Status BindAll(sqlite3_stmt* statement, int index, const First& first, const Rest&... rest) {
    RETURN_IF_ERROR(Bind(statement, index, first));
    return BindAll(statement, index + 1, rest...);
  }

  Connection* connection_;
};

class Database {
 public:
  struct Options {
    int reader_connections = 4;  // concurrent snapshot readers
    int busy_timeout_ms = 10000;  // wait for another process's writer this long
  };

  // Opens or creates the database at `path` and applies every migration newer than the
  // stored schema version, each in its own transaction.
  static Result<std::unique_ptr<Database>> Open(const std::string& path, std::span<const Migration> migrations,
                                                Options options);
  static Result<std::unique_ptr<Database>> Open(const std::string& path, std::span<const Migration> migrations) {
    return Open(path, migrations, Options{});
  }
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs `fn` in a write transaction: committed when fn returns OK, rolled back otherwise
  // (the Status from fn is returned). Writers are serialised.
  Status Write(absl::FunctionRef<Status(Transaction&)> fn);
  // Runs `fn` in a read-only snapshot.
  Status Read(absl::FunctionRef<Status(Transaction&)> fn);

  const std::string& path() const { return path_; }
  // The schema version after migrations.
  int schema_version() const { return schema_version_; }

 private:
  Database(std::string path, Options options);
  Result<std::unique_ptr<Connection>> Connect(bool writer);
  std::unique_ptr<Connection> AcquireReader();
  void ReleaseReader(std::unique_ptr<Connection> connection);

  const std::string path_;
  const Options options_;
  int schema_version_ = 0;
  std::mutex write_mutex_;
  std::unique_ptr<Connection> writer_;  // guarded by write_mutex_
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;  // guarded by readers_mutex_
};

}  // namespace sluice::meta
