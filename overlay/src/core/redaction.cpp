// Applying a screenshot's edits to its pixels (see internal/redaction.h).
#include "imcontact/internal/redaction.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace ImContact
{

PixelRect EditRect(const ImageEdit& e, int w, int h)
{
    PixelRect r;
    r.X0 = std::max(0, std::min(e.X0, e.X1));
    r.Y0 = std::max(0, std::min(e.Y0, e.Y1));
    r.X1 = std::min(w, std::max(e.X0, e.X1));
    r.Y1 = std::min(h, std::max(e.Y0, e.Y1));
    return r;
}

PixelRect EditCrop(const std::vector<ImageEdit>& edits, int w, int h)
{
    PixelRect all;
    all.X1 = std::max(0, w);
    all.Y1 = std::max(0, h);
    for (auto it = edits.rbegin(); it != edits.rend(); ++it)
    {
        if (it->Kind != ImageEditKind::Crop) continue;
        const PixelRect r = EditRect(*it, w, h);
        if (!r.Empty()) return r;
    }
    return all;
}

int EditStrokeWidth(int w, int h)
{
    return std::max(2, std::min(w, h) / 270);   // 4 px at 1080p, 8 px at 4K
}

void ArrowHead(float x0, float y0, float x1, float y1, float stroke, float out_left[2], float out_right[2])
{
    float dx = x1 - x0, dy = y1 - y0;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (len > 0.0f) { dx /= len; dy /= len; }
    else { dx = 1.0f; dy = 0.0f; }
    const float head = std::max(5.0f * stroke, 10.0f);
    const float c = 0.866f, s = 0.5f;   // 30 degrees either side of the shaft
    out_left[0] = x1 - head * (dx * c - dy * s);
    out_left[1] = y1 - head * (dy * c + dx * s);
    out_right[0] = x1 - head * (dx * c + dy * s);
    out_right[1] = y1 - head * (dy * c - dx * s);
}

int HiddenAreaCount(const std::vector<ImageEdit>& edits, int w, int h)
{
    int n = 0;
    for (const ImageEdit& e : edits)
        if ((e.Kind == ImageEditKind::Hide || e.Kind == ImageEditKind::Pixelate) && !EditRect(e, w, h).Empty()) n++;
    return n;
}

namespace
{
const uint8_t kMark[4] = { 230, 30, 30, 255 };   // highlight and arrow colour

uint8_t* At(RgbaImage& img, int x, int y)
{
    return &img.Pixels[(static_cast<size_t>(y) * static_cast<size_t>(img.Width) + static_cast<size_t>(x)) * 4u];
}

void Fill(RgbaImage& img, const PixelRect& r, const uint8_t rgba[4])
{
    for (int y = r.Y0; y < r.Y1; y++)
        for (int x = r.X0; x < r.X1; x++) std::copy(rgba, rgba + 4, At(img, x, y));
}

void Pixelate(RgbaImage& img, const PixelRect& r, int block)
{
    block = std::max(2, block);
    for (int by = r.Y0; by < r.Y1; by += block)
        for (int bx = r.X0; bx < r.X1; bx += block)
        {
            const PixelRect b{ bx, by, std::min(bx + block, r.X1), std::min(by + block, r.Y1) };
            uint64_t sum[4] = {};
            for (int y = b.Y0; y < b.Y1; y++)
                for (int x = b.X0; x < b.X1; x++)
                    for (int c = 0; c < 4; c++) sum[c] += At(img, x, y)[c];
            const uint64_t n = static_cast<uint64_t>(b.Width()) * static_cast<uint64_t>(b.Height());
            uint8_t mean[4];
            for (int c = 0; c < 4; c++) mean[c] = static_cast<uint8_t>((sum[c] + n / 2) / n);
            Fill(img, b, mean);
        }
}

void Outline(RgbaImage& img, const PixelRect& r, int stroke)
{
    const int t = std::min(stroke, std::min(r.Width(), r.Height()));
    Fill(img, { r.X0, r.Y0, r.X1, r.Y0 + t }, kMark);
    Fill(img, { r.X0, r.Y1 - t, r.X1, r.Y1 }, kMark);
    Fill(img, { r.X0, r.Y0, r.X0 + t, r.Y1 }, kMark);
    Fill(img, { r.X1 - t, r.Y0, r.X1, r.Y1 }, kMark);
}

// A segment 'stroke' pixels wide (round caps), clipped to the image.
void Segment(RgbaImage& img, float x0, float y0, float x1, float y1, float stroke)
{
    const float half = stroke * 0.5f;
    const int minx = std::max(0, static_cast<int>(std::floor(std::min(x0, x1) - half)));
    const int maxx = std::min(img.Width, static_cast<int>(std::ceil(std::max(x0, x1) + half)) + 1);
    const int miny = std::max(0, static_cast<int>(std::floor(std::min(y0, y1) - half)));
    const int maxy = std::min(img.Height, static_cast<int>(std::ceil(std::max(y0, y1) + half)) + 1);
    const float dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
    for (int y = miny; y < maxy; y++)
        for (int x = minx; x < maxx; x++)
        {
            const float px = static_cast<float>(x) + 0.5f, py = static_cast<float>(y) + 0.5f;
            float t = len2 > 0.0f ? ((px - x0) * dx + (py - y0) * dy) / len2 : 0.0f;
            t = std::max(0.0f, std::min(1.0f, t));
            const float ex = px - (x0 + t * dx), ey = py - (y0 + t * dy);
            if (ex * ex + ey * ey <= half * half) std::copy(kMark, kMark + 4, At(img, x, y));
        }
}

RgbaImage CropTo(const RgbaImage& img, const PixelRect& r)
{
    RgbaImage out;
    out.Width = r.Width();
    out.Height = r.Height();
    out.Pixels.resize(static_cast<size_t>(out.Width) * static_cast<size_t>(out.Height) * 4u);
    const size_t row = static_cast<size_t>(out.Width) * 4u;
    for (int y = 0; y < out.Height; y++)
        std::copy(&img.Pixels[(static_cast<size_t>(r.Y0 + y) * static_cast<size_t>(img.Width) + static_cast<size_t>(r.X0)) * 4u],
                  &img.Pixels[(static_cast<size_t>(r.Y0 + y) * static_cast<size_t>(img.Width) + static_cast<size_t>(r.X0)) * 4u] + row,
                  &out.Pixels[static_cast<size_t>(y) * row]);
    return out;
}
} // namespace

RgbaImage ApplyImageEdits(const RgbaImage& src, const std::vector<ImageEdit>& edits)
{
    if (src.Empty() || src.Pixels.size() != static_cast<size_t>(src.Width) * static_cast<size_t>(src.Height) * 4u)
        return RgbaImage();
    RgbaImage img = src;
    const int stroke = EditStrokeWidth(img.Width, img.Height);
    static const uint8_t black[4] = { 0, 0, 0, 255 };
    for (const ImageEdit& e : edits)
    {
        const PixelRect r = EditRect(e, img.Width, img.Height);
        switch (e.Kind)
        {
        case ImageEditKind::Hide: Fill(img, r, black); break;
        case ImageEditKind::Pixelate: Pixelate(img, r, e.BlockSize); break;
        case ImageEditKind::Highlight: if (!r.Empty()) Outline(img, r, stroke); break;
        case ImageEditKind::Arrow:
        {
            const float s = static_cast<float>(stroke);
            const float x0 = static_cast<float>(e.X0), y0 = static_cast<float>(e.Y0);
            const float x1 = static_cast<float>(e.X1), y1 = static_cast<float>(e.Y1);
            float l[2], rr[2];
            ArrowHead(x0, y0, x1, y1, s, l, rr);
            Segment(img, x0, y0, x1, y1, s);
            Segment(img, x1, y1, l[0], l[1], s);
            Segment(img, x1, y1, rr[0], rr[1], s);
            break;
        }
        case ImageEditKind::Crop: break;   // below, once
        }
    }
    const PixelRect crop = EditCrop(edits, img.Width, img.Height);
    if (crop.Width() == img.Width && crop.Height() == img.Height) return img;
    return CropTo(img, crop);
}

} // namespace ImContact
