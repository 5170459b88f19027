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

void DrawPanel(Context* ctx, bool* p_open)
{
    const Language L = ctx->Lang;
    const float em = ImGui::GetFontSize();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImVec2 want(40.0f * em, 60.0f * em);
    ImGui::SetNextWindowSize(ImVec2(want.x < vp->WorkSize.x * 0.95f ? want.x : vp->WorkSize.x * 0.95f,
                                    want.y < vp->WorkSize.y * 0.9f ? want.y : vp->WorkSize.y * 0.9f), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                            ImGuiCond_FirstUseEver, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(24.0f * em, 16.0f * em), ImVec2(FLT_MAX, FLT_MAX));
    if (ctx->FocusOnOpen)
    {
        ImGui::SetNextWindowFocus();
        ImGui::SetNextWindowCollapsed(false);
    }
    char title[128];
    std::snprintf(title, sizeof(title), "%s###imcontact_panel", Tr(L, Str::WindowTitle));
    const bool visible = ImGui::Begin(title, p_open);
    {
        const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
        ctx->ItemRects[ItemKey::Window] = { ImVec4(pos.x, pos.y, pos.x + size.x, pos.y + size.y), ImGui::GetFrameCount() };
    }
    // Escape closes the panel before any text field sees it (ImGui's InputText would
    // revert the edit on Escape); every field keeps what was typed.
    if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) && EscapePressed() && !ctx->FocusOnOpen)
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
    if (!(ctx->Cfg.Flags & ImContactFlags_NoLanguageSwitch))
    {
        // fi / en switch at the top right
        const char* other = Tr(L == Language::Finnish ? Language::English : Language::Finnish, Str::LanguageName);
        const float w = ImGui::CalcTextSize(other).x + ImGui::GetStyle().FramePadding.x * 2.0f;
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - w);
        if (ImGui::SmallButton(other)) ctx->Lang = (L == Language::Finnish) ? Language::English : Language::Finnish;
        RecordItemRect(ctx, ItemKey::Language);
    }
    NoticeBanner(ctx);   // panel_outcome.cpp: "delivered" notices, until dismissed
    if (ImGui::BeginTabBar("##imcontact_tabs"))
    {
        const ImGuiTabItemFlags f0 = (ctx->SelectTab && ctx->Tab == 0) ? ImGuiTabItemFlags_SetSelected : 0;
        const ImGuiTabItemFlags f1 = (ctx->SelectTab && ctx->Tab == 1) ? ImGuiTabItemFlags_SetSelected : 0;
        ctx->SelectTab = false;
        char tab0[96], tab1[96];
        std::snprintf(tab0, sizeof(tab0), "%s###tab_new", Tr(ctx->Lang, Str::TabNew));
        std::snprintf(tab1, sizeof(tab1), "%s###tab_mine", Tr(ctx->Lang, Str::TabMyRequests));
        if (ImGui::BeginTabItem(tab0, nullptr, f0))
        {
            RecordItemRect(ctx, ItemKey::TabNew);
            ctx->Tab = 0;
            if (ctx->View == PanelView::Success) SuccessView(ctx);
            else if (ctx->View == PanelView::Queued) QueuedView(ctx);
            else FormView(ctx);
            ImGui::EndTabItem();
        }
        else RecordItemRect(ctx, ItemKey::TabNew);
        if (!(ctx->Cfg.Flags & ImContactFlags_NoTracking))
        {
            const bool mine = ImGui::BeginTabItem(tab1, nullptr, f1);
            RecordItemRect(ctx, ItemKey::TabMine);
            if (mine)
            {
                ctx->Tab = 1;
                MyRequestsView(ctx);
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
    ImGui::End();
}

} // namespace ImContact
