// imcontact internals: the context and helpers shared by context.cpp, panel.cpp,
// menu_icon.cpp and the tests. Not part of the public API; may change at any time.
// Everything here is render-thread only.
#pragma once

#include "imcontact/imcontact.h"
#include "imcontact/imcontact_submitter.h"
#include "imcontact/internal/gl_api.h"
#include "imcontact/internal/gl_capture.h"
#include "imcontact/internal/gl_capture_async.h"
#include "imcontact/internal/gl_texture.h"
#include "imcontact/internal/redaction.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ImContact
{

enum class PanelView { Form, Success, Queued };

// The word-wrapped multi-line editor (widgets.cpp InputStringWrapped) on Dear ImGui before
// 1.92.3, whose InputTextMultiline cannot wrap: the editor holds Shown, the real text with
// the spaces where a line wraps shown as line breaks (same bytes, same length, so every
// position is the same in both); each edit is mapped back onto Text, which is all that is
// ever stored. Undo/redo work on Text (the editor's own undo is off). Render thread.
struct WrappedTextState
{
    std::string Buffer;        // bound to the editor (ImGui writes it)
    std::string Shown;         // what the editor was last given / left with
    std::string Text;          // the real text Shown was made from
    float       Width = -1.0f; // the wrap width Shown was made for
    bool        Active = false;   // the editor had the keyboard last frame
    bool        Reset = false;    // Shown was remade while active: replace the editor's text
    int         SelStart = 0, SelEnd = 0;   // its selection at the last callback (bytes)
    std::string CopySource;    // the real text of the selection before this frame (copy, cut)
    std::vector<std::string> Undo, Redo;    // snapshots of Text
    double      LastEditTime = -1.0;
};

struct Context
{
    Config      Cfg;
    Language    Lang = Language::Finnish;
    std::string Organisation;
    std::string Email;
    std::string CurrentApplication;

    // panel state
    bool        OpenInternal = false;      // used when ShowContactWindow gets p_open == null
    bool        WantOpen = false;          // set by hotkey/menu/Open(); applied once the screenshot is taken
    bool        FocusOnOpen = false;
    PanelView   View = PanelView::Form;
    int         Tab = 0;                   // 0 = new contact, 1 = my requests
    bool        SelectTab = false;
    int         PanelFrame = -10;          // the frame the panel window was last drawn in (panel.cpp: clamp on open)
    ImVec4      PanelArea;                 // the work area it was kept inside then (pos x, y, size x, y)
    Form        Draft;                     // what the user typed; kept across close/open and failures
    WrappedTextState MessageEdit;          // the message box's editor (< 1.92.3; see WrappedTextState)
    float       MessageHeight = 0.0f;      // the message box's height set with its grip; 0 = fill the form
    float       MessageBelow = 0.0f;       // height of the form under the message box, last frame
    bool        AttachScreenshot = true;
    std::vector<bool> AttachInclude;       // per Cfg.Attachments: the user's ticks (all ticked at creation)
    std::vector<AttachmentOutcome> LastAttachments;   // what the last finished send did with each (SendFinished)
    ScreenshotEncoding LastScreenshot;    // how the last finished send encoded the screenshot (SendFinished)
    bool        ShowErrors = false;        // after a send attempt, show every validation error
    bool        Touched[static_cast<int>(Field::COUNT)] = {};
    bool        ApplicationByHand = false; // the user picked the application: opening or retaking keeps it

    // the unsent draft in DataDir/draft.json (written on the worker: Submitter::SaveDraft)
    SavedDraft  DraftHanded;               // what was last handed to the worker (or restored)
    bool        DraftOnDisk = false;       // a draft was handed over (or restored) and not discarded since
    double      DraftHandedAt = -1.0;      // ImGui::GetTime() of the last hand-over
    bool        DraftRestored = false;     // the form holds a draft restored at start: the notice offers to discard it
    std::string DraftProblem;              // why the draft could not be kept or read (English, for the tooltip)

    // send state
    uint64_t    SendJob = 0;               // 0 = none in flight
    SubmitterEvent LastFailure;            // Why != None: shown above the form
    Receipt     LastReceipt;
    bool        CopiedTicket = false;

    // offline (outbox)
    std::vector<QueuedReport> Outbox;      // reports saved but not delivered yet
    std::string LastQueuedRef;             // shown in the Queued view
    std::string ReplacesRef;               // the form holds this queued report ("edit and send again")
    std::string OutboxNote;                // e.g. a damaged file was set aside
    std::string Notice;                    // notifications (a queued report was delivered), one a line; shown until dismissed
    std::map<uint64_t, std::string> SendingNow;   // SendQueuedNow() jobs in flight -> their report
    std::string SendNowFailed;             // the report whose "send now" did not get through (still queued)

    // tracking
    std::vector<LocalTicket> Tickets;
    std::string TicketsFileProblem;        // why tickets.json could not be used (empty = fine)
    uint64_t    StatusJobsPending = 0;
    char        LookupBuf[32] = {};
    std::string LookupTicket;              // the ticket shown in detail
    bool        LookupNotFound = false;
    // background status refresh (events.cpp): what the worker was told, and what the look-ups said
    bool        StatusRefreshOn = false;   // Worker->SetStatusRefresh(): the panel is open
    bool        StatusOffline = false;     // the last look-up could not reach the receiver
    long long   StatusUpdatedAt = 0;       // time(nullptr) of the last look-up the receiver answered; 0 = none yet

    // screenshot
    bool        GLReady = false;
    bool        GLFailed = false;
    std::string GLError;
    GLApi       GL;
    bool        CapturePending = false;
    int         CaptureAtFrame = 0;        // ImGui frame count at/after which FrameRendered captures
    int         LastFrameRendered = -1;    // last frame FrameRendered() was called in
    AsyncFramebufferCapture Readback;      // a capture queued on the GPU (Readback.Pending())
    int         ReadbackStartFrame = 0;    // ImGui frame count when it was queued
    std::shared_ptr<const RgbaImage> Shot;  // the current screenshot (null = none); shared with the worker while sending
    unsigned int ShotTexture = 0;
    unsigned int PendingThumbnail = 0;     // blitted when Readback started; becomes ShotTexture with its pixels
    ThumbnailBlitter Thumbs;               // the thumbnail's GL objects, reused between captures
    std::string CaptureError;
    float       ShotSectionHeight = 0.0f;  // the form's screenshot section with a screenshot (kept while a retake is on its way)

    // screenshot edits (panel_editor.cpp), in the screenshot's pixels; drawn as overlays,
    // applied on the worker when sent (Submitter::SubmitReport's edits)
    std::vector<ImageEdit> AutoEdits;      // automatic redaction of this screenshot (sensitive areas): never undone
    std::vector<ImageEdit> Edits;          // the user's, in order
    std::vector<std::vector<ImageEdit>> EditsUndo, EditsRedo;   // snapshots of Edits
    struct EditorState
    {
        bool          Open = false;
        bool          Focus = false;       // focus the window on the next frame
        ImageEditKind Tool = ImageEditKind::Hide;
        float         Zoom = 1.0f;         // times the fit
        ImVec2        Pan = ImVec2(0, 0);  // screen pixels from centred
        bool          Marking = false;     // the left button is drawing an edit
        ImVec2        From = ImVec2(0, 0), To = ImVec2(0, 0);   // the edit being drawn, image pixels
        std::vector<unsigned int> Tiles;   // TextureOf at full size, bands of TileRows rows, one made a frame
        int           TileRows = 0;
        const RgbaImage* TextureOf = nullptr;
        bool          TextureFailed = false;
    } Editor;

    // sensitive areas (automatic redaction): window names, and screen rects marked this frame
    std::vector<std::string> SensitiveWindows;
    std::vector<ImVec4> SensitiveRects;    // screen coordinates, cleared at each ShowContactWindow
    int         SensitiveRectsFrame = -1;
    std::vector<ImageEdit> CaptureAutoEdits;   // recorded when the capture was read or queued

    // technical details known only on the render thread with GL current
    std::string GlVendor, GlRenderer, GlVersion;
    std::string Os;                        // OsDescription(), asked once at creation
    int         FramebufferWidth = 0, FramebufferHeight = 0;

    std::unique_ptr<Submitter> Worker;

    // Keyboard focus over the panel's controls (widgets.cpp KeyNavBegin/TabStop): the tab
    // stops drawn last frame in reading order, and a focus asked for by the panel itself.
    struct KeyNavState
    {
        struct Stop { std::string Key; ImGuiID Id; bool Text; };
        std::vector<Stop> Last, Building;  // last frame's tab stops; this frame's so far
        std::string Request;               // the control that takes the focus when next drawn
        int         RequestFrame = -1;     // when it was asked for (dropped after a few frames)
        bool        ShowCursor = false;    // show the focus rectangle once the moved focus landed
        bool        Outline = false;       // the panel outlines the focused control (until a mouse click)
        int         PopupFrame = -1;       // last frame one of the panel's combos was open
        int         ComboIndex = 0;        // the entry Up / Down highlight in the open combo (no host navigation)
        std::string OutcomeFocused;        // the ticket (or Q- reference) whose outcome view last took the focus
    } Nav;

    // Screen rectangles of the panel's main widgets, recorded each frame, so tests can
    // drive the panel through ImGui's real mouse input. Keys like "send", "type", "type:3".
    struct ItemRect { ImVec4 Rect; int Frame; };
    int LastShowFrame = -1;
    std::map<std::string, ItemRect> ItemRects;
};

// context.cpp: lifetime, host facts, hotkey, ShowContactWindow
bool HotkeyPressed(Context* ctx);
// The application pre-selected from where the user is (SetCurrentApplication), unless
// they picked one by hand: on open, on retake, on a new contact.
void FollowCurrentApplication(Context* ctx);

// capture.cpp: the screenshot pipeline (FrameRendered is public)
void RequestScreenshot(Context* ctx);            // hide the panel for a frame and capture at FrameRendered
void ClearScreenshot(Context* ctx);              // drops the screenshot, its texture and a capture on its way
// Replaces the screenshot; 'thumbnail' (owned from then on) is its texture, or 0 to make one from 'img' on the GPU.
void InstallScreenshot(Context* ctx, std::shared_ptr<RgbaImage> img, unsigned int thumbnail = 0);
void ReleaseCaptureGL(Context* ctx);             // DestroyContext: frees every GL object of the screenshot

// panel_editor.cpp: the full-size preview and editor, and the overlays of the edits
void DrawEditor(Context* ctx);                   // the editor window while ctx->Editor.Open
void OpenEditor(Context* ctx);
void ResetEdits(Context* ctx);                   // a new or no screenshot: no edits, editor closed, its texture freed
std::vector<ImageEdit> EditsToSend(const Context* ctx);   // AutoEdits then Edits
// Draws the screenshot's part 'view' (image pixels) with the edits as overlays, its top
// left at screen 'origin', 'scale' screen pixels per image pixel; 'tex' 0 = grey.
void DrawEditedImage(const Context* ctx, ImDrawList* dl, unsigned int tex, ImVec2 origin, float scale,
                     const PixelRect& view, bool show_outside_crop);
// The same with the picture as 'count' textures of 'tile_rows' rows each, top to bottom.
void DrawEditedImageTiles(const Context* ctx, ImDrawList* dl, const unsigned int* tiles, int count, int tile_rows,
                          ImVec2 origin, float scale, const PixelRect& view, bool show_outside_crop);
// Screen rects of the sensitive windows and areas this frame, as image pixels (main viewport)
std::vector<ImageEdit> SensitiveAreas(const Context* ctx);
// password_fields.cpp: screen rects of the ImGuiInputTextFlags_Password fields' text in the
// draw data of the frame just rendered (ImGui::GetDrawData(), call after Render); appended.
void AddPasswordFieldRects(std::vector<ImVec4>* out);

// events.cpp: the hand-over to the worker and the reducer of its events
void StartSend(Context* ctx);                    // validates and hands the report to the worker
void PollWorker(Context* ctx);                   // drain the worker's events
void MarkSeen(Context* ctx, const std::string& ticket);   // the user opened it: clears its Unseen mark (here and on disk)

// panel_validate.cpp: the form as it will be sent, and everything wrong with it
Form FormToSend(const Context* ctx);             // the draft with the host's organisation and email; no phone unless the type needs one
// ValidateForm(FormToSend(ctx)) plus what only the panel knows: characters this Dear ImGui
// build replaced with U+FFFD as they were typed (ErrorCode::UnsupportedCharacter).
std::vector<FieldError> ValidateDraft(const Context* ctx);
// How many characters of 'typed' the text input replaced with U+FFFD: with a 16-bit
// ImWchar, Dear ImGui turns every character above U+FFFF (emoji, many CJK and historic
// scripts) into U+FFFD before the panel sees it. 0 with a 32-bit ImWchar (IMGUI_USE_WCHAR32),
// where U+FFFD is only ever what the user typed or pasted.
size_t ReplacedAsTyped(const std::string& typed);
// Hands the form to the worker to keep as the draft when it changed: at most once a second,
// or at once with 'now' (the panel closes, DestroyContext); a form with nothing typed
// (message, reference, phone) removes the draft file instead. Called once a frame.
void KeepDraft(Context* ctx, bool now);
bool FormHasTypedText(const Context* ctx);       // message, reference or phone: what makes a draft worth keeping
void DiscardDraftForm(Context* ctx);             // "discard": empties the typed fields, the draft file goes
void SendQueuedNow(Context* ctx, const std::string& local_reference);   // "send now" of a queued report

// technical.cpp
TechnicalDetails CollectTechnical(const Context* ctx);
std::string DefaultDataDir();

// panel.cpp: the window and its tabs; panel_form.cpp, panel_outcome.cpp, panel_requests.cpp: the views
void DrawPanel(Context* ctx, bool* p_open);
void FormView(Context* ctx);
void SuccessView(Context* ctx);
void QueuedView(Context* ctx);
void MyRequestsView(Context* ctx);
void DrawNotice(Context* ctx, bool panel_open);         // the "delivered" toast next to the envelope (panel closed)
void NoticeBanner(Context* ctx);                         // the same inside the panel, while it is open
void DraftBanner(Context* ctx);                          // "unsent draft restored – discard" at the top of the form
void DrawAttachmentOutcomes(Context* ctx);               // what the last send did with the screenshot and each attachment
void RecordItemRect(Context* ctx, const char* key);      // last item's rect -> ItemRects (widgets.cpp)

// menu_icon.cpp
void DrawEnvelope(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 col, float thickness);

} // namespace ImContact
