// imcontact: the data types the panel API and the submitter share (core; no ImGui, no GL,
// no network). imcontact.h needs these and nothing of the submitter's engine; the
// submitter's own API is in imcontact_submitter.h.
#pragma once

#include "imcontact_model.h"
#include "imcontact_protocol.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ImContact
{

// One edit of a screenshot (the panel's editor and automatic redaction), in the
// screenshot's own pixel coordinates (origin top left, x right, y down). Rectangles are
// [X0, X1) x [Y0, Y1) with the corners in any order, clamped to the image; an arrow runs
// from (X0, Y0) to its head at (X1, Y1). Applied on the submitter's worker to a copy of
// the screenshot before it is encoded (ApplyImageEdits in internal/redaction.h), so what
// is hidden never reaches the file: in list order, then the last Crop.
enum class ImageEditKind : int
{
    Hide = 0,    // solid black (the default)
    Pixelate,    // each BlockSize x BlockSize block (aligned to the rectangle's corner) becomes its mean
    Highlight,   // a red outline of the rectangle
    Arrow,       // a red arrow
    Crop,        // only this rectangle is sent (the last Crop of the list counts)
};

struct ImageEdit
{
    ImageEditKind Kind = ImageEditKind::Hide;
    int X0 = 0, Y0 = 0, X1 = 0, Y1 = 0;
    int BlockSize = 16;   // Pixelate only; < 2 is taken as 2
};

// When and how often a report that could not be delivered is tried again (on the worker).
// Connection failures, timeouts, 5xx, 429, 408 and a 2xx that is not a receipt (a captive
// portal) are retried; any other 4xx (a validation error, 409 conflict) is not.
// After the n-th failed attempt the next one waits
//   min(MaxDelayMs, InitialDelayMs * Multiplier^(n-1)) * random factor in [1-Jitter, 1+Jitter]
// (again capped by MaxDelayMs), or the receiver's Retry-After (delta-seconds or HTTP-date)
// capped by MaxRetryAfterMs when that is longer: no request for that report before it,
// not even on DeliverPendingNow(). Attempt counts and deadlines are per process.
struct RetryPolicy
{
    int    InitialDelayMs  = 2000;            // delay before the first retry
    int    MaxDelayMs      = 5 * 60 * 1000;   // cap of the exponential backoff
    double Multiplier      = 2.0;             // each retry waits this much longer than the last
    double Jitter          = 0.3;             // each delay is scaled by a random factor in [1-Jitter, 1+Jitter]
    int    MaxRetryAfterMs = 10 * 60 * 1000;  // a receiver's Retry-After is honoured up to this cap
};

enum class Failure : int
{
    None = 0,
    Invalid,        // refused before anything was saved or sent (validation, screenshot too large,
                    // endpoint); see FieldErrors. Never tried again
    Unreachable,    // connection refused, DNS, TLS handshake..., or the transfer could not be started
                    // here (libcurl could not initialise or refused the request): tried again
    Timeout,        // connect or total timeout
    Rejected,       // 4xx from the receiver; see Error
    ServerError,    // 5xx
    BadResponse,    // 2xx whose body could not be understood
    Cancelled,      // Cancel() or Shutdown()
    NotFound,       // status look-up: unknown ticket or wrong token (404)
    Storage,        // the report could not be saved in the outbox (disk full, unwritable, a file where the
                    // directory should be; its key, or the report it replaces, held by another
                    // process): nothing was sent
    OutboxFull,     // the outbox is at its count or size limit: the report was refused, nothing was dropped
};

// What became of a report: the one classification of a send, decided once by the
// submitter (SubmitterEvent::Outcome of SendFinished and Delivered). Hosts switch on it;
// Why/HttpStatus/Detail only say why, for logs and messages.
enum class SendOutcome : int
{
    None = 0,           // not a send result (the other event kinds)
    Delivered,          // the receiver answered with a ticket (Receipt); out of the outbox
    SavedWillRetry,     // saved in the outbox (LocalReference) and sent automatically later
                        // (a Delivered event tells when); Why says why not now
    NeedsAttention,     // the receiver refused it for what it is (a 4xx other than 408/429; Error):
                        // kept in the outbox (LocalReference), not sent again until it is replaced
                        // (SubmitReplacement) or discarded (DiscardQueued)
    RefusedInvalid,     // refused before anything was saved or sent: validation (FieldErrors),
                        // endpoint, screenshot
    RefusedOutboxFull,  // the outbox is at its limit: nothing was saved, nothing was dropped
    StorageFailed,      // it could not be saved in the outbox (Detail): nothing was sent
    NotSent,            // no outbox: the one attempt failed (Why); the caller still has the report
    Cancelled,          // Cancel(job) withdrew it (from the outbox too), or Shutdown() without an
                        // outbox: nothing kept; the caller still has the report
};

// The state of a report waiting in the outbox (saved in its file, so it survives restarts).
enum class QueuedState : int
{
    Pending = 0,        // sent automatically (by this or another process sharing the outbox)
    NeedsAttention,     // the receiver refused it (a 4xx other than 408/429, e.g. a validation error or
                        // 409 conflict); not sent again until replaced or discarded
};

// A report waiting in the outbox, for "My requests" while it has no ticket number.
struct QueuedReport
{
    using State = QueuedState;
    std::string LocalReference;   // shown to the user, e.g. "Q-3F9A2C1B" (from the idempotency key)
    std::string IdempotencyKey;
    std::string Type;             // wire id
    std::string Application;
    std::string CreatedAt;        // ISO 8601 UTC, when it was accepted
    State       Status = State::Pending;
    int         Attempts = 0;     // delivery attempts so far (this process; 0 for a report another process holds)
    std::string LastError;        // English, for logs: why the last attempt failed
    ApiError    Reason;           // NeedsAttention: the receiver's 4xx reason
};

// One entry of "My requests".
struct LocalTicket
{
    std::string Ticket;
    std::string StatusToken;
    std::string Type;           // wire id
    std::string Application;
    std::string SentAt;         // ISO 8601 UTC
    std::string LastStatus;     // last status seen ("received" after sending)
    std::string LastChecked;    // ISO 8601 UTC of the last status fetch, empty if never
    std::vector<HistoryEntry> History;
};

} // namespace ImContact
