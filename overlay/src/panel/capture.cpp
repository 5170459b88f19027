// The screenshot pipeline (render thread): a capture requested by the hotkey, the menu
// or "retake" is read at the end of the next frame in FrameRendered(), asynchronously
// (pixel-pack buffer + fence, picked up in a later FrameRendered) on GL 3.2+ / ES 3.0+,
// synchronously otherwise; the thumbnail texture is made from a box-filtered copy.
#include "imcontact_internal.h"
#include "imcontact/internal/gl_texture.h"
#include "imcontact/internal/image_downscale.h"

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
}

void ClearScreenshot(Context* ctx)
{
    if (ctx->GLReady) ctx->Readback.Cancel(ctx->GL);   // a capture still on its way is dropped too
    if (ctx->ShotTexture && ctx->GLReady) DeleteTexture(ctx->GL, ctx->ShotTexture);
    ctx->ShotTexture = 0;
    ctx->Shot.reset();
    ResetEdits(ctx);   // the edits were of that screenshot
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

// A new screenshot (captured, or restored with a queued report) replaces the old one; its
// thumbnail texture is made here, on the render thread, when GL is available.
void InstallScreenshot(Context* ctx, std::shared_ptr<RgbaImage> img)
{
    ClearScreenshot(ctx);   // never keep an older screenshot next to a new one
    if (ctx->GLReady)
    {
        std::string err;
        ctx->ShotTexture = MakeThumbnailTexture(ctx, *img, &err);
        if (!ctx->ShotTexture) ctx->CaptureError = err;
    }
    ctx->Shot = std::move(img);
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
        ctx->AutoEdits = ctx->CaptureAutoEdits;   // the sensitive areas of the captured frame
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
    ctx->CaptureAutoEdits = SensitiveAreas(ctx);   // where the sensitive windows and areas are in this frame
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
    ctx->AutoEdits = ctx->CaptureAutoEdits;
}

} // namespace ImContact
