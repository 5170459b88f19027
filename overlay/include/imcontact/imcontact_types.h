// imcontact: the data types the panel API and the submitter share (core; no ImGui, no GL,
// no network). imcontact.h needs these and nothing of the submitter's engine; the
// submitter's own API is in imcontact_submitter.h.
#pragma once

#include "imcontact_model.h"
#include "imcontact_protocol.h"

#include <cstdint>
#include <functional>
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

// A file the host attaches to every report (its log, a settings file): shown to the user
// in "what is sent" (ticked by default; the user can untick it), read on the submitter's
// worker when a report is accepted for sending (never on the render thread), saved with
// the report in the outbox (a retry after a restart sends the same bytes) and sent as a
// multipart part named "attachment" (filename = Name, Content-Type = MimeType).
// Made only by the two factories, so a source is either a file or a callback, never both:
//
//   cfg.AttachmentDirs = { "/home/me/.local/state/myapp" };
//   cfg.Attachments.push_back(ImContact::AttachmentSource::File(
//       "myapp.log", "text/plain; charset=utf-8", "/home/me/.local/state/myapp/myapp.log", 64 * 1024));
//   cfg.Attachments.push_back(ImContact::AttachmentSource::Callback(
//       "settings.json", "application/json",
//       [](std::vector<uint8_t>* out, std::string* why) { return DumpSettings(out, why); }));
//
// Name and MimeType follow the rules of Attachment (ValidateAttachmentName/Mime); a source
// that breaks them is not attached (AttachmentOutcome says why), the report still goes.
// TailBytes > 0: only the last TailBytes (at most Limits::AttachmentMaxBytes) are sent,
// cut at a line start so the first line is whole (for logs); these are also what is cut
// first (from the front, keeping the newest lines) when all attachments together pass
// Limits::AttachmentsMaxBytes. TailBytes == 0: the whole content, or nothing when it is
// over Limits::AttachmentMaxBytes. text/* content that is not valid UTF-8 is sent with
// each invalid sequence replaced by U+FFFD (AttachmentOutcome::Utf8Replaced), so support
// can still read the log as text.
// Thread-safety: a value type, copied into the config; the callback is called on the
// submitter's worker thread only (one call per accepted report), so whatever it touches
// must be safe to use from that thread.
class AttachmentSource
{
public:
    // Fills 'out' with the content (ownership of the bytes passes to the submitter) and
    // returns true; false (with a sentence in 'why', English, for logs and the panel's
    // tooltip) = not attached this time, the report still goes.
    using ReadFunc = std::function<bool(std::vector<uint8_t>* out, std::string* why)>;

    // A file. Read only when its path, after resolving symlinks (realpath), lies under one
    // of the directories listed in Config/SubmitterConfig::AttachmentDirs; a path that
    // leads elsewhere ("../", a symlink out) is refused unread. Only regular files.
    static AttachmentSource File(std::string name, std::string mime_type, std::string path, size_t tail_bytes = 0);
    // Bytes the host makes at send time (see ReadFunc).
    static AttachmentSource Callback(std::string name, std::string mime_type, ReadFunc read, size_t tail_bytes = 0);

    const std::string& Name() const { return name_; }
    const std::string& MimeType() const { return mime_; }
    bool               IsFile() const { return !read_; }
    const std::string& Path() const { return path_; }     // File only; empty for a callback
    const ReadFunc&    Reader() const { return read_; }   // Callback only; empty for a file
    size_t             TailBytes() const { return tail_; }

private:
    AttachmentSource() = default;
    std::string name_, mime_, path_;
    ReadFunc    read_;
    size_t      tail_ = 0;
};

// Which of the configured AttachmentSources go with one report (the panel's checkboxes).
// Include[i] is source i of Config/SubmitterConfig::Attachments; a source without an entry
// (an empty list: all of them) goes.
struct AttachmentSelection
{
    std::vector<bool> Include;
    bool Includes(size_t i) const { return i >= Include.size() || Include[i]; }
};

// What was done with one attachment of a report (SubmitterEvent::Attachments, in source
// order): the one classification, made once on the worker.
enum class AttachmentResult : int
{
    Sent = 0,      // whole
    Truncated,     // its tail: SentBytes of SourceBytes (TailBytes, or all attachments over the limit)
    NotAttached,   // not sent; Reason says why
};

enum class AttachmentReason : int
{
    None = 0,
    TailLimit,          // Truncated: the source's TailBytes / Limits::AttachmentMaxBytes
    TotalLimit,         // Truncated or NotAttached: all attachments together were over Limits::AttachmentsMaxBytes
    Unticked,           // NotAttached: the user left it out
    Missing,            // NotAttached: no such file
    Unreadable,         // NotAttached: the file could not be read (Detail: errno, not a regular file)
    OutsideAllowed,     // NotAttached: the path resolves outside AttachmentDirs; not read
    CallbackFailed,     // NotAttached: the host's callback returned false or threw (Detail: its why)
    TooLarge,           // NotAttached: over Limits::AttachmentMaxBytes and no TailBytes
    InvalidSource,      // NotAttached: its name or type breaks the rules, a second source of that name,
                        // or more than Limits::AttachmentsMaxCount
};

struct AttachmentOutcome
{
    std::string      Name;
    std::string      MimeType;
    AttachmentResult Result = AttachmentResult::NotAttached;
    AttachmentReason Reason = AttachmentReason::None;
    uint64_t         SentBytes = 0;      // what went into the report
    uint64_t         SourceBytes = 0;    // what the source had (the file's size at open); 0 when not read
    bool             Utf8Replaced = false;  // text/* with invalid UTF-8: each invalid sequence became U+FFFD
    bool             Grew = false;       // the file changed size while read: the bytes up to its size at open were sent
    std::string      Detail;             // English, for logs and tooltips
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
    std::string SentAt;         // ISO 8601 UTC: when the receiver took it (its created_at)
    std::string WrittenAt;      // ISO 8601 UTC: when the user sent it from the form (the report's
                                // time_utc); later than SentAt only for a report saved offline.
                                // Empty in tickets.json files written before it existed.
    std::string LastStatus;     // last status seen ("received" after sending)
    std::string LastChecked;    // ISO 8601 UTC of the last status fetch that changed or first set the
                                // status (an unchanged answer, 304, does not rewrite the file), empty if never
    std::vector<HistoryEntry> History;
    std::string ETag;           // the receiver's version of LastStatus + History (its ETag, as sent),
                                // sent back as If-None-Match; empty = none yet (files before it)
    bool        Unseen = false; // the status or history changed since the user last opened this
                                // ticket in "My requests" (ImContact::UnreadCount); kept in tickets.json
    std::string LocalReference; // "Q-…" when it waited in the outbox before it was delivered, else empty
};

} // namespace ImContact
