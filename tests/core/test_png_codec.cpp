// PNG encoding of screenshots (the core's codec), checked by decoding with stb_image.
#include <catch2/catch.hpp>

#include "imcontact/internal/png_codec.h"
#include "support/png.h"

using namespace ImContact;
using ImContactTest::NoiseImage;

// Decodes 'png' to RGBA and compares it with 'img' pixel for pixel.
static void RequireSamePixels(const std::vector<uint8_t>& png, const RgbaImage& img)
{
    REQUIRE(HasPngSignature(png.data(), png.size()));
    int w = 0, h = 0, comp = 0;
    std::vector<uint8_t> pixels;
    REQUIRE(ImContactTest::DecodePngRgba(png.data(), png.size(), &pixels, &w, &h, &comp));
    CHECK(w == img.Width);
    CHECK(h == img.Height);
    CHECK(comp == 4);
    REQUIRE(pixels.size() == img.Pixels.size());
    CHECK(pixels == img.Pixels);
}

TEST_CASE("PNG round trip keeps every pixel, alpha included", "[png]")
{
    const RgbaImage img = NoiseImage(64, 48, 1);
    std::vector<uint8_t> png;
    REQUIRE(EncodePng(img, &png));
    RequireSamePixels(png, img);
}

TEST_CASE("PNG encodes odd sizes exactly", "[png]")
{
    const int sizes[][2] = { { 1, 1 }, { 1, 17 }, { 33, 1 }, { 3, 3 }, { 101, 67 }, { 7, 250 } };
    unsigned seed = 10;
    for (const auto& s : sizes)
    {
        INFO(s[0] << "x" << s[1]);
        const RgbaImage img = NoiseImage(s[0], s[1], seed++);
        std::vector<uint8_t> png;
        REQUIRE(EncodePng(img, &png));
        RequireSamePixels(png, img);
    }
}

TEST_CASE("PNG of a flat screenshot-sized image is small and exact", "[png]")
{
    RgbaImage img;
    img.Width = 1280;
    img.Height = 720;
    img.Pixels.assign(static_cast<size_t>(img.Width) * img.Height * 4u, 0);
    for (size_t i = 0; i < img.Pixels.size(); i += 4)
    {
        img.Pixels[i + 0] = 0x20; img.Pixels[i + 1] = 0x40; img.Pixels[i + 2] = 0x80; img.Pixels[i + 3] = 0xff;
    }
    img.Pixels[4 * (img.Width * 100 + 200) + 1] = 0xee;   // one different pixel
    std::vector<uint8_t> png;
    REQUIRE(EncodePng(img, &png));
    CHECK(png.size() < img.Pixels.size() / 50);
    RequireSamePixels(png, img);
}

TEST_CASE("PNG refuses empty and inconsistent images", "[png]")
{
    std::vector<uint8_t> png = { 1, 2, 3 };
    RgbaImage empty;
    CHECK_FALSE(EncodePng(empty, &png));
    CHECK(png.empty());

    RgbaImage zero_width = NoiseImage(4, 4, 2);
    zero_width.Width = 0;
    CHECK_FALSE(EncodePng(zero_width, &png));

    RgbaImage negative = NoiseImage(4, 4, 3);
    negative.Height = -4;
    CHECK_FALSE(EncodePng(negative, &png));

    RgbaImage short_buffer = NoiseImage(4, 4, 4);
    short_buffer.Pixels.pop_back();
    CHECK_FALSE(EncodePng(short_buffer, &png));

    RgbaImage long_buffer = NoiseImage(4, 4, 5);
    long_buffer.Pixels.push_back(0);
    CHECK_FALSE(EncodePng(long_buffer, &png));

    RgbaImage no_pixels;
    no_pixels.Width = 2;
    no_pixels.Height = 2;
    CHECK_FALSE(EncodePng(no_pixels, &png));

    CHECK_FALSE(EncodePng(NoiseImage(2, 2, 6), nullptr));
}
