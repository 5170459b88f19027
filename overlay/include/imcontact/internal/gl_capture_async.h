// imcontact: framebuffer capture that never waits for the GPU (layer imcontact_gl; no ImGui).
//
// [Internal] No compatibility promise, like imgui_internal.h: an interface between
// imcontact's layers and its tests, installed for the panel's sources. May change in any release.
//
// CaptureFramebuffer (gl_capture.h) reads into client memory, so glReadPixels waits until
// the GPU has finished the frame and copied it back: a stall of the render thread on
// the frame the user pressed the hotkey in. AsyncFramebufferCapture splits that up so
// that the render thread never waits and never passes over the pixels itself:
//
//   Start()  at the same place CaptureFramebuffer would be called (frame drawn, before
//            the swap): queues a read into a pixel-pack buffer and a fence. The GPU copies
//            the pixels when it gets there; the call returns at once.
//   Poll()   once a frame later on (e.g. at the same place): asks the fence without
//            waiting. Once the GPU has passed it, maps the buffer (GL_MAP_READ_BIT) and hands
//            the mapping to a helper thread of its own, which copies the rows top-first with
//            alpha 255 into a CapturedImage while the render thread goes on (Pending). A
//            later Poll finds the copy done, unmaps the buffer and is Ready.
//
//     AsyncFramebufferCapture cap;                      // one per host context
//     if (!cap.Start(gl, 0, fb_w, fb_h, &err)) ...      // e.g. no GL 3.2: use CaptureFramebuffer
//     ...next frames...
//     if (cap.Busy()) switch (cap.Poll(gl, &img, &err)) { case AsyncCapturePoll::Ready: ...; }
//     cap.Release(gl);                                  // before the context goes away
//
// At most one capture is in flight, in one pixel-pack buffer that is kept (and only
// reallocated when the size changes) for the next one, and one image. A Start while the
// previous capture is still on the GPU replaces it. A Start while its pixels are being
// copied is refused (CanStart() is false, for the few milliseconds of the copy): the
// caller asks again a frame later. Cancel drops a capture at any stage; one being copied
// is unmapped by a later Poll, so keep polling while Busy().
//
// Why a thread of its own and not the submitter's worker: the worker may be encoding or
// sending another report for seconds, and the mapping (up to 33 MB at 4K) must end soon
// so that a retake can use the buffer; the thread lives for one copy (a few ms).
//
// Needs GLApi::HasAsyncReadback (OpenGL 3.2+ or OpenGL ES 3.0+). Every GL state Start and
// Poll touch is saved and restored: everything CaptureFramebuffer lists, and
// GL_PIXEL_PACK_BUFFER_BINDING around the buffer's allocation, mapping and unmapping.
//
// Render thread only, with the host's context current. GL objects cannot be freed
// without a current context, so the destructor frees nothing (it only waits for a copy
// still running): call Release(gl) before the context is destroyed (a capture still
// pending is dropped).
#pragma once

#include "imcontact/internal/gl_api.h"
#include "imcontact/internal/gl_capture.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <thread>

namespace ImContact
{

enum class AsyncCapturePoll
{
    Idle,      // no capture started (or the last one already returned Ready/Failed)
    Pending,   // the GPU has not reached the fence yet, or the pixels are being copied: ask again next frame
    Ready,     // *out holds the image
    Failed,    // *error says why; the capture is dropped
};

class AsyncFramebufferCapture
{
public:
    AsyncFramebufferCapture() = default;
    ~AsyncFramebufferCapture();   // waits for a copy still running; frees no GL object
    AsyncFramebufferCapture(const AsyncFramebufferCapture&) = delete;
    AsyncFramebufferCapture& operator=(const AsyncFramebufferCapture&) = delete;

    // Queues the read of (0,0)-(width,height) of 'read_framebuffer' (same meaning and
    // limits as CaptureFramebuffer) and returns without waiting. A capture still on the GPU
    // is dropped first. Returns false with a message in *error (if not null) on bad
    // arguments, a context without HasAsyncReadback, an incomplete framebuffer, a GL error,
    // or while !CanStart() (check that first: it is not a failure, only "not yet").
    bool Start(const GLApi& gl, unsigned int read_framebuffer, int width, int height, std::string* error);

    // Never waits. The first poll after Start also flushes the GL command stream, so a
    // host that does not swap (an offscreen renderer) still gets its capture. Returns Idle
    // also when it unmapped the buffer of a cancelled capture. *out's old pixels are dropped.
    AsyncCapturePoll Poll(const GLApi& gl, CapturedImage* out, std::string* error);

    // A capture the caller will get from Poll: on the GPU or being copied (not cancelled).
    bool Pending() const { return fence_ != nullptr || (copying_ && !discard_); }
    // Poll still has work: Pending(), or a cancelled copy whose buffer is still mapped.
    bool Busy() const { return fence_ != nullptr || copying_; }
    // Start may be called: no copy holds the buffer mapped.
    bool CanStart() const { return !copying_; }
    int  Width() const { return width_; }     // of the pending capture
    int  Height() const { return height_; }
    unsigned int Buffer() const { return buffer_; }   // the pixel-pack buffer (0 = none yet)

    // Drops a pending capture; the buffer is kept for the next one (still mapped while a
    // copy runs: a later Poll unmaps it).
    void Cancel(const GLApi& gl);
    // Drops a pending capture and deletes the buffer. Waits for a copy still running (the
    // only call that may wait: meant for shutdown).
    void Release(const GLApi& gl);

private:
    std::string Unmap(const GLApi& gl);   // joins the copier; "" or why the contents were lost

    // The copy off the render thread: copier_ reads mapped_ and writes copied_; the render
    // thread touches neither until copy_done_ is set (release/acquire) and it joined copier_.
    std::thread       copier_;
    std::atomic<bool> copy_done_{ false };
    const uint8_t*    mapped_ = nullptr;
    CapturedImage     copied_;
    bool              copying_ = false;   // mapped, copier_ started
    bool              discard_ = false;   // cancelled while copying: unmap, deliver nothing

    unsigned int buffer_ = 0;        // the pixel-pack buffer
    size_t       buffer_bytes_ = 0;
    GLsync       fence_ = nullptr;
    bool         flushed_ = false;   // the first Poll flushed
    int          width_ = 0, height_ = 0;
};

} // namespace ImContact
