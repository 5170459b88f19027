// imcontact: the HTTP transfer of the submitter (internal to imcontact_submitter).
//
// One HttpTransport wraps one libcurl easy handle, reused between requests with
// curl_easy_reset. Only http:// and https:// are allowed (redirects are not followed),
// TLS peer and host verification are always on, and every request has a connect
// timeout, a total timeout and a low-speed limit.
//
// Thread-safety: an HttpTransport belongs to one thread (the submitter's worker).
// Cancellation comes from other threads through the CancelToken given to Perform(),
// which libcurl's progress callback reads at least about once a second.
// ValidateEndpoint and CurlGlobalInitOnce may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ImContact
{

struct TransportOptions
{
    long        ConnectTimeoutMs = 5000;
    long        TotalTimeoutMs   = 30000;
    long        LowSpeedTimeSec  = 10;      // 0 = off
    std::string CaBundlePath;
    std::string UserAgent;
    size_t      MaxResponseBytes = 1024u * 1024u;
    size_t      MaxResponseHeaderBytes = 64u * 1024u;
};

struct HttpPart
{
    std::string Name;
    std::string ContentType;
    std::string FileName;                   // empty = none
    const void* Data = nullptr;             // not copied before Perform(); must outlive it
    size_t      Size = 0;
};

struct HttpRequest
{
    std::string Url;
    bool        Post = false;               // false = GET
    std::vector<std::string> Headers;       // "Name: value"
    std::vector<HttpPart> Parts;            // multipart/form-data body when Post
};

struct HttpResult
{
    enum class Outcome
    {
        Response = 0,   // an HTTP response arrived; see Status and Body
        Unreachable,    // DNS, connection refused, TLS, connection dropped
        Timeout,        // connect, total or low-speed timeout
        Cancelled,      // a cancel flag was raised
        BadResponse,    // a response too large or not HTTP
        Refused,        // refused locally (URL not allowed or malformed)
    };
    Outcome     What = Outcome::Unreachable;
    long        Status = 0;
    std::string Body;
    std::string Detail;         // libcurl's error buffer (or its error string)
    int         CurlCode = 0;
    int64_t     UploadSent = 0; // bytes of the request body sent
    int64_t     UploadTotal = 0;
    // Headers of the final response (names lower-cased, values trimmed), in order;
    // e.g. "retry-after". At most MaxResponseHeaderBytes are kept.
    std::vector<std::pair<std::string, std::string>> Headers;

    // The value of the last header named 'lower_name', or empty.
    std::string Header(const std::string& lower_name) const;
};

// What stops a transfer: up to two flags, raised by other threads (e.g. the worker's
// Cancel(job) flag and its Shutdown() flag); it is cancelled once either reads true.
// A token only points at the flags: they must outlive every use of it. Cheap to copy.
//   CancelToken token = CancelToken(cancel_running).Or(stopping);
//   if (token.Requested()) ...
class CancelToken
{
public:
    CancelToken() = default;                                     // never cancelled
    explicit CancelToken(const std::atomic<bool>& flag) : a_(&flag) {}
    // This token, also cancelled by 'flag'. A token watches two flags at most.
    CancelToken Or(const std::atomic<bool>& flag) const
    {
        CancelToken t = *this;
        (t.a_ ? t.b_ : t.a_) = &flag;
        return t;
    }
    bool Requested() const
    {
        return (a_ && a_->load(std::memory_order_acquire)) || (b_ && b_->load(std::memory_order_acquire));
    }

private:
    const std::atomic<bool>* a_ = nullptr;
    const std::atomic<bool>* b_ = nullptr;
};

// Called from the transfer with upload progress (bytes sent, bytes total or 0).
using UploadProgressFn = std::function<void(int64_t sent, int64_t total)>;

// True for "http://host..." and "https://host..." (scheme case-insensitive, non-empty
// host). Otherwise false with a sentence in 'detail'.
bool ValidateEndpoint(const std::string& endpoint, std::string* detail);

// curl_global_init, exactly once per process, from whichever thread gets there first.
// False if libcurl could not be initialised.
bool CurlGlobalInitOnce();

class HttpTransport
{
public:
    explicit HttpTransport(const TransportOptions& options);
    ~HttpTransport();
    HttpTransport(const HttpTransport&) = delete;
    HttpTransport& operator=(const HttpTransport&) = delete;

    bool Valid() const { return handle_ != nullptr; }

    // Runs one request to completion. The transfer is aborted as soon as 'cancel' is
    // requested (checked before it starts, then by libcurl's progress callback).
    HttpResult Perform(const HttpRequest& request, const CancelToken& cancel, const UploadProgressFn& progress);

    // Percent-encodes one path segment.
    static std::string EscapePathSegment(const std::string& segment);

private:
    TransportOptions options_;
    void* handle_ = nullptr;    // CURL*
};

} // namespace ImContact
