// SQLite-backed metadata store: see database.h.
#include "meta/database.h"

#include <sqlite3.h>

#include <unordered_map>

#include <fmt/format.h>

namespace sluice::meta {

// One SQLite connection with its cache of prepared statements (SQL text → statement).
class Connection {
 public:
  explicit Connection(sqlite3* handle) : handle_(handle) {}
  ~Connection() {
    for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
    sqlite3_close_v2(handle_);
  }

  sqlite3* handle() const { return handle_; }

  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    auto it = statements_.find(std::string(sql));
    if (it != statements_.end()) {
      sqlite3_reset(it->second);
      sqlite3_clear_bindings(it->second);
      return it->second;
    }
    sqlite3_stmt* statement = nullptr;
    int rc = sqlite3_prepare_v3(handle_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &statement, nullptr);
    if (rc != SQLITE_OK) {
      return Internal(fmt::format("preparing SQL failed ({}): {}", sqlite3_errmsg(handle_), sql));
    }
    statements_.emplace(std::string(sql), statement);
    return statement;
  }

  Status ExecScript(std::string_view sql) {
    char* error = nullptr;
    std::string text(sql);
    if (sqlite3_exec(handle_, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      return ErrorFor(message);
    }
    return Status::Ok();
  }

  Status ErrorFor(std::string_view what) const {
    int code = sqlite3_errcode(handle_);
    std::string message = fmt::format("{}: {}", what, sqlite3_errmsg(handle_));
    if (code == SQLITE_CONSTRAINT) return AlreadyExists(message);
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return Unavailable(message);
    if (code == SQLITE_FULL || code == SQLITE_IOERR) return IoError(message);
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return DataLoss(message);
    return Internal(message);
  }

 private:
  sqlite3* handle_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

// --- Cursor ---

Cursor::Cursor(Cursor&& other) noexcept
    : statement_(other.statement_), status_(std::move(other.status_)), done_(other.done_) {
  other.statement_ = nullptr;
}

Cursor::~Cursor() {
  if (statement_) sqlite3_reset(statement_);
}

bool Cursor::Next() {
  if (!status_.ok() || done_ || !statement_) return false;
  int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  done_ = true;
  if (rc != SQLITE_DONE) {
    sqlite3* db = sqlite3_db_handle(statement_);
    status_ = Internal(fmt::format("query failed: {}", sqlite3_errmsg(db)));
  }
  return false;
}

bool Cursor::IsNull(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }
int64_t Cursor::Int(int column) const { return sqlite3_column_int64(statement_, column); }
double Cursor::Double(int column) const { return sqlite3_column_double(statement_, column); }

std::string_view Cursor::View(int column) const {
  const void* data = sqlite3_column_blob(statement_, column);
  int size = sqlite3_column_bytes(statement_, column);
  if (!data) return {};
  return std::string_view(static_cast<const char*>(data), static_cast<size_t>(size));
}

std::optional<std::string> Cursor::OptionalText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

std::optional<int64_t> Cursor::OptionalInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

// --- Transaction ---

Result<sqlite3_stmt*> Transaction::Prepare(std::string_view sql) { return connection_->Prepare(sql); }

Status Transaction::StepToEnd(sqlite3_stmt* statement) {
  int rc;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
  }
  Status status;
  if (rc != SQLITE_DONE) status = connection_->ErrorFor("statement failed");
  sqlite3_reset(statement);
  return status;
}

Status Transaction::Bind(sqlite3_stmt* statement, int index, int64_t value) {
  if (sqlite3_bind_int64(statement, index, value) != SQLITE_OK) return connection_->ErrorFor("bind");
  return Status::Ok();
}
Status Transaction::Bind(sqlite3_stmt* statement, int index, double value) {
  if (sqlite3_bind_double(statement, index, value) != SQLITE_OK) return connection_->ErrorFor("bind");
  return Status::Ok();
}
Status Transaction::Bind(sqlite3_stmt* statement, int index, std::string_view value) {
  if (sqlite3_bind_text64(statement, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8) != SQLITE_OK) {
    return connection_->ErrorFor("bind");
  }
  return Status::Ok();
}
Status Transaction::Bind(sqlite3_stmt* statement, int index, Blob value) {
  if (sqlite3_bind_blob64(statement, index, value.bytes.data(), value.bytes.size(), SQLITE_TRANSIENT) != SQLITE_OK) {
    return connection_->ErrorFor("bind");
  }
  return Status::Ok();
}
Status Transaction::Bind(sqlite3_stmt* statement, int index, std::nullptr_t) {
  if (sqlite3_bind_null(statement, index) != SQLITE_OK) return connection_->ErrorFor("bind");
  return Status::Ok();
}

int64_t Transaction::changes() const { return sqlite3_changes64(connection_->handle()); }
int64_t Transaction::last_insert_id() const { return sqlite3_last_insert_rowid(connection_->handle()); }

// --- Database ---

Result<std::unique_ptr<Connection>> Database::Connect(bool writer) {
  sqlite3* handle = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path_.c_str(), &handle, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = handle ? sqlite3_errmsg(handle) : "out of memory";
    sqlite3_close_v2(handle);
    return IoError(fmt::format("opening metadata database {}: {}", path_, message));
  }
  auto connection = std::make_unique<Connection>(handle);
  sqlite3_busy_timeout(handle, options_.busy_timeout_ms);
  sqlite3_extended_result_codes(handle, 0);
  RETURN_IF_ERROR(connection->ExecScript(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"));
  if (!writer) RETURN_IF_ERROR(connection->ExecScript("PRAGMA query_only=ON;"));
  return connection;
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, std::span<const Migration> migrations,
                                                 Options options) {
  std::unique_ptr<Database> db(new Database(path, options));
  ASSIGN_OR_RETURN(db->writer_, db->Connect(/*writer=*/true));
  Connection& writer = *db->writer_;

  int current = 0;
  {
    ASSIGN_OR_RETURN(sqlite3_stmt * statement, writer.Prepare("PRAGMA user_version"));
    if (sqlite3_step(statement) == SQLITE_ROW) current = sqlite3_column_int(statement, 0);
    sqlite3_reset(statement);
  }
  int newest = current;
  for (const Migration& migration : migrations) {
    if (migration.version <= current) continue;
    RETURN_IF_ERROR(writer.ExecScript("BEGIN IMMEDIATE"));
    Status status = writer.ExecScript(migration.sql);
    if (status.ok()) status = writer.ExecScript(fmt::format("PRAGMA user_version = {}", migration.version));
    if (status.ok()) status = writer.ExecScript("COMMIT");
    if (!status.ok()) {
      writer.ExecScript("ROLLBACK").IgnoreError();
      return status.WithContext(fmt::format("{}: migration {}", path, migration.version));
    }
    newest = migration.version;
  }
  db->schema_version_ = newest;
  return db;
}

Database::Database(std::string path, Options options) : path_(std::move(path)), options_(options) {}

Database::~Database() = default;

Status Database::Write(absl::FunctionRef<Status(Transaction&)> fn) {
  std::lock_guard lock(write_mutex_);
  RETURN_IF_ERROR(writer_->ExecScript("BEGIN IMMEDIATE"));
  Transaction transaction(writer_.get());
  Status status = fn(transaction);
  if (status.ok()) {
    status = writer_->ExecScript("COMMIT");
    if (status.ok()) return status;
  }
  writer_->ExecScript("ROLLBACK").IgnoreError();
  return status;
}

std::unique_ptr<Connection> Database::AcquireReader() {
  std::lock_guard lock(readers_mutex_);
  if (idle_readers_.empty()) return nullptr;
  auto connection = std::move(idle_readers_.back());
  idle_readers_.pop_back();
  return connection;
}

void Database::ReleaseReader(std::unique_ptr<Connection> connection) {
  std::lock_guard lock(readers_mutex_);
  if (idle_readers_.size() < static_cast<size_t>(options_.reader_connections)) {
    idle_readers_.push_back(std::move(connection));
  }
}

Status Database::Read(absl::FunctionRef<Status(Transaction&)> fn) {
  auto connection = AcquireReader();
  if (!connection) {
    ASSIGN_OR_RETURN(connection, Connect(/*writer=*/false));
  }
  RETURN_IF_ERROR(connection->ExecScript("BEGIN"));
  Transaction transaction(connection.get());
  Status status = fn(transaction);
  Status end = connection->ExecScript("COMMIT");
  if (!end.ok()) connection->ExecScript("ROLLBACK").IgnoreError();
  ReleaseReader(std::move(connection));
  return status.ok() ? end : status;
}

}  // namespace sluice::meta
