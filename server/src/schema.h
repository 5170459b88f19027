// The receiver's database schema and its migrations (PRAGMA user_version).
//
// Version 1 tables:
//   tickets         one row per contact: the form fields, routing, status, secrets
//   ticket_queues   every queue that sees a ticket (both, R11), with the primary one marked
//   screenshots     the screenshot of a ticket (PNG or WebP, its MIME type in mime), if one was sent
//   history         status changes, oldest first by id; the first is "received"
// Version 2: screenshots.mime. Version 3:
//   attachments     the host's files of a ticket, by position (0-based, as sent); name,
//                   MIME type, size and bytes exactly as validated; none before version 3
//
// To change the schema: append a migration to the table in schema.cpp and raise
// SchemaVersion. Migrations run in one transaction each, in order, on Open.
// Thread-safety: MigrateSchema() works on one connection; concurrent migrations from
// several connections or processes are serialised by BEGIN IMMEDIATE.
#pragma once

#include "sqlite_db.h"

#include <string>

namespace ImContactReceiver
{

constexpr int SchemaVersion = 3;

// Brings the database up to SchemaVersion. False + error if it cannot, or if the
// file was written by a newer receiver.
bool MigrateSchema(SqliteDb& db, std::string* error);

} // namespace ImContactReceiver
