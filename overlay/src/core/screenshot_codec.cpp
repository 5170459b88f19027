// The screenshot encoder's per-frame choice and size guarantee (see
// imcontact/internal/screenshot_codec.h). Lossy frames are WebP through Debian's libwebp:
// at the same quality it is about half JPEG's bytes on photographic frames (issue 7's
// measurements: q80 method 0 0.08-0.12x stb PNG's bytes, libjpeg-turbo q85 0.19-0.24x),
// which is what keeps a 1080p frame under 1 MB; JPEG is faster, but WebP method 0 is
// already 6-8x faster than the PNG it replaces.
#include "imcontact/internal/screenshot_codec.h"

#include "imcontact/internal/image_downscale.h"
#include "imcontact/internal/png_codec.h"

#include <webp/encode.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <system_error>
#include <thread>

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace ImContact
{

const char* ImageMimeType(ImageFormat format)
{
    switch (format)
    {
    case ImageFormat::Png: return "image/png";
    case ImageFormat::Webp: return "image/webp";
    case ImageFormat::None: break;
    }
    return "";
}

const char* ImageFileExtension(ImageFormat format)
{
    switch (format)
    {
    case ImageFormat::Png: return ".png";
    case ImageFormat::Webp: return ".webp";
    case ImageFormat::None: break;
    }
    return "";
}

ImageFormat SniffImageFormat(const uint8_t* data, size_t size)
{
    if (!data) return ImageFormat::None;
    static const uint8_t kPng[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    if (size >= 8 && std::memcmp(data, kPng, 8) == 0) return ImageFormat::Png;
    if (size >= 12 && std::memcmp(data, "RIFF", 4) == 0 && std::memcmp(data + 8, "WEBP", 4) == 0) return ImageFormat::Webp;
    return ImageFormat::None;
}

ImageFormat ImageFormatFromMime(const std::string& mime)
{
    std::string m = mime.substr(0, mime.find(';'));
    while (!m.empty() && (m.back() == ' ' || m.back() == '\t')) m.pop_back();
    for (char& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (m == "image/png") return ImageFormat::Png;
    if (m == "image/webp") return ImageFormat::Webp;
    return ImageFormat::None;
}

static int WriteToVector(const uint8_t* data, size_t size, const WebPPicture* picture)
{
    auto* out = static_cast<std::vector<uint8_t>*>(picture->custom_ptr);
    out->insert(out->end(), data, data + size);
    return 1;
}

bool EncodeWebp(const RgbaImage& image, int quality, std::vector<uint8_t>* out)
{
    if (!out) return false;
    out->clear();
    if (image.Empty() || image.Width > WEBP_MAX_DIMENSION || image.Height > WEBP_MAX_DIMENSION) return false;
    if (image.Pixels.size() != static_cast<size_t>(image.Width) * static_cast<size_t>(image.Height) * 4u) return false;
    WebPConfig config;
    if (!WebPConfigInit(&config)) return false;
    config.quality = static_cast<float>(std::min(100, std::max(1, quality)));
    config.method = 0;
    WebPPicture picture;
    if (!WebPPictureInit(&picture)) return false;
    picture.width = image.Width;
    picture.height = image.Height;
    const bool opaque = ImageIsOpaque(image);
    const int imported = opaque ? WebPPictureImportRGBX(&picture, image.Pixels.data(), image.Width * 4)
                                : WebPPictureImportRGBA(&picture, image.Pixels.data(), image.Width * 4);
    if (!imported) return false;
    picture.writer = &WriteToVector;
    picture.custom_ptr = out;
    const int ok = WebPEncode(&config, &picture);
    WebPPictureFree(&picture);
    if (!ok) out->clear();
    return ok && !out->empty();
}

FrameKind ClassifyScreenshot(const RgbaImage& image, const EncodeOptions& options, double* png_bytes_per_pixel)
{
    const double pixels = std::max(1.0, static_cast<double>(image.Width) * static_cast<double>(image.Height));
    const double per_pixel = static_cast<double>(EstimatePngBytes(image, 8, 16)) / pixels;
    if (png_bytes_per_pixel) *png_bytes_per_pixel = per_pixel;
    if (per_pixel <= options.LosslessMaxBytesPerPixel) return FrameKind::Flat;
    if (per_pixel <= options.TextMaxBytesPerPixel) return FrameKind::Mixed;
    return FrameKind::Photographic;
}

bool EncodeScreenshot(const RgbaImage& image, const EncodeOptions& options, EncodedImage* out, std::string* why)
{
    *out = EncodedImage();
    auto fail = [&](std::string text) {
        *out = EncodedImage();
        if (why) *why = std::move(text);
        return false;
    };
    if (image.Empty() || image.Pixels.size() != static_cast<size_t>(image.Width) * static_cast<size_t>(image.Height) * 4u)
        return fail("the screenshot is not Width*Height*4 bytes of pixels");

    // The qualities tried at each size, best first; 0 = lossless PNG.
    std::vector<int> tries;
    if (options.Codec == ScreenshotCodec::Lossless)
        tries.push_back(0);
    else
    {
        const FrameKind kind = ClassifyScreenshot(image, options);
        if (kind == FrameKind::Flat) tries.push_back(0);
        const int first = std::min(100, std::max(1, kind == FrameKind::Photographic ? options.LossyQuality : options.TextQuality));
        tries.push_back(first);
        for (int q : { 80, 60, 40, 20 })
            if (q < first) tries.push_back(q);
    }

    RgbaImage scaled;   // empty while at full size
    int divisor = 1;
    for (;;)
    {
        const RgbaImage& current = divisor == 1 ? image : scaled;
        for (int q : tries)
        {
            const bool ok = q == 0 ? EncodePng(current, &out->Bytes) : EncodeWebp(current, q, &out->Bytes);
            if (!ok) return fail(q == 0 ? "the screenshot could not be encoded as PNG" : "the screenshot could not be encoded as WebP");
            if (out->Bytes.size() <= options.MaxBytes)
            {
                out->Done.Format = q == 0 ? ImageFormat::Png : ImageFormat::Webp;
                out->Done.Quality = q;
                out->Done.ScaleDivisor = divisor;
                out->Done.Width = current.Width;
                out->Done.Height = current.Height;
                out->Done.Bytes = out->Bytes.size();
                return true;
            }
            // Lossless over the limit at this size: the lossy tries (if allowed) come next.
        }
        if (current.Width == 1 && current.Height == 1)
            return fail("the screenshot does not fit in " + std::to_string(options.MaxBytes) + " bytes even at 1x1 pixel");
        scaled = DownscaleBox(current, 2);
        divisor *= 2;
    }
}

bool EncodeAtLowPriority(const RgbaImage& image, const EncodeOptions& options, EncodedImage* out, std::string* why)
{
    bool ok = false;
    auto encode = [&] {
#if defined(__linux__)
        // PRIO_PROCESS with a thread id sets that thread's nice value only (Linux).
        const id_t tid = static_cast<id_t>(syscall(SYS_gettid));
        const int nice = getpriority(PRIO_PROCESS, tid);
        (void)setpriority(PRIO_PROCESS, tid, std::min(19, nice + 10));   // best effort
#endif
        ok = EncodeScreenshot(image, options, out, why);
    };
    try
    {
        std::thread encoder(encode);
        encoder.join();
    }
    catch (const std::system_error&)   // no thread to be had: encode here, at this thread's priority
    {
        encode();
    }
    return ok;
}

} // namespace ImContact
