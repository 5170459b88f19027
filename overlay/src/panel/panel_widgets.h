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

// A child window that keyboard navigation enters and leaves as if it were part of the
// parent (Dear ImGui 1.90.9 moved NavFlattened from the window flags to the child flags).
// Close with ImGui::EndChild().
void BeginNavFlattenedChild(const char* id, const ImVec2& size);

bool EscapePressed();   // this frame, any ImGui version

// Records the visible part of a rectangle under 'key' for GetItemRect() (scrolled lists,
// clipped popups: a widget scrolled out of view has no rect). RecordItemRect (in
// imcontact_internal.h) records the last item's.
void RecordRect(Context* ctx, const char* key, ImVec2 a, ImVec2 b);

void Label(const char* text);   // a form label, aligned to the frame's text baseline

// The validation messages of one field, shown once the field was touched or a send was tried.
void ErrorsFor(Context* ctx, const std::vector<FieldError>& errors, Field field);
void MarkTouched(Context* ctx, Field f);   // after the field's widget: edited -> touched

// A combo over (value, shown) pairs; records rects "key" and "key:i" (ItemKeyIndexed).
bool StringCombo(Context* ctx, const char* id, const char* key, std::string* value,
                 const std::vector<std::pair<std::string, std::string>>& items);

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

// The label of a ticket's row in "My requests" (ImGui "label###id"): its number and, when it
// was saved in the outbox first, the "Q-…" reference the user was shown then.
std::string TicketCellText(const LocalTicket& t);

// "2026-11-26T17:12:43Z" -> "2026-11-26 17:12" (UTC; the history shows the full time).
std::string CompactTime(const std::string& iso);

} // namespace ImContact
