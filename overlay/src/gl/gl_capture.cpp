// imcontact: framebuffer capture. See gl_capture.h.
#include "imcontact/internal/gl_capture.h"
#include "gl_state_guard.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace ImContact
{

static const int MaxCaptureSize = 16384; // per side; GL_MAX_VIEWPORT_DIMS is at most this in practice

static bool CaptureFail(CapturedImage* out, std::string* error, const std::string& message)
{
    if (out)
    {
        out->Width = out->Height = 0;
        out->Pixels.clear(); // keeps the capacity for the next capture
    }
    if (error)
        *error = "ImContact: CaptureFramebuffer: " + message;
    return false;
}

void FlipRowsAndForceOpaque(uint8_t* rgba, int width, int height)
{
    const size_t row_bytes = static_cast<size_t>(width) * 4;
    auto force_opaque = [row_bytes](uint8_t* row)
    {
        for (size_t i = 3; i < row_bytes; i += 4)
            row[i] = 255;
    };
    for (int y = 0; y < height / 2; y++)
    {
        uint8_t* top = rgba + static_cast<size_t>(y) * row_bytes;
        uint8_t* bottom = rgba + static_cast<size_t>(height - 1 - y) * row_bytes;
        std::swap_ranges(top, top + row_bytes, bottom);
        force_opaque(top);
        force_opaque(bottom);
    }
    if (height % 2 == 1)
        force_opaque(rgba + static_cast<size_t>(height / 2) * row_bytes);
}

void CopyRowsFlippedOpaque(const uint8_t* bottom_up, uint8_t* top_down, int width, int height)
{
    const size_t row_bytes = static_cast<size_t>(width) * 4;
    for (int y = 0; y < height; y++)
    {
        uint8_t* dst = top_down + static_cast<size_t>(y) * row_bytes;
        std::memcpy(dst, bottom_up + static_cast<size_t>(height - 1 - y) * row_bytes, row_bytes);
        for (size_t i = 3; i < row_bytes; i += 4)
            dst[i] = 255;
    }
}

std::string CheckCaptureRequest(const GLApi& gl, unsigned int read_framebuffer, int width, int height)
{
    if (!gl.Loaded)
        return "the GLApi is not loaded (call LoadGLApi first)";
    if (width <= 0 || height <= 0 || width > MaxCaptureSize || height > MaxCaptureSize)
        return "bad size " + std::to_string(width) + "x" + std::to_string(height) +
               " (each side must be 1.." + std::to_string(MaxCaptureSize) + " pixels)";
    ClearGLErrors(gl); // pending host errors must not be reported as ours
    if (read_framebuffer != 0 && !gl.IsFramebuffer(read_framebuffer))
        return std::to_string(read_framebuffer) + " is not a framebuffer object";
    return std::string();
}

void SelectCaptureReadBuffer(const GLApi& gl, unsigned int read_framebuffer)
{
    if (read_framebuffer != 0)
    {
        gl.ReadBuffer(GL_COLOR_ATTACHMENT0);
        return;
    }
    // GL_BACK is an error (GL_INVALID_OPERATION) on a single-buffered default
    // framebuffer; that one is read from GL_FRONT. (Asking GL_DOUBLEBUFFER
    // would describe the host's *draw* framebuffer, which may be an FBO.)
    gl.ReadBuffer(GL_BACK);
    if (gl.GetError() != GL_NO_ERROR)
        gl.ReadBuffer(GL_FRONT);
}

std::string ReadFramebufferPixels(const GLApi& gl, unsigned int read_framebuffer, int width, int height,
                                  unsigned int pack_buffer, void* destination)
{
    std::string failure;
    {
        GLReadFramebufferGuard fb_guard(gl, read_framebuffer);
        GLBufferBindingGuard   pbo_guard(gl, GL_PIXEL_PACK_BUFFER, pack_buffer);
        GLPixelStoreGuard      pack_guard(gl, GLPixelStore::Pack);

        const GLenum status = gl.CheckFramebufferStatus(GL_READ_FRAMEBUFFER);
        if (status != GL_FRAMEBUFFER_COMPLETE)
        {
            char buf[96];
            snprintf(buf, sizeof(buf), "framebuffer %u is not complete (status 0x%04X)", read_framebuffer, static_cast<unsigned int>(status));
            failure = buf;
        }
        else
        {
            SelectCaptureReadBuffer(gl, read_framebuffer);
            gl.ReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, destination);
            const GLenum err = gl.GetError();
            if (err != GL_NO_ERROR)
            {
                failure = "glReadPixels failed with " + GLErrorName(err);
                if (err == GL_INVALID_OPERATION && read_framebuffer != 0)
                    failure += " (a multisampled framebuffer object cannot be read: resolve it into a single-sample one with glBlitFramebuffer first)";
            }
        }
    } // guards restore the host's state here

    const GLenum restore_err = ClearGLErrors(gl);
    if (failure.empty() && restore_err != GL_NO_ERROR)
        failure = "restoring the host's GL state failed with " + GLErrorName(restore_err);
    return failure;
}

bool CaptureFramebuffer(const GLApi& gl, unsigned int read_framebuffer, int width, int height,
                        CapturedImage* out, std::string* error)
{
    if (!out)
        return CaptureFail(out, error, "'out' is null");
    std::string failure = CheckCaptureRequest(gl, read_framebuffer, width, height);
    if (!failure.empty())
        return CaptureFail(out, error, failure);

    out->Pixels.resize(static_cast<size_t>(width) * static_cast<size_t>(height) * 4);
    failure = ReadFramebufferPixels(gl, read_framebuffer, width, height, 0, out->Pixels.data());
    if (!failure.empty())
        return CaptureFail(out, error, failure);

    FlipRowsAndForceOpaque(out->Pixels.data(), width, height);
    out->Width = width;
    out->Height = height;
    return true;
}

} // namespace ImContact
