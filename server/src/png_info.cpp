// Header inspection of an encoded screenshot (PNG or WebP) with the core's image codec.
#include "png_info.h"

#include "imcontact/imcontact_model.h"
#include "imcontact/internal/png_codec.h"

namespace ImContactReceiver
{

bool ScreenshotInfo(const std::vector<uint8_t>& bytes, ImContact::ImageFormat* format, int* width, int* height)
{
    const ImContact::ImageFormat f = ImContact::SniffImageFormat(bytes);
    if (format) *format = f;
    return f != ImContact::ImageFormat::None && ImContact::ImageDimensions(bytes, width, height);
}

} // namespace ImContactReceiver
