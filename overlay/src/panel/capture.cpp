// The screenshot pipeline (render thread): a capture requested by the hotkey, the menu
// or "retake" is read at the end of the next frame in FrameRendered(), asynchronously
// on GL 3.2+ / ES 3.0+ (pixel-pack buffer + fence; mapped in a later FrameRendered and
// copied by the capture's helper thread, picked up when that is done), synchronously
// otherwise. The thumbnail texture is blitted on the GPU from the same frame, in the frame
// of the read (ThumbnailBlitter): the render thread never passes over the pixels.
#include "imcontact_internal.h"
#include "imcontact/internal/gl_texture.h"

#include <cmath>
#include <string>
#include <utility>

namespace ImContact
{

void RequestScreenshot(Context* ctx)
{
    // Capture at the end of the *next* frame: the frame being built now may still show
    // the panel (retake) or the menu that opened it; the next one shows neither.
    ctx->CapturePending = true;
    ctx->CaptureAtFrame = ImGui::GetFrameCount() + 1;
    ctx->CaptureError.clear();
    FollowCurrentApplication(ctx);   // the screenshot and the form's application agree
}

void ClearScreenshot(Context* ctx)
{
    if (ctx->GLReady)
    {
        ctx->Readback.Cancel(ctx->GL);   // a capture still on its way is dropped too
        DeleteTexture(ctx->GL, ctx->ShotTexture);
        DeleteTexture(ctx->GL, ctx->PendingThumbnail);
    }
    ctx->ShotTexture = 0;
    ctx->PendingThumbnail = 0;
    ctx->Shot.reset();
    ResetEdits(ctx);   // the edits were of that screenshot
}

void ReleaseCaptureGL(Context* ctx)
{
    ClearScreenshot(ctx);
    if (!ctx->GLReady) return;
    ctx->Readback.Release(ctx->GL);
    ctx->Thumbs.Release(ctx->GL);
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
    // The thumbnail's blits once now, at the host's first frame: a driver that compiles its
    // blit programs on first use does it here rather than in the capture's frame.
    std::string err;
    ctx->Thumbs.WarmUp(ctx->GL, ctx->Cfg.CaptureFramebuffer, ctx->FramebufferWidth, ctx->FramebufferHeight, &err);
}

// The thumbnail's longer side at most: twice the 16 em it is drawn at, for HiDPI. The
// frame is halved until it fits (1920x1080: 480x270).
static const int ThumbnailMaxSide = 640;

// A new screenshot (captured, or restored with a queued report) replaces the old one. A
// capture brings its thumbnail, blitted from the frame; a restored one is uploaded once and
// shrunk on the GPU here (render thread, when GL is available).
void InstallScreenshot(Context* ctx, std::shared_ptr<RgbaImage> img, unsigned int thumbnail)
{
    ClearScreenshot(ctx);   // never keep an older screenshot next to a new one
    if (ctx->GLReady)
    {
        std::string err;
        ctx->ShotTexture = thumbnail ? thumbnail : ctx->Thumbs.FromImage(ctx->GL, *img, ThumbnailMaxSide, &err);
        if (!ctx->ShotTexture) ctx->CaptureError = err;
    }
    ctx->Shot = std::move(img);
    ctx->AttachScreenshot = true;
}

// The thumbnail of the frame being captured (render thread, same frame as the read).
static unsigned int BlitThumbnail(Context* ctx)
{
    std::string err;
    const unsigned int tex = ctx->Thumbs.FromFramebuffer(ctx->GL, ctx->Cfg.CaptureFramebuffer, ctx->FramebufferWidth,
                                                         ctx->FramebufferHeight, ThumbnailMaxSide, &err);
    if (!tex) ctx->CaptureError = err;   // the screenshot itself still comes
    return tex;
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
    {
        const unsigned int thumbnail = ctx->PendingThumbnail;
        ctx->PendingThumbnail = 0;
        InstallScreenshot(ctx, std::move(img), thumbnail);
        ctx->AutoEdits = ctx->CaptureAutoEdits;   // the sensitive areas of the captured frame
        break;
    }
    case AsyncCapturePoll::Failed:
        ctx->CaptureError = err;
        ClearScreenshot(ctx);
        break;
    case AsyncCapturePoll::Pending:
        if (ImGui::GetFrameCount() - ctx->ReadbackStartFrame > ReadbackMaxFrames)
        {
            ClearScreenshot(ctx);
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
    if (ctx->GLReady && ctx->Readback.Busy()) PollReadback(ctx);
    if (!ctx->CapturePending || ImGui::GetFrameCount() < ctx->CaptureAtFrame) return;
    const bool async = ctx->GLReady && ctx->GL.HasAsyncReadback && !(ctx->Cfg.Flags & ImContactFlags_SyncCapture);
    // A request while the previous capture's pixels are being copied waits (a frame or two)
    // for the buffer; one while it is still on the GPU replaces it (Start).
    if (async && !ctx->Readback.CanStart()) return;
    ctx->CapturePending = false;
    ctx->CaptureAutoEdits = SensitiveAreas(ctx);   // where the sensitive windows and areas are in this frame
    if (!ctx->GLReady)
    {
        ctx->CaptureError = ctx->GLError;
        return;
    }
    std::string err;
    if (async)
    {
        // Queued, not waited for: the pixels arrive at a later FrameRendered. Until then the
        // panel shows no screenshot (never the previous one).
        ClearScreenshot(ctx);
        if (ctx->Readback.Start(ctx->GL, ctx->Cfg.CaptureFramebuffer, ctx->FramebufferWidth, ctx->FramebufferHeight, &err))
        {
            ctx->ReadbackStartFrame = ImGui::GetFrameCount();
            ctx->PendingThumbnail = BlitThumbnail(ctx);
        }
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
    const unsigned int thumbnail = BlitThumbnail(ctx);
    InstallScreenshot(ctx, std::move(img), thumbnail);
    ctx->AutoEdits = ctx->CaptureAutoEdits;
}

} // namespace ImContact
