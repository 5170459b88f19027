// The contact panel's window: size and position, Escape, the language switch and the two
// tabs, each drawing one view (panel_form.cpp, panel_outcome.cpp, panel_requests.cpp).
#include "imcontact_internal.h"
#include "panel_widgets.h"

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <cstring>

namespace ImContact
{

// The panel's default size: a share of the host's work area, within sensible bounds in
// font heights (em), so it neither scrolls on a large display nor leaves no room for the
// message on a small one.
static ImVec2 DefaultPanelSize(float em, ImVec2 work)
{
    const float w = std::min(std::max(work.x * 0.5f, 32.0f * em), 46.0f * em);
    const float h = std::min(std::max(work.y * 0.85f, 26.0f * em), 64.0f * em);
    return ImVec2(std::min(w, work.x * 0.95f), std::min(h, work.y * 0.92f));
}

// The area the panel must stay inside: the main viewport's work area (without the host's
// menu bar); with multi-viewports, the work area of the monitor the panel's centre is on
// (the first monitor when it is on none). Call inside the panel's Begin/End.
static void PanelArea(ImVec2* pos, ImVec2* size)
{
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    *pos = vp->WorkPos;
    *size = vp->WorkSize;
#ifdef IMGUI_HAS_VIEWPORT
    const ImVector<ImGuiPlatformMonitor>& monitors = ImGui::GetPlatformIO().Monitors;
    if ((ImGui::GetIO().ConfigFlags & ImGuiConfigFlags_ViewportsEnable) && !monitors.empty())
    {
        const ImVec2 wp = ImGui::GetWindowPos(), ws = ImGui::GetWindowSize();
        const ImVec2 c(wp.x + ws.x * 0.5f, wp.y + ws.y * 0.5f);
        const ImGuiPlatformMonitor* on = &monitors[0];
        for (const ImGuiPlatformMonitor& m : monitors)
            if (c.x >= m.MainPos.x && c.y >= m.MainPos.y && c.x < m.MainPos.x + m.MainSize.x && c.y < m.MainPos.y + m.MainSize.y)
                on = &m;
        *pos = on->WorkPos;
        *size = on->WorkSize;
    }
#endif
}

// Keeps the current window (the panel) inside 'area': no larger than it, then moved in,
// so the title bar and the send row at the bottom are on screen. A restored position
// from another, larger host window (imgui.ini) is corrected here. The move applies at
// once, the size from the next frame.
static void ClampPanel(ImVec2 area_pos, ImVec2 area_size)
{
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    const ImVec2 fit(std::min(size.x, area_size.x), std::min(size.y, area_size.y));
    const ImVec2 at(std::min(std::max(pos.x, area_pos.x), area_pos.x + area_size.x - fit.x),
                    std::min(std::max(pos.y, area_pos.y), area_pos.y + area_size.y - fit.y));
    if (fit.x != size.x || fit.y != size.y) ImGui::SetWindowSize(fit);
    if (at.x != pos.x || at.y != pos.y) ImGui::SetWindowPos(at);
}

void DrawPanel(Context* ctx, bool* p_open)
{
    const Language L = ctx->Lang;
    const float em = ImGui::GetFontSize();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowSize(DefaultPanelSize(em, vp->WorkSize), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                            ImGuiCond_FirstUseEver, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(std::min(24.0f * em, vp->WorkSize.x), std::min(16.0f * em, vp->WorkSize.y)),
                                        ImVec2(FLT_MAX, FLT_MAX));
    if (ctx->Cfg.WindowBgAlpha >= 0.0f) ImGui::SetNextWindowBgAlpha(std::min(ctx->Cfg.WindowBgAlpha, 1.0f));   // opaque by default (Config)
    if (ctx->FocusOnOpen)
    {
        ImGui::SetNextWindowFocus();
        ImGui::SetNextWindowCollapsed(false);
    }
    char title[128];
    std::snprintf(title, sizeof(title), "%s###imcontact_panel", Tr(L, Str::WindowTitle));
    const bool visible = ImGui::Begin(title, p_open);
    {
        // On every open (also a host that sets *p_open itself) and whenever the host's
        // display changes, the panel is put back inside the display.
        ImVec2 area_pos, area_size;
        PanelArea(&area_pos, &area_size);
        const ImVec4 area(area_pos.x, area_pos.y, area_size.x, area_size.y);
        const bool fresh = ctx->FocusOnOpen || ctx->PanelFrame != ImGui::GetFrameCount() - 1;
        if (fresh || area.x != ctx->PanelArea.x || area.y != ctx->PanelArea.y || area.z != ctx->PanelArea.z ||
            area.w != ctx->PanelArea.w)
            ClampPanel(area_pos, area_size);
        ctx->PanelArea = area;
        ctx->PanelFrame = ImGui::GetFrameCount();
    }
    {
        const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
        ctx->ItemRects[ItemKey::Window] = { ImVec4(pos.x, pos.y, pos.x + size.x, pos.y + size.y), ImGui::GetFrameCount() };
    }
    // Escape closes the panel before any text field sees it (ImGui's InputText would
    // revert the edit on Escape); every field keeps what was typed. With a combo's list open
    // (or closed by ImGui's own navigation this frame) it closes only the list (StringCombo).
    const bool list_open = ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId) || ctx->Nav.PopupFrame >= ImGui::GetFrameCount() - 1;
    if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) && EscapePressed() && !ctx->FocusOnOpen && !list_open)
    {
        *p_open = false;
        ImGui::End();
        return;
    }
    ctx->FocusOnOpen = false;
    if (!visible)
    {
        ImGui::End();
        return;
    }
    KeyNavBegin(ctx);   // Tab / Shift+Tab over the view's controls (widgets.cpp)
    if (!(ctx->Cfg.Flags & ImContactFlags_NoLanguageSwitch))
    {
        // fi / en switch at the top right
        const char* other = Tr(L == Language::Finnish ? Language::English : Language::Finnish, Str::LanguageName);
        const float w = ImGui::CalcTextSize(other).x + ImGui::GetStyle().FramePadding.x * 2.0f;
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - w);
        TabStopBefore(ctx, ItemKey::Language);
        if (ImGui::SmallButton(other)) ctx->Lang = (L == Language::Finnish) ? Language::English : Language::Finnish;
        RecordItemRect(ctx, ItemKey::Language);
        TabStop(ctx, ItemKey::Language);
    }
    NoticeBanner(ctx);   // panel_outcome.cpp: "delivered" notices, until dismissed
    int show = -1;   // the view of the selected tab: 0 new contact, 1 my requests
    if (ImGui::BeginTabBar("##imcontact_tabs"))
    {
        const ImGuiTabItemFlags f0 = (ctx->SelectTab && ctx->Tab == 0) ? ImGuiTabItemFlags_SetSelected : 0;
        const ImGuiTabItemFlags f1 = (ctx->SelectTab && ctx->Tab == 1) ? ImGuiTabItemFlags_SetSelected : 0;
        ctx->SelectTab = false;
        char tab0[96], tab1[96];
        std::snprintf(tab0, sizeof(tab0), "%s###tab_new", Tr(ctx->Lang, Str::TabNew));
        std::snprintf(tab1, sizeof(tab1), "%s###tab_mine", Tr(ctx->Lang, Str::TabMyRequests));
        // Both tabs first, then the selected one's view under the bar: the Tab order reads
        // like the panel (language, the two tabs, the view's controls).
        TabStopBefore(ctx, ItemKey::TabNew);
        const bool new_tab = ImGui::BeginTabItem(tab0, nullptr, f0);
        RecordItemRect(ctx, ItemKey::TabNew);
        TabStop(ctx, ItemKey::TabNew);
        if (new_tab)
        {
            show = 0;
            ImGui::EndTabItem();
        }
        if (!(ctx->Cfg.Flags & ImContactFlags_NoTracking))
        {
            TabStopBefore(ctx, ItemKey::TabMine);
            const bool mine = ImGui::BeginTabItem(tab1, nullptr, f1);
            RecordItemRect(ctx, ItemKey::TabMine);
            TabStop(ctx, ItemKey::TabMine);
            if (mine)
            {
                show = 1;
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
    if (show == 0)
    {
        ctx->Tab = 0;
        if (ctx->View == PanelView::Success) SuccessView(ctx);
        else if (ctx->View == PanelView::Queued) QueuedView(ctx);
        else FormView(ctx);
    }
    else if (show == 1)
    {
        ctx->Tab = 1;
        MyRequestsView(ctx);
    }
    KeyNavEnd(ctx);
    ImGui::End();
}

} // namespace ImContact
