// imcontact internal: PNG encoding and decoding of screenshots (core).
//
// [Internal] No compatibility promise, like imgui_internal.h: for imcontact's own layers,
// the receiver, the tools and the tests. May change in any release.
//
// One place for the image codec the submitter (encode on the worker, decode a saved
// report for "edit and send again"), the receiver (dimensions of an upload) and
// imcontact-send (a screenshot file) use. The codec is Debian's libstb (stb_image and
// stb_image_write); nothing outside png_codec.cpp includes stb.
//
// Thread-safety: every function is pure (stb's global settings are only read).
#pragma once

#include "imcontact/imcontact_model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ImContact
{

// RGBA8 rows, top row first, to PNG. False (out_png cleared) on an empty or inconsistent
// image (Pixels.size() != Width * Height * 4) or a null out_png.
bool EncodePng(const RgbaImage& image, std::vector<uint8_t>* out_png);

// The width and height in an image's header without decoding it. False when the bytes
// are no image stb_image reads (PNG, JPEG, BMP, GIF, TGA, ...).
bool ImageDimensions(const uint8_t* data, size_t size, int* width, int* height);
inline bool ImageDimensions(const std::vector<uint8_t>& bytes, int* width, int* height)
{
    return ImageDimensions(bytes.data(), bytes.size(), width, height);
}

// Decodes an image (PNG, JPEG, ...) to RGBA8, refusing anything over 'max_pixels' before
// decoding it. False with a sentence in 'why' (English, for logs) otherwise; 'out' is
// left empty then.
bool DecodeImage(const uint8_t* data, size_t size, uint64_t max_pixels, RgbaImage* out, std::string* why);
inline bool DecodeImage(const std::vector<uint8_t>& bytes, uint64_t max_pixels, RgbaImage* out, std::string* why)
{
    return DecodeImage(bytes.data(), bytes.size(), max_pixels, out, why);
}

} // namespace ImContact
