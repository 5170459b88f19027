// imcontact: box-filtered downscaling of an RgbaImage (layer imcontact_core; pure CPU).
//
// [Internal] No compatibility promise, like imgui_internal.h: an interface between
// imcontact's layers and its tests, installed for the panel's sources. May change in any release.
//
// The panel's thumbnail is drawn a few hundred pixels wide; uploading a full-resolution
// screenshot (8 MB at 1920x1080, plus mipmaps) on the render thread costs more than the
// capture itself. The thumbnail texture is made from a copy shrunk by an integer factor
// instead: one sequential pass over the pixels.
//
// Thread-safety: pure functions of their arguments; any thread.
#pragma once

#include "imcontact/imcontact_model.h"

namespace ImContact
{

// The smallest integer factor f >= 1 with ceil(width / f) and ceil(height / f) both
// <= max_side. 1 for empty images or max_side <= 0.
int DownscaleFactor(int width, int height, int max_side);

// 'src' shrunk by 'factor': pixel (x, y) of the result is the mean, rounded to nearest,
// of the factor x factor block of 'src' that starts at (x * factor, y * factor); blocks at
// the right and bottom edges average the pixels that exist. Each channel, alpha included,
// is averaged on its own. The result is ceil(width / factor) x ceil(height / factor).
// factor <= 1 or an empty 'src' returns a copy.
RgbaImage DownscaleBox(const RgbaImage& src, int factor);

} // namespace ImContact
