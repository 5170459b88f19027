// The GL prototypes first: gl_api.h (through bench_support.h) includes glcorearb.h without them.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#define GL_GLEXT_PROTOTYPES
#include <GL/glcorearb.h>

#include "bench_support.h"

#include "imcontact/internal/gl_capture.h"
#include "imcontact/internal/gl_capture_async.h"
#include "imcontact/internal/gl_texture.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <thread>

using namespace ImContact;

namespace Bench
{

double Ms(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double, std::milli>(b - a).count();
}

double ThreadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double Median(std::vector<double> v)
{
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double Percentile(std::vector<double> v, double p)
{
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    size_t rank = static_cast<size_t>(p / 100.0 * static_cast<double>(v.size()) + 0.999999);   // nearest rank, 1-based
    rank = std::min(std::max<size_t>(rank, 1), v.size());
    return v[rank - 1];
}

double Max(const std::vector<double>& v)
{
    return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end());
}

// ---------------------------------------------------------------------------
// Window, GL
// ---------------------------------------------------------------------------

GLFWwindow* OpenHiddenWindow(const char* title, int w, int h)
{
    if (!glfwInit())
    {
        fprintf(stderr, "glfwInit failed: needs a display (source scripts/lib.sh; start_xvfb)\n");
        return nullptr;
    }
    glfwDefaultWindowHints();
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    // IMCONTACT_BENCH_EGL=1: the context through EGL on the X11 window instead of GLX
    // (docs/performance.md, "How to run on a GPU machine").
    const char* egl = getenv("IMCONTACT_BENCH_EGL");
    if (egl && egl[0] == '1') glfwWindowHint(GLFW_CONTEXT_CREATION_API, GLFW_EGL_CONTEXT_API);
    GLFWwindow* window = glfwCreateWindow(w, h, title, nullptr, nullptr);
    if (!window)
    {
        fprintf(stderr, "glfwCreateWindow failed (GL 3.3 core)\n");
        glfwTerminate();
        return nullptr;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(0);
    return window;
}

void CloseWindow(GLFWwindow* window)
{
    glfwMakeContextCurrent(nullptr);
    glfwDestroyWindow(window);
    glfwTerminate();
}

std::string RendererLine()
{
    GLFWwindow* current = glfwGetCurrentContext();
    const bool egl = current && glfwGetWindowAttrib(current, GLFW_CONTEXT_CREATION_API) == GLFW_EGL_CONTEXT_API;
    return std::string("GL_RENDERER: ") + reinterpret_cast<const char*>(glGetString(GL_RENDERER)) +
           " | GL_VERSION: " + reinterpret_cast<const char*>(glGetString(GL_VERSION)) + (egl ? " | EGL" : " | GLX");
}

GLApi LoadHostGLApi()
{
    GLApi gl;
    std::string error;
    if (!LoadGLApi(reinterpret_cast<GLLoaderFunc>(glfwGetProcAddress), &gl, &error))
    {
        fprintf(stderr, "%s\n", error.c_str());
        exit(1);
    }
    return gl;
}

Fbo::Fbo(int w, int h, bool depth) : W(w), H(h)
{
    glGenFramebuffers(1, &Id);
    glGenRenderbuffers(1, &Color);
    glBindRenderbuffer(GL_RENDERBUFFER, Color);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
    glBindFramebuffer(GL_FRAMEBUFFER, Id);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, Color);
    if (depth)
    {
        glGenRenderbuffers(1, &Depth);
        glBindRenderbuffer(GL_RENDERBUFFER, Depth);
        glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, w, h);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, Depth);
    }
    glBindRenderbuffer(GL_RENDERBUFFER, 0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

Fbo::~Fbo()
{
    glDeleteFramebuffers(1, &Id);
    glDeleteRenderbuffers(1, &Color);
    if (Depth) glDeleteRenderbuffers(1, &Depth);
}

// ---------------------------------------------------------------------------
// Timed GLApi
// ---------------------------------------------------------------------------

namespace
{

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

} // namespace

#define BENCH_SHIM(name, type)                           \
    struct Tag##name {};                                 \
    Shim<Tag##name, type>::Real = gl.name;               \
    Shim<Tag##name, type>::Index = g_PerFunction.size(); \
    g_PerFunction.push_back({ "gl" #name, 0.0, 0 });     \
    if (gl.name) timed.name = &Shim<Tag##name, type>::Call;

GLApi TimedGLApi(const GLApi& gl)
{
    GLApi timed = gl;
    IMCONTACT_GL_FUNCTIONS(BENCH_SHIM)
    IMCONTACT_GL_ASYNC_FUNCTIONS(BENCH_SHIM)
    return timed;
}
#undef BENCH_SHIM

double& InsideGlMs() { return g_InsideGlMs; }

std::string GlTimeByFunction(size_t top)
{
    std::vector<PerFunction> sorted = g_PerFunction;
    std::sort(sorted.begin(), sorted.end(), [](const PerFunction& a, const PerFunction& b) { return a.Ms > b.Ms; });
    std::string out;
    for (size_t i = 0; i < sorted.size() && i < top && sorted[i].Calls > 0; i++)
        out += Fmt("%s%s %.0f ms/%ld calls", i ? "; " : "", sorted[i].Name, sorted[i].Ms, sorted[i].Calls);
    return out;
}

// ---------------------------------------------------------------------------
// One capture the panel's way
// ---------------------------------------------------------------------------

namespace
{

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
struct TriangleScene
{
    GLuint Program = 0, Vao = 0;
    GLint  TimeLoc = -1;
    TriangleScene()
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
    ~TriangleScene()
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
        glFinish();
    }
};

struct CaptureCost
{
    double TotalMs = 0, InsideGlMs = 0;
    int    Frames = 0;
};

const double FrameMs = 1000.0 / 60.0;

CaptureCost CaptureLikeThePanel(const GLApi& timed, AsyncFramebufferCapture& cap, ThumbnailBlitter& thumbs,
                                const TriangleScene& scene, const Fbo& fb, float t, CapturedImage* out)
{
    CaptureCost cost;
    std::string error;
    g_InsideGlMs = 0.0;
    // The hotkey frame: the host drew its frame; FrameRendered queues the read and the thumbnail.
    scene.Draw(fb.Id, fb.W, fb.H, t);
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
        frame_start = Clock::now();
        a = Clock::now();
        const AsyncCapturePoll r = cap.Poll(timed, out, &error);
        cost.TotalMs += Ms(a, Clock::now());
        cost.Frames++;
        if (r == AsyncCapturePoll::Ready) break;
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

} // namespace

CaptureResults MeasureCaptures(const GLApi& timed, int iterations)
{
    const int sizes[2][2] = { { 1920, 1080 }, { 3840, 2160 } };
    TriangleScene scene;
    CaptureResults results;
    double first_total = 0, first_gl = 0, warm_ms = 0;
    std::string error;
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
            if (!keep) continue;
            read_ms.push_back(Ms(a, b));
            memcpy_ms.push_back(Ms(c, d));
            helper_ms.push_back(Ms(e, f));
            total_ms.push_back(cost.TotalMs);
            gl_ms.push_back(cost.InsideGlMs);
            own_ms.push_back(cost.TotalMs - cost.InsideGlMs);
            frames.push_back(cost.Frames);
        }
        CaptureSize r;
        r.Width = w;
        r.Height = h;
        r.ReadPixelsMs = Median(read_ms);
        r.MemcpyMs = Median(memcpy_ms);
        r.TotalPerA = Median(total_ms) / r.ReadPixelsMs;
        r.InsideGlPerA = Median(gl_ms) / r.ReadPixelsMs;
        r.OwnPerB = Median(own_ms) / r.MemcpyMs;
        r.Frames = Median(frames);
        r.HelperCopyPerB = Median(helper_ms) / r.MemcpyMs;
        if (s == 0)
        {
            results.FirstTotalPerA = first_total / r.ReadPixelsMs;
            results.FirstInsideGlPerA = first_gl / r.ReadPixelsMs;
            results.WarmUpPerA = warm_ms / r.ReadPixelsMs;
        }
        results.Sizes.push_back(r);
        cap.Release(timed);
        thumbs.Release(timed);
    }
    return results;
}

// ---------------------------------------------------------------------------
// Table
// ---------------------------------------------------------------------------

std::string Fmt(const char* format, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, format);
    vsnprintf(buf, sizeof(buf), format, ap);
    va_end(ap);
    return buf;
}

std::string Num(double value, int decimals)
{
    return value < 0 ? std::string("-") : Fmt("%.*f", decimals, value);
}

void Table::Section(const std::string& title, std::vector<std::string> cells)
{
    cells.insert(cells.begin(), "**" + title + "**");
    rows_.push_back(std::move(cells));
}

void Table::Print() const
{
    std::vector<size_t> width(header_.size(), 3);
    auto widen = [&](const std::vector<std::string>& cells) {
        for (size_t i = 0; i < cells.size() && i < width.size(); i++) width[i] = std::max(width[i], cells[i].size());
    };
    widen(header_);
    for (const auto& r : rows_) widen(r);
    auto line = [&](const std::vector<std::string>& cells) {
        printf("|");
        for (size_t i = 0; i < width.size(); i++)
        {
            const std::string cell = i < cells.size() ? cells[i] : std::string();
            printf(i == 0 ? " %-*s |" : " %*s |", static_cast<int>(width[i]), cell.c_str());
        }
        printf("\n");
    };
    line(header_);
    printf("|");
    for (size_t i = 0; i < width.size(); i++) printf("%s|", (std::string(width[i] + 1, '-') + (i == 0 ? "-" : ":")).c_str());
    printf("\n");
    for (const auto& r : rows_) line(r);
}

} // namespace Bench
