// PNG header inspection through stb_image (Debian's libstb; header scan only).
#include "png_info.h"

#include "imcontact_model.h"

#include <climits>
#include <stb_image.h>

namespace ImContactReceiver
{

bool PngDimensions(const std::vector<uint8_t>& png, int* width, int* height)
{
    if (!ImContact::HasPngSignature(png.data(), png.size()) || png.size() > static_cast<size_t>(INT_MAX)) return false;
    int w = 0, h = 0, comp = 0;
    if (!stbi_info_from_memory(png.data(), static_cast<int>(png.size()), &w, &h, &comp)) return false;
    if (w <= 0 || h <= 0) return false;
    *width = w;
    *height = h;
    return true;
}

} // namespace ImContactReceiver
