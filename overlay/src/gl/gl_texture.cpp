// imcontact: thumbnail textures. See gl_texture.h.
#include "imcontact/internal/gl_texture.h"
#include "gl_state_guard.h"

namespace ImContact
{

static unsigned int TextureFail(std::string* error, const std::string& message)
{
    if (error)
        *error = "ImContact: CreateTextureRGBA: " + message;
    return 0;
}

unsigned int CreateTextureRGBA(const GLApi& gl, const CapturedImage& img, std::string* error)
{
    if (!gl.Loaded)
        return TextureFail(error, "the GLApi is not loaded (call LoadGLApi first)");
    if (img.Width <= 0 || img.Height <= 0)
        return TextureFail(error, "empty image (" + std::to_string(img.Width) + "x" + std::to_string(img.Height) + ")");
    if (img.Pixels.size() != static_cast<size_t>(img.Width) * static_cast<size_t>(img.Height) * 4)
        return TextureFail(error, "image data holds " + std::to_string(img.Pixels.size()) + " bytes, expected Width*Height*4");

    ClearGLErrors(gl); // pending host errors must not be reported as ours
    GLint max_size = 0;
    gl.GetIntegerv(GL_MAX_TEXTURE_SIZE, &max_size);
    if (img.Width > max_size || img.Height > max_size)
        return TextureFail(error, "image " + std::to_string(img.Width) + "x" + std::to_string(img.Height) +
                                  " exceeds GL_MAX_TEXTURE_SIZE " + std::to_string(max_size) + " (downscale it first)");

    GLuint tex = 0;
    GLenum err = GL_NO_ERROR;
    {
        GLTextureBindingGuard tex_guard(gl);
        GLBufferBindingGuard  pbo_guard(gl, GL_PIXEL_UNPACK_BUFFER, 0);
        GLPixelStoreGuard     unpack_guard(gl, GLPixelStore::Unpack);

        gl.GenTextures(1, &tex);
        gl.BindTexture(GL_TEXTURE_2D, tex);
        gl.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
        gl.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        gl.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        gl.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        gl.TexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, img.Width, img.Height, 0, GL_RGBA, GL_UNSIGNED_BYTE, img.Pixels.data());
        gl.GenerateMipmap(GL_TEXTURE_2D);
        err = gl.GetError();
    } // guards restore the host's state here
    if (err == GL_NO_ERROR)
        err = ClearGLErrors(gl);
    else
        ClearGLErrors(gl);

    if (err != GL_NO_ERROR)
    {
        if (tex != 0)
            gl.DeleteTextures(1, &tex);
        return TextureFail(error, "GL error " + GLErrorName(err));
    }
    return tex;
}

void DeleteTexture(const GLApi& gl, unsigned int tex)
{
    if (tex != 0 && gl.DeleteTextures)
        gl.DeleteTextures(1, &tex);
}

} // namespace ImContact
