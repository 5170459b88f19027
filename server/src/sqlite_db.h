// Thin RAII wrapper over one SQLite connection and its prepared statements.
//
//   SqliteDb db;
//   if (!db.Open(path, true, &err)) ...;          // WAL, foreign keys, busy timeout
//   SqliteStmt st = db.Prepare("SELECT status FROM tickets WHERE ticket = ?");
//   st.Bind(1, ticket);
//   if (st.Step() == SQLITE_ROW) status = st.Text(0);
//
// Errors: Prepare() never fails silently: a statement that does not compile gives an
// invalid SqliteStmt whose Step() returns SQLITE_ERROR; db.LastError() says why.
// Thread-safety: none. One SqliteDb per thread at a time (SQLite arbitrates between
// connections, also across processes).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace ImContactReceiver
{

class SqliteStmt
{
public:
    SqliteStmt() = default;
    SqliteStmt(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    ~SqliteStmt();
    SqliteStmt(SqliteStmt&& o) noexcept;
    SqliteStmt& operator=(SqliteStmt&& o) noexcept;
    SqliteStmt(const SqliteStmt&) = delete;
    SqliteStmt& operator=(const SqliteStmt&) = delete;

    bool Valid() const { return stmt_ != nullptr; }
    // Parameters are 1-based, as in SQLite.
    void Bind(int index, const std::string& text);
    void Bind(int index, int64_t value);
    void BindBlob(int index, const std::vector<uint8_t>& bytes);
    void BindNull(int index);
    // SQLITE_ROW, SQLITE_DONE or an error code.
    int  Step();
    // Columns are 0-based. Text() of NULL is "".
    std::string Text(int column) const;
    int64_t     Int(int column) const;
    std::vector<uint8_t> Blob(int column) const;
    bool        IsNull(int column) const;

private:
    sqlite3*      db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

class SqliteDb
{
public:
    static constexpr int BusyTimeoutMs = 10000;

    SqliteDb() = default;
    ~SqliteDb();
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    // Opens (creating the file if 'create') and configures the connection:
    // busy timeout, foreign keys, WAL journal, synchronous=FULL (a ticket handed
    // out is on disk).
    bool Open(const std::string& path, bool create, std::string* error);
    bool IsOpen() const { return db_ != nullptr; }
    const std::string& Path() const { return path_; }

    // Runs one or more statements without results. False + LastError() on failure.
    bool Exec(const char* sql);
    SqliteStmt Prepare(const char* sql);
    std::string LastError() const;
    int  LastErrorCode() const;
    int64_t LastInsertRowId() const;
    int  Changes() const;

    // BEGIN IMMEDIATE (takes the write lock now, so read-then-write is race-free
    // between connections) / COMMIT / ROLLBACK.
    bool Begin();
    bool Commit();
    void Rollback();

private:
    sqlite3*    db_ = nullptr;
    std::string path_;
};

// Rolls back on scope exit unless Commit() succeeded.
class SqliteTransaction
{
public:
    explicit SqliteTransaction(SqliteDb& db) : db_(db) { active_ = db_.Begin(); }
    ~SqliteTransaction() { if (active_) db_.Rollback(); }
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;
    bool Active() const { return active_; }
    bool Commit() { if (!active_) return false; active_ = false; if (db_.Commit()) return true; db_.Rollback(); return false; }

private:
    SqliteDb& db_;
    bool active_ = false;
};

} // namespace ImContactReceiver
