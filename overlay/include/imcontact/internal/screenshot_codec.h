// imcontact internal: the one place that decides how a screenshot is encoded (core).
//
// [Internal] No compatibility promise, like imgui_internal.h. May change in any release.
//
//   EncodedImage enc;
//   EncodeOptions opt; opt.MaxBytes = limits.ScreenshotMaxBytes;
//   if (EncodeScreenshot(image, opt, &enc, &why)) send enc.Bytes as ImageMimeType(enc.Done.Format)
//
// The choice, per frame, from the pixels:
//   1. Lossless PNG (png_codec.h) when the frame is UI-like: its PNG, estimated from a few
//      full-resolution strips (EstimatePngBytes), is at most LosslessMaxBytesPerPixel a
//      pixel (UI frames 0.2-0.3, 3D scenes about 0.45, photographs 2 and more). Always
//      with ScreenshotCodec::Lossless.
//   2. Otherwise lossy WebP (libwebp, method 0, LossyQuality).
//   3. Over MaxBytes: lower the WebP quality (LossyQuality, 60, 40, 20), then halve the
//      resolution (box filter) and try again, until it fits. Lossless: halve only.
// EncodedImage::Done says what was done (format, quality, scale).
//
// Thread-safety: pure; any thread. Slow (tens to hundreds of ms on a large frame): call it
// on a worker, never on the render thread. EncodeAtLowPriority runs it on a short-lived
// thread at a lower OS priority.
#pragma once

#include "imcontact/imcontact_model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ImContact
{

struct EncodeOptions
{
    ScreenshotCodec Codec = ScreenshotCodec::Auto;
    size_t MaxBytes = 8u * 1024u * 1024u;      // Limits::ScreenshotMaxBytes
    int    LossyQuality = 80;                  // WebP quality 1..100 of the first lossy try
    double LosslessMaxBytesPerPixel = 0.5;     // Auto: above this (estimated PNG) the frame goes lossy
};

struct EncodedImage
{
    std::vector<uint8_t> Bytes;
    ScreenshotEncoding   Done;
};

// Encodes 'image' (RGBA8, Width*Height*4 bytes) as described above. False, with a
// sentence in 'why' (English, for logs) and 'out' emptied, for an invalid image or when
// even a 1x1 image is over MaxBytes.
bool EncodeScreenshot(const RgbaImage& image, const EncodeOptions& options, EncodedImage* out, std::string* why);

// The same, run on a new thread whose OS priority is lowered (Linux: nice +10 on that
// thread with setpriority; the thread ends with the call, so nothing has to be restored
// and the caller's priority never changes). The caller waits for it. Elsewhere it runs
// at normal priority.
bool EncodeAtLowPriority(const RgbaImage& image, const EncodeOptions& options, EncodedImage* out, std::string* why);

// Lossy WebP of 'image' at 'quality' (1..100), method 0. False (out cleared) on failure.
bool EncodeWebp(const RgbaImage& image, int quality, std::vector<uint8_t>* out);

} // namespace ImContact
