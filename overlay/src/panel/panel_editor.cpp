// The screenshot's full-size preview and editor (click the thumbnail): the picture fit to
// the window, zoom (wheel, +/-, 0 fits) and pan (right or middle drag, space + drag);
// tools hide (the default), pixelate, highlight, arrow and crop; undo/redo (Ctrl+Z,
// Ctrl+Y and buttons); reset to original. The edits are drawn as overlays over the
// texture, so the editor stays responsive on a 4K capture; the worker applies them to a
// copy of the pixels before encoding (ApplyImageEdits). Also the automatic redaction's
// areas (SensitiveAreas). Render thread only.
#include "imcontact_internal.h"
#include "imcontact/internal/gl_texture.h"
#include "panel_widgets.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui_internal.h>   // FindWindowByName, ImGuiWindow: the sensitive windows' rects

namespace ImContact
{

static ImTextureID TexId(unsigned int tex) { return (ImTextureID)(intptr_t)tex; }

void ResetEdits(Context* ctx)
{
    ctx->AutoEdits.clear();
    ctx->Edits.clear();
    ctx->EditsUndo.clear();
    ctx->EditsRedo.clear();
    ctx->Editor.Open = false;
    ctx->Editor.Marking = false;
    if (ctx->GLReady)
        for (unsigned int t : ctx->Editor.Tiles) DeleteTexture(ctx->GL, t);
    ctx->Editor.Tiles.clear();
    ctx->Editor.TextureOf = nullptr;
    ctx->Editor.TextureFailed = false;
}

std::vector<ImageEdit> EditsToSend(const Context* ctx)
{
    std::vector<ImageEdit> all = ctx->AutoEdits;
    all.insert(all.end(), ctx->Edits.begin(), ctx->Edits.end());
    return all;
}

void OpenEditor(Context* ctx)
{
    if (!ctx->Shot) return;
    ctx->Editor.Open = true;
    ctx->Editor.Focus = true;
    ctx->Editor.Zoom = 1.0f;
    ctx->Editor.Pan = ImVec2(0, 0);
    ctx->Editor.Marking = false;
}

static void Commit(Context* ctx, const ImageEdit& e)
{
    ctx->EditsUndo.push_back(ctx->Edits);
    ctx->EditsRedo.clear();
    ctx->Edits.push_back(e);
}

static void Undo(Context* ctx)
{
    if (ctx->EditsUndo.empty()) return;
    ctx->EditsRedo.push_back(ctx->Edits);
    ctx->Edits = ctx->EditsUndo.back();
    ctx->EditsUndo.pop_back();
}

static void Redo(Context* ctx)
{
    if (ctx->EditsRedo.empty()) return;
    ctx->EditsUndo.push_back(ctx->Edits);
    ctx->Edits = ctx->EditsRedo.back();
    ctx->EditsRedo.pop_back();
}

static void ResetToOriginal(Context* ctx)
{
    if (ctx->Edits.empty()) return;
    ctx->EditsUndo.push_back(ctx->Edits);   // undoable
    ctx->EditsRedo.clear();
    ctx->Edits.clear();
}

void DrawEditedImage(const Context* ctx, ImDrawList* dl, unsigned int tex, ImVec2 origin, float scale,
                     const PixelRect& view, bool show_outside_crop)
{
    DrawEditedImageTiles(ctx, dl, &tex, tex ? 1 : 0, ctx->Shot->Height, origin, scale, view, show_outside_crop);
}

void DrawEditedImageTiles(const Context* ctx, ImDrawList* dl, const unsigned int* tiles, int count, int tile_rows,
                          ImVec2 origin, float scale, const PixelRect& view, bool show_outside_crop)
{
    const RgbaImage& img = *ctx->Shot;
    const float iw = static_cast<float>(img.Width);
    auto S = [&](float x, float y) {
        return ImVec2(origin.x + (x - static_cast<float>(view.X0)) * scale, origin.y + (y - static_cast<float>(view.Y0)) * scale);
    };
    const ImVec2 a = S(static_cast<float>(view.X0), static_cast<float>(view.Y0));
    const ImVec2 b = S(static_cast<float>(view.X1), static_cast<float>(view.Y1));
    dl->PushClipRect(a, b, true);
    if (count <= 0) dl->AddRectFilled(a, b, IM_COL32(110, 110, 110, 255));
    for (int i = 0; i < count; i++)
    {
        // The band's rows inside the view, in the band's own texture coordinates.
        const int t0 = i * tile_rows, t1 = std::min(img.Height, t0 + tile_rows);
        const int y0 = std::max(view.Y0, t0), y1 = std::min(view.Y1, t1);
        if (y0 >= y1) continue;
        const float th = static_cast<float>(t1 - t0);
        dl->AddImage(TexId(tiles[i]), S(static_cast<float>(view.X0), static_cast<float>(y0)), S(static_cast<float>(view.X1), static_cast<float>(y1)),
                     ImVec2(static_cast<float>(view.X0) / iw, static_cast<float>(y0 - t0) / th),
                     ImVec2(static_cast<float>(view.X1) / iw, static_cast<float>(y1 - t0) / th));
    }
    const std::vector<ImageEdit> all = EditsToSend(ctx);
    const float stroke = static_cast<float>(EditStrokeWidth(img.Width, img.Height)) * scale;
    const ImU32 mark = IM_COL32(230, 30, 30, 255);
    for (size_t i = 0; i < all.size(); i++)
    {
        const ImageEdit& e = all[i];
        const PixelRect r = EditRect(e, img.Width, img.Height);
        const ImVec2 ra = S(static_cast<float>(r.X0), static_cast<float>(r.Y0));
        const ImVec2 rb = S(static_cast<float>(r.X1), static_cast<float>(r.Y1));
        const bool automatic = i < ctx->AutoEdits.size();
        switch (e.Kind)
        {
        case ImageEditKind::Hide:
            if (r.Empty()) break;
            dl->AddRectFilled(ra, rb, IM_COL32(0, 0, 0, 255));
            if (automatic && rb.x - ra.x > 8.0f && rb.y - ra.y > 8.0f)   // hatched: hidden by the application
                for (float x = ra.x - (rb.y - ra.y); x < rb.x; x += 10.0f)
                    dl->AddLine(ImVec2(std::max(x, ra.x), ra.y + (std::max(x, ra.x) - x)),
                                ImVec2(std::min(x + (rb.y - ra.y), rb.x), ra.y + (std::min(x + (rb.y - ra.y), rb.x) - x)),
                                IM_COL32(70, 70, 70, 255));
            break;
        case ImageEditKind::Pixelate:
        {
            if (r.Empty()) break;
            // Each block in one colour, sampled by the GPU at the block's centre (both UVs
            // there; no pixel is read on the render thread): from the thumbnail, whose texels
            // are box-filtered means of the picture (so the sample is close to the block's
            // mean, which the file has), else from the full-size picture. A centre inside an
            // earlier Hide stays black, as in the file.
            const int block = std::max(2, e.BlockSize);
            for (int by = r.Y0; by < r.Y1; by += block)
                for (int bx = r.X0; bx < r.X1; bx += block)
                {
                    const int bx1 = std::min(bx + block, r.X1), by1 = std::min(by + block, r.Y1);
                    const int cx = (bx + bx1) / 2, cy = (by + by1) / 2;
                    const ImVec2 p0 = S(static_cast<float>(bx), static_cast<float>(by)), p1 = S(static_cast<float>(bx1), static_cast<float>(by1));
                    bool hidden = false;
                    for (size_t j = 0; j < i && !hidden; j++)
                    {
                        const PixelRect h = EditRect(all[j], img.Width, img.Height);
                        hidden = all[j].Kind == ImageEditKind::Hide && cx >= h.X0 && cx < h.X1 && cy >= h.Y0 && cy < h.Y1;
                    }
                    const int t = tile_rows > 0 ? cy / tile_rows : 0;
                    const float u = (static_cast<float>(cx) + 0.5f) / iw;
                    if (hidden || (!ctx->ShotTexture && (count <= 0 || t >= count)))
                        dl->AddRectFilled(p0, p1, hidden ? IM_COL32(0, 0, 0, 255) : IM_COL32(110, 110, 110, 255));
                    else if (ctx->ShotTexture)
                    {
                        const ImVec2 uv(u, (static_cast<float>(cy) + 0.5f) / static_cast<float>(img.Height));
                        dl->AddImage(TexId(ctx->ShotTexture), p0, p1, uv, uv);
                    }
                    else
                    {
                        const int t0 = t * tile_rows, th = std::min(img.Height, t0 + tile_rows) - t0;
                        const ImVec2 uv(u, (static_cast<float>(cy - t0) + 0.5f) / static_cast<float>(th));
                        dl->AddImage(TexId(tiles[t]), p0, p1, uv, uv);
                    }
                }
            break;
        }
        case ImageEditKind::Highlight:
            if (r.Empty()) break;
            AddRectOutline(dl, ImVec2(ra.x + stroke * 0.5f, ra.y + stroke * 0.5f), ImVec2(rb.x - stroke * 0.5f, rb.y - stroke * 0.5f), mark, 0.0f, std::max(1.0f, stroke));
            break;
        case ImageEditKind::Arrow:
        {
            float l[2], rr[2];
            ArrowHead(static_cast<float>(e.X0), static_cast<float>(e.Y0), static_cast<float>(e.X1), static_cast<float>(e.Y1),
                      static_cast<float>(EditStrokeWidth(img.Width, img.Height)), l, rr);
            const ImVec2 p0 = S(static_cast<float>(e.X0), static_cast<float>(e.Y0)), p1 = S(static_cast<float>(e.X1), static_cast<float>(e.Y1));
            const float t = std::max(1.0f, stroke);
            dl->AddLine(p0, p1, mark, t);
            dl->AddLine(p1, S(l[0], l[1]), mark, t);
            dl->AddLine(p1, S(rr[0], rr[1]), mark, t);
            break;
        }
        case ImageEditKind::Crop: break;
        }
    }
    if (show_outside_crop)
    {
        // The crop tool shows the whole picture: what is cut off is dimmed.
        const PixelRect c = EditCrop(all, img.Width, img.Height);
        const ImVec2 ca = S(static_cast<float>(c.X0), static_cast<float>(c.Y0)), cb = S(static_cast<float>(c.X1), static_cast<float>(c.Y1));
        const ImU32 dim = IM_COL32(0, 0, 0, 170);
        dl->AddRectFilled(a, ImVec2(b.x, ca.y), dim);
        dl->AddRectFilled(ImVec2(a.x, cb.y), b, dim);
        dl->AddRectFilled(ImVec2(a.x, ca.y), ImVec2(ca.x, cb.y), dim);
        dl->AddRectFilled(ImVec2(cb.x, ca.y), ImVec2(b.x, cb.y), dim);
        dl->AddRect(ca, cb, IM_COL32(255, 255, 255, 255));
    }
    dl->PopClipRect();
}

static bool CharTyped(ImWchar c)
{
    const ImGuiIO& io = ImGui::GetIO();
    for (int i = 0; i < io.InputQueueCharacters.Size; i++)
        if (io.InputQueueCharacters[i] == c) return true;
    return false;
}

// Pixels of the full-size picture uploaded per frame, as one texture: 2 MB, a 3840x2160
// capture in 16 frames (0.4-17 ms each on llvmpipe under load). One glTexImage2D of the whole
// 4K frame took 70-250 ms there (0.4-1.9 s with the mipmaps of CreateTextureRGBA): a visible
// hitch in the frame of the click. Until the last band is in, the thumbnail is drawn.
static const int EditorUploadPixelsPerFrame = 512 * 1024;

// Makes the next band of the full-size picture; true once all are made.
static bool FullTiles(Context* ctx)
{
    Context::EditorState& ed = ctx->Editor;
    const RgbaImage& img = *ctx->Shot;
    if (ed.TextureOf != &img)
    {
        if (ctx->GLReady)
            for (unsigned int t : ed.Tiles) DeleteTexture(ctx->GL, t);
        ed.Tiles.clear();
        ed.TextureOf = &img;
        ed.TextureFailed = !ctx->GLReady;
        ed.TileRows = std::max(1, EditorUploadPixelsPerFrame / std::max(1, img.Width));
    }
    if (ed.TextureFailed) return false;
    const int made = static_cast<int>(ed.Tiles.size()) * ed.TileRows;
    if (made >= img.Height) return true;
    std::string err;
    const unsigned int tile = CreateTextureRows(ctx->GL, img, made, ed.TileRows, &err);
    if (!tile)
    {
        for (unsigned int t : ed.Tiles) DeleteTexture(ctx->GL, t);
        ed.Tiles.clear();
        ed.TextureFailed = true;   // the thumbnail stays
        return false;
    }
    ed.Tiles.push_back(tile);
    return false;   // drawn from the next frame on, when the last band is in
}

void DrawEditor(Context* ctx)
{
    Context::EditorState& ed = ctx->Editor;
    if (!ed.Open || !ctx->Shot) { ed.Open = false; return; }
    const Language L = ctx->Lang;
    const float em = ImGui::GetFontSize();
    const bool full = FullTiles(ctx);

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                            ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x * 0.9f, vp->WorkSize.y * 0.9f), ImGuiCond_Appearing);
    if (ed.Focus) ImGui::SetNextWindowFocus();
    ed.Focus = false;
    ImGui::SetNextWindowBgAlpha(1.0f);   // the panel and the host's windows must not show through the toolbar
    char title[128];
    std::snprintf(title, sizeof(title), "%s###imcontact_editor", Tr(L, Str::EditorTitle));
    bool open = true;
    const bool visible = ImGui::Begin(title, &open, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse |
                                                      ImGuiWindowFlags_NoCollapse);
    {
        const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
        ctx->ItemRects[ItemKey::Editor] = { ImVec4(pos.x, pos.y, pos.x + size.x, pos.y + size.y), ImGui::GetFrameCount() };
    }
    const bool focused = ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows);
    if (!visible)
    {
        ImGui::End();
        ed.Open = open;
        return;
    }

    // Toolbar
    const Str tool_names[] = { Str::EditorToolHide, Str::EditorToolPixelate, Str::EditorToolHighlight, Str::EditorToolArrow, Str::EditorToolCrop };
    for (int i = 0; i < 5; i++)
    {
        if (i > 0) ImGui::SameLine();
        const bool selected = static_cast<int>(ed.Tool) == i;
        if (selected) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(Tr(L, tool_names[i]))) ed.Tool = static_cast<ImageEditKind>(i);
        if (selected) ImGui::PopStyleColor();
        RecordItemRect(ctx, ItemKeyIndexed(ItemKey::EditorTool, i).c_str());
    }
    ImGui::SameLine(0.0f, 2.0f * em);
    ImGui::BeginDisabled(ctx->EditsUndo.empty());
    if (ImGui::Button(Tr(L, Str::EditorUndo))) Undo(ctx);
    ImGui::EndDisabled();
    RecordItemRect(ctx, ItemKey::EditorUndo);
    ImGui::SameLine();
    ImGui::BeginDisabled(ctx->EditsRedo.empty());
    if (ImGui::Button(Tr(L, Str::EditorRedo))) Redo(ctx);
    ImGui::EndDisabled();
    RecordItemRect(ctx, ItemKey::EditorRedo);
    ImGui::SameLine();
    ImGui::BeginDisabled(ctx->Edits.empty());
    if (ImGui::Button(Tr(L, Str::EditorReset))) ResetToOriginal(ctx);
    ImGui::EndDisabled();
    RecordItemRect(ctx, ItemKey::EditorReset);
    ImGui::SameLine(0.0f, 2.0f * em);
    bool fit = ImGui::Button(Tr(L, Str::EditorFit));
    RecordItemRect(ctx, ItemKey::EditorFit);
    ImGui::SameLine();
    const bool zoom_in = ImGui::Button("+");
    ImGui::SameLine();
    const bool zoom_out = ImGui::Button("-");
    ImGui::SameLine(0.0f, 2.0f * em);
    if (ImGui::Button(Tr(L, Str::EditorDone))) open = false;
    RecordItemRect(ctx, ItemKey::EditorDone);

    const RgbaImage& img = *ctx->Shot;
    const std::vector<ImageEdit> all = EditsToSend(ctx);
    const int hidden = HiddenAreaCount(all, img.Width, img.Height);
    const PixelRect crop = EditCrop(all, img.Width, img.Height);
    ImGui::TextDisabled("%s", Tr(L, Str::EditorSentAsShown));
    ImGui::SameLine();
    ImGui::TextDisabled(Tr(L, Str::ScreenshotHiddenCount), hidden);
    if (crop.Width() != img.Width || crop.Height() != img.Height)
    {
        ImGui::SameLine();
        ImGui::TextDisabled(Tr(L, Str::ScreenshotCropped), crop.Width(), crop.Height());
    }
    if (!ctx->AutoEdits.empty())
        ImGui::TextDisabled(Tr(L, Str::ScreenshotAutoHidden), static_cast<int>(ctx->AutoEdits.size()));
    if (!full && !ctx->ShotTexture) ImGui::TextDisabled("%s", Tr(L, Str::EditorNoTexture));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", Tr(L, Str::EditorHelp));
    ImGui::PopTextWrapPos();

    // Canvas: the part that is sent (or, with the crop tool, the whole picture) fit and centred.
    const bool whole = ed.Tool == ImageEditKind::Crop;
    const PixelRect view = whole ? PixelRect{ 0, 0, img.Width, img.Height } : crop;
    ImVec2 avail = ImGui::GetContentRegionAvail();
    avail.x = std::max(avail.x, 4.0f * em);
    avail.y = std::max(avail.y, 4.0f * em);
    const ImVec2 c0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##canvas", avail, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight |
                                                  ImGuiButtonFlags_MouseButtonMiddle);
    RecordItemRect(ctx, ItemKey::EditorCanvas);
    const bool hovered = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();
    const ImGuiIO& io = ImGui::GetIO();

    const float fit_scale = std::min(avail.x / static_cast<float>(view.Width()), avail.y / static_cast<float>(view.Height()));
    const ImVec2 centre(c0.x + avail.x * 0.5f, c0.y + avail.y * 0.5f);
    const float vcx = (static_cast<float>(view.X0) + static_cast<float>(view.X1)) * 0.5f;
    const float vcy = (static_cast<float>(view.Y0) + static_cast<float>(view.Y1)) * 0.5f;
    auto ToImage = [&](ImVec2 s, float scale) {
        return ImVec2(vcx + (s.x - centre.x - ed.Pan.x) / scale, vcy + (s.y - centre.y - ed.Pan.y) / scale);
    };

    // Zoom: wheel over the picture (about the mouse), +/- (buttons and keys), 0 / Fit.
    float zoom_by = 1.0f;
    ImVec2 zoom_at = centre;
    if (hovered && io.MouseWheel != 0.0f)
    {
        zoom_by = std::pow(1.2f, io.MouseWheel);
        zoom_at = io.MousePos;
    }
    if (zoom_in || (focused && CharTyped('+'))) zoom_by = 1.25f;
    if (zoom_out || (focused && CharTyped('-'))) zoom_by = 0.8f;
    if (focused && CharTyped('0')) fit = true;
    if (fit)
    {
        ed.Zoom = 1.0f;
        ed.Pan = ImVec2(0, 0);
    }
    else if (zoom_by != 1.0f)
    {
        const float old_scale = fit_scale * ed.Zoom;
        const ImVec2 p = ToImage(zoom_at, old_scale);
        ed.Zoom = std::max(0.25f, std::min(64.0f, ed.Zoom * zoom_by));
        const float s = fit_scale * ed.Zoom;
        ed.Pan = ImVec2(zoom_at.x - centre.x - (p.x - vcx) * s, zoom_at.y - centre.y - (p.y - vcy) * s);
    }
    const float scale = fit_scale * ed.Zoom;

    // Pan: right or middle drag, or space + left drag.
    const bool space = focused && NamedKeyDown(ImGuiKey_Space);
    if (active && (ImGui::IsMouseDown(1) || ImGui::IsMouseDown(2) || (space && ImGui::IsMouseDown(0))))
    {
        ed.Pan.x += io.MouseDelta.x;
        ed.Pan.y += io.MouseDelta.y;
    }
    // Mark: left drag with the tool.
    else if (active && ImGui::IsMouseClicked(0))
    {
        ed.Marking = true;
        ed.From = ed.To = ToImage(io.MousePos, scale);
    }
    if (ed.Marking)
    {
        ed.To = ToImage(io.MousePos, scale);
        if (!ImGui::IsMouseDown(0))
        {
            ed.Marking = false;
            ImageEdit e;
            e.Kind = ed.Tool;
            e.X0 = static_cast<int>(std::floor(ed.From.x));
            e.Y0 = static_cast<int>(std::floor(ed.From.y));
            e.X1 = static_cast<int>(std::ceil(ed.To.x));
            e.Y1 = static_cast<int>(std::ceil(ed.To.y));
            e.BlockSize = std::max(8, std::min(img.Width, img.Height) / 60);
            const bool big_enough = std::abs(ed.To.x - ed.From.x) * scale >= 3.0f || std::abs(ed.To.y - ed.From.y) * scale >= 3.0f;
            const bool area = e.Kind != ImageEditKind::Arrow;
            if (big_enough && (!area || !EditRect(e, img.Width, img.Height).Empty())) Commit(ctx, e);
        }
    }

    // Keyboard: Ctrl+Z / Ctrl+Y (Ctrl+Shift+Z), Escape closes.
    if (focused && io.KeyCtrl && NamedKeyPressed(ImGuiKey_Z)) { if (io.KeyShift) Redo(ctx); else Undo(ctx); }
    if (focused && io.KeyCtrl && NamedKeyPressed(ImGuiKey_Y)) Redo(ctx);
    if (focused && EscapePressed()) open = false;

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(c0, ImVec2(c0.x + avail.x, c0.y + avail.y), true);
    dl->AddRectFilled(c0, ImVec2(c0.x + avail.x, c0.y + avail.y), IM_COL32(30, 30, 30, 255));
    const ImVec2 origin(centre.x + ed.Pan.x - (vcx - static_cast<float>(view.X0)) * scale,
                        centre.y + ed.Pan.y - (vcy - static_cast<float>(view.Y0)) * scale);
    if (full)
        DrawEditedImageTiles(ctx, dl, ctx->Editor.Tiles.data(), static_cast<int>(ctx->Editor.Tiles.size()), ctx->Editor.TileRows,
                             origin, scale, view, whole);
    else
        DrawEditedImage(ctx, dl, ctx->ShotTexture, origin, scale, view, whole);   // the thumbnail while the bands come
    if (ed.Marking)
    {
        auto S = [&](ImVec2 p) {
            return ImVec2(origin.x + (p.x - static_cast<float>(view.X0)) * scale, origin.y + (p.y - static_cast<float>(view.Y0)) * scale);
        };
        if (ed.Tool == ImageEditKind::Arrow) dl->AddLine(S(ed.From), S(ed.To), IM_COL32(230, 30, 30, 255), 2.0f);
        else AddRectOutline(dl, S(ed.From), S(ed.To), IM_COL32(255, 255, 0, 255), 0.0f, 2.0f);
    }
    dl->PopClipRect();
    ImGui::End();
    ed.Open = open;
}

std::vector<ImageEdit> SensitiveAreas(const Context* ctx)
{
    const ImGuiIO& io = ImGui::GetIO();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float sx = io.DisplayFramebufferScale.x, sy = io.DisplayFramebufferScale.y;
    std::vector<ImageEdit> out;
    auto add = [&](ImVec2 a, ImVec2 b) {
        // Screen coordinates relative to the main viewport, to framebuffer pixels, outwards.
        ImageEdit e;
        e.X0 = static_cast<int>(std::floor((a.x - vp->Pos.x) * sx));
        e.Y0 = static_cast<int>(std::floor((a.y - vp->Pos.y) * sy));
        e.X1 = static_cast<int>(std::ceil((b.x - vp->Pos.x) * sx));
        e.Y1 = static_cast<int>(std::ceil((b.y - vp->Pos.y) * sy));
        if (e.X1 > e.X0 && e.Y1 > e.Y0) out.push_back(e);
    };
    for (const std::string& name : ctx->SensitiveWindows)
    {
        ImGuiWindow* w = ImGui::FindWindowByName(name.c_str());
        if (!w || !w->Active) continue;   // not drawn this frame
#ifdef IMGUI_HAS_VIEWPORT
        if (w->Viewport && w->Viewport->ID != vp->ID) continue;   // in a platform window of its own: not captured
#endif
        add(w->Pos, ImVec2(w->Pos.x + w->Size.x, w->Pos.y + w->Size.y));
    }
    if (ctx->SensitiveRectsFrame == ImGui::GetFrameCount())
        for (const ImVec4& r : ctx->SensitiveRects) add(ImVec2(r.x, r.y), ImVec2(r.z, r.w));
    if (!(ctx->Cfg.Flags & ImContactFlags_KeepPasswordFields))
    {
        std::vector<ImVec4> pw;
        AddPasswordFieldRects(&pw);   // the frame's draw data: the main viewport's
        for (const ImVec4& r : pw) add(ImVec2(r.x, r.y), ImVec2(r.z, r.w));
    }
    return out;
}

} // namespace ImContact
