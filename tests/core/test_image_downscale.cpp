// Tests for image_downscale (layer imcontact_core): the thumbnail's box filter.
#include "imcontact/internal/image_downscale.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <random>

using namespace ImContact;

namespace
{

RgbaImage Noise(int w, int h, unsigned seed)
{
    RgbaImage img;
    img.Width = w;
    img.Height = h;
    img.Pixels.resize(static_cast<size_t>(w) * h * 4);
    std::mt19937 rng(seed);
    for (uint8_t& b : img.Pixels)
        b = static_cast<uint8_t>(rng());
    return img;
}

// The mean of the block, computed the obvious way.
uint8_t Expected(const RgbaImage& src, int factor, int ox, int oy, int c)
{
    uint64_t sum = 0, n = 0;
    for (int y = oy * factor; y < (oy + 1) * factor && y < src.Height; y++)
        for (int x = ox * factor; x < (ox + 1) * factor && x < src.Width; x++)
        {
            sum += src.Pixels[(static_cast<size_t>(y) * src.Width + x) * 4 + c];
            n++;
        }
    return static_cast<uint8_t>((sum + n / 2) / n);
}

} // namespace

TEST_CASE("DownscaleFactor: the smallest factor that fits the longer side", "[downscale]")
{
    CHECK(DownscaleFactor(1920, 1080, 640) == 3);
    CHECK(DownscaleFactor(1921, 1080, 640) == 4);    // 1921 / 3 rounds up to 641
    CHECK(DownscaleFactor(1080, 1920, 640) == 3);    // portrait
    CHECK(DownscaleFactor(640, 400, 640) == 1);
    CHECK(DownscaleFactor(641, 10, 640) == 2);
    CHECK(DownscaleFactor(3840, 2160, 640) == 6);
    CHECK(DownscaleFactor(0, 100, 640) == 1);
    CHECK(DownscaleFactor(100, 100, 0) == 1);
    for (int w : { 1, 639, 640, 641, 1279, 1280, 1281, 5000, 16384 })
    {
        const int f = DownscaleFactor(w, 7, 640);
        INFO("width " << w << " factor " << f);
        CHECK((w + f - 1) / f <= 640);
        CHECK((f == 1 || (w + f - 2) / (f - 1) > 640));   // f - 1 would not fit
    }
}

TEST_CASE("DownscaleBox averages each block, edge blocks included, every channel on its own", "[downscale]")
{
    for (int factor : { 2, 3, 5 })
        for (auto size : { std::pair<int, int>{ 12, 9 }, { 13, 11 }, { 7, 7 }, { 1, 17 } })
        {
            const RgbaImage src = Noise(size.first, size.second, static_cast<unsigned>(factor * 100 + size.first));
            const RgbaImage out = DownscaleBox(src, factor);
            INFO("factor " << factor << " size " << size.first << "x" << size.second);
            REQUIRE(out.Width == (size.first + factor - 1) / factor);
            REQUIRE(out.Height == (size.second + factor - 1) / factor);
            REQUIRE(out.Pixels.size() == static_cast<size_t>(out.Width) * out.Height * 4);
            int wrong = 0;
            for (int y = 0; y < out.Height; y++)
                for (int x = 0; x < out.Width; x++)
                    for (int c = 0; c < 4; c++)
                        wrong += out.Pixels[(static_cast<size_t>(y) * out.Width + x) * 4 + c] != Expected(src, factor, x, y, c);
            CHECK(wrong == 0);
        }
}

TEST_CASE("DownscaleBox keeps a flat colour exactly and rounds to nearest", "[downscale]")
{
    RgbaImage flat;
    flat.Width = 6;
    flat.Height = 4;
    flat.Pixels.assign(6 * 4 * 4, 0);
    for (size_t i = 0; i < flat.Pixels.size(); i += 4)
    {
        flat.Pixels[i] = 10;
        flat.Pixels[i + 1] = 200;
        flat.Pixels[i + 2] = 255;
        flat.Pixels[i + 3] = 255;
    }
    const RgbaImage out = DownscaleBox(flat, 2);
    for (size_t i = 0; i < out.Pixels.size(); i += 4)
    {
        CHECK(out.Pixels[i] == 10);
        CHECK(out.Pixels[i + 1] == 200);
        CHECK(out.Pixels[i + 2] == 255);
        CHECK(out.Pixels[i + 3] == 255);
    }
    // 0, 0, 0, 1 -> 0.25 -> 0; 0, 1, 1, 1 -> 0.75 -> 1; 0, 0, 1, 1 -> 0.5 -> 1 (half up)
    RgbaImage two;
    two.Width = 6;
    two.Height = 2;
    two.Pixels.assign(6 * 2 * 4, 0);
    auto set = [&](int x, int y) { two.Pixels[(static_cast<size_t>(y) * 6 + x) * 4] = 1; };
    set(1, 1);
    set(3, 0); set(2, 1); set(3, 1);
    set(5, 0); set(5, 1);
    const RgbaImage r = DownscaleBox(two, 2);
    REQUIRE(r.Width == 3);
    CHECK(r.Pixels[0] == 0);
    CHECK(r.Pixels[4] == 1);
    CHECK(r.Pixels[8] == 1);
}

TEST_CASE("DownscaleBox with factor 1 or an empty image returns a copy", "[downscale]")
{
    const RgbaImage src = Noise(5, 3, 7);
    const RgbaImage same = DownscaleBox(src, 1);
    CHECK(same.Width == 5);
    CHECK(same.Height == 3);
    CHECK(same.Pixels == src.Pixels);
    CHECK(DownscaleBox(RgbaImage(), 4).Empty());
}
