#include "ui_style.h"

#include "imgui.h"

#include <cstdio>

namespace Demo
{

static const char* const kFontCandidates[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
};

static bool FileExists(const char* path)
{
    if (FILE* f = std::fopen(path, "rb"))
    {
        std::fclose(f);
        return true;
    }
    return false;
}

void SetupStyleAndFonts(float content_scale, float framebuffer_scale)
{
    if (!(content_scale >= 0.5f)) content_scale = 1.0f;
    if (!(framebuffer_scale >= 0.5f)) framebuffer_scale = 1.0f;
    const float scale = content_scale;                           // font rasterisation, pixels
    const float ui_scale = content_scale / framebuffer_scale;    // sizes in window coordinates
    ImGuiIO& io = ImGui::GetIO();
#if IMGUI_VERSION_NUM >= 19200
    ImGui::GetStyle().FontScaleMain = 1.0f / framebuffer_scale;  // 1.92.0 moved io.FontGlobalScale here
#else
    io.FontGlobalScale = 1.0f / framebuffer_scale;
#endif

    // Latin-1 + general punctuation (– — … •), multiplication sign, arrows and ✉.
    static ImVector<ImWchar> ranges;
    if (ranges.empty())
    {
        ImFontGlyphRangesBuilder b;
        b.AddRanges(io.Fonts->GetGlyphRangesDefault());
        static const ImWchar extra[] = { 0x2010, 0x2027, 0x2190, 0x21FF, 0x2709, 0x2709, 0x2713, 0x2717, 0x20AC, 0x20AC, 0 };
        b.AddRanges(extra);
        b.BuildRanges(&ranges);
    }
    bool loaded = false;
    for (const char* path : kFontCandidates)
        if (FileExists(path) && io.Fonts->AddFontFromFileTTF(path, 15.0f * scale, nullptr, ranges.Data))
        {
            loaded = true;
            break;
        }
    if (!loaded)
    {
        ImFontConfig cfg;
        cfg.SizePixels = 13.0f * scale;
        io.Fonts->AddFontDefault(&cfg);
    }

    ImGui::StyleColorsDark();
    ImGuiStyle& s = ImGui::GetStyle();
    s.WindowRounding = 4.0f;
    s.FrameRounding = 3.0f;
    s.GrabRounding = 3.0f;
    s.TabRounding = 3.0f;
    s.PopupRounding = 3.0f;
    s.ScrollbarRounding = 6.0f;
    s.WindowBorderSize = 1.0f;
    s.FramePadding = ImVec2(6.0f, 4.0f);
    s.ItemSpacing = ImVec2(8.0f, 6.0f);
    ImVec4* c = s.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0.10f, 0.11f, 0.13f, 0.94f);
    c[ImGuiCol_MenuBarBg] = ImVec4(0.14f, 0.15f, 0.18f, 1.00f);
    c[ImGuiCol_TitleBgActive] = ImVec4(0.16f, 0.29f, 0.48f, 1.00f);
    c[ImGuiCol_Tab] = ImVec4(0.16f, 0.20f, 0.27f, 1.00f);
#if IMGUI_VERSION_NUM >= 19090
    c[ImGuiCol_TabSelected] = ImVec4(0.22f, 0.38f, 0.60f, 1.00f);  // ImGuiCol_TabActive before 1.90.9
#else
    c[ImGuiCol_TabActive] = ImVec4(0.22f, 0.38f, 0.60f, 1.00f);
#endif
    s.ScaleAllSizes(ui_scale);
}

} // namespace Demo
