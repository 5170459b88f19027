// imcontact: applying a screenshot's edits (hide, pixelate, highlight, arrow, crop) to its
// pixels (layer imcontact_core; pure CPU).
//
// [Internal] No compatibility promise, like imgui_internal.h: an interface between
// imcontact's layers and its tests, installed for the panel's sources. May change in any release.
//
// The panel draws the edits as overlays over the screenshot's texture (so the editor stays
// responsive on a 4K capture); the submitter's worker applies them here to a copy before
// encoding, so nothing hidden survives in the file. The panel uses the same geometry
// (EditRect, EditCrop, EditStrokeWidth, ArrowHead) to draw exactly what is sent.
//
// Thread-safety: pure functions of their arguments; any thread.
#pragma once

#include "imcontact/imcontact_model.h"
#include "imcontact/imcontact_types.h"

#include <vector>

namespace ImContact
{

// A rectangle [X0, X1) x [Y0, Y1) in image pixels.
struct PixelRect
{
    int X0 = 0, Y0 = 0, X1 = 0, Y1 = 0;
    bool Empty() const { return X1 <= X0 || Y1 <= Y0; }
    int  Width() const { return X1 - X0; }
    int  Height() const { return Y1 - Y0; }
};

// The edit's rectangle with its corners ordered and clamped to a w x h image (may be Empty).
PixelRect EditRect(const ImageEdit& e, int w, int h);

// The part of a w x h image that is sent: the last non-empty Crop of 'edits', else the whole image.
PixelRect EditCrop(const std::vector<ImageEdit>& edits, int w, int h);

// The outline width in pixels of Highlight and Arrow on a w x h image (grows with its size).
int EditStrokeWidth(int w, int h);

// The two ends of an arrow's head, for an arrow from (x0, y0) to (x1, y1) with 'stroke'.
void ArrowHead(float x0, float y0, float x1, float y1, float stroke, float out_left[2], float out_right[2]);

// How many areas the edits hide (Hide and Pixelate with a non-empty rectangle on a w x h image).
int HiddenAreaCount(const std::vector<ImageEdit>& edits, int w, int h);

// 'src' with 'edits' applied: each edit in order, then the crop (EditCrop). An empty list
// returns a copy; an empty 'src' returns an empty image.
RgbaImage ApplyImageEdits(const RgbaImage& src, const std::vector<ImageEdit>& edits);

} // namespace ImContact
