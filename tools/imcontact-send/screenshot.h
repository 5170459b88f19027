// imcontact-send: the --screenshot file.
#pragma once

#include "imcontact/imcontact_model.h"

#include <string>

namespace ImContactSend
{

// Reads an image file for a report. A PNG or WebP that decodes whole and is within
// Limits::ScreenshotMaxBytes is kept byte for byte in report->ScreenshotPng (the submitter
// sends it as it is). Any other image (JPEG, BMP, ...), and a PNG or WebP over the byte
// limit, is decoded to RGBA into 'image': the submitter encodes it by the same rule as the
// panel's captures (per-frame codec, stepped down until it fits), so no file is refused
// for its size alone. 'note' (may be null) then gets a sentence saying so. False with a
// sentence in 'error' when the file cannot be read or is over ReadMaxBytes, does not
// decode (a torn PNG too), or has more than Limits::ScreenshotMaxPixels pixels.
bool LoadScreenshot(const std::string& path, const ImContact::Limits& limits, ImContact::Report* report,
                    ImContact::RgbaImage* image, std::string* error, std::string* note = nullptr);

// The largest screenshot file read: 8x the encoded limit (a large lossless PNG that the
// submitter re-encodes to fit).
inline size_t ScreenshotReadMaxBytes(const ImContact::Limits& limits) { return limits.ScreenshotMaxBytes * 8; }

} // namespace ImContactSend
