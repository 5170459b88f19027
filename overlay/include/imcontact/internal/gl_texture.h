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

// Deletes a texture made by CreateTextureRGBA. 0 is ignored. (As with any glDeleteTextures,
// a unit that still had it bound falls back to texture 0.)
void DeleteTexture(const GLApi& gl, unsigned int tex);

} // namespace ImContact
