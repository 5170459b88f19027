// The panel's small widgets, shared by its views (panel_form.cpp, panel_outcome.cpp,
// panel_requests.cpp, panel.cpp). Internal to the panel layer; render thread only.
#pragma once

#include "imcontact_internal.h"

#include <string>
#include <utility>
#include <vector>

namespace ImContact
{

inline ImVec4 ErrorColor() { return ImVec4(0.95f, 0.35f, 0.30f, 1.0f); }
inline ImVec4 OkColor() { return ImVec4(0.35f, 0.85f, 0.45f, 1.0f); }

// InputText bound to a std::string (grows as the user types); multiline with 'size'.
bool InputString(const char* label, std::string* str, ImGuiInputTextFlags flags = 0, const char* hint = nullptr,
                 bool multiline = false, ImVec2 size = ImVec2(0, 0));

// A word-wrapping multi-line text field bound to a std::string, 'size' in pixels (x <= 0:
// the available width). Dear ImGui >= 1.92.3 wraps natively (ImGuiInputTextFlags_WordWrap);
// before, the field shows 'state'-held soft breaks (WrappedTextState) and *str is exactly
// what the user typed: no break is ever stored, copy and cut give the typed text, and
// Ctrl+Z / Ctrl+Y (Ctrl+Shift+Z) undo and redo on it. (One edit leaves the editor's bytes
// as they were and so is not seen: a soft break selected alone and replaced by Enter; the
// line breaks there on screen either way.) Returns true when *str changed.
bool InputStringWrapped(const char* label, std::string* str, WrappedTextState* state, ImVec2 size);
// The soft-wrap steps (exposed for tests): 'text' with each space where a line would run past
// 'wrap_width' pixels (current font) shown as '\n'; same length. And the real text after an
// edit of 'shown_old' (made from 'text_old') into 'shown_new', 'cursor' the byte position
// after the edit (-1 = unknown), 'selection_start' where the selection the edit replaced
// began (-1 = none): unchanged parts keep text_old's bytes, the new part is taken as typed.
std::string SoftWrapText(const std::string& text, float wrap_width);
std::string TextFromWrappedEdit(const std::string& text_old, const std::string& shown_old, const std::string& shown_new, int cursor,
                                int selection_start);

// A child window that keyboard navigation enters and leaves as if it were part of the
// parent (Dear ImGui 1.90.9 moved NavFlattened from the window flags to the child flags).
// Close with ImGui::EndChild().
void BeginNavFlattenedChild(const char* id, const ImVec2& size);

// A named key (ImGuiKey_Z, ImGuiKey_Tab...) pressed ('repeat': also its key repeat) or held
// this frame, on every supported Dear ImGui.
bool NamedKeyPressed(ImGuiKey key, bool repeat = true);
bool NamedKeyDown(ImGuiKey key);
bool EscapePressed();   // this frame, any ImGui version
bool EnterPressed();    // Enter or keypad Enter, this frame, any ImGui version

// Keyboard focus over the panel's controls. Dear ImGui's Tab visits only text fields (all
// items only once the host sets ImGuiConfigFlags_NavEnableKeyboard, and on 1.86 not even
// then), so the panel keeps its own order: each control drawn is a tab stop (TabStop after
// its widget, TabStopBefore before it), in reading order; Tab / Shift+Tab move ImGui's own
// focus (NavId) to the next / previous stop with SetKeyboardFocusHere, replacing ImGui's
// tabbing request of that frame, and Enter (and Space, which is ImGui's own key once the
// host enables keyboard navigation) activates the focused control as a click would, on the
// next frame. Disabled controls are skipped; read-only text is no stop. Render thread.
enum TabStopFlags_
{
    TabStopFlags_None = 0,
    TabStopFlags_Text = 1 << 0,   // a text field: focusing it activates it for typing; Enter is its own
};
typedef int TabStopFlags;
void KeyNavBegin(Context* ctx);   // once a frame, before the panel's first control: Tab / Shift+Tab
void KeyNavEnd(Context* ctx);     // once a frame, after the last control
void TabStopBefore(Context* ctx, const char* key);   // before the control's widget: takes a requested focus
void TabStop(Context* ctx, const char* key, TabStopFlags flags = TabStopFlags_None);   // after it: a stop; Enter activates
void RequestFocus(Context* ctx, const char* key);   // the control 'key' takes the focus when next drawn

// A field with a validation error shown (after a send attempt or once the user left it
// after editing): its frame is outlined (MarkFieldRect) and its messages follow (ErrorsFor).
bool FieldMarked(const Context* ctx, const std::vector<FieldError>& errors, Field field);
void MarkFieldRect(ImDrawList* dl, ImVec2 a, ImVec2 b);

// Records the visible part of a rectangle under 'key' for GetItemRect() (scrolled lists,
// clipped popups: a widget scrolled out of view has no rect). RecordItemRect (in
// imcontact_internal.h) records the last item's.
void RecordRect(Context* ctx, const char* key, ImVec2 a, ImVec2 b);

void Label(const char* text);   // a form label, aligned to the frame's text baseline

// The validation messages of one field, shown once FieldMarked.
void ErrorsFor(Context* ctx, const std::vector<FieldError>& errors, Field field);
void MarkTouched(Context* ctx, Field f);   // after the field's widget: left after an edit -> touched

// A combo over (value, shown) pairs; records rects "key" and "key:i" (ItemKeyIndexed); a tab
// stop under 'key'; 'marked' outlines it as a field with an error. Escape closes its list only.
bool StringCombo(Context* ctx, const char* id, const char* key, std::string* value,
                 const std::vector<std::pair<std::string, std::string>>& items, bool marked = false);

// A rectangle's outline of 'thickness' pixels: Dear ImGui 1.92.8 swapped AddRect's 'flags'
// and 'thickness' arguments (the old order is deleted there), so every outline goes here.
inline void AddRectOutline(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float rounding, float thickness)
{
#if IMGUI_VERSION_NUM >= 19280
    dl->AddRect(a, b, col, rounding, thickness, ImDrawFlags_None);
#else
    dl->AddRect(a, b, col, rounding, ImDrawFlags_None, thickness);
#endif
}

// "Kirjoitettu 1.12.2026 klo 17.05" for a ticket written (saved offline) in another
// minute than it was delivered (LocalTicket::WrittenAt vs SentAt); "" when they are the
// same minute or the written time is unknown (tickets.json from before it was kept).
std::string WrittenTimeText(Language lang, const LocalTicket& ticket);

// The receiver's confirmation text, or the panel's own Str::SuccessConfirmation when it is
// empty or names the ticket number (the success view shows the number once, on its own).
std::string ConfirmationWithoutTicket(Language L, const std::string& confirmation, const std::string& ticket);
// The label of a ticket's row in "My requests" (ImGui "label###id"): its number and, when it
// was saved in the outbox first, the "Q-…" reference the user was shown then.
std::string TicketCellText(const LocalTicket& t);

} // namespace ImContact
