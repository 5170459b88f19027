// imcontact: framebuffer capture through a pixel-pack buffer and a fence. See gl_capture_async.h.
#include "imcontact/internal/gl_capture_async.h"
#include "gl_state_guard.h"

#include <system_error>
#include <utility>

namespace ImContact
{

static bool AsyncFail(std::string* error, const std::string& message)
{
    if (error)
        *error = "ImContact: asynchronous capture: " + message;
    return false;
}

AsyncFramebufferCapture::~AsyncFramebufferCapture()
{
    if (copier_.joinable())
        copier_.join();
}

bool AsyncFramebufferCapture::Start(const GLApi& gl, unsigned int read_framebuffer, int width, int height, std::string* error)
{
    if (gl.Loaded && !gl.HasAsyncReadback)
        return AsyncFail(error, "the context lacks pixel-pack buffers with fences (OpenGL 3.2 / OpenGL ES 3.0)");
    if (!CanStart())
        return AsyncFail(error, "the previous capture's pixels are still being copied (ask again next frame, when CanStart())");
    std::string failure = CheckCaptureRequest(gl, read_framebuffer, width, height);
    if (!failure.empty())
        return AsyncFail(error, failure);
    Cancel(gl);

    const size_t bytes = static_cast<size_t>(width) * static_cast<size_t>(height) * 4;
    if (buffer_ == 0)
        gl.GenBuffers(1, &buffer_);
    GLenum alloc_err = GL_NO_ERROR;
    if (bytes != buffer_bytes_)
    {
        // Storage only when the size changes: the buffer is reused between captures (never
        // mapped when a new read is queued, see CanStart).
        {
            GLBufferBindingGuard bind(gl, GL_PIXEL_PACK_BUFFER, buffer_);
            gl.BufferData(GL_PIXEL_PACK_BUFFER, static_cast<GLsizeiptr>(bytes), nullptr, GL_STREAM_READ);
        }
        alloc_err = ClearGLErrors(gl);
    }
    if (buffer_ == 0 || alloc_err != GL_NO_ERROR)
    {
        Release(gl);
        return AsyncFail(error, "could not allocate a " + std::to_string(bytes) + "-byte pixel-pack buffer" +
                                    (alloc_err != GL_NO_ERROR ? " (" + GLErrorName(alloc_err) + ")" : std::string()));
    }
    buffer_bytes_ = bytes;

    failure = ReadFramebufferPixels(gl, read_framebuffer, width, height, buffer_, nullptr);
    if (!failure.empty())
        return AsyncFail(error, failure);

    fence_ = gl.FenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
    const GLenum fence_err = ClearGLErrors(gl);
    if (!fence_ || fence_err != GL_NO_ERROR)
    {
        Cancel(gl);
        return AsyncFail(error, "glFenceSync failed" + (fence_err != GL_NO_ERROR ? " with " + GLErrorName(fence_err) : std::string()));
    }
    flushed_ = false;
    width_ = width;
    height_ = height;
    return true;
}

AsyncCapturePoll AsyncFramebufferCapture::Poll(const GLApi& gl, CapturedImage* out, std::string* error)
{
    if (copying_)
    {
        if (!copy_done_.load(std::memory_order_acquire))
            return discard_ ? AsyncCapturePoll::Idle : AsyncCapturePoll::Pending;
        const bool discard = discard_;
        const std::string failure = Unmap(gl);
        if (discard)
            return AsyncCapturePoll::Idle;
        if (!failure.empty() || !out)
        {
            copied_ = CapturedImage();
            if (out)
            {
                out->Width = out->Height = 0;
                out->Pixels.clear();
            }
            AsyncFail(error, out ? failure : "'out' is null");
            return AsyncCapturePoll::Failed;
        }
        *out = std::move(copied_);
        copied_ = CapturedImage();
        return AsyncCapturePoll::Ready;
    }
    if (!fence_)
        return AsyncCapturePoll::Idle;
    if (!out)
    {
        AsyncFail(error, "'out' is null");
        return AsyncCapturePoll::Failed;
    }
    ClearGLErrors(gl);
    const GLbitfield flags = flushed_ ? 0 : GL_SYNC_FLUSH_COMMANDS_BIT;
    flushed_ = true;
    const GLenum waited = gl.ClientWaitSync(fence_, flags, 0);   // timeout 0: only asks
    if (waited == GL_TIMEOUT_EXPIRED)
        return AsyncCapturePoll::Pending;
    if (waited != GL_ALREADY_SIGNALED && waited != GL_CONDITION_SATISFIED)
    {
        const GLenum err = ClearGLErrors(gl);
        Cancel(gl);
        AsyncFail(error, "glClientWaitSync failed" + (err != GL_NO_ERROR ? " with " + GLErrorName(err) : std::string()));
        return AsyncCapturePoll::Failed;
    }
    gl.DeleteSync(fence_);
    fence_ = nullptr;

    const void* mapped = nullptr;
    {
        GLBufferBindingGuard bind(gl, GL_PIXEL_PACK_BUFFER, buffer_);
        mapped = gl.MapBufferRange(GL_PIXEL_PACK_BUFFER, 0, static_cast<GLsizeiptr>(width_) * height_ * 4, GL_MAP_READ_BIT);
    }
    const GLenum err = ClearGLErrors(gl);
    if (!mapped || err != GL_NO_ERROR)
    {
        AsyncFail(error, "glMapBufferRange failed with " + GLErrorName(err));
        return AsyncCapturePoll::Failed;
    }

    // The copy, flip and alpha drop run on a thread of their own; this thread goes on.
    mapped_ = static_cast<const uint8_t*>(mapped);
    copying_ = true;
    discard_ = false;
    copy_done_.store(false, std::memory_order_relaxed);
    const int w = width_, h = height_;
    auto copy = [this, w, h]
    {
        copied_.Pixels.resize(static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
        CopyRowsFlippedOpaque(mapped_, copied_.Pixels.data(), w, h);
        copied_.Width = w;
        copied_.Height = h;
        copy_done_.store(true, std::memory_order_release);
    };
    try
    {
        copier_ = std::thread(copy);
    }
    catch (const std::system_error&)
    {
        copy();   // no thread to be had (resource limits): today's copy on this thread
    }
    return AsyncCapturePoll::Pending;
}

std::string AsyncFramebufferCapture::Unmap(const GLApi& gl)
{
    if (copier_.joinable())
        copier_.join();
    copying_ = false;
    discard_ = false;
    mapped_ = nullptr;
    std::string failure;
    {
        GLBufferBindingGuard bind(gl, GL_PIXEL_PACK_BUFFER, buffer_);
        // GL_FALSE: the store was lost meanwhile (e.g. a display mode change) and what was
        // copied is undefined.
        if (gl.UnmapBuffer(GL_PIXEL_PACK_BUFFER) != GL_TRUE)
            failure = "the pixel-pack buffer's contents were lost while mapped";
    }
    const GLenum err = ClearGLErrors(gl);
    if (failure.empty() && err != GL_NO_ERROR)
        failure = "unmapping the pixel-pack buffer failed with " + GLErrorName(err);
    return failure;
}

void AsyncFramebufferCapture::Cancel(const GLApi& gl)
{
    if (copying_)
        discard_ = true;   // never waits here: a later Poll unmaps
    if (fence_)
        gl.DeleteSync(fence_);
    fence_ = nullptr;
    flushed_ = false;
}

void AsyncFramebufferCapture::Release(const GLApi& gl)
{
    Cancel(gl);
    if (copying_)
        Unmap(gl);
    copied_ = CapturedImage();
    if (buffer_ != 0)
        gl.DeleteBuffers(1, &buffer_);
    buffer_ = 0;
    buffer_bytes_ = 0;
}

} // namespace ImContact
