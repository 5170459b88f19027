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
                    ImContact::RgbaImage* image, std::string* error, std::string* note)
{
    std::vector<uint8_t> bytes;
    if (!ReadWholeFile(path, ScreenshotReadMaxBytes(limits), &bytes, error)) return false;
    if (bytes.empty())
    {
        *error = path + " is empty";
        return false;
    }
    // Decoded whole even when the file is sent as it is: a torn or corrupt file is refused here.
    std::string why;
    if (!ImContact::DecodeImage(bytes, limits.ScreenshotMaxPixels, image, &why))
    {
        *error = path + ": " + why;
        return false;
    }
    const ImContact::ImageFormat format = ImContact::SniffImageFormat(bytes);
    if (format != ImContact::ImageFormat::None && bytes.size() <= limits.ScreenshotMaxBytes)
    {
        *image = ImContact::RgbaImage();
        report->ScreenshotPng = std::move(bytes);
        return true;
    }
    if (format != ImContact::ImageFormat::None && note)
        *note = path + " is " + std::to_string(bytes.size()) + " bytes, over the screenshot limit of " +
                std::to_string(limits.ScreenshotMaxBytes) + ": it is re-encoded to fit";
    report->ScreenshotPng.clear();
    return true;
}

} // namespace ImContactSend
