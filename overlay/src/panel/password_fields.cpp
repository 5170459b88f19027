// Password fields found in the frame that was drawn (automatic redaction, render thread).
//
// Dear ImGui keeps no trace of an ImGuiInputTextFlags_Password field once the widget has
// been submitted (no item hook, no flag in any list; g.InputTextState only knows the
// focused field). What it always does is draw the field's text with one glyph for every
// character: before 1.92 through g.InputTextPasswordFont, whose only glyph is the current
// font's '*' (FindGlyph('*'): the font's fallback glyph when it has no '*'); from 1.92 by
// pointing the baked font's fallback at its '*' and emptying its lookup (PushPasswordFont).
// So the field's text is a run of quads textured with exactly that glyph's atlas rect
// (a sub-rect of it where the field clips a glyph at its edge). This file finds those
// runs in the draw data of the frame being captured: one pass over its vertices, testing
// each vertex's UV against the few '*' rects of the atlas, only in the capture's frame.
#include "imcontact_internal.h"

#include <imgui_internal.h>   // ImFontAtlasBuilder::BakedPool (1.92+)

namespace ImContact
{

namespace
{

// The atlas rects (U0, V0, U1, V1) that a password field draws its characters with: one
// per font (before 1.92) or per baked font size in use (1.92+). Fonts of io.Fonts only.
void PasswordGlyphRects(ImVector<ImVec4>* out)
{
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    if (!atlas) return;
    auto add = [&](const ImFontGlyph* g) {
        if (g) out->push_back(ImVec4(g->U0, g->V0, g->U1, g->V1));
    };
#if IMGUI_VERSION_NUM >= 19200
    // Read the lookup directly: FindGlyph would load a glyph missing at this size.
    const ImU16 index_unused = 0xFFFF, index_not_found = 0xFFFE;   // imgui_draw.cpp's IM_FONTGLYPH_INDEX_*
    ImFontAtlasBuilder* builder = atlas->Builder;
    if (!builder) return;
    for (int i = 0; i < builder->BakedPool.Size; i++)
    {
        ImFontBaked& baked = builder->BakedPool[i];
        if (baked.WantDestroy || '*' >= baked.IndexLookup.Size) continue;   // never drew a '*': no password at this size
        const ImU16 k = baked.IndexLookup.Data['*'];
        if (k == index_not_found)   // no '*' in the font: PushPasswordFont draws its fallback glyph
            add(baked.FallbackGlyphIndex >= 0 && baked.FallbackGlyphIndex < baked.Glyphs.Size ? &baked.Glyphs[baked.FallbackGlyphIndex] : nullptr);
        else if (k != index_unused && k < baked.Glyphs.Size)
            add(&baked.Glyphs[k]);
    }
#else
    for (ImFont* font : atlas->Fonts) add(font->FindGlyph('*'));
#endif
}

bool InAnyRect(const ImVector<ImVec4>& rects, ImVec2 uv)
{
    const float e = 1e-6f;
    for (const ImVec4& r : rects)
        if (uv.x >= r.x - e && uv.x <= r.z + e && uv.y >= r.y - e && uv.y <= r.w + e) return true;
    return false;
}

} // namespace

void AddPasswordFieldRects(std::vector<ImVec4>* out)
{
    const ImDrawData* dd = ImGui::GetDrawData();
    if (!dd || !dd->Valid) return;
    ImVector<ImVec4> glyphs;
    PasswordGlyphRects(&glyphs);
    if (glyphs.empty()) return;
#if IMGUI_VERSION_NUM >= 18980
    const int lists = dd->CmdLists.Size;   // an ImVector since 1.89.8; CmdListsCount is obsolete from 1.92
#else
    const int lists = dd->CmdListsCount;
#endif
    for (int l = 0; l < lists; l++)
    {
        const ImDrawList* list = dd->CmdLists[l];
        // A run: vertices in a row whose UV is a password glyph's (4 per character).
        bool in_run = false;
        ImVec4 box;
        auto flush = [&] {
            if (!in_run) return;
            in_run = false;
            // The '*' sits in the upper part of the line: pad by its height above and below
            // (about a line) and by half of it at the ends.
            const float h = box.w - box.y;
            out->push_back(ImVec4(box.x - h * 0.5f, box.y - h, box.z + h * 0.5f, box.w + h));
        };
        for (const ImDrawVert& v : list->VtxBuffer)
        {
            if (!InAnyRect(glyphs, v.uv))
            {
                flush();
                continue;
            }
            if (!in_run) box = ImVec4(v.pos.x, v.pos.y, v.pos.x, v.pos.y);
            in_run = true;
            box.x = ImMin(box.x, v.pos.x); box.y = ImMin(box.y, v.pos.y);
            box.z = ImMax(box.z, v.pos.x); box.w = ImMax(box.w, v.pos.y);
        }
        flush();
    }
}

} // namespace ImContact
