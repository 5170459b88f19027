// PNG encoding of screenshots with stb_image_write (Debian's libstb holds the
// implementation; this file only includes the declarations).
//
// Thread-safety: EncodePng only reads stb's global settings (compression level,
// filter) and never changes them, so it may run on any thread.
#include "imcontact_submitter.h"

#include <stb_image_write.h>

#include <climits>

namespace ImContact
{

static void AppendToVector(void* context, void* data, int size)
{
    auto* out = static_cast<std::vector<uint8_t>*>(context);
    if (size <= 0) return;
    const uint8_t* bytes = static_cast<const uint8_t*>(data);
    out->insert(out->end(), bytes, bytes + size);
}

bool EncodePng(const RgbaImage& image, std::vector<uint8_t>* out_png)
{
    if (!out_png) return false;
    out_png->clear();
    if (image.Width <= 0 || image.Height <= 0) return false;
    // stb takes the row stride as an int.
    if (image.Width > INT_MAX / 4) return false;
    const size_t expected = static_cast<size_t>(image.Width) * static_cast<size_t>(image.Height) * 4u;
    if (image.Pixels.size() != expected) return false;

    std::vector<uint8_t> png;
    png.reserve(expected / 4 + 1024);
    const int ok = stbi_write_png_to_func(&AppendToVector, &png, image.Width, image.Height, 4,
                                          image.Pixels.data(), image.Width * 4);
    if (!ok || png.empty()) return false;
    *out_png = std::move(png);
    return true;
}

} // namespace ImContact
