// Tests for redaction (layer imcontact_core): the screenshot edits applied before encoding.
#include "imcontact/internal/redaction.h"

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
    for (uint8_t& b : img.Pixels) b = static_cast<uint8_t>(rng());
    return img;
}

const uint8_t* Px(const RgbaImage& img, int x, int y)
{
    return &img.Pixels[(static_cast<size_t>(y) * img.Width + x) * 4];
}

bool Same(const uint8_t* a, const uint8_t* b)
{
    return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3];
}

bool Inside(const PixelRect& r, int x, int y) { return x >= r.X0 && x < r.X1 && y >= r.Y0 && y < r.Y1; }

ImageEdit Edit(ImageEditKind k, int x0, int y0, int x1, int y1)
{
    ImageEdit e;
    e.Kind = k;
    e.X0 = x0; e.Y0 = y0; e.X1 = x1; e.Y1 = y1;
    return e;
}

} // namespace

TEST_CASE("hide: every pixel of the area is black, nothing else changes", "[core][redaction]")
{
    const RgbaImage src = Noise(64, 48, 1);
    // corners in reverse order and past the right and bottom edges: clamped
    const RgbaImage out = ApplyImageEdits(src, { Edit(ImageEditKind::Hide, 80, 60, 40, 30) });
    REQUIRE(out.Width == 64);
    REQUIRE(out.Height == 48);
    const PixelRect area{ 40, 30, 64, 48 };
    int hidden = 0;
    for (int y = 0; y < 48; y++)
        for (int x = 0; x < 64; x++)
        {
            const uint8_t* p = Px(out, x, y);
            if (Inside(area, x, y))
            {
                CHECK((p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == 255));
                CHECK_FALSE(Same(p, Px(src, x, y)));   // no original value survives
                hidden++;
            }
            else
                CHECK(Same(p, Px(src, x, y)));
        }
    CHECK(hidden == 24 * 18);
}

TEST_CASE("pixelate: blocks are uniform means and no original value survives", "[core][redaction]")
{
    // A checkerboard of two values: the mean of any block of 2 x 2 or more is neither.
    RgbaImage src = Noise(50, 40, 2);
    const PixelRect area{ 5, 7, 5 + 23, 7 + 17 };   // 3 x 3 blocks of 8, the last ones partial
    for (int y = area.Y0; y < area.Y1; y++)
        for (int x = area.X0; x < area.X1; x++)
        {
            uint8_t* p = &src.Pixels[(static_cast<size_t>(y) * src.Width + x) * 4];
            const uint8_t v = ((x + y) & 1) ? 200 : 0;
            p[0] = p[1] = p[2] = v;
            p[3] = 255;
        }
    ImageEdit e = Edit(ImageEditKind::Pixelate, area.X0, area.Y0, area.X1, area.Y1);
    e.BlockSize = 8;
    const RgbaImage out = ApplyImageEdits(src, { e });
    for (int y = 0; y < src.Height; y++)
        for (int x = 0; x < src.Width; x++)
        {
            const uint8_t* p = Px(out, x, y);
            if (!Inside(area, x, y))
            {
                CHECK(Same(p, Px(src, x, y)));
                continue;
            }
            const int bx = area.X0 + (x - area.X0) / 8 * 8, by = area.Y0 + (y - area.Y0) / 8 * 8;
            CHECK(Same(p, Px(out, bx, by)));   // uniform within its block
            CHECK(p[0] != 0);
            CHECK(p[0] != 200);
            CHECK(p[0] >= 80);
            CHECK(p[0] <= 120);
        }
}

TEST_CASE("crop: the size changes and the rest is the same pixels, hidden ones still hidden", "[core][redaction]")
{
    const RgbaImage src = Noise(40, 30, 3);
    const std::vector<ImageEdit> edits = {
        Edit(ImageEditKind::Crop, 0, 0, 10, 10),     // replaced by the later crop
        Edit(ImageEditKind::Hide, 12, 6, 16, 9),
        Edit(ImageEditKind::Crop, 30, 25, 10, 5),    // x 10..30, y 5..25
    };
    const RgbaImage out = ApplyImageEdits(src, edits);
    REQUIRE(out.Width == 20);
    REQUIRE(out.Height == 20);
    REQUIRE(out.Pixels.size() == 20u * 20u * 4u);
    for (int y = 0; y < 20; y++)
        for (int x = 0; x < 20; x++)
        {
            const uint8_t* p = Px(out, x, y);
            if (Inside({ 12, 6, 16, 9 }, x + 10, y + 5))
                CHECK((p[0] == 0 && p[1] == 0 && p[2] == 0));
            else
                CHECK(Same(p, Px(src, x + 10, y + 5)));
        }
    // A crop outside the image is no crop.
    const RgbaImage whole = ApplyImageEdits(src, { Edit(ImageEditKind::Crop, 50, 50, 60, 60) });
    CHECK(whole.Width == 40);
    CHECK(whole.Pixels == src.Pixels);
}

TEST_CASE("highlight and arrow are drawn in red, inside untouched", "[core][redaction]")
{
    RgbaImage src = Noise(300, 200, 4);
    for (size_t i = 0; i < src.Pixels.size(); i++) src.Pixels[i] = (i % 4 == 3) ? 255 : 40;   // flat grey
    const int stroke = EditStrokeWidth(300, 200);
    const RgbaImage out = ApplyImageEdits(src, { Edit(ImageEditKind::Highlight, 20, 20, 120, 100),
                                                 Edit(ImageEditKind::Arrow, 150, 150, 250, 50) });
    auto red = [](const uint8_t* p) { return p[0] == 230 && p[1] == 30 && p[2] == 30; };
    CHECK(red(Px(out, 20, 20)));
    CHECK(red(Px(out, 119, 60)));
    CHECK(red(Px(out, 70, 20 + stroke - 1)));
    CHECK_FALSE(red(Px(out, 70, 20 + stroke)));
    CHECK_FALSE(red(Px(out, 70, 60)));              // inside the box
    CHECK(red(Px(out, 200, 100)));                  // on the shaft
    CHECK(red(Px(out, 249, 50)));                   // at the head
    CHECK_FALSE(red(Px(out, 160, 60)));
    CHECK(HiddenAreaCount({ Edit(ImageEditKind::Highlight, 0, 0, 5, 5), Edit(ImageEditKind::Hide, 0, 0, 5, 5),
                            Edit(ImageEditKind::Pixelate, 1, 1, 3, 3), Edit(ImageEditKind::Hide, 400, 400, 500, 500) },
                          300, 200) == 2);
}

TEST_CASE("no edits is a copy; a broken image is refused", "[core][redaction]")
{
    const RgbaImage src = Noise(7, 5, 5);
    CHECK(ApplyImageEdits(src, {}).Pixels == src.Pixels);
    RgbaImage bad = src;
    bad.Pixels.resize(3);
    CHECK(ApplyImageEdits(bad, { Edit(ImageEditKind::Hide, 0, 0, 2, 2) }).Empty());
}
