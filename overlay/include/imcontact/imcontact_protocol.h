// imcontact: the wire protocol between the library and the receiver (core; no network code).
//
// POST /v1/contacts            multipart/form-data
//     part "report"      application/json   ReportToJson()
//     part "screenshot"  image/png          optional
//   201 Created  -> Receipt JSON            ReceiptToJson() / ParseReceipt()
//   200 OK       -> the same Receipt, when the idempotency key was seen before (replay)
//   4xx / 5xx    -> ApiError JSON           ApiErrorToJson() / ParseApiError()
// GET  /v1/contacts/{ticket}    header "X-Status-Token: <token>"
//   200 OK       -> TicketStatus JSON       TicketStatusToJson() / ParseTicketStatus()
//   404          -> unknown ticket and wrong token answer alike
//
// Both sides use these functions, so the two cannot drift apart.
// Thread-safety: all functions are pure and may be called from any thread.
#pragma once

#include "imcontact_model.h"

#include <string>
#include <vector>

namespace ImContact
{

constexpr const char* ContactsPath   = "/v1/contacts";
constexpr const char* StatusTokenHeader = "X-Status-Token";

// Ticket statuses, as stored by the receiver and shown in "My requests".
// received -> in_progress -> waiting_for_customer -> resolved -> closed
bool IsKnownTicketStatus(const std::string& status);
const std::vector<std::string>& TicketStatuses();

// Report <-> JSON (the screenshot travels as its own part and is not in the JSON).
std::string ReportToJson(const Report& report);
// Parses the "report" part. On failure returns false and fills 'error' with the
// first field that is missing or of the wrong kind; enum values are checked too.
// Before anything is built, one streaming pass refuses what no report holds, so that
// memory stays a small multiple of the text: nesting deeper than ReportJsonMaxDepth,
// more than ReportJsonMaxValues values, and a key twice in one object ({Body or the
// key's top-level field, Duplicate}). The framebuffer size must be 0..ReportMaxFramebufferSide.
// 'why', if given, gets a sentence (English) for Body errors. Any thread.
constexpr int    ReportJsonMaxDepth = 32;
constexpr size_t ReportJsonMaxValues = 4096;
constexpr int    ReportMaxFramebufferSide = 65535;
bool ReportFromJson(const std::string& json, Report* out, FieldError* error, std::string* why = nullptr);

struct Receipt
{
    std::string Ticket;          // e.g. "4827-3915": digits, readable over the phone
    std::string StatusToken;     // secret; needed for GET /v1/contacts/{ticket}
    std::string Confirmation;    // confirmation of receipt, in the report's language
    std::string Status;          // "received"
    int         Priority = 0;    // 0 normal, 1 raised (Faster than normal)
    std::string PrimaryQueue;    // "customer_service" or "application_maintenance"
    std::vector<std::string> Queues;  // every queue that sees the ticket (both, R11)
    std::string CreatedAt;       // ISO 8601 UTC
    bool        Replayed = false;     // true when the idempotency key was seen before
};
std::string ReceiptToJson(const Receipt& r);
bool ParseReceipt(const std::string& json, Receipt* out);

struct HistoryEntry
{
    std::string At;       // ISO 8601 UTC
    std::string Status;
    std::string Note;
};

struct TicketStatus
{
    std::string Ticket;
    std::string Status;
    int         Priority = 0;
    std::string PrimaryQueue;
    std::string Type;           // wire id of the contact type
    std::string CreatedAt;
    std::string UpdatedAt;
    std::vector<HistoryEntry> History;  // oldest first
};
std::string TicketStatusToJson(const TicketStatus& s);
bool ParseTicketStatus(const std::string& json, TicketStatus* out);

// {"error":{"code":"too_short","field":"message","message":"...","limit":10}}
struct ApiError
{
    std::string Code;      // an ErrorCodeId(), or "not_found", "internal", "bad_request", "payload_too_large"...
    std::string Field;     // a FieldId(), or empty
    std::string Message;   // English, for logs and the CLI
    size_t      Limit = 0;
    int         Index = -1; // which item of a list field ("attachment"), -1 = none
};
std::string ApiErrorToJson(const ApiError& e);
bool ParseApiError(const std::string& json, ApiError* out);

} // namespace ImContact
