// Header inspection of an encoded screenshot (PNG or WebP) with the core's image codec.
// Thread-safety: may be called from any thread.
#pragma once

#include "imcontact/imcontact_model.h"

#include <cstdint>
#include <vector>

namespace ImContactReceiver
{

// The format (PNG or WebP, from the header) and the width and height of an encoded
// screenshot, without decoding it. False for anything else or an unreadable header.
bool ScreenshotInfo(const std::vector<uint8_t>& bytes, ImContact::ImageFormat* format, int* width, int* height);

} // namespace ImContactReceiver
