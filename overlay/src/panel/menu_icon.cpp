// The envelope icon (R1), drawn with ImDrawList so no icon font is needed.
#include "imcontact_internal.h"
#include "panel_widgets.h"

#include <algorithm>
#include <cfloat>
#include <cstdio>

namespace ImContact
{

void DrawEnvelope(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float t)
{
    AddRectOutline(dl, a, b, col, t, t);   // body
    // flap: two lines from the top corners meeting a little above the centre
    const ImVec2 mid((a.x + b.x) * 0.5f, a.y + (b.y - a.y) * 0.58f);
    const ImVec2 tl(a.x + t, a.y + t), tr(b.x - t, a.y + t);
    dl->AddLine(tl, mid, col, t);
    dl->AddLine(mid, tr, col, t);
}

// The count of unseen tickets (UnreadCount) as a small filled circle on the icon's top
// right corner, like an unread badge; nothing when there are none.
static void DrawUnreadBadge(Context* ctx, ImDrawList* dl, ImVec2 pos, ImVec2 size)
{
    const int unread = UnreadCount(ctx);
    if (unread <= 0) return;
    char text[8];
    std::snprintf(text, sizeof(text), unread > 99 ? "99+" : "%d", unread);
    const float font = ImGui::GetFontSize() * 0.7f;
    const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(font, FLT_MAX, 0.0f, text);
    const float r = ts.y * 0.55f;                        // half the badge's height: a circle for one digit
    const float half_w = std::max(r, ts.x * 0.5f + r * 0.4f);
    const ImVec2 c(pos.x + size.x - half_w, pos.y + r);  // inside the button's top right corner
    const ImVec2 a(c.x - half_w, c.y - r), b(c.x + half_w, c.y + r);
    dl->AddRectFilled(a, b, ImGui::GetColorU32(ErrorColor()), r);
    dl->AddText(ImGui::GetFont(), font, ImVec2(c.x - ts.x * 0.5f, c.y - ts.y * 0.5f), IM_COL32(255, 255, 255, 255), text);
    RecordRect(ctx, ItemKey::EnvelopeBadge, a, b);
}

static void HotkeyName(Context* ctx, char* buf, size_t size)
{
    buf[0] = 0;
    if (ctx->Cfg.Flags & ImContactFlags_NoHotkey) return;
#if IMGUI_VERSION_NUM >= 18700
    std::snprintf(buf, size, "%s", ImGui::GetKeyName(ctx->Cfg.Hotkey));
#else
    if (ctx->Cfg.Hotkey >= 290 && ctx->Cfg.Hotkey <= 314) std::snprintf(buf, size, "F%d", ctx->Cfg.Hotkey - 289); // GLFW F1..F25
#endif
}

bool MenuContactButton(Context* ctx)
{
    const float h = ImGui::GetFrameHeight();
    const ImVec2 size(h * 1.25f, h);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton("##imcontact_envelope", size);
    RecordItemRect(ctx, ItemKey::Envelope);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (hovered || ImGui::IsItemActive())
        dl->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y),
                          ImGui::GetColorU32(ImGui::IsItemActive() ? ImGuiCol_HeaderActive : ImGuiCol_HeaderHovered),
                          ImGui::GetStyle().FrameRounding);
    const float pad_x = size.x * 0.2f, pad_y = size.y * 0.27f;
    const float thickness = h / 14.0f > 1.0f ? h / 14.0f : 1.0f;
    DrawEnvelope(dl, ImVec2(pos.x + pad_x, pos.y + pad_y), ImVec2(pos.x + size.x - pad_x, pos.y + size.y - pad_y),
                 ImGui::GetColorU32(ImGuiCol_Text), thickness);
    DrawUnreadBadge(ctx, dl, pos, size);
    if (hovered)
    {
        char key[16];
        HotkeyName(ctx, key, sizeof(key));
        if (key[0]) ImGui::SetTooltip("%s (%s)", Tr(ctx->Lang, Str::MenuContact), key);
        else ImGui::SetTooltip("%s", Tr(ctx->Lang, Str::MenuContact));
    }
    if (pressed) Open(ctx, true);
    return pressed;
}

bool MenuItemContact(Context* ctx)
{
    char key[16];
    HotkeyName(ctx, key, sizeof(key));
    const bool pressed = ImGui::MenuItem(Tr(ctx->Lang, Str::MenuContact), key[0] ? key : nullptr);
    RecordItemRect(ctx, ItemKey::MenuItem);
    if (pressed) Open(ctx, true);
    return pressed;
}

} // namespace ImContact
