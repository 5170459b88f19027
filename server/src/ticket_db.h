// Every database operation of the receiver, on one connection.
//
// Used by Store (the CLI, tests) and by the HTTP API through a connection pool.
//   TicketDb db;
//   if (!db.Open(path, true, &err)) ...;    // opens, configures and migrates
//   StoredTicket t;
//   switch (db.Create(report, RouteFor(routing, report.Fields), &t, &err)) ...
//
// Thread-safety: none; one TicketDb per thread at a time. Create() is race-free
// between connections and processes (BEGIN IMMEDIATE + UNIQUE constraints).
#pragma once

#include "imcontact_receiver.h"
#include "routing_internal.h"
#include "sqlite_db.h"

#include <string>
#include <vector>

namespace ImContactReceiver
{

// What the receiver answers about a stored ticket (a Receipt without the text).
struct StoredTicket
{
    std::string Ticket, StatusToken, Status, PrimaryQueue, CreatedAt, Language;
    int Priority = 0;
    std::vector<std::string> Queues;
};

// The version of a ticket's status as the client sees it (GET's ETag, without quotes):
// "<history entries>-<64-bit hash, hex>" over the answer's own bytes (TicketStatusToJson).
// It changes whenever anything the status answer shows changes (set-status always adds a
// history entry), and is the
// same for the same answer, on every connection and after a restart. Computed here, in
// the store layer, so that whatever serves the API compares the same versions.
std::string StatusVersion(const ImContact::TicketStatus& status);

enum class CreateOutcome
{
    Created,    // new ticket stored
    Replayed,   // the idempotency key was stored before with the same form: that ticket
    Conflict,   // the idempotency key was stored before with a different report (any field, file or byte)
    Busy,       // the database stayed locked longer than the busy timeout
    Full,       // the disk (or the database's size limit) is full: nothing was stored
    Failed,     // any other database error
};

class TicketDb
{
public:
    bool Open(const std::string& path, bool create, std::string* error);

    // Stores the report, its screenshot, its attachments, its queues and the first history entry
    // ("received") in one transaction. On Replayed, 'out' is the stored ticket.
    CreateOutcome Create(const ImContact::Report& report, const RouteDecision& route,
                         StoredTicket* out, std::string* error);
    // The status as GET /v1/contacts/{ticket} shows it, if 'status_token' is the
    // ticket's token. False alike for an unknown ticket and a wrong token: both do the
    // same work (one look-up, one constant-time compare) before answering.
    bool ReadStatus(const std::string& ticket, const std::string& status_token, ImContact::TicketStatus* out);

    std::vector<TicketSummary> List(const std::string& queue, const std::string& status);
    bool Show(const std::string& ticket, TicketDetails* out);
    bool SetStatus(const std::string& ticket, const std::string& status, const std::string& note, std::string* error);
    bool Screenshot(const std::string& ticket, std::vector<uint8_t>* png, std::string* error);
    int  Count();

private:
    bool LoadQueues(int64_t id, std::vector<std::string>* out);
    bool LoadHistory(int64_t id, std::vector<ImContact::HistoryEntry>* out);
    bool LoadAttachments(int64_t id, std::vector<ImContact::Attachment>* out);
    // '*equal': ticket 'id' holds exactly 'report''s screenshot and attachments (in order).
    // False on a database error.
    bool StoredFilesEqual(int64_t id, const ImContact::Report& report, bool* equal);

    SqliteDb db_;
};

} // namespace ImContactReceiver
