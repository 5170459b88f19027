// Tests for imcontact_gl's ThumbnailBlitter (gl_texture.h): the screenshot's thumbnail
// made on the GPU by halving GL_LINEAR blits. The thumbnail is read back by the test
// (through its own libGL) and compared with the CPU box filter of the same pixels
// (core's DownscaleBox), which the GPU path replaces.
//
// A GL host like test_gl_capture (support/gl_test_window.h), under Xvfb + Mesa llvmpipe:
//     xvfb-run -a -s "-screen 0 1280x1024x24" build/tests/gl/test_gl_thumbnail
#include "support/gl_test_window.h"

#include "imcontact/internal/gl_api.h"
#include "imcontact/internal/gl_capture.h"
#include "imcontact/internal/gl_texture.h"
#include "imcontact/internal/image_downscale.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

using namespace ImContact;
using namespace ImContactGLTest;

namespace
{

// The texture's level 0, row 0 first (the thumbnail's top row, if it is upright).
CapturedImage ReadTexture(GLuint tex)
{
    CapturedImage img;
    GLint prev = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &prev);
    glBindTexture(GL_TEXTURE_2D, tex);
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_WIDTH, &img.Width);
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_HEIGHT, &img.Height);
    img.Pixels.resize(static_cast<size_t>(img.Width) * img.Height * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, img.Pixels.data());
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(prev));
    return img;
}

// "" when every channel of 'got' is within 'tolerance' of 'want' over got's size (want
// may be a pixel wider/taller: DownscaleBox keeps partial edge blocks, the blits drop them).
std::string CompareWithin(const CapturedImage& got, const CapturedImage& want, int tolerance)
{
    if (got.Width > want.Width || got.Height > want.Height || want.Width - got.Width > 1 || want.Height - got.Height > 1)
        return "size " + std::to_string(got.Width) + "x" + std::to_string(got.Height) + " vs reference " +
               std::to_string(want.Width) + "x" + std::to_string(want.Height);
    int worst = 0, wx = 0, wy = 0;
    for (int y = 0; y < got.Height; y++)
        for (int x = 0; x < got.Width; x++)
            for (int c = 0; c < 4; c++)
            {
                const int a = got.Pixels[(static_cast<size_t>(y) * got.Width + x) * 4 + c];
                const int b = want.Pixels[(static_cast<size_t>(y) * want.Width + x) * 4 + c];
                if (std::abs(a - b) > worst)
                {
                    worst = std::abs(a - b);
                    wx = x;
                    wy = y;
                }
            }
    if (worst <= tolerance)
        return "";
    std::ostringstream os;
    os << "channel off by " << worst << " at (" << wx << "," << wy << ") (tolerance " << tolerance << ")";
    return os.str();
}

// One rounding per halving.
int Tolerance(int halvings) { return halvings + 1; }

void ExpectSingleLevelLinear(GLuint tex)
{
    GLint prev = 0, max_level = -1, min_filter = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &prev);
    glBindTexture(GL_TEXTURE_2D, tex);
    glGetTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, &max_level);
    glGetTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, &min_filter);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(prev));
    CHECK(max_level == 0);            // no mipmaps: nothing generated on first use
    CHECK(min_filter == GL_LINEAR);
}

} // namespace

TEST_CASE("ThumbnailHalvings: the frame halved until its longer side fits", "[gl][thumbnail]")
{
    CHECK(ThumbnailHalvings(1920, 1080, 640) == 2);
    CHECK(ThumbnailHalvings(3840, 2160, 640) == 3);
    CHECK(ThumbnailHalvings(1000, 900, 640) == 1);
    CHECK(ThumbnailHalvings(640, 400, 640) == 0);
    CHECK(ThumbnailHalvings(641, 10, 640) == 1);
    CHECK(ThumbnailHalvings(10, 1300, 640) == 2);
    CHECK(ThumbnailHalvings(0, 100, 640) == 0);
}

TEST_CASE("Thumbnail of a 2560x1440 FBO: the 4x4 box filter of the pattern, upright, one level", "[gl][thumbnail]")
{
    TestWindow win(32, 32);
    const int w = 2560, h = 1440;
    TestFbo src(w, h, MakePatternTexture(w, h, 255));
    CapturedImage full;
    std::string error;
    REQUIRE(CaptureFramebuffer(win.Gl, src.Fbo, w, h, &full, &error));

    ThumbnailBlitter thumbs;
    const GLuint tex = thumbs.FromFramebuffer(win.Gl, src.Fbo, w, h, 640, &error);
    INFO(error);
    REQUIRE(tex != 0);
    const CapturedImage got = ReadTexture(tex);
    CHECK(got.Width == 640);
    CHECK(got.Height == 360);
    CHECK(CompareWithin(got, DownscaleBox(full, 4), Tolerance(2)) == "");
    ExpectSingleLevelLinear(tex);

    // Again (the intermediate level is reused), from a frame of another size.
    DeleteTexture(win.Gl, tex);
    TestFbo other(1000, 900, MakePatternTexture(1000, 900, 255));
    REQUIRE(CaptureFramebuffer(win.Gl, other.Fbo, 1000, 900, &full, &error));
    const GLuint tex2 = thumbs.FromFramebuffer(win.Gl, other.Fbo, 1000, 900, 640, &error);
    REQUIRE(tex2 != 0);
    const CapturedImage got2 = ReadTexture(tex2);
    CHECK(got2.Width == 500);
    CHECK(got2.Height == 450);
    CHECK(CompareWithin(got2, DownscaleBox(full, 2), Tolerance(1)) == "");
    DeleteTexture(win.Gl, tex2);
    thumbs.Release(win.Gl);
    CHECK(GLErrorNow() == "");
}

TEST_CASE("Thumbnail of the default framebuffer (odd size) and of a multisampled one", "[gl][thumbnail]")
{
    const int samples = GENERATE(0, 4);
    INFO("samples " << samples);
    TestWindow win(203, 149, samples);
    const int w = win.FbWidth, h = win.FbHeight;
    TestFbo pattern(w, h, MakePatternTexture(w, h, 255));
    glBindFramebuffer(GL_READ_FRAMEBUFFER, pattern.Fbo);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
    glBlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    REQUIRE(GLErrorNow() == "");

    CapturedImage full;
    std::string error;
    REQUIRE(CaptureFramebuffer(win.Gl, 0, w, h, &full, &error));
    ThumbnailBlitter thumbs;
    SECTION("halved twice")
    {
        const GLuint tex = thumbs.FromFramebuffer(win.Gl, 0, w, h, 64, &error);
        INFO(error);
        REQUIRE(tex != 0);
        const CapturedImage got = ReadTexture(tex);
        CHECK(got.Width == w / 4);
        CHECK(got.Height == h / 4);
        CHECK(CompareWithin(got, DownscaleBox(full, 4), Tolerance(2)) == "");
        DeleteTexture(win.Gl, tex);
    }
    SECTION("small enough already: an exact upright copy")
    {
        const GLuint tex = thumbs.FromFramebuffer(win.Gl, 0, w, h, 640, &error);
        INFO(error);
        REQUIRE(tex != 0);
        const CapturedImage got = ReadTexture(tex);
        CHECK(got.Width == w);
        CHECK(got.Height == h);
        CHECK(got.Pixels == full.Pixels);
        DeleteTexture(win.Gl, tex);
    }
    thumbs.Release(win.Gl);
    CHECK(GLErrorNow() == "");
}

TEST_CASE("Thumbnail of an image in memory (a restored screenshot) is shrunk on the GPU too", "[gl][thumbnail]")
{
    TestWindow win(32, 32);
    CapturedImage img;
    img.Width = 1283;
    img.Height = 721;
    img.Pixels.resize(static_cast<size_t>(img.Width) * img.Height * 4);
    for (int y = 0; y < img.Height; y++)
        for (int x = 0; x < img.Width; x++)
        {
            const Rgba8 c = Pattern(x, y, 255);   // y counted from the top here
            memcpy(&img.Pixels[(static_cast<size_t>(y) * img.Width + x) * 4], &c, 4);
        }
    ThumbnailBlitter thumbs;
    std::string error;
    const GLuint tex = thumbs.FromImage(win.Gl, img, 640, &error);
    INFO(error);
    REQUIRE(tex != 0);
    const CapturedImage got = ReadTexture(tex);
    CHECK(got.Width == 320);
    CHECK(got.Height == 180);
    CHECK(CompareWithin(got, DownscaleBox(img, 4), Tolerance(2)) == "");
    ExpectSingleLevelLinear(tex);
    DeleteTexture(win.Gl, tex);

    CapturedImage bad = img;
    bad.Pixels.resize(10);
    CHECK(thumbs.FromImage(win.Gl, bad, 640, &error) == 0);
    CHECK_THAT(error, Catch::Contains("Width*Height*4"));
    thumbs.Release(win.Gl);
    CHECK(GLErrorNow() == "");
}

TEST_CASE("Thumbnail blits leave every GL state as the host set it, and ignore its scissor and masks", "[gl][thumbnail][state]")
{
    TestWindow win(96, 80);
    const int w = 1200, h = 700;
    TestFbo src(w, h, MakePatternTexture(w, h, 255));
    CapturedImage full;
    std::string error;
    REQUIRE(CaptureFramebuffer(win.Gl, src.Fbo, w, h, &full, &error));

    // The host's state, deliberately in the way: a scissor box, a colour mask, its own
    // framebuffers bound for reading and drawing, an unpack buffer, textures on unit 3.
    GLuint host_pbo = 0, host_tex = 0;
    glGenBuffers(1, &host_pbo);
    glBindBuffer(GL_PIXEL_UNPACK_BUFFER, host_pbo);
    glBufferData(GL_PIXEL_UNPACK_BUFFER, 64, nullptr, GL_STREAM_DRAW);
    glGenTextures(1, &host_tex);
    glActiveTexture(GL_TEXTURE3);
    glBindTexture(GL_TEXTURE_2D, host_tex);
    TestFbo host_read(16, 16), host_draw(16, 16);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, host_read.Fbo);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, host_draw.Fbo);
    glEnable(GL_SCISSOR_TEST);
    glScissor(1, 2, 3, 4);
    glColorMask(GL_TRUE, GL_FALSE, GL_TRUE, GL_FALSE);
    glEnable(GL_FRAMEBUFFER_SRGB);
    REQUIRE(GLErrorNow() == "");

    const std::vector<GLuint> fbs = { 0, host_read.Fbo, host_draw.Fbo, src.Fbo };
    const std::vector<GLenum> units = { GL_TEXTURE0, GL_TEXTURE3 };
    auto snapshot = [&] {
        auto s = SnapshotState(fbs, units);
        GLboolean mask[4] = {};
        glGetBooleanv(GL_COLOR_WRITEMASK, mask);
        for (int i = 0; i < 4; i++)
            s.emplace_back("COLOR_WRITEMASK[" + std::to_string(i) + "]", mask[i]);
        s.emplace_back("FRAMEBUFFER_SRGB", glIsEnabled(GL_FRAMEBUFFER_SRGB));
        s.emplace_back("RASTERIZER_DISCARD", glIsEnabled(GL_RASTERIZER_DISCARD));
        GLint box[4] = {};
        glGetIntegerv(GL_SCISSOR_BOX, box);
        for (int i = 0; i < 4; i++)
            s.emplace_back("SCISSOR_BOX[" + std::to_string(i) + "]", box[i]);
        return s;
    };
    const auto before = snapshot();

    ThumbnailBlitter thumbs;
    const GLuint tex = thumbs.FromFramebuffer(win.Gl, src.Fbo, w, h, 640, &error);
    INFO(error);
    REQUIRE(tex != 0);
    CHECK(snapshot() == before);
    CHECK(GLErrorNow() == "");

    glDisable(GL_SCISSOR_TEST);   // for the test's own read-back
    glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
    const CapturedImage got = ReadTexture(tex);
    CHECK(got.Width == 600);
    CHECK(got.Height == 350);
    CHECK(CompareWithin(got, DownscaleBox(full, 2), Tolerance(1)) == "");

    DeleteTexture(win.Gl, tex);
    thumbs.Release(win.Gl);
    glDisable(GL_FRAMEBUFFER_SRGB);
    glDeleteBuffers(1, &host_pbo);
    glDeleteTextures(1, &host_tex);
    glActiveTexture(GL_TEXTURE0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

TEST_CASE("Thumbnail refuses clearly: not loaded, bad size, not a framebuffer", "[gl][thumbnail]")
{
    TestWindow win(16, 16);
    ThumbnailBlitter thumbs;
    std::string error;
    CHECK(thumbs.FromFramebuffer(GLApi(), 0, 16, 16, 640, &error) == 0);
    CHECK_THAT(error, Catch::Contains("LoadGLApi"));
    CHECK(thumbs.FromFramebuffer(win.Gl, 0, 0, 16, 640, &error) == 0);
    CHECK_THAT(error, Catch::Contains("bad size"));
    CHECK(thumbs.FromFramebuffer(win.Gl, 4242, 16, 16, 640, &error) == 0);
    CHECK_THAT(error, Catch::Contains("not a framebuffer"));
    CHECK(error.rfind("ImContact: thumbnail: ", 0) == 0);
    thumbs.Release(win.Gl);
    CHECK(GLErrorNow() == "");
}
