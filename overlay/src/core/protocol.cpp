// JSON encoding of the wire protocol (nlohmann::json, Debian's nlohmann-json3-dev).
#include "imcontact/imcontact_protocol.h"

#include <nlohmann/json.hpp>

#include <set>

namespace ImContact
{
using nlohmann::json;

const std::vector<std::string>& TicketStatuses()
{
    static const std::vector<std::string> statuses = { "received", "in_progress", "waiting_for_customer", "resolved", "closed" };
    return statuses;
}

bool IsKnownTicketStatus(const std::string& status)
{
    for (const std::string& s : TicketStatuses())
        if (s == status) return true;
    return false;
}

std::string ReportToJson(const Report& r)
{
    const Form& f = r.Fields;
    const TechnicalDetails& t = r.Technical;
    json j = {
        { "schema", 1 },
        { "idempotency_key", r.IdempotencyKey },
        { "language", r.Language },
        { "type", ContactTypeId(f.Type) },
        { "speed", SpeedId(f.Speed) },
        { "organisation", f.Organisation },
        { "email", f.Email },
        { "application", f.Application },
        { "sub_application", f.SubApplication },
        { "reference", f.Reference },
        { "message", f.Message },
        { "phone", f.Phone },
        { "technical", {
            { "app_name", t.AppName }, { "app_version", t.AppVersion }, { "os", t.Os },
            { "gl_vendor", t.GlVendor }, { "gl_renderer", t.GlRenderer }, { "gl_version", t.GlVersion },
            { "framebuffer_width", t.FramebufferWidth }, { "framebuffer_height", t.FramebufferHeight },
            { "locale", t.Locale }, { "time_utc", t.TimeUtc } } },
    };
    // Invalid UTF-8 is replaced rather than thrown on: validation reports it separately.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Reads a string member; 'required' members must exist. Returns false on a type error.
static bool GetString(const json& j, const char* key, std::string* out, bool required)
{
    auto it = j.find(key);
    if (it == j.end()) return !required;
    if (!it->is_string()) return false;
    *out = it->get<std::string>();
    return true;
}

// The streaming pass ReportFromJson makes before building the document: nothing is kept
// but the open objects' keys, so its memory is bounded by the text's length.
class ReportJsonShape : public nlohmann::json_sax<json>
{
public:
    FieldError Error{ Field::Body, ErrorCode::Malformed, 0 };
    std::string Why;

    bool null() override { return Value(); }
    bool boolean(bool) override { return Value(); }
    bool number_integer(number_integer_t) override { return Value(); }
    bool number_unsigned(number_unsigned_t) override { return Value(); }
    bool number_float(number_float_t, const string_t&) override { return Value(); }
    bool string(string_t&) override { return Value(); }
    bool binary(binary_t&) override { return Value(); }
    bool start_object(std::size_t) override { return Open(); }
    bool start_array(std::size_t) override { return Open(); }
    bool end_object() override { frames_.pop_back(); return true; }
    bool end_array() override { frames_.pop_back(); return true; }
    bool key(string_t& k) override
    {
        const bool fresh = frames_.back().Keys.insert(k).second;
        if (frames_.size() == 1) top_key_ = k;
        if (fresh) return true;
        // Named after the top-level member it is in: "technical" or a form field; else "body".
        Field f = Field::Body;
        if (!FieldFromId(top_key_, &f) || (frames_.size() > 1 && f != Field::Technical)) f = Field::Body;
        Error = { f, ErrorCode::Duplicate, 0 };
        Why = "the key \"" + k.substr(0, 64) + "\" appears twice in one object";
        return false;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override
    {
        Why = "the \"report\" part is not a JSON object";
        return false;
    }

private:
    struct Frame { std::set<std::string> Keys; };   // an array's stays empty
    std::vector<Frame> frames_;
    std::string top_key_;   // the top-level member being read
    size_t values_ = 0;

    bool Value()
    {
        if (++values_ <= ReportJsonMaxValues) return true;
        Error = { Field::Body, ErrorCode::TooMany, ReportJsonMaxValues };
        Why = "the \"report\" part has more than " + std::to_string(ReportJsonMaxValues) + " values";
        return false;
    }
    bool Open()
    {
        if (frames_.size() >= static_cast<size_t>(ReportJsonMaxDepth))
        {
            Error = { Field::Body, ErrorCode::Malformed, static_cast<size_t>(ReportJsonMaxDepth) };
            Why = "the \"report\" part nests deeper than " + std::to_string(ReportJsonMaxDepth) + " levels";
            return false;
        }
        frames_.emplace_back();
        return Value();
    }
};

bool ReportFromJson(const std::string& text, Report* out, FieldError* error, std::string* why)
{
    auto fail = [&](Field f, ErrorCode c) { if (error) *error = { f, c, 0 }; return false; };
    {
        ReportJsonShape shape;
        if (!json::sax_parse(text, &shape))
        {
            if (error) *error = shape.Error;
            if (why) *why = shape.Why;
            return false;
        }
    }
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
    {
        if (why) *why = "the \"report\" part is not a JSON object";
        return fail(Field::Body, ErrorCode::Malformed);
    }
    Report r;
    Form& f = r.Fields;
    std::string type, speed;
    if (!j.contains("type")) return fail(Field::Type, ErrorCode::Missing);
    if (!GetString(j, "type", &type, true)) return fail(Field::Type, ErrorCode::Malformed);
    if (!ContactTypeFromId(type, &f.Type)) return fail(Field::Type, ErrorCode::Unknown);
    if (!GetString(j, "speed", &speed, false)) return fail(Field::Speed, ErrorCode::Malformed);
    if (speed.empty()) speed = "normal";
    if (!SpeedFromId(speed, &f.Speed)) return fail(Field::Speed, ErrorCode::Unknown);
    if (!GetString(j, "language", &r.Language, false)) return fail(Field::Language, ErrorCode::Malformed);
    if (!GetString(j, "idempotency_key", &r.IdempotencyKey, false)) return fail(Field::Body, ErrorCode::Malformed);
    struct { const char* key; std::string* dst; Field field; bool required; } members[] = {
        { "organisation", &f.Organisation, Field::Organisation, true },
        { "email", &f.Email, Field::Email, true },
        { "application", &f.Application, Field::Application, true },
        { "sub_application", &f.SubApplication, Field::SubApplication, false },
        { "reference", &f.Reference, Field::Reference, false },
        { "message", &f.Message, Field::Message, true },
        { "phone", &f.Phone, Field::Phone, false },
    };
    for (auto& m : members)
    {
        if (m.required && !j.contains(m.key)) return fail(m.field, ErrorCode::Missing);
        if (!GetString(j, m.key, m.dst, m.required)) return fail(m.field, ErrorCode::Malformed);
    }
    auto tech = j.find("technical");
    if (tech != j.end())
    {
        if (!tech->is_object()) return fail(Field::Technical, ErrorCode::Malformed);
        TechnicalDetails& t = r.Technical;
        const std::pair<const char*, std::string*> strs[] = {
            { "app_name", &t.AppName }, { "app_version", &t.AppVersion }, { "os", &t.Os },
            { "gl_vendor", &t.GlVendor }, { "gl_renderer", &t.GlRenderer }, { "gl_version", &t.GlVersion },
            { "locale", &t.Locale }, { "time_utc", &t.TimeUtc } };
        for (auto& s : strs)
            if (!GetString(*tech, s.first, s.second, false)) return fail(Field::Technical, ErrorCode::Malformed);
        for (auto& n : { std::make_pair("framebuffer_width", &t.FramebufferWidth), std::make_pair("framebuffer_height", &t.FramebufferHeight) })
        {
            auto it = tech->find(n.first);
            if (it == tech->end()) continue;
            // Compared as 64-bit: a value beyond int is refused, never truncated; a
            // negative, fractional or non-number value likewise.
            const bool in_range = it->is_number_unsigned() && it->get<uint64_t>() <= static_cast<uint64_t>(ReportMaxFramebufferSide);
            if (!in_range)
            {
                if (error) *error = { Field::Technical, ErrorCode::Malformed, static_cast<size_t>(ReportMaxFramebufferSide) };
                if (why) *why = std::string("technical.") + n.first + " is not a whole number from 0 to " +
                                std::to_string(ReportMaxFramebufferSide);
                return false;
            }
            *n.second = static_cast<int>(it->get<uint64_t>());
        }
    }
    *out = std::move(r);
    return true;
}

std::string ReceiptToJson(const Receipt& r)
{
    json j = { { "ticket", r.Ticket }, { "status_token", r.StatusToken }, { "confirmation", r.Confirmation },
               { "status", r.Status }, { "priority", r.Priority }, { "primary_queue", r.PrimaryQueue },
               { "queues", r.Queues }, { "created_at", r.CreatedAt }, { "replayed", r.Replayed } };
    return j.dump();
}

bool ParseReceipt(const std::string& text, Receipt* out)
{
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return false;
    Receipt r;
    if (!GetString(j, "ticket", &r.Ticket, true) || r.Ticket.empty()) return false;
    if (!GetString(j, "status_token", &r.StatusToken, true)) return false;
    if (!GetString(j, "confirmation", &r.Confirmation, true)) return false;
    GetString(j, "status", &r.Status, false);
    GetString(j, "primary_queue", &r.PrimaryQueue, false);
    GetString(j, "created_at", &r.CreatedAt, false);
    if (j.contains("priority") && j["priority"].is_number_integer()) r.Priority = j["priority"].get<int>();
    if (j.contains("replayed") && j["replayed"].is_boolean()) r.Replayed = j["replayed"].get<bool>();
    if (j.contains("queues") && j["queues"].is_array())
        for (const json& q : j["queues"])
            if (q.is_string()) r.Queues.push_back(q.get<std::string>());
    *out = std::move(r);
    return true;
}

std::string TicketStatusToJson(const TicketStatus& s)
{
    json hist = json::array();
    for (const HistoryEntry& h : s.History) hist.push_back({ { "at", h.At }, { "status", h.Status }, { "note", h.Note } });
    json j = { { "ticket", s.Ticket }, { "status", s.Status }, { "priority", s.Priority },
               { "primary_queue", s.PrimaryQueue }, { "type", s.Type }, { "created_at", s.CreatedAt },
               { "updated_at", s.UpdatedAt }, { "history", hist } };
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool ParseTicketStatus(const std::string& text, TicketStatus* out)
{
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return false;
    TicketStatus s;
    if (!GetString(j, "ticket", &s.Ticket, true) || !GetString(j, "status", &s.Status, true)) return false;
    GetString(j, "primary_queue", &s.PrimaryQueue, false);
    GetString(j, "type", &s.Type, false);
    GetString(j, "created_at", &s.CreatedAt, false);
    GetString(j, "updated_at", &s.UpdatedAt, false);
    if (j.contains("priority") && j["priority"].is_number_integer()) s.Priority = j["priority"].get<int>();
    if (j.contains("history") && j["history"].is_array())
        for (const json& h : j["history"])
        {
            if (!h.is_object()) continue;
            HistoryEntry e;
            GetString(h, "at", &e.At, false);
            GetString(h, "status", &e.Status, false);
            GetString(h, "note", &e.Note, false);
            s.History.push_back(std::move(e));
        }
    *out = std::move(s);
    return true;
}

std::string ApiErrorToJson(const ApiError& e)
{
    json err = { { "code", e.Code }, { "message", e.Message } };
    if (!e.Field.empty()) err["field"] = e.Field;
    if (e.Limit) err["limit"] = e.Limit;
    if (e.Index >= 0) err["index"] = e.Index;
    return json({ { "error", err } }).dump(-1, ' ', false, json::error_handler_t::replace);
}

bool ParseApiError(const std::string& text, ApiError* out)
{
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("error") || !j["error"].is_object()) return false;
    const json& e = j["error"];
    ApiError a;
    if (!GetString(e, "code", &a.Code, true)) return false;
    GetString(e, "field", &a.Field, false);
    GetString(e, "message", &a.Message, false);
    if (e.contains("limit") && e["limit"].is_number_unsigned()) a.Limit = e["limit"].get<size_t>();
    if (e.contains("index") && e["index"].is_number_integer()) a.Index = e["index"].get<int>();
    *out = std::move(a);
    return true;
}

} // namespace ImContact
