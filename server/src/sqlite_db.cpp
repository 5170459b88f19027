// SQLite connection and statement wrappers (Debian's libsqlite3).
#include "sqlite_db.h"

#include <sqlite3.h>

#include <utility>

namespace ImContactReceiver
{

SqliteStmt::~SqliteStmt() { if (stmt_) sqlite3_finalize(stmt_); }

SqliteStmt::SqliteStmt(SqliteStmt&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }

SqliteStmt& SqliteStmt::operator=(SqliteStmt&& o) noexcept
{
    if (this != &o)
    {
        if (stmt_) sqlite3_finalize(stmt_);
        db_ = o.db_;
        stmt_ = o.stmt_;
        o.stmt_ = nullptr;
    }
    return *this;
}

void SqliteStmt::Bind(int index, const std::string& text)
{
    if (stmt_) sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void SqliteStmt::Bind(int index, int64_t value)
{
    if (stmt_) sqlite3_bind_int64(stmt_, index, value);
}

void SqliteStmt::BindBlob(int index, const std::vector<uint8_t>& bytes)
{
    if (!stmt_) return;
    if (bytes.empty()) sqlite3_bind_zeroblob(stmt_, index, 0);
    else sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
}

void SqliteStmt::BindNull(int index)
{
    if (stmt_) sqlite3_bind_null(stmt_, index);
}

int SqliteStmt::Step() { return stmt_ ? sqlite3_step(stmt_) : SQLITE_ERROR; }

std::string SqliteStmt::Text(int column) const
{
    const unsigned char* p = sqlite3_column_text(stmt_, column);
    if (!p) return std::string();
    return std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

int64_t SqliteStmt::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::vector<uint8_t> SqliteStmt::Blob(int column) const
{
    const uint8_t* p = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, column));
    const int n = sqlite3_column_bytes(stmt_, column);
    if (!p || n <= 0) return {};
    return std::vector<uint8_t>(p, p + n);
}

bool SqliteStmt::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

SqliteDb::~SqliteDb()
{
    if (db_) sqlite3_close_v2(db_);
}

bool SqliteDb::Open(const std::string& path, bool create, std::string* error)
{
    auto fail = [&](const std::string& what) {
        if (error) *error = "database " + path + ": " + what;
        if (db_) { sqlite3_close_v2(db_); db_ = nullptr; }
        return false;
    };
    if (db_) { sqlite3_close_v2(db_); db_ = nullptr; }
    path_ = path;
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) return fail(db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, BusyTimeoutMs);
    if (!Exec("PRAGMA foreign_keys = ON")) return fail(LastError());
    SqliteStmt wal = Prepare("PRAGMA journal_mode = WAL");
    if (wal.Step() != SQLITE_ROW) return fail(LastError());
    const std::string mode = wal.Text(0);
    wal = SqliteStmt();
    if (mode != "wal") return fail("cannot switch to WAL journal mode (got '" + mode + "')");
    if (!Exec("PRAGMA synchronous = FULL")) return fail(LastError());
    return true;
}

bool SqliteDb::Exec(const char* sql)
{
    return db_ && sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

SqliteStmt SqliteDb::Prepare(const char* sql)
{
    sqlite3_stmt* st = nullptr;
    if (!db_ || sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK) return SqliteStmt();
    return SqliteStmt(db_, st);
}

std::string SqliteDb::LastError() const { return db_ ? sqlite3_errmsg(db_) : "database not open"; }
int SqliteDb::LastErrorCode() const { return db_ ? sqlite3_extended_errcode(db_) : SQLITE_MISUSE; }
int64_t SqliteDb::LastInsertRowId() const { return db_ ? sqlite3_last_insert_rowid(db_) : 0; }
int SqliteDb::Changes() const { return db_ ? sqlite3_changes(db_) : 0; }

bool SqliteDb::Begin() { return Exec("BEGIN IMMEDIATE"); }
bool SqliteDb::Commit() { return Exec("COMMIT"); }
void SqliteDb::Rollback()
{
    if (db_ && !sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

} // namespace ImContactReceiver
