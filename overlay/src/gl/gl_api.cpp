// imcontact: the OpenGL function table. See gl_api.h.
#include "imcontact/internal/gl_api.h"

#include <cstdio>
#include <cstring>

namespace ImContact
{

static bool SetError(std::string* error, const std::string& message)
{
    if (error)
        *error = message;
    return false;
}

// Parses "4.5 (Core Profile) Mesa 22.3.6", "3.3.0 NVIDIA 535.1", "OpenGL ES 3.2 Mesa ..."
// and "OpenGL ES-CM 1.1 ..." (which the version check then rejects).
static bool ParseGLVersion(const char* version, bool* is_es, int* major, int* minor)
{
    static const char* const es_prefixes[] = { "OpenGL ES-CM ", "OpenGL ES-CL ", "OpenGL ES " };
    *is_es = false;
    for (const char* prefix : es_prefixes)
    {
        const size_t len = strlen(prefix);
        if (strncmp(version, prefix, len) == 0)
        {
            *is_es = true;
            version += len;
            break;
        }
    }
    return sscanf(version, "%d.%d", major, minor) == 2;
}

bool LoadGLApi(GLLoaderFunc loader, GLApi* out, std::string* error)
{
    if (!out)
        return SetError(error, "ImContact: LoadGLApi: 'out' is null");
    *out = GLApi();
    if (!loader)
        return SetError(error, "ImContact: LoadGLApi: the GL loader function is null");

    GLApi api;
    std::string missing;
#define IMCONTACT_GL_LOAD(name, type)                                              \
    api.name = reinterpret_cast<type>(loader("gl" #name));                         \
    if (!api.name)                                                                 \
        missing += (missing.empty() ? "gl" #name : ", gl" #name);
    IMCONTACT_GL_FUNCTIONS(IMCONTACT_GL_LOAD)
#undef IMCONTACT_GL_LOAD
    if (!missing.empty())
        return SetError(error, "ImContact: the GL loader returned null for: " + missing +
                               " (OpenGL 3.0+ or OpenGL ES 3.0+ is required, and the host's GL context must be current)");

    const GLubyte* version_str = api.GetString(GL_VERSION);
    if (!version_str)
        return SetError(error, "ImContact: glGetString(GL_VERSION) returned null (is the host's GL context current on this thread?)");
    const char* version = reinterpret_cast<const char*>(version_str);
    if (!ParseGLVersion(version, &api.IsES, &api.VersionMajor, &api.VersionMinor))
        return SetError(error, std::string("ImContact: cannot parse GL_VERSION \"") + version + "\"");
    if (api.VersionMajor < 3)
        return SetError(error, std::string("ImContact: OpenGL 3.0+ or OpenGL ES 3.0+ is required; the context reports \"") + version + "\"");

    // Optional: the asynchronous capture. A loader may return non-null for functions the
    // context lacks (GLX does), so the version decides too: fences are OpenGL 3.2 / ES 3.0.
    bool async_ok = api.IsES || api.VersionMajor > 3 || (api.VersionMajor == 3 && api.VersionMinor >= 2);
#define IMCONTACT_GL_LOAD_OPTIONAL(name, type)                                     \
    api.name = reinterpret_cast<type>(loader("gl" #name));                         \
    async_ok = async_ok && api.name != nullptr;
    IMCONTACT_GL_ASYNC_FUNCTIONS(IMCONTACT_GL_LOAD_OPTIONAL)
#undef IMCONTACT_GL_LOAD_OPTIONAL
    api.HasAsyncReadback = async_ok;

    api.Loaded = true;
    *out = api;
    return true;
}

std::string GLErrorName(GLenum err)
{
    switch (err)
    {
    case GL_NO_ERROR:                      return "GL_NO_ERROR";
    case GL_INVALID_ENUM:                  return "GL_INVALID_ENUM";
    case GL_INVALID_VALUE:                 return "GL_INVALID_VALUE";
    case GL_INVALID_OPERATION:             return "GL_INVALID_OPERATION";
    case GL_INVALID_FRAMEBUFFER_OPERATION: return "GL_INVALID_FRAMEBUFFER_OPERATION";
    case GL_OUT_OF_MEMORY:                 return "GL_OUT_OF_MEMORY";
    case GL_STACK_UNDERFLOW:               return "GL_STACK_UNDERFLOW";
    case GL_STACK_OVERFLOW:                return "GL_STACK_OVERFLOW";
    case GL_CONTEXT_LOST:                  return "GL_CONTEXT_LOST";
    default:
    {
        char buf[16];
        snprintf(buf, sizeof(buf), "0x%04X", static_cast<unsigned int>(err));
        return buf;
    }
    }
}

GLenum ClearGLErrors(const GLApi& gl)
{
    // Implementations keep one flag per error kind; glGetError returns and clears one
    // at a time. The bound guards against a lost context that keeps returning errors.
    GLenum first = GL_NO_ERROR;
    for (int i = 0; i < 16; i++)
    {
        const GLenum err = gl.GetError();
        if (err == GL_NO_ERROR)
            break;
        if (first == GL_NO_ERROR)
            first = err;
    }
    return first;
}

} // namespace ImContact
