// libcurl transfer for the submitter (see http_transport.h).
#include "http_transport.h"

#include <curl/curl.h>

#include <cctype>
#include <mutex>

namespace ImContact
{

bool CurlGlobalInitOnce()
{
    static std::once_flag once;
    static CURLcode result = CURLE_OK;
    std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
    return result == CURLE_OK;
}

bool ValidateEndpoint(const std::string& endpoint, std::string* detail)
{
    auto fail = [&](const std::string& why) {
        if (detail) *detail = "endpoint \"" + endpoint + "\" refused: " + why;
        return false;
    };
    if (endpoint.empty())
    {
        if (detail) *detail = "no endpoint configured (an http:// or https:// URL is required)";
        return false;
    }
    for (unsigned char c : endpoint)
        if (c <= 0x20 || c == 0x7f) return fail("it contains spaces or control characters");
    const size_t colon = endpoint.find("://");
    if (colon == std::string::npos) return fail("only http:// and https:// URLs are allowed");
    std::string scheme = endpoint.substr(0, colon);
    for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (scheme != "http" && scheme != "https")
        return fail("the scheme \"" + scheme + "\" is not allowed; only http:// and https:// are");
    const size_t host_begin = colon + 3;
    const size_t host_end = endpoint.find_first_of("/?#", host_begin);
    const std::string authority = endpoint.substr(host_begin, host_end == std::string::npos ? std::string::npos : host_end - host_begin);
    if (authority.empty() || authority[0] == ':' || authority[0] == '@') return fail("it has no host");
    if (endpoint.find_first_of("?#") != std::string::npos) return fail("a base URL cannot have a query or a fragment");
    return true;
}

HttpTransport::HttpTransport(const TransportOptions& options) : options_(options)
{
    if (CurlGlobalInitOnce()) handle_ = curl_easy_init();
}

HttpTransport::~HttpTransport()
{
    if (handle_) curl_easy_cleanup(static_cast<CURL*>(handle_));
}

std::string HttpTransport::EscapePathSegment(const std::string& segment)
{
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : segment)
    {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else { out += '%'; out += hex[c >> 4]; out += hex[c & 15]; }
    }
    return out;
}

std::string HttpResult::Header(const std::string& lower_name) const
{
    for (auto it = Headers.rbegin(); it != Headers.rend(); ++it)
        if (it->first == lower_name) return it->second;
    return std::string();
}

namespace
{
struct TransferContext
{
    std::string* Body = nullptr;
    size_t MaxBody = 0;
    bool BodyTooLarge = false;
    std::vector<std::pair<std::string, std::string>>* Headers = nullptr;
    size_t HeaderBytes = 0;
    size_t MaxHeaderBytes = 0;
    const CancelToken* Cancel = nullptr;
    bool Cancelled = false;
    const UploadProgressFn* Progress = nullptr;
    int64_t Sent = 0, Total = 0;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user)
{
    auto* ctx = static_cast<TransferContext*>(user);
    const size_t n = size * count;
    if (ctx->Body->size() + n > ctx->MaxBody)
    {
        ctx->BodyTooLarge = true;
        return 0;   // makes libcurl fail with CURLE_WRITE_ERROR
    }
    ctx->Body->append(data, n);
    return n;
}

// One header line at a time. A status line starts a new response (an interim 1xx, or
// the next one): only the final response's headers are kept.
size_t HeaderLine(char* data, size_t size, size_t count, void* user)
{
    auto* ctx = static_cast<TransferContext*>(user);
    const size_t n = size * count;
    std::string line(data, n);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (line.compare(0, 5, "HTTP/") == 0)
    {
        ctx->Headers->clear();
        ctx->HeaderBytes = 0;
        return n;
    }
    const size_t colon = line.find(':');
    if (colon == std::string::npos || colon == 0) return n;
    ctx->HeaderBytes += line.size();
    if (ctx->HeaderBytes > ctx->MaxHeaderBytes) return n;   // ignored, not an error
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t b = colon + 1, e = line.size();
    while (b < e && (line[b] == ' ' || line[b] == '\t')) ++b;
    while (e > b && (line[e - 1] == ' ' || line[e - 1] == '\t')) --e;
    ctx->Headers->emplace_back(std::move(name), line.substr(b, e - b));
    return n;
}

int TransferInfo(void* user, curl_off_t /*dltotal*/, curl_off_t /*dlnow*/, curl_off_t ultotal, curl_off_t ulnow)
{
    auto* ctx = static_cast<TransferContext*>(user);
    if (ctx->Cancel->Requested())
    {
        ctx->Cancelled = true;
        return 1;   // CURLE_ABORTED_BY_CALLBACK
    }
    if (ulnow != ctx->Sent || ultotal != ctx->Total)
    {
        ctx->Sent = ulnow;
        ctx->Total = ultotal;
        if (ctx->Progress && *ctx->Progress) (*ctx->Progress)(ulnow, ultotal);
    }
    return 0;
}

HttpResult::Outcome Classify(CURLcode code)
{
    switch (code)
    {
    case CURLE_OK:
        return HttpResult::Outcome::Response;
    case CURLE_OPERATION_TIMEDOUT:
        return HttpResult::Outcome::Timeout;
    case CURLE_ABORTED_BY_CALLBACK:
        return HttpResult::Outcome::Cancelled;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
        return HttpResult::Outcome::Refused;
    case CURLE_WRITE_ERROR:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_PARTIAL_FILE:
    case CURLE_FILESIZE_EXCEEDED:
        return HttpResult::Outcome::BadResponse;
    default:
        // Resolving, connecting, TLS (handshake, certificate), dropped connections.
        return HttpResult::Outcome::Unreachable;
    }
}

struct SlistGuard
{
    curl_slist* List = nullptr;
    ~SlistGuard() { if (List) curl_slist_free_all(List); }
};
struct MimeGuard
{
    curl_mime* Mime = nullptr;
    ~MimeGuard() { if (Mime) curl_mime_free(Mime); }
};
// Forgets every option when a request ends, so that the handle never keeps pointers to
// the request's buffers; the connection cache survives curl_easy_reset.
struct ResetGuard
{
    CURL* Curl = nullptr;
    ~ResetGuard() { curl_easy_reset(Curl); }
};
} // namespace

#define IMCONTACT_SETOPT(opt, value)                                          \
    do {                                                                      \
        const CURLcode rc_ = curl_easy_setopt(curl, opt, value);              \
        if (rc_ != CURLE_OK) { setopt_error = rc_; setopt_name = #opt; }      \
    } while (0)

HttpResult HttpTransport::Perform(const HttpRequest& request, const CancelToken& cancel, const UploadProgressFn& progress)
{
    HttpResult result;
    if (cancel.Requested())
    {
        result.What = HttpResult::Outcome::Cancelled;   // never start a transfer that is already cancelled
        result.Detail = "cancelled";
        return result;
    }
    CURL* curl = static_cast<CURL*>(handle_);
    if (!curl)
    {
        result.What = HttpResult::Outcome::Refused;
        result.Detail = "libcurl could not be initialised";
        return result;
    }
    std::string detail;
    if (!ValidateEndpoint(request.Url, &detail))
    {
        result.What = HttpResult::Outcome::Refused;
        result.Detail = detail;
        return result;
    }

    curl_easy_reset(curl);
    char error_buffer[CURL_ERROR_SIZE];
    error_buffer[0] = '\0';
    TransferContext ctx;
    ctx.Body = &result.Body;
    ctx.MaxBody = options_.MaxResponseBytes;
    ctx.Headers = &result.Headers;
    ctx.MaxHeaderBytes = options_.MaxResponseHeaderBytes;
    ctx.Cancel = &cancel;
    ctx.Progress = &progress;

    CURLcode setopt_error = CURLE_OK;
    const char* setopt_name = nullptr;
    IMCONTACT_SETOPT(CURLOPT_ERRORBUFFER, error_buffer);
    IMCONTACT_SETOPT(CURLOPT_URL, request.Url.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500   // 7.85.0
    IMCONTACT_SETOPT(CURLOPT_PROTOCOLS_STR, "http,https");
    IMCONTACT_SETOPT(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    IMCONTACT_SETOPT(CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    IMCONTACT_SETOPT(CURLOPT_REDIR_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    IMCONTACT_SETOPT(CURLOPT_FOLLOWLOCATION, 0L);
    IMCONTACT_SETOPT(CURLOPT_NOSIGNAL, 1L);
    IMCONTACT_SETOPT(CURLOPT_SSL_VERIFYPEER, 1L);
    IMCONTACT_SETOPT(CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.CaBundlePath.empty()) IMCONTACT_SETOPT(CURLOPT_CAINFO, options_.CaBundlePath.c_str());
    if (options_.ConnectTimeoutMs > 0) IMCONTACT_SETOPT(CURLOPT_CONNECTTIMEOUT_MS, options_.ConnectTimeoutMs);
    if (options_.TotalTimeoutMs > 0) IMCONTACT_SETOPT(CURLOPT_TIMEOUT_MS, options_.TotalTimeoutMs);
    if (options_.LowSpeedTimeSec > 0)
    {
        IMCONTACT_SETOPT(CURLOPT_LOW_SPEED_LIMIT, 1L);
        IMCONTACT_SETOPT(CURLOPT_LOW_SPEED_TIME, options_.LowSpeedTimeSec);
    }
    if (!options_.UserAgent.empty()) IMCONTACT_SETOPT(CURLOPT_USERAGENT, options_.UserAgent.c_str());
    IMCONTACT_SETOPT(CURLOPT_WRITEFUNCTION, &WriteBody);
    IMCONTACT_SETOPT(CURLOPT_WRITEDATA, &ctx);
    IMCONTACT_SETOPT(CURLOPT_HEADERFUNCTION, &HeaderLine);
    IMCONTACT_SETOPT(CURLOPT_HEADERDATA, &ctx);
    IMCONTACT_SETOPT(CURLOPT_NOPROGRESS, 0L);
    IMCONTACT_SETOPT(CURLOPT_XFERINFOFUNCTION, &TransferInfo);
    IMCONTACT_SETOPT(CURLOPT_XFERINFODATA, &ctx);

    SlistGuard headers;
    // No "Expect: 100-continue" round trip before large bodies.
    headers.List = curl_slist_append(headers.List, "Expect:");
    headers.List = curl_slist_append(headers.List, "Accept: application/json");
    for (const std::string& h : request.Headers) headers.List = curl_slist_append(headers.List, h.c_str());
    IMCONTACT_SETOPT(CURLOPT_HTTPHEADER, headers.List);

    MimeGuard mime;
    ResetGuard reset_at_exit{ curl };
    if (request.Post)
    {
        mime.Mime = curl_mime_init(curl);
        for (const HttpPart& p : request.Parts)
        {
            curl_mimepart* part = curl_mime_addpart(mime.Mime);
            curl_mime_name(part, p.Name.c_str());
            curl_mime_data(part, static_cast<const char*>(p.Data), p.Size);
            if (!p.ContentType.empty()) curl_mime_type(part, p.ContentType.c_str());
            if (!p.FileName.empty()) curl_mime_filename(part, p.FileName.c_str());
        }
        IMCONTACT_SETOPT(CURLOPT_MIMEPOST, mime.Mime);
    }
    else
    {
        IMCONTACT_SETOPT(CURLOPT_HTTPGET, 1L);
    }

    if (setopt_error != CURLE_OK)
    {
        result.What = HttpResult::Outcome::Refused;
        result.CurlCode = static_cast<int>(setopt_error);
        result.Detail = std::string("libcurl refused ") + setopt_name + ": " + curl_easy_strerror(setopt_error);
        return result;
    }

    const CURLcode code = curl_easy_perform(curl);
    result.CurlCode = static_cast<int>(code);
    result.UploadSent = ctx.Sent;
    result.UploadTotal = ctx.Total;
    curl_off_t uploaded = 0;
    if (curl_easy_getinfo(curl, CURLINFO_SIZE_UPLOAD_T, &uploaded) == CURLE_OK && uploaded > result.UploadSent)
        result.UploadSent = uploaded;
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    result.Status = status;

    if (code == CURLE_OK)
    {
        result.What = HttpResult::Outcome::Response;
        return result;
    }
    result.What = Classify(code);
    if (ctx.Cancelled) result.What = HttpResult::Outcome::Cancelled;
    if (ctx.BodyTooLarge)
    {
        result.What = HttpResult::Outcome::BadResponse;
        result.Detail = "response larger than " + std::to_string(options_.MaxResponseBytes) + " bytes";
        return result;
    }
    result.Detail = error_buffer[0] ? std::string(error_buffer) : std::string(curl_easy_strerror(code));
    while (!result.Detail.empty() && (result.Detail.back() == '\n' || result.Detail.back() == '\r'))
        result.Detail.pop_back();
    return result;
}

#undef IMCONTACT_SETOPT

} // namespace ImContact
