// Context lifetime, the host's facts, the hotkey and ShowContactWindow (once a frame).
#include "imcontact_internal.h"
#include "imcontact/internal/system_info.h"
#include "imcontact/internal/gl_texture.h"

#include <algorithm>
#include <cstdio>

namespace ImContact
{

ImGuiLayout CompiledImGuiLayout() { return IMCONTACT_IMGUI_LAYOUT_HERE(); }

// A sentence naming every difference, or "" when the layouts agree.
static std::string LayoutMismatch(const ImGuiLayout& panel, const ImGuiLayout& caller)
{
    std::string out;
    auto diff = [&](const char* what, size_t p, size_t c) {
        if (p == c) return;
        out += std::string(out.empty() ? "" : ", ") + what + " " + std::to_string(p) + " in the panel, " +
               std::to_string(c) + " in the host";
    };
    diff("IMGUI_VERSION_NUM", static_cast<size_t>(panel.VersionNum), static_cast<size_t>(caller.VersionNum));
    diff("sizeof(ImGuiIO)", panel.SizeofIO, caller.SizeofIO);
    diff("sizeof(ImGuiStyle)", panel.SizeofStyle, caller.SizeofStyle);
    diff("sizeof(ImDrawVert)", panel.SizeofDrawVert, caller.SizeofDrawVert);
    diff("sizeof(ImDrawIdx)", panel.SizeofDrawIdx, caller.SizeofDrawIdx);
    diff("sizeof(ImWchar)", panel.SizeofWchar, caller.SizeofWchar);
    return out;
}

Context* CreateContextForLayout(const Config& config, const ImGuiLayout& caller, std::string* error)
{
    IM_ASSERT(ImGui::GetCurrentContext() != nullptr && "Create the ImGui context before ImContact::CreateContext()");
    const std::string mismatch = LayoutMismatch(CompiledImGuiLayout(), caller);
    if (!mismatch.empty())
    {
        const std::string text = "ImContact::CreateContext: the panel was compiled with another Dear ImGui "
                                 "configuration than the host (" + mismatch + "); compile it with the host's "
                                 "ImGui target (IMCONTACT_IMGUI_TARGET or imcontact_add_overlay)";
        std::fprintf(stderr, "%s\n", text.c_str());
        if (error) *error = text;
        return nullptr;
    }
    // The panel's view against the linked ImGui (imgui.cpp), as every ImGui user does.
    if (!IMGUI_CHECKVERSION())
    {
        const std::string text = std::string("ImContact::CreateContext: the panel was compiled against Dear ImGui ") +
                                 IMGUI_VERSION + " but the linked ImGui is " + ImGui::GetVersion() +
                                 " or has another data layout";
        std::fprintf(stderr, "%s\n", text.c_str());
        if (error) *error = text;
        return nullptr;
    }
    if (error) error->clear();
    Context* ctx = new Context();
    ctx->Cfg = config;
    ctx->Lang = config.UiLanguage;
#ifdef IMCONTACT_DEFAULT_ENDPOINT
    if (ctx->Cfg.Endpoint.empty()) ctx->Cfg.Endpoint = IMCONTACT_DEFAULT_ENDPOINT;
#endif
    if (ctx->Cfg.DataDir.empty()) ctx->Cfg.DataDir = DefaultDataDir();
    ctx->Os = OsDescription();
    if (!ctx->Cfg.Applications.empty()) ctx->Draft.Application = ctx->Cfg.Applications.front();
    ctx->AttachInclude.assign(ctx->Cfg.Attachments.size(), true);

    SubmitterConfig sc;
    sc.Endpoint = ctx->Cfg.Endpoint;
    sc.DataDir = ctx->Cfg.DataDir;
    sc.ConnectTimeoutMs = ctx->Cfg.ConnectTimeoutMs;
    sc.TotalTimeoutMs = ctx->Cfg.TotalTimeoutMs;
    sc.CaBundlePath = ctx->Cfg.CaBundlePath;
    sc.Limits = ctx->Cfg.Limits;
    sc.ScreenshotCodec = ctx->Cfg.ScreenshotCodec;
    sc.Attachments = ctx->Cfg.Attachments;
    sc.AttachmentDirs = ctx->Cfg.AttachmentDirs;
    sc.Retry = ctx->Cfg.Retry;
    sc.OutboxMaxReports = ctx->Cfg.OutboxMaxReports;
    sc.OutboxMaxBytes = ctx->Cfg.OutboxMaxBytes;
    sc.StatusRefreshIntervalMs = ctx->Cfg.StatusRefreshIntervalMs;
    if (!ctx->Cfg.AppName.empty()) sc.UserAgent = std::string(IMCONTACT_USER_AGENT) + " (" + ctx->Cfg.AppName + ")";
    ctx->Worker.reset(new Submitter(sc));   // loads "My requests" on its own thread
    ctx->Worker->LoadDraft();               // and the unsent draft of an earlier run (DraftLoaded)
    return ctx;
}

bool DestroyContext(Context* ctx)
{
    if (!ctx) return true;
    if (ctx->Worker) KeepDraft(ctx, true);   // the last keystrokes too: Shutdown still writes it
    const bool stopped = ctx->Worker ? ctx->Worker->Shutdown(ctx->Cfg.ShutdownTimeoutMs) : true;
    ctx->Worker.reset();
    ReleaseCaptureGL(ctx);
    delete ctx;
    return stopped;
}

void SetUser(Context* ctx, const char* organisation, const char* email)
{
    ctx->Organisation = organisation ? organisation : "";
    ctx->Email = email ? email : "";
}

void SetCurrentApplication(Context* ctx, const char* application)
{
    ctx->CurrentApplication = application ? application : "";
}

void SetLanguage(Context* ctx, Language lang) { ctx->Lang = lang; }
Language GetLanguage(Context* ctx) { return ctx->Lang; }

bool IsOpen(Context* ctx) { return ctx->OpenInternal; }

const char* LastTicketNumber(Context* ctx) { return ctx->LastReceipt.Ticket.c_str(); }
const std::vector<LocalTicket>& GetTickets(Context* ctx) { return ctx->Tickets; }
bool IsSending(Context* ctx) { return ctx->SendJob != 0; }

bool GetItemRect(Context* ctx, const char* key, ImVec2* min, ImVec2* max)
{
    auto it = ctx->ItemRects.find(key);
    // Drawn in the frame of the latest ShowContactWindow() call or later (menu items may be
    // drawn before the panel in the same frame).
    if (it == ctx->ItemRects.end() || it->second.Frame < ctx->LastShowFrame) return false;
    *min = ImVec2(it->second.Rect.x, it->second.Rect.y);
    *max = ImVec2(it->second.Rect.z, it->second.Rect.w);
    return true;
}

void MarkSensitiveWindow(Context* ctx, const char* window_name)
{
    if (!window_name || !*window_name) return;
    for (const std::string& n : ctx->SensitiveWindows)
        if (n == window_name) return;
    ctx->SensitiveWindows.push_back(window_name);
}

void UnmarkSensitiveWindow(Context* ctx, const char* window_name)
{
    auto& v = ctx->SensitiveWindows;
    v.erase(std::remove(v.begin(), v.end(), std::string(window_name ? window_name : "")), v.end());
}

void MarkSensitiveRect(Context* ctx, ImVec2 min, ImVec2 max)
{
    if (ctx->SensitiveRectsFrame != ImGui::GetFrameCount())
    {
        ctx->SensitiveRects.clear();
        ctx->SensitiveRectsFrame = ImGui::GetFrameCount();
    }
    ctx->SensitiveRects.push_back(ImVec4(min.x, min.y, max.x, max.y));
}

void MarkSensitiveCurrentWindow(Context* ctx)
{
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    MarkSensitiveRect(ctx, pos, ImVec2(pos.x + size.x, pos.y + size.y));
}

void MarkSensitiveItem(Context* ctx)
{
    MarkSensitiveRect(ctx, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

void Open(Context* ctx, bool take_screenshot)
{
    ctx->WantOpen = true;
    if (take_screenshot && !(ctx->Cfg.Flags & ImContactFlags_NoScreenshot)) RequestScreenshot(ctx);
}

void FollowCurrentApplication(Context* ctx)
{
    if (!ctx->ApplicationByHand && !ctx->CurrentApplication.empty()) ctx->Draft.Application = ctx->CurrentApplication;
}

bool HotkeyPressed(Context* ctx)
{
#ifdef IMCONTACT_DISABLE_HOTKEY
    (void)ctx;
    return false;
#else
    if (ctx->Cfg.Flags & ImContactFlags_NoHotkey) return false;
#if IMGUI_VERSION_NUM >= 18700
    return ImGui::IsKeyPressed(ctx->Cfg.Hotkey, false);
#else
    const int key = ctx->Cfg.Hotkey;
    if (key < 0 || key >= IM_ARRAYSIZE(ImGui::GetIO().KeysDown)) return false;
    return ImGui::IsKeyPressed(key, false);
#endif
#endif
}

void ShowContactWindow(Context* ctx, bool* p_open)
{
    ctx->LastShowFrame = ImGui::GetFrameCount();
    PollWorker(ctx);
    bool& open = p_open ? *p_open : ctx->OpenInternal;
    if (HotkeyPressed(ctx)) Open(ctx, true);

    if (ctx->WantOpen)
    {
        // Wait for the screenshot; if the host never calls FrameRendered(), open without one.
        const bool capture_stuck = ctx->CapturePending && ImGui::GetFrameCount() > ctx->CaptureAtFrame + 2;
        if (capture_stuck)
        {
            ctx->CapturePending = false;
            ctx->CaptureError = "FrameRendered() is not called";
        }
        if (!ctx->CapturePending)
        {
            ctx->WantOpen = false;
            if (!open)
            {
                // Application pre-selected from where the panel was opened (R6), unless the user picked one.
                FollowCurrentApplication(ctx);
                if (ctx->View == PanelView::Success) ctx->View = PanelView::Form;
            }
            open = true;
            ctx->FocusOnOpen = true;
        }
    }
    ctx->OpenInternal = open;
    DrawNotice(ctx, open);
    KeepDraft(ctx, false);   // hands a changed form to the worker, at most once a second
    if (!open || ctx->CapturePending) return;   // hidden while a screenshot is being taken
    DrawPanel(ctx, &open);
    ctx->OpenInternal = open;
    if (open) DrawEditor(ctx);
    else
    {
        ctx->Editor.Open = false;
        KeepDraft(ctx, true);   // closed: what was typed is on its way to the disk now
    }
}

} // namespace ImContact
