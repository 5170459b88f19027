// Database operations: create (with idempotency), status, list, show, set-status.
#include "ticket_db.h"

#include "png_info.h"
#include "schema.h"
#include "ticket_number.h"
#include "imcontact/internal/clock.h"
#include "imcontact/imcontact_protocol.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <cstdio>

namespace ImContactReceiver
{
using nlohmann::json;

static std::string TechnicalToJson(const ImContact::TechnicalDetails& t)
{
    json j = { { "app_name", t.AppName }, { "app_version", t.AppVersion }, { "os", t.Os },
               { "gl_vendor", t.GlVendor }, { "gl_renderer", t.GlRenderer }, { "gl_version", t.GlVersion },
               { "framebuffer_width", t.FramebufferWidth }, { "framebuffer_height", t.FramebufferHeight },
               { "locale", t.Locale }, { "time_utc", t.TimeUtc } };
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

static ImContact::TechnicalDetails TechnicalFromJson(const std::string& text)
{
    ImContact::TechnicalDetails t;
    const json j = json::parse(text, nullptr, false);
    if (!j.is_object()) return t;
    auto str = [&](const char* key, std::string* dst) {
        auto it = j.find(key);
        if (it != j.end() && it->is_string()) *dst = it->get<std::string>();
    };
    auto num = [&](const char* key, int* dst) {
        auto it = j.find(key);
        if (it != j.end() && it->is_number_integer()) *dst = it->get<int>();
    };
    str("app_name", &t.AppName);
    str("app_version", &t.AppVersion);
    str("os", &t.Os);
    str("gl_vendor", &t.GlVendor);
    str("gl_renderer", &t.GlRenderer);
    str("gl_version", &t.GlVersion);
    num("framebuffer_width", &t.FramebufferWidth);
    num("framebuffer_height", &t.FramebufferHeight);
    str("locale", &t.Locale);
    str("time_utc", &t.TimeUtc);
    return t;
}

bool TicketDb::Open(const std::string& path, bool create, std::string* error)
{
    return db_.Open(path, create, error) && MigrateSchema(db_, error);
}

bool TicketDb::LoadQueues(int64_t id, std::vector<std::string>* out)
{
    SqliteStmt st = db_.Prepare("SELECT queue FROM ticket_queues WHERE ticket_id = ? ORDER BY is_primary DESC, queue");
    st.Bind(1, id);
    out->clear();
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW) out->push_back(st.Text(0));
    return rc == SQLITE_DONE;
}

bool TicketDb::LoadAttachments(int64_t id, std::vector<ImContact::Attachment>* out)
{
    SqliteStmt st = db_.Prepare("SELECT name, mime, bytes FROM attachments WHERE ticket_id = ? ORDER BY position");
    st.Bind(1, id);
    out->clear();
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW) out->push_back({ st.Text(0), st.Text(1), st.Blob(2) });
    return rc == SQLITE_DONE;
}

bool TicketDb::LoadHistory(int64_t id, std::vector<ImContact::HistoryEntry>* out)
{
    SqliteStmt st = db_.Prepare("SELECT at, status, note FROM history WHERE ticket_id = ? ORDER BY id");
    st.Bind(1, id);
    out->clear();
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW) out->push_back({ st.Text(0), st.Text(1), st.Text(2) });
    return rc == SQLITE_DONE;
}

bool TicketDb::StoredFilesEqual(int64_t id, const ImContact::Report& report, bool* equal)
{
    *equal = false;
    SqliteStmt st = db_.Prepare("SELECT png FROM screenshots WHERE ticket_id = ?");
    st.Bind(1, id);
    const int rc = st.Step();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return false;
    const std::vector<uint8_t> stored = rc == SQLITE_ROW ? st.Blob(0) : std::vector<uint8_t>();
    if (stored != report.ScreenshotPng) return true;
    std::vector<ImContact::Attachment> atts;
    if (!LoadAttachments(id, &atts)) return false;
    if (atts.size() != report.Attachments.size()) return true;
    for (size_t i = 0; i < atts.size(); i++)
        if (atts[i].Name != report.Attachments[i].Name || atts[i].MimeType != report.Attachments[i].MimeType ||
            atts[i].Bytes != report.Attachments[i].Bytes)
            return true;
    *equal = true;
    return true;
}

static bool IsBusy(int code) { return (code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED; }

CreateOutcome TicketDb::Create(const ImContact::Report& report, const RouteDecision& route,
                               StoredTicket* out, std::string* error)
{
    auto failed = [&](const char* what) {
        if (error) *error = std::string(what) + ": " + db_.LastError();
        const int code = db_.LastErrorCode();
        return IsBusy(code) ? CreateOutcome::Busy : (code & 0xff) == SQLITE_FULL ? CreateOutcome::Full : CreateOutcome::Failed;
    };
    const ImContact::Form& f = report.Fields;
    const char* type_id = ImContact::ContactTypeId(f.Type);
    const char* speed_id = ImContact::SpeedId(f.Speed);

    // BEGIN IMMEDIATE: the look-up of the idempotency key and the insert happen under
    // the write lock, so two concurrent posts with one key give one ticket.
    SqliteTransaction tx(db_);
    if (!tx.Active()) return failed("cannot begin a transaction");

    if (!report.IdempotencyKey.empty())
    {
        SqliteStmt st = db_.Prepare(
            "SELECT id, ticket, status_token, status, priority, primary_queue, created_at, language,"
            " type, speed, organisation, email, application, sub_application, reference, message, phone, technical"
            " FROM tickets WHERE idempotency_key = ?");
        st.Bind(1, report.IdempotencyKey);
        const int rc = st.Step();
        if (rc == SQLITE_ROW)
        {
            // A replay must be the same report in every stored byte: the form, language,
            // technical details, screenshot and attachments (compared with what is stored,
            // not a digest of it: nothing to collide, nothing to migrate).
            // The client's clock (technical time_utc) is when it built the report: a resend of
            // the same report by a new process (imcontact-send with the same key) differs there only.
            ImContact::TechnicalDetails sent = report.Technical;
            sent.TimeUtc = TechnicalFromJson(st.Text(17)).TimeUtc;
            const bool same = st.Text(8) == type_id && st.Text(9) == speed_id && st.Text(10) == f.Organisation &&
                              st.Text(11) == f.Email && st.Text(12) == f.Application &&
                              st.Text(13) == f.SubApplication && st.Text(14) == f.Reference &&
                              st.Text(15) == f.Message && st.Text(16) == f.Phone && st.Text(7) == report.Language &&
                              st.Text(17) == TechnicalToJson(sent);
            if (!same) return CreateOutcome::Conflict;
            const int64_t id = st.Int(0);
            bool same_files = false;
            if (!StoredFilesEqual(id, report, &same_files)) return failed("cannot read the stored screenshot or attachments");
            if (!same_files) return CreateOutcome::Conflict;
            out->Ticket = st.Text(1);
            out->StatusToken = st.Text(2);
            out->Status = st.Text(3);
            out->Priority = static_cast<int>(st.Int(4));
            out->PrimaryQueue = st.Text(5);
            out->CreatedAt = st.Text(6);
            out->Language = st.Text(7);
            if (!LoadQueues(id, &out->Queues)) return failed("cannot read the queues");
            return CreateOutcome::Replayed;
        }
        if (rc != SQLITE_DONE) return failed("cannot look up the idempotency key");
    }

    // A fresh ticket number; the UNIQUE column is the final word, this avoids the retry.
    std::string ticket;
    for (int attempt = 0; attempt < 64 && ticket.empty(); attempt++)
    {
        std::string candidate = NewTicketNumber();
        SqliteStmt st = db_.Prepare("SELECT 1 FROM tickets WHERE ticket = ?");
        st.Bind(1, candidate);
        const int rc = st.Step();
        if (rc == SQLITE_DONE) ticket = candidate;
        else if (rc != SQLITE_ROW) return failed("cannot check the ticket number");
    }
    if (ticket.empty())
    {
        if (error) *error = "no free ticket number found";
        return CreateOutcome::Failed;
    }

    const std::string now = ImContact::NowUtcIso8601();
    const std::string token = NewStatusToken();
    SqliteStmt ins = db_.Prepare(
        "INSERT INTO tickets (ticket, status_token, idempotency_key, type, speed, priority, primary_queue, status,"
        " language, organisation, email, application, sub_application, reference, message, phone, technical,"
        " created_at, updated_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'received', ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)");
    ins.Bind(1, ticket);
    ins.Bind(2, token);
    if (report.IdempotencyKey.empty()) ins.BindNull(3);
    else ins.Bind(3, report.IdempotencyKey);
    ins.Bind(4, std::string(type_id));
    ins.Bind(5, std::string(speed_id));
    ins.Bind(6, static_cast<int64_t>(route.Priority));
    ins.Bind(7, route.PrimaryQueue);
    ins.Bind(8, report.Language);
    ins.Bind(9, f.Organisation);
    ins.Bind(10, f.Email);
    ins.Bind(11, f.Application);
    ins.Bind(12, f.SubApplication);
    ins.Bind(13, f.Reference);
    ins.Bind(14, f.Message);
    ins.Bind(15, f.Phone);
    ins.Bind(16, TechnicalToJson(report.Technical));
    ins.Bind(17, now);
    if (ins.Step() != SQLITE_DONE) return failed("cannot store the ticket");
    const int64_t id = db_.LastInsertRowId();

    for (const std::string& q : AllQueues())
    {
        SqliteStmt st = db_.Prepare("INSERT INTO ticket_queues (ticket_id, queue, is_primary) VALUES (?, ?, ?)");
        st.Bind(1, id);
        st.Bind(2, q);
        st.Bind(3, static_cast<int64_t>(q == route.PrimaryQueue));
        if (st.Step() != SQLITE_DONE) return failed("cannot store the queues");
    }
    if (!report.ScreenshotPng.empty())
    {
        int w = 0, h = 0;
        ImContact::ImageFormat format = ImContact::ImageFormat::None;
        ScreenshotInfo(report.ScreenshotPng, &format, &w, &h);   // validated before; 0 x 0 if unreadable
        SqliteStmt st = db_.Prepare("INSERT INTO screenshots (ticket_id, png, width, height, mime) VALUES (?, ?, ?, ?, ?)");
        st.Bind(1, id);
        st.BindBlob(2, report.ScreenshotPng);
        st.Bind(3, static_cast<int64_t>(w));
        st.Bind(4, static_cast<int64_t>(h));
        st.Bind(5, std::string(ImContact::ImageMimeType(format)));
        if (st.Step() != SQLITE_DONE) return failed("cannot store the screenshot");
    }
    for (size_t i = 0; i < report.Attachments.size(); i++)
    {
        const ImContact::Attachment& a = report.Attachments[i];
        SqliteStmt st = db_.Prepare(
            "INSERT INTO attachments (ticket_id, position, name, mime, size, bytes) VALUES (?, ?, ?, ?, ?, ?)");
        st.Bind(1, id);
        st.Bind(2, static_cast<int64_t>(i));
        st.Bind(3, a.Name);
        st.Bind(4, a.MimeType);
        st.Bind(5, static_cast<int64_t>(a.Bytes.size()));
        st.BindBlob(6, a.Bytes);
        if (st.Step() != SQLITE_DONE) return failed("cannot store an attachment");
    }
    {
        SqliteStmt st = db_.Prepare("INSERT INTO history (ticket_id, at, status, note) VALUES (?, ?, 'received', '')");
        st.Bind(1, id);
        st.Bind(2, now);
        if (st.Step() != SQLITE_DONE) return failed("cannot store the history");
    }
    if (!tx.Commit()) return failed("cannot commit");

    out->Ticket = ticket;
    out->StatusToken = token;
    out->Status = "received";
    out->Priority = route.Priority;
    out->PrimaryQueue = route.PrimaryQueue;
    out->CreatedAt = now;
    out->Language = report.Language;
    out->Queues.clear();
    out->Queues.push_back(route.PrimaryQueue);
    for (const std::string& q : AllQueues())
        if (q != route.PrimaryQueue) out->Queues.push_back(q);
    return CreateOutcome::Created;
}

std::string StatusVersion(const ImContact::TicketStatus& s)
{
    // FNV-1a, 64 bits, over the answer's own bytes: whatever the answer shows is in it.
    uint64_t h = 14695981039346656037ull;
    for (unsigned char c : ImContact::TicketStatusToJson(s))
    {
        h ^= c;
        h *= 1099511628211ull;
    }
    char hex[17];
    std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(h));
    return std::to_string(s.History.size()) + "-" + hex;
}

bool TicketDb::ReadStatus(const std::string& ticket, const std::string& status_token, ImContact::TicketStatus* out)
{
    SqliteStmt st = db_.Prepare(
        "SELECT id, status_token, status, priority, primary_queue, type, created_at, updated_at"
        " FROM tickets WHERE ticket = ?");
    st.Bind(1, ticket);
    const bool found = st.Step() == SQLITE_ROW;
    // Compare even when there is no such ticket, so that both misses take the same time.
    static const std::string kNoTicket(32, '-');
    const bool token_ok = ConstantTimeEquals(found ? st.Text(1) : kNoTicket, status_token);
    if (!found || !token_ok || status_token.empty()) return false;
    const int64_t id = st.Int(0);
    ImContact::TicketStatus s;
    s.Ticket = ticket;
    s.Status = st.Text(2);
    s.Priority = static_cast<int>(st.Int(3));
    s.PrimaryQueue = st.Text(4);
    s.Type = st.Text(5);
    s.CreatedAt = st.Text(6);
    s.UpdatedAt = st.Text(7);
    if (!LoadHistory(id, &s.History)) return false;
    *out = std::move(s);
    return true;
}

static const char* const kSummaryColumns =
    "t.ticket, t.type, t.status, t.primary_queue, t.organisation, t.email, t.application, t.created_at,"
    " t.updated_at, t.priority, EXISTS (SELECT 1 FROM screenshots s WHERE s.ticket_id = t.id)";

static TicketSummary ReadSummary(const SqliteStmt& st)
{
    TicketSummary s;
    s.Ticket = st.Text(0);
    s.Type = st.Text(1);
    s.Status = st.Text(2);
    s.PrimaryQueue = st.Text(3);
    s.Organisation = st.Text(4);
    s.Email = st.Text(5);
    s.Application = st.Text(6);
    s.CreatedAt = st.Text(7);
    s.UpdatedAt = st.Text(8);
    s.Priority = static_cast<int>(st.Int(9));
    s.HasScreenshot = st.Int(10) != 0;
    return s;
}

std::vector<TicketSummary> TicketDb::List(const std::string& queue, const std::string& status)
{
    const std::string sql = std::string("SELECT ") + kSummaryColumns +
        " FROM tickets t"
        " WHERE (?1 = '' OR EXISTS (SELECT 1 FROM ticket_queues q WHERE q.ticket_id = t.id AND q.queue = ?1))"
        "   AND (?2 = '' OR t.status = ?2)"
        " ORDER BY t.created_at DESC, t.id DESC";
    SqliteStmt st = db_.Prepare(sql.c_str());
    st.Bind(1, queue);
    st.Bind(2, status);
    std::vector<TicketSummary> out;
    while (st.Step() == SQLITE_ROW) out.push_back(ReadSummary(st));
    return out;
}

bool TicketDb::Show(const std::string& ticket, TicketDetails* out)
{
    const std::string sql = std::string("SELECT ") + kSummaryColumns +
        ", t.id, t.speed, t.language, t.idempotency_key, t.sub_application, t.reference, t.message, t.phone,"
        " t.technical, (SELECT png FROM screenshots s WHERE s.ticket_id = t.id)"
        " FROM tickets t WHERE t.ticket = ?";
    SqliteStmt st = db_.Prepare(sql.c_str());
    st.Bind(1, ticket);
    if (st.Step() != SQLITE_ROW) return false;
    TicketDetails d;
    d.Summary = ReadSummary(st);
    const int64_t id = st.Int(11);
    ImContact::Report& r = d.Report;
    ImContact::ContactTypeFromId(d.Summary.Type, &r.Fields.Type);
    ImContact::SpeedFromId(st.Text(12), &r.Fields.Speed);
    r.Language = st.Text(13);
    r.IdempotencyKey = st.Text(14);
    r.Fields.Organisation = d.Summary.Organisation;
    r.Fields.Email = d.Summary.Email;
    r.Fields.Application = d.Summary.Application;
    r.Fields.SubApplication = st.Text(15);
    r.Fields.Reference = st.Text(16);
    r.Fields.Message = st.Text(17);
    r.Fields.Phone = st.Text(18);
    r.Technical = TechnicalFromJson(st.Text(19));
    r.ScreenshotPng = st.Blob(20);
    if (!LoadQueues(id, &d.Queues) || !LoadHistory(id, &d.History) || !LoadAttachments(id, &r.Attachments)) return false;
    *out = std::move(d);
    return true;
}

bool TicketDb::SetStatus(const std::string& ticket, const std::string& status, const std::string& note, std::string* error)
{
    auto fail = [&](const std::string& what) {
        if (error) *error = what;
        return false;
    };
    if (!ImContact::IsKnownTicketStatus(status))
    {
        std::string known;
        for (const std::string& s : ImContact::TicketStatuses()) known += (known.empty() ? "" : ", ") + s;
        return fail("unknown status \"" + status + "\" (one of: " + known + ")");
    }
    if (!ImContact::IsValidUtf8(note)) return fail("the note is not valid UTF-8");
    SqliteTransaction tx(db_);
    if (!tx.Active()) return fail("cannot begin a transaction: " + db_.LastError());
    SqliteStmt find = db_.Prepare("SELECT id FROM tickets WHERE ticket = ?");
    find.Bind(1, ticket);
    const int rc = find.Step();
    if (rc == SQLITE_DONE) return fail("no ticket " + ticket);
    if (rc != SQLITE_ROW) return fail("cannot read the ticket: " + db_.LastError());
    const int64_t id = find.Int(0);
    const std::string now = ImContact::NowUtcIso8601();
    SqliteStmt upd = db_.Prepare("UPDATE tickets SET status = ?, updated_at = ? WHERE id = ?");
    upd.Bind(1, status);
    upd.Bind(2, now);
    upd.Bind(3, id);
    if (upd.Step() != SQLITE_DONE) return fail("cannot update the ticket: " + db_.LastError());
    SqliteStmt hist = db_.Prepare("INSERT INTO history (ticket_id, at, status, note) VALUES (?, ?, ?, ?)");
    hist.Bind(1, id);
    hist.Bind(2, now);
    hist.Bind(3, status);
    hist.Bind(4, note);
    if (hist.Step() != SQLITE_DONE) return fail("cannot store the history: " + db_.LastError());
    if (!tx.Commit()) return fail("cannot commit: " + db_.LastError());
    return true;
}

bool TicketDb::Screenshot(const std::string& ticket, std::vector<uint8_t>* png, std::string* error)
{
    SqliteStmt st = db_.Prepare(
        "SELECT (SELECT png FROM screenshots s WHERE s.ticket_id = t.id) FROM tickets t WHERE t.ticket = ?");
    st.Bind(1, ticket);
    const int rc = st.Step();
    if (rc != SQLITE_ROW)
    {
        if (error) *error = rc == SQLITE_DONE ? "no ticket " + ticket : "cannot read the ticket: " + db_.LastError();
        return false;
    }
    if (st.IsNull(0))
    {
        if (error) *error = "ticket " + ticket + " has no screenshot";
        return false;
    }
    *png = st.Blob(0);
    return true;
}

int TicketDb::Count()
{
    SqliteStmt st = db_.Prepare("SELECT COUNT(*) FROM tickets");
    return st.Step() == SQLITE_ROW ? static_cast<int>(st.Int(0)) : -1;
}

} // namespace ImContactReceiver
