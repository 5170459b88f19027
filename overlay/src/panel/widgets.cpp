// The panel's small widgets: text fields bound to std::string, labelled combos, field
// errors, and the automation rects of GetItemRect() (see panel_widgets.h).
#include "imcontact_internal.h"
#include "panel_widgets.h"

#include <imgui_internal.h>   // GetFocusID, GetActiveID, ClearActiveID, NavMoveRequestCancel, GetItemFlags: the panel's Tab order

#include <algorithm>
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

// A named key (ImGuiKey_Tab...) pressed this frame: Dear ImGui < 1.87 reads it through the
// backend's io.KeyMap.
#if IMGUI_VERSION_NUM >= 18700
static bool NamedKeyPressed(ImGuiKey key, bool repeat) { return ImGui::IsKeyPressed(key, repeat); }
static const ImGuiKey KeypadEnterKey = ImGuiKey_KeypadEnter;
#else
static bool NamedKeyPressed(int key, bool repeat) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), repeat); }
static const int KeypadEnterKey = ImGuiKey_KeyPadEnter;
#endif

bool EscapePressed() { return NamedKeyPressed(ImGuiKey_Escape, false); }
bool EnterPressed() { return NamedKeyPressed(ImGuiKey_Enter, false) || NamedKeyPressed(KeypadEnterKey, false); }

// ImGui's own focus rectangle: 1.91.4 replaced NavDisableHighlight with a public
// SetNavCursorVisible() and renamed its colour. Without keyboard navigation ImGui hides it
// again at once, so the panel then outlines the focused control itself (TabStopItem).
static void ShowNavCursor()
{
#if IMGUI_VERSION_NUM >= 19140
    ImGui::SetNavCursorVisible(true);
#else
    GImGui->NavDisableHighlight = false;
#endif
}
static bool NavCursorShown()
{
#if IMGUI_VERSION_NUM >= 19140
    return GImGui->NavCursorVisible;
#else
    return !GImGui->NavDisableHighlight;
#endif
}
#if IMGUI_VERSION_NUM >= 19140
static const ImGuiCol FocusColour = ImGuiCol_NavCursor;
#else
static const ImGuiCol FocusColour = ImGuiCol_NavHighlight;
#endif

// Presses, ticks or opens an item from the code, as a click would, on the next frame
// (renamed in Dear ImGui 1.89.7).
static void ActivateItemById(ImGuiID id)
{
#if IMGUI_VERSION_NUM >= 18970
    ImGui::ActivateItemByID(id);
#else
    ImGui::ActivateItem(id);
#endif
}

static int StopIndex(const std::vector<Context::KeyNavState::Stop>& stops, ImGuiID id)
{
    if (id == 0) return -1;
    for (size_t i = 0; i < stops.size(); ++i)
        if (stops[i].Id == id) return static_cast<int>(i);
    return -1;
}

void RequestFocus(Context* ctx, const char* key)
{
    ctx->Nav.Request = key;
    ctx->Nav.RequestFrame = ImGui::GetFrameCount();
}

void KeyNavBegin(Context* ctx)
{
    Context::KeyNavState& nav = ctx->Nav;
    nav.Building.clear();
    if (!nav.Request.empty() && ImGui::GetFrameCount() - nav.RequestFrame > 3) nav.Request.clear();   // not drawn: dropped
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsMouseClicked(0)) nav.Outline = false;   // the mouse took over, as ImGui's own cursor hides
    if (nav.Last.empty() || io.KeyCtrl || io.KeyAlt) return;   // another view (no stops): ImGui's own tabbing
    if (!ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows)) return;
    if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;   // a combo's list is open: its own keys
    if (!NamedKeyPressed(ImGuiKey_Tab, true)) return;
    ImGui::NavMoveRequestCancel();   // ImGui's tabbing request of this frame (text fields only) is replaced by ours
    const int n = static_cast<int>(nav.Last.size());
    int at = StopIndex(nav.Last, ImGui::GetActiveID());
    if (at < 0) at = StopIndex(nav.Last, ImGui::GetFocusID());
    const int next = at < 0 ? (io.KeyShift ? n - 1 : 0) : (at + (io.KeyShift ? n - 1 : 1)) % n;
    if (at >= 0 && ImGui::GetActiveID() == nav.Last[at].Id) ImGui::ClearActiveID();   // leaves the text field; its text stays
    RequestFocus(ctx, nav.Last[next].Key.c_str());
}

void KeyNavEnd(Context* ctx)
{
    ctx->Nav.Last.swap(ctx->Nav.Building);
    ctx->Nav.Building.clear();
}

void TabStopBefore(Context* ctx, const char* key)
{
    Context::KeyNavState& nav = ctx->Nav;
    if (nav.Request != key) return;
    nav.Request.clear();
    // The old focus lets go first: from 1.90 on, an item drawn with ImGui's focus makes its
    // window the focused one again, which drops a focus request into another window (the
    // send row is outside the form's child window).
    GImGui->NavId = 0;
    ImGui::SetKeyboardFocusHere();   // the next item: a text field is activated, anything else focused
    nav.ShowCursor = true;
}

// One tab stop: 'id' the item's, 'native' = the item already reacted to a key this frame
// (ImGui's own navigation, when the host enabled it); a..b its frame, in 'dl'.
static void TabStopItem(Context* ctx, const char* key, ImGuiID id, bool disabled, bool native, TabStopFlags flags,
                        ImDrawList* dl, ImVec2 a, ImVec2 b)
{
    Context::KeyNavState& nav = ctx->Nav;
    if (disabled || id == 0) return;
    const bool text = (flags & TabStopFlags_Text) != 0;
    nav.Building.push_back({ key, id, text });
    if (ImGui::GetFocusID() != id) return;
    if (nav.ShowCursor)
    {
        nav.ShowCursor = false;
        nav.Outline = !text;
        if (!text) ShowNavCursor();
    }
    if (!text && nav.Outline && !NavCursorShown())
    {
        const float pad = 2.0f;
        AddRectOutline(dl, ImVec2(a.x - pad, a.y - pad), ImVec2(b.x + pad, b.y + pad), ImGui::GetColorU32(FocusColour),
                       ImGui::GetStyle().FrameRounding, 2.0f);
    }
    if (text || native || ImGui::GetActiveID() != 0) return;
    const ImGuiIO& io = ImGui::GetIO();
    if (io.KeyCtrl || io.KeyAlt || !ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows)) return;
    // Space is ImGui's own activation key once the host enables keyboard navigation.
    const bool space = !(io.ConfigFlags & ImGuiConfigFlags_NavEnableKeyboard) && NamedKeyPressed(ImGuiKey_Space, false);
    if (EnterPressed() || space) ActivateItemById(id);
}

void TabStop(Context* ctx, const char* key, TabStopFlags flags)
{
    TabStopItem(ctx, key, ImGui::GetItemID(), (ImGui::GetItemFlags() & ImGuiItemFlags_Disabled) != 0,
                ImGui::IsItemActivated(), flags, ImGui::GetWindowDrawList(), ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

bool FieldMarked(const Context* ctx, const std::vector<FieldError>& errors, Field field)
{
    if (!ctx->ShowErrors && !ctx->Touched[static_cast<int>(field)]) return false;
    for (const FieldError& e : errors)
        if (e.Which == field) return true;
    return false;
}

void MarkFieldRect(ImDrawList* dl, ImVec2 a, ImVec2 b)
{
    AddRectOutline(dl, ImVec2(a.x - 1.0f, a.y - 1.0f), ImVec2(b.x + 1.0f, b.y + 1.0f), ImGui::GetColorU32(ErrorColor()),
                   ImGui::GetStyle().FrameRounding, 2.0f);
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
    if (!FieldMarked(ctx, errors, field)) return;
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
    if (ImGui::IsItemDeactivatedAfterEdit()) ctx->Touched[static_cast<int>(f)] = true;   // left after an edit: not while typing
}

// A combo over a list of strings; 'key' records rects "key" and "key:i" for tests.
bool StringCombo(Context* ctx, const char* id, const char* key, std::string* value,
                 const std::vector<std::pair<std::string, std::string>>& items /* value, shown */, bool marked)
{
    const char* preview = value->c_str();
    for (const auto& it : items)
        if (it.first == *value) preview = it.second.c_str();
    bool changed = false;
    // The combo's own rect, taken before BeginCombo() (which, when open, ends inside the popup).
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 end(pos.x + ImGui::CalcItemWidth(), pos.y + ImGui::GetFrameHeight());
    RecordRect(ctx, key, pos, end);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImGuiID combo_id = ImGui::GetID(id);   // BeginCombo's own
    TabStopBefore(ctx, key);
    const bool open = ImGui::BeginCombo(id, preview, ImGuiComboFlags_HeightLargest);
    if (marked) MarkFieldRect(dl, pos, end);
    // Open: not disabled, and a key that opened it this frame was ImGui's own.
    TabStopItem(ctx, key, combo_id, !open && (ImGui::GetItemFlags() & ImGuiItemFlags_Disabled) != 0, open, TabStopFlags_None,
                dl, pos, end);
    if (open)
    {
        Context::KeyNavState& nav = ctx->Nav;
        nav.PopupFrame = ImGui::GetFrameCount();
        if (EscapePressed()) ImGui::CloseCurrentPopup();   // Escape closes the list only (panel.cpp keeps the panel)
        // Without the host's keyboard navigation ImGui moves nowhere in the list: Up / Down
        // move the panel's highlight over it. Enter picks the highlighted entry (with ImGui's
        // navigation, the focused one: Dear ImGui < 1.91 picks only on Space).
        const bool own_keys = !(ImGui::GetIO().ConfigFlags & ImGuiConfigFlags_NavEnableKeyboard);
        const int n = static_cast<int>(items.size());
        bool moved = false;
        int focused = -1;   // the entry with ImGui's focus
        if (ImGui::IsWindowAppearing())
        {
            nav.ComboIndex = 0;
            for (int i = 0; i < n; i++)
                if (items[static_cast<size_t>(i)].first == *value) nav.ComboIndex = i;
        }
        else if (own_keys && n > 0)
        {
            const int was = nav.ComboIndex;
            if (NamedKeyPressed(ImGuiKey_DownArrow, true)) nav.ComboIndex = std::min(nav.ComboIndex + 1, n - 1);
            if (NamedKeyPressed(ImGuiKey_UpArrow, true)) nav.ComboIndex = std::max(nav.ComboIndex - 1, 0);
            moved = was != nav.ComboIndex;
        }
        for (size_t i = 0; i < items.size(); i++)
        {
            const bool selected = items[i].first == *value;
            const bool highlighted = own_keys ? static_cast<int>(i) == nav.ComboIndex : selected;
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable(items[i].second.c_str(), highlighted))
            {
                *value = items[i].first;
                changed = true;
            }
            RecordItemRect(ctx, ItemKeyIndexed(key, static_cast<int>(i)).c_str());
            if (ImGui::GetItemID() == ImGui::GetFocusID()) focused = static_cast<int>(i);
            if (selected) ImGui::SetItemDefaultFocus();
            if (highlighted && moved) ImGui::SetScrollHereY();
            ImGui::PopID();
        }
        const int pick = own_keys ? nav.ComboIndex : focused;
        if (!changed && !ImGui::IsWindowAppearing() && EnterPressed() && pick >= 0 && pick < n)   // not picked by ImGui itself
        {
            changed = *value != items[static_cast<size_t>(pick)].first;
            *value = items[static_cast<size_t>(pick)].first;
            ImGui::CloseCurrentPopup();
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
