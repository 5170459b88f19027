// imcontact: user-visible text in Finnish and English (core; no ImGui).
//
// Every string the panel shows comes from this table. Finnish is the product's
// original language; the ten type labels and the field names are exactly those of
// the product's user guide. Switch language at run time with ImContact::SetLanguage().
// Strings with '%s' / '%d' / '%zu' take printf arguments as noted.
//
// Thread-safety: the tables are constant; all functions may be called from any thread.
#pragma once

#include "imcontact_model.h"

#include <cstdint>
#include <string>

namespace ImContact
{

enum class Language : int { Finnish = 0, English, COUNT };

const char* LanguageCode(Language lang);                    // "fi", "en"
bool        LanguageFromCode(const std::string& code, Language* out);

enum class Str : int
{
    WindowTitle = 0,          // panel title
    MenuContact,              // menu item / tooltip of the envelope icon
    Intro,                    // short intro under the title
    IntroFaster,              // "contacts through the form are handled faster..."
    LabelType,
    LabelSpeed,
    SpeedNormal,
    SpeedFaster,
    LabelOrganisation,
    LabelEmail,
    ChangeDetails,            // button: change your own details
    ChangeDetailsHint,        // where one's own details are changed
    LabelApplication,
    LabelSubApplication,
    SubApplicationNone,       // "(none)"
    SubApplicationReport,     // Raportti
    LabelReference,
    HintReference,            // e.g. invoice number
    LabelMessage,
    GuideDefault,
    GuideSupport,
    GuideMalfunction,
    GuideDevelopmentIdea,
    LabelPhone,
    HintPhone,
    LabelScreenshot,
    ScreenshotAttach,         // checkbox
    ScreenshotRetake,
    LabelAttachments,         // the host's files in "what is sent"
    ScreenshotRemove,
    ScreenshotNone,
    ScreenshotFailed,         // the screenshot could not be taken (technical detail in a tooltip)
    ScreenshotTaking,         // shown while the GPU copies the frame (a frame or two)
    ScreenshotSize,           // "%d x %d px"
    ScreenshotOpenHint,       // thumbnail tooltip: click to check and edit at full size
    ScreenshotHiddenCount,    // under the thumbnail and in the editor: "%d" areas hidden
    ScreenshotAutoHidden,     // "%d" areas the application hid itself (cannot be undone)
    ScreenshotCropped,        // "%d x %d px" after a crop
    EditorTitle,              // the full-size preview and editor window
    EditorHelp,               // how the mouse and keys work in the editor
    EditorToolHide,           // solid black rectangle (the default tool)
    EditorToolPixelate,
    EditorToolHighlight,
    EditorToolArrow,
    EditorToolCrop,
    EditorUndo,
    EditorRedo,
    EditorReset,              // "reset to original": drops every edit of the user
    EditorFit,                // zoom to fit the window
    EditorDone,               // closes the editor (the edits stay)
    EditorSentAsShown,        // the preview is what is sent
    EditorNoTexture,          // no GL texture: the edits are listed but the picture cannot be shown
    TechScreenshot,           // "what is sent" row
    TechScreenshotValue,      // "%d x %d px, %d areas hidden"
    TechScreenshotNone,       // not attached
    AttachmentsHint,          // under "Liitteet": untick what you do not want to send
    AttachmentSent,           // in the report (delivered or saved): "%s" name, "%s" size
    AttachmentTruncated,      // "%s" name, "%s" sent, "%s" of (the newest part of a log)
    AttachmentNotAttached,    // "%s" name, "%s" reason (one of AttachmentWhy*)
    AttachmentUtf8Replaced,   // note: invalid characters replaced with U+FFFD
    AttachmentGrew,           // note: the file changed while read; its content at that moment was sent
    ScreenshotSentLossless,   // outcome: "Screenshot: PNG (lossless), %d × %d px, %s"
    ScreenshotSentLossy,      // outcome: "Screenshot: WebP (quality %d), %d × %d px, %s"
    ScreenshotScaledDown,     // note: "scaled down to 1/%d to fit the size limit"
    AttachmentWhyUnticked, AttachmentWhyMissing, AttachmentWhyUnreadable, AttachmentWhyOutside,
    AttachmentWhyCallback, AttachmentWhyTooLarge, AttachmentWhyTotal, AttachmentWhyInvalid,
    SizeBytes, SizeKilobytes, SizeMegabytes,   // "%llu", "%.1f", "%.1f"
    WhatIsSent,               // collapsing header
    TechAppName, TechAppVersion, TechOs, TechGlVendor, TechGlRenderer, TechGlVersion,
    TechFramebuffer, TechLocale, TechTime,
    SendButton,               // Lähetä yhteydenotto
    Sending,                  // "Sending... %d %%"
    Cancel,
    Close,
    WhyDisabledInvalid,       // send disabled because the form has problems
    WhyDisabledSending,       // send disabled because a send is in flight
    WhyDisabledScreenshot,    // send disabled until the screenshot being taken is ready
    // validation messages ("%s" = field label, "%zu" = limit)
    ErrMissing,
    ErrTooShort,
    ErrTooLong,
    ErrMalformedEmail,
    ErrMalformedPhone,
    ErrInvalidUtf8,
    ErrTooLarge,
    ErrNotPng,
    ErrUnknownValue,
    ErrTooMany,
    ErrDuplicate,
    ErrControlCharacter,
    ErrUnsupportedCharacter,  // "%zu" = how many characters were replaced as they were typed
    // outcome
    SuccessTitle,
    SuccessConfirmation,      // confirmation of receipt
    TicketNumber,             // "Ticket number: %s"
    CopyTicket,
    Copied,
    NewContact,
    FailTitle,
    FailUnreachable,          // receiver down / connection refused
    FailTimeout,
    FailRejected,             // 4xx: "%s" = reason
    FailServer,               // 5xx: "%d" = status
    FailCancelled,
    FailConfig,               // the endpoint or set-up is wrong: "%s" = detail
    FailBadResponse,          // a 2xx answer that could not be understood
    FailKept,                 // "your text is kept, try again"
    Retry,
    FailStorage,              // the report could not be saved: "%s" = detail
    FailOutboxFull,           // too many unsent reports
    // offline: saved in the outbox, sent automatically later
    QueuedTitle,
    QueuedBody,               // "%s" = local reference
    DeliveredNotice,          // "%s" = local reference, "%s" = ticket number
    StatusQueued,
    StatusNeedsAttention,
    EditAndResend,
    Discard,
    QuarantinedNotice,
    ReplacingNotice,          // the form holds a report restored from the outbox: "%s" = reference
    // tracking (R14)
    TabNew,
    TabMyRequests,
    MyRequestsEmpty,
    MyRequestsFileProblem,    // tickets.json could not be read or written
    Refresh,
    StatusUpdatedAt,          // "Päivitetty %s": when the statuses were last confirmed, "%s" = local HH.MM / HH:MM
    StatusOffline,            // the last status look-up could not reach the receiver
    UnseenMark,               // a ticket whose status or history changed since the user last opened it
    LookUp,
    LookUpHint,
    LookUpNotFound,
    ColTicket, ColType, ColSent, ColStatus,
    StatusReceived, StatusInProgress, StatusWaiting, StatusResolved, StatusClosed, StatusUnknown,
    History,
    TimeWritten, TimeDelivered,   // "Kirjoitettu %s" / "Toimitettu %s": a report saved offline, delivered later
    LanguageName,             // "Suomi" / "English"
    // issue 8: acting on a queued report, the notice, the draft kept across restarts
    OpenQueued,               // restore a queued report into the form
    OpenQueuedBlocked,        // why it is disabled: the form holds other unsent text
    SendNow,
    SendingNow,
    SendNowFailed,            // the attempt did not get through; it stays queued
    NoticeDismiss,
    DraftRestored,
    DraftDiscard,
    ClearForm,                // empties the typed fields (the draft goes with them)
    DraftProblem,             // draft.json could not be written or read (moved aside)
    COUNT
};

// The text of 's' in 'lang'. Never null, never empty.
const char* Tr(Language lang, Str s);
// The label of a contact type (R2) / a speed (R3).
const char* TypeLabel(Language lang, ContactType type);
const char* SpeedLabel(Language lang, ProcessingSpeed speed);
// Label of a form field, for validation messages.
const char* FieldLabel(Language lang, Field field);
// Text for a ticket status id ("received" ...). Unknown ids give StatusUnknown.
const char* StatusLabel(Language lang, const std::string& status);
// A full, localised validation message for one error.
std::string ErrorMessage(Language lang, const FieldError& error);
// An ISO 8601 UTC time as the receiver and the outbox write it ("2026-12-01T15:35:07Z";
// fractions of a second and a "+00:00" offset are accepted) in the local time zone
// (localtime_r: TZ, /etc/localtime) and the language's own format, to the minute:
// Finnish "1.12.2026 klo 17.35" ("klo 9.05": no leading zero), English "1 Dec 2026, 17:35"
// (day month year, 24-hour clock, as in British usage; one format for every English
// reader). A text that is not such a time is returned unchanged. Any thread.
std::string FormatLocalTime(Language lang, const std::string& iso_utc);
// The local time of day of 'unix_time' as FormatLocalTime writes it: "17.35" / "17:35"
// ("9.05" / "09:05"); "" when the C library cannot convert it. Any thread.
std::string FormatLocalClock(Language lang, long long unix_time);
// A byte count for people: "512 tavua", "12,3 kt", "1,5 Mt" / "512 bytes", "12.3 KB", "1.5 MB".
std::string FormatSize(Language lang, uint64_t bytes);
// One line of what was done with an attachment (imcontact_types.h), for the panel and the CLI:
// "app.log: lyhennetty, lähetettiin uusin osa (64,0 kt / 1,2 Mt)", with its notes after a "; ".
struct AttachmentOutcome;
std::string AttachmentOutcomeText(Language lang, const AttachmentOutcome& outcome);
// How the screenshot was sent (imcontact_model.h ScreenshotEncoding), for the panel's outcome:
// "Kuvakaappaus: WebP (laatu 90), 1440 × 900 px, 143,1 kt"; "" when none was sent.
std::string ScreenshotEncodingText(Language lang, const ScreenshotEncoding& encoding);

} // namespace ImContact
