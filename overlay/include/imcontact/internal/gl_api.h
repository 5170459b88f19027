// imcontact: the OpenGL function table (layer imcontact_gl; no ImGui).
//
// [Internal] No compatibility promise, like imgui_internal.h: an interface between
// imcontact's layers and its tests, installed for the panel's sources. May change in any release.
//
// The library never replaces the host's GL loader and never links libGL. It asks the
// host for each function pointer through a loader function the host already has
// (glfwGetProcAddress, SDL_GL_GetProcAddress, a glad/gl3w loader, ...) and keeps the
// pointers in a GLApi owned by the caller. There is no global GL state in imcontact.
//
// Usage (render thread, with the host's GL context current):
//
//     ImContact::GLApi gl;
//     std::string err;
//     if (!ImContact::LoadGLApi(MyGetProcAddress, &gl, &err))
//         fprintf(stderr, "%s\n", err.c_str());
//
// GLFW's glfwGetProcAddress returns a 'void (*)(void)', not a 'void*'. The usual cast
// '(ImContact::GLLoaderFunc)glfwGetProcAddress' works on every platform GLFW supports;
// a strictly correct alternative is a two-line wrapper:
//
//     static void* MyGetProcAddress(const char* name)
//     { return reinterpret_cast<void*>(glfwGetProcAddress(name)); }
//
// Requirements: desktop OpenGL 3.0+ (core or compatibility) or OpenGL ES 3.0+.
//
// Thread-safety: a GLApi is plain data. LoadGLApi and every function that calls
// through a GLApi must run on the thread where the host's GL context is current
// (the render thread), and only while that context (or one sharing its function
// pointers, i.e. same driver and pixel format) is current.
#pragma once

#include <string>

// Types, enumerants and PFNGL...PROC typedefs only: prototypes are never declared, so
// the library cannot call GL directly by mistake (and never needs libGL at link time).
#pragma push_macro("GL_GLEXT_PROTOTYPES")
#undef GL_GLEXT_PROTOTYPES
#include <GL/glcorearb.h>
#pragma pop_macro("GL_GLEXT_PROTOTYPES")

namespace ImContact
{

// The host's GL loader: returns the address of a GL function, or null if the
// driver lacks it. Needs a current context on most platforms (WGL, EGL, GLX-by-GLFW).
using GLLoaderFunc = void* (*)(const char* name);

// The OpenGL 1.0/1.1 function types, same as glcorearb.h's. glcorearb.h skips its 1.0/1.1
// sections when <GL/gl.h> came first (e.g. through <GLFW/glfw3.h> without
// GLFW_INCLUDE_NONE), and <GL/gl.h> has no PFN types, so imcontact declares these itself.
typedef GLenum         (APIENTRYP PFNGLGETERRORPROC)(void);
typedef void           (APIENTRYP PFNGLGETINTEGERVPROC)(GLenum pname, GLint* data);
typedef const GLubyte* (APIENTRYP PFNGLGETSTRINGPROC)(GLenum name);
typedef void           (APIENTRYP PFNGLPIXELSTOREIPROC)(GLenum pname, GLint param);
typedef void           (APIENTRYP PFNGLREADPIXELSPROC)(GLint x, GLint y, GLsizei width, GLsizei height, GLenum format, GLenum type, void* pixels);
typedef void           (APIENTRYP PFNGLREADBUFFERPROC)(GLenum src);
typedef void           (APIENTRYP PFNGLGENTEXTURESPROC)(GLsizei n, GLuint* textures);
typedef void           (APIENTRYP PFNGLDELETETEXTURESPROC)(GLsizei n, const GLuint* textures);
typedef void           (APIENTRYP PFNGLBINDTEXTUREPROC)(GLenum target, GLuint texture);
typedef void           (APIENTRYP PFNGLTEXIMAGE2DPROC)(GLenum target, GLint level, GLint internalformat, GLsizei width, GLsizei height, GLint border, GLenum format, GLenum type, const void* pixels);
typedef void           (APIENTRYP PFNGLTEXPARAMETERIPROC)(GLenum target, GLenum pname, GLint param);
typedef void           (APIENTRYP PFNGLENABLEPROC)(GLenum cap);
typedef void           (APIENTRYP PFNGLDISABLEPROC)(GLenum cap);
typedef GLboolean      (APIENTRYP PFNGLISENABLEDPROC)(GLenum cap);
typedef void           (APIENTRYP PFNGLGETBOOLEANVPROC)(GLenum pname, GLboolean* data);
typedef void           (APIENTRYP PFNGLCOLORMASKPROC)(GLboolean red, GLboolean green, GLboolean blue, GLboolean alpha);

// Every GL function imcontact needs, as X(MemberName, PFN typedef). The GL name is
// "gl" + MemberName. LoadGLApi fails when one of these is missing.
#define IMCONTACT_GL_FUNCTIONS(X)                              \
    X(GetError,               PFNGLGETERRORPROC)               \
    X(GetIntegerv,            PFNGLGETINTEGERVPROC)            \
    X(GetString,              PFNGLGETSTRINGPROC)              \
    X(PixelStorei,            PFNGLPIXELSTOREIPROC)            \
    X(ReadPixels,             PFNGLREADPIXELSPROC)             \
    X(ReadBuffer,             PFNGLREADBUFFERPROC)             \
    X(BindFramebuffer,        PFNGLBINDFRAMEBUFFERPROC)        \
    X(IsFramebuffer,          PFNGLISFRAMEBUFFERPROC)          \
    X(CheckFramebufferStatus, PFNGLCHECKFRAMEBUFFERSTATUSPROC) \
    X(BindBuffer,             PFNGLBINDBUFFERPROC)             \
    X(GenTextures,            PFNGLGENTEXTURESPROC)            \
    X(DeleteTextures,         PFNGLDELETETEXTURESPROC)         \
    X(BindTexture,            PFNGLBINDTEXTUREPROC)            \
    X(ActiveTexture,          PFNGLACTIVETEXTUREPROC)          \
    X(TexImage2D,             PFNGLTEXIMAGE2DPROC)             \
    X(TexParameteri,          PFNGLTEXPARAMETERIPROC)          \
    X(GenerateMipmap,         PFNGLGENERATEMIPMAPPROC)         \
    X(GenFramebuffers,        PFNGLGENFRAMEBUFFERSPROC)        \
    X(DeleteFramebuffers,     PFNGLDELETEFRAMEBUFFERSPROC)     \
    X(FramebufferTexture2D,   PFNGLFRAMEBUFFERTEXTURE2DPROC)   \
    X(BlitFramebuffer,        PFNGLBLITFRAMEBUFFERPROC)        \
    X(Enable,                 PFNGLENABLEPROC)                 \
    X(Disable,                PFNGLDISABLEPROC)                \
    X(IsEnabled,              PFNGLISENABLEDPROC)              \
    X(GetBooleanv,            PFNGLGETBOOLEANVPROC)            \
    X(ColorMask,              PFNGLCOLORMASKPROC)

// Functions of the asynchronous capture (pixel-pack buffer + fence: OpenGL 3.2, OpenGL
// ES 3.0). Optional: without them (an OpenGL 3.0/3.1 context) GLApi::HasAsyncReadback is
// false and imcontact captures synchronously.
#define IMCONTACT_GL_ASYNC_FUNCTIONS(X)                        \
    X(GenBuffers,             PFNGLGENBUFFERSPROC)             \
    X(DeleteBuffers,          PFNGLDELETEBUFFERSPROC)          \
    X(BufferData,             PFNGLBUFFERDATAPROC)             \
    X(MapBufferRange,         PFNGLMAPBUFFERRANGEPROC)         \
    X(UnmapBuffer,            PFNGLUNMAPBUFFERPROC)            \
    X(FenceSync,              PFNGLFENCESYNCPROC)              \
    X(ClientWaitSync,         PFNGLCLIENTWAITSYNCPROC)         \
    X(DeleteSync,             PFNGLDELETESYNCPROC)

// Function table filled by LoadGLApi. Call through it as gl.ReadPixels(...).
// A default-constructed GLApi (Loaded == false) must not be used.
struct GLApi
{
#define IMCONTACT_GL_MEMBER(name, type) type name = nullptr;
    IMCONTACT_GL_FUNCTIONS(IMCONTACT_GL_MEMBER)
    IMCONTACT_GL_ASYNC_FUNCTIONS(IMCONTACT_GL_MEMBER)
#undef IMCONTACT_GL_MEMBER

    bool Loaded       = false;  // true once LoadGLApi succeeded
    bool HasAsyncReadback = false;  // every IMCONTACT_GL_ASYNC_FUNCTIONS loaded, GL 3.2+ / ES 3.0+
    bool IsES         = false;  // OpenGL ES context ("OpenGL ES 3.2 ...")
    int  VersionMajor = 0;      // from glGetString(GL_VERSION)
    int  VersionMinor = 0;
};

// Fills *out with the functions above, using the host's loader. Call on the render
// thread with the host's context current, once after the context is created (again
// if the host recreates its context). On failure returns false, leaves *out
// default-constructed (Loaded == false) and, if 'error' is not null, stores a message
// that names every missing function, e.g.
// "ImContact: the GL loader returned null for: glReadBuffer".
// Also fails for contexts older than OpenGL 3.0 / OpenGL ES 3.0.
bool LoadGLApi(GLLoaderFunc loader, GLApi* out, std::string* error);

// "GL_INVALID_OPERATION", ... or "0x1234" for codes it does not know. Any thread.
std::string GLErrorName(GLenum err);

// Reads and discards pending GL error flags (bounded loop), so that a later
// glGetError reports only what imcontact caused. Returns the first discarded error,
// or GL_NO_ERROR. Note: GL cannot re-raise a consumed error, so a host that checks
// glGetError only long after its own calls will not see errors it left pending
// before an imcontact call. Render thread only.
GLenum ClearGLErrors(const GLApi& gl);

} // namespace ImContact
