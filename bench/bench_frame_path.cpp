// Benchmark: the whole frame path of a screenshot, in one table, every figure a ratio
// against a baseline measured in the same run (issue 7, item 6; docs/performance.md,
// "Frame path"):
//   a. capture: render-thread time per capture, summed over every frame it touches, vs a
//      synchronous glReadPixels (A), split into inside GL (/ A) and the library's own work
//      (/ a memcpy, B), at 1920x1080 and 3840x2160 (FBOs); the process's first capture.
//      Bench::MeasureCaptures, the same measurement as bench_capture_frame.
//   b. frame time (p50/p99/max) of the demo's own scene + UI with the contact panel
//      (demo/scene.cpp, views.cpp, chrome.cpp; 1920x1080 FBO, Config::CaptureFramebuffer)
//      without capture, vs during a capture (F8 -> thumbnail shown) and during encode +
//      send (Send -> ticket, the real receiver in process on loopback). The panel is driven
//      through Dear ImGui's input (tests/support/panel_driver.h); frames paced at 60 Hz.
//   c. encode: CPU time (of the encoding thread) and bytes per codec on a UI frame
//      (Raportit), a 3D frame (Visualisointi), both rendered by the demo offscreen, and a
//      seeded procedural photographic frame, 1920x1080; stb_image_write PNG at its default
//      settings is the baseline. Plus a 2560x1440 photographic frame through Auto.
//   d. send to ticket: Submitter::SubmitReport -> SendFinished with a ticket, 1080p UI
//      frame, real receiver in process on loopback, outbox on; against the Auto encode of
//      the same frame at low priority (what the worker runs first).
//
// Not a test: it prints one table and asserts nothing (it exits non-zero when a step
// fails: no display, a send refused, the panel not found). Needs a display for the GL
// context (the frames themselves are FBOs):
//     source scripts/lib.sh; start_xvfb; build/dev/bench/bench_frame_path [iterations, default 3]
// IMCONTACT_BENCH_VERBOSE=1 prints section b's capture and send frames one by one on stderr.
// iterations: captures per size in a, rounds (capture + send) in b, sends in d (x2);
// encodes per codec in c are min(iterations, 3).

// The GL prototypes first: gl_api.h (through bench_support.h) includes glcorearb.h without them.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#define GL_GLEXT_PROTOTYPES
#include <GL/glcorearb.h>

#include "bench_support.h"

#include "app_state.h"
#include "chrome.h"
#include "receiver_embed.h"
#include "scene.h"
#include "ui_style.h"
#include "views.h"

#include "support/panel_driver.h"
#include "support/sample_report.h"
#include "support/temp_dir.h"

#include "imcontact/imcontact.h"
#include "imcontact/imcontact_submitter.h"
#include "imcontact/internal/gl_capture.h"
#include "imcontact/internal/png_codec.h"
#include "imcontact/internal/screenshot_codec.h"

#include "imgui.h"
#include "imgui_impl_opengl3.h"

#include "stb_image_write.h"   // the implementation is compiled into Debian's libstb
#include <webp/encode.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <thread>

using namespace Bench;
using ImContact::RgbaImage;

namespace
{

const int FrameW = 1920, FrameH = 1080;
const double FramePeriodMs = 1000.0 / 60.0;

void Die(const std::string& why)
{
    fprintf(stderr, "bench_frame_path: %s\n", why.c_str());
    exit(1);
}

void* GetGLProc(const char* name)
{
    return reinterpret_cast<void*>(glfwGetProcAddress(name));
}

// What a frame of section b was doing.
enum class Phase { Other, Closed, Capture, Open, Send };

// The demo as a host: its scene and UI and the contact panel, rendered into a 1080p FBO
// (with depth) that the panel captures (Config::CaptureFramebuffer). Render thread.
struct DemoHost
{
    Fbo Frame{ FrameW, FrameH, true };
    Demo::Scene Scene;
    Demo::AppState App;
    bool PanelOpen = false;
    double Time = 0.0;   // the scene's clock: 1/60 s a frame, so every run draws the same frames

    DemoHost(const std::string& receiver_url, const std::string& data_dir)
    {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(static_cast<float>(FrameW), static_cast<float>(FrameH));
        io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
        Demo::SetupStyleAndFonts(1.0f, 1.0f);
        ImGui_ImplOpenGL3_Init("#version 330 core");
        std::string err;
        if (!Scene.Init(IMCONTACT_BENCH_SHADER_DIR, &err)) Die(err);
        App.ReceiverUrl = receiver_url;
        App.ReceiverEmbedded = true;
        ImContact::Config cfg;   // as the demo's main.cpp configures it
        cfg.Endpoint = receiver_url;
        cfg.DataDir = data_dir;
        cfg.AppName = "bench_frame_path";
        cfg.AppVersion = "1";
        for (int v = 0; v < Demo::ViewCount; v++) cfg.Applications.push_back(Demo::ViewName(v));
        cfg.SubApplications = { "Raportti", "Tulostus", "Asetukset" };
        cfg.GLGetProcAddress = GetGLProc;
        cfg.CaptureFramebuffer = Frame.Id;
        cfg.OnChangeDetails = Demo::OpenOwnDetails;
        cfg.UserData = &App;
        App.Contact = ImContact::CreateContext(cfg, &err);
        if (!App.Contact) Die("ImContact::CreateContext: " + err);
        ImContact::SetUser(App.Contact, App.Organisation.c_str(), App.Email.c_str());
    }
    ~DemoHost()
    {
        if (!ImContact::DestroyContext(App.Contact)) fprintf(stderr, "bench_frame_path: a send was abandoned at shutdown\n");
        Scene.Shutdown();
        ImGui_ImplOpenGL3_Shutdown();
        ImGui::DestroyContext();
    }

    // One frame in the demo's order (main.cpp), finished (glFinish) so that its time is
    // the GPU's too; returns its time in ms. Then sleeps to the next 60 Hz tick.
    double RenderFrame(ImContactTest::PanelDriver* driver)
    {
        const Clock::time_point start = Clock::now();
        ImGui_ImplOpenGL3_NewFrame();
        ImGui::GetIO().DeltaTime = static_cast<float>(FramePeriodMs / 1000.0);
        if (driver) driver->BeforeNewFrame();
        ImGui::NewFrame();
        Demo::DrawMainMenuBar(App);
        Demo::DrawViews(App);
        Demo::DrawStatusBar(App);
        Demo::DrawOwnDetailsWindow(App);
        ImContact::SetCurrentApplication(App.Contact, Demo::ViewName(App.View));
        ImContact::ShowContactWindow(App.Contact, &PanelOpen);
        glBindFramebuffer(GL_FRAMEBUFFER, Frame.Id);
        Scene.Render(App.Scene, Time, FrameW, FrameH);
        ImGui::Render();
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        ImContact::FrameRendered(App.Contact);
        glFinish();
        const double ms = Ms(start, Clock::now());
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        Time += FramePeriodMs / 1000.0;
        std::this_thread::sleep_until(start + std::chrono::microseconds(static_cast<int>(FramePeriodMs * 1000.0)));
        return ms;
    }

    // The last frame's pixels, top row first, opaque.
    RgbaImage ReadFrame() const
    {
        std::vector<uint8_t> bottom_up(static_cast<size_t>(FrameW) * FrameH * 4);
        glBindFramebuffer(GL_READ_FRAMEBUFFER, Frame.Id);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, FrameW, FrameH, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up.data());
        glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
        RgbaImage img;
        img.Width = FrameW;
        img.Height = FrameH;
        img.Pixels.resize(bottom_up.size());
        ImContact::CopyRowsFlippedOpaque(bottom_up.data(), img.Pixels.data(), FrameW, FrameH);
        return img;
    }

    // Shows 'view' (as the View menu does) and renders a few frames for it to settle.
    RgbaImage Shoot(int view)
    {
        App.RequestedView = view;
        for (int i = 0; i < 20; i++) RenderFrame(nullptr);
        return ReadFrame();
    }
};

// ---------------------------------------------------------------------------
// c. The photographic frame and the codecs
// ---------------------------------------------------------------------------

// A deterministic stand-in for a photograph: smooth colour gradients (sky to ground),
// objects with edges (ellipses), fractal value noise down to single pixels (texture at
// every scale) and per-pixel sensor noise, all from 'seed'.
RgbaImage PhotographicFrame(int w, int h, uint64_t seed)
{
    uint64_t s = seed * 0x9E3779B97F4A7C15ull + 1;
    auto next = [&s]() {   // xorshift64*
        s ^= s >> 12; s ^= s << 25; s ^= s >> 27;
        return static_cast<uint32_t>((s * 0x2545F4914F6CDD1Dull) >> 32);
    };
    auto unit = [&next]() { return static_cast<float>(next()) / 4294967296.0f; };
    const int G = 1024;   // value-noise lattice, wrapped
    std::vector<float> lattice(static_cast<size_t>(G) * G);
    for (float& v : lattice) v = unit();
    auto value_noise = [&](float x, float y) {
        const int xi = static_cast<int>(std::floor(x)), yi = static_cast<int>(std::floor(y));
        const float fx = x - xi, fy = y - yi;
        const float sx = fx * fx * (3 - 2 * fx), sy = fy * fy * (3 - 2 * fy);
        auto at = [&](int i, int j) { return lattice[static_cast<size_t>(j & (G - 1)) * G + (i & (G - 1))]; };
        const float a = at(xi, yi) + (at(xi + 1, yi) - at(xi, yi)) * sx;
        const float b = at(xi, yi + 1) + (at(xi + 1, yi + 1) - at(xi, yi + 1)) * sx;
        return a + (b - a) * sy;
    };
    struct Blob { float X, Y, Rx, Ry, R, G, B; };
    std::vector<Blob> blobs(60);
    for (Blob& b : blobs) b = { unit(), 0.3f + 0.7f * unit(), 0.02f + 0.12f * unit(), 0.02f + 0.15f * unit(), unit(), unit(), unit() };
    RgbaImage img;
    img.Width = w;
    img.Height = h;
    img.Pixels.resize(static_cast<size_t>(w) * h * 4);
    const float horizon = 0.35f + 0.1f * unit();
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        {
            const float u = static_cast<float>(x) / w, v = static_cast<float>(y) / h;
            // Octaves from a sixth of the height down to about 2 pixels, persistence 0.6.
            float fractal = 0.0f, amp = 0.4f;
            for (float cell = h / 6.0f; cell >= 2.0f; cell *= 0.5f, amp *= 0.6f) fractal += amp * (value_noise(x / cell, y / cell) - 0.5f);
            float rgb[3];
            if (v < horizon + 0.04f * std::sin(u * 9.0f)) { rgb[0] = 0.45f + 0.3f * v; rgb[1] = 0.60f + 0.25f * v; rgb[2] = 0.90f - 0.2f * v; fractal *= 0.3f; }
            else { rgb[0] = 0.35f; rgb[1] = 0.40f * (1.2f - v); rgb[2] = 0.18f; }
            for (const Blob& b : blobs)
            {
                const float dx = (u - b.X) * w / h / b.Rx, dy = (v - b.Y) / b.Ry;
                if (dx * dx + dy * dy < 1.0f)
                {
                    const float shade = 0.6f + 0.4f * (1.0f - dy);   // lit from above
                    rgb[0] = b.R * shade; rgb[1] = b.G * shade; rgb[2] = b.B * shade;
                }
            }
            uint8_t* p = &img.Pixels[(static_cast<size_t>(y) * w + x) * 4];
            for (int c = 0; c < 3; c++)
            {
                // Sensor noise: a sum of two uniforms (triangular, about +-6 levels).
                const float n = ((next() & 0xFF) + (next() & 0xFF) - 255.0f) / 255.0f * 6.0f;
                p[c] = static_cast<uint8_t>(std::min(255.0f, std::max(0.0f, (rgb[c] + fractal) * 255.0f + n)));
            }
            p[3] = 255;
        }
    return img;
}

void AppendBytes(void* context, void* data, int size)
{
    auto* out = static_cast<std::vector<uint8_t>*>(context);
    out->insert(out->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
}

// stb_image_write at its default settings (compression level 8, RGBA): the old encoder.
size_t EncodeStbPng(const RgbaImage& img)
{
    std::vector<uint8_t> out;
    if (!stbi_write_png_to_func(AppendBytes, &out, img.Width, img.Height, 4, img.Pixels.data(), img.Width * 4)) Die("stb PNG failed");
    return out.size();
}

size_t EncodeOurPng(const RgbaImage& img)
{
    std::vector<uint8_t> out;
    if (!ImContact::EncodePng(img, &out)) Die("EncodePng failed");
    return out.size();
}

// libwebp lossless at its fastest preset (level 0), for reference: not a codec we send.
size_t EncodeWebpLosslessFast(const RgbaImage& img)
{
    WebPConfig config;
    WebPPicture pic;
    if (!WebPConfigInit(&config) || !WebPConfigLosslessPreset(&config, 0) || !WebPPictureInit(&pic)) Die("WebP init failed");
    pic.use_argb = 1;
    pic.width = img.Width;
    pic.height = img.Height;
    WebPMemoryWriter writer;
    WebPMemoryWriterInit(&writer);
    pic.writer = WebPMemoryWrite;
    pic.custom_ptr = &writer;
    const bool ok = WebPPictureImportRGBA(&pic, img.Pixels.data(), img.Width * 4) && WebPEncode(&config, &pic);
    const size_t size = writer.size;
    WebPMemoryWriterClear(&writer);
    WebPPictureFree(&pic);
    if (!ok) Die("WebP lossless failed");
    return size;
}

size_t EncodeWebpQ80(const RgbaImage& img)
{
    std::vector<uint8_t> out;
    if (!ImContact::EncodeWebp(img, 80, &out)) Die("EncodeWebp failed");
    return out.size();
}

std::string Describe(const ImContact::ScreenshotEncoding& e)
{
    std::string s = e.Format == ImContact::ImageFormat::Png ? "PNG" : e.Format == ImContact::ImageFormat::Webp ? Fmt("WebP q%d", e.Quality) : "none";
    if (e.ScaleDivisor > 1) s += Fmt(" 1/%d", e.ScaleDivisor);
    return s;
}

ImContact::ScreenshotEncoding g_LastAuto;
size_t EncodeAuto(const RgbaImage& img)
{
    ImContact::EncodedImage enc;
    std::string why;
    if (!ImContact::EncodeScreenshot(img, ImContact::EncodeOptions(), &enc, &why)) Die("EncodeScreenshot: " + why);
    g_LastAuto = enc.Done;
    return enc.Bytes.size();
}

struct EncodeCost
{
    double CpuMs = 0;
    size_t Bytes = 0;
};

EncodeCost MeasureEncode(const std::function<size_t(const RgbaImage&)>& encode, const RgbaImage& img, int runs)
{
    std::vector<double> ms;
    EncodeCost c;
    for (int i = 0; i < runs; i++)
    {
        const double a = ThreadCpuMs();
        c.Bytes = encode(img);
        ms.push_back(ThreadCpuMs() - a);
    }
    c.CpuMs = Median(ms);
    return c;
}

// ---------------------------------------------------------------------------
// b. Frame times while the panel captures, encodes and sends
// ---------------------------------------------------------------------------

struct FrameRecord
{
    Phase What;
    int   Round;
    double Ms;
};

struct FrameRun
{
    std::vector<FrameRecord> Frames;
    std::vector<double> PanelSendMs;   // the panel's Send (IsSending) -> ticket number shown
};

const char* const kMessage = "Raportin tulostus jähmettää ohjelman noin 5 sekunniksi (bench_frame_path).";

FrameRun RunPanelRounds(DemoHost& host, int rounds, int idle_frames)
{
    using Status = ImContactTest::PanelDriver::Status;
    ImContact::Context* ctx = host.App.Contact;
    ImContactTest::PanelDriver driver(ctx, "[bench]");
    Phase phase = Phase::Other;
    int round = 0, counted = 0;
    auto set_phase = [&](Phase p, int r) {
        driver.Add("phase", 1.0, [&phase, &round, p, r]() {
            phase = p;
            round = r;
            return Status::Done;
        });
    };
    auto wait_frames = [&](int n) {
        driver.Add("frames", 600.0, [&counted, n]() { return ++counted >= n ? (counted = 0, Status::Done) : Status::Running; });
    };
    std::string last_ticket;
    for (int r = 0; r < rounds; r++)
    {
        set_phase(Phase::Closed, r);
        wait_frames(idle_frames);
        set_phase(Phase::Capture, r);
        driver.AddKey("press F8", IMCONTACT_DEFAULT_HOTKEY);
        // The capture's frames: the hotkey's, the read's and the pickup's, until the panel is
        // drawn (it stays hidden while the screenshot is taken). The panel's own frames are
        // slower (baseline O), so they are not counted as the capture's.
        driver.AddWait("the panel is drawn", 20.0, [ctx]() {
            ImVec2 a, b;
            return ImContact::IsOpen(ctx) && ImContact::GetItemRect(ctx, ImContact::ItemKey::Window, &a, &b);
        });
        set_phase(Phase::Other, r);
        driver.AddWait("the panel shows the screenshot", 20.0, [ctx]() {
            ImVec2 a, b;
            return ImContact::GetItemRect(ctx, ImContact::ItemKey::Thumbnail, &a, &b);
        });
        driver.AddClick("focus the message", ImContact::ItemKey::Message);
        driver.AddType("type the message", kMessage);
        set_phase(Phase::Open, r);
        wait_frames(idle_frames);
        set_phase(Phase::Send, r);
        driver.AddClick("press Lähetä yhteydenotto", ImContact::ItemKey::Send);
        driver.Add("ticket number received", 60.0, [&driver, ctx, &last_ticket]() {
            ImVec2 a, b;
            const std::string t = ImContact::LastTicketNumber(ctx);
            if (!t.empty() && t != last_ticket && ImContact::GetItemRect(ctx, ImContact::ItemKey::Ticket, &a, &b))
            {
                last_ticket = t;
                return Status::Done;
            }
            if (!ImContact::IsSending(ctx) && ImContact::GetItemRect(ctx, ImContact::ItemKey::Failure, &a, &b))
                return driver.Fail("the panel shows a send failure");
            return Status::Running;
        });
        set_phase(Phase::Other, r);
        driver.Add("close the panel", 1.0, [&host]() {
            host.PanelOpen = false;
            return Status::Done;
        });
    }
    FrameRun run;
    Clock::time_point send_start{};
    bool sending = false;
    while (!driver.Finished())
    {
        const double ms = host.RenderFrame(&driver);
        run.Frames.push_back({ phase, round, ms });
        const bool now_sending = ImContact::IsSending(ctx);
        if (now_sending && !sending) send_start = Clock::now();
        if (!now_sending && sending) run.PanelSendMs.push_back(Ms(send_start, Clock::now()));
        sending = now_sending;
    }
    if (!driver.Succeeded()) Die("the panel session failed: " + driver.Error());
    // IMCONTACT_BENCH_VERBOSE=1: every frame of the capture and send phases on stderr.
    const char* verbose = getenv("IMCONTACT_BENCH_VERBOSE");
    if (verbose && verbose[0] == '1')
        for (size_t i = 0; i < run.Frames.size(); i++)
            if (run.Frames[i].What == Phase::Capture || run.Frames[i].What == Phase::Send)
                fprintf(stderr, "[frame] %zu round %d %s %.1f ms\n", i, run.Frames[i].Round,
                        run.Frames[i].What == Phase::Capture ? "capture" : "send", run.Frames[i].Ms);
    return run;
}

std::vector<double> FramesOf(const FrameRun& run, Phase p, int round = -1)
{
    std::vector<double> v;
    for (const FrameRecord& f : run.Frames)
        if (f.What == p && (round < 0 || f.Round == round)) v.push_back(f.Ms);
    return v;
}

// ---------------------------------------------------------------------------
// d. Submit -> ticket with the Submitter, and the encode it starts with
// ---------------------------------------------------------------------------

struct SendCost
{
    std::vector<double> ToTicketMs, EncodeMs;
};

SendCost MeasureSends(const std::string& url, const std::string& data_dir, const RgbaImage& frame, int sends)
{
    ImContact::SubmitterConfig cfg;
    cfg.Endpoint = url;
    cfg.DataDir = data_dir;
    ImContact::Submitter sub(cfg);
    SendCost cost;
    for (int i = 0; i < sends + 1; i++)   // the first is a warm-up (connection, database pages)
    {
        // E: the encode the worker starts with, on the same frame, at the same priority;
        // then a pause so that the send starts from the same quiet state.
        ImContact::EncodedImage enc;
        std::string why;
        const Clock::time_point e = Clock::now();
        if (!ImContact::EncodeAtLowPriority(frame, ImContact::EncodeOptions(), &enc, &why)) Die(why);
        const double enc_ms = Ms(e, Clock::now());
        std::this_thread::sleep_for(std::chrono::milliseconds(50));

        RgbaImage copy = frame;
        ImContact::Report report = ImContactTest::SampleReport();
        const Clock::time_point a = Clock::now();
        const uint64_t job = sub.SubmitReport(report, std::move(copy));
        ImContact::SubmitterEvent ev;
        bool done = false;
        while (!done)
        {
            while (!done && sub.PollEvent(&ev))
                if (ev.What == ImContact::SubmitterEvent::Kind::SendFinished && ev.Job == job)
                {
                    if (!ev.Ok || ev.Receipt.Ticket.empty()) Die("send refused: " + ev.Detail);
                    done = true;
                }
            if (!done) std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        const double ms = Ms(a, Clock::now());
        std::this_thread::sleep_for(std::chrono::milliseconds(50));   // the worker's writes after the event
        if (i == 0) continue;
        cost.ToTicketMs.push_back(ms);
        cost.EncodeMs.push_back(enc_ms);
    }
    return cost;
}

} // namespace

int main(int argc, char** argv)
{
    const int iterations = argc > 1 ? std::max(2, atoi(argv[1])) : 3;
    const Clock::time_point run_start = Clock::now();
    GLFWwindow* window = OpenHiddenWindow("bench_frame_path");
    if (!window) return 1;
    printf("%s | %d iterations | %u CPU threads\n\n", RendererLine().c_str(), iterations, std::thread::hardware_concurrency());

    // a. first: its first capture must be the process's first.
    const ImContact::GLApi timed = TimedGLApi(LoadHostGLApi());
    const CaptureResults cap = MeasureCaptures(timed, iterations);

    ImContactTest::TempDir tmp("bench-frame-path");
    if (tmp.Path().empty()) Die("no temporary directory");
    Demo::EmbeddedReceiver receiver;
    std::string err;
    if (!receiver.Start(tmp.Sub("receiver.db"), &err)) Die(err);

    RgbaImage ui_frame, scene_frame;
    FrameRun run;
    {
        DemoHost host(receiver.Url(), tmp.Sub("panel"));
        for (int i = 0; i < 30; i++) host.RenderFrame(nullptr);   // first frames: fonts, programs, the panel's GL
        // c's frames, from the demo's own views.
        ui_frame = host.Shoot(Demo::ViewReports);
        scene_frame = host.Shoot(Demo::ViewVisualiser);
        // b. on the Visualisointi view (the 3D scene and its side panel).
        run = RunPanelRounds(host, iterations, 60);
    }

    // c.
    const RgbaImage photo = PhotographicFrame(FrameW, FrameH, 7);
    const RgbaImage* frames[3] = { &ui_frame, &scene_frame, &photo };
    const int runs = std::min(iterations, 3);
    struct Codec { const char* Name; std::function<size_t(const RgbaImage&)> Encode; };
    const Codec codecs[] = {
        { "our PNG (EncodePng: libdeflate 1, one filter, RGB)", EncodeOurPng },
        { "WebP lossless, fastest preset (reference)", EncodeWebpLosslessFast },
        { "WebP lossy q80 (EncodeWebp, method 0)", EncodeWebpQ80 },
        { "Auto (EncodeScreenshot)", EncodeAuto },
    };
    EncodeCost stb[3], by_codec[4][3];
    std::string auto_chose[3];
    for (int f = 0; f < 3; f++)
    {
        stb[f] = MeasureEncode(EncodeStbPng, *frames[f], runs);
        for (int c = 0; c < 4; c++) by_codec[c][f] = MeasureEncode(codecs[c].Encode, *frames[f], runs);
        auto_chose[f] = Describe(g_LastAuto);
    }
    const RgbaImage photo1440 = PhotographicFrame(2560, 1440, 11);
    const EncodeCost auto1440 = MeasureEncode(EncodeAuto, photo1440, 1);
    const std::string auto1440_chose = Describe(g_LastAuto);

    // d.
    const SendCost send = MeasureSends(receiver.Url(), tmp.Sub("submitter"), ui_frame, 2 * iterations);
    receiver.Stop();

    // The table.
    Table t({ "frame path (one run; every ratio against a baseline of this run)", "column 1", "column 2", "column 3" });
    const CaptureSize& hd = cap.Sizes[0];
    const CaptureSize& uhd = cap.Sizes[1];
    t.Section("a. capture, the panel's way, per capture (medians)", { "1920x1080 FBO", "3840x2160 FBO", "" });
    t.Row({ "glReadPixels, synchronous (baseline A), ms", Num(hd.ReadPixelsMs), Num(uhd.ReadPixelsMs) });
    t.Row({ "memcpy of the frame (baseline B), ms", Num(hd.MemcpyMs), Num(uhd.MemcpyMs) });
    t.Row({ "render thread, all frames it touches / A", Num(hd.TotalPerA), Num(uhd.TotalPerA) });
    t.Row({ "  inside GL calls / A", Num(hd.InsideGlPerA), Num(uhd.InsideGlPerA) });
    t.Row({ "  library's own work / B (goal <= 0.3)", Num(hd.OwnPerB), Num(uhd.OwnPerB) });
    t.Row({ "frames it touches", Num(hd.Frames, 0), Num(uhd.Frames, 0) });
    t.Row({ "first capture of the process, render thread / A", Num(cap.FirstTotalPerA), "-" });
    t.Row({ "  inside GL calls / A", Num(cap.FirstInsideGlPerA), "-" });
    t.Row({ "thumbnail warm-up at the host's first frame (once) / A", Num(cap.WarmUpPerA), "-" });

    const std::vector<double> closed = FramesOf(run, Phase::Closed), open = FramesOf(run, Phase::Open);
    const std::vector<double> capture = FramesOf(run, Phase::Capture), sending = FramesOf(run, Phase::Send);
    const double closed_p50 = Percentile(closed, 50), closed_p99 = Percentile(closed, 99);
    const double open_p50 = Percentile(open, 50), open_p99 = Percentile(open, 99);
    // Frames over the baseline's p99 + 1 ms, per round (one capture, one send each).
    std::vector<double> slow_capture, slow_send, n_capture, n_send;
    for (int r = 0; r < iterations; r++)
    {
        const std::vector<double> c = FramesOf(run, Phase::Capture, r), s = FramesOf(run, Phase::Send, r);
        slow_capture.push_back(static_cast<double>(std::count_if(c.begin(), c.end(), [&](double ms) { return ms > closed_p99 + 1.0; })));
        slow_send.push_back(static_cast<double>(std::count_if(s.begin(), s.end(), [&](double ms) { return ms > open_p99 + 1.0; })));
        n_capture.push_back(static_cast<double>(c.size()));
        n_send.push_back(static_cast<double>(s.size()));
    }
    t.Section(Fmt("b. frame time, demo scene + UI + panel, 1920x1080 FBO, %d rounds", iterations), { "p50", "p99", "max" });
    t.Row({ Fmt("no capture, panel closed (baseline C, %zu frames), ms", closed.size()), Num(closed_p50), Num(closed_p99), Num(Max(closed)) });
    t.Row({ Fmt("during capture, F8 -> thumbnail shown (%zu frames) / C", capture.size()), Num(Percentile(capture, 50) / closed_p50),
            Num(Percentile(capture, 99) / closed_p99), Num(Max(capture) / closed_p99) });
    const std::vector<double> first_capture = FramesOf(run, Phase::Capture, 0);   // the panel's first: its GL objects are new
    t.Row({ Fmt("  the panel's first capture only (%zu frames) / C", first_capture.size()), Num(Percentile(first_capture, 50) / closed_p50),
            Num(Percentile(first_capture, 99) / closed_p99), Num(Max(first_capture) / closed_p99) });
    t.Row({ Fmt("no capture, panel open (baseline O, %zu frames), ms", open.size()), Num(open_p50), Num(open_p99), Num(Max(open)) });
    t.Row({ Fmt("during encode + send, Send -> ticket (%zu frames) / O", sending.size()), Num(Percentile(sending, 50) / open_p50),
            Num(Percentile(sending, 99) / open_p99), Num(Max(sending) / open_p99) });
    t.Section("frames slower than the baseline's p99 + 1 ms, per round", { "median", "max", "frames/round" });
    t.Row({ "  capture, vs C (goal <= 2 with encode + send)", Num(Median(slow_capture), 0), Num(Max(slow_capture), 0), Num(Median(n_capture), 0) });
    t.Row({ "  encode + send, vs O (goal <= 2)", Num(Median(slow_send), 0), Num(Max(slow_send), 0), Num(Median(n_send), 0) });

    t.Section(Fmt("c. encode, 1920x1080, CPU time of the encoding thread (median of %d)", runs), { "UI (Raportit)", "3D (Visualisointi)", "photographic" });
    t.Row({ "stb PNG, default settings (baseline S), ms", Num(stb[0].CpuMs, 1), Num(stb[1].CpuMs, 1), Num(stb[2].CpuMs, 1) });
    t.Row({ "stb PNG (baseline S), KB", Num(stb[0].Bytes / 1024.0, 0), Num(stb[1].Bytes / 1024.0, 0), Num(stb[2].Bytes / 1024.0, 0) });
    for (int c = 0; c < 4; c++)
    {
        t.Row({ Fmt("%s, time / S", codecs[c].Name), Num(by_codec[c][0].CpuMs / stb[0].CpuMs), Num(by_codec[c][1].CpuMs / stb[1].CpuMs),
                Num(by_codec[c][2].CpuMs / stb[2].CpuMs) });
        t.Row({ "  bytes / S", Num(static_cast<double>(by_codec[c][0].Bytes) / stb[0].Bytes), Num(static_cast<double>(by_codec[c][1].Bytes) / stb[1].Bytes),
                Num(static_cast<double>(by_codec[c][2].Bytes) / stb[2].Bytes) });
    }
    t.Row({ "Auto chose", auto_chose[0], auto_chose[1], auto_chose[2] });
    t.Row({ "Auto, KB (goal <= 1024)", Num(by_codec[3][0].Bytes / 1024.0, 0), Num(by_codec[3][1].Bytes / 1024.0, 0), Num(by_codec[3][2].Bytes / 1024.0, 0) });
    const double max_bytes = static_cast<double>(ImContact::Limits().ScreenshotMaxBytes);
    t.Row({ "2560x1440 photographic through Auto: bytes / ScreenshotMaxBytes (must be <= 1)", Num(auto1440.Bytes / max_bytes), auto1440_chose,
            Fmt("%.0f KB, %.0f ms", auto1440.Bytes / 1024.0, auto1440.CpuMs) });

    t.Section(Fmt("d. send to ticket, loopback, 1920x1080 UI frame, %d sends", 2 * iterations), { "median", "p90", "" });
    t.Row({ "Auto encode at low priority, wall (baseline E), ms", Num(Median(send.EncodeMs), 1), Num(Percentile(send.EncodeMs, 90), 1) });
    t.Row({ "Submitter: SubmitReport -> ticket, ms (goal <= 150 median)", Num(Median(send.ToTicketMs), 1), Num(Percentile(send.ToTicketMs, 90), 1) });
    t.Row({ "  / E", Num(Median(send.ToTicketMs) / Median(send.EncodeMs)), Num(Percentile(send.ToTicketMs, 90) / Median(send.EncodeMs)) });
    t.Row({ "panel: Send -> ticket number, ms (section b's sends)", Num(Median(run.PanelSendMs), 1), Num(Percentile(run.PanelSendMs, 90), 1) });
    t.Print();
    printf("\nGL time by function in section a: %s\n", GlTimeByFunction(5).c_str());
    printf("Run time %.0f s\n", Ms(run_start, Clock::now()) / 1000.0);
    CloseWindow(window);
    return 0;
}
