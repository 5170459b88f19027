// imcontact-send: stdout and stderr lines.
#include "output.h"

#include "imcontact/imcontact_locale.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace ImContactSend
{

std::string DescribeFieldError(const ImContact::FieldError& e)
{
    std::string s = std::string(ImContact::FieldId(e.Which)) + " " + ImContact::ErrorCodeId(e.Code);
    if (e.Limit) s += " (limit " + std::to_string(e.Limit) + ")";
    return s;
}

void Printer::Out(const std::string& line)
{
    std::fputs(line.c_str(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void Printer::Attachment(const ImContact::AttachmentOutcome& a)
{
    if (!json_)
    {
        std::fprintf(stderr, "imcontact-send: attachment: %s%s%s\n", ImContact::AttachmentOutcomeText(ImContact::Language::English, a).c_str(),
                     a.Detail.empty() ? "" : " (", a.Detail.empty() ? "" : (a.Detail + ")").c_str());
        return;
    }
    static const char* const results[] = { "sent", "truncated", "not_attached" };
    static const char* const reasons[] = { "",        "tail_limit", "total_limit",     "unticked",        "missing",
                                           "unreadable", "outside_allowed", "callback_failed", "too_large", "invalid" };
    Out(nlohmann::json{ { "event", "attachment" },
                        { "name", a.Name },
                        { "type", a.MimeType },
                        { "result", results[static_cast<int>(a.Result)] },
                        { "reason", reasons[static_cast<int>(a.Reason)] },
                        { "sent_bytes", a.SentBytes },
                        { "source_bytes", a.SourceBytes },
                        { "utf8_replaced", a.Utf8Replaced },
                        { "detail", a.Detail } }
            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void Printer::Accepted(const std::string& local_reference, const std::string& key)
{
    if (json_)
        Out(nlohmann::json{ { "event", "accepted" }, { "local_reference", local_reference }, { "idempotency_key", key } }.dump());
    else
        Out("accepted: " + local_reference);
}

void Printer::Delivered(const ImContact::Receipt& r, const std::string& local_reference, const std::string& key,
                        bool flush_line)
{
    if (json_)
    {
        nlohmann::json j{ { "event", "delivered" },       { "ticket", r.Ticket },
                          { "status_token", r.StatusToken }, { "status", r.Status },
                          { "priority", r.Priority },        { "primary_queue", r.PrimaryQueue },
                          { "queues", r.Queues },            { "created_at", r.CreatedAt },
                          { "replayed", r.Replayed },        { "local_reference", local_reference } };
        if (!key.empty()) j["idempotency_key"] = key;
        Out(j.dump());
    }
    else if (flush_line)
        Out("delivered: " + (local_reference.empty() ? std::string("?") : local_reference) + " ticket: " + r.Ticket);
    else
        Out("ticket: " + r.Ticket);
}

void Printer::Queued(const std::string& local_reference, const std::string& reason)
{
    if (json_)
        Out(nlohmann::json{ { "event", "queued" }, { "local_reference", local_reference }, { "reason", reason } }.dump());
    else
        Out("queued: " + local_reference);
    if (!reason.empty())
        std::fprintf(stderr, "imcontact-send: not delivered yet (%s); the report is kept in the outbox and sent later "
                             "(imcontact-send --flush)\n", reason.c_str());
}

void Printer::Refused(const std::string& reason, const std::vector<ImContact::FieldError>& fields, int http_status,
                      const ImContact::ApiError& api_error, const std::string& local_reference)
{
    std::fprintf(stderr, "imcontact-send: refused: %s\n", reason.c_str());
    for (const ImContact::FieldError& e : fields)
        std::fprintf(stderr, "imcontact-send:   %s\n", DescribeFieldError(e).c_str());
    if (!json_) return;
    nlohmann::json j{ { "event", "refused" }, { "reason", reason } };
    nlohmann::json list = nlohmann::json::array();
    for (const ImContact::FieldError& e : fields)
        list.push_back({ { "field", ImContact::FieldId(e.Which) }, { "code", ImContact::ErrorCodeId(e.Code) }, { "limit", e.Limit } });
    j["field_errors"] = list;
    if (http_status) j["http_status"] = http_status;
    if (!api_error.Code.empty())
        j["error"] = { { "code", api_error.Code }, { "field", api_error.Field }, { "message", api_error.Message }, { "limit", api_error.Limit } };
    if (!local_reference.empty()) j["local_reference"] = local_reference;
    Out(j.dump());
}

void Printer::Failed(const std::string& reason)
{
    std::fprintf(stderr, "imcontact-send: %s\n", reason.c_str());
    if (json_) Out(nlohmann::json{ { "event", "error" }, { "reason", reason } }.dump());
}

void Printer::Warning(const std::string& text)
{
    std::fprintf(stderr, "imcontact-send: %s\n", text.c_str());
}

void Printer::FlushSummary(int delivered, int pending, int attention, int quarantined)
{
    std::fprintf(stderr, "imcontact-send: %d delivered, %d still pending, %d need attention, %d quarantined\n",
                 delivered, pending, attention, quarantined);
    if (json_)
        Out(nlohmann::json{ { "event", "summary" }, { "delivered", delivered }, { "pending", pending },
                            { "needs_attention", attention }, { "quarantined", quarantined } }.dump());
}

} // namespace ImContactSend
