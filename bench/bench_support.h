// What the benchmarks in bench/ share: a hidden GL 3.3 core window, an offscreen FBO, a
// GLApi whose calls are timed (time inside GL apart from the library's own work), medians
// and percentiles, one markdown table, and the measurement of one capture the panel's way
// (bench_capture_frame prints it whole; bench_frame_path prints it as its section a).
//
// Not a library: bench-only code, render thread (the thread whose GL context is current)
// for everything here except the statistics and the table.
//
//   GLFWwindow* w = Bench::OpenHiddenWindow("bench_x");     // null: no display (message printed)
//   const ImContact::GLApi timed = Bench::TimedGLApi(gl);   // calls through 'timed' add to InsideGlMs()
//   Bench::CaptureResults r = Bench::MeasureCaptures(timed, 15);
#pragma once

#include "imcontact/internal/gl_api.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

struct GLFWwindow;

namespace Bench
{

using Clock = std::chrono::steady_clock;

// Milliseconds between two time points.
double Ms(Clock::time_point a, Clock::time_point b);
// CPU time of the calling thread, ms (encoders run on the calling thread: robust against
// other processes on a shared machine).
double ThreadCpuMs();

// Median of 'v' (0 for an empty vector); the upper median for an even count.
double Median(std::vector<double> v);
// Nearest-rank percentile, 'p' in [0, 100] (0 for an empty vector).
double Percentile(std::vector<double> v, double p);
double Max(const std::vector<double>& v);

// A hidden w x h window with a current GL 3.3 core context (swap interval 0), after
// glfwInit. Null, with a message on stderr, when there is no display. Close with CloseWindow.
// The context is made through GLX, or through EGL when IMCONTACT_BENCH_EGL=1 is set.
GLFWwindow* OpenHiddenWindow(const char* title, int w = 64, int h = 64);
void CloseWindow(GLFWwindow* window);   // destroys it and terminates GLFW
// "GL_RENDERER: ... | GL_VERSION: ... | GLX" (or EGL) of the current context.
std::string RendererLine();
// The host's GL functions through glfwGetProcAddress; exits with a message on failure.
ImContact::GLApi LoadHostGLApi();

// An offscreen RGBA8 framebuffer (with a 24-bit depth buffer when 'depth'). Owns its GL
// objects; render thread.
struct Fbo
{
    unsigned int Id = 0, Color = 0, Depth = 0;
    int W = 0, H = 0;
    Fbo(int w, int h, bool depth = false);
    ~Fbo();
    Fbo(const Fbo&) = delete;
    Fbo& operator=(const Fbo&) = delete;
};

// A copy of 'gl' whose every member is a shim that times the host's function: the time
// adds to InsideGlMs() and to the per-function totals of GlTimeByFunction(). Process-wide
// (one set of shims); call it once.
ImContact::GLApi TimedGLApi(const ImContact::GLApi& gl);
double& InsideGlMs();   // reset it before what is measured
// "glX n ms/m calls; ..." for the 'top' functions with the most time, whole run.
std::string GlTimeByFunction(size_t top);

// One capture the panel's way (AsyncFramebufferCapture::Start + ThumbnailBlitter in the
// hotkey frame, one Poll per frame until Ready; frames paced at 60 Hz), per size, against
// baselines of the same run: A a synchronous glReadPixels of the same frame into client
// memory, B a memcpy of the frame. Medians over 'iterations' captures.
struct CaptureSize
{
    int    Width = 0, Height = 0;
    double ReadPixelsMs = 0;      // A
    double MemcpyMs = 0;          // B
    double TotalPerA = 0;         // render thread, all frames of a capture / A
    double InsideGlPerA = 0;      //   of which inside GL / A
    double OwnPerB = 0;           //   the library's own work / B (goal <= 0.3)
    double Frames = 0;            // frames a capture touches
    double HelperCopyPerB = 0;    // copy+flip+alpha on the capture's helper thread / B
};
struct CaptureResults
{
    std::vector<CaptureSize> Sizes;   // 1920x1080, 3840x2160
    // The process's first capture (1080p), after the warm-up the panel does at the
    // host's first frame: render thread / A and inside GL / A; the warm-up / A.
    double FirstTotalPerA = 0, FirstInsideGlPerA = 0, WarmUpPerA = 0;
};
// Must be the process's first use of the capture path for the "first capture" row to mean
// what it says. 'timed' comes from TimedGLApi.
CaptureResults MeasureCaptures(const ImContact::GLApi& timed, int iterations);

// One markdown table: a header and rows of cells, the first cell left-aligned, the
// others right-aligned, columns padded to the widest cell. Section(title) adds a row with
// the title in bold and the other cells given (e.g. column headings of that section).
class Table
{
public:
    explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
    void Row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
    void Section(const std::string& title, std::vector<std::string> cells = {});
    void Print() const;   // stdout

private:
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
};
// printf-style formatting of one cell ("-" for a negative value with Num).
std::string Fmt(const char* format, ...);
std::string Num(double value, int decimals = 3);

} // namespace Bench
