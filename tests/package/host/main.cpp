// A host program as an integrator writes it, built three ways by tests/package/run.sh:
// against the installed CMake package (imcontact_add_overlay), with add_subdirectory
// (tests/package/subdir), and from the plain list of files on a g++ command line.
// It runs Dear ImGui without a window or GL (no loader: no screenshots), opens the panel
// and draws it for a few frames, and checks that the panel was compiled against the same
// ImGui layout as this file (the ODR probe).
//   host <data dir>      exit 0 when all went well; prints what failed otherwise
#include "imgui.h"
#include "imcontact/imcontact.h"
#include "imconfig_probe.h"

#include <cstdio>
#include <cstdlib>
#include <string>

static int g_Asserts = 0;

// The host's IM_ASSERT handler (host_imconfig.h / wide_imconfig.h route IM_ASSERT here).
void HostAssertFailed(const char* expr, const char* file, int line)
{
    g_Asserts++;
    std::fprintf(stderr, "host: IM_ASSERT(%s) failed at %s:%d\n", expr, file, line);
    std::abort();
}

static int Fail(const char* what)
{
    std::fprintf(stderr, "host: FAILED: %s\n", what);
    return 1;
}

static void PrintLayout(const char* who, const ImContact::ImGuiLayout& l, bool imconfig_seen)
{
    std::printf("%-8s IMGUI_VERSION_NUM=%d sizeof(ImGuiIO)=%zu sizeof(ImGuiStyle)=%zu sizeof(ImDrawVert)=%zu "
                "sizeof(ImWchar)=%zu sizeof(ImDrawIdx)=%zu host imconfig=%s\n",
                who, l.VersionNum, l.SizeofIO, l.SizeofStyle, l.SizeofDrawVert, l.SizeofWchar, l.SizeofDrawIdx,
                imconfig_seen ? "yes" : "no");
}

int main(int argc, char** argv)
{
    if (argc != 2)
        return Fail("usage: host <data dir>");

    // The ODR probe: ImGui's layout as this file sees it and as the panel was compiled.
    const ImContact::ImGuiLayout host = IMCONTACT_IMGUI_LAYOUT_HERE();
    const ImContact::ImGuiLayout lib = ImContact::CompiledImGuiLayout();
    const bool host_imconfig = ImContactPackageTest::HostImconfigSeenHere();
    const bool lib_imconfig = ImContactPackageTest::LibrarySawHostImconfig();
    PrintLayout("host:", host, host_imconfig);
    PrintLayout("library:", lib, lib_imconfig);
    if (host.VersionNum != lib.VersionNum || host.SizeofIO != lib.SizeofIO || host.SizeofStyle != lib.SizeofStyle ||
        host.SizeofDrawVert != lib.SizeofDrawVert || host.SizeofWchar != lib.SizeofWchar || host.SizeofDrawIdx != lib.SizeofDrawIdx)
        return Fail("the panel was compiled against another Dear ImGui layout than the host (ODR violation)");
    if (!host_imconfig || !lib_imconfig)
        return Fail("the host's IMGUI_USER_CONFIG did not reach both the host and the panel");
#ifdef HOST_EXPECT_WCHAR
    if (host.SizeofWchar != HOST_EXPECT_WCHAR || host.SizeofDrawIdx != HOST_EXPECT_DRAWIDX)
        return Fail("the host's imconfig did not take effect (ImWchar / ImDrawIdx sizes)");
#endif

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1280.0f, 720.0f);
    io.DeltaTime = 1.0f / 60.0f;
    io.IniFilename = nullptr;
    unsigned char* pixels = nullptr;
    int tex_w = 0, tex_h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &tex_w, &tex_h);   // no renderer: build the atlas here

    ImContact::Config cfg;
    cfg.Endpoint = "http://127.0.0.1:9";   // nothing is sent by this program
    cfg.DataDir = argv[1];
    cfg.AppName = "package-host";
    cfg.AppVersion = "1.0";
    cfg.Applications = { "Editor", "Viewer" };
    std::string error;
    ImContact::Context* contact = ImContact::CreateContext(cfg, &error);   // checks the layout too
    if (!contact)
        return Fail(("ImContact::CreateContext refused: " + error).c_str());

    bool envelope_seen = false, window_seen = false;
    for (int frame = 0; frame < 6; frame++)
    {
        ImGui::NewFrame();
        if (ImGui::BeginMainMenuBar())
        {
            ImContact::MenuContactButton(contact);
            ImGui::EndMainMenuBar();
        }
        if (frame == 1)
            ImContact::Open(contact, false);
        ImContact::SetCurrentApplication(contact, "Viewer");
        ImContact::ShowContactWindow(contact, nullptr);
        ImGui::Render();
        ImContact::FrameRendered(contact);
        ImVec2 mn, mx;
        envelope_seen |= ImContact::GetItemRect(contact, "envelope", &mn, &mx);
        window_seen |= ImContact::GetItemRect(contact, "window", &mn, &mx) && mx.x > mn.x && mx.y > mn.y;
    }
    const bool open = ImContact::IsOpen(contact);
    const int vertices = ImGui::GetDrawData() ? ImGui::GetDrawData()->TotalVtxCount : 0;
    ImContact::DestroyContext(contact);
    ImGui::DestroyContext();

    std::printf("host: envelope drawn=%d panel open=%d panel window drawn=%d vertices in the last frame=%d\n",
                envelope_seen, open, window_seen, vertices);
    if (!envelope_seen)
        return Fail("the envelope icon was not drawn in the menu bar");
    if (!open || !window_seen)
        return Fail("ImContact::Open did not show the panel");
    if (g_Asserts != 0)
        return Fail("IM_ASSERT failed");
    std::printf("host: ok\n");
    return 0;
}
