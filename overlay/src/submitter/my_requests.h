// imcontact: the "My requests" store (internal to imcontact_submitter).
//
// The one owner of this process's list of tickets and of DataDir/tickets.json (read and
// written through ticket_store.h). Every change re-reads the file first, so that two
// processes sharing DataDir see and keep each other's entries: the result is the union,
// the file's version of each ticket plus the tickets only this process knows (an earlier
// write failed, or the file was corrupt or removed). With an empty DataDir the list is
// kept in memory only. The methods that change the list write the file and return the
// TicketsLoaded event that tells the host (Ok false + Detail when the file could not be
// used).
//
//   MyRequests store(config.DataDir);
//   SubmitterEvent list = store.Remember(receipt, "malfunction", "Editor", job);
//
// Thread-safety: one thread (the submitter's worker) owns it.
#pragma once

#include "ticket_store.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ImContact
{

class MyRequests
{
public:
    explicit MyRequests(std::string data_dir);

    // Re-reads the file into the list (the union above). Returns a sentence when
    // something failed (corrupt: moved aside; not readable), else empty. 'result' (may be
    // null) receives how the read went.
    std::string Refresh(TicketLoadResult* result = nullptr);
    // ReloadTickets(): re-reads and returns the TicketsLoaded event (nothing is written).
    SubmitterEvent Reload(uint64_t job);
    // Adds a receipt (unless the ticket is known already), writes the file; its event.
    // 'written_at': when the report was made (its TechnicalDetails::TimeUtc), ISO 8601 UTC.
    // 'local_reference': the "Q-…" of the queued report it came from (empty if none).
    SubmitterEvent Remember(const Receipt& receipt, const std::string& type, const std::string& application,
                            const std::string& written_at, uint64_t job, const std::string& local_reference = std::string());
    // Records a fetched status of 'ticket' (added with 'status_token' if another process
    // removed it meanwhile), writes the file; its event. 'detail' is a file problem found
    // earlier in the same job, reported with it.
    // 'etag' (the receiver's ETag of it, may be empty) is kept for the next If-None-Match.
    // When the status or the history differs from what was stored, the ticket is marked
    // Unseen and '*changed' (may be null) is set (the first look-up of a ticket whose
    // history was never fetched counts only a new status).
    SubmitterEvent RecordStatus(const std::string& ticket, const std::string& status_token, const TicketStatus& status,
                                uint64_t job, std::string detail, const std::string& etag = "", bool* changed = nullptr);
    // The status as stored (for a 304 answer): false when the ticket is unknown.
    bool StoredStatus(const std::string& ticket, TicketStatus* out);
    // The ETag stored with a ticket's status; empty when unknown or none.
    std::string ETagOf(const std::string& ticket);
    // Clears the Unseen mark of 'ticket' and writes the file; its event. '*changed' (may
    // be null): it was marked (else nothing is written and the event is the list as it is).
    SubmitterEvent MarkSeen(const std::string& ticket, uint64_t job, bool* changed = nullptr);
    // The tickets the background refresh asks about, in list order: those with a status
    // token whose last status is not resolved or closed, and those too when 'include_closed'.
    std::vector<std::string> RefreshCandidates(bool include_closed) const;
    // The event that reports 'detail' (a file problem) with the list as it is; nothing is written.
    SubmitterEvent Problem(uint64_t job, std::string detail) const;

    // The status token of a known ticket; empty when unknown (or it has none).
    std::string TokenOf(const std::string& ticket);

private:
    SubmitterEvent SaveAndList(uint64_t job, std::string detail);

    std::string              data_dir_;
    std::vector<LocalTicket> tickets_;
};

} // namespace ImContact
