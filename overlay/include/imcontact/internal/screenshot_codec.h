// imcontact internal: the one place that decides how a screenshot is encoded (core).
//
// [Internal] No compatibility promise, like imgui_internal.h. May change in any release.
//
//   EncodedImage enc;
//   EncodeOptions opt; opt.MaxBytes = limits.ScreenshotMaxBytes;
//   if (EncodeScreenshot(image, opt, &enc, &why)) send enc.Bytes as ImageMimeType(enc.Done.Format)
//
// The choice, per frame, from the pixels (ClassifyScreenshot): its PNG is estimated from a
// few full-resolution strips (EstimatePngBytes), in bytes a pixel:
//   1. Flat, UI-only frames (at most LosslessMaxBytesPerPixel): lossless PNG (png_codec.h).
//      Small anyway (a 1080p frame at 0.15 B/px is 310 KB) and every pixel exact. Always
//      with ScreenshotCodec::Lossless.
//   2. Text over 3D scenes, gradients or translucent panels (up to TextMaxBytesPerPixel):
//      lossy WebP at TextQuality (90). Their PNG is 0.5-1 MB at 1080p; WebP q90 is a
//      quarter of that and its text reads like the original (issue 7: 0.19x stb PNG's
//      bytes on the demo's panel frame).
//   3. Photographic frames (more): lossy WebP at LossyQuality (80).
//   Over MaxBytes: lower the WebP quality (to 80, 60, 40, 20), then halve the resolution
//   (box filter) and try again, until it fits. Lossless: halve only.
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
    int    LossyQuality = 80;                  // WebP quality 1..100 of the first try for photographic frames
    int    TextQuality = 90;                   // ... and for text over scenes (class 2 above)
    double LosslessMaxBytesPerPixel = 0.15;    // Auto: at most this (estimated PNG) stays lossless
    double TextMaxBytesPerPixel = 0.6;         // Auto: at most this is "text over a scene"
};

// What kind of frame 'image' is for the encoder (the classes above), and the estimate
// that decided it (EstimatePngBytes per pixel).
enum class FrameKind : int { Flat = 0, Mixed, Photographic };
FrameKind ClassifyScreenshot(const RgbaImage& image, const EncodeOptions& options, double* png_bytes_per_pixel = nullptr);

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
