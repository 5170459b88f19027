// imcontact: the names of the panel's widgets for ImContact::GetItemRect(), so that
// scripted sessions and tests drive the panel through Dear ImGui's real mouse and
// keyboard input. One list, used by the panel, the demo's headless session, the tests
// and the compatibility matrix's host.
//
//   ImVec2 a, b;
//   if (ImContact::GetItemRect(ctx, ImContact::ItemKey::Send, &a, &b)) ... click between a and b
//   ImContact::GetItemRect(ctx, ImContact::ItemKeyIndexed(ImContact::ItemKey::Type, 3).c_str(), &a, &b);
//   ImContact::GetItemRect(ctx, ImContact::ItemKeyFor(ImContact::ItemKey::Row, "4827-3915").c_str(), &a, &b);
#pragma once

#include <string>

namespace ImContact
{
namespace ItemKey
{
// The window and its chrome
constexpr const char* Window           = "window";         // the panel's window
constexpr const char* Language         = "language";       // the fi/en switch
constexpr const char* TabNew           = "tab:new";        // "Uusi yhteydenotto"
constexpr const char* TabMine          = "tab:mine";       // "Omat yhteydenotot"
constexpr const char* Notice           = "notice";         // the "delivered" notification
constexpr const char* Envelope         = "envelope";       // MenuContactButton()
constexpr const char* MenuItem         = "menu_item";      // MenuItemContact()
// The form
constexpr const char* Failure          = "failure";        // the failure banner above the form
constexpr const char* Replacing        = "replacing";      // "editing a queued report" line
constexpr const char* Type             = "type";           // combo; items ItemKeyIndexed(Type, i), i = ContactType
constexpr const char* Speed            = "speed";          // radio buttons ItemKeyIndexed(Speed, 0 | 1)
constexpr const char* Organisation     = "organisation";
constexpr const char* Email            = "email";
constexpr const char* ChangeDetails    = "change_details";
constexpr const char* Application      = "application";    // combo; items ItemKeyIndexed(Application, i)
constexpr const char* SubApplication   = "sub_application";// combo; items ItemKeyIndexed(SubApplication, i)
constexpr const char* Guidance         = "guidance";
constexpr const char* Message          = "message";        // the message box (word-wrapped)
constexpr const char* MessageGrip      = "message_grip";   // the bar under it: drag to resize, double-click to fill the form again
constexpr const char* Reference        = "reference";
constexpr const char* Phone            = "phone";
constexpr const char* Attach           = "attach";         // "attach the screenshot" checkbox
constexpr const char* Thumbnail        = "thumbnail";
constexpr const char* ScreenshotTaking = "screenshot_taking";
constexpr const char* ScreenshotFailed = "screenshot_failed";
constexpr const char* Retake           = "retake";
constexpr const char* Remove           = "remove";
constexpr const char* HiddenCount      = "hidden_count";   // "hidden areas: n" under the thumbnail
constexpr const char* WhatIsSent       = "what_is_sent";
constexpr const char* AttachmentCheck  = "attachment";     // ItemKeyIndexed(AttachmentCheck, i): Config::Attachments[i]'s checkbox
constexpr const char* AttachmentResult = "attachment_result"; // ItemKeyIndexed(AttachmentResult, i): what was done with it (after a send)
constexpr const char* ScreenshotResult = "screenshot_result"; // how the screenshot was sent (after a send)
constexpr const char* Progress         = "progress";
constexpr const char* Send             = "send";           // "Lähetä yhteydenotto"
constexpr const char* Cancel           = "cancel";
constexpr const char* WhyDisabled      = "why_disabled";
// The screenshot editor (click the thumbnail)
constexpr const char* Editor           = "editor";         // its window
constexpr const char* EditorCanvas     = "editor_canvas";  // the picture, fit and centred in this rect at zoom 1
constexpr const char* EditorTool       = "editor_tool";    // ItemKeyIndexed(EditorTool, i), i = ImageEditKind
constexpr const char* EditorUndo       = "editor_undo";
constexpr const char* EditorRedo       = "editor_redo";
constexpr const char* EditorReset      = "editor_reset";
constexpr const char* EditorFit        = "editor_fit";
constexpr const char* EditorDone       = "editor_done";
// The outcome
constexpr const char* Confirmation     = "confirmation";
constexpr const char* Ticket           = "ticket";
constexpr const char* Copy             = "copy";
constexpr const char* NewContact       = "new_contact";
constexpr const char* QueuedBody       = "queued_body";
// "My requests"
constexpr const char* Queued           = "queued";         // ItemKeyFor(Queued, local_reference): a waiting report
constexpr const char* QueuedStatus     = "queued_status";  // ItemKeyFor(QueuedStatus, local_reference)
constexpr const char* Edit             = "edit";           // ItemKeyFor(Edit, local_reference): "edit and send again"
constexpr const char* Discard          = "discard";        // ItemKeyFor(Discard, local_reference)
constexpr const char* SendNow          = "send_now";       // ItemKeyFor(SendNow, local_reference): try it now
constexpr const char* NoticeDismiss    = "notice_dismiss"; // closes the "delivered" notice (Notice)
constexpr const char* DraftRestored    = "draft_restored"; // "unsent draft restored" at the top of the form
constexpr const char* DraftDiscard     = "draft_discard";  // its "discard draft" button ("clear form" once something is typed)
constexpr const char* Refresh          = "refresh";
constexpr const char* StatusUpdated    = "status_updated"; // "Päivitetty 17.35" in the refresh row
constexpr const char* StatusOffline    = "status_offline"; // the receiver could not be reached (refresh row)
constexpr const char* Unseen           = "unseen";         // ItemKeyFor(Unseen, ticket): its "Uusi" mark
constexpr const char* EnvelopeBadge    = "envelope_badge"; // the count of unseen tickets on MenuContactButton()
constexpr const char* Lookup           = "lookup";
constexpr const char* LookupButton     = "lookup_button";
constexpr const char* Row              = "row";            // ItemKeyFor(Row, ticket): a ticket's row
constexpr const char* Status           = "status";         // ItemKeyFor(Status, ticket): its status cell
constexpr const char* Written          = "written";        // ItemKeyFor(Written, ticket): "written ..." under the delivery time (saved offline)
constexpr const char* HistoryEntry     = "history";        // ItemKeyIndexed(HistoryEntry, i): the open ticket's history entry i (unclipped)
} // namespace ItemKey

// "type:3": item 'index' of a combo or a radio group.
inline std::string ItemKeyIndexed(const char* base, int index) { return std::string(base) + ":" + std::to_string(index); }
// "row:4827-3915": the widget of one ticket or queued report.
inline std::string ItemKeyFor(const char* base, const std::string& id) { return std::string(base) + ":" + id; }

} // namespace ImContact
