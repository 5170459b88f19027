// imcontact: a "contact support / report a problem" panel for Dear ImGui + OpenGL programs.
//
// Usage (after ImGui::CreateContext() and your GL loader/backends are set up):
//
//   ImContact::Config cfg;
//   cfg.Endpoint         = "https://support.example.com";   // the imcontact receiver
//   cfg.AppName          = "My Tool"; cfg.AppVersion = "2.4.1";
//   cfg.Applications     = { "Editor", "Viewer", "Reports" };
//   cfg.GLGetProcAddress = (ImContact::GLLoaderFunc)glfwGetProcAddress;  // for screenshots
//   ImContact::Context* contact = ImContact::CreateContext(cfg);
//   ImContact::SetUser(contact, "Esimerkki Oy", "maija@example.fi");      // logged-in user (R4, R5)
//
//   // every frame, between ImGui::NewFrame() and ImGui::Render():
//   if (ImGui::BeginMainMenuBar()) { ...; ImContact::MenuContactButton(contact); ImGui::EndMainMenuBar(); }
//   ImContact::SetCurrentApplication(contact, "Viewer");   // what the user is looking at (R6)
//   ImContact::ShowContactWindow(contact, nullptr);        // draws the panel when open; watches the hotkey
//   ...
//   ImGui::Render(); ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
//   ImContact::FrameRendered(contact);   // after your last draw, before SwapBuffers: takes pending screenshots
//
//   // at exit, before ImGui::DestroyContext():
//   ImContact::DestroyContext(contact);  // bounded: returns within Config::ShutdownTimeoutMs
//
// The library draws with the host's ImGui context and never links ImGui; it reads GL
// entry points through Config::GLGetProcAddress and never replaces the host's loader.
// Thread-safety: every function here is for the render thread (the thread that owns
// the ImGui and GL contexts). Network, disk and PNG encoding run on the library's worker.
#pragma once

#ifdef IMCONTACT_USER_CONFIG
#include IMCONTACT_USER_CONFIG
#else
#include "imcontact_config.h"
#endif

#include "imcontact_automation.h"
#include "imcontact_locale.h"
#include "imcontact_model.h"
#include "imcontact_types.h"
#include "imcontact_version.h"

#include "imgui.h"

#include <string>
#include <vector>

#ifndef IMCONTACT_DEFAULT_SHUTDOWN_TIMEOUT_MS
#define IMCONTACT_DEFAULT_SHUTDOWN_TIMEOUT_MS 2000
#endif

typedef int ImContactFlags;   // -> enum ImContactFlags_

enum ImContactFlags_
{
    ImContactFlags_None             = 0,
    ImContactFlags_NoHotkey         = 1 << 0,   // do not watch Config::Hotkey
    ImContactFlags_NoScreenshot     = 1 << 1,   // never capture the framebuffer
    ImContactFlags_NoTracking       = 1 << 2,   // hide the "My requests" tab
    ImContactFlags_NoLanguageSwitch = 1 << 3,   // hide the fi/en switch in the panel
    ImContactFlags_NoTechnicalInfo  = 1 << 4,   // send no GL/OS details (the "what is sent" section says so)
    ImContactFlags_SyncCapture      = 1 << 5,   // read the screenshot synchronously (waits for the GPU in that frame)
    ImContactFlags_KeepPasswordFields = 1 << 6, // do not hide ImGuiInputTextFlags_Password fields' text in captures
};

namespace ImContact
{

struct Context;
typedef void* (*GLLoaderFunc)(const char* name);       // e.g. glfwGetProcAddress, SDL_GL_GetProcAddress
typedef void  (*ChangeDetailsFunc)(void* user_data);   // host opens its "my details" page (R5)

// Version differences: Dear ImGui 1.87 moved keyboard input to named keys.
#if IMGUI_VERSION_NUM >= 18700
typedef ImGuiKey HotkeyCode;                  // a named key, e.g. ImGuiKey_F8
#define IMCONTACT_DEFAULT_HOTKEY ImGuiKey_F8
#else
typedef int HotkeyCode;                       // the backend's native key index into io.KeysDown[]
#define IMCONTACT_DEFAULT_HOTKEY 297          // GLFW_KEY_F8 (imgui_impl_glfw stores GLFW key codes)
#endif

// Everything configurable, in one place. Copied by CreateContext().
struct Config
{
    std::string    Endpoint;               // receiver base URL, http:// or https:// only
    std::string    DataDir;                // "My requests" file lives here; empty = $XDG_DATA_HOME/imcontact or ~/.local/share/imcontact
    Language       UiLanguage = Language::Finnish;
    ImContactFlags Flags = ImContactFlags_None;
    HotkeyCode     Hotkey = IMCONTACT_DEFAULT_HOTKEY;   // opens the panel with a fresh screenshot (R1, R9)
    std::string    AppName;                // for the technical details
    std::string    AppVersion;
    std::vector<std::string> Applications;     // choices of "Sovellus" (R6)
    std::vector<std::string> SubApplications;  // choices of "Alisovellus"; "Raportti"/"Report" is always offered
    ImContact::Limits Limits;
    // How the screenshot is encoded (on the worker): Auto = lossless PNG for UI-like
    // frames, lossy WebP for photographic ones; Lossless = always PNG. A frame over
    // Limits.ScreenshotMaxBytes is stepped down (quality, then resolution) either way.
    ImContact::ScreenshotCodec ScreenshotCodec = ImContact::ScreenshotCodec::Auto;
    // The host's files attached to every report (AttachmentSource, imcontact_types.h: a
    // file, e.g. the tail of its log, or a callback), listed in "what is sent" with a
    // checkbox each (ticked; the user can untick). Read on the library's worker when the
    // user sends (never on the render thread), saved with the report in the outbox; after
    // sending the panel says what was done with each (sent, shortened, not attached: why).
    std::vector<AttachmentSource> Attachments;
    // The only directories a file source may be read from (checked after resolving
    // symlinks: "../" or a link out of them is refused, unread).
    std::vector<std::string> AttachmentDirs;
    long           ConnectTimeoutMs  = 5000;
    long           TotalTimeoutMs    = 30000;
    int            ShutdownTimeoutMs = IMCONTACT_DEFAULT_SHUTDOWN_TIMEOUT_MS;
    std::string    CaBundlePath;           // empty = system certificates (peer verification is always on)
    // Offline: reports are saved in DataDir/outbox before sending and retried until delivered.
    RetryPolicy    Retry;                  // backoff between attempts (Retry-After is honoured, capped)
    size_t         OutboxMaxReports = 100; // beyond these a new report is refused with a clear message
    uint64_t       OutboxMaxBytes   = 256ull * 1024 * 1024;
    // While the panel is open (and once when it opens) the library's worker asks the
    // receiver about the open tickets of "My requests" this often (conditional requests:
    // an unchanged ticket costs a 304), backing off per Retry while it cannot be reached.
    // <= 0: only when the user presses "Päivitä tilat".
    int            StatusRefreshIntervalMs = 45000;
    GLLoaderFunc   GLGetProcAddress = nullptr;  // null = no screenshots
    unsigned int   CaptureFramebuffer = 0;      // GL framebuffer to read screenshots from (0 = default)
    ChangeDetailsFunc OnChangeDetails = nullptr; // null = the panel only says where details are changed
    // The panel window's background opacity (0..1; ImGuiCol_WindowBg's colour with this
    // alpha). 1 = opaque (default): the host's UI never shows through the panel. A host
    // that wants its style's own alpha sets a negative value (the style is used as is).
    float          WindowBgAlpha = 1.0f;
    void*          UserData = nullptr;
};

// Create after ImGui::CreateContext(); destroy before ImGui::DestroyContext(), with the
// GL context still current (DestroyContext deletes the screenshot's thumbnail texture
// and the capture's pixel-pack buffer).
// DestroyContext returns false if a send in flight had to be abandoned at the timeout
// (it is cancelled; the worker then stops on its own).
//
// CreateContext first checks that the panel was compiled with the Dear ImGui the host
// uses: the same IMGUI_VERSION_NUM and data layout (sizeof ImGuiIO, ImGuiStyle,
// ImDrawVert, ImDrawIdx, ImWchar: the host's imconfig / IMGUI_USER_CONFIG,
// IMGUI_USE_WCHAR32, ImDrawIdx) as the calling code, then runs IMGUI_CHECKVERSION()
// against the linked ImGui. On a mismatch it returns null and writes what differs to
// stderr (and to *error when given): compile the panel with your ImGui target
// (IMCONTACT_IMGUI_TARGET, or imcontact_add_overlay(); README, "Embedding the panel").
// The check is static inline so that each translation unit takes its own sizes (an
// ordinary inline function would be merged by the linker into one copy for all).
struct ImGuiLayout
{
    int    VersionNum = 0;
    size_t SizeofIO = 0, SizeofStyle = 0, SizeofDrawVert = 0, SizeofDrawIdx = 0, SizeofWchar = 0;
};
#define IMCONTACT_IMGUI_LAYOUT_HERE() \
    ImContact::ImGuiLayout{ IMGUI_VERSION_NUM, sizeof(ImGuiIO), sizeof(ImGuiStyle), sizeof(ImDrawVert), sizeof(ImDrawIdx), sizeof(ImWchar) }
Context* CreateContextForLayout(const Config& config, const ImGuiLayout& caller, std::string* error = nullptr);
static inline Context* CreateContext(const Config& config, std::string* error = nullptr)
{
    return CreateContextForLayout(config, IMCONTACT_IMGUI_LAYOUT_HERE(), error);
}
ImGuiLayout CompiledImGuiLayout();   // what the panel was compiled with
bool     DestroyContext(Context* ctx);

// Host-supplied facts, any time (render thread).
void SetUser(Context* ctx, const char* organisation, const char* email);   // R4, R5
void SetCurrentApplication(Context* ctx, const char* application);         // pre-selects "Sovellus" on open (R6)
void SetLanguage(Context* ctx, Language lang);
Language GetLanguage(Context* ctx);

// Draw the panel. Call once a frame, always (also while closed: it watches the hotkey
// and polls the worker). p_open: the host's open flag (shows a close button, is set to
// true by the hotkey and the menu), or null to let the library keep the state.
void ShowContactWindow(Context* ctx, bool* p_open = nullptr);

// The envelope icon (drawn with ImDrawList, no icon font) for the host's menu bar,
// between BeginMainMenuBar()/BeginMenuBar() and the End call. Returns true when clicked;
// it then opens the panel with a fresh screenshot. MenuItemContact() is the same as a
// menu item ("✉ Yhteydenotto") for use inside a menu.
bool MenuContactButton(Context* ctx);
bool MenuItemContact(Context* ctx);

// Open the panel programmatically, optionally taking a fresh screenshot first.
void Open(Context* ctx, bool take_screenshot = true);
bool IsOpen(Context* ctx);

// Automatic redaction (render thread): areas of the host's frame that are hidden (solid
// black) in every screenshot before the user sees it; the panel says how many were hidden
// and the user cannot show them. Only the main viewport is captured.
//   ImContact::MarkSensitiveWindow(ctx, "Asiakkaat");   // once: that window, wherever it is
//   ImGui::Begin("Laskut"); ImContact::MarkSensitiveCurrentWindow(ctx); ... ImGui::End();
//   ImGui::InputText("##iban", buf, n); ImContact::MarkSensitiveItem(ctx);   // password fields need no call
// MarkSensitiveWindow: by the window's name as given to Begin (with any "##" or "###"
// part), kept until UnmarkSensitiveWindow; hidden whenever it was drawn in the captured
// frame. The others mark for the current frame only (call them every frame, before
// FrameRendered): the current window's rect (between Begin and End), the last item's rect,
// or a rect in screen coordinates (as ImGui's: framebuffer pixels are worked out with
// io.DisplayFramebufferScale).
// ImGuiInputTextFlags_Password fields are hidden without any call (unless
// ImContactFlags_KeepPasswordFields), focused or not: in the captured frame's draw data
// the library finds the runs of quads drawn with the glyph that Dear ImGui draws a
// password's characters with (the font's '*', or its fallback glyph if it has none) and
// hides each run padded to about a line. Cost: one pass over the main viewport's vertices,
// testing each UV against a handful of rects, in the capture's frame only (nothing in other
// frames; measured 0.38 ms for a 9,700-vertex frame on a loaded 2-core machine, 0.025x a
// memcpy of a 1080p frame in the same run). What it gets wrong: any other text made of that glyph (a literal '*', a
// "Required *" mark) is hidden too; the box is the text's, not the field's frame, so its
// width shows about how many characters there are (MarkSensitiveItem after the field hides
// the whole frame); a password drawn with a font of another ImFontAtlas than io.Fonts, or
// (1.92+) in a frame in which the atlas texture was rebuilt after the field was drawn, is
// not found: mark such fields with MarkSensitiveItem.
void MarkSensitiveWindow(Context* ctx, const char* window_name);
void UnmarkSensitiveWindow(Context* ctx, const char* window_name);
void MarkSensitiveCurrentWindow(Context* ctx);
void MarkSensitiveItem(Context* ctx);
void MarkSensitiveRect(Context* ctx, ImVec2 min, ImVec2 max);

// Call after the frame is completely rendered and before swapping buffers, every frame.
// When a screenshot is pending (hotkey, menu, "retake") it reads the framebuffer here, so
// the screenshot is the frame as the user saw it, without the panel. On OpenGL 3.2+ /
// ES 3.0+ the read is queued into a pixel-pack buffer with a fence and never waits for
// the GPU; a later FrameRendered (usually the next) picks the pixels up, and the panel
// shows "taking the screenshot" until then. Older contexts, or ImContactFlags_SyncCapture,
// read synchronously. Costs nothing when no screenshot is pending.
void FrameRendered(Context* ctx);

// The ticket list and status of the last send, for hosts that show them elsewhere.
const char* LastTicketNumber(Context* ctx);    // "" if none yet this session
const std::vector<LocalTicket>& GetTickets(Context* ctx);   // "My requests", oldest first
bool IsSending(Context* ctx);                  // a send is in flight
// Tickets of "My requests" whose status or history changed since the user last opened
// them in the panel (LocalTicket::Unseen; kept across restarts), e.g. for the host's own
// badge. MenuContactButton() shows the same count on the envelope.
int  UnreadCount(Context* ctx);

// Automation: the screen rectangle of one of the library's widgets as drawn in the
// last frame, named by ImContact::ItemKey (imcontact_automation.h: ItemKey::Send,
// ItemKeyIndexed(ItemKey::Type, 3), ItemKeyFor(ItemKey::Row, ticket), ...), for scripted sessions and tests that drive the panel through ImGui's
// real mouse and keyboard input. The rect is the widget's visible part; false if the
// widget was not drawn in the last frame or is scrolled out of view.
bool GetItemRect(Context* ctx, const char* key, ImVec2* min, ImVec2* max);

} // namespace ImContact
