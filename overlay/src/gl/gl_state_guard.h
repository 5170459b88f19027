// imcontact: RAII guards that save the host's GL state and put it back (layer imcontact_gl).
//
// imcontact draws inside someone else's frame: every GL state it changes must be
// exactly as the host left it when an imcontact call returns. Each guard saves a
// small group of state in its constructor and restores it in its destructor, so
// early returns are safe. Nest them in one scope; they restore in reverse order.
//
//     {
//         GLReadFramebufferGuard fb(gl, framebuffer);               // binds it for reading
//         GLBufferBindingGuard   pbo(gl, GL_PIXEL_PACK_BUFFER, 0);  // no PBO: read to client memory
//         GLPixelStoreGuard      pack(gl, GLPixelStore::Pack);      // tightly packed rows
//         gl.ReadBuffer(...); gl.ReadPixels(...);
//     }   // all restored here
//
// Used by the synchronous and the asynchronous capture (which binds its own pixel-pack
// buffer with GLBufferBindingGuard), the textures, and the thumbnail's blits
// (GLDrawFramebufferGuard, GLBlitStateGuard).
//
// Render thread only (the thread where the host's context is current). The GLApi must
// outlive the guard. Guards are neither copyable nor movable.
#pragma once

#include "imcontact/internal/gl_api.h"

namespace ImContact
{

enum class GLPixelStore { Pack, Unpack };

// Saves the pixel-store parameters of one direction, then sets them to "tightly packed":
// ALIGNMENT 1, ROW_LENGTH 0, SKIP_ROWS 0, SKIP_PIXELS 0 (and, for Unpack, SKIP_IMAGES 0,
// IMAGE_HEIGHT 0). Restores the saved values on destruction.
struct GLPixelStoreGuard
{
    GLPixelStoreGuard(const GLApi& gl, GLPixelStore dir) : Gl(gl)
    {
        static const GLenum pack[]   = { GL_PACK_ALIGNMENT, GL_PACK_ROW_LENGTH, GL_PACK_SKIP_ROWS, GL_PACK_SKIP_PIXELS };
        static const GLenum unpack[] = { GL_UNPACK_ALIGNMENT, GL_UNPACK_ROW_LENGTH, GL_UNPACK_SKIP_ROWS, GL_UNPACK_SKIP_PIXELS,
                                         GL_UNPACK_SKIP_IMAGES, GL_UNPACK_IMAGE_HEIGHT };
        const GLenum* names = (dir == GLPixelStore::Pack) ? pack : unpack;
        Count = (dir == GLPixelStore::Pack) ? 4 : 6;
        for (int i = 0; i < Count; i++)
        {
            Names[i] = names[i];
            Saved[i] = 0;
            Gl.GetIntegerv(Names[i], &Saved[i]);
            Gl.PixelStorei(Names[i], i == 0 ? 1 : 0); // [0] is the ALIGNMENT
        }
    }
    ~GLPixelStoreGuard()
    {
        for (int i = 0; i < Count; i++)
            Gl.PixelStorei(Names[i], Saved[i]);
    }
    GLPixelStoreGuard(const GLPixelStoreGuard&) = delete;
    GLPixelStoreGuard& operator=(const GLPixelStoreGuard&) = delete;

    const GLApi& Gl;
    int          Count = 0;
    GLenum       Names[6] = {};
    GLint        Saved[6] = {};
};

// Saves the buffer bound to 'target' (GL_PIXEL_PACK_BUFFER or GL_PIXEL_UNPACK_BUFFER),
// binds 'buffer' (0 = none: pixel transfers use client memory), restores on destruction.
struct GLBufferBindingGuard
{
    GLBufferBindingGuard(const GLApi& gl, GLenum target, GLuint buffer) : Gl(gl), Target(target)
    {
        const GLenum binding = (target == GL_PIXEL_PACK_BUFFER) ? GL_PIXEL_PACK_BUFFER_BINDING : GL_PIXEL_UNPACK_BUFFER_BINDING;
        GLint saved = 0;
        Gl.GetIntegerv(binding, &saved);
        Saved = static_cast<GLuint>(saved);
        Gl.BindBuffer(Target, buffer);
    }
    ~GLBufferBindingGuard() { Gl.BindBuffer(Target, Saved); }
    GLBufferBindingGuard(const GLBufferBindingGuard&) = delete;
    GLBufferBindingGuard& operator=(const GLBufferBindingGuard&) = delete;

    const GLApi& Gl;
    GLenum       Target;
    GLuint       Saved = 0;
};

// Saves GL_READ_FRAMEBUFFER_BINDING, binds 'framebuffer' (0 = the default framebuffer)
// to GL_READ_FRAMEBUFFER only (the host's draw framebuffer is untouched), then saves
// *that* framebuffer's GL_READ_BUFFER: the read buffer is per-framebuffer state, so the
// caller may call glReadBuffer freely. Restores the read buffer, then the binding.
struct GLReadFramebufferGuard
{
    GLReadFramebufferGuard(const GLApi& gl, GLuint framebuffer) : Gl(gl)
    {
        GLint saved = 0;
        Gl.GetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &saved);
        SavedBinding = static_cast<GLuint>(saved);
        Gl.BindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer);
        GLint read_buffer = GL_NONE;
        Gl.GetIntegerv(GL_READ_BUFFER, &read_buffer);
        SavedReadBuffer = static_cast<GLenum>(read_buffer);
    }
    ~GLReadFramebufferGuard()
    {
        Gl.ReadBuffer(SavedReadBuffer);
        Gl.BindFramebuffer(GL_READ_FRAMEBUFFER, SavedBinding);
    }
    GLReadFramebufferGuard(const GLReadFramebufferGuard&) = delete;
    GLReadFramebufferGuard& operator=(const GLReadFramebufferGuard&) = delete;

    const GLApi& Gl;
    GLuint       SavedBinding = 0;           // the host's read framebuffer
    GLenum       SavedReadBuffer = GL_NONE;  // the read buffer of the framebuffer we bound
};

// Saves GL_ACTIVE_TEXTURE and the GL_TEXTURE_BINDING_2D of that unit; restores both.
// Code inside may bind textures on the current unit (or change units).
struct GLTextureBindingGuard
{
    explicit GLTextureBindingGuard(const GLApi& gl) : Gl(gl)
    {
        GLint unit = GL_TEXTURE0, tex = 0;
        Gl.GetIntegerv(GL_ACTIVE_TEXTURE, &unit);
        Gl.GetIntegerv(GL_TEXTURE_BINDING_2D, &tex);
        SavedUnit = static_cast<GLenum>(unit);
        SavedTexture = static_cast<GLuint>(tex);
    }
    ~GLTextureBindingGuard()
    {
        Gl.ActiveTexture(SavedUnit);                   // first the unit, so that the
        Gl.BindTexture(GL_TEXTURE_2D, SavedTexture);   // binding goes back where it was
    }
    GLTextureBindingGuard(const GLTextureBindingGuard&) = delete;
    GLTextureBindingGuard& operator=(const GLTextureBindingGuard&) = delete;

    const GLApi& Gl;
    GLenum       SavedUnit = GL_TEXTURE0;
    GLuint       SavedTexture = 0;
};

// Saves GL_DRAW_FRAMEBUFFER_BINDING, restores it on destruction. Code inside binds its own
// framebuffers to GL_DRAW_FRAMEBUFFER (their draw buffers are theirs: not saved).
struct GLDrawFramebufferGuard
{
    explicit GLDrawFramebufferGuard(const GLApi& gl) : Gl(gl)
    {
        GLint saved = 0;
        Gl.GetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &saved);
        Saved = static_cast<GLuint>(saved);
    }
    ~GLDrawFramebufferGuard() { Gl.BindFramebuffer(GL_DRAW_FRAMEBUFFER, Saved); }
    GLDrawFramebufferGuard(const GLDrawFramebufferGuard&) = delete;
    GLDrawFramebufferGuard& operator=(const GLDrawFramebufferGuard&) = delete;

    const GLApi& Gl;
    GLuint       Saved = 0;
};

// The state that changes what glBlitFramebuffer writes: saves GL_SCISSOR_TEST,
// GL_RASTERIZER_DISCARD, GL_FRAMEBUFFER_SRGB (desktop GL only; ES 3.0 has no switch) and
// GL_COLOR_WRITEMASK, then disables the three and enables every colour channel, so a
// blit copies all pixels unchanged. Restores the saved values on destruction.
struct GLBlitStateGuard
{
    explicit GLBlitStateGuard(const GLApi& gl) : Gl(gl)
    {
        Caps[0] = GL_SCISSOR_TEST;
        Caps[1] = GL_RASTERIZER_DISCARD;
        Caps[2] = GL_FRAMEBUFFER_SRGB;
        CapCount = Gl.IsES ? 2 : 3;
        for (int i = 0; i < CapCount; i++)
        {
            Enabled[i] = Gl.IsEnabled(Caps[i]);
            if (Enabled[i])
                Gl.Disable(Caps[i]);
        }
        Gl.GetBooleanv(GL_COLOR_WRITEMASK, Mask);
        Gl.ColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    }
    ~GLBlitStateGuard()
    {
        Gl.ColorMask(Mask[0], Mask[1], Mask[2], Mask[3]);
        for (int i = 0; i < CapCount; i++)
            if (Enabled[i])
                Gl.Enable(Caps[i]);
    }
    GLBlitStateGuard(const GLBlitStateGuard&) = delete;
    GLBlitStateGuard& operator=(const GLBlitStateGuard&) = delete;

    const GLApi& Gl;
    int          CapCount = 0;
    GLenum       Caps[3] = {};
    GLboolean    Enabled[3] = {};
    GLboolean    Mask[4] = { GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE };
};

} // namespace ImContact
