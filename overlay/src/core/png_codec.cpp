// PNG encoding and image decoding with stb_image / stb_image_write (Debian's libstb holds
// the implementation; this file only includes the declarations). See
// imcontact/internal/png_codec.h.
//
// Thread-safety: stb's global settings (compression level, filter) are only read.
#include "imcontact/internal/png_codec.h"

#include <stb_image.h>
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

bool ImageDimensions(const uint8_t* data, size_t size, int* width, int* height)
{
    if (!data || size == 0 || size > static_cast<size_t>(INT_MAX)) return false;
    int w = 0, h = 0, comp = 0;
    if (!stbi_info_from_memory(data, static_cast<int>(size), &w, &h, &comp) || w <= 0 || h <= 0) return false;
    if (width) *width = w;
    if (height) *height = h;
    return true;
}

bool DecodeImage(const uint8_t* data, size_t size, uint64_t max_pixels, RgbaImage* out, std::string* why)
{
    *out = RgbaImage();
    auto fail = [&](std::string text) {
        if (why) *why = std::move(text);
        return false;
    };
    if (!data || size == 0) return fail("the image is empty");
    if (size > static_cast<size_t>(INT_MAX)) return fail("the image is too large to decode");
    int w = 0, h = 0;
    if (!ImageDimensions(data, size, &w, &h)) return fail("not an image that can be read");
    if (static_cast<uint64_t>(w) * static_cast<uint64_t>(h) > max_pixels)
        return fail(std::to_string(w) + "x" + std::to_string(h) + " pixels, over the limit of " +
                    std::to_string(max_pixels));
    int comp = 0;
    stbi_uc* px = stbi_load_from_memory(data, static_cast<int>(size), &w, &h, &comp, 4);
    if (!px) return fail(std::string("does not decode (") + stbi_failure_reason() + ")");
    out->Width = w;
    out->Height = h;
    out->Pixels.assign(px, px + static_cast<size_t>(w) * static_cast<size_t>(h) * 4u);
    stbi_image_free(px);
    return true;
}

} // namespace ImContact
