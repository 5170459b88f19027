// The panel's small widgets: text fields bound to std::string, labelled combos, field
// errors, and the automation rects of GetItemRect() (see panel_widgets.h).
#include "imcontact_internal.h"
#include "panel_widgets.h"

#include <cstdio>

namespace ImContact
{

static int ResizeCallback(ImGuiInputTextCallbackData* data)
{
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize)
    {
        std::string* str = static_cast<std::string*>(data->UserData);
        str->resize(static_cast<size_t>(data->BufTextLen));
        data->Buf = &(*str)[0];
    }
    return 0;
}

// InputText bound to a std::string (grows as the user types).
bool InputString(const char* label, std::string* str, ImGuiInputTextFlags flags, const char* hint, bool multiline,
                 ImVec2 size)
{
    flags |= ImGuiInputTextFlags_CallbackResize;
    if (str->capacity() < 16) str->reserve(16);
    char* buf = &(*str)[0];
    const size_t cap = str->capacity() + 1;
    if (multiline) return ImGui::InputTextMultiline(label, buf, cap, size, flags, ResizeCallback, str);
    if (hint) return ImGui::InputTextWithHint(label, hint, buf, cap, flags, ResizeCallback, str);
    return ImGui::InputText(label, buf, cap, flags, ResizeCallback, str);
}

// A child window that keyboard navigation enters and leaves as if it were part of the
// parent. Dear ImGui 1.90.9 moved NavFlattened from the window flags to the child flags.
void BeginNavFlattenedChild(const char* id, const ImVec2& size)
{
#if IMGUI_VERSION_NUM >= 19090
    ImGui::BeginChild(id, size, ImGuiChildFlags_NavFlattened);
#else
    ImGui::BeginChild(id, size, false, ImGuiWindowFlags_NavFlattened);
#endif
}

bool EscapePressed()
{
#if IMGUI_VERSION_NUM >= 18700
    return ImGui::IsKeyPressed(ImGuiKey_Escape, false);
#else
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
#endif
}

// Records the visible part of a rectangle (scrolled lists, clipped popups); a widget
// scrolled out of view has no rect.
void RecordRect(Context* ctx, const char* key, ImVec2 a, ImVec2 b)
{
    const ImVec2 clip_min = ImGui::GetWindowDrawList()->GetClipRectMin();
    const ImVec2 clip_max = ImGui::GetWindowDrawList()->GetClipRectMax();
    a = ImVec2(a.x > clip_min.x ? a.x : clip_min.x, a.y > clip_min.y ? a.y : clip_min.y);
    b = ImVec2(b.x < clip_max.x ? b.x : clip_max.x, b.y < clip_max.y ? b.y : clip_max.y);
    if (a.x >= b.x || a.y >= b.y) { ctx->ItemRects.erase(key); return; }
    ctx->ItemRects[key] = { ImVec4(a.x, a.y, b.x, b.y), ImGui::GetFrameCount() };
}

void RecordItemRect(Context* ctx, const char* key)
{
    RecordRect(ctx, key, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}


void Label(const char* text)
{
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text);
}

void ErrorsFor(Context* ctx, const std::vector<FieldError>& errors, Field field)
{
    if (!ctx->ShowErrors && !ctx->Touched[static_cast<int>(field)]) return;
    for (const FieldError& e : errors)
        if (e.Which == field)
        {
            ImGui::PushStyleColor(ImGuiCol_Text, ErrorColor());
            ImGui::TextWrapped("%s", ErrorMessage(ctx->Lang, e).c_str());
            ImGui::PopStyleColor();
        }
}

void MarkTouched(Context* ctx, Field f)
{
    if (ImGui::IsItemDeactivatedAfterEdit() || ImGui::IsItemEdited()) ctx->Touched[static_cast<int>(f)] = true;
}

// A combo over a list of strings; 'key' records rects "key" and "key:i" for tests.
bool StringCombo(Context* ctx, const char* id, const char* key, std::string* value,
                 const std::vector<std::pair<std::string, std::string>>& items /* value, shown */)
{
    const char* preview = value->c_str();
    for (const auto& it : items)
        if (it.first == *value) preview = it.second.c_str();
    bool changed = false;
    // The combo's own rect, taken before BeginCombo() (which, when open, ends inside the popup).
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    RecordRect(ctx, key, pos, ImVec2(pos.x + ImGui::CalcItemWidth(), pos.y + ImGui::GetFrameHeight()));
    if (ImGui::BeginCombo(id, preview, ImGuiComboFlags_HeightLargest))
    {
        for (size_t i = 0; i < items.size(); i++)
        {
            const bool selected = items[i].first == *value;
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable(items[i].second.c_str(), selected))
            {
                *value = items[i].first;
                changed = true;
            }
            RecordItemRect(ctx, ItemKeyIndexed(key, static_cast<int>(i)).c_str());
            if (selected) ImGui::SetItemDefaultFocus();
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    return changed;
}

// "2026-11-26T17:12:43Z" -> "2026-11-26 17:12" (UTC; the history shows the full time).
std::string CompactTime(const std::string& iso)
{
    if (iso.size() < 16 || iso[10] != 'T') return iso;
    std::string out = iso.substr(0, 16);
    out[10] = ' ';
    return out;
}
} // namespace ImContact
