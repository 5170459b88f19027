// GL test host shared by the imcontact_gl tests (test_gl_capture, test_gl_capture_async):
// a hidden GLFW window with an OpenGL 3.3 core context and the library's GLApi loaded
// the way a host would, plus pixel patterns, FBOs, image comparison and a snapshot of
// every GL state the library may touch.
//
// The tests are GL *hosts*: they call GL directly through their own libGL. They need an
// X display (Xvfb + Mesa llvmpipe in CI); without one every test case FAILS.
#pragma once

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include "support/glfw_session.h"
#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES // the test calls GL directly, through its own libGL
#endif
#include <GL/glcorearb.h>

#include "imcontact/internal/gl_api.h"
#include "imcontact/internal/gl_capture.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ImContactGLTest
{

using namespace ImContact;

// --- GLFW host ---------------------------------------------------------------------

using ImContactTest::Glfw;
using ImContactTest::GlfwSession;
using ImContactTest::g_GlfwLastError;

inline const char* const NeedDisplay =
    "These GL tests need an X display with OpenGL 3.3 (e.g. Xvfb + Mesa llvmpipe). Run them as:\n"
    "    xvfb-run -a -s \"-screen 0 1280x1024x24\" build/tests/gl/test_gl_capture (or test_gl_capture_async)";

// A hidden window with a current OpenGL 3.3 core context, and the library's GLApi
// loaded from glfwGetProcAddress the way a host would pass it.
struct TestWindow
{
    GLFWwindow* Window = nullptr;
    GLApi       Gl;
    int         FbWidth = 0;
    int         FbHeight = 0;

    TestWindow(int width, int height, int samples = 0)
    {
        GlfwSession& glfw = Glfw();
        if (!glfw.Ok)
            FAIL("glfwInit failed (" << glfw.Error << ", DISPLAY=" << (getenv("DISPLAY") ? getenv("DISPLAY") : "<unset>") << ").\n" << NeedDisplay);
        glfwDefaultWindowHints();
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
        glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
        glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
        glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
        glfwWindowHint(GLFW_DOUBLEBUFFER, GLFW_TRUE);
        glfwWindowHint(GLFW_ALPHA_BITS, 8);
        glfwWindowHint(GLFW_SAMPLES, samples);
        g_GlfwLastError.clear();
        Window = glfwCreateWindow(width, height, "imcontact test_gl_capture", nullptr, nullptr);
        if (!Window)
            FAIL("glfwCreateWindow (OpenGL 3.3 core) failed: " << g_GlfwLastError << "\n" << NeedDisplay);
        glfwMakeContextCurrent(Window);
        glfwGetFramebufferSize(Window, &FbWidth, &FbHeight);

        // What a host writes: the cast is the common idiom for GLFW's 'void (*)(void)'.
        std::string error;
        const bool loaded = LoadGLApi(reinterpret_cast<GLLoaderFunc>(glfwGetProcAddress), &Gl, &error);
        if (!loaded)
        {
            Destroy();
            FAIL("LoadGLApi failed: " << error);
        }
        glDisable(GL_DITHER);
        glViewport(0, 0, FbWidth, FbHeight);
    }
    ~TestWindow() { Destroy(); }
    void Destroy()
    {
        if (!Window)
            return;
        glfwMakeContextCurrent(nullptr);
        glfwDestroyWindow(Window);
        Window = nullptr;
    }
    TestWindow(const TestWindow&) = delete;
    TestWindow& operator=(const TestWindow&) = delete;
};

// --- pixels ------------------------------------------------------------------------

struct Rgba8
{
    uint8_t R, G, B, A;
    bool operator==(const Rgba8& o) const { return R == o.R && G == o.G && B == o.B && A == o.A; }
};

inline std::string ToString(Rgba8 c)
{
    char buf[48];
    snprintf(buf, sizeof(buf), "(%d,%d,%d,%d)", c.R, c.G, c.B, c.A);
    return buf;
}

// Clears a rectangle (GL window coordinates, origin bottom-left) of the draw framebuffer.
inline void ClearRect(int x, int y, int w, int h, Rgba8 c)
{
    glEnable(GL_SCISSOR_TEST);
    glScissor(x, y, w, h);
    glClearColor(c.R / 255.0f, c.G / 255.0f, c.B / 255.0f, c.A / 255.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_SCISSOR_TEST);
}

// "" if 'img' is width x height and every pixel (x, y_top) equals expected(x, y_top),
// otherwise a description of the first mismatch and the number of mismatches.
inline std::string CompareImage(const CapturedImage& img, int width, int height, const std::function<Rgba8(int, int)>& expected)
{
    if (img.Width != width || img.Height != height)
        return "size " + std::to_string(img.Width) + "x" + std::to_string(img.Height) + ", expected " + std::to_string(width) + "x" + std::to_string(height);
    if (img.Pixels.size() != static_cast<size_t>(width) * height * 4)
        return "Rgba holds " + std::to_string(img.Pixels.size()) + " bytes, expected " + std::to_string(static_cast<size_t>(width) * height * 4);
    size_t mismatches = 0;
    std::string first;
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            const uint8_t* p = &img.Pixels[(static_cast<size_t>(y) * width + x) * 4];
            const Rgba8 got = { p[0], p[1], p[2], p[3] };
            const Rgba8 want = expected(x, y);
            if (got == want)
                continue;
            if (mismatches++ == 0)
                first = "pixel (" + std::to_string(x) + "," + std::to_string(y) + ") from the top-left is " + ToString(got) + ", expected " + ToString(want);
        }
    if (mismatches == 0)
        return "";
    return std::to_string(mismatches) + " of " + std::to_string(static_cast<size_t>(width) * height) + " pixels differ; first: " + first;
}

// A per-pixel pattern in GL coordinates (y from the bottom): any stride, flip or channel
// error changes it.
inline Rgba8 Pattern(int x, int y_gl, uint8_t alpha)
{
    return { static_cast<uint8_t>(x * 3 + y_gl), static_cast<uint8_t>(y_gl * 5 + x * 7), static_cast<uint8_t>(x ^ (y_gl * 11)), alpha };
}

// An RGBA8 texture holding Pattern, uploaded by the test itself (bottom row first).
inline GLuint MakePatternTexture(int width, int height, uint8_t alpha)
{
    std::vector<uint8_t> data(static_cast<size_t>(width) * height * 4);
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            const Rgba8 c = Pattern(x, y, alpha);
            memcpy(&data[(static_cast<size_t>(y) * width + x) * 4], &c, 4);
        }
    GLuint tex = 0;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, data.data());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glBindTexture(GL_TEXTURE_2D, 0);
    return tex;
}

// A framebuffer object with one GL_RGBA8 renderbuffer as GL_COLOR_ATTACHMENT0 (multisampled
// with 'samples' > 0), or with 'color_texture' (owned from then on) in its place.
struct TestFbo
{
    GLuint Fbo = 0, Rb = 0, Tex = 0;
    int    Width = 0, Height = 0;

    TestFbo(int width, int height, GLuint color_texture = 0, int samples = 0) : Width(width), Height(height)
    {
        glGenFramebuffers(1, &Fbo);
        glBindFramebuffer(GL_FRAMEBUFFER, Fbo);
        if (color_texture != 0)
        {
            Tex = color_texture;
            glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, Tex, 0);
        }
        else
        {
            glGenRenderbuffers(1, &Rb);
            glBindRenderbuffer(GL_RENDERBUFFER, Rb);
            if (samples > 0)
                glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_RGBA8, width, height);
            else
                glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
            glBindRenderbuffer(GL_RENDERBUFFER, 0);
            glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, Rb);
        }
        const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        REQUIRE(status == GL_FRAMEBUFFER_COMPLETE);
    }
    ~TestFbo()
    {
        glDeleteFramebuffers(1, &Fbo);
        if (Rb)
            glDeleteRenderbuffers(1, &Rb);
        if (Tex)
            glDeleteTextures(1, &Tex);
    }
    TestFbo(const TestFbo&) = delete;
    TestFbo& operator=(const TestFbo&) = delete;
};

inline GLint GetInt(GLenum pname)
{
    GLint v[16]; // room for multi-value queries (GL_VIEWPORT: 4); the first value is returned
    v[0] = -12345;
    glGetIntegerv(pname, v);
    return v[0];
}

// Everything the library may touch, queried through the test's own libGL. Per-unit and
// per-framebuffer values are queried by switching and switching back.
inline std::vector<std::pair<std::string, GLint>> SnapshotState(const std::vector<GLuint>& framebuffers, const std::vector<GLenum>& units)
{
#define IMC_STATE(pname) { #pname, GL_##pname }
    static const std::pair<const char*, GLenum> pnames[] = {
        IMC_STATE(PACK_ALIGNMENT), IMC_STATE(PACK_ROW_LENGTH), IMC_STATE(PACK_SKIP_ROWS), IMC_STATE(PACK_SKIP_PIXELS),
        IMC_STATE(PACK_IMAGE_HEIGHT), IMC_STATE(PACK_SKIP_IMAGES),
        IMC_STATE(UNPACK_ALIGNMENT), IMC_STATE(UNPACK_ROW_LENGTH), IMC_STATE(UNPACK_SKIP_ROWS), IMC_STATE(UNPACK_SKIP_PIXELS),
        IMC_STATE(UNPACK_IMAGE_HEIGHT), IMC_STATE(UNPACK_SKIP_IMAGES),
        IMC_STATE(READ_FRAMEBUFFER_BINDING), IMC_STATE(DRAW_FRAMEBUFFER_BINDING), IMC_STATE(READ_BUFFER), IMC_STATE(DRAW_BUFFER),
        IMC_STATE(PIXEL_PACK_BUFFER_BINDING), IMC_STATE(PIXEL_UNPACK_BUFFER_BINDING), IMC_STATE(ARRAY_BUFFER_BINDING),
        IMC_STATE(ACTIVE_TEXTURE), IMC_STATE(TEXTURE_BINDING_2D), IMC_STATE(RENDERBUFFER_BINDING),
        IMC_STATE(SCISSOR_TEST),
    };
#undef IMC_STATE
    std::vector<std::pair<std::string, GLint>> state;
    for (const auto& p : pnames)
        state.emplace_back(p.first, GetInt(p.second));
    GLint viewport[4] = { -1, -1, -1, -1 };
    glGetIntegerv(GL_VIEWPORT, viewport);
    for (int i = 0; i < 4; i++)
        state.emplace_back("VIEWPORT[" + std::to_string(i) + "]", viewport[i]);

    const GLint saved_unit = GetInt(GL_ACTIVE_TEXTURE);
    for (GLenum unit : units)
    {
        glActiveTexture(unit);
        state.emplace_back("TEXTURE_BINDING_2D of unit " + std::to_string(unit - GL_TEXTURE0), GetInt(GL_TEXTURE_BINDING_2D));
    }
    glActiveTexture(saved_unit);

    const GLint saved_read = GetInt(GL_READ_FRAMEBUFFER_BINDING);
    for (GLuint fb : framebuffers)
    {
        glBindFramebuffer(GL_READ_FRAMEBUFFER, fb);
        state.emplace_back("READ_BUFFER of framebuffer " + std::to_string(fb), GetInt(GL_READ_BUFFER));
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, saved_read);
    return state;
}

inline std::string GLErrorNow()
{
    const GLenum err = glGetError();
    return err == GL_NO_ERROR ? "" : GLErrorName(err);
}

} // namespace ImContactGLTest
