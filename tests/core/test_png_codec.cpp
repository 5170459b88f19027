// PNG encoding of screenshots (the core's codec), checked by decoding with stb_image.
#include <catch2/catch.hpp>

#include "imcontact/internal/png_codec.h"
#include "imcontact/internal/screenshot_codec.h"
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

// ---- VerifyImage: what the receiver runs on every screenshot before storing it ----

// One PNG chunk: length, type, data, CRC-32 over type and data.
static void AppendChunk(std::vector<uint8_t>* png, const char* type, const std::vector<uint8_t>& data)
{
    const uint32_t n = static_cast<uint32_t>(data.size());
    for (int s = 24; s >= 0; s -= 8) png->push_back(static_cast<uint8_t>(n >> s));
    const size_t type_at = png->size();
    png->insert(png->end(), type, type + 4);
    png->insert(png->end(), data.begin(), data.end());
    const uint32_t crc = static_cast<uint32_t>(crc32(0, png->data() + type_at, static_cast<uInt>(4 + data.size())));
    for (int s = 24; s >= 0; s -= 8) png->push_back(static_cast<uint8_t>(crc >> s));
}

static std::vector<uint8_t> Zlib(const std::vector<uint8_t>& raw)
{
    uLongf n = compressBound(static_cast<uLong>(raw.size()));
    std::vector<uint8_t> out(n);
    REQUIRE(compress2(out.data(), &n, raw.data(), static_cast<uLong>(raw.size()), 6) == Z_OK);
    out.resize(n);
    return out;
}

// An RGB8 PNG (colour type 2) of w x h whose IDAT holds 'idat' as given.
static std::vector<uint8_t> HandMadePng(uint32_t w, uint32_t h, const std::vector<uint8_t>& idat, bool interlaced = false)
{
    std::vector<uint8_t> png = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    std::vector<uint8_t> ihdr;
    for (uint32_t v : { w, h })
        for (int s = 24; s >= 0; s -= 8) ihdr.push_back(static_cast<uint8_t>(v >> s));
    ihdr.insert(ihdr.end(), { 8, 2, 0, 0, static_cast<uint8_t>(interlaced ? 1 : 0) });
    AppendChunk(&png, "IHDR", ihdr);
    AppendChunk(&png, "IDAT", idat);
    AppendChunk(&png, "IEND", {});
    return png;
}

// Raw scanlines of a w x h RGB8 image: 'rows' rows of filter byte 0 and 3*w pattern bytes.
static std::vector<uint8_t> Scanlines(uint32_t w, uint32_t rows)
{
    std::vector<uint8_t> raw;
    for (uint32_t y = 0; y < rows; y++)
    {
        raw.push_back(0);
        for (uint32_t x = 0; x < 3 * w; x++) raw.push_back(static_cast<uint8_t>(x * 31 + y));
    }
    return raw;
}

static ImageVerdict Verify(const std::vector<uint8_t>& bytes, std::string* why = nullptr, uint64_t max_pixels = Limits().ScreenshotMaxPixels)
{
    std::string ignored;
    ImageFormat f = ImageFormat::None;
    int w = 0, h = 0;
    return VerifyImage(bytes, max_pixels, &f, &w, &h, why ? why : &ignored);
}

TEST_CASE("VerifyImage: whole PNGs pass; cut, bad-CRC, garbage and wrong-length image data fail", "[png][verify]")
{
    const std::vector<uint8_t> good = HandMadePng(4, 4, Zlib(Scanlines(4, 4)));
    std::string why;
    CHECK(Verify(good, &why) == ImageVerdict::Ok);
    std::vector<uint8_t> ours;
    REQUIRE(EncodePng(NoiseImage(37, 23, 5), &ours));   // RGBA, our writer's filters
    CHECK(Verify(ours) == ImageVerdict::Ok);
    RgbaImage opaque = NoiseImage(64, 48, 6);
    for (size_t i = 3; i < opaque.Pixels.size(); i += 4) opaque.Pixels[i] = 255;
    REQUIRE(EncodePng(opaque, &ours));                  // RGB
    CHECK(Verify(ours) == ImageVerdict::Ok);

    SECTION("truncated anywhere")
    {
        for (size_t cut : { size_t(8), size_t(20), good.size() / 2, good.size() - 12, good.size() - 1 })
        {
            INFO(cut);
            CHECK(Verify(std::vector<uint8_t>(good.begin(), good.begin() + static_cast<long>(cut))) == ImageVerdict::NotImage);
        }
    }
    SECTION("a flipped bit: the chunk's CRC no longer matches")
    {
        for (size_t at : { size_t(17), size_t(40), good.size() - 20 })
        {
            std::vector<uint8_t> bad = good;
            bad[at] ^= 0x04;
            INFO(at);
            CHECK(Verify(bad, &why) == ImageVerdict::NotImage);
            CHECK(why.find("CRC") != std::string::npos);
        }
    }
    SECTION("garbage image data with a correct CRC")
    {
        std::vector<uint8_t> junk(200);
        for (size_t i = 0; i < junk.size(); i++) junk[i] = static_cast<uint8_t>(i * 151 + 7);
        CHECK(Verify(HandMadePng(4, 4, junk), &why) == ImageVerdict::NotImage);
        CHECK(why.find("inflate") != std::string::npos);
    }
    SECTION("image data one byte short or one byte long, or a bad filter byte")
    {
        std::vector<uint8_t> raw = Scanlines(4, 4);
        raw.pop_back();
        CHECK(Verify(HandMadePng(4, 4, Zlib(raw)), &why) == ImageVerdict::NotImage);
        CHECK(why.find("51") != std::string::npos);
        raw = Scanlines(4, 4);
        raw.push_back(0);
        CHECK(Verify(HandMadePng(4, 4, Zlib(raw)), &why) == ImageVerdict::NotImage);
        CHECK(Verify(HandMadePng(4, 4, Zlib(Scanlines(4, 5)))) == ImageVerdict::NotImage);
        raw = Scanlines(4, 4);
        raw[13] = 5;   // the second row's filter byte
        CHECK(Verify(HandMadePng(4, 4, Zlib(raw)), &why) == ImageVerdict::NotImage);
        CHECK(why.find("filter") != std::string::npos);
    }
    SECTION("interlaced: Adam7's passes decide the length (2 x 2 is 15 bytes, not 14)")
    {
        std::vector<uint8_t> raw = { 0, 1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 10, 11, 12 };
        CHECK(Verify(HandMadePng(2, 2, Zlib(raw), true)) == ImageVerdict::Ok);
        raw.pop_back();
        CHECK(Verify(HandMadePng(2, 2, Zlib(raw), true)) == ImageVerdict::NotImage);
        CHECK(Verify(HandMadePng(2, 2, Zlib(Scanlines(2, 2)), false)) == ImageVerdict::Ok);
    }
    SECTION("much output from little input, and IDAT split into chunks of one byte")
    {
        // 256 x 256 zeros: ~200 compressed bytes inflate to 197 KB, three scratch buffers' worth.
        const std::vector<uint8_t> zeros(256 * (1 + 3 * 256), 0);
        const std::vector<uint8_t> z = Zlib(zeros);
        CHECK(Verify(HandMadePng(256, 256, z), &why) == ImageVerdict::Ok);
        INFO(why);
        std::vector<uint8_t> split = HandMadePng(256, 256, {});
        split.resize(33);   // signature + IHDR
        for (uint8_t b : z) AppendChunk(&split, "IDAT", { b });
        AppendChunk(&split, "IEND", {});
        CHECK(Verify(split, &why) == ImageVerdict::Ok);
    }
    SECTION("bytes after IEND, a second IHDR, no IDAT")
    {
        std::vector<uint8_t> bad = good;
        bad.push_back(0);
        CHECK(Verify(bad) == ImageVerdict::NotImage);
        std::vector<uint8_t> no_idat(good.begin(), good.begin() + 33);   // signature + IHDR
        AppendChunk(&no_idat, "IEND", {});
        CHECK(Verify(no_idat) == ImageVerdict::NotImage);
    }
}

TEST_CASE("VerifyImage: the pixel budget is judged from the header, before any inflating", "[png][verify]")
{
    std::string why;
    const std::vector<uint8_t> huge = HandMadePng(8192, 8192, Zlib(Scanlines(8, 1)));   // 67 Mpx claimed, 40 allowed
    ImageFormat f = ImageFormat::None;
    int w = 0, h = 0;
    CHECK(VerifyImage(huge, Limits().ScreenshotMaxPixels, &f, &w, &h, &why) == ImageVerdict::TooLarge);
    CHECK(f == ImageFormat::Png);
    CHECK(w == 8192);
    CHECK(h == 8192);
    CHECK(Verify(HandMadePng(11, 10, Zlib(Scanlines(11, 10))), &why, 100) == ImageVerdict::TooLarge);
    CHECK(Verify(HandMadePng(10, 10, Zlib(Scanlines(10, 10))), &why, 100) == ImageVerdict::Ok);
}

TEST_CASE("VerifyImage: a WebP is decoded through; a broken or cut payload fails", "[png][verify]")
{
    RgbaImage img = NoiseImage(96, 64, 9);
    for (size_t i = 3; i < img.Pixels.size(); i += 4) img.Pixels[i] = 255;
    for (int quality : { 80, 20 })
    {
        std::vector<uint8_t> webp;
        REQUIRE(EncodeWebp(img, quality, &webp));
        std::string why;
        CHECK(Verify(webp, &why) == ImageVerdict::Ok);
        // The payload cut short behind an intact header (sizes still claim the full length).
        std::vector<uint8_t> cut(webp.begin(), webp.begin() + static_cast<long>(webp.size() * 2 / 3));
        CHECK(Verify(cut, &why) == ImageVerdict::NotImage);
        // The first partition's size in the VP8 frame tag made larger than the chunk.
        std::vector<uint8_t> broken = webp;
        REQUIRE(broken.size() > 30);
        REQUIRE(std::string(broken.begin() + 12, broken.begin() + 16) == "VP8 ");
        broken[20] |= 0xE0;
        broken[21] = 0xFF;
        broken[22] = 0xFF;
        CHECK(Verify(broken, &why) == ImageVerdict::NotImage);
        INFO(why);
    }
    std::vector<uint8_t> big;
    REQUIRE(EncodeWebp(NoiseImage(300, 200, 3), 80, &big));
    CHECK(Verify(big, nullptr, 300 * 200 - 1) == ImageVerdict::TooLarge);
}
