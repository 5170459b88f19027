// Reads the dimensions of an encoded PNG without decoding it (stb_image's header scan).
// Thread-safety: may be called from any thread.
#pragma once

#include <cstdint>
#include <vector>

namespace ImContactReceiver
{

// True if 'png' has the PNG signature and a readable IHDR; fills width and height.
bool PngDimensions(const std::vector<uint8_t>& png, int* width, int* height);

} // namespace ImContactReceiver
