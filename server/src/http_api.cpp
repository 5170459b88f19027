// HTTP handlers: POST /v1/contacts, GET /v1/contacts/{ticket}, GET /healthz, and the
// JSON answers for every error, httplib's own included.
#include "http_api.h"

#include "imcontact/imcontact_locale.h"
#include "report_parse.h"
#include "ticket_db.h"
#include "ticket_number.h"
#include "imcontact/internal/clock.h"

#include <httplib.h>

#include <cstdio>
#include <string>

namespace ImContactReceiver
{

static constexpr const char* kJson = "application/json";
static constexpr size_t kMaxParts = 16;   // report + screenshot + Limits::AttachmentsMaxCount, and room for more

// The ticket a request concerned, for the request log line. The logger runs on the
// worker thread that ran the handler, right after it.
static thread_local std::string t_logTicket;

// How long a client is asked to wait when the disk is full (a person has to make room).
static constexpr int kDiskFullRetryAfterS = 60;

// 'retry_after_s' is sent as Retry-After with a 503 (the client waits that long).
static void SendError(httplib::Response& res, int status, const std::string& code, const std::string& field,
                      const std::string& message, size_t limit = 0, int retry_after_s = 2)
{
    ImContact::ApiError e;
    e.Code = code;
    e.Field = field;
    e.Message = message;
    e.Limit = limit;
    res.status = status;
    if (status == 503) res.set_header("Retry-After", std::to_string(retry_after_s).c_str());
    res.set_content(ImContact::ApiErrorToJson(e), kJson);
}

// Unknown ticket and wrong token give this same answer, byte for byte.
static void SendNotFound(httplib::Response& res)
{
    SendError(res, 404, "not_found", "", "no such ticket, or the status token does not match");
}

std::string ConfirmationText(const std::string& language, const std::string& ticket)
{
    ImContact::Language lang = ImContact::Language::Finnish;
    ImContact::LanguageFromCode(language, &lang);
    char number[128];
    std::snprintf(number, sizeof(number), ImContact::Tr(lang, ImContact::Str::TicketNumber), ticket.c_str());
    return std::string(ImContact::Tr(lang, ImContact::Str::SuccessConfirmation)) + " " + number;
}

static void HandlePostContact(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res,
                              const httplib::ContentReader& reader)
{
    const size_t limit = ctx.Limits.RequestMaxBytes;
    size_t received = 0;
    bool too_large = false;
    // Past the limit the body is still read (and dropped), so that the connection
    // stays in step and the client gets the 413; past four times the limit we give up.
    auto count = [&](size_t n) {
        received += n;
        if (received > limit) too_large = true;
        return received <= 4 * limit;
    };

    // Read the body ourselves: the byte limit then also holds for chunked and
    // compressed bodies, which httplib's payload limit (Content-Length only) does not cover.
    // A refused part (an attachment's name, type or count) keeps nothing more: the
    // rest of the body is read and dropped under the same limit, so the client gets
    // the answer on a connection still in step.
    PartCollector collector(ctx.Limits);
    size_t parts = 0;
    bool ok;
    if (req.is_multipart_form_data())
    {
        ok = reader(
            [&](const httplib::MultipartFormData& part) {
                if (++parts > kMaxParts) return false;
                collector.Begin(part.name, part.filename, part.content_type);
                return true;
            },
            [&](const char* data, size_t n) {
                if (!count(n)) return false;
                if (!too_large) collector.Append(data, n);
                return true;
            });
    }
    else
    {
        ok = reader([&](const char*, size_t n) { return count(n); });
    }
    if (too_large || res.status == 413)
    {
        res.set_header("Connection", "close");
        return SendError(res, 413, "payload_too_large", "body", "the request body is larger than allowed", limit);
    }
    if (!ok) res.set_header("Connection", "close");
    const ImContact::ApiError* refusal = collector.Refusal();
    if (!ok && !refusal) return SendError(res, 400, "malformed", "body", "the multipart/form-data body could not be read");

    ImContact::Report parsed;
    ImContact::ApiError error;
    if (refusal || !ParseContactParts(std::move(collector.Parts()), ctx.Limits, &parsed, &error))
    {
        res.status = 400;
        res.set_content(ImContact::ApiErrorToJson(refusal ? *refusal : error), kJson);
        return;
    }

    std::string db_error;
    ConnectionPool::Lease db = ctx.Pool->Acquire(&db_error);
    if (!db)
    {
        std::fprintf(stderr, "imcontact-receiver: %s\n", db_error.c_str());
        return SendError(res, 503, "unavailable", "", "the ticket database is not available; try again later");
    }
    StoredTicket t;
    const CreateOutcome outcome = db->Create(parsed, RouteFor(ctx.Routes, parsed.Fields), &t, &db_error);
    switch (outcome)
    {
    case CreateOutcome::Created:
    case CreateOutcome::Replayed:
        break;
    case CreateOutcome::Conflict:
        return SendError(res, 409, "conflict", "body", "this idempotency key was already used for a different report");
    case CreateOutcome::Busy:
        std::fprintf(stderr, "imcontact-receiver: database busy: %s\n", db_error.c_str());
        return SendError(res, 503, "unavailable", "", "the ticket database is busy; try again later");
    case CreateOutcome::Full:
        // Nothing was stored (the transaction rolled back); space may come back.
        std::fprintf(stderr, "imcontact-receiver: disk full: %s\n", db_error.c_str());
        return SendError(res, 503, "unavailable", "", "the receiver has no room to store the contact; try again later", 0,
                         kDiskFullRetryAfterS);
    case CreateOutcome::Failed:
        std::fprintf(stderr, "imcontact-receiver: cannot store a contact: %s\n", db_error.c_str());
        return SendError(res, 500, "internal", "", "the contact could not be stored");
    }

    ImContact::Receipt r;
    r.Ticket = t.Ticket;
    r.StatusToken = t.StatusToken;
    r.Confirmation = ConfirmationText(t.Language, t.Ticket);
    r.Status = t.Status;
    r.Priority = t.Priority;
    r.PrimaryQueue = t.PrimaryQueue;
    r.Queues = t.Queues;
    r.CreatedAt = t.CreatedAt;
    r.Replayed = outcome == CreateOutcome::Replayed;
    t_logTicket = t.Ticket;
    res.status = r.Replayed ? 200 : 201;
    res.set_content(ImContact::ReceiptToJson(r), kJson);
}

// If-None-Match (RFC 9110 13.1.2): "*" or a comma-separated list of entity tags, each
// compared weakly (a W/ prefix is ignored) with 'etag' (quoted).
static bool IfNoneMatchHits(const std::string& header, const std::string& etag)
{
    size_t pos = 0;
    while (pos < header.size())
    {
        size_t end = header.find(',', pos);
        if (end == std::string::npos) end = header.size();
        size_t a = pos, b = end;
        while (a < b && (header[a] == ' ' || header[a] == '\t')) a++;
        while (b > a && (header[b - 1] == ' ' || header[b - 1] == '\t')) b--;
        if (b - a >= 2 && header.compare(a, 2, "W/") == 0) a += 2;
        const std::string tag = header.substr(a, b - a);
        if (tag == "*" || tag == etag) return true;
        pos = end + 1;
    }
    return false;
}

static void HandleGetStatus(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    const std::string ticket = req.matches.size() > 1 ? req.matches[1].str() : std::string();
    const std::string token = req.get_header_value(ImContact::StatusTokenHeader);
    ImContact::TicketStatus status;
    bool found = false;
    if (IsTicketNumberFormat(ticket))
    {
        std::string db_error;
        ConnectionPool::Lease db = ctx.Pool->Acquire(&db_error);
        if (!db)
        {
            std::fprintf(stderr, "imcontact-receiver: %s\n", db_error.c_str());
            return SendError(res, 503, "unavailable", "", "the ticket database is not available; try again later");
        }
        found = db->ReadStatus(ticket, token, &status);
    }
    if (!found) return SendNotFound(res);
    t_logTicket = ticket;
    // Conditional GET: the version is the store's (StatusVersion); a client that has it
    // already gets 304 and no body.
    const std::string etag = "\"" + StatusVersion(status) + "\"";
    res.set_header("ETag", etag.c_str());
    res.set_header("Cache-Control", "no-cache");
    if (IfNoneMatchHits(req.get_header_value("If-None-Match"), etag))
    {
        res.status = 304;
        return;
    }
    res.status = 200;
    res.set_content(ImContact::TicketStatusToJson(status), kJson);
}

// Log text: printable ASCII only, bounded, so a request cannot forge log lines.
static std::string ForLog(const std::string& s)
{
    std::string out;
    for (size_t i = 0; i < s.size() && i < 200; i++)
    {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        out.push_back(c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '?');
    }
    if (s.size() > 200) out += "...";
    return out;
}

void InstallApi(httplib::Server& server, const ApiContext* ctx)
{
    const std::string contacts = ImContact::ContactsPath;

    // Requests with a body go only to POST /v1/contacts, which reads it under our
    // byte limit; anything else is answered before its body is read.
    server.set_pre_routing_handler([contacts](const httplib::Request& req, httplib::Response& res) {
        if (req.method == "GET" || req.method == "HEAD") return httplib::Server::HandlerResponse::Unhandled;
        if (req.method == "POST" && req.path == contacts) return httplib::Server::HandlerResponse::Unhandled;
        const bool known = req.path == contacts || req.path == "/healthz" || req.path.rfind(contacts + "/", 0) == 0;
        res.set_header("Connection", "close");
        if (known) SendError(res, 405, "method_not_allowed", "", "method " + req.method + " is not allowed here");
        else SendError(res, 404, "not_found", "", "no such resource");
        return httplib::Server::HandlerResponse::Handled;
    });

    server.Post(contacts, [ctx](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
        HandlePostContact(*ctx, req, res, reader);
    });
    server.Get(contacts + "/([^/]+)", [ctx](const httplib::Request& req, httplib::Response& res) {
        HandleGetStatus(*ctx, req, res);
    });
    server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
        res.status = 200;
        res.set_content("{\"ok\":true}", kJson);
    });

    // httplib's own error answers (unknown path, 413, broken request) become JSON too.
    server.set_error_handler(httplib::Server::HandlerWithResponse([ctx](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        switch (res.status)
        {
        case 400: SendError(res, 400, "bad_request", "body", "the request could not be read"); break;
        case 404: SendError(res, 404, "not_found", "", "no such resource"); break;
        case 405: SendError(res, 405, "method_not_allowed", "", "method not allowed"); break;
        case 413: SendError(res, 413, "payload_too_large", "body", "the request body is larger than allowed", ctx->Limits.RequestMaxBytes); break;
        case 414: SendError(res, 414, "uri_too_long", "", "the request URI is too long"); break;
        default:
            SendError(res, res.status, res.status >= 500 ? "internal" : "bad_request", "",
                      "HTTP error " + std::to_string(res.status));
            break;
        }
        return httplib::Server::HandlerResponse::Handled;
    }));

    server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try { if (ep) std::rethrow_exception(ep); }
        catch (const std::exception& e) { what = e.what(); }
        catch (...) {}
        std::fprintf(stderr, "imcontact-receiver: error in %s %s: %s\n", req.method.c_str(), ForLog(req.path).c_str(), what.c_str());
        SendError(res, 500, "internal", "", "internal error");
    });

    server.set_logger([ctx](const httplib::Request& req, const httplib::Response& res) {
        if (ctx->LogRequests)
        {
            const std::string line = ImContact::NowUtcIso8601() + " " + ForLog(req.method) + " " + ForLog(req.path) + " " +
                                     std::to_string(res.status) + (t_logTicket.empty() ? "" : " ticket=" + t_logTicket) +
                                     " from " + ForLog(req.remote_addr) + "\n";
            std::fputs(line.c_str(), stderr);
        }
        t_logTicket.clear();
    });
}

} // namespace ImContactReceiver
