// Benchmark: what one screenshot costs the host's render thread, the way the panel takes it
// (AsyncFramebufferCapture::Start + ThumbnailBlitter::FromFramebuffer in the hotkey frame,
// then one AsyncFramebufferCapture::Poll per frame until Ready), summed over every frame
// the capture touches, against baselines measured in the same run:
//   glReadPixels: a synchronous glReadPixels of the same size into client memory, right
//                 after the same finished frame (what a naive capture costs);
//   memcpy:       a memcpy of the frame's bytes (the yardstick for the library's
//                 own CPU work).
// The GL calls the library makes go through a GLApi whose pointers are timing shims around
// the host's functions, so the time inside GL is measured apart from the library's own
// work (everything else on the render thread: bookkeeping, starting and joining the copy
// thread). The copy on the helper thread is reported too, though it is off the render thread.
// The first capture of the process (fresh GL objects, first use of every path) is one row.
//
// Not a test: it prints one table and asserts nothing. Frames are paced at 60 Hz (the
// scene is drawn and finished, then the thread sleeps to the next 16.7 ms), as a host's
// would be. Needs a display (a hidden 64x64 window; the captures read FBOs):
//     source scripts/lib.sh; start_xvfb; build/dev/bench/bench_capture_frame [iterations]
// On a GPU machine see docs/performance.md ("Capture").

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#define GL_GLEXT_PROTOTYPES
#include <GL/glcorearb.h>

#include "imcontact/internal/gl_api.h"
#include "imcontact/internal/gl_capture.h"
#include "imcontact/internal/gl_capture_async.h"
#include "imcontact/internal/gl_texture.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

using namespace ImContact;

namespace
{

using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double, std::milli>(b - a).count();
}

double Median(std::vector<double> v)
{
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Time spent inside the GL functions called through the shimmed GLApi: in all, and per
// function over the whole run (printed under the table: where the GL time goes).
double g_InsideGlMs = 0.0;
struct PerFunction { const char* Name; double Ms; long Calls; };
std::vector<PerFunction> g_PerFunction;

struct InsideGlTimer
{
    explicit InsideGlTimer(size_t index) : Index(index) {}
    size_t            Index;
    Clock::time_point Start = Clock::now();
    ~InsideGlTimer()
    {
        const double ms = Ms(Start, Clock::now());
        g_InsideGlMs += ms;
        g_PerFunction[Index].Ms += ms;
        g_PerFunction[Index].Calls++;
    }
};

// One shim per GLApi member: same signature, times the host's function.
template <typename Tag, typename Fn> struct Shim;
template <typename Tag, typename R, typename... A> struct Shim<Tag, R (APIENTRY*)(A...)>
{
    static R (APIENTRY* Real)(A...);
    static size_t Index;
    static R APIENTRY Call(A... args)
    {
        InsideGlTimer timer(Index);
        return Real(args...);
    }
};
template <typename Tag, typename R, typename... A> R (APIENTRY* Shim<Tag, R (APIENTRY*)(A...)>::Real)(A...) = nullptr;
template <typename Tag, typename R, typename... A> size_t Shim<Tag, R (APIENTRY*)(A...)>::Index = 0;

#define BENCH_SHIM(name, type)                         \
    struct Tag##name {};                               \
    Shim<Tag##name, type>::Real = gl.name;             \
    Shim<Tag##name, type>::Index = g_PerFunction.size(); \
    g_PerFunction.push_back({ "gl" #name, 0.0, 0 });   \
    if (gl.name) timed.name = &Shim<Tag##name, type>::Call;

GLApi TimedGLApi(const GLApi& gl)
{
    GLApi timed = gl;
    IMCONTACT_GL_FUNCTIONS(BENCH_SHIM)
    IMCONTACT_GL_ASYNC_FUNCTIONS(BENCH_SHIM)
    return timed;
}
#undef BENCH_SHIM

GLuint Compile(GLenum type, const char* src)
{
    GLuint sh = glCreateShader(type);
    glShaderSource(sh, 1, &src, nullptr);
    glCompileShader(sh);
    GLint ok = 0;
    glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
    if (!ok)
    {
        fprintf(stderr, "shader compile failed\n");
        exit(1);
    }
    return sh;
}

// A full-screen triangle with a little per-pixel work: the host's scene.
struct Scene
{
    GLuint Program = 0, Vao = 0;
    GLint  TimeLoc = -1;
    Scene()
    {
        const char* vs = "#version 330 core\nout vec2 uv;\n"
                         "void main() { vec2 p = vec2((gl_VertexID << 1) & 2, gl_VertexID & 2);\n"
                         "  uv = p; gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0); }\n";
        const char* fs = "#version 330 core\nin vec2 uv; uniform float t; out vec4 color;\n"
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
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
    }
};

struct Fbo
{
    GLuint Id = 0, Rb = 0;
    int    W = 0, H = 0;
    Fbo(int w, int h) : W(w), H(h)
    {
        glGenFramebuffers(1, &Id);
        glGenRenderbuffers(1, &Rb);
        glBindRenderbuffer(GL_RENDERBUFFER, Rb);
        glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
        glBindFramebuffer(GL_FRAMEBUFFER, Id);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, Rb);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
    }
    ~Fbo()
    {
        glDeleteFramebuffers(1, &Id);
        glDeleteRenderbuffers(1, &Rb);
    }
};

// One capture the panel's way. Render-thread time summed over its frames, and the part of it inside GL.
struct CaptureCost
{
    double TotalMs = 0, InsideGlMs = 0;
    int    Frames = 0;
};

const double FrameMs = 1000.0 / 60.0;

CaptureCost CaptureLikeThePanel(const GLApi& timed, AsyncFramebufferCapture& cap, ThumbnailBlitter& thumbs,
                                const Scene& scene, const Fbo& fb, float t, CapturedImage* out)
{
    CaptureCost cost;
    std::string error;
    g_InsideGlMs = 0.0;
    // The hotkey frame: the host drew its frame; FrameRendered queues the read and the thumbnail.
    scene.Draw(fb.Id, fb.W, fb.H, t);
    glFinish();
    auto frame_start = Clock::now();
    auto a = Clock::now();
    if (!cap.Start(timed, fb.Id, fb.W, fb.H, &error))
    {
        fprintf(stderr, "Start failed: %s\n", error.c_str());
        exit(1);
    }
    const unsigned int thumb = thumbs.FromFramebuffer(timed, fb.Id, fb.W, fb.H, 640, &error);
    if (!thumb)
    {
        fprintf(stderr, "thumbnail failed: %s\n", error.c_str());
        exit(1);
    }
    cost.TotalMs += Ms(a, Clock::now());
    cost.Frames = 1;
    for (;;)
    {
        std::this_thread::sleep_until(frame_start + std::chrono::microseconds(static_cast<int>(FrameMs * 1000)));
        scene.Draw(fb.Id, fb.W, fb.H, t + 0.01f * cost.Frames);
        glFinish();
        frame_start = Clock::now();
        a = Clock::now();
        const AsyncCapturePoll r = cap.Poll(timed, out, &error);
        cost.TotalMs += Ms(a, Clock::now());
        cost.Frames++;
        if (r == AsyncCapturePoll::Ready)
            break;
        if (r != AsyncCapturePoll::Pending || cost.Frames > 200)
        {
            fprintf(stderr, "Poll failed: %s\n", error.c_str());
            exit(1);
        }
    }
    cost.InsideGlMs = g_InsideGlMs;
    DeleteTexture(timed, thumb);   // when the screenshot is dropped: not part of the capture
    return cost;
}

struct Row
{
    const char* Name;
    double      Value[2];
};

} // namespace

int main(int argc, char** argv)
{
    const int iterations = argc > 1 ? std::max(3, atoi(argv[1])) : 15;
    if (!glfwInit())
    {
        fprintf(stderr, "glfwInit failed: needs a display (source scripts/lib.sh; start_xvfb)\n");
        return 1;
    }
    glfwDefaultWindowHints();
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    GLFWwindow* window = glfwCreateWindow(64, 64, "bench_capture_frame", nullptr, nullptr);
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
    const GLApi timed = TimedGLApi(gl);
    printf("GL_RENDERER: %s | GL_VERSION: %s | %d captures per size, frames paced at 60 Hz\n",
           reinterpret_cast<const char*>(glGetString(GL_RENDERER)), reinterpret_cast<const char*>(glGetString(GL_VERSION)), iterations);

    const int sizes[2][2] = { { 1920, 1080 }, { 3840, 2160 } };
    Scene scene;
    Row rows[] = {
        { "glReadPixels, synchronous (baseline A), ms", {} },
        { "memcpy of the frame (baseline B), ms", {} },
        { "render thread per capture, all frames / A", {} },
        { "  of which inside GL calls / A", {} },
        { "  library's own CPU work / B (goal <= 0.3)", {} },
        { "frames the capture touches", {} },
        { "copy+flip+alpha on the helper thread / B (off the render thread)", {} },
        { "first capture of the process, render thread / A", {} },
        { "  of which inside GL calls / A", {} },
        { "thumbnail warm-up at the host's first frame (once, not a capture) / A", {} },
    };
    double first_total = 0, first_gl = 0, warm_ms = 0;
    for (int s = 0; s < 2; s++)
    {
        const int w = sizes[s][0], h = sizes[s][1];
        const size_t bytes = static_cast<size_t>(w) * h * 4;
        Fbo fb(w, h);
        AsyncFramebufferCapture cap;
        ThumbnailBlitter thumbs;
        CapturedImage img;
        if (s == 0)
        {
            // What the panel does at the host's first frame (EnsureGL), then the process's first
            // capture: nothing made yet (buffer, thumbnail levels, thread).
            scene.Draw(fb.Id, w, h, 0.0f);
            glFinish();
            auto w0 = Clock::now();
            thumbs.WarmUp(timed, fb.Id, w, h, &error);
            warm_ms = Ms(w0, Clock::now());
            const CaptureCost first = CaptureLikeThePanel(timed, cap, thumbs, scene, fb, 0.0f, &img);
            first_total = first.TotalMs;
            first_gl = first.InsideGlMs;
        }
        std::vector<uint8_t> client(bytes), copy_dst(bytes);
        std::vector<double> read_ms, memcpy_ms, total_ms, gl_ms, own_ms, frames, helper_ms;
        for (int i = 0; i < 2 + iterations; i++)
        {
            const bool keep = i >= 2;
            scene.Draw(fb.Id, w, h, 0.5f + i);
            glFinish();
            glBindFramebuffer(GL_READ_FRAMEBUFFER, fb.Id);
            glPixelStorei(GL_PACK_ALIGNMENT, 1);
            auto a = Clock::now();
            glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, client.data());
            auto b = Clock::now();
            glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
            std::memcpy(copy_dst.data(), client.data(), bytes);   // warm the destination
            auto c = Clock::now();
            std::memcpy(copy_dst.data(), client.data(), bytes);
            auto d = Clock::now();
            // The helper thread's work, timed on its own: copy, flip, alpha into a fresh image.
            auto e = Clock::now();
            {
                CapturedImage fresh;
                fresh.Pixels.resize(bytes);
                CopyRowsFlippedOpaque(client.data(), fresh.Pixels.data(), w, h);
            }
            auto f = Clock::now();
            const CaptureCost cost = CaptureLikeThePanel(timed, cap, thumbs, scene, fb, 0.3f + i, &img);
            if (!keep)
                continue;
            read_ms.push_back(Ms(a, b));
            memcpy_ms.push_back(Ms(c, d));
            helper_ms.push_back(Ms(e, f));
            total_ms.push_back(cost.TotalMs);
            gl_ms.push_back(cost.InsideGlMs);
            own_ms.push_back(cost.TotalMs - cost.InsideGlMs);
            frames.push_back(cost.Frames);
        }
        const double A = Median(read_ms), B = Median(memcpy_ms);
        rows[0].Value[s] = A;
        rows[1].Value[s] = B;
        rows[2].Value[s] = Median(total_ms) / A;
        rows[3].Value[s] = Median(gl_ms) / A;
        rows[4].Value[s] = Median(own_ms) / B;
        rows[5].Value[s] = Median(frames);
        rows[6].Value[s] = Median(helper_ms) / B;
        if (s == 0)
        {
            rows[7].Value[s] = first_total / A;
            rows[8].Value[s] = first_gl / A;
            rows[9].Value[s] = warm_ms / A;
        }
        else
        {
            rows[7].Value[s] = rows[8].Value[s] = rows[9].Value[s] = -1;
        }
        cap.Release(gl);
        thumbs.Release(gl);
    }

    printf("\n| %-66s | %12s | %12s |\n", "capture, the panel's way (medians)", "1920x1080 FBO", "3840x2160 FBO");
    printf("|%s|%s|%s|\n", std::string(68, '-').c_str(), std::string(14, '-').c_str(), std::string(14, '-').c_str());
    for (const Row& r : rows)
    {
        printf("| %-66s |", r.Name);
        for (int s = 0; s < 2; s++)
        {
            if (r.Value[s] < 0)
                printf(" %12s |", "-");
            else if (&r == &rows[5])
                printf(" %12.0f |", r.Value[s]);
            else
                printf(" %12.3f |", r.Value[s]);
        }
        printf("\n");
    }
    std::vector<PerFunction> top = g_PerFunction;
    std::sort(top.begin(), top.end(), [](const PerFunction& a, const PerFunction& b) { return a.Ms > b.Ms; });
    printf("\nGL time by function, whole run (all sizes, first capture included):");
    for (size_t i = 0; i < top.size() && i < 6 && top[i].Calls > 0; i++)
        printf(" %s %.0f ms/%ld calls;", top[i].Name, top[i].Ms, top[i].Calls);
    printf("\n");
    glfwMakeContextCurrent(nullptr);
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}
