// imcontact: thumbnail textures. See gl_texture.h.
#include "imcontact/internal/gl_texture.h"
#include "gl_state_guard.h"

#include <algorithm>
#include <cstdio>

namespace ImContact
{

static unsigned int TextureFail(std::string* error, const char* who, const std::string& message)
{
    if (error)
        *error = std::string("ImContact: ") + who + ": " + message;
    return 0;
}

// A new GL_TEXTURE_2D of w x h RGBA8, from 'pixels' (null: undefined contents), with
// mipmaps (GL_LINEAR_MIPMAP_LINEAR) or without (GL_LINEAR). 'who' names the caller in errors.
static unsigned int NewTexture(const GLApi& gl, int w, int h, const void* pixels, bool mipmaps, const char* who, std::string* error)
{
    if (!gl.Loaded)
        return TextureFail(error, who, "the GLApi is not loaded (call LoadGLApi first)");
    if (w <= 0 || h <= 0)
        return TextureFail(error, who, "empty image (" + std::to_string(w) + "x" + std::to_string(h) + ")");
    ClearGLErrors(gl); // pending host errors must not be reported as ours
    GLint max_size = 0;
    gl.GetIntegerv(GL_MAX_TEXTURE_SIZE, &max_size);
    if (w > max_size || h > max_size)
        return TextureFail(error, who, "image " + std::to_string(w) + "x" + std::to_string(h) +
                                  " exceeds GL_MAX_TEXTURE_SIZE " + std::to_string(max_size) + " (downscale it first)");

    GLuint tex = 0;
    GLenum err = GL_NO_ERROR;
    {
        GLTextureBindingGuard tex_guard(gl);
        GLBufferBindingGuard  pbo_guard(gl, GL_PIXEL_UNPACK_BUFFER, 0);
        GLPixelStoreGuard     unpack_guard(gl, GLPixelStore::Unpack);

        gl.GenTextures(1, &tex);
        gl.BindTexture(GL_TEXTURE_2D, tex);
        gl.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, mipmaps ? GL_LINEAR_MIPMAP_LINEAR : GL_LINEAR);
        gl.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        gl.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        gl.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        gl.TexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
        if (mipmaps) gl.GenerateMipmap(GL_TEXTURE_2D);
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
        return TextureFail(error, who, "GL error " + GLErrorName(err));
    }
    return tex;
}

static bool ImageSizeOk(const CapturedImage& img, const char* who, std::string* error)
{
    if (img.Width <= 0 || img.Height <= 0)
    {
        TextureFail(error, who, "empty image (" + std::to_string(img.Width) + "x" + std::to_string(img.Height) + ")");
        return false;
    }
    if (img.Pixels.size() == static_cast<size_t>(img.Width) * static_cast<size_t>(img.Height) * 4)
        return true;
    TextureFail(error, who, "image data holds " + std::to_string(img.Pixels.size()) + " bytes, expected Width*Height*4 (" +
                                std::to_string(img.Width) + "x" + std::to_string(img.Height) + ")");
    return false;
}

unsigned int CreateTextureRGBA(const GLApi& gl, const CapturedImage& img, std::string* error)
{
    if (!ImageSizeOk(img, "CreateTextureRGBA", error)) return 0;
    return NewTexture(gl, img.Width, img.Height, img.Pixels.data(), true, "CreateTextureRGBA", error);
}

unsigned int CreateTextureRows(const GLApi& gl, const CapturedImage& img, int y, int rows, std::string* error)
{
    const char* who = "CreateTextureRows";
    if (!ImageSizeOk(img, who, error)) return 0;
    if (y < 0 || y >= img.Height || rows <= 0)
        return TextureFail(error, who, "rows " + std::to_string(y) + "+" + std::to_string(rows) + " outside the image");
    rows = std::min(rows, img.Height - y);
    return NewTexture(gl, img.Width, rows, img.Pixels.data() + static_cast<size_t>(y) * static_cast<size_t>(img.Width) * 4,
                      false, who, error);
}

void DeleteTexture(const GLApi& gl, unsigned int tex)
{
    if (tex != 0 && gl.DeleteTextures)
        gl.DeleteTextures(1, &tex);
}

int ThumbnailHalvings(int width, int height, int max_side)
{
    if (width <= 0 || height <= 0 || max_side <= 0)
        return 0;
    int k = 0;
    while (k < 30 && ((width >> k) > max_side || (height >> k) > max_side))
        k++;
    return k;
}

static void SetSingleLevelLinear(const GLApi& gl)
{
    gl.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    gl.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    gl.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    gl.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    gl.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, 0);   // complete without mipmaps
}

static std::string AttachColor(const GLApi& gl, unsigned int fbo, unsigned int tex)
{
    gl.BindFramebuffer(GL_DRAW_FRAMEBUFFER, fbo);
    gl.FramebufferTexture2D(GL_DRAW_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex, 0);
    const GLenum status = gl.CheckFramebufferStatus(GL_DRAW_FRAMEBUFFER);
    if (status == GL_FRAMEBUFFER_COMPLETE)
        return std::string();
    char buf[80];
    snprintf(buf, sizeof(buf), "the thumbnail's framebuffer is not complete (status 0x%04X)", static_cast<unsigned int>(status));
    return buf;
}

// Needs GLTextureBindingGuard, no pixel-unpack buffer and GLDrawFramebufferGuard around it.
std::string ThumbnailBlitter::EnsureLevel(const GLApi& gl, Level* level, int width, int height)
{
    if (level->Tex == 0)
        gl.GenTextures(1, &level->Tex);
    if (level->Fbo == 0)
        gl.GenFramebuffers(1, &level->Fbo);
    if (level->Width == width && level->Height == height)
        return std::string();
    gl.BindTexture(GL_TEXTURE_2D, level->Tex);
    SetSingleLevelLinear(gl);
    gl.TexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    std::string failure = AttachColor(gl, level->Fbo, level->Tex);
    if (failure.empty())
    {
        level->Width = width;
        level->Height = height;
    }
    return failure;
}

unsigned int ThumbnailBlitter::Run(const GLApi& gl, unsigned int source_fbo, bool host_source, int width, int height,
                                   int max_side, bool flip, std::string* error)
{
    const int k = ThumbnailHalvings(width, height, max_side);
    auto halved = [](int size, int times) { return std::max(1, size >> times); };
    const int tw = halved(width, k), th = halved(height, k);
    GLuint result = 0;
    std::string failure;
    {
        GLTextureBindingGuard  tex_guard(gl);
        GLBufferBindingGuard   unpack_guard(gl, GL_PIXEL_UNPACK_BUFFER, 0);
        GLDrawFramebufferGuard draw_guard(gl);
        GLBlitStateGuard       blit_guard(gl);
        GLReadFramebufferGuard read_guard(gl, source_fbo);
        failure = [&]() -> std::string
        {
            const GLenum status = gl.CheckFramebufferStatus(GL_READ_FRAMEBUFFER);
            if (status != GL_FRAMEBUFFER_COMPLETE)
            {
                char buf[96];
                snprintf(buf, sizeof(buf), "framebuffer %u is not complete (status 0x%04X)", source_fbo, static_cast<unsigned int>(status));
                return buf;
            }
            SelectCaptureReadBuffer(gl, source_fbo);
            if (host_source)
            {
                // A scaling blit from a multisampled framebuffer is an error: resolve at full size first.
                gl.BindFramebuffer(GL_DRAW_FRAMEBUFFER, source_fbo);
                GLint sample_buffers = 0;
                gl.GetIntegerv(GL_SAMPLE_BUFFERS, &sample_buffers);
                if (sample_buffers > 0)
                {
                    std::string f = EnsureLevel(gl, &full_, width, height);
                    if (!f.empty())
                        return f;
                    gl.BindFramebuffer(GL_DRAW_FRAMEBUFFER, full_.Fbo);
                    gl.BlitFramebuffer(0, 0, width, height, 0, 0, width, height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
                    gl.BindFramebuffer(GL_READ_FRAMEBUFFER, full_.Fbo);
                }
            }
            if (levels_.size() + 1 < static_cast<size_t>(k))
                levels_.resize(static_cast<size_t>(k) - 1);
            for (int i = 0; i + 1 < k; i++)
            {
                std::string f = EnsureLevel(gl, &levels_[static_cast<size_t>(i)], halved(width, i + 1), halved(height, i + 1));
                if (!f.empty())
                    return f;
            }
            gl.GenTextures(1, &result);
            gl.BindTexture(GL_TEXTURE_2D, result);
            SetSingleLevelLinear(gl);
            gl.TexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, tw, th, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
            if (result_fbo_ == 0)
                gl.GenFramebuffers(1, &result_fbo_);
            std::string f = AttachColor(gl, result_fbo_, result);
            if (!f.empty())
                return f;

            // Each step halves (GL_LINEAR samples between four texels: their mean); the last
            // one writes the result, flipped when the source is bottom row first.
            const int steps = std::max(k, 1);
            int sw = width, sh = height;
            for (int step = 1; step <= steps; step++)
            {
                const bool last = step == steps;
                const int dw = halved(width, k == 0 ? 0 : step), dh = halved(height, k == 0 ? 0 : step);
                const GLuint dst = last ? result_fbo_ : levels_[static_cast<size_t>(step - 1)].Fbo;
                gl.BindFramebuffer(GL_DRAW_FRAMEBUFFER, dst);
                // An odd last column or row is dropped: the one at the image's bottom, which
                // is GL's row 0 when the source is bottom row first (so blocks start at the top).
                const int sx1 = k == 0 ? sw : std::min(sw, 2 * dw), rows = k == 0 ? sh : std::min(sh, 2 * dh);
                const int sy0 = flip ? sh - rows : 0;
                const bool flip_now = last && flip;
                gl.BlitFramebuffer(0, sy0, sx1, sy0 + rows, 0, flip_now ? dh : 0, dw, flip_now ? 0 : dh, GL_COLOR_BUFFER_BIT,
                                   k == 0 ? GL_NEAREST : GL_LINEAR);
                gl.BindFramebuffer(GL_READ_FRAMEBUFFER, dst);
                sw = dw;
                sh = dh;
            }
            // Detached, so that the caller's glDeleteTextures frees the texture at once.
            gl.BindFramebuffer(GL_DRAW_FRAMEBUFFER, result_fbo_);
            gl.FramebufferTexture2D(GL_DRAW_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, 0, 0);
            const GLenum err = gl.GetError();
            return err == GL_NO_ERROR ? std::string() : "a thumbnail blit failed with " + GLErrorName(err);
        }();
        gl.BindFramebuffer(GL_READ_FRAMEBUFFER, source_fbo);   // read_guard restores this one's read buffer
    } // guards restore the host's state here
    const GLenum restore_err = ClearGLErrors(gl);
    if (failure.empty() && restore_err != GL_NO_ERROR)
        failure = "restoring the host's GL state failed with " + GLErrorName(restore_err);
    if (!failure.empty())
    {
        if (result != 0)
            gl.DeleteTextures(1, &result);
        if (error)
            *error = "ImContact: thumbnail: " + failure;
        return 0;
    }
    return result;
}

unsigned int ThumbnailBlitter::FromFramebuffer(const GLApi& gl, unsigned int read_framebuffer, int width, int height,
                                               int max_side, std::string* error)
{
    const std::string failure = CheckCaptureRequest(gl, read_framebuffer, width, height);
    if (!failure.empty())
    {
        if (error)
            *error = "ImContact: thumbnail: " + failure;
        return 0;
    }
    return Run(gl, read_framebuffer, true, width, height, max_side, true, error);
}

unsigned int ThumbnailBlitter::FromImage(const GLApi& gl, const CapturedImage& img, int max_side, std::string* error)
{
    std::string failure = CheckCaptureRequest(gl, 0, img.Width, img.Height);
    if (failure.empty() && img.Pixels.size() != static_cast<size_t>(img.Width) * static_cast<size_t>(img.Height) * 4)
        failure = "image data holds " + std::to_string(img.Pixels.size()) + " bytes, expected Width*Height*4";
    if (failure.empty())
    {
        GLTextureBindingGuard  tex_guard(gl);
        GLBufferBindingGuard   unpack_guard(gl, GL_PIXEL_UNPACK_BUFFER, 0);
        GLPixelStoreGuard      store_guard(gl, GLPixelStore::Unpack);
        GLDrawFramebufferGuard draw_guard(gl);
        failure = EnsureLevel(gl, &full_, img.Width, img.Height);
        if (failure.empty())
        {
            gl.BindTexture(GL_TEXTURE_2D, full_.Tex);   // rows top first: the texture's row 0 is the top
            gl.TexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, img.Width, img.Height, 0, GL_RGBA, GL_UNSIGNED_BYTE, img.Pixels.data());
            const GLenum err = gl.GetError();
            if (err != GL_NO_ERROR)
                failure = "uploading the image failed with " + GLErrorName(err);
        }
    }
    if (!failure.empty())
    {
        ClearGLErrors(gl);
        if (error)
            *error = "ImContact: thumbnail: " + failure;
        return 0;
    }
    return Run(gl, full_.Fbo, false, img.Width, img.Height, max_side, false, error);
}

bool ThumbnailBlitter::WarmUp(const GLApi& gl, unsigned int read_framebuffer, int width, int height, std::string* error)
{
    if (width < 2 || height < 2)
        return true;
    // A halving blit from the host's framebuffer (its format: the program the first step
    // uses) and, from the 1x1 result's FBO, the remaining kinds are all RGBA8 to RGBA8.
    const unsigned int tex = FromFramebuffer(gl, read_framebuffer, 2, 2, 1, error);
    DeleteTexture(gl, tex);
    return tex != 0;
}

void ThumbnailBlitter::Release(const GLApi& gl)
{
    auto free_level = [&gl](Level* level)
    {
        if (level->Fbo != 0)
            gl.DeleteFramebuffers(1, &level->Fbo);
        if (level->Tex != 0)
            gl.DeleteTextures(1, &level->Tex);
        *level = Level();
    };
    for (Level& level : levels_)
        free_level(&level);
    levels_.clear();
    free_level(&full_);
    if (result_fbo_ != 0)
        gl.DeleteFramebuffers(1, &result_fbo_);
    result_fbo_ = 0;
}

} // namespace ImContact
