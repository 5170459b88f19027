// Turns the parts of a POST /v1/contacts request into a validated Report, or into
// the API error that names the offending field. No HTTP here; http_api.cpp feeds it.
//
//   ImContact::Report r; ImContact::ApiError e;
//   if (!ParseContactParts(&report_json, screenshot_or_null, limits, &r, &e)) answer 400 with e
//
// Thread-safety: pure; may be called from any thread.
#pragma once

#include "imcontact/imcontact_protocol.h"

#include <string>

namespace ImContactReceiver
{

// Longest accepted idempotency key, in bytes (clients send a UUID or similar).
constexpr size_t IdempotencyKeyMaxBytes = 200;

// 'report_json' null: the request had no "report" part. 'screenshot' null: none sent.
// 'screenshot_type': the screenshot part's Content-Type; image/png or image/webp must
// match the bytes' header, empty or application/octet-stream leaves it to the header.
bool ParseContactParts(const std::string* report_json, const std::string* screenshot, const std::string& screenshot_type,
                       const ImContact::Limits& limits, ImContact::Report* out, ImContact::ApiError* error);

// The API error for one validation problem (English message, field id, limit).
ImContact::ApiError ApiErrorFor(const ImContact::FieldError& e);

} // namespace ImContactReceiver
