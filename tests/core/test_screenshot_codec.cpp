// The screenshot encoder's per-frame choice and size guarantee, checked by decoding what
// it wrote (stb_image for PNG, libwebp through the core's DecodeImage for WebP).
#include <catch2/catch.hpp>

#include "imcontact/internal/png_codec.h"
#include "imcontact/internal/screenshot_codec.h"

#include <cmath>
#include <random>

using namespace ImContact;

// A UI-like frame: flat panels, borders and rows of "text" (short dark runs).
static RgbaImage UiFrame(int w, int h)
{
    RgbaImage img;
    img.Width = w;
    img.Height = h;
    img.Pixels.resize(static_cast<size_t>(w) * h * 4u);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
        {
            uint8_t* p = &img.Pixels[4 * (static_cast<size_t>(y) * w + x)];
            const bool panel = x > w / 8 && x < w * 7 / 8 && y > h / 8;
            uint8_t v = panel ? 0xe8 : 0x30;
            if (panel && (y % 18) < 10 && (y % 18) > 2 && ((x / 3) * 7 + y / 18) % 5 < 3) v = 0x20;   // text
            if (x == w / 8 || y == h / 8) v = 0x80;                                                  // border
            p[0] = v; p[1] = v; p[2] = static_cast<uint8_t>(v + (panel ? 0 : 0x20)); p[3] = 0xff;
        }
    return img;
}

// A photographic frame: smooth gradients with sensor-like noise (reproducible).
static RgbaImage PhotoFrame(int w, int h, unsigned seed)
{
    RgbaImage img;
    img.Width = w;
    img.Height = h;
    img.Pixels.resize(static_cast<size_t>(w) * h * 4u);
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0.0, 12.0);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
        {
            uint8_t* p = &img.Pixels[4 * (static_cast<size_t>(y) * w + x)];
            const double base[3] = { 128 + 90 * std::sin(x * 0.02 + y * 0.01), 120 + 80 * std::cos(y * 0.03),
                                     100 + 60 * std::sin((x + y) * 0.015) };
            for (int c = 0; c < 3; ++c)
                p[c] = static_cast<uint8_t>(std::min(255.0, std::max(0.0, base[c] + noise(rng))));
            p[3] = 0xff;
        }
    return img;
}

// Text over a 3D scene: the UI frame's text rows over a lit, smooth gradient
// (a rendered scene's shading and dithering), as on the demo's Visualisointi view.
static RgbaImage MixedFrame(int w, int h, double phase)
{
    RgbaImage img = UiFrame(w, h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
        {
            uint8_t* p = &img.Pixels[4 * (static_cast<size_t>(y) * w + x)];
            if (p[0] == 0x20) continue;   // text stays
            const double shade = 0.5 + 0.5 * std::sin(x * 0.013 + phase) * std::cos(y * 0.021);
            for (int c = 0; c < 3; ++c)
                p[c] = static_cast<uint8_t>(std::min(255.0, std::max(0.0, p[c] * 0.4 + 150.0 * shade * (c + 1) / 3.0)));
        }
    return img;
}

static RgbaImage Decoded(const EncodedImage& enc)
{
    RgbaImage out;
    std::string why;
    REQUIRE(DecodeImage(enc.Bytes, 1u << 26, &out, &why));
    return out;
}

TEST_CASE("A UI-like frame stays lossless PNG at full size", "[codec]")
{
    const RgbaImage ui = UiFrame(640, 360);
    EncodedImage enc;
    std::string why;
    REQUIRE(EncodeScreenshot(ui, EncodeOptions(), &enc, &why));
    CHECK(enc.Done.Format == ImageFormat::Png);
    CHECK(SniffImageFormat(enc.Bytes) == ImageFormat::Png);
    CHECK(enc.Done.Quality == 0);
    CHECK(enc.Done.ScaleDivisor == 1);
    CHECK(enc.Done.Bytes == enc.Bytes.size());
    CHECK(Decoded(enc).Pixels == ui.Pixels);
}

TEST_CASE("Frames are classed by their estimated PNG bytes a pixel: flat, text over a scene, photographic", "[codec]")
{
    const EncodeOptions options;
    double flat = 0, mixed = 0, photo = 0;
    CHECK(ClassifyScreenshot(UiFrame(640, 360), options, &flat) == FrameKind::Flat);
    CHECK(ClassifyScreenshot(MixedFrame(640, 360, 0.3), options, &mixed) == FrameKind::Mixed);
    CHECK(ClassifyScreenshot(PhotoFrame(640, 360, 3), options, &photo) == FrameKind::Photographic);
    INFO("bytes a pixel: flat " << flat << ", mixed " << mixed << ", photo " << photo);
    CHECK(flat < mixed);
    CHECK(mixed < photo);
}

TEST_CASE("Text over a scene goes lossy WebP at the text quality, at most half its PNG", "[codec]")
{
    const RgbaImage mixed = MixedFrame(640, 360, 0.5);
    EncodedImage enc;
    std::string why;
    REQUIRE(EncodeScreenshot(mixed, EncodeOptions(), &enc, &why));
    CHECK(enc.Done.Format == ImageFormat::Webp);
    CHECK(enc.Done.Quality == 90);
    CHECK(enc.Done.ScaleDivisor == 1);
    std::vector<uint8_t> png;
    REQUIRE(EncodePng(mixed, &png));
    INFO("webp " << enc.Bytes.size() << " png " << png.size());
    CHECK(enc.Bytes.size() * 2 <= png.size());
    // The text rows survive: dark text pixels stay dark after decoding.
    const RgbaImage back = Decoded(enc);
    size_t text = 0, kept = 0;
    for (size_t i = 0; i < mixed.Pixels.size(); i += 4)
        if (mixed.Pixels[i] == 0x20)
        {
            text++;
            if (back.Pixels[i] < 0x60) kept++;
        }
    REQUIRE(text > 0);
    CHECK(kept * 10 >= text * 9);
}

TEST_CASE("A photographic frame goes lossy WebP, unless the host forces lossless", "[codec]")
{
    const RgbaImage photo = PhotoFrame(480, 320, 7);
    EncodedImage enc;
    std::string why;
    REQUIRE(EncodeScreenshot(photo, EncodeOptions(), &enc, &why));
    CHECK(enc.Done.Format == ImageFormat::Webp);
    CHECK(SniffImageFormat(enc.Bytes) == ImageFormat::Webp);
    CHECK(enc.Done.Quality == 80);
    CHECK(enc.Done.ScaleDivisor == 1);
    const RgbaImage back = Decoded(enc);
    CHECK(back.Width == 480);
    CHECK(back.Height == 320);

    std::vector<uint8_t> png;
    REQUIRE(EncodePng(photo, &png));
    CHECK(enc.Bytes.size() * 4 < png.size());

    EncodeOptions lossless;
    lossless.Codec = ScreenshotCodec::Lossless;
    REQUIRE(EncodeScreenshot(photo, lossless, &enc, &why));
    CHECK(enc.Done.Format == ImageFormat::Png);
    CHECK(enc.Bytes == png);
    CHECK(Decoded(enc).Pixels == photo.Pixels);
}

TEST_CASE("Over the size limit the encoder steps down quality, then resolution, until it fits", "[codec]")
{
    const RgbaImage photo = PhotoFrame(512, 512, 8);
    EncodedImage full;
    std::string why;
    REQUIRE(EncodeScreenshot(photo, EncodeOptions(), &full, &why));

    EncodeOptions tight;
    tight.MaxBytes = full.Bytes.size() * 2 / 3;   // q80 at full size does not fit
    EncodedImage enc;
    REQUIRE(EncodeScreenshot(photo, tight, &enc, &why));
    CHECK(enc.Bytes.size() <= tight.MaxBytes);
    CHECK(enc.Done.Format == ImageFormat::Webp);
    CHECK((enc.Done.Quality < 80 || enc.Done.ScaleDivisor > 1));

    tight.MaxBytes = 3000;   // needs smaller pixels too
    REQUIRE(EncodeScreenshot(photo, tight, &enc, &why));
    CHECK(enc.Bytes.size() <= 3000u);
    CHECK(enc.Done.ScaleDivisor > 1);
    const RgbaImage back = Decoded(enc);
    CHECK(back.Width == enc.Done.Width);
    CHECK(back.Width == (512 + enc.Done.ScaleDivisor - 1) / enc.Done.ScaleDivisor);

    EncodeOptions lossless = tight;
    lossless.Codec = ScreenshotCodec::Lossless;
    lossless.MaxBytes = 60000;
    REQUIRE(EncodeScreenshot(photo, lossless, &enc, &why));
    CHECK(enc.Done.Format == ImageFormat::Png);
    CHECK(enc.Done.ScaleDivisor > 1);
    CHECK(enc.Bytes.size() <= 60000u);

    tight.MaxBytes = 10;   // nothing fits
    CHECK_FALSE(EncodeScreenshot(photo, tight, &enc, &why));
    CHECK(enc.Bytes.empty());
    CHECK_FALSE(why.empty());
}

TEST_CASE("The low-priority encoder writes the same bytes", "[codec]")
{
    const RgbaImage photo = PhotoFrame(200, 120, 9);
    EncodedImage a, b;
    std::string why;
    REQUIRE(EncodeScreenshot(photo, EncodeOptions(), &a, &why));
    REQUIRE(EncodeAtLowPriority(photo, EncodeOptions(), &b, &why));
    CHECK(a.Bytes == b.Bytes);
    RgbaImage broken = photo;
    broken.Pixels.pop_back();
    CHECK_FALSE(EncodeAtLowPriority(broken, EncodeOptions(), &b, &why));
}

TEST_CASE("Image formats: MIME types, extensions, sniffing", "[codec]")
{
    CHECK(std::string(ImageMimeType(ImageFormat::Webp)) == "image/webp");
    CHECK(std::string(ImageFileExtension(ImageFormat::Png)) == ".png");
    CHECK(ImageFormatFromMime("Image/WebP; q=1") == ImageFormat::Webp);
    CHECK(ImageFormatFromMime("image/jpeg") == ImageFormat::None);
    const uint8_t riff[] = { 'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P' };
    CHECK(SniffImageFormat(riff, sizeof riff) == ImageFormat::Webp);
    CHECK(SniffImageFormat(riff, 11) == ImageFormat::None);
    int w = 0, h = 0;
    CHECK_FALSE(ImageDimensions(riff, sizeof riff, &w, &h));
}
