// Collecting the parts of a request; parsing and validation of the "report",
// "screenshot" and "attachment" parts.
#include "report_parse.h"

#include "imcontact/imcontact_locale.h"
#include "imcontact/internal/png_codec.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace ImContactReceiver
{
using nlohmann::json;

ImContact::ApiError ApiErrorFor(const ImContact::FieldError& e)
{
    ImContact::ApiError a;
    a.Code = ImContact::ErrorCodeId(e.Code);
    a.Field = ImContact::FieldId(e.Which);
    a.Message = ImContact::ErrorMessage(ImContact::Language::English, e);
    a.Limit = e.Limit;
    a.Index = e.Index;
    return a;
}

// nlohmann's parser rejects ill-formed UTF-8 inside strings. This SAX handler follows
// the object keys so that, when it does, we know which member held the bad bytes.
class Utf8Locator : public nlohmann::json_sax<json>
{
public:
    ImContact::Field Located = ImContact::Field::Body;
    bool SyntaxError = false;   // an error other than ill-formed UTF-8

    bool null() override { return Value(); }
    bool boolean(bool) override { return Value(); }
    bool number_integer(number_integer_t) override { return Value(); }
    bool number_unsigned(number_unsigned_t) override { return Value(); }
    bool number_float(number_float_t, const string_t&) override { return Value(); }
    bool string(string_t&) override { return Value(); }
    bool binary(binary_t&) override { return Value(); }
    bool start_object(std::size_t) override { return Open(true); }
    bool key(string_t& k) override
    {
        frames_.back().Key = k;
        frames_.back().HasKey = true;
        return true;
    }
    bool end_object() override { frames_.pop_back(); return Value(); }
    bool start_array(std::size_t) override { return Open(false); }
    bool end_array() override { frames_.pop_back(); return Value(); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) override
    {
        // The lexer stops on the first byte that is not UTF-8, inside the string that
        // holds it. Inside a value (not a key), the top-level member being read names
        // the field; anything nested belongs to its top-level member ("technical").
        SyntaxError = std::string(ex.what()).find("UTF-8") == std::string::npos;
        Located = ImContact::Field::Body;
        const bool in_value = !frames_.empty() && (!frames_.back().IsObject || frames_.back().HasKey);
        ImContact::Field f;
        if (!SyntaxError && in_value && frames_.front().IsObject && frames_.front().HasKey &&
            ImContact::FieldFromId(frames_.front().Key, &f))
            Located = f;
        return false;
    }

private:
    struct Frame { bool IsObject; std::string Key; bool HasKey; };
    std::vector<Frame> frames_;

    bool Value()
    {
        if (!frames_.empty() && frames_.back().IsObject) frames_.back().HasKey = false;
        return true;
    }
    // Deeper than any report: stop here (memory stays bounded) and let ReportFromJson say why.
    bool Open(bool is_object)
    {
        if (frames_.size() >= static_cast<size_t>(ImContact::ReportJsonMaxDepth))
        {
            SyntaxError = true;
            return false;
        }
        frames_.push_back({ is_object, std::string(), false });
        return true;
    }
};

static bool Fail(ImContact::ApiError* error, const char* code, const char* field, const std::string& message, size_t limit = 0)
{
    error->Code = code;
    error->Field = field;
    error->Message = message;
    error->Limit = limit;
    return false;
}

// The core's verdict on the attachments' names, types, count and uniqueness alone
// (bytes left out: they are checked with the whole report once they are in).
static std::vector<ImContact::FieldError> AttachmentHeaderProblems(const std::vector<ImContact::Attachment>& list,
                                                                  const ImContact::Limits& limits)
{
    ImContact::Report stub;
    for (const ImContact::Attachment& a : list) stub.Attachments.push_back({ a.Name, a.MimeType, {} });
    std::vector<ImContact::FieldError> out;
    for (const ImContact::FieldError& e : ImContact::ValidateReport(stub, limits))
        if (e.Which == ImContact::Field::Attachment) out.push_back(e);
    return out;
}

bool PartCollector::Begin(const std::string& name, const std::string& filename, const std::string& content_type)
{
    text_sink_ = nullptr;
    byte_sink_ = nullptr;
    if (refused_) return false;
    if (name.empty())
    {
        const int index = static_cast<int>(parts_.Attachments.size());
        refusal_ = ApiErrorFor({ ImContact::Field::Attachment, ImContact::ErrorCode::Malformed, 0, index });
        refusal_.Message = "attachment " + std::to_string(index) +
                           ": the part's Content-Disposition could not be read (a quote, CR or LF in its file name?)";
        refused_ = true;
        return false;
    }
    if (name == "report" && !parts_.HasReport)
    {
        parts_.HasReport = true;
        text_sink_ = &parts_.Report;
    }
    else if (name == "screenshot" && !parts_.HasScreenshot)
    {
        parts_.HasScreenshot = true;
        parts_.ScreenshotType = content_type;
        text_sink_ = &parts_.Screenshot;
    }
    else if (name == "attachment")
    {
        parts_.Attachments.push_back({ filename, content_type, {} });
        const std::vector<ImContact::FieldError> problems = AttachmentHeaderProblems(parts_.Attachments, limits_);
        if (!problems.empty())
        {
            refusal_ = ApiErrorFor(problems.front());
            refused_ = true;
            return false;
        }
        byte_sink_ = &parts_.Attachments.back().Bytes;
    }
    return true;
}

void PartCollector::Append(const char* data, size_t n)
{
    if (text_sink_) text_sink_->append(data, n);
    if (!byte_sink_) return;
    const size_t keep = limits_.AttachmentMaxBytes + 1;   // one byte over is enough to be refused as too_large
    const size_t room = byte_sink_->size() < keep ? keep - byte_sink_->size() : 0;
    byte_sink_->insert(byte_sink_->end(), data, data + (n < room ? n : room));
}

bool ParseContactParts(ReceivedParts&& parts, const ImContact::Limits& limits, ImContact::Report* out,
                       ImContact::ApiError* error)
{
    using ImContact::ErrorCode;
    using ImContact::Field;
    if (!parts.HasReport)
        return Fail(error, "missing", "body", "the request has no \"report\" part (multipart/form-data, application/json)");
    const std::string* report_json = &parts.Report;

    ImContact::Report report;
    if (!ImContact::IsValidUtf8(*report_json))
    {
        Utf8Locator locator;
        json::sax_parse(*report_json, &locator);
        if (!locator.SyntaxError)
            return Fail(error, "invalid_utf8", ImContact::FieldId(locator.Located),
                        std::string("the ") + ImContact::FieldId(locator.Located) + " field is not valid UTF-8");
    }
    ImContact::FieldError fe{ Field::Body, ErrorCode::Malformed, 0 };
    std::string why;
    if (!ImContact::ReportFromJson(*report_json, &report, &fe, &why))
    {
        *error = ApiErrorFor(fe);
        if (!why.empty()) error->Message = why;
        return false;
    }
    if (parts.HasScreenshot) report.ScreenshotPng.assign(parts.Screenshot.begin(), parts.Screenshot.end());
    report.Attachments = std::move(parts.Attachments);

    const std::vector<ImContact::FieldError> problems = ImContact::ValidateReport(report, limits);
    if (!problems.empty())
    {
        *error = ApiErrorFor(problems.front());
        return false;
    }
    if (!report.ScreenshotPng.empty())
    {
        // Read all the way through (CRCs, image data) before anything is stored.
        int w = 0, h = 0;
        ImContact::ImageFormat format = ImContact::ImageFormat::None;
        std::string why;
        const ImContact::ImageVerdict verdict =
            ImContact::VerifyImage(report.ScreenshotPng, limits.ScreenshotMaxPixels, &format, &w, &h, &why);
        if (verdict == ImContact::ImageVerdict::TooLarge)
            return Fail(error, "too_large", "screenshot",
                        "the screenshot has " + std::to_string(w) + " x " + std::to_string(h) + " pixels, more than allowed",
                        limits.ScreenshotMaxPixels);
        if (verdict != ImContact::ImageVerdict::Ok)
            return Fail(error, "not_png", "screenshot", "the screenshot is not a readable PNG or WebP image: " + why);
        const std::string declared = parts.ScreenshotType.substr(0, parts.ScreenshotType.find(';'));
        if (!declared.empty() && declared != "application/octet-stream" &&
            ImContact::ImageFormatFromMime(parts.ScreenshotType) != format)
            return Fail(error, "not_png", "screenshot",
                        "the screenshot part says " + declared + " but holds " + ImContact::ImageMimeType(format));
    }
    if (report.IdempotencyKey.size() > IdempotencyKeyMaxBytes)
        return Fail(error, "too_long", "body", "the idempotency key is too long", IdempotencyKeyMaxBytes);
    if (!ImContact::IsValidUtf8(report.IdempotencyKey))
        return Fail(error, "invalid_utf8", "body", "the idempotency key is not valid UTF-8");
    *out = std::move(report);
    return true;
}

} // namespace ImContactReceiver
