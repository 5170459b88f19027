// Test support: images and PNG bytes for the tests (stb_image / stb_image_write, which
// the tests that include this link through imcontact::stb).
#pragma once

#include "imcontact/imcontact_model.h"

#include <stb_image.h>
#include <stb_image_write.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace ImContactTest
{

// A w x h RGBA image of random pixels (alpha included) from 'seed': does not compress.
inline ImContact::RgbaImage NoiseImage(int w, int h, unsigned seed)
{
    ImContact::RgbaImage img;
    img.Width = w;
    img.Height = h;
    img.Pixels.resize(static_cast<size_t>(w) * static_cast<size_t>(h) * 4u);
    std::mt19937 rng(seed);
    for (size_t i = 0; i < img.Pixels.size(); i += 4)
    {
        const uint32_t v = rng();
        img.Pixels[i + 0] = static_cast<uint8_t>(v);
        img.Pixels[i + 1] = static_cast<uint8_t>(v >> 8);
        img.Pixels[i + 2] = static_cast<uint8_t>(v >> 16);
        img.Pixels[i + 3] = static_cast<uint8_t>(v >> 24);
    }
    return img;
}

// 'pixels' (w x h, 'comp' bytes a pixel, rows tightly packed) as PNG bytes; empty on failure.
inline std::vector<uint8_t> PngBytes(int w, int h, int comp, const std::vector<uint8_t>& pixels)
{
    std::vector<uint8_t> png;
    stbi_write_png_to_func(
        [](void* ctx, void* data, int size) {
            auto* out = static_cast<std::vector<uint8_t>*>(ctx);
            out->insert(out->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
        },
        &png, w, h, comp, pixels.data(), w * comp);
    return png;
}

// Decodes PNG bytes to RGBA (4 bytes a pixel) into 'rgba'; false, and 'rgba' empty, when
// they do not decode. 'comp', if given, gets the channel count stored in the PNG.
inline bool DecodePngRgba(const void* data, size_t size, std::vector<uint8_t>* rgba, int* w, int* h, int* comp = nullptr)
{
    int stored = 0;
    stbi_uc* px = stbi_load_from_memory(static_cast<const stbi_uc*>(data), static_cast<int>(size), w, h, &stored, 4);
    if (comp) *comp = stored;
    rgba->clear();
    if (!px) return false;
    rgba->assign(px, px + static_cast<size_t>(*w) * static_cast<size_t>(*h) * 4u);
    stbi_image_free(px);
    return true;
}

} // namespace ImContactTest
