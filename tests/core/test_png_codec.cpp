// PNG encoding of screenshots (the core's codec), checked by decoding with stb_image.
#include <catch2/catch.hpp>

#include "imcontact/internal/png_codec.h"
#include "support/png.h"

#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <string>

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
    CHECK(comp == (ImageIsOpaque(img) ? 3 : 4));
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

// The PNG's chunks in order, each checked against its CRC-32; 'idat' gets the
// concatenated IDAT data.
static std::vector<std::string> Chunks(const std::vector<uint8_t>& png, std::vector<uint8_t>* idat)
{
    std::vector<std::string> names;
    size_t at = 8;
    while (at + 12 <= png.size())
    {
        const uint32_t len = (uint32_t(png[at]) << 24) | (uint32_t(png[at + 1]) << 16) | (uint32_t(png[at + 2]) << 8) | png[at + 3];
        REQUIRE(at + 12 + len <= png.size());
        const std::string name(reinterpret_cast<const char*>(&png[at + 4]), 4);
        const uint8_t* c = &png[at + 8 + len];
        const uint32_t stored = (uint32_t(c[0]) << 24) | (uint32_t(c[1]) << 16) | (uint32_t(c[2]) << 8) | c[3];
        INFO(name);
        CHECK(stored == static_cast<uint32_t>(crc32(0L, &png[at + 4], len + 4)));
        if (name == "IDAT") idat->insert(idat->end(), &png[at + 8], &png[at + 8 + len]);
        names.push_back(name);
        at += 12 + len;
    }
    CHECK(at == png.size());
    return names;
}

// The filter byte of each row after inflating the IDAT data (stb_image's zlib).
static std::vector<int> RowFilters(const std::vector<uint8_t>& png, int width, int height, int channels)
{
    std::vector<uint8_t> idat;
    Chunks(png, &idat);
    int len = 0;
    char* raw = stbi_zlib_decode_malloc(reinterpret_cast<const char*>(idat.data()), static_cast<int>(idat.size()), &len);
    REQUIRE(raw);
    const size_t row = 1 + static_cast<size_t>(width) * channels;
    std::vector<int> filters;
    if (static_cast<size_t>(len) == row * height)
        for (int y = 0; y < height; ++y) filters.push_back(static_cast<uint8_t>(raw[row * y]));
    free(raw);
    return filters;
}

static RgbaImage Opaque(RgbaImage img)
{
    for (size_t i = 3; i < img.Pixels.size(); i += 4) img.Pixels[i] = 0xff;
    return img;
}

TEST_CASE("PNG of an opaque image is RGB (colour type 2) and exact", "[png]")
{
    const RgbaImage img = Opaque(NoiseImage(97, 31, 21));
    REQUIRE(ImageIsOpaque(img));
    std::vector<uint8_t> png;
    REQUIRE(EncodePng(img, &png));
    REQUIRE(png.size() > 33);
    CHECK(png[24] == 8);    // bit depth
    CHECK(png[25] == 2);    // colour type: truecolour
    std::vector<uint8_t> pixels;
    int w = 0, h = 0, comp = 0;
    REQUIRE(ImContactTest::DecodePngRgba(png.data(), png.size(), &pixels, &w, &h, &comp));
    CHECK(comp == 3);
    CHECK(pixels == img.Pixels);
    std::vector<uint8_t> idat;
    CHECK(Chunks(png, &idat) == std::vector<std::string>{ "IHDR", "IDAT", "IEND" });
}

TEST_CASE("PNG keeps alpha as colour type 6 when one pixel is not opaque", "[png]")
{
    RgbaImage img = Opaque(NoiseImage(40, 40, 22));
    img.Pixels[4 * (40 * 39 + 39) + 3] = 0xfe;
    CHECK_FALSE(ImageIsOpaque(img));
    std::vector<uint8_t> png;
    REQUIRE(EncodePng(img, &png));
    CHECK(png[25] == 6);
    RequireSamePixels(png, img);
}

TEST_CASE("PNG uses one filter a frame, chosen from the pixels", "[png]")
{
    // Vertical stripes: every row equals the one above, so Up; a horizontal ramp repeated
    // with a different offset each row: left neighbours differ by one, so Sub.
    RgbaImage stripes = Opaque(NoiseImage(64, 40, 23));
    for (int y = 1; y < stripes.Height; ++y)
        std::copy_n(&stripes.Pixels[0], 64 * 4, &stripes.Pixels[static_cast<size_t>(y) * 64 * 4]);
    RgbaImage ramp = Opaque(NoiseImage(64, 40, 24));
    for (int y = 0; y < ramp.Height; ++y)
        for (int x = 0; x < ramp.Width; ++x)
            for (int c = 0; c < 3; ++c)
                ramp.Pixels[4 * (static_cast<size_t>(y) * 64 + x) + c] = static_cast<uint8_t>(x + y * 37 + c * 91);

    std::vector<uint8_t> png;
    REQUIRE(EncodePng(stripes, &png));
    RequireSamePixels(png, stripes);
    std::vector<int> filters = RowFilters(png, 64, 40, 3);
    REQUIRE(filters.size() == 40u);
    CHECK(filters[0] == 1);   // the first row has nothing above: Sub
    for (int y = 1; y < 40; ++y) CHECK(filters[y] == 2);

    REQUIRE(EncodePng(ramp, &png));
    RequireSamePixels(png, ramp);
    filters = RowFilters(png, 64, 40, 3);
    REQUIRE(filters.size() == 40u);
    for (int y = 0; y < 40; ++y) CHECK(filters[y] == 1);
}

TEST_CASE("PNG size estimate from strips is near the real size", "[png]")
{
    const RgbaImage noise = Opaque(NoiseImage(320, 240, 25));
    std::vector<uint8_t> png;
    REQUIRE(EncodePng(noise, &png));
    const size_t estimate = EstimatePngBytes(noise, 8, 8);
    CHECK(estimate > png.size() * 8 / 10);
    CHECK(estimate < png.size() * 12 / 10);
    RgbaImage empty;
    CHECK(EstimatePngBytes(empty, 8, 8) == 0);
}
