// Turns the parts of a POST /v1/contacts request into a validated Report, or into
// the API error that names the offending field. No HTTP here; http_api.cpp feeds it.
//
//   PartCollector parts(limits);
//   per multipart part: parts.Begin(name, filename, content_type); parts.Append(data, n) ...
//   if (const ImContact::ApiError* e = parts.Refusal()) answer 400 with *e
//   ImContact::Report r; ImContact::ApiError e;
//   if (!ParseContactParts(std::move(parts.Parts()), limits, &r, &e)) answer 400 with e
//
// Thread-safety: no shared state; one PartCollector per request, on the thread reading it.
#pragma once

#include "imcontact/imcontact_protocol.h"

#include <string>
#include <vector>

namespace ImContactReceiver
{

// Longest accepted idempotency key, in bytes (clients send a UUID or similar).
constexpr size_t IdempotencyKeyMaxBytes = 200;

// The parts of one request as they came: "report" (JSON), "screenshot", and every
// "attachment" in order (Name = the part's filename, MimeType = its Content-Type).
struct ReceivedParts
{
    bool HasReport = false, HasScreenshot = false;
    std::string Report, Screenshot;
    std::string ScreenshotType;     // the screenshot part's Content-Type
    std::vector<ImContact::Attachment> Attachments;
};

// Collects the parts of one multipart body as cpp-httplib's reader hands them over,
// and refuses the request as early as it can: an attachment's name, type, count and
// uniqueness are checked (by the core's ValidateReport) when its part begins, before
// its bytes are read. Once refused, nothing more is kept. Bytes are kept only for the
// parts named above, the first "report" and "screenshot" and each "attachment" (at most
// Limits::AttachmentMaxBytes + 1 of it: enough for ValidateReport to say too_large).
// A part whose Content-Disposition httplib could not read (no name: a quote, CR or
// LF in its file name breaks the header line) is refused as the next attachment.
class PartCollector
{
public:
    explicit PartCollector(const ImContact::Limits& limits) : limits_(limits) {}
    // A part begins. False once the request is refused (see Refusal()).
    bool Begin(const std::string& name, const std::string& filename, const std::string& content_type);
    // Bytes of the current part.
    void Append(const char* data, size_t n);
    // The error the request is refused with, or null.
    const ImContact::ApiError* Refusal() const { return refused_ ? &refusal_ : nullptr; }
    ReceivedParts& Parts() { return parts_; }

private:
    const ImContact::Limits& limits_;
    ReceivedParts parts_;
    std::string* text_sink_ = nullptr;
    std::vector<uint8_t>* byte_sink_ = nullptr;
    bool refused_ = false;
    ImContact::ApiError refusal_;
};

// The whole report from its parts: the JSON, the screenshot (header, Content-Type,
// pixels) and the attachments, all through ImContact::ValidateReport.
bool ParseContactParts(ReceivedParts&& parts, const ImContact::Limits& limits, ImContact::Report* out,
                       ImContact::ApiError* error);

// The API error for one validation problem (English message, field id, limit).
ImContact::ApiError ApiErrorFor(const ImContact::FieldError& e);

} // namespace ImContactReceiver
