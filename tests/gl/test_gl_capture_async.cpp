// Tests for imcontact_gl's AsyncFramebufferCapture (gl_capture_async.h): the capture
// through a pixel-pack buffer and a fence.
//
// A GL host like test_gl_capture (support/gl_test_window.h): a real OpenGL 3.3 core
// context, under Xvfb + Mesa llvmpipe in CI:
//     xvfb-run -a -s "-screen 0 1280x1024x24" build/tests/gl/test_gl_capture_async
#include "support/gl_test_window.h"

#include "imcontact/internal/gl_api.h"
#include "imcontact/internal/gl_capture.h"
#include "imcontact/internal/gl_capture_async.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace ImContact;
using namespace ImContactGLTest;

namespace
{

// Polls (never blocking, as a host would once a frame) until the capture is no longer
// Pending, for at most 'max_ms'. Counts the polls in *polls.
AsyncCapturePoll PollUntilDone(AsyncFramebufferCapture& cap, const GLApi& gl, CapturedImage* img, std::string* error,
                               int* polls = nullptr, int max_ms = 5000)
{
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(max_ms);
    AsyncCapturePoll r = AsyncCapturePoll::Pending;
    int n = 0;
    while (std::chrono::steady_clock::now() < until)
    {
        r = cap.Poll(gl, img, error);
        n++;
        if (r != AsyncCapturePoll::Pending)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (polls)
        *polls = n;
    return r;
}

const char* Name(AsyncCapturePoll r)
{
    switch (r)
    {
    case AsyncCapturePoll::Idle: return "Idle";
    case AsyncCapturePoll::Pending: return "Pending";
    case AsyncCapturePoll::Ready: return "Ready";
    case AsyncCapturePoll::Failed: return "Failed";
    }
    return "?";
}

// Copies the Pattern FBO onto the default framebuffer, so every pixel differs.
void BlitToDefault(const TestFbo& src, int w, int h)
{
    glBindFramebuffer(GL_READ_FRAMEBUFFER, src.Fbo);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
    glBlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

} // namespace

TEST_CASE("LoadGLApi finds the asynchronous read-back on an OpenGL 3.3 context", "[gl][async]")
{
    TestWindow win(32, 32);
    CHECK(win.Gl.HasAsyncReadback);
    CHECK(win.Gl.FenceSync != nullptr);
    CHECK(win.Gl.MapBufferRange != nullptr);
}

TEST_CASE("Asynchronous capture of the default framebuffer equals the synchronous one, pixel for pixel", "[gl][async]")
{
    TestWindow win(203, 149);
    const int w = win.FbWidth, h = win.FbHeight;
    TestFbo pattern(w, h, MakePatternTexture(w, h, 255));
    BlitToDefault(pattern, w, h);
    REQUIRE(GLErrorNow() == "");

    CapturedImage sync_img, async_img;
    std::string error;
    REQUIRE(CaptureFramebuffer(win.Gl, 0, w, h, &sync_img, &error));

    AsyncFramebufferCapture cap;
    REQUIRE(cap.Start(win.Gl, 0, w, h, &error));
    CHECK(cap.Pending());
    CHECK(cap.Width() == w);
    CHECK(cap.Height() == h);
    int polls = 0;
    const AsyncCapturePoll r = PollUntilDone(cap, win.Gl, &async_img, &error, &polls);
    INFO("poll result " << Name(r) << " after " << polls << " polls: " << error);
    REQUIRE(r == AsyncCapturePoll::Ready);
    CHECK_FALSE(cap.Pending());
    CHECK(cap.Poll(win.Gl, &async_img, &error) == AsyncCapturePoll::Idle);   // handed out once

    CHECK(CompareImage(async_img, w, h, [&](int x, int y_top) { return Pattern(x, h - 1 - y_top, 255); }) == "");
    CHECK(async_img.Pixels == sync_img.Pixels);
    cap.Release(win.Gl);
    CHECK(cap.Buffer() == 0);
    CHECK(GLErrorNow() == "");
}

TEST_CASE("Asynchronous capture: odd-size FBO, alpha forced opaque, every GL state as the host set it", "[gl][async][state]")
{
    TestWindow win(96, 80);
    const int w = 333, h = 217;
    TestFbo target(w, h, MakePatternTexture(w, h, 0));   // alpha 0 in the framebuffer

    // The host's own state, deliberately unusual: pack alignment 8 and row length, its
    // own pixel-pack buffer bound, another framebuffer bound for reading and drawing.
    GLuint host_pbo = 0, host_tex = 0;
    glGenBuffers(1, &host_pbo);
    glBindBuffer(GL_PIXEL_PACK_BUFFER, host_pbo);
    glBufferData(GL_PIXEL_PACK_BUFFER, 64, nullptr, GL_STREAM_READ);
    glGenTextures(1, &host_tex);
    glActiveTexture(GL_TEXTURE2);
    glBindTexture(GL_TEXTURE_2D, host_tex);
    glPixelStorei(GL_PACK_ALIGNMENT, 8);
    glPixelStorei(GL_PACK_ROW_LENGTH, 500);
    glPixelStorei(GL_PACK_SKIP_ROWS, 3);
    TestFbo host_fb(16, 16);
    glBindFramebuffer(GL_FRAMEBUFFER, host_fb.Fbo);
    glReadBuffer(GL_COLOR_ATTACHMENT0);
    REQUIRE(GLErrorNow() == "");

    const std::vector<GLuint> fbs = { 0, host_fb.Fbo, target.Fbo };
    const std::vector<GLenum> units = { GL_TEXTURE0, GL_TEXTURE2 };
    const auto before = SnapshotState(fbs, units);

    AsyncFramebufferCapture cap;
    std::string error;
    REQUIRE(cap.Start(win.Gl, target.Fbo, w, h, &error));
    CHECK(SnapshotState(fbs, units) == before);
    CapturedImage img;
    REQUIRE(PollUntilDone(cap, win.Gl, &img, &error) == AsyncCapturePoll::Ready);
    CHECK(SnapshotState(fbs, units) == before);
    CHECK(CompareImage(img, w, h, [&](int x, int y_top) { return Pattern(x, h - 1 - y_top, 255); }) == "");

    // Again into the same buffer and image (reuse), state still untouched.
    REQUIRE(cap.Start(win.Gl, target.Fbo, w, h, &error));
    REQUIRE(PollUntilDone(cap, win.Gl, &img, &error) == AsyncCapturePoll::Ready);
    CHECK(CompareImage(img, w, h, [&](int x, int y_top) { return Pattern(x, h - 1 - y_top, 255); }) == "");
    cap.Release(win.Gl);
    CHECK(SnapshotState(fbs, units) == before);
    CHECK(GLErrorNow() == "");

    glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
    glDeleteBuffers(1, &host_pbo);
    glDeleteTextures(1, &host_tex);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glPixelStorei(GL_PACK_ROW_LENGTH, 0);
    glPixelStorei(GL_PACK_SKIP_ROWS, 0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

TEST_CASE("Asynchronous capture holds the frame as it was at Start, not what is drawn after", "[gl][async]")
{
    TestWindow win(120, 90);
    const int w = win.FbWidth, h = win.FbHeight;
    TestFbo pattern(w, h, MakePatternTexture(w, h, 255));
    BlitToDefault(pattern, w, h);

    AsyncFramebufferCapture cap;
    std::string error;
    REQUIRE(cap.Start(win.Gl, 0, w, h, &error));
    // The host goes on: its next frame overwrites everything (what the contact panel's
    // first frame would do), and swaps.
    ClearRect(0, 0, w, h, { 1, 2, 3, 255 });
    glfwSwapBuffers(win.Window);
    ClearRect(0, 0, w, h, { 4, 5, 6, 255 });

    CapturedImage img;
    REQUIRE(PollUntilDone(cap, win.Gl, &img, &error) == AsyncCapturePoll::Ready);
    CHECK(CompareImage(img, w, h, [&](int x, int y_top) { return Pattern(x, h - 1 - y_top, 255); }) == "");
    cap.Release(win.Gl);
}

TEST_CASE("A new Start replaces a pending capture; Cancel drops it; sizes may change", "[gl][async]")
{
    TestWindow win(64, 64);
    TestFbo small(40, 30, MakePatternTexture(40, 30, 255));
    TestFbo large(301, 257);
    glBindFramebuffer(GL_FRAMEBUFFER, large.Fbo);
    glViewport(0, 0, 301, 257);
    ClearRect(0, 0, 301, 257, { 77, 88, 99, 255 });
    glBindFramebuffer(GL_FRAMEBUFFER, 0);

    AsyncFramebufferCapture cap;
    CapturedImage img;
    std::string error;
    CHECK(cap.Poll(win.Gl, &img, &error) == AsyncCapturePoll::Idle);   // nothing started

    REQUIRE(cap.Start(win.Gl, small.Fbo, 40, 30, &error));
    REQUIRE(cap.Start(win.Gl, large.Fbo, 301, 257, &error));   // replaces the first
    REQUIRE(PollUntilDone(cap, win.Gl, &img, &error) == AsyncCapturePoll::Ready);
    CHECK(CompareImage(img, 301, 257, [](int, int) { return Rgba8{ 77, 88, 99, 255 }; }) == "");

    REQUIRE(cap.Start(win.Gl, small.Fbo, 40, 30, &error));   // smaller than the buffer now
    const unsigned int buffer = cap.Buffer();
    CHECK(buffer != 0);
    cap.Cancel(win.Gl);
    CHECK_FALSE(cap.Pending());
    CHECK(cap.Poll(win.Gl, &img, &error) == AsyncCapturePoll::Idle);
    CHECK(cap.Buffer() == buffer);   // kept for the next one

    REQUIRE(cap.Start(win.Gl, small.Fbo, 40, 30, &error));
    REQUIRE(PollUntilDone(cap, win.Gl, &img, &error) == AsyncCapturePoll::Ready);
    CHECK(CompareImage(img, 40, 30, [](int x, int y_top) { return Pattern(x, 30 - 1 - y_top, 255); }) == "");

    cap.Release(win.Gl);
    CHECK(cap.Buffer() == 0);
    CHECK_FALSE(glIsBuffer(buffer));
    CHECK(GLErrorNow() == "");
}

TEST_CASE("Asynchronous capture refuses clearly and leaves nothing pending", "[gl][async]")
{
    TestWindow win(64, 64);
    AsyncFramebufferCapture cap;
    std::string error;

    SECTION("a context without fences")
    {
        GLApi old = win.Gl;
        old.HasAsyncReadback = false;
        CHECK_FALSE(cap.Start(old, 0, 64, 64, &error));
        CHECK(error.find("OpenGL 3.2") != std::string::npos);
    }
    SECTION("bad size")
    {
        CHECK_FALSE(cap.Start(win.Gl, 0, 0, 64, &error));
        CHECK(error.find("bad size") != std::string::npos);
    }
    SECTION("not a framebuffer")
    {
        CHECK_FALSE(cap.Start(win.Gl, 4242, 64, 64, &error));
        CHECK(error.find("not a framebuffer") != std::string::npos);
    }
    SECTION("a multisampled FBO")
    {
        TestFbo msaa(32, 32, 0, 4);
        CHECK_FALSE(cap.Start(win.Gl, msaa.Fbo, 32, 32, &error));
        CHECK(error.find("GL_INVALID_OPERATION") != std::string::npos);
        CHECK(error.find("glBlitFramebuffer") != std::string::npos);
    }
    INFO(error);
    CHECK(error.rfind("ImContact: asynchronous capture: ", 0) == 0);
    CHECK_FALSE(cap.Pending());
    CapturedImage img;
    CHECK(cap.Poll(win.Gl, &img, &error) == AsyncCapturePoll::Idle);
    cap.Release(win.Gl);
    CHECK(GLErrorNow() == "");
}

namespace
{

// Polls until the fence has passed and the helper thread copies from the mapped buffer
// (CanStart() false), or the capture is done. True when the copy stage was reached.
bool PollUntilCopying(AsyncFramebufferCapture& cap, const GLApi& gl, CapturedImage* img, std::string* error)
{
    for (int i = 0; i < 5000 && cap.CanStart(); i++)
    {
        if (cap.Poll(gl, img, error) != AsyncCapturePoll::Pending)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return !cap.CanStart();
}

} // namespace

TEST_CASE("Asynchronous capture of a 1920x1080 FBO through the mapped buffer and the copier is pixel-exact vs glReadPixels", "[gl][async]")
{
    TestWindow win(32, 32);
    const int w = 1920, h = 1080;
    TestFbo target(w, h, MakePatternTexture(w, h, 0));
    CapturedImage sync_img, async_img;
    std::string error;
    REQUIRE(CaptureFramebuffer(win.Gl, target.Fbo, w, h, &sync_img, &error));

    AsyncFramebufferCapture cap;
    for (int round = 0; round < 2; round++)   // the second one reuses the buffer
    {
        INFO("round " << round);
        REQUIRE(cap.Start(win.Gl, target.Fbo, w, h, &error));
        const unsigned int buffer = cap.Buffer();
        // The poll that finds the fence passed maps the buffer and returns at once: the
        // copy runs on the helper thread (the buffer stays mapped until a later poll).
        REQUIRE(PollUntilCopying(cap, win.Gl, &async_img, &error));
        CHECK(cap.Pending());
        CHECK(cap.Busy());
        REQUIRE(PollUntilDone(cap, win.Gl, &async_img, &error) == AsyncCapturePoll::Ready);
        CHECK(cap.CanStart());
        CHECK_FALSE(cap.Busy());
        CHECK(async_img.Width == w);
        CHECK(async_img.Height == h);
        CHECK(async_img.Pixels == sync_img.Pixels);
        CHECK(cap.Buffer() == buffer);
    }
    // Unmapped: the buffer can be mapped again by anyone (GL_INVALID_OPERATION if still mapped).
    GLint mapped = -1;
    glBindBuffer(GL_PIXEL_PACK_BUFFER, cap.Buffer());
    glGetBufferParameteriv(GL_PIXEL_PACK_BUFFER, GL_BUFFER_MAPPED, &mapped);
    glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
    CHECK(mapped == GL_FALSE);
    cap.Release(win.Gl);
    CHECK(GLErrorNow() == "");
}

TEST_CASE("A Start while the pixels are copied is refused until the copy is picked up; Cancel then drops it, Release waits for it", "[gl][async]")
{
    TestWindow win(32, 32);
    TestFbo first(640, 480, MakePatternTexture(640, 480, 255));
    TestFbo second(320, 200);
    glBindFramebuffer(GL_FRAMEBUFFER, second.Fbo);
    glViewport(0, 0, 320, 200);
    ClearRect(0, 0, 320, 200, { 9, 8, 7, 255 });
    glBindFramebuffer(GL_FRAMEBUFFER, 0);

    AsyncFramebufferCapture cap;
    CapturedImage img;
    std::string error;
    REQUIRE(cap.Start(win.Gl, first.Fbo, 640, 480, &error));
    REQUIRE(PollUntilCopying(cap, win.Gl, &img, &error));

    SECTION("a second request waits: refused, then accepted once the first is delivered")
    {
        CHECK_FALSE(cap.Start(win.Gl, second.Fbo, 320, 200, &error));
        CHECK_THAT(error, Catch::Contains("still being copied"));
        CHECK(cap.Pending());   // the first capture is not harmed
        REQUIRE(PollUntilDone(cap, win.Gl, &img, &error) == AsyncCapturePoll::Ready);
        CHECK(CompareImage(img, 640, 480, [](int x, int y_top) { return Pattern(x, 480 - 1 - y_top, 255); }) == "");
        REQUIRE(cap.Start(win.Gl, second.Fbo, 320, 200, &error));
        REQUIRE(PollUntilDone(cap, win.Gl, &img, &error) == AsyncCapturePoll::Ready);
        CHECK(CompareImage(img, 320, 200, [](int, int) { return Rgba8{ 9, 8, 7, 255 }; }) == "");
    }
    SECTION("Cancel while copied: nothing is delivered, a later poll unmaps")
    {
        cap.Cancel(win.Gl);
        CHECK_FALSE(cap.Pending());
        CHECK(cap.Busy());
        img.Width = 1;
        AsyncCapturePoll r = AsyncCapturePoll::Pending;
        for (int i = 0; i < 5000 && cap.Busy(); i++)
        {
            r = cap.Poll(win.Gl, &img, &error);
            CHECK(r == AsyncCapturePoll::Idle);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        CHECK_FALSE(cap.Busy());
        CHECK(img.Width == 1);   // untouched
        CHECK(cap.CanStart());
    }
    SECTION("Release while copied waits for the copy and frees the buffer")
    {
        const unsigned int buffer = cap.Buffer();
        cap.Release(win.Gl);
        CHECK_FALSE(cap.Busy());
        CHECK_FALSE(glIsBuffer(buffer));
    }
    cap.Release(win.Gl);
    CHECK(GLErrorNow() == "");
}
