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
// The measurement is Bench::MeasureCaptures (bench_support.h), shared with bench_frame_path.
//
// Not a test: it prints one table and asserts nothing. Frames are paced at 60 Hz (the
// scene is drawn and finished, then the thread sleeps to the next 16.7 ms), as a host's
// would be. Needs a display (a hidden 64x64 window; the captures read FBOs):
//     source scripts/lib.sh; start_xvfb; build/dev/bench/bench_capture_frame [iterations]
// On a GPU machine see docs/performance.md ("Capture").

#include "bench_support.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv)
{
    const int iterations = argc > 1 ? std::max(3, atoi(argv[1])) : 15;
    GLFWwindow* window = Bench::OpenHiddenWindow("bench_capture_frame");
    if (!window) return 1;
    const ImContact::GLApi timed = Bench::TimedGLApi(Bench::LoadHostGLApi());
    printf("%s | %d captures per size, frames paced at 60 Hz\n\n", Bench::RendererLine().c_str(), iterations);

    const Bench::CaptureResults r = Bench::MeasureCaptures(timed, iterations);
    using Bench::Num;
    Bench::Table t({ "capture, the panel's way (medians)", "1920x1080 FBO", "3840x2160 FBO" });
    auto row = [&](const char* name, auto value, int decimals) {
        t.Row({ name, Num(value(r.Sizes[0]), decimals), Num(value(r.Sizes[1]), decimals) });
    };
    row("glReadPixels, synchronous (baseline A), ms", [](const Bench::CaptureSize& s) { return s.ReadPixelsMs; }, 3);
    row("memcpy of the frame (baseline B), ms", [](const Bench::CaptureSize& s) { return s.MemcpyMs; }, 3);
    row("render thread per capture, all frames / A", [](const Bench::CaptureSize& s) { return s.TotalPerA; }, 3);
    row("  of which inside GL calls / A", [](const Bench::CaptureSize& s) { return s.InsideGlPerA; }, 3);
    row("  library's own CPU work / B (goal <= 0.3)", [](const Bench::CaptureSize& s) { return s.OwnPerB; }, 3);
    row("frames the capture touches", [](const Bench::CaptureSize& s) { return s.Frames; }, 0);
    row("copy+flip+alpha on the helper thread / B (off the render thread)", [](const Bench::CaptureSize& s) { return s.HelperCopyPerB; }, 3);
    t.Row({ "first capture of the process, render thread / A", Num(r.FirstTotalPerA), "-" });
    t.Row({ "  of which inside GL calls / A", Num(r.FirstInsideGlPerA), "-" });
    t.Row({ "thumbnail warm-up at the host's first frame (once, not a capture) / A", Num(r.WarmUpPerA), "-" });
    t.Print();
    printf("\nGL time by function, whole run (all sizes, first capture included): %s\n", Bench::GlTimeByFunction(6).c_str());
    Bench::CloseWindow(window);
    return 0;
}
