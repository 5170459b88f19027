// imcontact: GL textures for the panel's screenshot thumbnail (layer imcontact_gl; no ImGui).
//
// [Internal] No compatibility promise, like imgui_internal.h: an interface between
// imcontact's layers and its tests, installed for the panel's sources. May change in any release.
//
// Render thread only: call with the host's GL context current, on the thread that renders,
// never from the submitter's worker thread.
//
// The texture's first row is the image's top row, so with Dear ImGui draw it with the
// default UVs: ImGui::Image((ImTextureID)(intptr_t)tex, size) (uv0 (0,0), uv1 (1,1)).
// Keep the texture alive until the frame that last draws it has been rendered
// (ImGui only records the ID; the backend samples it in RenderDrawData).
#pragma once

#include "imcontact/internal/gl_api.h"
#include "imcontact/internal/gl_capture.h"

#include <string>
#include <vector>

namespace ImContact
{

// Creates a GL_TEXTURE_2D (GL_RGBA8) holding 'img', with mipmaps, GL_LINEAR_MIPMAP_LINEAR
// minification, GL_LINEAR magnification and GL_CLAMP_TO_EDGE wrapping: fit for drawing
// a full-size capture as a small thumbnail. Returns the texture name, or 0 on failure
// (bad image, larger than GL_MAX_TEXTURE_SIZE, GL error) with a message in *error (if
// not null). Saves and restores GL_ACTIVE_TEXTURE, GL_TEXTURE_BINDING_2D, GL_UNPACK_ALIGNMENT,
// GL_UNPACK_ROW_LENGTH, GL_UNPACK_SKIP_ROWS/PIXELS/IMAGES, GL_UNPACK_IMAGE_HEIGHT and
// GL_PIXEL_UNPACK_BUFFER_BINDING (0 during the upload). GL error flags that were
// pending on entry are consumed (see ClearGLErrors).
// The caller owns the texture: free it with DeleteTexture.
unsigned int CreateTextureRGBA(const GLApi& gl, const CapturedImage& img, std::string* error);

// A large image as a column of textures of a band of rows each, one made per frame, so
// that no frame pays for all of it (for a 3840x2160 image on llvmpipe one glTexImage2D
// took 70-250 ms, with CreateTextureRGBA's mipmaps 0.4-1.9 s; a 2 MB band 0.4-17 ms):
//
//     each frame, until y == img.Height:
//         tiles.push_back(CreateTextureRows(gl, img, y, rows, &err)); y += rows;
//
// The texture holds rows [y, y + rows) of 'img' (clamped to its height), top row first,
// GL_RGBA8, no mipmaps, GL_LINEAR both ways, clamped. Returns 0 on failure with *error.
// Saves and restores what CreateTextureRGBA does. The caller owns it (DeleteTexture).
unsigned int CreateTextureRows(const GLApi& gl, const CapturedImage& img, int y, int rows, std::string* error);

// Deletes a texture made by CreateTextureRGBA. 0 is ignored. (As with any glDeleteTextures,
// a unit that still had it bound falls back to texture 0.)
void DeleteTexture(const GLApi& gl, unsigned int tex);

// How many times a width x height frame is halved for a thumbnail whose longer side is at
// most 'max_side': the smallest k >= 0 with (width >> k) and (height >> k) both <= max_side.
// 1920x1080 at 640: 2 (480x270); 3840x2160: 3 (480x270); 1000x900: 1 (500x450). Any thread.
int ThumbnailHalvings(int width, int height, int max_side);

// The screenshot's thumbnail made on the GPU, in the frame of the capture: GL_LINEAR blits,
// each halving the image (an exact 2x2 box filter: every source pixel counts once), the
// last one also turning it top row first. No shader, no mipmaps, no CPU pass over the
// pixels, so nothing to compile or generate on first use.
//
//     ThumbnailBlitter thumbs;                                   // one per host context
//     unsigned int tex = thumbs.FromFramebuffer(gl, 0, fb_w, fb_h, 640, &err);
//     ... ImGui::Image((ImTextureID)(intptr_t)tex, size); ... DeleteTexture(gl, tex);
//     thumbs.Release(gl);                                        // before the context goes away
//
// The blitter keeps its intermediate textures and framebuffers (a quarter of the frame and
// less; the full size too for a multisampled source or a CPU image) for the next thumbnail.
// Saves and restores GL_READ_FRAMEBUFFER_BINDING, GL_DRAW_FRAMEBUFFER_BINDING, the read
// buffer of the framebuffer read, GL_SCISSOR_TEST, GL_RASTERIZER_DISCARD, GL_FRAMEBUFFER_SRGB,
// GL_COLOR_WRITEMASK, GL_ACTIVE_TEXTURE, GL_TEXTURE_BINDING_2D, GL_PIXEL_UNPACK_BUFFER_BINDING
// and (FromImage) the unpack pixel-store parameters. GL error flags pending on entry are
// consumed (see ClearGLErrors).
//
// Render thread only, with the host's context current. The destructor frees nothing (no
// context may be current then): call Release(gl).
class ThumbnailBlitter
{
public:
    ThumbnailBlitter() = default;
    ThumbnailBlitter(const ThumbnailBlitter&) = delete;
    ThumbnailBlitter& operator=(const ThumbnailBlitter&) = delete;

    // A new texture (GL_RGBA8, one level, GL_LINEAR, GL_CLAMP_TO_EDGE) of (width >> k) x
    // (height >> k), k = ThumbnailHalvings(width, height, max_side), holding (0,0)-(width,height)
    // of 'read_framebuffer' (same meaning and limits as CaptureFramebuffer; a multisampled
    // one is resolved first) with the image's top row as the texture's first row. Call
    // where the capture reads (frame drawn, before the swap). Returns 0 on failure, with a
    // message in *error (if not null). The caller owns the texture (DeleteTexture).
    unsigned int FromFramebuffer(const GLApi& gl, unsigned int read_framebuffer, int width, int height, int max_side,
                                 std::string* error);

    // The same from an image in memory (top row first; e.g. a screenshot restored with a
    // queued report): uploaded once, without mipmaps, into the blitter's full-size texture.
    unsigned int FromImage(const GLApi& gl, const CapturedImage& img, int max_side, std::string* error);

    // Makes a 1x1 thumbnail of a 2x2 corner of 'read_framebuffer' and drops it, so that a
    // driver that compiles its blit programs on first use (Mesa llvmpipe: hundreds of ms)
    // does so now, when the host's context is set up, not in the frame the user presses the
    // hotkey in. Optional; same state rules as FromFramebuffer. False (with *error) if the
    // blit failed; a too-small framebuffer is not an error (nothing is done).
    bool WarmUp(const GLApi& gl, unsigned int read_framebuffer, int width, int height, std::string* error);

    // Deletes the intermediate textures and framebuffers (not the thumbnails handed out).
    void Release(const GLApi& gl);

private:
    struct Level { unsigned int Tex = 0, Fbo = 0; int Width = 0, Height = 0; };
    std::string EnsureLevel(const GLApi& gl, Level* level, int width, int height);
    unsigned int Run(const GLApi& gl, unsigned int source_fbo, bool host_source, int width, int height, int max_side,
                     bool flip, std::string* error);

    std::vector<Level> levels_;   // levels_[i]: the image halved i + 1 times (all but the last)
    Level        full_;           // full size: a multisampled source resolved, or a CPU image uploaded
    unsigned int result_fbo_ = 0; // attaches each new thumbnail texture for the last blit
};

} // namespace ImContact
