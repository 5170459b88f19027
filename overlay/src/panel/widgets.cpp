// The panel's small widgets: text fields bound to std::string, labelled combos, field
// errors, and the automation rects of GetItemRect() (see panel_widgets.h).
#include "imcontact_internal.h"
#include "panel_widgets.h"

#include <imgui_internal.h>   // GetFocusID, GetActiveID, ClearActiveID, NavMoveRequestCancel, GetItemFlags: the panel's Tab order

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace ImContact
{

// Dear ImGui < 1.87 reads named keys through the backend's io.KeyMap (GetKeyIndex).
#if IMGUI_VERSION_NUM >= 18700
bool NamedKeyPressed(ImGuiKey key, bool repeat) { return ImGui::IsKeyPressed(key, repeat); }
bool NamedKeyDown(ImGuiKey key) { return ImGui::IsKeyDown(key); }
static const ImGuiKey KeypadEnterKey = ImGuiKey_KeypadEnter;
#else
bool NamedKeyPressed(ImGuiKey key, bool repeat) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), repeat); }
bool NamedKeyDown(ImGuiKey key) { return ImGui::IsKeyDown(ImGui::GetKeyIndex(key)); }
static const ImGuiKey KeypadEnterKey = ImGuiKey_KeyPadEnter;
#endif

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

std::string SoftWrapText(const std::string& text, float wrap_width)
{
    std::string shown = text;
    const char* base = text.c_str();
    size_t line = 0;
    while (line < text.size())
    {
        size_t end = text.find('\n', line);
        if (end == std::string::npos) end = text.size();
        // Greedy: break at the last space before the line would run past the width; a word
        // longer than a line stays whole (it runs on, clipped) and breaks at the space after it.
        size_t start = line, last_space = std::string::npos;
        for (size_t i = line; i <= end; i++)
        {
            if (i < end && text[i] != ' ') continue;
            const bool too_wide = ImGui::CalcTextSize(base + start, base + i).x > wrap_width;
            if (too_wide && last_space != std::string::npos)
            {
                shown[last_space] = '\n';
                start = last_space + 1;
                last_space = std::string::npos;
                i = start - 1;   // measure this space again from the new line's start
                continue;
            }
            if (too_wide && i < end)   // one word wider than the line: break right after it
            {
                shown[i] = '\n';
                start = i + 1;
                continue;
            }
            if (i < end) last_space = i;
        }
        line = end + 1;
    }
    return shown;
}

std::string TextFromWrappedEdit(const std::string& text_old, const std::string& shown_old, const std::string& shown_new, int cursor,
                                int selection_start)
{
    const size_t lo = shown_old.size(), ln = shown_new.size();
    size_t prefix = 0;
    while (prefix < lo && prefix < ln && shown_old[prefix] == shown_new[prefix]) prefix++;
    // The edit as the editor makes it: shown_old[0, a) + typed + shown_old[b, lo), the cursor
    // right after what was typed. Taking the cursor into account places a typed line break
    // next to a soft one on the right side of it.
    if (cursor >= 0 && static_cast<size_t>(cursor) <= ln && static_cast<long long>(cursor) + static_cast<long long>(lo) >= static_cast<long long>(ln))
    {
        const size_t c = static_cast<size_t>(cursor), b = c + lo - ln;
        if (b <= lo && shown_new.compare(c, std::string::npos, shown_old, b, std::string::npos) == 0)
        {
            size_t a = std::min(prefix, std::min(c, b));
            // typed over a selection: it started there (a soft break at its start is replaced too)
            if (selection_start >= 0 && static_cast<size_t>(selection_start) < a) a = static_cast<size_t>(selection_start);
            return text_old.substr(0, a) + shown_new.substr(a, c - a) + text_old.substr(b);
        }
    }
    size_t suffix = 0;
    while (suffix < lo - prefix && suffix < ln - prefix && shown_old[lo - 1 - suffix] == shown_new[ln - 1 - suffix]) suffix++;
    return text_old.substr(0, prefix) + shown_new.substr(prefix, ln - suffix - prefix) + text_old.substr(lo - suffix);
}

#if IMGUI_VERSION_NUM < 19230
struct WrappedEdit
{
    WrappedTextState* State;
    float Width;
    bool Copy, Undo, Redo;   // pressed this frame
};

// Replaces the editor's whole text from the callback (undo, redo, a text set from outside).
static void ReplaceEditorText(ImGuiInputTextCallbackData* data, const std::string& shown, int cursor)
{
    data->DeleteChars(0, data->BufTextLen);
    data->InsertChars(0, shown.c_str(), shown.c_str() + shown.size());
    data->CursorPos = data->SelectionStart = data->SelectionEnd = std::min(std::max(cursor, 0), data->BufTextLen);
}

static int WrappedCallback(ImGuiInputTextCallbackData* data)
{
    WrappedEdit* e = static_cast<WrappedEdit*>(data->UserData);
    WrappedTextState& s = *e->State;
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize)
    {
        s.Buffer.resize(static_cast<size_t>(data->BufTextLen));
        data->Buf = &s.Buffer[0];
        return 0;
    }
    // what a copy or cut this frame takes: the selection as it was, in the real text
    const int a = std::min(s.SelStart, s.SelEnd), b = std::max(s.SelStart, s.SelEnd);
    s.CopySource = (a < b && static_cast<size_t>(b) <= s.Text.size()) ? s.Text.substr(static_cast<size_t>(a), static_cast<size_t>(b - a)) : std::string();
    if (s.Reset)
    {
        ReplaceEditorText(data, s.Shown, data->CursorPos);
        s.Reset = false;
    }
    else if ((e->Undo && !s.Undo.empty()) || (e->Redo && !s.Redo.empty()))
    {
        std::vector<std::string>& from = e->Undo ? s.Undo : s.Redo;
        std::vector<std::string>& to = e->Undo ? s.Redo : s.Undo;
        to.push_back(s.Text);
        const std::string old = s.Text;
        s.Text = from.back();
        from.pop_back();
        s.Shown = SoftWrapText(s.Text, e->Width);
        s.Width = e->Width;
        size_t p = 0;   // the cursor goes to the end of what changed
        while (p < old.size() && p < s.Text.size() && old[p] == s.Text[p]) p++;
        size_t q = 0;
        while (q < old.size() - p && q < s.Text.size() - p && old[old.size() - 1 - q] == s.Text[s.Text.size() - 1 - q]) q++;
        ReplaceEditorText(data, s.Shown, static_cast<int>(s.Text.size() - q));
        s.LastEditTime = -1.0;   // the next edit starts a new undo step
    }
    else
    {
        const bool edited = static_cast<size_t>(data->BufTextLen) != s.Shown.size() || std::memcmp(data->Buf, s.Shown.data(), s.Shown.size()) != 0;
        if (edited)
        {
            const std::string shown_new(data->Buf, static_cast<size_t>(data->BufTextLen));
            const int sel = s.SelStart != s.SelEnd ? std::min(s.SelStart, s.SelEnd) : -1;   // last frame's selection
            const std::string text = TextFromWrappedEdit(s.Text, s.Shown, shown_new, data->CursorPos, sel);
            // Typing in one go is one undo step; a pause, a paste or a deletion of a
            // selection starts another.
            const double now = ImGui::GetTime();
            const size_t grew = text.size() > s.Text.size() ? text.size() - s.Text.size() : s.Text.size() - text.size();
            if (s.LastEditTime < 0.0 || now - s.LastEditTime > 1.0 || grew > 1)
            {
                s.Undo.push_back(s.Text);
                if (s.Undo.size() > 100) s.Undo.erase(s.Undo.begin());
            }
            s.Redo.clear();
            s.LastEditTime = now;
            s.Text = text;
        }
        if (edited || s.Width != e->Width)
        {
            s.Shown = SoftWrapText(s.Text, e->Width);
            s.Width = e->Width;
            if (std::memcmp(data->Buf, s.Shown.data(), s.Shown.size()) != 0)
            {
                std::memcpy(data->Buf, s.Shown.data(), s.Shown.size());   // same length: only spaces and soft breaks swap
                data->BufDirty = true;
            }
        }
    }
    s.SelStart = data->SelectionStart;
    s.SelEnd = data->SelectionEnd;
    return 0;
}
#endif

bool InputStringWrapped(const char* label, std::string* str, WrappedTextState* s, ImVec2 size)
{
    if (size.x <= 0.0f) size.x = ImGui::GetContentRegionAvail().x;
#if IMGUI_VERSION_NUM >= 19230
    (void)s;
    return InputString(label, str, ImGuiInputTextFlags_WordWrap, nullptr, true, size);
#else
    const ImGuiStyle& style = ImGui::GetStyle();
    // the text's width inside the frame, always leaving room for the vertical scrollbar and the cursor
    const float wrap = std::max(1.0f, size.x - style.FramePadding.x * 2.0f - style.ScrollbarSize - 2.0f);
    if (*str != s->Text || (wrap != s->Width && !s->Active))
    {
        if (*str != s->Text)   // set from outside (cleared after sending, restored): a new history
        {
            s->Undo.clear();
            s->Redo.clear();
        }
        s->Text = *str;
        s->Shown = SoftWrapText(s->Text, wrap);
        s->Width = wrap;
        if (s->Active) s->Reset = true;
        else s->Buffer = s->Shown;
    }
    const ImGuiIO& io = ImGui::GetIO();
    const bool mod = io.ConfigMacOSXBehaviors ? io.KeySuper : io.KeyCtrl;
    WrappedEdit e{ s, wrap, false, false, false };
    if (s->Active)
    {
        e.Copy = (mod && (NamedKeyPressed(ImGuiKey_C) || NamedKeyPressed(ImGuiKey_X))) || (io.KeyCtrl && NamedKeyPressed(ImGuiKey_Insert)) ||
                 (io.KeyShift && NamedKeyPressed(ImGuiKey_Delete));
        e.Undo = mod && !io.KeyShift && NamedKeyPressed(ImGuiKey_Z);
        e.Redo = mod && ((io.KeyShift && NamedKeyPressed(ImGuiKey_Z)) || NamedKeyPressed(ImGuiKey_Y));
    }
    if (s->Buffer.capacity() < 16) s->Buffer.reserve(16);
    ImGui::InputTextMultiline(label, &s->Buffer[0], s->Buffer.capacity() + 1, size,
                              ImGuiInputTextFlags_CallbackResize | ImGuiInputTextFlags_CallbackAlways | ImGuiInputTextFlags_NoUndoRedo,
                              WrappedCallback, &e);
    s->Active = ImGui::IsItemActive();
    if (s->Buffer != s->Shown)   // an edit the callback did not see (applied as the field let go)
    {
        s->Text = TextFromWrappedEdit(s->Text, s->Shown, s->Buffer, -1, -1);
        s->Shown = SoftWrapText(s->Text, wrap);
        s->Width = wrap;
        if (s->Active) s->Reset = true;
        else s->Buffer = s->Shown;
    }
    // ImGui copied the shown text; the clipboard gets the typed one (a soft break is a space)
    if (e.Copy && !s->CopySource.empty()) ImGui::SetClipboardText(s->CopySource.c_str());
    if (*str == s->Text) return false;
    *str = s->Text;
    return true;
#endif
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

} // namespace ImContact
