// PNG encoding (our own container around libdeflate at level 1, one row filter a frame)
// and image decoding with stb_image (Debian's libstb holds the implementation). See
// imcontact/internal/png_codec.h.
//
// Thread-safety: pure; each call allocates its own libdeflate compressor.
#include "imcontact/internal/png_codec.h"

#include <libdeflate.h>
#include <stb_image.h>
#include <webp/decode.h>
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace ImContact
{

namespace
{

void PutBe32(uint8_t* p, uint32_t v)
{
    p[0] = static_cast<uint8_t>(v >> 24);
    p[1] = static_cast<uint8_t>(v >> 16);
    p[2] = static_cast<uint8_t>(v >> 8);
    p[3] = static_cast<uint8_t>(v);
}

// Fills in a chunk whose data (size bytes) is already at chunk + 8: length, type, and the
// CRC-32 of type and data (zlib's crc32) after the data. The chunk needs size + 12 bytes.
void SealChunk(uint8_t* chunk, const char type[4], size_t size)
{
    PutBe32(chunk, static_cast<uint32_t>(size));
    std::memcpy(chunk + 4, type, 4);
    const uLong crc = crc32(crc32(0L, Z_NULL, 0), chunk + 4, static_cast<uInt>(size + 4));
    PutBe32(chunk + 8 + size, static_cast<uint32_t>(crc));
}

void AppendChunk(std::vector<uint8_t>* out, const char type[4], const uint8_t* data, size_t size)
{
    const size_t at = out->size();
    out->resize(at + 8 + size + 4);
    if (size) std::memcpy(out->data() + at + 8, data, size);
    SealChunk(out->data() + at, type, size);
}

enum class RowFilter : uint8_t { Sub = 1, Up = 2 };

// The one filter used for the whole frame: the one whose filtered bytes, read as signed,
// sum to less on every 16th row (the usual "minimum sum of absolute differences" test).
RowFilter ChooseFilter(const uint8_t* px, int width, int height, int channels)
{
    uint64_t sub = 0, up = 0;
    const size_t stride = static_cast<size_t>(width) * 4u;
    for (int y = 1; y < height; y += 16)
    {
        const uint8_t* row = px + stride * static_cast<size_t>(y);
        const uint8_t* above = row - stride;
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < channels; ++c)
            {
                const uint8_t v = row[x * 4 + c];
                const uint8_t left = x > 0 ? row[(x - 1) * 4 + c] : 0;
                sub += static_cast<uint64_t>(std::abs(static_cast<int8_t>(static_cast<uint8_t>(v - left))));
                up += static_cast<uint64_t>(std::abs(static_cast<int8_t>(static_cast<uint8_t>(v - above[x * 4 + c]))));
            }
    }
    return up < sub ? RowFilter::Up : RowFilter::Sub;
}

// The filtered scanlines of rows [y0, y1) of an RGBA image as 'channels' (3 or 4) bytes a
// pixel, each row led by its filter byte. Row y0 filtered with Up uses row y0 - 1 when it
// exists (so strips encode as they would inside the whole frame).
void FilterRows(const RgbaImage& image, int y0, int y1, int channels, RowFilter filter, std::vector<uint8_t>* out)
{
    const size_t width = static_cast<size_t>(image.Width);
    const size_t src_stride = width * 4u;
    const size_t row_bytes = 1 + width * static_cast<size_t>(channels);
    out->resize(row_bytes * static_cast<size_t>(y1 - y0));
    uint8_t* dst = out->data();
    const uint8_t* base = image.Pixels.data();
    for (int y = y0; y < y1; ++y, dst += row_bytes)
    {
        const uint8_t* row = base + src_stride * static_cast<size_t>(y);
        const uint8_t* above = y > 0 ? row - src_stride : nullptr;
        // A first row filtered Up has no row above: it is written Sub (same bytes as PNG's
        // Up against a zero row would be the raw row, Sub compresses better).
        const RowFilter f = (filter == RowFilter::Up && above) ? RowFilter::Up : RowFilter::Sub;
        dst[0] = static_cast<uint8_t>(f);
        uint8_t* d = dst + 1;
        if (f == RowFilter::Up)
        {
            for (size_t x = 0; x < width; ++x)
                for (int c = 0; c < channels; ++c)
                    *d++ = static_cast<uint8_t>(row[x * 4 + c] - above[x * 4 + c]);
        }
        else
        {
            for (int c = 0; c < channels; ++c) *d++ = row[c];
            for (size_t x = 1; x < width; ++x)
                for (int c = 0; c < channels; ++c)
                    *d++ = static_cast<uint8_t>(row[x * 4 + c] - row[(x - 1) * 4 + c]);
        }
    }
}

bool ValidImage(const RgbaImage& image)
{
    if (image.Width <= 0 || image.Height <= 0) return false;
    // PNG's IHDR holds 31-bit sizes; the filtered rows must fit a size_t.
    if (image.Width > (INT_MAX / 4) || image.Height > (INT_MAX / 4)) return false;
    const size_t expected = static_cast<size_t>(image.Width) * static_cast<size_t>(image.Height) * 4u;
    return image.Pixels.size() == expected;
}

} // namespace

bool ImageIsOpaque(const RgbaImage& image)
{
    const uint8_t* p = image.Pixels.data();
    const size_t n = image.Pixels.size();
    for (size_t i = 3; i < n; i += 4)
        if (p[i] != 0xff) return false;
    return true;
}

size_t EstimatePngBytes(const RgbaImage& image, int strips, int strip_rows)
{
    if (!ValidImage(image) || strips <= 0 || strip_rows <= 0) return 0;
    const int channels = ImageIsOpaque(image) ? 3 : 4;
    const RowFilter filter = ChooseFilter(image.Pixels.data(), image.Width, image.Height, channels);
    std::vector<uint8_t> raw, strip;
    int sampled_rows = 0;
    for (int i = 0; i < strips; ++i)
    {
        const int y0 = static_cast<int>(static_cast<int64_t>(image.Height) * i / strips);
        const int y1 = std::min(image.Height, y0 + strip_rows);
        if (y1 <= y0) continue;
        FilterRows(image, y0, y1, channels, filter, &strip);
        raw.insert(raw.end(), strip.begin(), strip.end());
        sampled_rows += y1 - y0;
        if (y1 == image.Height) break;
    }
    if (sampled_rows == 0) return 0;
    libdeflate_compressor* c = libdeflate_alloc_compressor(1);
    if (!c) return 0;
    std::vector<uint8_t> z(libdeflate_zlib_compress_bound(c, raw.size()));
    const size_t n = libdeflate_zlib_compress(c, raw.data(), raw.size(), z.data(), z.size());
    libdeflate_free_compressor(c);
    if (n == 0) return 0;
    return static_cast<size_t>(static_cast<double>(n) * image.Height / sampled_rows) + 57;   // + container
}

bool EncodePng(const RgbaImage& image, std::vector<uint8_t>* out_png)
{
    if (!out_png) return false;
    out_png->clear();
    if (!ValidImage(image)) return false;

    const int channels = ImageIsOpaque(image) ? 3 : 4;
    const RowFilter filter = ChooseFilter(image.Pixels.data(), image.Width, image.Height, channels);
    std::vector<uint8_t> raw;
    FilterRows(image, 0, image.Height, channels, filter, &raw);

    libdeflate_compressor* compressor = libdeflate_alloc_compressor(1);
    if (!compressor) return false;
    std::vector<uint8_t> png;
    const size_t bound = libdeflate_zlib_compress_bound(compressor, raw.size());
    static const uint8_t kSignature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    png.reserve(8 + 25 + 12 + bound + 12);
    png.insert(png.end(), kSignature, kSignature + 8);

    uint8_t ihdr[13];
    PutBe32(ihdr, static_cast<uint32_t>(image.Width));
    PutBe32(ihdr + 4, static_cast<uint32_t>(image.Height));
    ihdr[8] = 8;                                  // bit depth
    ihdr[9] = channels == 3 ? 2 : 6;              // colour type: truecolour / truecolour with alpha
    ihdr[10] = ihdr[11] = ihdr[12] = 0;           // deflate, adaptive filtering, no interlace
    AppendChunk(&png, "IHDR", ihdr, sizeof ihdr);

    // IDAT written in place: length and type first, the zlib stream straight after.
    const size_t idat_at = png.size();
    png.resize(idat_at + 8 + bound);
    const size_t z = libdeflate_zlib_compress(compressor, raw.data(), raw.size(), png.data() + idat_at + 8, bound);
    libdeflate_free_compressor(compressor);
    if (z == 0 || z > 0x7fffffffu) return false;
    png.resize(idat_at + 8 + z + 4);
    SealChunk(png.data() + idat_at, "IDAT", z);

    AppendChunk(&png, "IEND", nullptr, 0);
    *out_png = std::move(png);
    return true;
}

bool ImageDimensions(const uint8_t* data, size_t size, int* width, int* height)
{
    if (!data || size == 0 || size > static_cast<size_t>(INT_MAX)) return false;
    int w = 0, h = 0, comp = 0;
    if (SniffImageFormat(data, size) == ImageFormat::Webp)
    {
        if (!WebPGetInfo(data, size, &w, &h) || w <= 0 || h <= 0) return false;
        if (width) *width = w;
        if (height) *height = h;
        return true;
    }
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
    if (SniffImageFormat(data, size) == ImageFormat::Webp)
    {
        uint8_t* webp = WebPDecodeRGBA(data, size, &w, &h);
        if (!webp) return fail("does not decode (WebP)");
        out->Width = w;
        out->Height = h;
        out->Pixels.assign(webp, webp + static_cast<size_t>(w) * static_cast<size_t>(h) * 4u);
        WebPFree(webp);
        return true;
    }
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
