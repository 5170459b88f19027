// "My requests": the local tickets.json (see ticket_store.h).
#include "ticket_store.h"
#include "durable_file.h"

#include "imcontact/internal/clock.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <random>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ImContact
{
using nlohmann::json;
namespace fs = std::filesystem;



static std::string ErrnoText(int err) { return std::strerror(err); }

std::string TicketsToJson(const std::vector<LocalTicket>& tickets)
{
    json list = json::array();
    for (const LocalTicket& t : tickets)
    {
        json hist = json::array();
        for (const HistoryEntry& h : t.History)
            hist.push_back({ { "at", h.At }, { "status", h.Status }, { "note", h.Note } });
        list.push_back({ { "ticket", t.Ticket }, { "status_token", t.StatusToken }, { "type", t.Type },
                         { "application", t.Application }, { "sent_at", t.SentAt }, { "written_at", t.WrittenAt },
                         { "last_status", t.LastStatus }, { "last_checked", t.LastChecked },
                         { "history", std::move(hist) }, { "etag", t.ETag }, { "unseen", t.Unseen },
                         { "local_reference", t.LocalReference } });
    }
    json doc = { { "schema", 1 }, { "tickets", std::move(list) } };
    return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

static std::string StringMember(const json& j, const char* key)
{
    auto it = j.find(key);
    return (it != j.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

bool TicketsFromJson(const std::string& text, std::vector<LocalTicket>* out)
{
    json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return false;
    auto list = doc.find("tickets");
    if (list == doc.end() || !list->is_array()) return false;
    std::vector<LocalTicket> result;
    for (const json& e : *list)
    {
        if (!e.is_object()) continue;
        LocalTicket t;
        t.Ticket = StringMember(e, "ticket");
        if (t.Ticket.empty()) continue;
        t.StatusToken = StringMember(e, "status_token");
        t.Type = StringMember(e, "type");
        t.Application = StringMember(e, "application");
        t.SentAt = StringMember(e, "sent_at");
        t.WrittenAt = StringMember(e, "written_at");   // absent in older files: empty
        t.LastStatus = StringMember(e, "last_status");
        t.LastChecked = StringMember(e, "last_checked");
        t.ETag = StringMember(e, "etag");   // absent in files written before it: empty
        auto unseen = e.find("unseen");
        t.Unseen = unseen != e.end() && unseen->is_boolean() && unseen->get<bool>();
        t.LocalReference = StringMember(e, "local_reference");   // absent in files written before it existed
        auto hist = e.find("history");
        if (hist != e.end() && hist->is_array())
            for (const json& h : *hist)
                if (h.is_object())
                    t.History.push_back({ StringMember(h, "at"), StringMember(h, "status"), StringMember(h, "note") });
        result.push_back(std::move(t));
    }
    if (out) *out = std::move(result);
    return true;
}

LocalTicket* FindTicket(std::vector<LocalTicket>* tickets, const std::string& ticket)
{
    for (LocalTicket& t : *tickets)
        if (t.Ticket == ticket) return &t;
    return nullptr;
}

LocalTicket& UpsertTicket(std::vector<LocalTicket>* tickets, const LocalTicket& entry)
{
    if (LocalTicket* existing = FindTicket(tickets, entry.Ticket))
    {
        *existing = entry;
        return *existing;
    }
    tickets->push_back(entry);
    return tickets->back();
}

TicketLoadResult LoadTickets(const std::string& data_dir, std::vector<LocalTicket>* out, std::string* detail)
{
    out->clear();
    if (detail) detail->clear();
    const std::string path = JoinPath(data_dir, TicketsFileName);
    std::string text;
    const int err = ReadFileLimited(path, 64u * 1024u * 1024u, &text);   // durable_file.h
    if (err == ENOENT) return TicketLoadResult::Missing;
    if (err != 0)
    {
        if (detail) *detail = "could not read " + path + ": " + ErrnoText(err) + "; showing an empty list";
        return TicketLoadResult::IoError;
    }
    if (TicketsFromJson(text, out)) return TicketLoadResult::Loaded;

    // Not understood: keep the bytes for a human to look at and start again.
    out->clear();
    std::string backup;
    int rerr = 0;
    if (!MoveAsideCorrupt(path, &backup, &rerr))
    {
        if (detail) *detail = path + " is corrupt and could not be moved aside (" + ErrnoText(rerr) + "); starting with an empty list";
        return TicketLoadResult::Corrupt;
    }
    if (detail) *detail = path + " is corrupt; kept as " + backup + "; starting with an empty list";
    return TicketLoadResult::Corrupt;
}

bool SaveTickets(const std::string& data_dir, const std::vector<LocalTicket>& tickets, std::string* error)
{
    if (data_dir.empty())
    {
        if (error) *error = "no data directory configured";
        return false;
    }
    std::error_code ec;
    fs::create_directories(data_dir, ec);
    if (ec) { if (error) *error = "could not create " + data_dir + ": " + ec.message(); return false; }

    // Temporary file, fsync, rename, fsync of the directory (durable_file.h). When only the
    // directory fsync fails, the new list is in place: that counts as saved.
    bool in_place = false;
    return WriteFileAtomically(data_dir, TicketsFileName, TicketsToJson(tickets), error, nullptr, &in_place) || in_place;
}

} // namespace ImContact
