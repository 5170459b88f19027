// The "My requests" store (see my_requests.h).
#include "my_requests.h"

#include "imcontact/internal/clock.h"

#include <utility>

namespace ImContact
{

namespace
{
std::string Join(std::string a, const std::string& b)
{
    if (b.empty()) return a;
    return a.empty() ? b : a + "; " + b;
}
} // namespace

MyRequests::MyRequests(std::string data_dir) : data_dir_(std::move(data_dir)) {}

std::string MyRequests::Refresh(TicketLoadResult* result)
{
    if (result) *result = TicketLoadResult::Missing;
    if (data_dir_.empty()) return std::string();
    std::vector<LocalTicket> disk;
    std::string detail;
    const TicketLoadResult r = LoadTickets(data_dir_, &disk, &detail);
    if (result) *result = r;
    if (r == TicketLoadResult::IoError) return detail;   // an unreadable file leaves the list as it is
    for (const LocalTicket& t : tickets_)
        if (!FindTicket(&disk, t.Ticket)) disk.push_back(t);
    tickets_ = std::move(disk);
    return detail;
}

SubmitterEvent MyRequests::Problem(uint64_t job, std::string detail) const
{
    SubmitterEvent ev;
    ev.What = SubmitterEvent::Kind::TicketsLoaded;
    ev.Job = job;
    ev.Ok = detail.empty();
    ev.Detail = std::move(detail);
    ev.Tickets = tickets_;
    return ev;
}

SubmitterEvent MyRequests::SaveAndList(uint64_t job, std::string detail)
{
    if (!data_dir_.empty())
    {
        std::string error;
        if (!SaveTickets(data_dir_, tickets_, &error)) detail = Join(std::move(detail), error);
    }
    return Problem(job, std::move(detail));
}

SubmitterEvent MyRequests::Reload(uint64_t job)
{
    TicketLoadResult r = TicketLoadResult::Missing;
    SubmitterEvent ev = Problem(job, Refresh(&r));
    ev.Ok = r == TicketLoadResult::Loaded || r == TicketLoadResult::Missing;
    return ev;
}

SubmitterEvent MyRequests::Remember(const Receipt& receipt, const std::string& type, const std::string& application,
                                    const std::string& written_at, uint64_t job, const std::string& local_reference)
{
    std::string detail = Refresh();
    if (LocalTicket* known = FindTicket(&tickets_, receipt.Ticket))
    {
        if (known->LocalReference.empty()) known->LocalReference = local_reference;   // a replay of a queued report
    }
    else
    {
        LocalTicket t;
        t.Ticket = receipt.Ticket;
        t.StatusToken = receipt.StatusToken;
        t.Type = type;
        t.Application = application;
        t.SentAt = receipt.CreatedAt.empty() ? NowUtcIso8601() : receipt.CreatedAt;
        t.WrittenAt = written_at;
        t.LastStatus = receipt.Status.empty() ? "received" : receipt.Status;
        // The receiver's first history entry is this one: the ticket's history is never
        // shown empty before its first look-up.
        t.History.push_back({ t.SentAt, t.LastStatus, std::string() });
        t.LocalReference = local_reference;
        tickets_.push_back(std::move(t));
    }
    return SaveAndList(job, std::move(detail));
}

namespace
{
// What the user sees of a history entry: its status and note (the time's format may differ).
bool SameHistory(const std::vector<HistoryEntry>& a, const std::vector<HistoryEntry>& b)
{
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++)
        if (a[i].Status != b[i].Status || a[i].Note != b[i].Note) return false;
    return true;
}

bool IsFinalStatus(const std::string& status) { return status == "resolved" || status == "closed"; }
} // namespace

SubmitterEvent MyRequests::RecordStatus(const std::string& ticket, const std::string& status_token,
                                        const TicketStatus& status, uint64_t job, std::string detail,
                                        const std::string& etag, bool* changed)
{
    if (changed) *changed = false;
    detail = Join(std::move(detail), Refresh());
    LocalTicket* entry = FindTicket(&tickets_, ticket);
    if (!entry)
    {
        // Not expected (the refresh keeps what this process knows), but never lose it.
        tickets_.push_back(LocalTicket{});
        entry = &tickets_.back();
        entry->Ticket = ticket;
        entry->StatusToken = status_token;
        entry->Type = status.Type;
        entry->LastStatus = status.Status;
        entry->History = status.History;
    }
    // A ticket whose history was never fetched (sent before the first entry was kept, or
    // an old file): only a new status is news.
    const bool baseline = entry->LastChecked.empty() && entry->History.empty();
    const bool differs = entry->LastStatus != status.Status || (!baseline && !SameHistory(entry->History, status.History));
    if (differs) entry->Unseen = true;
    if (changed) *changed = differs;
    entry->LastStatus = status.Status;
    entry->LastChecked = NowUtcIso8601();
    entry->History = status.History;
    entry->ETag = etag;
    return SaveAndList(job, std::move(detail));
}

bool MyRequests::StoredStatus(const std::string& ticket, TicketStatus* out)
{
    const LocalTicket* t = FindTicket(&tickets_, ticket);
    if (!t) return false;
    out->Ticket = t->Ticket;
    out->Status = t->LastStatus;
    out->Type = t->Type;
    out->History = t->History;
    return true;
}

std::string MyRequests::ETagOf(const std::string& ticket)
{
    const LocalTicket* t = FindTicket(&tickets_, ticket);
    return t ? t->ETag : std::string();
}

SubmitterEvent MyRequests::MarkSeen(const std::string& ticket, uint64_t job, bool* changed)
{
    std::string detail = Refresh();
    LocalTicket* t = FindTicket(&tickets_, ticket);
    const bool marked = t && t->Unseen;
    if (changed) *changed = marked;
    if (!marked) return Problem(job, std::move(detail));
    t->Unseen = false;
    return SaveAndList(job, std::move(detail));
}

std::vector<std::string> MyRequests::RefreshCandidates(bool include_closed) const
{
    std::vector<std::string> out;
    for (const LocalTicket& t : tickets_)
        if (!t.StatusToken.empty() && (include_closed || !IsFinalStatus(t.LastStatus))) out.push_back(t.Ticket);
    return out;
}

std::string MyRequests::TokenOf(const std::string& ticket)
{
    const LocalTicket* t = FindTicket(&tickets_, ticket);
    return t ? t->StatusToken : std::string();
}

} // namespace ImContact
