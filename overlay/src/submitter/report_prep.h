// imcontact: completing and checking a report before it is saved or sent (internal to
// imcontact_submitter).
//
// Thread-safety: pure but for the cancel token's flags; runs on the submitter's worker.
#pragma once

#include "http_transport.h"
#include "imcontact/imcontact_submitter.h"

#include <memory>
#include <string>

namespace ImContact
{

// Gives 'report' an idempotency key when it has none, reads the host's attachment sources
// that 'attach' selects into report->Attachments (ReadAttachments; what was done in
// ev->Attachments), encodes 'image' (if any, then released) into report->ScreenshotPng with
// EncodeAtLowPriority (PNG or WebP, stepped down to fit the smaller of
// Limits::ScreenshotMaxBytes and what RequestMaxBytes leaves after the JSON, the
// attachments and the framing; what was done in ev->Screenshot), checks the endpoint,
// ValidateReport and the request size, and writes the report JSON into 'json'. False when
// it is refused (or 'cancel' was raised while encoding): 'ev' (a SendFinished) then holds
// Why, Outcome, Detail and FieldErrors.
bool PrepareReport(const SubmitterConfig& config, const CancelToken& cancel, Report* report,
                   std::shared_ptr<const RgbaImage>* image, const AttachmentSelection& attach, std::string* json,
                   SubmitterEvent* ev);

// The size of the multipart body of 'report' with this JSON (an upper bound).
size_t RequestBytes(const Report& report, const std::string& json);

} // namespace ImContact
