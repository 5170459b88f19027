// imcontact-demo: a small GLFW + OpenGL 3.3 engineering tool hosting the imcontact panel.
//
// Frame order: input -> ImGui::NewFrame -> host UI + ImContact::ShowContactWindow ->
// scene -> ImGui::Render -> ImGui_ImplOpenGL3_RenderDrawData -> ImContact::FrameRendered
// -> glfwSwapBuffers. See --help for the command line.
#include "app_state.h"
#include "chrome.h"
#include "data_dir.h"
#include "gl.h"
#include "headless_script.h"
#include "key_taps.h"
#include "options.h"
#include "receiver_embed.h"
#include "scene.h"
#include "ui_style.h"
#include "views.h"
#include "window_png.h"

#include "imcontact/imcontact.h"

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"

#include <GLFW/glfw3.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

namespace
{

volatile std::sig_atomic_t g_stop_requested = 0;

// Ctrl+C / SIGTERM end the main loop, so that shutdown stays orderly (panel, receiver, GLFW).
void OnStopSignal(int) { g_stop_requested = 1; }

void GlfwError(int code, const char* description)
{
    std::fprintf(stderr, "imcontact-demo: GLFW error %d: %s\n", code, description);
}

// Config::GLGetProcAddress: the library resolves its GL functions through the host's loader.
void* GetGLProc(const char* name)
{
    return reinterpret_cast<void*>(glfwGetProcAddress(name));
}

// Keeps the window inside the screen: under Xvfb, pixels outside it are not rendered.
void FitToMonitor(int* w, int* h)
{
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (!mode) return;
    if (*w > mode->width) *w = mode->width;
    if (*h > mode->height) *h = mode->height;
}

bool HasGL33()
{
    GLint major = 0, minor = 0;
    glGetIntegerv(GL_MAJOR_VERSION, &major);
    glGetIntegerv(GL_MINOR_VERSION, &minor);
    return major > 3 || (major == 3 && minor >= 3);
}

struct Glfw
{
    bool Ok = false;
    GLFWwindow* Window = nullptr;
    ~Glfw()
    {
        if (Window) glfwDestroyWindow(Window);
        if (Ok) glfwTerminate();   // (ASan runs: scripts/test preloads Mesa's DRI driver for LSan)
    }
};

} // namespace

int main(int argc, char** argv)
{
    using namespace Demo;

    Options opt;
    std::string err;
    if (!ParseOptions(argc, argv, &opt, &err))
    {
        std::fprintf(stderr, "imcontact-demo: %s\n", err.c_str());
        return ExitUsage;
    }
    if (opt.Help)
    {
        PrintHelp(argv[0]);
        return ExitOk;
    }
    if (opt.ShaderDir.empty()) opt.ShaderDir = IMCONTACT_DEMO_SHADER_DIR;

    std::signal(SIGINT, OnStopSignal);
    std::signal(SIGTERM, OnStopSignal);

    // Data directory and the receiver
    std::string data_dir;
    if (!PrepareDataDir(opt.DataDir, &data_dir, &err))
    {
        std::fprintf(stderr, "imcontact-demo: %s\n", err.c_str());
        return ExitStartup;
    }
    EmbeddedReceiver receiver;
    std::string endpoint = opt.Endpoint;
    if (endpoint.empty())
    {
        if (!receiver.Start(data_dir + "/receiver.db", &err))
        {
            std::fprintf(stderr, "imcontact-demo: %s\n", err.c_str());
            return ExitStartup;
        }
        endpoint = receiver.Url();
        std::fprintf(stderr, "imcontact-demo: embedded receiver at %s, database %s\n", endpoint.c_str(), receiver.DbPath().c_str());
    }

    // Window and OpenGL 3.3 core context
    Glfw glfw;
    glfwSetErrorCallback(GlfwError);
    if (!(glfw.Ok = glfwInit()))
    {
        std::fprintf(stderr, "imcontact-demo: cannot initialise GLFW (no display? try xvfb-run or scripts/demo)\n");
        return ExitStartup;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    glfwWindowHint(GLFW_DEPTH_BITS, 24);
    int width = opt.Width, height = opt.Height;
    FitToMonitor(&width, &height);
    glfw.Window = glfwCreateWindow(width, height, "imcontact-demo — Esimerkki Oy", nullptr, nullptr);
    if (!glfw.Window)
    {
        std::fprintf(stderr, "imcontact-demo: cannot create a window with OpenGL 3.3 core\n");
        return ExitStartup;
    }
    GLFWwindow* window = glfw.Window;
    glfwMakeContextCurrent(window);
    glfwSwapInterval(opt.Headless ? 0 : 1);
    if (!HasGL33())
    {
        std::fprintf(stderr, "imcontact-demo: OpenGL 3.3 is required, got %s\n", reinterpret_cast<const char*>(glGetString(GL_VERSION)));
        return ExitStartup;
    }

    // Dear ImGui
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard | ImGuiConfigFlags_NavEnableGamepad;
    static std::string ini_path;
    ini_path = data_dir + "/imcontact-demo.ini";
    io.IniFilename = opt.Headless ? nullptr : ini_path.c_str();   // the scripted session starts from a clean layout
    // HiDPI: the content scale sizes the UI; window size vs framebuffer size tells whether
    // the platform scales the framebuffer itself (ImGui's backend maps coordinates then).
    float scale_x = 1.0f, scale_y = 1.0f;
    glfwGetWindowContentScale(window, &scale_x, &scale_y);
    int win_w = 0, win_h = 0, fb_w0 = 0, fb_h0 = 0;
    glfwGetWindowSize(window, &win_w, &win_h);
    glfwGetFramebufferSize(window, &fb_w0, &fb_h0);
    SetupStyleAndFonts(scale_x, win_w > 0 ? static_cast<float>(fb_w0) / static_cast<float>(win_w) : 1.0f);
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    InstallKeyTapKeeper(window);   // Dear ImGui 1.86: a key tapped within one frame is not lost (key_taps.h)
    ImGui_ImplOpenGL3_Init("#version 330 core");

    int exit_code = ExitOk;
    {
        Scene scene;
        if (!scene.Init(opt.ShaderDir, &err))
        {
            std::fprintf(stderr, "imcontact-demo: %s (use --shaders DIR)\n", err.c_str());
            ImGui_ImplOpenGL3_Shutdown();
            ImGui_ImplGlfw_Shutdown();
            ImGui::DestroyContext();
            return ExitStartup;
        }

        AppState app;
        app.English = opt.Language == "en";
        app.ReceiverUrl = endpoint;
        app.ReceiverEmbedded = receiver.Running();

        // The contact panel
        ImContact::Config cfg;
        cfg.Endpoint = endpoint;
        cfg.DataDir = data_dir;
        cfg.UiLanguage = app.English ? ImContact::Language::English : ImContact::Language::Finnish;
        cfg.AppName = "imcontact-demo";
        cfg.AppVersion = IMCONTACT_DEMO_VERSION;
        for (int v = 0; v < ViewCount; v++) cfg.Applications.push_back(ViewName(v));
        cfg.SubApplications = { "Raportti", "Tulostus", "Asetukset" };
        cfg.GLGetProcAddress = GetGLProc;
        cfg.OnChangeDetails = OpenOwnDetails;
        cfg.UserData = &app;
        // The tail of the demo's own log goes with every report ("what is sent" lists it;
        // the user can untick it). Only the data directory may be read.
        AppendLog(data_dir, std::string("imcontact-demo ") + IMCONTACT_DEMO_VERSION + " started, receiver " + endpoint);
        cfg.AttachmentDirs = { data_dir };
        cfg.Attachments.push_back(ImContact::AttachmentSource::File("imcontact-demo.log", "text/plain; charset=utf-8",
                                                                    LogPath(data_dir), 64 * 1024));
        app.Contact = ImContact::CreateContext(cfg);
        ImContact::SetUser(app.Contact, app.Organisation.c_str(), app.Email.c_str());

        std::unique_ptr<HeadlessScript> script;
        if (opt.Headless)
            script.reset(new HeadlessScript(app.Contact, &app, receiver.Running() ? &receiver : nullptr, cfg.SubApplications,
                                            opt.ScreenshotOut));

        int logged_view = -1;   // the last view written to the log
        while (!glfwWindowShouldClose(window) && !app.WantQuit && !g_stop_requested)
        {
            ReleaseHeldKeyTaps();   // after the frame that saw the press, before the next events
            glfwPollEvents();
            if (!script && glfwGetWindowAttrib(window, GLFW_ICONIFIED))
            {
                glfwWaitEventsTimeout(0.1);
                continue;
            }
            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplGlfw_NewFrame();
            if (script) script->BeforeNewFrame();
            ImGui::NewFrame();

            DrawMainMenuBar(app);
            DrawViews(app);
            DrawStatusBar(app);
            DrawOwnDetailsWindow(app);
            DrawAboutWindow(app);
            ImContact::SetCurrentApplication(app.Contact, ViewName(app.View));   // pre-selects "Sovellus" (R6)
            if (app.View != logged_view)
            {
                AppendLog(data_dir, std::string("view: ") + ViewName(app.View));
                logged_view = app.View;
            }
            ImContact::ShowContactWindow(app.Contact, nullptr);

            int fb_w = 0, fb_h = 0;
            glfwGetFramebufferSize(window, &fb_w, &fb_h);   // pixels (HiDPI), not screen coordinates
            scene.Render(app.Scene, glfwGetTime(), fb_w, fb_h);
            ImGui::Render();
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
            ImContact::FrameRendered(app.Contact);   // screenshots are read here, before the swap
            if (script && script->WantsWindowPng())
            {
                const bool ok = SaveWindowPng(script->WindowPngPath(), fb_w, fb_h, &err);
                if (ok) std::fprintf(stderr, "[headless]   window saved to %s (%d x %d)\n", script->WindowPngPath().c_str(), fb_w, fb_h);
                script->WindowPngSaved(ok, err);
            }
            glfwSwapBuffers(window);
            if (script && script->Finished()) break;
        }

        if (script)
        {
            if (script->Succeeded())
            {
                std::printf("ticket: %s\n", script->Ticket().c_str());
                std::fflush(stdout);   // before the shutdown, whatever happens there
            }
            else exit_code = ExitStepFailed;
            if (!script->Finished())
            {
                std::fprintf(stderr, "[headless] FAILED: the session was interrupted (window closed or signal)\n");
                exit_code = ExitStepFailed;
            }
        }

        // Shutdown, in order: the panel (its worker may still talk to the receiver), the
        // scene, ImGui, then the receiver and GLFW (destructors).
        if (!ImContact::DestroyContext(app.Contact))
            std::fprintf(stderr, "imcontact-demo: a send in flight was abandoned at shutdown\n");
        app.Contact = nullptr;
        scene.Shutdown();
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    receiver.Stop();
    return exit_code;
}
