// Saves what the demo has drawn into its default framebuffer as a PNG (for docs/panel.png).
#pragma once

#include <string>

namespace Demo
{

// Reads the back buffer (call after rendering, before swapping) and writes an RGB PNG.
bool SaveWindowPng(const std::string& path, int fb_width, int fb_height, std::string* error);

} // namespace Demo
