// Schema creation and migrations.
#include "schema.h"

#include <sqlite3.h>

namespace ImContactReceiver
{

// kMigrations[i] takes the schema from version i to version i + 1.
static const char* const kMigrations[] = {
    // 0 -> 1
    "CREATE TABLE tickets ("
    "  id              INTEGER PRIMARY KEY,"
    "  ticket          TEXT NOT NULL UNIQUE,"          // NNNN-NNNN
    "  status_token    TEXT NOT NULL,"                 // 32 hex digits
    "  idempotency_key TEXT UNIQUE,"                   // NULL when the client sent none
    "  type            TEXT NOT NULL,"
    "  speed           TEXT NOT NULL,"
    "  priority        INTEGER NOT NULL,"
    "  primary_queue   TEXT NOT NULL,"
    "  status          TEXT NOT NULL,"
    "  language        TEXT NOT NULL,"
    "  organisation    TEXT NOT NULL,"
    "  email           TEXT NOT NULL,"
    "  application     TEXT NOT NULL,"
    "  sub_application TEXT NOT NULL,"
    "  reference       TEXT NOT NULL,"
    "  message         TEXT NOT NULL,"
    "  phone           TEXT NOT NULL,"
    "  technical       TEXT NOT NULL,"                 // JSON object
    "  created_at      TEXT NOT NULL,"                 // ISO 8601 UTC
    "  updated_at      TEXT NOT NULL"
    ");"
    "CREATE INDEX tickets_created ON tickets(created_at);"
    "CREATE INDEX tickets_status ON tickets(status);"
    "CREATE TABLE ticket_queues ("
    "  ticket_id  INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
    "  queue      TEXT NOT NULL,"
    "  is_primary INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (ticket_id, queue)"
    ");"
    "CREATE INDEX ticket_queues_queue ON ticket_queues(queue);"
    "CREATE TABLE screenshots ("
    "  ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,"
    "  png       BLOB NOT NULL,"
    "  width     INTEGER NOT NULL,"
    "  height    INTEGER NOT NULL"
    ");"
    "CREATE TABLE history ("
    "  id        INTEGER PRIMARY KEY,"
    "  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
    "  at        TEXT NOT NULL,"
    "  status    TEXT NOT NULL,"
    "  note      TEXT NOT NULL DEFAULT ''"
    ");"
    "CREATE INDEX history_ticket ON history(ticket_id, id);",
    // 1 -> 2: screenshots may be PNG or WebP; rows from before are PNG.
    "ALTER TABLE screenshots ADD COLUMN mime TEXT NOT NULL DEFAULT 'image/png';",
    // 2 -> 3: the host's attachments (tickets from before have none).
    "CREATE TABLE attachments ("
    "  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
    "  position  INTEGER NOT NULL,"                    // 0-based, the order of the parts
    "  name      TEXT NOT NULL,"
    "  mime      TEXT NOT NULL,"
    "  size      INTEGER NOT NULL,"                    // bytes
    "  bytes     BLOB NOT NULL,"
    "  PRIMARY KEY (ticket_id, position),"
    "  UNIQUE (ticket_id, name)"
    ");",
};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == SchemaVersion, "one migration per schema version");

static bool ReadVersion(SqliteDb& db, int* out)
{
    SqliteStmt st = db.Prepare("PRAGMA user_version");
    if (st.Step() != SQLITE_ROW) return false;
    *out = static_cast<int>(st.Int(0));
    return true;
}

bool MigrateSchema(SqliteDb& db, std::string* error)
{
    auto fail = [&](const std::string& what) {
        if (error) *error = "database " + db.Path() + ": " + what;
        return false;
    };
    int version = 0;
    if (!ReadVersion(db, &version)) return fail("cannot read the schema version: " + db.LastError());
    if (version == SchemaVersion) return true;
    if (version > SchemaVersion)
        return fail("schema version " + std::to_string(version) + " is newer than this receiver supports (" +
                    std::to_string(SchemaVersion) + "); upgrade imcontact-receiver");

    SqliteTransaction tx(db);
    if (!tx.Active()) return fail("cannot lock for migration: " + db.LastError());
    // Another connection may have migrated while we waited for the lock.
    if (!ReadVersion(db, &version)) return fail("cannot read the schema version: " + db.LastError());
    for (; version < SchemaVersion; version++)
    {
        if (!db.Exec(kMigrations[version]))
            return fail("migration to schema version " + std::to_string(version + 1) + " failed: " + db.LastError());
        const std::string set = "PRAGMA user_version = " + std::to_string(version + 1);
        if (!db.Exec(set.c_str())) return fail("cannot set the schema version: " + db.LastError());
    }
    if (!tx.Commit()) return fail("cannot commit the migration: " + db.LastError());
    return true;
}

} // namespace ImContactReceiver
