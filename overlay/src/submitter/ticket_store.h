// imcontact: "My requests", the local list of tickets sent from this installation
// (internal to imcontact_submitter).
//
// The list lives in DataDir/tickets.json:
//   {"schema":1,"tickets":[{"ticket":"4827-3915","status_token":"...","type":"malfunction",
//     "application":"...","sent_at":"...","last_status":"received","last_checked":"",
//     "history":[{"at":"...","status":"...","note":"..."}],"etag":"\"2-...\"","unseen":false}]}
// ("etag" and "unseen" came later: a file without them loads with "" and false.)
// Writes are atomic (temporary file in the same directory, fsync, rename, fsync of the
// directory). The file holds status tokens, so it is created readable by its owner only.
//
// Thread-safety: the functions keep no state; callers serialise access to one file
// (the submitter's worker thread is its only user).
#pragma once

#include "imcontact/imcontact_submitter.h"

#include <string>
#include <vector>

namespace ImContact
{

constexpr const char* TicketsFileName = "tickets.json";

enum class TicketLoadResult : int
{
    Loaded = 0,     // read and understood (possibly an empty list)
    Missing,        // no file yet: an empty list
    Corrupt,        // not understood: moved aside to tickets.json.corrupt-<time>, empty list
    IoError,        // could not be read (permissions...): empty list, file left alone
};

// Reads DataDir/tickets.json into 'out'. 'detail' receives a sentence for logs when the
// result is Corrupt or IoError (including the backup's path), and is cleared otherwise.
TicketLoadResult LoadTickets(const std::string& data_dir, std::vector<LocalTicket>* out, std::string* detail);

// Writes the list atomically, creating DataDir (and its parents) when missing.
bool SaveTickets(const std::string& data_dir, const std::vector<LocalTicket>& tickets, std::string* error);

// JSON text of a list and back (exposed for tests). Parsing fails on anything that is
// not {"tickets":[...]}; entries without a ticket number are skipped.
std::string TicketsToJson(const std::vector<LocalTicket>& tickets);
bool TicketsFromJson(const std::string& text, std::vector<LocalTicket>* out);

// Inserts or replaces (same ticket number) an entry; returns the entry in the list.
LocalTicket& UpsertTicket(std::vector<LocalTicket>* tickets, const LocalTicket& entry);
LocalTicket* FindTicket(std::vector<LocalTicket>* tickets, const std::string& ticket);

} // namespace ImContact
