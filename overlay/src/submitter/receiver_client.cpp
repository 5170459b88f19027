// The receiver's client (see receiver_client.h).
#include "receiver_client.h"

#include "retry_policy.h"

#include <utility>

namespace ImContact
{

namespace
{
std::string Abbreviate(const std::string& s, size_t max_len = 200)
{
    return s.size() <= max_len ? s : s.substr(0, max_len) + "...";
}

std::string BaseUrl(std::string endpoint)
{
    while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
    return endpoint;
}

// Why, HttpStatus, Detail, Error, Receipt/Status of a transfer; Verdict still unset.
void ClassifyFailure(const HttpResult& res, bool status_lookup, ReceiverAnswer* a)
{
    switch (res.What)
    {
    case HttpResult::Outcome::Response:
        break;
    case HttpResult::Outcome::Unreachable: a->Why = Failure::Unreachable; a->Detail = res.Detail; return;
    case HttpResult::Outcome::Timeout:     a->Why = Failure::Timeout;     a->Detail = res.Detail; return;
    case HttpResult::Outcome::Cancelled:   a->Why = Failure::Cancelled;   a->Detail = "cancelled"; return;
    case HttpResult::Outcome::BadResponse: a->Why = Failure::BadResponse; a->Detail = res.Detail; a->HttpStatus = static_cast<int>(res.Status); return;
    // libcurl refused to run it here: not the report's fault, so not Invalid; tried again.
    case HttpResult::Outcome::Refused:     a->Why = Failure::Unreachable; a->Detail = "the transfer could not be started: " + res.Detail; return;
    }

    const long code = res.Status;
    a->HttpStatus = static_cast<int>(code);
    if (status_lookup && code == 304)
    {
        // Only ever an answer to If-None-Match: the status the client has is current.
        a->Why = Failure::None;
        a->NotModified = true;
        return;
    }
    if (code >= 200 && code < 300)
    {
        const bool parsed = status_lookup ? ParseTicketStatus(res.Body, &a->Status) : ParseReceipt(res.Body, &a->Receipt);
        if (parsed)
        {
            a->Why = Failure::None;
            return;
        }
        a->Why = Failure::BadResponse;
        a->Detail = "HTTP " + std::to_string(code) + " with a body that is not a " +
                    (status_lookup ? "ticket status: " : "receipt: ") + Abbreviate(res.Body);
        return;
    }
    const bool has_error = ParseApiError(res.Body, &a->Error);
    const std::string reason = has_error ? a->Error.Message : Abbreviate(res.Body);
    if (status_lookup && code == 404)
        a->Why = Failure::NotFound;
    else if (code >= 400 && code < 500)
        a->Why = Failure::Rejected;
    else if (code >= 500 && code < 600)
        a->Why = Failure::ServerError;
    else
        a->Why = Failure::BadResponse;
    a->Detail = "HTTP " + std::to_string(code) + (reason.empty() ? std::string() : ": " + reason);
}
// An ETag that may be sent back as it is: printable ASCII, bounded; anything else is
// dropped (the next look-up then asks without If-None-Match).
std::string UsableETag(const std::string& etag)
{
    if (etag.size() > 256) return std::string();
    for (unsigned char c : etag)
        if (c < 0x21 || c > 0x7e) return std::string();
    return etag;
}
} // namespace

ReceiverAnswer ClassifyTransfer(const HttpResult& res, bool status_lookup, std::time_t now)
{
    ReceiverAnswer a;
    a.BytesSent = res.UploadSent;
    a.BytesTotal = res.UploadTotal;
    ClassifyFailure(res, status_lookup, &a);
    if (a.Why == Failure::None) a.Verdict = AttemptVerdict::Delivered;
    else if (a.Why == Failure::Cancelled) a.Verdict = AttemptVerdict::Cancelled;
    else if (IsRetryableFailure(a.Why, a.HttpStatus)) a.Verdict = AttemptVerdict::Retry;
    else a.Verdict = AttemptVerdict::Refused;
    if (status_lookup) a.ETag = UsableETag(res.Header("etag"));
    const std::string header = res.Header("retry-after");
    if (!header.empty() && !ParseRetryAfter(header, now, &a.RetryAfterMs)) a.RetryAfterMs = -1;
    return a;
}

void ReceiverAnswer::FillEvent(SubmitterEvent* ev) const
{
    ev->Ok = Ok();
    ev->Why = Why;
    ev->HttpStatus = HttpStatus;
    ev->Detail = Detail;
    ev->Error = Error;
    ev->Receipt = Receipt;
    ev->Status = Status;
    ev->BytesSent = BytesSent;
    ev->BytesTotal = BytesTotal;
}

ReceiverClient::ReceiverClient(const std::string& endpoint, HttpTransport& transport, CancelToken cancel, ProgressSink progress)
    : base_url_(BaseUrl(endpoint)), transport_(transport), cancel_(cancel), progress_(std::move(progress))
{
}

ReceiverAnswer ReceiverClient::PostReport(const std::string& json, const std::vector<uint8_t>& png,
                                          const std::vector<Attachment>& attachments, uint64_t job)
{
    HttpRequest req;
    req.Url = base_url_ + ContactsPath;
    req.Post = true;
    req.Parts.push_back({ "report", "application/json", "", json.data(), json.size() });
    if (!png.empty())
    {
        // PNG or WebP: the part says which (the receiver checks it against the header).
        const ImageFormat format = SniffImageFormat(png);
        req.Parts.push_back({ "screenshot", ImageMimeType(format), std::string("screenshot") + ImageFileExtension(format),
                              png.data(), png.size() });
    }
    for (const Attachment& a : attachments)
        req.Parts.push_back({ "attachment", a.MimeType, a.Name, a.Bytes.data(), a.Bytes.size() });

    const bool shown = job != 0 && progress_;
    UploadProgressFn progress;
    if (shown)
    {
        progress_(SendProgress{ job, 0, 0 });
        progress = [this, job](int64_t sent, int64_t total) { progress_(SendProgress{ job, sent, total }); };
    }
    const HttpResult res = transport_.Perform(req, cancel_, progress);
    // Cleared before the caller publishes the answer, so a host that sees the event never
    // sees the finished upload still in Progress().
    if (shown) progress_(SendProgress());
    return ClassifyTransfer(res, false, std::time(nullptr));
}

ReceiverAnswer ReceiverClient::FetchStatus(const std::string& ticket, const std::string& status_token, const std::string& etag)
{
    HttpRequest req;
    req.Url = base_url_ + ContactsPath + "/" + HttpTransport::EscapePathSegment(ticket);
    req.Headers.push_back(std::string(StatusTokenHeader) + ": " + status_token);
    if (!etag.empty()) req.Headers.push_back("If-None-Match: " + etag);
    return ClassifyTransfer(transport_.Perform(req, cancel_, UploadProgressFn()), true, std::time(nullptr));
}

} // namespace ImContact
