// imcontact: the submitter (core; no ImGui, no GL).
//
// One background worker thread owns a job queue and the one libcurl easy handle.
// It encodes screenshots to PNG, posts reports to the receiver, fetches ticket
// statuses and keeps the local list of tickets sent from this installation
// ("My requests", a small JSON file in SubmitterConfig::DataDir). Results come back
// as events that the render thread polls once a frame; the render thread never waits
// on the network, the disk or image encoding.
//
//   ImContact::SubmitterConfig cfg;
//   cfg.Endpoint = "https://support.example.com";  // receiver base URL (http or https only)
//   cfg.DataDir  = "/home/me/.local/share/myapp/imcontact";
//   ImContact::Submitter sub(cfg);
//   uint64_t job = sub.SubmitReport(report, std::move(screenshot_rgba));
//   ... each frame: while (sub.PollEvent(&ev)) { ... }
//   sub.Shutdown(2000);                            // bounded; also done by the destructor
//
// Thread-safety: every public method may be called from any thread; none of them waits
// on the network, the disk or encoding (only Flush and Shutdown wait, as long as they are
// told to). PollEvent is meant for one consumer (the render thread).
//
// The outbox (SubmitterConfig::OutboxDir): every accepted report is saved on disk before
// the first attempt and stays there until the receiver answers with a ticket number, so
// a report survives a failed send, a crash and a restart; it is sent again (on the
// worker, with backoff) with the same idempotency key, so the receiver gives it one
// ticket however often it arrives. On disk (one file per report, owner-only):
//   OutboxDir/<id>.report             magic + version line, a JSON header line (key,
//                                     created_at, state, lengths, the receiver's reason),
//                                     the report JSON as sent, the PNG, the attachments'
//                                     bytes (format 2; format 1 files are still read), a
//                                     CRC-32 trailer
//   OutboxDir/<id>.lock               flock'ed by the process taking care of the report
//   OutboxDir/quarantine/<id>.report  torn or corrupt files, moved aside for a human
// <id> is the idempotency key (or a hash of it when the key is not [A-Za-z0-9_-]{1,64}).
// Several processes (and several Submitters) may share one outbox: a report locked by
// one is never sent by another; a lock is released by the kernel when its process dies.
//
// Transport: http:// and https:// only (any other endpoint is refused with
// Failure::Invalid and a Detail), redirects are not followed, TLS peer and host
// verification are always on, and Cancel()/Shutdown() abort a transfer within about a
// second (libcurl's progress callback reads an atomic flag).
#pragma once

#include "imcontact_model.h"
#include "imcontact_protocol.h"
#include "imcontact_types.h"
#include "imcontact_version.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ImContact
{

struct SubmitterConfig
{
    std::string Endpoint;                 // base URL of the receiver, e.g. "http://127.0.0.1:8080"
    std::string DataDir;                  // where "My requests" (tickets.json, owner-only) is kept; created
                                          // with its parents on the first write; empty = kept in memory only
    long        ConnectTimeoutMs = 5000;
    long        TotalTimeoutMs   = 30000; // whole transfer
    long        LowSpeedTimeSec  = 10;    // abort when under 1 byte/s for this long (0 = off)
    std::string CaBundlePath;             // empty = system default; peer verification always on
    std::string UserAgent = IMCONTACT_USER_AGENT;
    ImContact::Limits Limits;
    // Auto: each screenshot is lossless PNG when it is UI-like and lossy WebP when it is
    // photographic (decided from its pixels); Lossless: always PNG. Either way a frame
    // over Limits.ScreenshotMaxBytes is stepped down (quality, then resolution) to fit.
    ImContact::ScreenshotCodec ScreenshotCodec = ImContact::ScreenshotCodec::Auto;
    // The host's files (AttachmentSource, imcontact_types.h), read on the worker when a
    // report is accepted (before it is saved in the outbox), in this order, after any the
    // Report already carries. What was done with each: SubmitterEvent::Attachments. The
    // screenshot's size budget is what the request limit leaves after them.
    std::vector<AttachmentSource> Attachments;
    // The only directories a file source may be read from (checked after realpath());
    // a directory that does not exist allows nothing.
    std::vector<std::string>      AttachmentDirs;

    // The outbox: every accepted report is written here (temporary file, fsync, rename,
    // fsync of the directory) before any network attempt, and removed only once the
    // receiver has answered with a ticket number. Several processes may share it.
    // Created (owner-only) on the first write; the constructor touches no file.
    std::string OutboxDir;                // empty = DataDir + "/outbox"; both empty = no outbox (not durable)
    size_t      OutboxMaxReports = 100;   // a new report is refused (Failure::OutboxFull) beyond these; every
    uint64_t    OutboxMaxBytes   = 256ull * 1024 * 1024;   // report file counts, whichever process wrote it
    RetryPolicy Retry;
    // true: the worker also sends, by itself, the pending reports that earlier runs or
    // processes that ended left in the outbox (found at start-up and by every rescan).
    // false: only the reports this Submitter saved, and the others on DeliverPendingNow().
    bool        DeliverPendingAtStart = true;
    int         RescanIntervalMs = 30000; // how often the worker looks at the outbox for reports other
                                          // processes left or changed; <= 0: only at start-up and on jobs
    // Background status refresh (SetStatusRefresh): while it is on, the worker asks the
    // receiver about the open tickets of "My requests" this often (conditionally: an
    // unchanged ticket costs a 304), resolved and closed ones every 10th round; while the
    // receiver cannot be reached the rounds back off per Retry (never more often than
    // this). <= 0: no background refresh (RequestStatus still works).
    int         StatusRefreshIntervalMs = 45000;
};

// What became of one status look-up (StatusFinished), classified once on the worker.
enum class StatusOutcome
{
    None = 0,
    Updated,        // Ok: the status or history was new to this installation; TicketsLoaded follows
    Unchanged,      // Ok: the receiver answered 304 (or the same status again); Status is the stored one
    Unreachable,    // not Ok: connection, timeout, 5xx, 429/408, a 2xx that is not a status: the
                    // receiver could not be asked now (the background refresh backs off and asks again)
    NotFound,       // not Ok: not in "My requests", or the receiver does not know it (or the token)
    Failed,         // not Ok: anything else (Invalid endpoint, another 4xx); Why + Detail say what
    Cancelled,      // not Ok: Cancel(), Shutdown(), or a background look-up preempted by a send
};

// An unsent form kept in SubmitterConfig::DataDir/draft.json (SaveDraft/LoadDraft), so
// that what the user typed survives a restart. Organisation and Email are never stored
// (the host gives them), nor the screenshot.
struct SavedDraft
{
    Form        Fields;                   // type, speed, application, sub-application, reference, phone, message
    bool        ApplicationByHand = false;// the user picked Fields.Application (not pre-selected)
    std::string Replaces;                 // the queued report this form edits ("edit and send again"), or empty
};

// Results, polled by the render thread.
//   SendFinished    one per SubmitReport()/SubmitReplacement() job: Ok + Receipt, or Why (+ details).
//   StatusFinished  one per RequestStatus() job: Ok + Status, or Why (NotFound when the
//                   ticket is not in "My requests" or the receiver does not know it);
//                   StatusResult classifies it (switch on that). Also one per look-up of
//                   the background refresh (SetStatusRefresh), with Job = 0; a round that
//                   cannot reach the receiver ends at its first Unreachable look-up.
//   TicketsLoaded   the whole "My requests" list: once after construction, after
//                   ReloadTickets(), and after every change (a send succeeded, a status
//                   was fetched with a body: a 304 changes nothing and writes nothing,
//                   MarkTicketSeen cleared a mark). Ok is false when tickets.json could not be used (corrupt:
//                   it was kept as tickets.json.corrupt-<time> and the list starts empty;
//                   or not readable / not writable); Detail then says what happened.
//                   When a change produces it, it follows that change's SendFinished /
//                   StatusFinished / Delivered event, and the file has already been written.
// A job dropped or aborted by Cancel() or Shutdown() gets its event with Why = Cancelled.
//   OutboxChanged   the whole list of queued reports (Outbox), oldest first: once after
//                   start-up (Job = the start-up scan), after every change (saved, attempt
//                   failed, delivered, needs attention, discarded, quarantined, found or
//                   gone in a rescan), and at the end of DiscardQueued() (Ok false + Why +
//                   Detail when it could not discard: NotFound, or Storage when another
//                   process holds the report) and of DeliverPendingNow() (Job = its id).
//                   Every OutboxChanged carries the whole current list, even a Cancelled one.
//   Delivered       a queued report reached the receiver on a later attempt (same run or a
//                   later start): Ok, Receipt, HttpStatus, LocalReference; Job = 0 for the
//                   worker's own retries, or the DeliverPendingNow() job. TicketsLoaded and
//                   OutboxChanged follow.
//   ReportRestored  answer to RestoreQueued(): Ok, the report in Restored (fields, key, the
//                   PNG in Restored.ScreenshotPng), its screenshot decoded in
//                   RestoredScreenshot (empty if none; Detail says why when it would not
//                   decode), LocalReference. Not Ok: Why NotFound or Storage (corrupt:
//                   quarantined, and Quarantined + OutboxChanged come first).
//   Quarantined     a torn or corrupt outbox file was moved to OutboxDir/quarantine (Ok);
//                   Detail names the file, what is wrong and where it went. Not Ok (Why
//                   Storage): it could not be moved; it is ignored and reported once.
//                   OutboxChanged follows.
//   DraftLoaded     answer to LoadDraft(): Ok + HasDraft + Draft (HasDraft false: none kept).
//                   Not Ok (Why Storage, Detail): draft.json was damaged (moved aside to
//                   draft.json.corrupt-<time>; HasDraft false) or could not be read.
//   DraftStored     answer to SaveDraft()/DiscardDraft(): Ok (written, or removed), or Why
//                   Storage + Detail when the file could not be written or removed.
//
// SendFinished says what became of the report in Outcome (SendOutcome, imcontact_types.h):
// the one classification, made once here; switch on it, not on Why/Queued/HttpStatus.
// With the outbox on (without an outbox there is one attempt: Delivered, NotSent,
// RefusedInvalid or Cancelled, and neither Queued nor LocalReference is ever set):
//   RefusedInvalid          Why Invalid (validation, endpoint; FieldErrors),
//   RefusedOutboxFull       Why OutboxFull, or
//   StorageFailed           Why Storage (Detail): Queued false, LocalReference empty:
//                           nothing was saved or sent.
//   Delivered               Ok, Receipt, LocalReference; then TicketsLoaded, OutboxChanged.
//   SavedWillRetry          Why Unreachable (also: libcurl could not run the transfer),
//                           Timeout, ServerError, BadResponse, or Rejected with HttpStatus
//                           429/408; Queued true + LocalReference: saved and sent
//                           automatically (a Delivered event tells when).
//   NeedsAttention          Why Rejected (any other 4xx, 409 included) + Error; Queued false,
//                           LocalReference set: it stays in the outbox as NeedsAttention.
//   Cancelled (Cancel(job)) Why Cancelled, Queued false, LocalReference empty: the report was
//                           withdrawn from the outbox (the caller still has it).
//   SavedWillRetry          (Shutdown()) Why Cancelled; Queued true + LocalReference: in the
//                           outbox and a later run sends it. A send job still queued when
//                           Shutdown() is called is saved then (validated, encoded, written;
//                           no transfer), so every accepted report reaches the disk within
//                           Shutdown's timeout. Queued false only without an outbox, or when
//                           it could not be saved (Storage/OutboxFull/Invalid, as above).
// So: LocalReference non-empty <=> the report is in the outbox; Queued <=> it is sent
// automatically. The first OutboxChanged of a saved report comes before its SendFinished.
// A report is saved promptly: a SubmitReport() while the worker is in one of its own
// background retries (which may hang up to TotalTimeoutMs) aborts that retry (it is
// idempotent and runs again after), so the new report is saved at once.
struct SubmitterEvent
{
    enum class Kind { SendFinished, StatusFinished, TicketsLoaded, OutboxChanged, Delivered, ReportRestored, Quarantined,
                      DraftLoaded, DraftStored };
    Kind        What = Kind::SendFinished;
    uint64_t    Job = 0;
    bool        Ok = false;
    Failure     Why = Failure::None;
    int         HttpStatus = 0;             // 0 when no HTTP response arrived
    std::string Detail;                     // libcurl's or the receiver's message (English, for logs)
    ApiError    Error;                      // Rejected: the receiver's reason
    std::vector<FieldError> FieldErrors;    // Invalid: what is wrong
    ImContact::Receipt Receipt;             // SendFinished + Ok
    ImContact::TicketStatus Status;         // StatusFinished + Ok
    std::vector<LocalTicket> Tickets;       // TicketsLoaded, and after every change of the list
    std::string Ticket;                     // StatusFinished: the ticket asked about
    StatusOutcome StatusResult = StatusOutcome::None;   // StatusFinished: what became of the look-up
    int64_t     BytesSent = 0;              // SendFinished: request body bytes uploaded
    int64_t     BytesTotal = 0;             // SendFinished: request body size (0 if nothing was sent)
    SendOutcome Outcome = SendOutcome::None;  // SendFinished, Delivered: what became of the report (see above)
    bool        Queued = false;             // SendFinished: saved in the outbox, will be sent automatically
    std::string LocalReference;             // SendFinished, Delivered, ReportRestored: the queued report
    std::vector<QueuedReport> Outbox;       // OutboxChanged
    Report      Restored;                   // ReportRestored
    RgbaImage   RestoredScreenshot;         // ReportRestored
    ScreenshotEncoding Screenshot;          // SendFinished (with or without an outbox, refused ones
                                            // included): how the screenshot was encoded (Format None: none was)
    std::vector<AttachmentOutcome> Attachments;   // SendFinished (every outcome, refused ones included once
                                            // the sources were read): what was done with each configured
                                            // source, in SubmitterConfig::Attachments order
    bool        HasDraft = false;           // DraftLoaded: a draft was kept
    SavedDraft  Draft;                      // DraftLoaded
};

struct SendProgress
{
    uint64_t Job = 0;       // 0 when nothing is being uploaded
    int64_t  Sent = 0;      // bytes
    int64_t  Total = 0;     // bytes, 0 if not known yet
};

class Submitter
{
public:
    explicit Submitter(const SubmitterConfig& config);
    ~Submitter();                                   // Shutdown(2000)
    Submitter(const Submitter&) = delete;
    Submitter& operator=(const Submitter&) = delete;

    // Queues a report. The screenshot (if any) is encoded to PNG on the worker and
    // replaces report.ScreenshotPng; with an empty image, report.ScreenshotPng is sent as
    // it is. An idempotency key (128 random bits, hex) is generated when the report has
    // none. The report is validated (ValidateReport) before anything is sent, then saved
    // in the outbox (when there is one), then sent. Returns the job id (never 0). After
    // Shutdown the job is answered at once with Cancelled.
    uint64_t SubmitReport(Report report, RgbaImage screenshot);
    // The same with a screenshot the caller keeps (the panel keeps it for a retry): the
    // worker only reads it, so nothing is copied on the caller's thread. 'edits' (the
    // panel's editor and automatic redaction; see ImageEdit) are applied on the worker to
    // a copy of the screenshot before it is encoded: what they hide is never in the file.
    // 'attachments': which of SubmitterConfig::Attachments go with it (the panel's
    // checkboxes; default: all); read on the worker, the unticked ones are not touched.
    uint64_t SubmitReport(Report report, std::shared_ptr<const RgbaImage> screenshot,
                          std::vector<ImageEdit> edits = {}, AttachmentSelection attachments = {});
    // The same, replacing a queued report ("edit and send again"): once the new report is
    // saved in the outbox, the old one is removed (a crash in between is harmless: the new
    // file names the old one, and whoever scans the outbox removes it; it is never sent).
    // The report always gets a new idempotency key (any key it carries is dropped), so the
    // receiver can never take it for the old one. When the old report is held by another
    // process the new one is refused (Storage) and nothing is saved; when it is not in the
    // outbox (any more) the new one is sent as a plain SubmitReport.
    // A reference (here and below) is a LocalReference (any case), an idempotency key, or
    // a file id.
    uint64_t SubmitReplacement(Report report, std::shared_ptr<const RgbaImage> screenshot,
                               const std::string& replaces_local_reference, std::vector<ImageEdit> edits = {},
                               AttachmentSelection attachments = {});
    // Reads a queued report back for editing; answered by a ReportRestored event.
    uint64_t RestoreQueued(const std::string& local_reference);
    // Removes a queued report from the outbox (the user chose "discard"); OutboxChanged
    // follows (Ok false when it could not: see SubmitterEvent).
    void     DiscardQueued(const std::string& local_reference);
    // Tries every pending report once now, ignoring backoff (not Retry-After), including
    // those left by earlier runs or ended processes (not those another live process
    // holds); e.g. for imcontact-send --flush. Delivered events for what gets through, then
    // OutboxChanged with this job id and the list of what is left. Flush() waits for it.
    uint64_t DeliverPendingNow();
    // Queues a status fetch for a ticket of "My requests" (the token is looked up locally).
    // Returns the job id (never 0).
    uint64_t RequestStatus(const std::string& ticket);
    // Queues a reload of "My requests" from disk (also done once at construction).
    void     ReloadTickets();
    // Background status refresh (any thread; returns at once): while 'active' the worker
    // itself looks up the tickets of "My requests" every Config.StatusRefreshIntervalMs
    // (the open ones; resolved/closed every 10th round), the first round as soon as it is
    // turned on; with backoff (Config.Retry) while the receiver cannot be reached. Each
    // look-up sends the ticket's stored ETag (If-None-Match) and answers with a
    // StatusFinished (Job 0), a changed one with a TicketsLoaded too. The worker owns the
    // schedule (delayed work on its queue, after any queued job; a send preempts a round,
    // which then continues later); the caller only says whether anyone is looking (the
    // panel: open or closed). Off by default; turning it on again starts a new round at once.
    void     SetStatusRefresh(bool active);
    // The user has looked at 'ticket' (opened its detail): clears its Unseen mark in
    // "My requests" and tickets.json; TicketsLoaded follows (with the list as it is, and
    // nothing written, when the ticket is unknown or not marked).
    void     MarkTicketSeen(const std::string& ticket);

    bool         PollEvent(SubmitterEvent* out);    // non-blocking
    SendProgress Progress() const;                   // upload progress of the running send job (Job 0
                                                     // while encoding/validating/saving, during the worker's
                                                     // own retries, and when none runs)
    // A queued job at once, a running one within ~1 s. A running send whose report was
    // saved is withdrawn from the outbox (see SendFinished); a running DeliverPendingNow
    // stops after the current attempt is aborted (that report stays pending).
    void         Cancel(uint64_t job);
    bool         Busy() const;                       // a job queued or running, or a retry in progress

    // Waits until every queued job is done and nothing runs (or the worker has stopped).
    // The worker's own retries of queued reports are not jobs and are not waited for.
    // False if 'timeout_ms' passed first. Not for the render thread's every frame.
    bool Flush(int timeout_ms);
    // Aborts what is running, saves the queued send jobs in the outbox (no transfer; see
    // SendFinished), answers every other queued job as Cancelled, stops the worker.
    // Returns within about 'timeout_ms'; false if the worker had not stopped by then (it
    // then finishes saving and stops on its own soon after, touching only memory it
    // co-owns). Saved reports stay in the outbox (a transfer in flight is aborted through
    // libcurl's progress callback) and their locks are released when the worker ends.
    // Without an outbox, queued send jobs are answered as Cancelled (not saved).
    bool Shutdown(int timeout_ms);

    // Issue 8: acting on one queued report, and the unsent form that survives a restart.
    // Tries one queued report now ("send now"), ignoring its backoff (not the receiver's
    // Retry-After), adopting it when an earlier run or an ended process left it; not one
    // that needs attention or that another live process holds. A Delivered event (Job =
    // this id) when it gets through, then OutboxChanged with this job id (the attempt's, as
    // for any change; the last one carries LocalReference): Ok (tried: still in Outbox
    // means it did not get through), or Why NotFound (not in the outbox) / Storage (held
    // by another process, needs attention, or the receiver's Retry-After has not passed:
    // Detail). Returns the job id (never 0).
    uint64_t SendQueuedNow(const std::string& local_reference);
    // The unsent form (see SavedDraft): SaveDraft hands a copy to the worker, which writes
    // DataDir/draft.json atomically (owner-only); a save still queued is replaced by the
    // newer one, so calling it once a second while the user types writes at most the
    // latest. DiscardDraft removes the file (sent or discarded). Both are answered with a
    // DraftStored event and are still done when queued before Shutdown(). Without a
    // DataDir nothing is kept (DraftStored Ok). Any thread; the copy is all they cost.
    void         SaveDraft(SavedDraft draft);
    void         DiscardDraft();
    // Reads DataDir/draft.json on the worker; answered by DraftLoaded. A damaged file is
    // moved aside, never a crash. Returns the job id (never 0).
    uint64_t     LoadDraft();

    struct State;
private:
    std::shared_ptr<State> state_;
};

} // namespace ImContact
