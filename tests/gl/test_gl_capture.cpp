// Tests for imcontact_gl: LoadGLApi, CaptureFramebuffer, CreateTextureRGBA.
//
// This test is a GL *host*: it opens a real GLFW window with an OpenGL 3.3 core context
// and links libGL itself (the library does not). It needs an X display; under CI run it
// with Xvfb + Mesa llvmpipe:
//     xvfb-run -a -s "-screen 0 1280x1024x24" build/tests/gl/test_gl_capture
// Without a display every test case FAILS (it does not skip).

#include "support/gl_test_window.h"

#include "imcontact/internal/gl_api.h"
#include "imcontact/internal/gl_capture.h"
#include "gl_state_guard.h"
#include "imcontact/internal/gl_texture.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

using namespace ImContact;
using namespace ImContactGLTest;

// -----------------------------------------------------------------------------------

TEST_CASE("Default framebuffer: an asymmetric pattern comes back pixel-exact and upright", "[gl][capture]")
{
    TestWindow win(201, 147); // odd on purpose
    const int w = win.FbWidth, h = win.FbHeight;
    REQUIRE(w > 8);
    REQUIRE(h > 8);
    INFO("framebuffer " << w << "x" << h);

    // GL coordinates (origin bottom-left). Quadrants split off-centre, plus one-pixel
    // markers at the image's top-left and bottom-right corners.
    const int split_x = w / 3, split_y = h / 4;
    const Rgba8 bottom_left = { 200, 30, 40, 255 }, bottom_right = { 20, 180, 60, 255 };
    const Rgba8 top_left = { 10, 50, 220, 255 }, top_right = { 240, 210, 15, 255 };
    const Rgba8 marker_top_left = { 255, 0, 255, 255 }, marker_bottom_right = { 0, 255, 255, 255 };
    auto color_gl = [&](int x, int y_gl) -> Rgba8
    {
        if (x == 0 && y_gl == h - 1)
            return marker_top_left;
        if (x == w - 1 && y_gl == 0)
            return marker_bottom_right;
        if (y_gl < split_y)
            return x < split_x ? bottom_left : bottom_right;
        return x < split_x ? top_left : top_right;
    };

    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    ClearRect(0, 0, split_x, split_y, bottom_left);
    ClearRect(split_x, 0, w - split_x, split_y, bottom_right);
    ClearRect(0, split_y, split_x, h - split_y, top_left);
    ClearRect(split_x, split_y, w - split_x, h - split_y, top_right);
    ClearRect(0, h - 1, 1, 1, marker_top_left);
    ClearRect(w - 1, 0, 1, 1, marker_bottom_right);
    REQUIRE(GLErrorNow() == "");

    CapturedImage img;
    std::string error;
    REQUIRE(CaptureFramebuffer(win.Gl, 0, w, h, &img, &error));
    CHECK(error.empty());
    CHECK(CompareImage(img, w, h, [&](int x, int y_top) { return color_gl(x, h - 1 - y_top); }) == "");

    // Explicit corner checks, for a readable failure if the image is flipped.
    REQUIRE(img.Pixels.size() >= 4);
    const uint8_t* first = &img.Pixels[0];
    CHECK(ToString({ first[0], first[1], first[2], first[3] }) == ToString(marker_top_left));
}

TEST_CASE("Multisampled framebuffers: the default one is resolved, an MSAA FBO is refused clearly", "[gl][capture]")
{
    SECTION("4x MSAA default framebuffer")
    {
        TestWindow win(75, 41, 4);
        GLint samples = 0;
        glGetIntegerv(GL_SAMPLES, &samples);
        INFO("GL_SAMPLES of the default framebuffer: " << samples);
        CHECK(samples > 1);
        const int w = win.FbWidth, h = win.FbHeight;
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        ClearRect(0, 0, w, h, { 10, 20, 30, 255 });
        ClearRect(0, h / 2, w / 2, h - h / 2, { 200, 100, 50, 255 }); // top-left block
        CapturedImage img;
        std::string error;
        REQUIRE(CaptureFramebuffer(win.Gl, 0, w, h, &img, &error));
        CHECK(CompareImage(img, w, h, [&](int x, int y_top) {
            return (x < w / 2 && h - 1 - y_top >= h / 2) ? Rgba8{ 200, 100, 50, 255 } : Rgba8{ 10, 20, 30, 255 };
        }) == "");
    }
    SECTION("4x MSAA framebuffer object")
    {
        TestWindow win(16, 16);
        TestFbo msaa(32, 32, 0, 4);
        CapturedImage img;
        std::string error;
        CHECK_FALSE(CaptureFramebuffer(win.Gl, msaa.Fbo, 32, 32, &img, &error));
        CHECK_THAT(error, Catch::Contains("multisampled"));
        CHECK(GetInt(GL_READ_FRAMEBUFFER_BINDING) == 0);
        CHECK(GLErrorNow() == "");
    }
}

TEST_CASE("Odd-size FBO (333x217) with host GL_PACK_ALIGNMENT 8 comes back pixel-exact", "[gl][capture]")
{
    TestWindow win(64, 64);
    const int w = 333, h = 217;
    TestFbo fbo(w, h, MakePatternTexture(w, h, 255));

    glPixelStorei(GL_PACK_ALIGNMENT, 8);
    REQUIRE(GLErrorNow() == "");

    CapturedImage img;
    std::string error;
    REQUIRE(CaptureFramebuffer(win.Gl, fbo.Fbo, w, h, &img, &error));
    CHECK(CompareImage(img, w, h, [&](int x, int y_top) { return Pattern(x, h - 1 - y_top, 255); }) == "");
    CHECK(GetInt(GL_PACK_ALIGNMENT) == 8);

    // A second capture into the same CapturedImage (capacity reuse) gives the same result.
    REQUIRE(CaptureFramebuffer(win.Gl, fbo.Fbo, w, h, &img, &error));
    CHECK(CompareImage(img, w, h, [&](int x, int y_top) { return Pattern(x, h - 1 - y_top, 255); }) == "");

    // A smaller sub-rectangle: the bottom-left 101x55 pixels of the FBO, upright.
    REQUIRE(CaptureFramebuffer(win.Gl, fbo.Fbo, 101, 55, &img, &error));
    CHECK(CompareImage(img, 101, 55, [&](int x, int y_top) { return Pattern(x, 55 - 1 - y_top, 255); }) == "");
}

TEST_CASE("Capture and texture creation leave every GL state as the host set it", "[gl][capture][texture][state]")
{
    TestWindow win(96, 80);
    const Rgba8 target_color = { 90, 140, 190, 255 };

    // The framebuffer to capture (B), and another one the host has bound for reading (A,
    // two attachments, reading the second). B is also the host's draw framebuffer.
    TestFbo target(64, 48);
    GLuint host_fbo = 0, host_rb[2] = { 0, 0 };
    glGenFramebuffers(1, &host_fbo);
    glGenRenderbuffers(2, host_rb);
    glBindFramebuffer(GL_FRAMEBUFFER, host_fbo);
    for (int i = 0; i < 2; i++)
    {
        glBindRenderbuffer(GL_RENDERBUFFER, host_rb[i]);
        glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, 16, 16);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0 + i, GL_RENDERBUFFER, host_rb[i]);
    }
    REQUIRE(glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE);

    glBindFramebuffer(GL_FRAMEBUFFER, target.Fbo);
    glViewport(0, 0, target.Width, target.Height);
    ClearRect(0, 0, target.Width, target.Height, target_color);
    glViewport(3, 5, 70, 60); // a non-default viewport, left alone by the library

    // Default framebuffer: read buffer GL_FRONT. B: read buffer GL_NONE. A: attachment 1.
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    glReadBuffer(GL_FRONT);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, target.Fbo);
    glReadBuffer(GL_NONE);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, host_fbo);
    glReadBuffer(GL_COLOR_ATTACHMENT1);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, target.Fbo);

    // Pixel store, both directions.
    glPixelStorei(GL_PACK_ALIGNMENT, 2);
    glPixelStorei(GL_PACK_ROW_LENGTH, 7);
    glPixelStorei(GL_PACK_SKIP_ROWS, 3);
    glPixelStorei(GL_PACK_SKIP_PIXELS, 5);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 8);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 11);
    glPixelStorei(GL_UNPACK_SKIP_ROWS, 2);
    glPixelStorei(GL_UNPACK_SKIP_PIXELS, 4);
    glPixelStorei(GL_UNPACK_SKIP_IMAGES, 1);
    glPixelStorei(GL_UNPACK_IMAGE_HEIGHT, 9);

    // Pixel buffers bound in both directions, and an array buffer.
    GLuint buffers[3] = { 0, 0, 0 };
    glGenBuffers(3, buffers);
    glBindBuffer(GL_PIXEL_PACK_BUFFER, buffers[0]);
    glBufferData(GL_PIXEL_PACK_BUFFER, 4096, nullptr, GL_STREAM_READ);
    glBindBuffer(GL_PIXEL_UNPACK_BUFFER, buffers[1]);
    glBufferData(GL_PIXEL_UNPACK_BUFFER, 4096, nullptr, GL_STREAM_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, buffers[2]);

    // Textures on unit 0 and unit 3, unit 3 active.
    GLuint textures[2] = { 0, 0 };
    glGenTextures(2, textures);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, textures[0]);
    glActiveTexture(GL_TEXTURE3);
    glBindTexture(GL_TEXTURE_2D, textures[1]);

    REQUIRE(GLErrorNow() == ""); // the setup itself is valid GL

    const std::vector<GLuint> fbs = { 0, target.Fbo, host_fbo };
    const std::vector<GLenum> units = { GL_TEXTURE0, GL_TEXTURE3 };
    const auto before = SnapshotState(fbs, units);
    // The setup really is non-default (otherwise the test could not fail).
    CHECK(GetInt(GL_PACK_ALIGNMENT) == 2);
    CHECK(GetInt(GL_READ_FRAMEBUFFER_BINDING) == static_cast<GLint>(host_fbo));
    CHECK(GetInt(GL_READ_BUFFER) == GL_COLOR_ATTACHMENT1);
    CHECK(GetInt(GL_PIXEL_PACK_BUFFER_BINDING) == static_cast<GLint>(buffers[0]));
    CHECK(GetInt(GL_ACTIVE_TEXTURE) == GL_TEXTURE3);

    std::string error;
    CapturedImage from_fbo, from_window;
    GLuint thumb = 0;
    SECTION("capture from an FBO and from the default framebuffer, then make and delete a texture")
    {
        REQUIRE(CaptureFramebuffer(win.Gl, target.Fbo, target.Width, target.Height, &from_fbo, &error));
        CHECK(CompareImage(from_fbo, target.Width, target.Height, [&](int, int) { return target_color; }) == "");
        REQUIRE(CaptureFramebuffer(win.Gl, 0, win.FbWidth, win.FbHeight, &from_window, &error));
        thumb = CreateTextureRGBA(win.Gl, from_fbo, &error);
        REQUIRE(thumb != 0);
        DeleteTexture(win.Gl, thumb);
    }
    SECTION("failed calls restore the state too")
    {
        GLuint empty_fbo = 0;
        glGenFramebuffers(1, &empty_fbo);
        glBindFramebuffer(GL_READ_FRAMEBUFFER, empty_fbo); // make the name a framebuffer object
        glBindFramebuffer(GL_READ_FRAMEBUFFER, host_fbo);
        CHECK_FALSE(CaptureFramebuffer(win.Gl, empty_fbo, 16, 16, &from_fbo, &error)); // incomplete
        CHECK_THAT(error, Catch::Contains("not complete"));
        glDeleteFramebuffers(1, &empty_fbo);
        CHECK_FALSE(CaptureFramebuffer(win.Gl, 987654, 16, 16, &from_fbo, &error));    // no such FBO
        CHECK_THAT(error, Catch::Contains("987654"));
        CapturedImage bad;
        bad.Width = 4;
        bad.Height = 4; // no data
        CHECK(CreateTextureRGBA(win.Gl, bad, &error) == 0);
    }
    CHECK(GLErrorNow() == "");

    const auto after = SnapshotState(fbs, units);
    REQUIRE(after.size() == before.size());
    for (size_t i = 0; i < before.size(); i++)
    {
        INFO("state " << before[i].first);
        CHECK(after[i].second == before[i].second);
    }

    glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
    glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
    glDeleteBuffers(3, buffers);
    glDeleteTextures(2, textures);
    glDeleteFramebuffers(1, &host_fbo);
    glDeleteRenderbuffers(2, host_rb);
}

TEST_CASE("Alpha is forced opaque even where the framebuffer holds alpha 0", "[gl][capture]")
{
    TestWindow win(50, 30);
    const Rgba8 clear = { 12, 34, 56, 0 };

    SECTION("RGBA8 framebuffer object")
    {
        TestFbo fbo(37, 21);
        glBindFramebuffer(GL_FRAMEBUFFER, fbo.Fbo);
        ClearRect(0, 0, fbo.Width, fbo.Height, clear);
        // Verify the FBO really holds alpha 0, so that the test can fail.
        uint8_t raw[4] = { 1, 1, 1, 1 };
        glReadPixels(5, 5, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, raw);
        REQUIRE(raw[3] == 0);

        CapturedImage img;
        std::string error;
        REQUIRE(CaptureFramebuffer(win.Gl, fbo.Fbo, fbo.Width, fbo.Height, &img, &error));
        CHECK(CompareImage(img, fbo.Width, fbo.Height, [](int, int) { return Rgba8{ 12, 34, 56, 255 }; }) == "");
    }
    SECTION("per-pixel alpha pattern in an odd-size FBO")
    {
        const int w = 45, h = 33;
        TestFbo fbo(w, h, MakePatternTexture(w, h, 0));
        CapturedImage img;
        std::string error;
        REQUIRE(CaptureFramebuffer(win.Gl, fbo.Fbo, w, h, &img, &error));
        CHECK(CompareImage(img, w, h, [&](int x, int y_top) { return Pattern(x, h - 1 - y_top, 255); }) == "");
    }
    SECTION("default framebuffer")
    {
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        ClearRect(0, 0, win.FbWidth, win.FbHeight, clear);
        CapturedImage img;
        std::string error;
        REQUIRE(CaptureFramebuffer(win.Gl, 0, win.FbWidth, win.FbHeight, &img, &error));
        CHECK(CompareImage(img, win.FbWidth, win.FbHeight, [](int, int) { return Rgba8{ 12, 34, 56, 255 }; }) == "");
    }
}

TEST_CASE("CreateTextureRows: a band of the image's rows, top row first, no mipmaps, host unpack state kept", "[gl][texture]")
{
    TestWindow win(32, 32);
    CapturedImage img;
    img.Width = 37;
    img.Height = 23;
    img.Pixels.resize(static_cast<size_t>(img.Width) * img.Height * 4);
    for (int y = 0; y < img.Height; y++)
        for (int x = 0; x < img.Width; x++)
        {
            const Rgba8 c = Pattern(x, y, static_cast<uint8_t>(x * 5 + y));
            memcpy(&img.Pixels[(static_cast<size_t>(y) * img.Width + x) * 4], &c, 4);
        }
    glPixelStorei(GL_UNPACK_ALIGNMENT, 8);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 5);
    std::string error;
    // Rows 20..22: the band is clamped to the image (3 rows, not 10).
    const int y0 = GENERATE(0, 7, 20);
    const int rows = 10, want_rows = std::min(rows, img.Height - y0);
    const GLuint tex = CreateTextureRows(win.Gl, img, y0, rows, &error);
    REQUIRE(tex != 0);
    CHECK(GetInt(GL_UNPACK_ALIGNMENT) == 8);
    CHECK(GetInt(GL_UNPACK_ROW_LENGTH) == 5);
    CHECK(GetInt(GL_TEXTURE_BINDING_2D) == 0);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);

    glBindTexture(GL_TEXTURE_2D, tex);
    GLint w = 0, h = 0, min_filter = 0, level1 = -1;
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_WIDTH, &w);
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_HEIGHT, &h);
    glGetTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, &min_filter);
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 1, GL_TEXTURE_WIDTH, &level1);
    CHECK(w == img.Width);
    CHECK(h == want_rows);
    CHECK(min_filter == GL_LINEAR);   // no mipmaps to make
    CHECK(level1 == 0);
    CapturedImage back;
    back.Width = img.Width;
    back.Height = want_rows;
    back.Pixels.assign(static_cast<size_t>(img.Width) * want_rows * 4, 0xEE);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, back.Pixels.data());
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glBindTexture(GL_TEXTURE_2D, 0);
    REQUIRE(GLErrorNow() == "");
    CHECK(CompareImage(back, img.Width, want_rows, [&](int x, int y) { return Pattern(x, y0 + y, static_cast<uint8_t>(x * 5 + y0 + y)); }) == "");
    DeleteTexture(win.Gl, tex);

    CHECK(CreateTextureRows(win.Gl, img, img.Height, 1, &error) == 0);   // past the last row
    CHECK_THAT(error, Catch::Contains("outside the image"));
}

TEST_CASE("CreateTextureRGBA round-trip: the texture holds the image, top row first", "[gl][texture]")
{
    TestWindow win(32, 32);
    CapturedImage img;
    img.Width = 37;
    img.Height = 23;
    img.Pixels.resize(static_cast<size_t>(img.Width) * img.Height * 4);
    for (int y = 0; y < img.Height; y++)
        for (int x = 0; x < img.Width; x++)
        {
            const Rgba8 c = Pattern(x, y, static_cast<uint8_t>(x * 9 + y)); // alpha varies too
            memcpy(&img.Pixels[(static_cast<size_t>(y) * img.Width + x) * 4], &c, 4);
        }

    // Host unpack state that would corrupt an upload done without saving it.
    glPixelStorei(GL_UNPACK_ALIGNMENT, 8);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 5);
    glPixelStorei(GL_UNPACK_SKIP_ROWS, 1);

    std::string error;
    const GLuint tex = CreateTextureRGBA(win.Gl, img, &error);
    REQUIRE(tex != 0);
    CHECK(error.empty());
    CHECK(GetInt(GL_UNPACK_ALIGNMENT) == 8);
    CHECK(GetInt(GL_UNPACK_ROW_LENGTH) == 5);
    CHECK(GetInt(GL_UNPACK_SKIP_ROWS) == 1);
    CHECK(GetInt(GL_TEXTURE_BINDING_2D) == 0);

    glBindTexture(GL_TEXTURE_2D, tex);
    GLint w = 0, h = 0, w1 = 0, h1 = 0, fmt = 0, min_filter = 0, mag_filter = 0, wrap_s = 0, wrap_t = 0;
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_WIDTH, &w);
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_HEIGHT, &h);
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_INTERNAL_FORMAT, &fmt);
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 1, GL_TEXTURE_WIDTH, &w1); // mipmaps exist
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 1, GL_TEXTURE_HEIGHT, &h1);
    glGetTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, &min_filter);
    glGetTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, &mag_filter);
    glGetTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, &wrap_s);
    glGetTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, &wrap_t);
    CHECK(w == 37);
    CHECK(h == 23);
    CHECK(fmt == GL_RGBA8);
    CHECK(w1 == 18);
    CHECK(h1 == 11);
    CHECK(min_filter == GL_LINEAR_MIPMAP_LINEAR);
    CHECK(mag_filter == GL_LINEAR);
    CHECK(wrap_s == GL_CLAMP_TO_EDGE);
    CHECK(wrap_t == GL_CLAMP_TO_EDGE);

    // Read level 0 back through the test's own libGL, tightly packed.
    CapturedImage back;
    back.Width = img.Width;
    back.Height = img.Height;
    back.Pixels.assign(img.Pixels.size(), 0xEE);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, back.Pixels.data());
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glBindTexture(GL_TEXTURE_2D, 0);
    REQUIRE(GLErrorNow() == "");
    CHECK(CompareImage(back, img.Width, img.Height, [&](int x, int y) { return Pattern(x, y, static_cast<uint8_t>(x * 9 + y)); }) == "");

    DeleteTexture(win.Gl, tex);
    CHECK(glIsTexture(tex) == GL_FALSE);
    DeleteTexture(win.Gl, 0); // ignored
    CHECK(GLErrorNow() == "");

    SECTION("bad images are refused with a message")
    {
        CapturedImage empty;
        CHECK(CreateTextureRGBA(win.Gl, empty, &error) == 0);
        CHECK_THAT(error, Catch::Contains("empty image"));
        CapturedImage short_data = img;
        short_data.Pixels.pop_back();
        CHECK(CreateTextureRGBA(win.Gl, short_data, &error) == 0);
        CHECK_THAT(error, Catch::Contains("bytes"));
        CHECK(CreateTextureRGBA(GLApi(), img, &error) == 0);
        CHECK_THAT(error, Catch::Contains("LoadGLApi"));
    }
}

namespace
{
const char* g_MissingFunction = nullptr;

void* LoaderMissingOne(const char* name)
{
    if (g_MissingFunction && strcmp(name, g_MissingFunction) == 0)
        return nullptr;
    return reinterpret_cast<void*>(glfwGetProcAddress(name));
}

void* LoaderMissingAll(const char*) { return nullptr; }
} // namespace

TEST_CASE("LoadGLApi names the function the loader cannot find", "[gl][api]")
{
    TestWindow win(16, 16);
    CHECK(win.Gl.Loaded);
    CHECK(win.Gl.VersionMajor >= 3);
    CHECK_FALSE(win.Gl.IsES);

    static const char* const all_names[] = {
#define IMC_NAME(name, type) "gl" #name,
        IMCONTACT_GL_FUNCTIONS(IMC_NAME)
#undef IMC_NAME
    };
    REQUIRE(sizeof(all_names) / sizeof(all_names[0]) >= 10);

    for (const char* missing : all_names)
    {
        INFO("loader returns null for " << missing);
        g_MissingFunction = missing;
        GLApi api = win.Gl; // filled: a failed load must reset it
        std::string error;
        CHECK_FALSE(LoadGLApi(LoaderMissingOne, &api, &error));
        CHECK_THAT(error, Catch::Contains(std::string(missing) + " ") || Catch::EndsWith(missing) || Catch::Contains(std::string(missing) + ","));
        CHECK_FALSE(api.Loaded);
        CHECK(api.ReadPixels == nullptr);
        CHECK(api.GetIntegerv == nullptr);
        // The one missing name is the only one named.
        size_t named = 0;
        for (const char* other : all_names)
            if (error.find(std::string(other) + " ") != std::string::npos || error.find(std::string(other) + ",") != std::string::npos)
                named++;
        CHECK(named == 1);
    }
    g_MissingFunction = nullptr;

    SECTION("a loader that finds nothing: every function is named")
    {
        GLApi api;
        std::string error;
        CHECK_FALSE(LoadGLApi(LoaderMissingAll, &api, &error));
        for (const char* name : all_names)
            CHECK_THAT(error, Catch::Contains(name));
    }
    SECTION("no loader, no output")
    {
        GLApi api;
        std::string error;
        CHECK_FALSE(LoadGLApi(nullptr, &api, &error));
        CHECK_THAT(error, Catch::Contains("loader"));
        CHECK_FALSE(LoadGLApi(LoaderMissingOne, nullptr, &error));
        CHECK_THAT(error, Catch::Contains("out"));
    }
    SECTION("the full loader works through a plain wrapper too")
    {
        GLApi api;
        std::string error;
        CHECK(LoadGLApi(LoaderMissingOne, &api, &error));
        CHECK(api.Loaded);
        CHECK(api.ReadPixels != nullptr);
    }
}

TEST_CASE("CaptureFramebuffer refuses bad arguments with a message", "[gl][capture]")
{
    TestWindow win(16, 16);
    CapturedImage img;
    img.Width = 3; // stale values must be cleared on failure
    img.Height = 3;
    img.Pixels.assign(36, 7);
    std::string error;

    CHECK_FALSE(CaptureFramebuffer(GLApi(), 0, 16, 16, &img, &error));
    CHECK_THAT(error, Catch::Contains("LoadGLApi"));
    CHECK(img.Width == 0);
    CHECK(img.Height == 0);
    CHECK(img.Pixels.empty());

    CHECK_FALSE(CaptureFramebuffer(win.Gl, 0, 0, 16, &img, &error));
    CHECK_THAT(error, Catch::Contains("0x16"));
    CHECK_FALSE(CaptureFramebuffer(win.Gl, 0, 16, -1, &img, &error));
    CHECK_FALSE(CaptureFramebuffer(win.Gl, 0, 16, 16, nullptr, &error));
    CHECK_FALSE(CaptureFramebuffer(win.Gl, 0, 100000, 16, &img, nullptr)); // null error is allowed

    // A pending host error is not blamed on the capture.
    glPixelStorei(GL_PACK_ALIGNMENT, 3); // GL_INVALID_VALUE, left pending by the "host"
    CHECK(CaptureFramebuffer(win.Gl, 0, win.FbWidth, win.FbHeight, &img, &error));
    CHECK(GLErrorNow() == "");
}

TEST_CASE("FlipRowsAndForceOpaque flips rows and sets alpha (CPU only)", "[gl][capture]")
{
    // 3x3, bottom row first as GL returns it; value = row*16 + column*4 + channel.
    std::vector<uint8_t> px(3 * 3 * 4);
    for (size_t i = 0; i < px.size(); i++)
        px[i] = static_cast<uint8_t>(i);
    FlipRowsAndForceOpaque(px.data(), 3, 3);
    for (int y = 0; y < 3; y++)
        for (int x = 0; x < 3; x++)
            for (int c = 0; c < 4; c++)
            {
                const size_t src = (static_cast<size_t>(2 - y) * 3 + x) * 4 + c;
                const uint8_t want = (c == 3) ? 255 : static_cast<uint8_t>(src);
                CHECK(px[(static_cast<size_t>(y) * 3 + x) * 4 + c] == want);
            }
}
