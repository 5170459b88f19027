// imcontact internal: PNG encoding and decoding of screenshots (core).
//
// [Internal] No compatibility promise, like imgui_internal.h: for imcontact's own layers,
// the receiver, the tools and the tests. May change in any release.
//
// One place for the image codec the submitter (encode on the worker, decode a saved
// report for "edit and send again"), the receiver (dimensions of an upload) and
// imcontact-send (a screenshot file) use. PNG is written by our own container code
// around libdeflate (deflate level 1, one row filter a frame, Sub or Up, chosen from the
// pixels; colour type 2 when every alpha is 255, 6 otherwise): about 10x faster than
// stb_image_write at two thirds of its bytes (docs/performance.md). Decoding is Debian's
// libstb (stb_image); nothing outside png_codec.cpp includes stb or libdeflate.
//
// Thread-safety: every function is pure; any thread.
#pragma once

#include "imcontact/imcontact_model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ImContact
{

// RGBA8 rows, top row first, to PNG: RGB (colour type 2) when the image is fully opaque,
// RGBA (6) otherwise; lossless either way. False (out_png cleared) on an empty or
// inconsistent image (Pixels.size() != Width * Height * 4) or a null out_png.
bool EncodePng(const RgbaImage& image, std::vector<uint8_t>* out_png);

// True when every pixel's alpha is 255 (what a capture holds).
bool ImageIsOpaque(const RgbaImage& image);

// What EncodePng would write for 'image', estimated from 'strips' bands of 'strip_rows'
// full-resolution rows spread evenly down the frame (compressed as EncodePng would, then
// scaled to the frame's height). 0 for an invalid image. For choosing a codec cheaply.
size_t EstimatePngBytes(const RgbaImage& image, int strips, int strip_rows);

// The width and height in an image's header without decoding it. False when the bytes
// are no image stb_image (PNG, JPEG, BMP, GIF, TGA, ...) or libwebp (WebP) reads.
bool ImageDimensions(const uint8_t* data, size_t size, int* width, int* height);
inline bool ImageDimensions(const std::vector<uint8_t>& bytes, int* width, int* height)
{
    return ImageDimensions(bytes.data(), bytes.size(), width, height);
}

// Decodes an image (PNG, WebP, JPEG, ...) to RGBA8, refusing anything over 'max_pixels' before
// decoding it. False with a sentence in 'why' (English, for logs) otherwise; 'out' is
// left empty then.
bool DecodeImage(const uint8_t* data, size_t size, uint64_t max_pixels, RgbaImage* out, std::string* why);
inline bool DecodeImage(const std::vector<uint8_t>& bytes, uint64_t max_pixels, RgbaImage* out, std::string* why)
{
    return DecodeImage(bytes.data(), bytes.size(), max_pixels, out, why);
}

// What VerifyImage found.
enum class ImageVerdict : int
{
    Ok = 0,     // the whole image reads
    NotImage,   // not a PNG or WebP, or broken somewhere (structure, CRC, data)
    TooLarge,   // width x height over the budget (judged from the header, before any decoding)
};

// Checks an encoded screenshot all the way through before the receiver stores it. PNG:
// the chunk structure (IHDR first, PLTE where needed, consecutive IDATs, IEND last and
// nothing after it), every chunk's CRC, and the image data inflated, streamed through
// a 64 KB buffer, to exactly the bytes width, height, colour type, bit depth and
// interlacing imply with a valid filter byte on each scanline (zlib checks the Adler-32).
// WebP: decoded by libwebp (to YUV, then dropped: 1.5 bytes a pixel). 'width' and
// 'height' are filled whenever the header reads; 'why' gets a sentence (English).
// Pure; any thread.
ImageVerdict VerifyImage(const uint8_t* data, size_t size, uint64_t max_pixels, ImageFormat* format, int* width, int* height,
                         std::string* why);
inline ImageVerdict VerifyImage(const std::vector<uint8_t>& bytes, uint64_t max_pixels, ImageFormat* format, int* width,
                                int* height, std::string* why)
{
    return VerifyImage(bytes.data(), bytes.size(), max_pixels, format, width, height, why);
}

} // namespace ImContact
