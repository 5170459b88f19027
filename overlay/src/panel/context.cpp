// Context lifetime, hotkey, screenshot scheduling and the hand-over to the worker.
#include "imcontact_internal.h"
#include "imcontact/internal/system_info.h"
#include "imcontact/internal/gl_texture.h"
#include "imcontact/internal/image_downscale.h"

#include <cmath>
#include <cstdio>
#include <utility>

namespace ImContact
{

Context* CreateContext(const Config& config)
{
    IM_ASSERT(ImGui::GetCurrentContext() != nullptr && "Create the ImGui context before ImContact::CreateContext()");
    Context* ctx = new Context();
    ctx->Cfg = config;
    ctx->Lang = config.UiLanguage;
#ifdef IMCONTACT_DEFAULT_ENDPOINT
    if (ctx->Cfg.Endpoint.empty()) ctx->Cfg.Endpoint = IMCONTACT_DEFAULT_ENDPOINT;
#endif
    if (ctx->Cfg.DataDir.empty()) ctx->Cfg.DataDir = DefaultDataDir();
    ctx->Os = OsDescription();
    if (!ctx->Cfg.Applications.empty()) ctx->Draft.Application = ctx->Cfg.Applications.front();

    SubmitterConfig sc;
    sc.Endpoint = ctx->Cfg.Endpoint;
    sc.DataDir = ctx->Cfg.DataDir;
    sc.ConnectTimeoutMs = ctx->Cfg.ConnectTimeoutMs;
    sc.TotalTimeoutMs = ctx->Cfg.TotalTimeoutMs;
    sc.CaBundlePath = ctx->Cfg.CaBundlePath;
    sc.Limits = ctx->Cfg.Limits;
    sc.Retry = ctx->Cfg.Retry;
    sc.OutboxMaxReports = ctx->Cfg.OutboxMaxReports;
    sc.OutboxMaxBytes = ctx->Cfg.OutboxMaxBytes;
    if (!ctx->Cfg.AppName.empty()) sc.UserAgent = std::string(IMCONTACT_USER_AGENT) + " (" + ctx->Cfg.AppName + ")";
    ctx->Worker.reset(new Submitter(sc));   // loads "My requests" on its own thread
    return ctx;
}

bool DestroyContext(Context* ctx)
{
    if (!ctx) return true;
    const bool stopped = ctx->Worker ? ctx->Worker->Shutdown(ctx->Cfg.ShutdownTimeoutMs) : true;
    ctx->Worker.reset();
    if (ctx->ShotTexture && ctx->GLReady) DeleteTexture(ctx->GL, ctx->ShotTexture);
    if (ctx->GLReady) ctx->Readback.Release(ctx->GL);
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

void Open(Context* ctx, bool take_screenshot)
{
    ctx->WantOpen = true;
    if (take_screenshot && !(ctx->Cfg.Flags & ImContactFlags_NoScreenshot)) RequestScreenshot(ctx);
}

void RequestScreenshot(Context* ctx)
{
    // Capture at the end of the *next* frame: the frame being built now may still show
    // the panel (retake) or the menu that opened it; the next one shows neither.
    ctx->CapturePending = true;
    ctx->CaptureAtFrame = ImGui::GetFrameCount() + 1;
    ctx->CaptureError.clear();
}

void ClearScreenshot(Context* ctx)
{
    if (ctx->GLReady) ctx->Readback.Cancel(ctx->GL);   // a capture still on its way is dropped too
    if (ctx->ShotTexture && ctx->GLReady) DeleteTexture(ctx->GL, ctx->ShotTexture);
    ctx->ShotTexture = 0;
    ctx->Shot.reset();
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

static void EnsureGL(Context* ctx)
{
    if (ctx->GLReady || ctx->GLFailed) return;
    if (!ctx->Cfg.GLGetProcAddress)
    {
        ctx->GLFailed = true;
        ctx->GLError = "no GL loader given (Config::GLGetProcAddress)";
        return;
    }
    if (!LoadGLApi(ctx->Cfg.GLGetProcAddress, &ctx->GL, &ctx->GLError))
    {
        ctx->GLFailed = true;
        return;
    }
    ctx->GLReady = true;
    auto str = [&](unsigned int name) {
        const unsigned char* s = ctx->GL.GetString(name);
        return s ? std::string(reinterpret_cast<const char*>(s)) : std::string();
    };
    ctx->GlVendor = str(0x1F00);    // GL_VENDOR
    ctx->GlRenderer = str(0x1F01);  // GL_RENDERER
    ctx->GlVersion = str(0x1F02);   // GL_VERSION
}

// The thumbnail's longer side at most: twice the 16 em it is drawn at, for HiDPI.
static const int ThumbnailMaxSide = 640;

// The thumbnail texture (render thread): made from a copy shrunk by a box filter, so the
// upload is a fraction of the screenshot's size; the screenshot itself is sent whole.
static unsigned int MakeThumbnailTexture(Context* ctx, const RgbaImage& img, std::string* err)
{
    const int factor = DownscaleFactor(img.Width, img.Height, ThumbnailMaxSide);
    if (factor <= 1) return CreateTextureRGBA(ctx->GL, img, err);
    return CreateTextureRGBA(ctx->GL, DownscaleBox(img, factor), err);
}

// A new screenshot replaces the old one; its thumbnail texture is made here, on the
// render thread.
static void InstallScreenshot(Context* ctx, std::shared_ptr<RgbaImage> img)
{
    ClearScreenshot(ctx);   // never keep an older screenshot next to a new one
    std::string err;
    ctx->ShotTexture = MakeThumbnailTexture(ctx, *img, &err);
    ctx->Shot = std::move(img);
    if (!ctx->ShotTexture) ctx->CaptureError = err;
    ctx->AttachScreenshot = true;
}

// Frames a queued capture may take before it is given up: a GPU that has not finished a
// frame after this many has hung or lost its context.
static const int ReadbackMaxFrames = 120;

static void PollReadback(Context* ctx)
{
    std::shared_ptr<RgbaImage> img = std::make_shared<RgbaImage>();
    std::string err;
    switch (ctx->Readback.Poll(ctx->GL, img.get(), &err))
    {
    case AsyncCapturePoll::Ready:
        InstallScreenshot(ctx, std::move(img));
        break;
    case AsyncCapturePoll::Failed:
        ctx->CaptureError = err;
        break;
    case AsyncCapturePoll::Pending:
        if (ImGui::GetFrameCount() - ctx->ReadbackStartFrame > ReadbackMaxFrames)
        {
            ctx->Readback.Cancel(ctx->GL);
            ctx->CaptureError = "ImContact: asynchronous capture: the GPU did not finish the frame within " +
                                std::to_string(ReadbackMaxFrames) + " frames";
        }
        break;
    case AsyncCapturePoll::Idle:
        break;
    }
}

void FrameRendered(Context* ctx)
{
    const ImGuiIO& io = ImGui::GetIO();
    ctx->FramebufferWidth = static_cast<int>(std::lround(io.DisplaySize.x * io.DisplayFramebufferScale.x));
    ctx->FramebufferHeight = static_cast<int>(std::lround(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    ctx->LastFrameRendered = ImGui::GetFrameCount();
    EnsureGL(ctx);
    if (ctx->GLReady && ctx->Readback.Pending()) PollReadback(ctx);
    if (!ctx->CapturePending || ImGui::GetFrameCount() < ctx->CaptureAtFrame) return;
    ctx->CapturePending = false;
    if (!ctx->GLReady)
    {
        ctx->CaptureError = ctx->GLError;
        return;
    }
    std::string err;
    if (ctx->GL.HasAsyncReadback && !(ctx->Cfg.Flags & ImContactFlags_SyncCapture))
    {
        // Queued, not waited for: the pixels arrive at a later FrameRendered. Until then the
        // panel shows no screenshot (never the previous one).
        ClearScreenshot(ctx);
        if (ctx->Readback.Start(ctx->GL, ctx->Cfg.CaptureFramebuffer, ctx->FramebufferWidth, ctx->FramebufferHeight, &err))
            ctx->ReadbackStartFrame = ImGui::GetFrameCount();
        else
            ctx->CaptureError = err;
        return;
    }
    std::shared_ptr<RgbaImage> img = std::make_shared<RgbaImage>();
    if (!CaptureFramebuffer(ctx->GL, ctx->Cfg.CaptureFramebuffer, ctx->FramebufferWidth, ctx->FramebufferHeight, img.get(), &err))
    {
        ctx->CaptureError = err;
        return;
    }
    InstallScreenshot(ctx, std::move(img));
}

void StartSend(Context* ctx)
{
    if (ctx->Readback.Pending()) return;   // the screenshot the user sees coming is not there yet
    Report r;
    r.Fields = ctx->Draft;
    r.Fields.Organisation = ctx->Organisation;
    r.Fields.Email = ctx->Email;
    if (!TypeRequiresPhone(r.Fields.Type)) r.Fields.Phone.clear();
    r.Language = LanguageCode(ctx->Lang);
    r.Technical = CollectTechnical(ctx);
    std::shared_ptr<const RgbaImage> shot;
    if (ctx->AttachScreenshot && ctx->Shot) shot = ctx->Shot;   // shared, not copied: the form keeps it for a retry
    ctx->LastFailure = SubmitterEvent();
    ctx->CopiedTicket = false;
    if (!ctx->ReplacesRef.empty())
        ctx->SendJob = ctx->Worker->SubmitReplacement(std::move(r), std::move(shot), ctx->ReplacesRef);
    else
        ctx->SendJob = ctx->Worker->SubmitReport(std::move(r), std::move(shot));
}

void PollWorker(Context* ctx)
{
    SubmitterEvent ev;
    while (ctx->Worker->PollEvent(&ev))
    {
        switch (ev.What)
        {
        case SubmitterEvent::Kind::TicketsLoaded:
            ctx->Tickets = ev.Tickets;
            ctx->TicketsFileProblem = ev.Ok ? std::string() : ev.Detail;
            break;
        case SubmitterEvent::Kind::StatusFinished:
            if (ctx->StatusJobsPending > 0) ctx->StatusJobsPending--;
            break;
        case SubmitterEvent::Kind::SendFinished:
            if (ev.Job != ctx->SendJob) break;
            ctx->SendJob = 0;
            if (ev.Ok || ev.Queued)
            {
                // Delivered, or saved in the outbox to be sent automatically: either way the
                // report is safe and the next contact starts from a clean form.
                if (ev.Ok) ctx->LastReceipt = ev.Receipt;
                ctx->LastQueuedRef = ev.Ok ? std::string() : ev.LocalReference;
                ctx->View = ev.Ok ? PanelView::Success : PanelView::Queued;
                ctx->Draft.Message.clear();
                ctx->Draft.Reference.clear();
                ctx->Draft.Phone.clear();
                ctx->ReplacesRef.clear();
                ClearScreenshot(ctx);
                ctx->ShowErrors = false;
                for (bool& t : ctx->Touched) t = false;
            }
            else
            {
                ctx->LastFailure = ev;   // the form keeps every field
                // A rejected report stays in the outbox (needs attention): sending the edited
                // form again replaces it rather than leaving both.
                if (!ev.LocalReference.empty()) ctx->ReplacesRef = ev.LocalReference;
            }
            break;
        case SubmitterEvent::Kind::OutboxChanged:
            ctx->Outbox = ev.Outbox;
            break;
        case SubmitterEvent::Kind::Delivered:
        {
            char buf[256];
            std::snprintf(buf, sizeof(buf), Tr(ctx->Lang, Str::DeliveredNotice), ev.LocalReference.c_str(), ev.Receipt.Ticket.c_str());
            ctx->Notice = buf;
            ctx->NoticeUntil = ImGui::GetTime() + 8.0;
            if (ctx->View == PanelView::Queued && ctx->LastQueuedRef == ev.LocalReference)
            {
                ctx->LastReceipt = ev.Receipt;
                ctx->View = PanelView::Success;
            }
            break;
        }
        case SubmitterEvent::Kind::ReportRestored:
        {
            // "Edit and send again": the saved report back in the form, with its screenshot.
            ctx->Draft = ev.Restored.Fields;
            ctx->ReplacesRef = ev.LocalReference;
            ClearScreenshot(ctx);
            if (!ev.RestoredScreenshot.Empty())
            {
                std::shared_ptr<RgbaImage> img = std::make_shared<RgbaImage>(std::move(ev.RestoredScreenshot));
                if (ctx->GLReady)
                {
                    std::string err;
                    ctx->ShotTexture = MakeThumbnailTexture(ctx, *img, &err);
                }
                ctx->Shot = std::move(img);
            }
            ctx->AttachScreenshot = ctx->Shot != nullptr;
            ctx->LastFailure = SubmitterEvent();
            ctx->View = PanelView::Form;
            ctx->Tab = 0;
            ctx->SelectTab = true;
            break;
        }
        case SubmitterEvent::Kind::Quarantined:
            ctx->OutboxNote = ev.Detail;
            break;
        }
    }
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
                // Application pre-selected from where the panel was opened (R6), unless a draft is in progress.
                if (ctx->Draft.Message.empty() && !ctx->CurrentApplication.empty())
                    ctx->Draft.Application = ctx->CurrentApplication;
                if (ctx->View == PanelView::Success) ctx->View = PanelView::Form;
            }
            open = true;
            ctx->FocusOnOpen = true;
        }
    }
    ctx->OpenInternal = open;
    DrawNotice(ctx);
    if (!open || ctx->CapturePending) return;   // hidden while a screenshot is being taken
    DrawPanel(ctx, &open);
    ctx->OpenInternal = open;
}

} // namespace ImContact
