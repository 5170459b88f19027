// imcontact: framebuffer capture through a pixel-pack buffer and a fence. See gl_capture_async.h.
#include "imcontact/internal/gl_capture_async.h"
#include "gl_state_guard.h"

namespace ImContact
{

static bool AsyncFail(std::string* error, const std::string& message)
{
    if (error)
        *error = "ImContact: asynchronous capture: " + message;
    return false;
}

bool AsyncFramebufferCapture::Start(const GLApi& gl, unsigned int read_framebuffer, int width, int height, std::string* error)
{
    if (gl.Loaded && !gl.HasAsyncReadback)
        return AsyncFail(error, "the context lacks pixel-pack buffers with fences (OpenGL 3.2 / OpenGL ES 3.0)");
    std::string failure = CheckCaptureRequest(gl, read_framebuffer, width, height);
    if (!failure.empty())
        return AsyncFail(error, failure);
    Cancel(gl);

    const size_t bytes = static_cast<size_t>(width) * static_cast<size_t>(height) * 4;
    if (buffer_ == 0)
        gl.GenBuffers(1, &buffer_);
    {
        // Storage for this size; a new store each time also spares the GPU from waiting
        // on a mapping of the previous capture.
        GLBufferBindingGuard bind(gl, GL_PIXEL_PACK_BUFFER, buffer_);
        gl.BufferData(GL_PIXEL_PACK_BUFFER, static_cast<GLsizeiptr>(bytes), nullptr, GL_STREAM_READ);
    }
    const GLenum alloc_err = ClearGLErrors(gl);
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

    std::string failure;
    out->Pixels.resize(buffer_bytes_);
    {
        GLBufferBindingGuard bind(gl, GL_PIXEL_PACK_BUFFER, buffer_);
        const void* mapped = gl.MapBufferRange(GL_PIXEL_PACK_BUFFER, 0, static_cast<GLsizeiptr>(buffer_bytes_), GL_MAP_READ_BIT);
        if (!mapped)
        {
            failure = "glMapBufferRange failed with " + GLErrorName(gl.GetError());
        }
        else
        {
            CopyRowsFlippedOpaque(static_cast<const uint8_t*>(mapped), out->Pixels.data(), width_, height_);
            // GL_FALSE: the store was lost meanwhile (e.g. a display mode change) and
            // what was copied is undefined.
            if (gl.UnmapBuffer(GL_PIXEL_PACK_BUFFER) != GL_TRUE)
                failure = "the pixel-pack buffer's contents were lost while mapped";
        }
    }
    const GLenum err = ClearGLErrors(gl);
    if (failure.empty() && err != GL_NO_ERROR)
        failure = "reading the pixel-pack buffer failed with " + GLErrorName(err);
    if (!failure.empty())
    {
        out->Width = out->Height = 0;
        out->Pixels.clear();
        AsyncFail(error, failure);
        return AsyncCapturePoll::Failed;
    }
    out->Width = width_;
    out->Height = height_;
    return AsyncCapturePoll::Ready;
}

void AsyncFramebufferCapture::Cancel(const GLApi& gl)
{
    if (fence_)
        gl.DeleteSync(fence_);
    fence_ = nullptr;
    flushed_ = false;
}

void AsyncFramebufferCapture::Release(const GLApi& gl)
{
    Cancel(gl);
    if (buffer_ != 0)
        gl.DeleteBuffers(1, &buffer_);
    buffer_ = 0;
    buffer_bytes_ = 0;
}

} // namespace ImContact
