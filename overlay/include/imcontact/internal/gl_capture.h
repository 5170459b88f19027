// imcontact: screenshot of the host's frame from a GL framebuffer (layer imcontact_gl; no ImGui).
//
// [Internal] No compatibility promise, like imgui_internal.h: an interface between
// imcontact's layers and its tests, installed for the panel's sources. May change in any release.
//
// Render thread only: call with the host's GL context current, on the thread that renders.
//
// Where to call it in the frame: after the host has drawn everything that should be in
// the screenshot (its scene and ImGui_ImplOpenGL3_RenderDrawData) and BEFORE it swaps
// buffers (glfwSwapBuffers / SDL_GL_SwapWindow): after a swap the back buffer's
// contents are undefined. To keep the contact panel itself out of the screenshot,
// capture at the end of the frame in which the hotkey was pressed, before the panel
// is first drawn.
//
// CaptureFramebuffer reads synchronously (glReadPixels into client memory), so the call
// waits for the GPU to finish the frame. gl_capture_async.h reads without waiting
// (pixel-pack buffer + fence) and is what the panel uses where the context allows it.
#pragma once

#include "imcontact/internal/gl_api.h"
#include "imcontact/imcontact_model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ImContact
{

// The capture's result is an ImContact::RgbaImage (imcontact_model.h): top row first,
// rows tightly packed, alpha always 255.
using CapturedImage = RgbaImage;

// Reads the rectangle (0,0)-(width,height) of a framebuffer into *out.
//   read_framebuffer: 0 = the default framebuffer, read from its back buffer (GL_BACK;
//                     GL_FRONT if the default framebuffer is single-buffered);
//                     otherwise a framebuffer object, read from GL_COLOR_ATTACHMENT0.
//                     A multisampled default framebuffer is resolved by GL; a multisampled
//                     FBO is refused by GL (resolve it with glBlitFramebuffer first).
//   width, height:    the framebuffer size in PIXELS, not in window coordinates:
//                     with Dear ImGui pass io.DisplaySize * io.DisplayFramebufferScale
//                     (or glfwGetFramebufferSize). Must be > 0 and <= 16384.
// Every GL state it touches is saved and restored: GL_PACK_ALIGNMENT, GL_PACK_ROW_LENGTH,
// GL_PACK_SKIP_ROWS, GL_PACK_SKIP_PIXELS, GL_READ_FRAMEBUFFER_BINDING, GL_READ_BUFFER (of
// the host's read framebuffer and of the one read), GL_PIXEL_PACK_BUFFER_BINDING (0
// during the read). The host's draw framebuffer is not touched. GL error flags that
// were pending on entry are consumed (see ClearGLErrors).
// Returns false, with Width/Height 0, Pixels empty and a message in *error (if not null),
// on bad arguments, an unknown or incomplete framebuffer, or a GL error. out->Pixels's
// capacity is reused between calls.
bool CaptureFramebuffer(const GLApi& gl, unsigned int read_framebuffer, int width, int height,
                        CapturedImage* out, std::string* error);

// CPU helper used by CaptureFramebuffer, exposed for tests: turns bottom-row-first RGBA8
// rows (as GL returns them) into top-row-first, in place, and sets every alpha to 255.
void FlipRowsAndForceOpaque(uint8_t* rgba, int width, int height);

// The same, copying: from 'bottom_up' (e.g. a mapped pixel-pack buffer) into 'top_down'
// (width * height * 4 bytes). The two must not overlap.
void CopyRowsFlippedOpaque(const uint8_t* bottom_up, uint8_t* top_down, int width, int height);

// Shared by the synchronous and the asynchronous capture (internal to imcontact_gl).
// CheckCaptureRequest: "" when the request is valid, else why not; consumes pending GL
// errors. ReadFramebufferPixels: glReadPixels of (0,0)-(width,height) into 'destination'
// (client memory when pack_buffer is 0, else an offset into that pixel-pack buffer),
// with every touched state saved and restored; "" on success, else the failure.
// SelectCaptureReadBuffer: with 'read_framebuffer' bound to GL_READ_FRAMEBUFFER, selects the
// buffer a capture reads (GL_COLOR_ATTACHMENT0 of an FBO; GL_BACK, else GL_FRONT, of the
// default framebuffer). Also used by the thumbnail's blits (gl_texture.h).
std::string CheckCaptureRequest(const GLApi& gl, unsigned int read_framebuffer, int width, int height);
void SelectCaptureReadBuffer(const GLApi& gl, unsigned int read_framebuffer);
std::string ReadFramebufferPixels(const GLApi& gl, unsigned int read_framebuffer, int width, int height,
                                  unsigned int pack_buffer, void* destination);

} // namespace ImContact
