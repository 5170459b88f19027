// imcontact-send: reading the --screenshot file with stb_image (Debian's libstb).
#include "screenshot.h"

#include <stb_image.h>

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
    const int size = static_cast<int>(bytes.size());
    int w = 0, h = 0, comp = 0;
    if (!stbi_info_from_memory(bytes.data(), size, &w, &h, &comp))
    {
        *error = path + " is not an image that can be read (" + stbi_failure_reason() + ")";
        return false;
    }
    if (w <= 0 || h <= 0 || static_cast<uint64_t>(w) * static_cast<uint64_t>(h) > limits.ScreenshotMaxPixels)
    {
        *error = path + " is " + std::to_string(w) + "x" + std::to_string(h) + " pixels, over the limit of " +
                 std::to_string(limits.ScreenshotMaxPixels);
        return false;
    }
    // Decoded whole even when the PNG is sent as it is: a torn or corrupt file is refused here.
    stbi_uc* px = stbi_load_from_memory(bytes.data(), size, &w, &h, &comp, 4);
    if (!px)
    {
        *error = path + " does not decode (" + stbi_failure_reason() + ")";
        return false;
    }
    const bool is_png = ImContact::HasPngSignature(bytes.data(), bytes.size());
    if (is_png)
    {
        stbi_image_free(px);
        if (bytes.size() > limits.ScreenshotMaxBytes)
        {
            *error = path + " is larger than " + std::to_string(limits.ScreenshotMaxBytes) + " bytes";
            return false;
        }
        report->ScreenshotPng = std::move(bytes);
        *image = ImContact::RgbaImage();
        return true;
    }
    image->Width = w;
    image->Height = h;
    image->Pixels.assign(px, px + static_cast<size_t>(w) * static_cast<size_t>(h) * 4u);
    stbi_image_free(px);
    report->ScreenshotPng.clear();
    return true;
}

} // namespace ImContactSend
