// imcontact-send: reading the --screenshot file (decoded with the core's image codec).
#include "screenshot.h"

#include "imcontact/internal/png_codec.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace ImContactSend
{

namespace
{
bool ReadWholeFile(const std::string& path, size_t max_bytes, std::vector<uint8_t>* out, std::string* error)
{
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f)
    {
        *error = "cannot open " + path + ": " + std::strerror(errno);
        return false;
    }
    out->clear();
    uint8_t buf[65536];
    for (;;)
    {
        const size_t n = std::fread(buf, 1, sizeof(buf), f.get());
        out->insert(out->end(), buf, buf + n);
        if (out->size() > max_bytes)
        {
            *error = path + " is larger than " + std::to_string(max_bytes) + " bytes";
            return false;
        }
        if (n < sizeof(buf)) break;
    }
    if (std::ferror(f.get()))
    {
        *error = "cannot read " + path + ": " + std::strerror(errno);
        return false;
    }
    return true;
}
} // namespace

bool LoadScreenshot(const std::string& path, const ImContact::Limits& limits, ImContact::Report* report,
                    ImContact::RgbaImage* image, std::string* error)
{
    std::vector<uint8_t> bytes;
    // An image file over the PNG limit may still be a JPEG that converts to less; allow 4x.
    if (!ReadWholeFile(path, limits.ScreenshotMaxBytes * 4, &bytes, error)) return false;
    if (bytes.empty())
    {
        *error = path + " is empty";
        return false;
    }
    // Decoded whole even when the PNG is sent as it is: a torn or corrupt file is refused here.
    std::string why;
    if (!ImContact::DecodeImage(bytes, limits.ScreenshotMaxPixels, image, &why))
    {
        *error = path + ": " + why;
        return false;
    }
    if (ImContact::HasPngSignature(bytes.data(), bytes.size()))
    {
        *image = ImContact::RgbaImage();
        if (bytes.size() > limits.ScreenshotMaxBytes)
        {
            *error = path + " is larger than " + std::to_string(limits.ScreenshotMaxBytes) + " bytes";
            return false;
        }
        report->ScreenshotPng = std::move(bytes);
        return true;
    }
    report->ScreenshotPng.clear();
    return true;
}

} // namespace ImContactSend
