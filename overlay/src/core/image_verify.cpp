// Full verification of an encoded screenshot before the receiver stores it: a PNG's
// chunk structure and CRCs, and its image data inflated (streamed through zlib, never
// held) to exactly the bytes its header implies; a WebP decoded by libwebp.
#include "imcontact/internal/png_codec.h"

#include <webp/decode.h>
#include <zlib.h>

#include <cstring>
#include <memory>

namespace ImContact
{

static uint32_t ReadBe32(const uint8_t* p)
{
    return (static_cast<uint32_t>(p[0]) << 24) | (static_cast<uint32_t>(p[1]) << 16) | (static_cast<uint32_t>(p[2]) << 8) | p[3];
}

// The filtered scanlines of a PNG as a list of (rows, bytes a row incl. the filter byte),
// one entry without interlacing, up to seven with Adam7 (empty passes left out).
struct ScanlineLayout
{
    uint64_t Rows[7] = {};
    uint64_t Stride[7] = {};
    int      Passes = 0;
    uint64_t Total = 0;
};

static ScanlineLayout LayoutFor(uint32_t w, uint32_t h, uint32_t bits_per_pixel, bool interlaced)
{
    static const uint32_t kX0[7] = { 0, 4, 0, 2, 0, 1, 0 }, kDx[7] = { 8, 8, 4, 4, 2, 2, 1 };
    static const uint32_t kY0[7] = { 0, 0, 4, 0, 2, 0, 1 }, kDy[7] = { 8, 8, 8, 4, 4, 2, 2 };
    ScanlineLayout l;
    for (int p = 0; p < (interlaced ? 7 : 1); p++)
    {
        const uint64_t pw = interlaced ? (w > kX0[p] ? (w - kX0[p] + kDx[p] - 1) / kDx[p] : 0) : w;
        const uint64_t ph = interlaced ? (h > kY0[p] ? (h - kY0[p] + kDy[p] - 1) / kDy[p] : 0) : h;
        if (pw == 0 || ph == 0) continue;
        l.Rows[l.Passes] = ph;
        l.Stride[l.Passes] = 1 + (pw * bits_per_pixel + 7) / 8;
        l.Total += ph * l.Stride[l.Passes];
        l.Passes++;
    }
    return l;
}

// Inflates the IDAT stream chunk by chunk into a small scratch buffer, counting the bytes
// and checking each scanline's filter byte (0-4) as it passes.
class IdatChecker
{
public:
    explicit IdatChecker(const ScanlineLayout& layout) : layout_(layout)
    {
        std::memset(&zs_, 0, sizeof(zs_));
        ok_ = inflateInit(&zs_) == Z_OK;
        next_filter_ = 0;
    }
    ~IdatChecker() { if (ok_) inflateEnd(&zs_); }
    IdatChecker(const IdatChecker&) = delete;
    IdatChecker& operator=(const IdatChecker&) = delete;

    // False (with 'why') on a zlib error, a bad filter byte, or more data than the header implies.
    bool Feed(const uint8_t* data, size_t n, std::string* why)
    {
        if (!ok_) return Fail(why, "zlib could not start");
        if (ended_) return n == 0 || Fail(why, "image data continues after the end of its zlib stream");
        zs_.next_in = const_cast<Bytef*>(data);
        zs_.avail_in = static_cast<uInt>(n);
        // Until the input is used up and zlib has no output pending (a full scratch
        // buffer may mean more is waiting, even with no input left).
        do
        {
            zs_.next_out = scratch_;
            zs_.avail_out = sizeof(scratch_);
            const int rc = inflate(&zs_, Z_NO_FLUSH);
            if (rc == Z_BUF_ERROR && zs_.avail_in == 0) break;   // no progress without more input
            if (rc != Z_OK && rc != Z_STREAM_END)
                return Fail(why, std::string("the image data does not inflate (") + (zs_.msg ? zs_.msg : "zlib error") + ")");
            if (!Count(sizeof(scratch_) - zs_.avail_out, why)) return false;
            if (rc == Z_STREAM_END) ended_ = true;
        } while (!ended_ && (zs_.avail_in > 0 || zs_.avail_out == 0));
        if (ended_ && zs_.avail_in > 0) return Fail(why, "image data continues after the end of its zlib stream");
        return true;
    }

    // At IEND: the stream must have ended with exactly the implied bytes.
    bool Finish(std::string* why)
    {
        if (!ended_)
            return Fail(why, "the image data ends early (" + std::to_string(produced_) + " of " +
                                 std::to_string(layout_.Total) + " bytes)");
        if (produced_ != layout_.Total)
            return Fail(why, "the image data inflates to " + std::to_string(produced_) + " bytes, not the " +
                                 std::to_string(layout_.Total) + " its header implies");
        return true;
    }

private:
    const ScanlineLayout& layout_;
    z_stream zs_;
    bool ok_ = false;
    bool ended_ = false;
    uint64_t produced_ = 0;
    uint64_t next_filter_ = 0;   // offset of the next filter byte in the whole stream
    int pass_ = 0;
    uint64_t row_ = 0;
    uint8_t scratch_[64 * 1024];

    static bool Fail(std::string* why, const std::string& text)
    {
        if (why) *why = text;
        return false;
    }

    bool Count(size_t got, std::string* why)
    {
        const uint64_t start = produced_;
        produced_ += got;
        if (produced_ > layout_.Total)
            return Fail(why, "the image data inflates to more than the " + std::to_string(layout_.Total) + " bytes its header implies");
        while (next_filter_ < produced_)
        {
            if (scratch_[next_filter_ - start] > 4) return Fail(why, "a scanline has an unknown filter type");
            next_filter_ += layout_.Stride[pass_];
            if (++row_ == layout_.Rows[pass_] && pass_ + 1 < layout_.Passes)
            {
                pass_++;
                row_ = 0;
            }
        }
        return true;
    }
};

static ImageVerdict VerifyPng(const uint8_t* data, size_t size, uint64_t max_pixels, int* width, int* height, std::string* why)
{
    auto fail = [&](const std::string& text) {
        if (why) *why = text;
        return ImageVerdict::NotImage;
    };
    size_t at = 8;   // after the signature (checked by the caller)
    bool seen_ihdr = false, seen_plte = false, in_idat = false, idat_done = false;
    uint8_t color_type = 0;
    ScanlineLayout layout;
    std::unique_ptr<IdatChecker> idat;
    for (;;)
    {
        if (size - at < 12) return fail("the PNG is cut short (no IEND chunk)");
        const uint32_t len = ReadBe32(data + at);
        const uint8_t* type = data + at + 4;
        if (len > 0x7FFFFFFFu || len > size - at - 12) return fail("the PNG is cut short inside a chunk");
        const uint8_t* body = type + 4;
        const uint32_t crc = static_cast<uint32_t>(crc32(crc32(0L, Z_NULL, 0), type, len + 4));
        if (crc != ReadBe32(body + len))
            return fail("chunk " + std::string(reinterpret_cast<const char*>(type), 4) + " has a bad CRC");
        at += 12 + static_cast<size_t>(len);
        const std::string name(reinterpret_cast<const char*>(type), 4);
        if (!seen_ihdr && name != "IHDR") return fail("the PNG does not start with IHDR");
        if (in_idat && name != "IDAT") { in_idat = false; idat_done = true; }
        if (name == "IHDR")
        {
            if (seen_ihdr || len != 13) return fail("a bad IHDR chunk");
            seen_ihdr = true;
            const uint32_t w = ReadBe32(body), h = ReadBe32(body + 4);
            const uint8_t depth = body[8];
            color_type = body[9];
            if (w == 0 || h == 0 || w > 0x7FFFFFFFu || h > 0x7FFFFFFFu) return fail("the PNG's width or height is 0 or too large");
            if (body[10] != 0 || body[11] != 0 || body[12] > 1) return fail("an unknown PNG compression, filter or interlace method");
            int channels = 0;
            bool depth_ok = false;
            switch (color_type)
            {
            case 0: channels = 1; depth_ok = depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16; break;
            case 2: channels = 3; depth_ok = depth == 8 || depth == 16; break;
            case 3: channels = 1; depth_ok = depth == 1 || depth == 2 || depth == 4 || depth == 8; break;
            case 4: channels = 2; depth_ok = depth == 8 || depth == 16; break;
            case 6: channels = 4; depth_ok = depth == 8 || depth == 16; break;
            default: break;
            }
            if (!depth_ok) return fail("an invalid PNG colour type and bit depth");
            if (width) *width = static_cast<int>(w);
            if (height) *height = static_cast<int>(h);
            if (static_cast<uint64_t>(w) * h > max_pixels)
            {
                if (why) *why = std::to_string(w) + " x " + std::to_string(h) + " pixels, over the limit of " + std::to_string(max_pixels);
                return ImageVerdict::TooLarge;
            }
            layout = LayoutFor(w, h, static_cast<uint32_t>(channels) * depth, body[12] == 1);
            idat = std::make_unique<IdatChecker>(layout);
        }
        else if (name == "PLTE")
        {
            if (seen_plte || in_idat || idat_done || len == 0 || len % 3 != 0 || len > 768) return fail("a bad PLTE chunk");
            seen_plte = true;
        }
        else if (name == "IDAT")
        {
            if (idat_done) return fail("IDAT chunks are not consecutive");
            if (color_type == 3 && !seen_plte) return fail("a palette image without PLTE");
            in_idat = true;
            if (!idat->Feed(body, len, why)) return ImageVerdict::NotImage;
        }
        else if (name == "IEND")
        {
            if (len != 0) return fail("a bad IEND chunk");
            if (!in_idat && !idat_done) return fail("the PNG has no image data");
            if (!idat->Finish(why)) return ImageVerdict::NotImage;
            if (at != size) return fail("bytes follow the PNG's IEND chunk");
            return ImageVerdict::Ok;
        }
        else if ((type[0] & 0x20) == 0)
            return fail("an unknown critical chunk " + name);
        // ancillary chunks: CRC checked above, content ignored
    }
}

static ImageVerdict VerifyWebp(const uint8_t* data, size_t size, uint64_t max_pixels, int* width, int* height, std::string* why)
{
    WebPDecoderConfig config;
    if (!WebPInitDecoderConfig(&config)) return ImageVerdict::NotImage;
    if (WebPGetFeatures(data, size, &config.input) != VP8_STATUS_OK || config.input.width <= 0 || config.input.height <= 0)
    {
        if (why) *why = "the WebP header cannot be read";
        return ImageVerdict::NotImage;
    }
    const int w = config.input.width, h = config.input.height;
    if (width) *width = w;
    if (height) *height = h;
    if (static_cast<uint64_t>(w) * static_cast<uint64_t>(h) > max_pixels)
    {
        if (why) *why = std::to_string(w) + " x " + std::to_string(h) + " pixels, over the limit of " + std::to_string(max_pixels);
        return ImageVerdict::TooLarge;
    }
    if (config.input.has_animation)
    {
        if (why) *why = "an animated WebP";
        return ImageVerdict::NotImage;
    }
    // Decoded to YUV 4:2:0 (1.5 bytes a pixel, the least libwebp offers), then dropped.
    config.output.colorspace = MODE_YUV;
    const VP8StatusCode rc = WebPDecode(data, size, &config);
    WebPFreeDecBuffer(&config.output);
    if (rc != VP8_STATUS_OK)
    {
        if (why) *why = "the WebP does not decode (libwebp status " + std::to_string(static_cast<int>(rc)) + ")";
        return ImageVerdict::NotImage;
    }
    return ImageVerdict::Ok;
}

ImageVerdict VerifyImage(const uint8_t* data, size_t size, uint64_t max_pixels, ImageFormat* format, int* width, int* height,
                         std::string* why)
{
    const ImageFormat f = data ? SniffImageFormat(data, size) : ImageFormat::None;
    if (format) *format = f;
    if (f == ImageFormat::Png) return VerifyPng(data, size, max_pixels, width, height, why);
    if (f == ImageFormat::Webp) return VerifyWebp(data, size, max_pixels, width, height, why);
    if (why) *why = "neither a PNG nor a WebP image";
    return ImageVerdict::NotImage;
}

} // namespace ImContact
