// Completing and checking a report (see report_prep.h).
#include "report_prep.h"

#include "attachment_read.h"

#include "imcontact/internal/screenshot_codec.h"
#include "imcontact/internal/random.h"

#include <algorithm>

namespace ImContact
{

size_t RequestBytes(const Report& report, const std::string& json)
{
    size_t bytes = json.size() + report.ScreenshotPng.size() + MultipartFramingBytes(2 + report.Attachments.size());
    for (const Attachment& a : report.Attachments) bytes += a.Bytes.size();
    return bytes;
}

bool PrepareReport(const SubmitterConfig& config, const CancelToken& cancel, Report* report,
                   std::shared_ptr<const RgbaImage>* image, const AttachmentSelection& attach, std::string* json,
                   SubmitterEvent* ev)
{
    const Limits& limits = config.Limits;
    auto invalid = [&](std::string detail) {
        ev->Why = Failure::Invalid;
        ev->Outcome = SendOutcome::RefusedInvalid;
        ev->Detail = std::move(detail);
        return false;
    };

    std::string detail;
    if (!ValidateEndpoint(config.Endpoint, &detail)) return invalid(detail);

    if (report->IdempotencyKey.empty()) report->IdempotencyKey = NewIdempotencyKey();
    // Read once, here, when the report is accepted: the outbox keeps these bytes.
    ReadAttachments(config.Attachments, config.AttachmentDirs, attach, limits, &report->Attachments, &ev->Attachments);
    const std::shared_ptr<const RgbaImage>& img = *image;
    if (img && !img->Empty())
    {
        const uint64_t pixels = static_cast<uint64_t>(img->Width) * static_cast<uint64_t>(img->Height);
        if (pixels > limits.ScreenshotMaxPixels)
        {
            ev->FieldErrors.push_back({ Field::Screenshot, ErrorCode::TooLarge, limits.ScreenshotMaxPixels });
            return invalid("screenshot of " + std::to_string(img->Width) + "x" + std::to_string(img->Height) +
                           " pixels is over the limit of " + std::to_string(limits.ScreenshotMaxPixels));
        }
        // The one place that picks the codec and steps down to fit the limit; on a
        // short-lived thread at a lower OS priority (screenshot_codec.h).
        EncodeOptions options;
        options.Codec = config.ScreenshotCodec;
        // The screenshot gets what the request limit leaves after everything else.
        const size_t others = RequestBytes(*report, ReportToJson(*report)) - report->ScreenshotPng.size();   // replaced below
        options.MaxBytes = std::min(limits.ScreenshotMaxBytes, limits.RequestMaxBytes > others ? limits.RequestMaxBytes - others : 0);
        EncodedImage encoded;
        std::string why;
        if (!EncodeAtLowPriority(*img, options, &encoded, &why))
        {
            ev->FieldErrors.push_back({ Field::Screenshot, ErrorCode::Malformed, 0 });
            return invalid("screenshot could not be encoded: " + why);
        }
        report->ScreenshotPng = std::move(encoded.Bytes);
        ev->Screenshot = encoded.Done;
        image->reset();
    }
    if (cancel.Requested())
    {
        ev->Why = Failure::Cancelled;
        ev->Outcome = SendOutcome::Cancelled;
        ev->Detail = "cancelled";
        return false;
    }

    ev->FieldErrors = ValidateReport(*report, limits);
    if (!ev->FieldErrors.empty())
    {
        std::string what;
        for (const FieldError& e : ev->FieldErrors)
            what += std::string(what.empty() ? "" : ", ") + FieldId(e.Which) + " " + ErrorCodeId(e.Code);
        return invalid("report refused before sending: " + what);
    }
    *json = ReportToJson(*report);
    const size_t body_estimate = RequestBytes(*report, *json);
    if (body_estimate > limits.RequestMaxBytes)
    {
        ev->FieldErrors.push_back({ Field::Body, ErrorCode::TooLarge, limits.RequestMaxBytes });
        return invalid("request of about " + std::to_string(body_estimate) + " bytes is over the limit of " +
                       std::to_string(limits.RequestMaxBytes));
    }
    return true;
}

} // namespace ImContact
