// imcontact: the receiver's client (internal to imcontact_submitter).
//
// The one place that talks HTTP to the receiver and turns a transfer into one answer:
// the multipart POST of a report, the status look-up of a ticket, and the classification
// of what came back (delivered, try again later, refused for what it is, cancelled), with
// the Failure, the receiver's reason and its Retry-After. Both the direct path (no
// outbox) and the outbox's delivery use it; nothing above it classifies a transfer again.
//
//   ReceiverClient client(config.Endpoint, transport, cancel, progress_sink);
//   ReportAnswer a = client.PostReport(json, png, attachments, job);
//   switch (a.Verdict) { case AttemptVerdict::Delivered: ... }
//
// Thread-safety: a ReceiverClient belongs to the thread that owns its HttpTransport
// (the submitter's worker). The cancel token's flags and the progress sink are the only
// things shared with other threads.
#pragma once

#include "http_transport.h"
#include "imcontact/imcontact_submitter.h"

#include <cstdint>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

namespace ImContact
{

// What one attempt of a report means for it.
enum class AttemptVerdict
{
    Delivered,      // a receipt: Receipt is set
    Retry,          // not its fault (connection, timeout, 5xx, 429/408, a 2xx that is not a receipt,
                    // libcurl could not run it): try again later, after RetryAfterMs if >= 0
    Refused,        // the receiver refused it for what it is (any other 4xx): a person must look
    Cancelled,      // the cancel token was raised (Cancel(job), Shutdown(), a preempted retry)
};

// One classified answer of the receiver. The fields are those of SubmitterEvent with the
// same names; FillEvent copies them.
struct ReceiverAnswer
{
    AttemptVerdict Verdict = AttemptVerdict::Retry;
    Failure     Why = Failure::None;
    int         HttpStatus = 0;         // 0 when no HTTP response arrived
    std::string Detail;                 // English, for logs
    ApiError    Error;                  // the receiver's reason, when it sent one
    ImContact::Receipt Receipt;         // report POST + Delivered
    ImContact::TicketStatus Status;     // status look-up + Delivered
    int64_t     BytesSent = 0;
    int64_t     BytesTotal = 0;
    int64_t     RetryAfterMs = -1;      // the receiver's Retry-After (uncapped), -1 when none
    bool        NotModified = false;    // status look-up + Delivered: 304, the If-None-Match version is
                                        // current (Status is empty: the caller has it)
    std::string ETag;                   // status look-up: the receiver's ETag header (as sent), if any

    bool Ok() const { return Verdict == AttemptVerdict::Delivered; }
    // Sets Ok, Why, HttpStatus, Detail, Error, Receipt, Status, BytesSent, BytesTotal.
    void FillEvent(SubmitterEvent* ev) const;
};

// Classifies a transfer (pure; exposed for tests). 'status_lookup': the body must be a
// ticket status (and a 404 is NotFound) instead of a receipt. 'now' is time(nullptr), for
// a Retry-After given as an HTTP-date.
ReceiverAnswer ClassifyTransfer(const HttpResult& result, bool status_lookup, std::time_t now);

// Upload progress of a job's POST: {job, 0, 0} when it starts, then the bytes, and
// SendProgress{} once it ended (before its answer is returned). Called on the worker.
using ProgressSink = std::function<void(const SendProgress&)>;

class ReceiverClient
{
public:
    // 'endpoint' is the receiver's base URL; 'transport' and the flags behind 'cancel' must
    // outlive the client. 'progress' may be empty.
    ReceiverClient(const std::string& endpoint, HttpTransport& transport, CancelToken cancel, ProgressSink progress);

    // POSTs one report: the JSON part, when 'png' is not empty the screenshot part, then
    // one part named "attachment" per attachment, in order (filename = Name, Content-Type =
    // MimeType). 'job' (0 = none) is what the progress sink is told while it uploads.
    ReceiverAnswer PostReport(const std::string& report_json, const std::vector<uint8_t>& png,
                              const std::vector<Attachment>& attachments, uint64_t job);
    // GETs the status of 'ticket' with its status token. 'etag' (the ETag of the status the
    // caller has; empty = none) is sent as If-None-Match: an unchanged ticket is then
    // answered 304 (Delivered + NotModified) without a body.
    ReceiverAnswer FetchStatus(const std::string& ticket, const std::string& status_token, const std::string& etag = "");

    const CancelToken& Cancel() const { return cancel_; }

private:
    std::string    base_url_;
    HttpTransport& transport_;
    CancelToken    cancel_;
    ProgressSink   progress_;
};

} // namespace ImContact
