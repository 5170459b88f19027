// Automatic redaction in a real host on each row's Dear ImGui (issue 7):
//  - an ImGuiInputTextFlags_Password field that nobody marked is hidden (on every row: the
//    password glyph is found per font before 1.92 and per baked size from 1.92);
//  - multi-viewports, where the ImGui has them (the docking branch only): the screenshot
//    is the main viewport's framebuffer; a sensitive window on the main viewport is hidden
//    at its place relative to the main viewport's Pos (the OS window is not at 0,0 here),
//    and a sensitive window that Dear ImGui moved into a platform window of its own is not
//    in the capture at all.
// A GLFW + OpenGL3 host. Exit status: 0 passed; 1 failed (the first failed check is
// printed); 77 the password check passed and this ImGui has no multi-viewports (the
// printed line says so).
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <GL/gl.h>

#include "imcontact/imcontact.h"
#include "imcontact_internal.h"          // the captured pixels and the automatic edits
#include "imcontact/internal/redaction.h"  // ApplyImageEdits: what the worker does before encoding

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace
{

int Fail(const std::string& why)
{
    std::printf("FAILED: %s\n", why.c_str());
    return 1;
}

// Pixels of exactly (0, 255, 0): the sensitive windows' fill.
int GreenPixels(const ImContact::RgbaImage& img)
{
    int n = 0;
    for (size_t i = 0; i + 3 < img.Pixels.size(); i += 4)
        n += img.Pixels[i] == 0 && img.Pixels[i + 1] == 255 && img.Pixels[i + 2] == 0;
    return n;
}

// The edit's centre lies in the rect [a, b) (the password's box is padded to about a line,
// which may pass the field's frame by a pixel or two).
bool Inside(const ImContact::ImageEdit& e, ImVec2 a, ImVec2 b)
{
    const float cx = (e.X0 + e.X1) * 0.5f, cy = (e.Y0 + e.Y1) * 0.5f;
    return e.X1 > e.X0 && e.Y1 > e.Y0 && cx >= a.x && cx < b.x && cy >= a.y && cy < b.y;
}

} // namespace

int main()
{
#ifdef IMGUI_HAS_VIEWPORT
    const bool viewports = true;
#else
    const bool viewports = false;
#endif
    if (!std::getenv("DISPLAY")) return Fail("no $DISPLAY");
    if (!glfwInit()) return Fail("glfwInit failed");
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    GLFWwindow* window = glfwCreateWindow(800, 600, "imcontact redaction host", nullptr, nullptr);
    if (!window) return Fail("glfwCreateWindow failed");
    glfwSetWindowPos(window, 120, 90);   // with viewports the main viewport's Pos is then not 0,0
    glfwMakeContextCurrent(window);
    glfwSwapInterval(0);

    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
#ifdef IMGUI_HAS_VIEWPORT
    io.ConfigFlags |= ImGuiConfigFlags_DockingEnable | ImGuiConfigFlags_ViewportsEnable;
#endif
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330");

    ImContact::Config cfg;
    cfg.Endpoint = "http://127.0.0.1:9";   // nothing is sent
    const char* tmp = std::getenv("TMPDIR");
    cfg.DataDir = std::string(tmp && *tmp ? tmp : "/tmp") + "/imcontact-redaction-host";
    cfg.Applications = { "Viewer" };
    cfg.GLGetProcAddress = [](const char* name) { return (void*)glfwGetProcAddress(name); };
    ImContact::Context* ctx = ImContact::CreateContext(cfg);
    ImContact::MarkSensitiveWindow(ctx, "Asiakkaat");
    ImContact::MarkSensitiveWindow(ctx, "Laskut");

    const ImVec2 rel(50, 60), size(200, 150);   // "Asiakkaat", relative to the main viewport
    const ImVec2 login_rel(300, 300);             // "Kirjautuminen" (not marked), its password field
    ImVec2 pw_a(0, 0), pw_b(0, 0);                // the field's rect, relative to the main viewport
    char password[32] = "salainen1";
    ImGuiID laskut_viewport = 0, main_viewport = 0;
    ImVec2 main_pos(0, 0);
    int result = -1;
    for (int frame = 0; frame < 300 && result < 0 && !glfwWindowShouldClose(window); frame++)
    {
        glfwPollEvents();
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        const ImGuiViewport* vp = ImGui::GetMainViewport();
#ifdef IMGUI_HAS_VIEWPORT
        main_viewport = vp->ID;   // (ImGuiViewport has an ID on the docking branch only)
#endif
        main_pos = vp->Pos;
        ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + login_rel.x, vp->Pos.y + login_rel.y));
        ImGui::SetNextWindowSize(ImVec2(300, 100));
        ImGui::Begin("Kirjautuminen", nullptr, ImGuiWindowFlags_NoSavedSettings);
        ImGui::InputText("##password", password, sizeof(password), ImGuiInputTextFlags_Password);
        pw_a = ImVec2(ImGui::GetItemRectMin().x - vp->Pos.x, ImGui::GetItemRectMin().y - vp->Pos.y);
        pw_b = ImVec2(ImGui::GetItemRectMax().x - vp->Pos.x, ImGui::GetItemRectMax().y - vp->Pos.y);
        ImGui::End();
        if (viewports)
        {
            auto green_window = [&](const char* name, ImVec2 pos) {
                ImGui::SetNextWindowPos(pos);
                ImGui::SetNextWindowSize(size);
                ImGui::Begin(name, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
                const ImVec2 p = ImGui::GetWindowPos();
                ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), IM_COL32(0, 255, 0, 255));
            };
            green_window("Asiakkaat", ImVec2(vp->Pos.x + rel.x, vp->Pos.y + rel.y));
            ImGui::End();
            // Beyond the main viewport's right edge: Dear ImGui gives it a platform window of its own.
            green_window("Laskut", ImVec2(vp->Pos.x + vp->Size.x + 80, vp->Pos.y + 40));
#ifdef IMGUI_HAS_VIEWPORT
            laskut_viewport = ImGui::GetWindowViewport()->ID;
#endif
            ImGui::End();
        }
        ImContact::ShowContactWindow(ctx, nullptr);
        if (frame == 10) ImContact::Open(ctx, true);
        ImGui::Render();
        int fw = 0, fh = 0;
        glfwGetFramebufferSize(window, &fw, &fh);
        glViewport(0, 0, fw, fh);
        glClearColor(1.0f, 0.0f, 0.0f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        ImContact::FrameRendered(ctx);
#ifdef IMGUI_HAS_VIEWPORT
        ImGui::UpdatePlatformWindows();
        ImGui::RenderPlatformWindowsDefault();
        glfwMakeContextCurrent(window);
#endif
        glfwSwapBuffers(window);
        if (frame <= 10 || !ctx->Shot) continue;

        // The capture is in: check it.
        const ImContact::RgbaImage& shot = *ctx->Shot;
        const float sx = io.DisplayFramebufferScale.x, sy = io.DisplayFramebufferScale.y;
        const std::vector<ImContact::ImageEdit>& edits = ctx->AutoEdits;
        char buf[256];
        int password_edits = 0;
        for (const ImContact::ImageEdit& e : edits)
            password_edits += Inside(e, ImVec2(pw_a.x * sx, pw_a.y * sy), ImVec2(pw_b.x * sx, pw_b.y * sy));
        const size_t want_edits = viewports ? 2 : 1;   // the password field (+ "Asiakkaat"; "Laskut" is not in the capture)
        if (shot.Width != fw || shot.Height != fh)
        {
            std::snprintf(buf, sizeof(buf), "the capture is %dx%d, the main viewport's framebuffer %dx%d", shot.Width, shot.Height, fw, fh);
            result = Fail(buf);
        }
        else if (password_edits != 1 || edits.size() != want_edits)
        {
            std::snprintf(buf, sizeof(buf), "%zu automatic edits (%d inside the password field), expected %zu (1 inside it)", edits.size(),
                          password_edits, want_edits);
            result = Fail(buf);
        }
        else if (!viewports)
        {
            std::printf("password field hidden; multi-viewports skipped: Dear ImGui %s has none (IMGUI_HAS_VIEWPORT: the docking branch only)\n",
                        IMGUI_VERSION);
            result = 77;
        }
        else if (main_pos.x == 0.0f && main_pos.y == 0.0f)
            result = Fail("the main viewport is at 0,0: this run cannot tell viewport-relative from absolute coordinates");
        else if (laskut_viewport == main_viewport)
            result = Fail("\"Laskut\" stayed on the main viewport: the host did not get a second platform window");
        else
        {
            const ImContact::ImageEdit* e = nullptr;
            for (const ImContact::ImageEdit& x : edits)
                if (!Inside(x, ImVec2(pw_a.x * sx, pw_a.y * sy), ImVec2(pw_b.x * sx, pw_b.y * sy))) e = &x;
            const int want_x0 = static_cast<int>(rel.x * sx), want_y0 = static_cast<int>(rel.y * sy);
            const int want_x1 = static_cast<int>((rel.x + size.x) * sx), want_y1 = static_cast<int>((rel.y + size.y) * sy);
            const int green_before = GreenPixels(shot);
            const int green_after = GreenPixels(ImContact::ApplyImageEdits(shot, edits));
            const int window_px = static_cast<int>(size.x * sx) * static_cast<int>(size.y * sy);
            if (!e || e->X0 != want_x0 || e->Y0 != want_y0 || e->X1 != want_x1 || e->Y1 != want_y1)
            {
                std::snprintf(buf, sizeof(buf), "\"Asiakkaat\" is hidden at (%d,%d)-(%d,%d), it is at (%d,%d)-(%d,%d) of the main viewport at (%.0f,%.0f)",
                              e ? e->X0 : -1, e ? e->Y0 : -1, e ? e->X1 : -1, e ? e->Y1 : -1, want_x0, want_y0, want_x1, want_y1, main_pos.x, main_pos.y);
                result = Fail(buf);
            }
            else if (green_before > window_px || green_before < window_px * 9 / 10)   // inside its clip rect (less the border)
            {
                std::snprintf(buf, sizeof(buf), "%d green pixels in the capture, expected about %d (\"Asiakkaat\" only; \"Laskut\" is in another platform window)",
                              green_before, window_px);
                result = Fail(buf);
            }
            else if (green_after != 0)
            {
                std::snprintf(buf, sizeof(buf), "%d green pixels left after the automatic edits", green_after);
                result = Fail(buf);
            }
            else
            {
                std::printf("password field hidden; main viewport at (%.0f,%.0f), capture %dx%d: \"Asiakkaat\" hidden at (%d,%d)-(%d,%d), \"Laskut\" (own viewport) not captured, Dear ImGui %s\n",
                            main_pos.x, main_pos.y, shot.Width, shot.Height, e->X0, e->Y0, e->X1, e->Y1, IMGUI_VERSION);
                result = 0;
            }
        }
    }
    if (result < 0) result = Fail(std::string("no screenshot within 300 frames: ") + ctx->CaptureError);
    ImContact::DestroyContext(ctx);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return result;
}
