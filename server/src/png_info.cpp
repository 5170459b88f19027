// PNG header inspection with the core's image codec (header scan only).
#include "png_info.h"

#include "imcontact/imcontact_model.h"
#include "imcontact/internal/png_codec.h"

namespace ImContactReceiver
{

bool PngDimensions(const std::vector<uint8_t>& png, int* width, int* height)
{
    return ImContact::HasPngSignature(png.data(), png.size()) && ImContact::ImageDimensions(png, width, height);
}

} // namespace ImContactReceiver
