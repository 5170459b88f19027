// imcontact: framebuffer capture that never waits for the GPU (layer imcontact_gl; no ImGui).
//
// [Internal] No compatibility promise, like imgui_internal.h: an interface between
// imcontact's layers and its tests, installed for the panel's sources. May change in any release.
//
// CaptureFramebuffer (gl_capture.h) reads into client memory, so glReadPixels waits until
// the GPU has finished the frame and copied it back: a stall of the render thread on
// the frame the user pressed the hotkey in. AsyncFramebufferCapture splits that in two:
//
//   Start()  at the same place CaptureFramebuffer would be called (frame drawn, before
//            the swap): queues a read into a pixel-pack buffer and a fence. The GPU copies
//            the pixels when it gets there; the call returns at once.
//   Poll()   once a frame later on (e.g. at the same place): asks the fence without
//            waiting. Pending until the GPU has passed it; then maps the buffer, copies the
//            rows top-first with alpha 255 into a CapturedImage, and is Ready.
//
//     AsyncFramebufferCapture cap;                      // one per host context
//     if (!cap.Start(gl, 0, fb_w, fb_h, &err)) ...      // e.g. no GL 3.2: use CaptureFramebuffer
//     ...next frames...
//     switch (cap.Poll(gl, &img, &err)) { case AsyncCapturePoll::Ready: ...; }
//     cap.Release(gl);                                  // before the context goes away
//
// Needs GLApi::HasAsyncReadback (OpenGL 3.2+ or OpenGL ES 3.0+). Every GL state Start and
// Poll touch is saved and restored: everything CaptureFramebuffer lists, and
// GL_PIXEL_PACK_BUFFER_BINDING around the buffer's allocation and mapping.
//
// Render thread only, with the host's context current. GL objects cannot be freed
// without a current context, so the destructor frees nothing: call Release(gl) before
// the context is destroyed (a capture still pending is dropped).
#pragma once

#include "imcontact/internal/gl_api.h"
#include "imcontact/internal/gl_capture.h"

#include <cstddef>
#include <string>

namespace ImContact
{

enum class AsyncCapturePoll
{
    Idle,      // no capture started (or the last one already returned Ready/Failed)
    Pending,   // the GPU has not reached the fence yet: ask again next frame
    Ready,     // *out holds the image
    Failed,    // *error says why; the capture is dropped
};

class AsyncFramebufferCapture
{
public:
    AsyncFramebufferCapture() = default;
    AsyncFramebufferCapture(const AsyncFramebufferCapture&) = delete;
    AsyncFramebufferCapture& operator=(const AsyncFramebufferCapture&) = delete;

    // Queues the read of (0,0)-(width,height) of 'read_framebuffer' (same meaning and
    // limits as CaptureFramebuffer) and returns without waiting. A capture still pending is
    // dropped first. Returns false with a message in *error (if not null) on bad
    // arguments, a context without HasAsyncReadback, an incomplete framebuffer or a GL error.
    bool Start(const GLApi& gl, unsigned int read_framebuffer, int width, int height, std::string* error);

    // Never waits. The first poll after Start also flushes the GL command stream, so a
    // host that does not swap (an offscreen renderer) still gets its capture.
    AsyncCapturePoll Poll(const GLApi& gl, CapturedImage* out, std::string* error);

    bool Pending() const { return fence_ != nullptr; }
    int  Width() const { return width_; }     // of the pending capture
    int  Height() const { return height_; }
    unsigned int Buffer() const { return buffer_; }   // the pixel-pack buffer (0 = none yet)

    // Drops a pending capture; the buffer is kept for the next one.
    void Cancel(const GLApi& gl);
    // Drops a pending capture and deletes the buffer.
    void Release(const GLApi& gl);

private:
    unsigned int buffer_ = 0;        // the pixel-pack buffer
    size_t       buffer_bytes_ = 0;
    GLsync       fence_ = nullptr;
    bool         flushed_ = false;   // the first Poll flushed
    int          width_ = 0, height_ = 0;
};

} // namespace ImContact
