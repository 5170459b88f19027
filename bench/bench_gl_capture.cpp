// Benchmark: render-thread cost of CaptureFramebuffer (synchronous glReadPixels path) and
// of AsyncFramebufferCapture (pixel-pack buffer + fence).
//
// Not a test: it prints numbers and asserts nothing. Run under a display large
// enough for a 1920x1080 window, e.g.
//     xvfb-run -a -s "-screen 0 1920x1080x24" build/bench/bench_gl_capture [iterations]
//
// For each size it draws a frame (full-screen shader quad: a little per-pixel work, like
// a host's scene) into the default framebuffer and into an RGBA8 FBO and measures, on
// the CPU of the render thread:
//   baseline: the frame's draw calls + glFinish (what a host frame costs once the GPU has
//             finished it)
//   capture:  CaptureFramebuffer right after that finished frame (read-back, flip, alpha)
//   frame+capture: draw calls + CaptureFramebuffer without glFinish (the realistic hotkey
//             frame: the read-back waits for the GPU itself)
//   frame+async start: draw calls + AsyncFramebufferCapture::Start (the hotkey frame with
//             the asynchronous path: queues the read and a fence, waits for nothing)
//   async pickup: in the following frames (draw, Poll, swap), the one Poll call that
//             returned Ready: mapping the buffer and copying the rows out. The frames
//             it took are counted too.
//   thumbnail: what the panel does on the render thread when a screenshot arrives:
//             DownscaleBox to at most 640 px, then CreateTextureRGBA (upload + mipmaps);
//             "full-size thumbnail" is CreateTextureRGBA of the whole image, for comparison.
// and prints the median and p95 of each, with ratios against the baseline median.

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#define GL_GLEXT_PROTOTYPES
#include <GL/glcorearb.h>

#include "imcontact/internal/gl_api.h"
#include "imcontact/internal/gl_capture.h"
#include "imcontact/internal/gl_capture_async.h"
#include "imcontact/internal/gl_texture.h"
#include "imcontact/internal/image_downscale.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace ImContact;

namespace
{

using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double, std::milli>(b - a).count();
}

struct Stats
{
    double Median = 0, P95 = 0;
};

Stats Summarize(std::vector<double> v)
{
    Stats s;
    if (v.empty())
        return s;
    std::sort(v.begin(), v.end());
    s.Median = v[v.size() / 2];
    s.P95 = v[std::min(v.size() - 1, static_cast<size_t>(v.size() * 0.95))];
    return s;
}

GLuint Compile(GLenum type, const char* src)
{
    GLuint sh = glCreateShader(type);
    glShaderSource(sh, 1, &src, nullptr);
    glCompileShader(sh);
    GLint ok = 0;
    glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
    if (!ok)
    {
        char log[1024];
        glGetShaderInfoLog(sh, sizeof(log), nullptr, log);
        fprintf(stderr, "shader: %s\n", log);
        exit(1);
    }
    return sh;
}

// A full-screen triangle with a few ALU ops per pixel: stands in for a host's scene.
struct Scene
{
    GLuint Program = 0, Vao = 0;
    GLint  TimeLoc = -1;
    Scene()
    {
        const char* vs = "#version 330 core\n"
                         "out vec2 uv;\n"
                         "void main() { vec2 p = vec2((gl_VertexID << 1) & 2, gl_VertexID & 2);\n"
                         "  uv = p; gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0); }\n";
        const char* fs = "#version 330 core\n"
                         "in vec2 uv; uniform float t; out vec4 color;\n"
                         "void main() { float v = sin(uv.x * 40.0 + t) * cos(uv.y * 30.0 - t);\n"
                         "  color = vec4(uv, 0.5 + 0.5 * v, 1.0); }\n";
        Program = glCreateProgram();
        GLuint v = Compile(GL_VERTEX_SHADER, vs), f = Compile(GL_FRAGMENT_SHADER, fs);
        glAttachShader(Program, v);
        glAttachShader(Program, f);
        glLinkProgram(Program);
        glDeleteShader(v);
        glDeleteShader(f);
        TimeLoc = glGetUniformLocation(Program, "t");
        glGenVertexArrays(1, &Vao);
    }
    ~Scene()
    {
        glDeleteVertexArrays(1, &Vao);
        glDeleteProgram(Program);
    }
    void Draw(GLuint fbo, int w, int h, float t) const
    {
        glBindFramebuffer(GL_FRAMEBUFFER, fbo);
        glViewport(0, 0, w, h);
        glClearColor(0.1f, 0.2f, 0.3f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        glUseProgram(Program);
        glUniform1f(TimeLoc, t);
        glBindVertexArray(Vao);
        glDrawArrays(GL_TRIANGLES, 0, 3);
        glBindVertexArray(0);
        glUseProgram(0);
    }
};

void Bench(GLFWwindow* window, const GLApi& gl, GLuint fbo, int w, int h, int iterations, const char* label)
{
    Scene scene;
    CapturedImage img;
    std::string error;
    std::vector<double> baseline, capture, frame_capture, frame_async, async_pickup, async_frames;
    AsyncFramebufferCapture async;
    CapturedImage async_img;
    const int warmup = 5;
    for (int i = 0; i < warmup + iterations; i++)
    {
        const bool keep = i >= warmup;
        const float t = i * 0.01f;

        // 1) baseline: draw + glFinish
        auto t0 = Clock::now();
        scene.Draw(fbo, w, h, t);
        glFinish();
        auto t1 = Clock::now();
        // 2) capture of the finished frame
        if (!CaptureFramebuffer(gl, fbo, w, h, &img, &error))
        {
            fprintf(stderr, "capture failed: %s\n", error.c_str());
            exit(1);
        }
        auto t2 = Clock::now();
        if (fbo == 0)
            glfwSwapBuffers(window);

        // 3) hotkey frame: draw, then capture without an explicit glFinish
        auto t3 = Clock::now();
        scene.Draw(fbo, w, h, t + 0.005f);
        if (!CaptureFramebuffer(gl, fbo, w, h, &img, &error))
        {
            fprintf(stderr, "capture failed: %s\n", error.c_str());
            exit(1);
        }
        auto t4 = Clock::now();
        if (fbo == 0)
            glfwSwapBuffers(window);

        // 4) hotkey frame with the asynchronous capture, then the frames until it is ready
        auto t5 = Clock::now();
        scene.Draw(fbo, w, h, t + 0.007f);
        if (!async.Start(gl, fbo, w, h, &error))
        {
            fprintf(stderr, "async start failed: %s\n", error.c_str());
            exit(1);
        }
        auto t6 = Clock::now();
        if (fbo == 0)
            glfwSwapBuffers(window);
        double pickup = 0.0;
        int frames = 0;
        for (bool ready = false; !ready; )
        {
            if (++frames > 100)
            {
                fprintf(stderr, "async capture not ready after 100 frames\n");
                exit(1);
            }
            scene.Draw(fbo, w, h, t + 0.008f);
            auto p0 = Clock::now();
            const AsyncCapturePoll r = async.Poll(gl, &async_img, &error);
            auto p1 = Clock::now();
            if (r == AsyncCapturePoll::Failed)
            {
                fprintf(stderr, "async poll failed: %s\n", error.c_str());
                exit(1);
            }
            ready = r == AsyncCapturePoll::Ready;
            if (ready)
                pickup = Ms(p0, p1);
            if (fbo == 0)
                glfwSwapBuffers(window);
        }

        if (keep)
        {
            baseline.push_back(Ms(t0, t1));
            capture.push_back(Ms(t1, t2));
            frame_capture.push_back(Ms(t3, t4));
            frame_async.push_back(Ms(t5, t6));
            async_pickup.push_back(pickup);
            async_frames.push_back(frames);
        }
    }
    async.Release(gl);

    // CPU-only share: the row flip + alpha fill on the captured image.
    std::vector<double> flip;
    for (int i = 0; i < iterations; i++)
    {
        auto a = Clock::now();
        FlipRowsAndForceOpaque(img.Pixels.data(), img.Width, img.Height);
        flip.push_back(Ms(a, Clock::now()));
    }

    const Stats b = Summarize(baseline), c = Summarize(capture), fc = Summarize(frame_capture), fl = Summarize(flip);
    printf("%-9s %4dx%-4d  baseline(draw+glFinish) median %7.3f p95 %7.3f | capture median %7.3f p95 %7.3f (x%.2f of baseline, p95 x%.2f)"
           " | frame+capture median %7.3f p95 %7.3f (x%.2f) | flip+alpha median %6.3f\n",
           label, w, h, b.Median, b.P95, c.Median, c.P95, c.Median / b.Median, c.P95 / b.Median,
           fc.Median, fc.P95, fc.Median / b.Median, fl.Median);
    std::vector<double> thumb, thumb_full;
    const int factor = DownscaleFactor(async_img.Width, async_img.Height, 640);
    for (int i = 0; i < iterations; i++)
    {
        for (int full = 0; full < 2; full++)
        {
            auto a = Clock::now();
            const unsigned int tex = full ? CreateTextureRGBA(gl, async_img, &error)
                                          : CreateTextureRGBA(gl, DownscaleBox(async_img, factor), &error);
            glFinish();
            (full ? thumb_full : thumb).push_back(Ms(a, Clock::now()));
            if (!tex)
            {
                fprintf(stderr, "thumbnail failed: %s\n", error.c_str());
                exit(1);
            }
            DeleteTexture(gl, tex);
        }
    }
    const Stats th = Summarize(thumb), thf = Summarize(thumb_full);
    const Stats fa = Summarize(frame_async), ap = Summarize(async_pickup), af = Summarize(async_frames);
    printf("%-9s %4dx%-4d  frame+async start median %7.3f p95 %7.3f (x%.2f of baseline; x%.2f of frame+capture)"
           " | async pickup median %7.3f p95 %7.3f (x%.2f of baseline) | ready after %.0f frame(s) (p95 %.0f)"
           " | thumbnail (/%d) median %7.3f (x%.2f; full-size thumbnail %7.3f, x%.2f)\n",
           label, w, h, fa.Median, fa.P95, fa.Median / b.Median, fa.Median / fc.Median,
           ap.Median, ap.P95, ap.Median / b.Median, af.Median, af.P95, factor, th.Median, th.Median / b.Median,
           thf.Median, thf.Median / b.Median);
}

} // namespace

int main(int argc, char** argv)
{
    const int iterations = argc > 1 ? std::max(5, atoi(argv[1])) : 60;
    if (!glfwInit())
    {
        fprintf(stderr, "glfwInit failed: needs a display, e.g. xvfb-run -a -s \"-screen 0 1920x1080x24\" %s\n", argv[0]);
        return 1;
    }
    const int sizes[][2] = { { 1280, 720 }, { 1920, 1080 } };
    printf("times in ms on the render thread, %d iterations each\n", iterations);
    bool printed_renderer = false;
    for (const auto& size : sizes)
    {
        glfwDefaultWindowHints();
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
        glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
        glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
        glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
        GLFWwindow* window = glfwCreateWindow(size[0], size[1], "bench_gl_capture", nullptr, nullptr);
        if (!window)
        {
            fprintf(stderr, "glfwCreateWindow failed\n");
            return 1;
        }
        glfwMakeContextCurrent(window);
        glfwSwapInterval(0);
        GLApi gl;
        std::string error;
        if (!LoadGLApi(reinterpret_cast<GLLoaderFunc>(glfwGetProcAddress), &gl, &error))
        {
            fprintf(stderr, "%s\n", error.c_str());
            return 1;
        }
        if (!printed_renderer)
        {
            printf("GL_RENDERER: %s | GL_VERSION: %s\n", reinterpret_cast<const char*>(glGetString(GL_RENDERER)), reinterpret_cast<const char*>(glGetString(GL_VERSION)));
            printed_renderer = true;
        }
        int fb_w = 0, fb_h = 0;
        glfwGetFramebufferSize(window, &fb_w, &fb_h);
        if (fb_w != size[0] || fb_h != size[1])
            printf("note: window framebuffer is %dx%d, not %dx%d (is the screen large enough?)\n", fb_w, fb_h, size[0], size[1]);
        Bench(window, gl, 0, fb_w, fb_h, iterations, "default");

        GLuint fbo = 0, rb = 0;
        glGenFramebuffers(1, &fbo);
        glGenRenderbuffers(1, &rb);
        glBindRenderbuffer(GL_RENDERBUFFER, rb);
        glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, size[0], size[1]);
        glBindFramebuffer(GL_FRAMEBUFFER, fbo);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb);
        Bench(window, gl, fbo, size[0], size[1], iterations, "fbo");
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        glDeleteFramebuffers(1, &fbo);
        glDeleteRenderbuffers(1, &rb);

        glfwMakeContextCurrent(nullptr);
        glfwDestroyWindow(window);
    }
    glfwTerminate();
    return 0;
}
