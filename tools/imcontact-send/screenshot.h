// imcontact-send: the --screenshot file.
#pragma once

#include "imcontact/imcontact_model.h"

#include <string>

namespace ImContactSend
{

// Reads an image file for a report. A PNG that decodes whole is kept byte for byte in
// report->ScreenshotPng (the submitter sends it as it is); any other image stb_image
// reads is decoded to RGBA into 'image' (the submitter encodes it to PNG). False with a
// sentence in 'error' when the file cannot be read, does not decode (a torn PNG too), or
// is over the limits.
bool LoadScreenshot(const std::string& path, const ImContact::Limits& limits, ImContact::Report* report,
                    ImContact::RgbaImage* image, std::string* error);

} // namespace ImContactSend
