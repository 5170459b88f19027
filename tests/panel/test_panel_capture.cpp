// The screenshot path end to end in a real GL host: GLFW window under Xvfb (Mesa),
// Dear ImGui's GLFW + OpenGL3 backends, the panel opened with the hotkey. The
// screenshot must show the host's frame (scene and menu bar) without the panel, at
// framebuffer size, upright, and FrameRendered() must leave the host's GL state alone.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#define GL_GLEXT_PROTOTYPES
#include <GL/glcorearb.h>

#include "imcontact/imcontact.h"
#include "imcontact_internal.h"
#include "imcontact/internal/image_downscale.h"

#include "imgui_impl_glfw.h"
#include "imgui_internal.h"   // the form child's scroll position (retake test)
#include "imgui_impl_opengl3.h"
#include "support/glfw_session.h"
#if IMCONTACT_TEST_WITH_RECEIVER
#include "imcontact_receiver.h"
#include "support/png.h"
#endif
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

using namespace ImContact;

namespace
{

// Input as a backend reports it: Dear ImGui 1.87 replaced writing io.KeysDown[],
// io.MousePos, io.MouseDown[] and io.MouseWheel with queued events and named keys.
#if IMGUI_VERSION_NUM >= 18700
constexpr HotkeyCode kKeyF8 = ImGuiKey_F8;
void SetKey(HotkeyCode key, bool down) { ImGui::GetIO().AddKeyEvent(key, down); }
void SetMousePos(ImVec2 pos) { ImGui::GetIO().AddMousePosEvent(pos.x, pos.y); }
void SetMouseLeft(bool down) { ImGui::GetIO().AddMouseButtonEvent(0, down); }
void AddMouseWheel(float y) { ImGui::GetIO().AddMouseWheelEvent(0.0f, y); }
#else
constexpr HotkeyCode kKeyF8 = 297;   // GLFW_KEY_F8
void SetKey(HotkeyCode key, bool down) { ImGui::GetIO().KeysDown[key] = down; }
void SetMousePos(ImVec2 pos) { ImGui::GetIO().MousePos = pos; }
void SetMouseLeft(bool down) { ImGui::GetIO().MouseDown[0] = down; }
void AddMouseWheel(float y) { ImGui::GetIO().MouseWheel += y; }
#endif

void* GetProc(const char* name) { return reinterpret_cast<void*>(glfwGetProcAddress(name)); }

// Scene: left half red, right half blue (scissored clears), so anything the panel
// drew would show up as another colour.
void DrawScene(int w, int h)
{
    glDisable(GL_SCISSOR_TEST);
    glViewport(0, 0, w, h);
    glClearColor(1.0f, 0.0f, 0.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    glEnable(GL_SCISSOR_TEST);
    glScissor(w / 2, 0, w - w / 2, h);
    glClearColor(0.0f, 0.0f, 1.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_SCISSOR_TEST);
}

struct GLHost
{
    GLFWwindow* Window = nullptr;
    Context* Contact = nullptr;
    bool Open = false;
    ImContactTest::TempDir Dir{ "imcontact-capture" };

    std::function<void()> HostUi;   // the host's own windows, each frame before the panel

    explicit GLHost(ImContactFlags flags = ImContactFlags_None, unsigned int capture_framebuffer = 0,
                    const std::string& endpoint = "http://127.0.0.1:9", ScreenshotCodec codec = ScreenshotCodec::Auto)
    {
        REQUIRE(std::getenv("DISPLAY") != nullptr);
        // Initialised once per process (glfw_session.h): an init and terminate per test case
        // reopened the X display each time, and one of those was once refused under load.
        ImContactTest::GlfwSession& glfw = ImContactTest::Glfw();
        if (!glfw.Ok) FAIL("glfwInit failed (" << glfw.Error << ")");
        glfwDefaultWindowHints();
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
        glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
        Window = glfwCreateWindow(1000, 900, "imcontact panel capture test", nullptr, nullptr);
        REQUIRE(Window != nullptr);
        glfwMakeContextCurrent(Window);
        glfwSwapInterval(0);
        ImGui::CreateContext();
        ImGui::GetIO().IniFilename = nullptr;
        ImGui_ImplGlfw_InitForOpenGL(Window, false);   // no callbacks: the test feeds input itself
        ImGui_ImplOpenGL3_Init("#version 330");
        REQUIRE(!Dir.Path().empty());
        Config cfg;
        cfg.Endpoint = endpoint;
        cfg.DataDir = Dir.Path();
        cfg.GLGetProcAddress = GetProc;
        cfg.Applications = { "Visualisointi" };
        cfg.Flags = flags;
        cfg.CaptureFramebuffer = capture_framebuffer;
        cfg.ScreenshotCodec = codec;
        Contact = CreateContext(cfg);
        SetUser(Contact, "Esimerkki Oy", "maija@example.fi");
    }
    ~GLHost()
    {
        if (Contact) DestroyContext(Contact);
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
        glfwDestroyWindow(Window);   // GLFW itself stays initialised (glfw_session.h)
    }

    void Frame(const std::function<void()>& input = nullptr, const std::function<void()>& after_render = nullptr)
    {
        glfwPollEvents();
        int fw, fh;
        glfwGetFramebufferSize(Window, &fw, &fh);
        DrawScene(fw, fh);
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        if (input) input();
        ImGui::NewFrame();
        if (ImGui::BeginMainMenuBar())
        {
            ImGui::MenuItem("Tiedosto");
            MenuContactButton(Contact);
            ImGui::EndMainMenuBar();
        }
        if (HostUi) HostUi();
        ShowContactWindow(Contact, &Open);
        ImGui::Render();
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        if (after_render) after_render();
        FrameRendered(Contact);
        glfwSwapBuffers(Window);
    }

    // Frames after a capture request: three (the capture frame and the pickup), then more
    // while the capture's helper thread is still copying (slow under sanitizers on a loaded
    // machine), until the screenshot or an error is there.
    void WaitForShot()
    {
        for (int i = 0; i < 3; i++) Frame();
        for (int i = 0; i < 600 && !Contact->Shot && Contact->CaptureError.empty() && Contact->Readback.Busy(); i++) Frame();
    }

    void PressKey(HotkeyCode key)
    {
        Frame([&] { SetKey(key, true); });
        Frame([&] { SetKey(key, false); });
    }

    // Scrolls the panel's form with the mouse wheel until the widget is visible.
    void ScrollTo(const char* key)
    {
        ImVec2 a, b, wa, wb;
        for (int i = 0; i < 40 && !GetItemRect(Contact, key, &a, &b); i++)
        {
            REQUIRE(GetItemRect(Contact, ImContact::ItemKey::Window, &wa, &wb));
            const ImVec2 c((wa.x + wb.x) * 0.5f, (wa.y + wb.y) * 0.5f);
            Frame([&] { SetMousePos(c); AddMouseWheel(-2.0f); });
        }
    }

    void Click(const char* key)
    {
        Frame();
        ScrollTo(key);
        ImVec2 a, b;
        INFO("widget " << key);
        REQUIRE(GetItemRect(Contact, key, &a, &b));
        const ImVec2 c((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
        Frame([&] { SetMousePos(c); });
        Frame([&] { SetMousePos(c); SetMouseLeft(true); });
        Frame([&] { SetMousePos(c); SetMouseLeft(false); });
    }
};

// Pixel of the screenshot at window coordinates (x, y) from the top-left.
const uint8_t* PixelAt(const RgbaImage& img, float x, float y, float scale_x, float scale_y)
{
    const int px = static_cast<int>(x * scale_x), py = static_cast<int>(y * scale_y);
    return &img.Pixels[(static_cast<size_t>(py) * static_cast<size_t>(img.Width) + static_cast<size_t>(px)) * 4];
}

bool IsColour(const uint8_t* p, uint8_t r, uint8_t g, uint8_t b)
{
    return p[0] == r && p[1] == g && p[2] == b && p[3] == 255;
}

} // namespace

TEST_CASE("hotkey screenshot shows the host's frame without the panel", "[panel][gl]")
{
    GLHost h;
    for (int i = 0; i < 3; i++) h.Frame();
    h.PressKey(kKeyF8);
    h.WaitForShot();
    REQUIRE(h.Open);
    INFO("capture error: " << h.Contact->CaptureError);
    REQUIRE(h.Contact->Shot != nullptr);
    const RgbaImage& shot = *h.Contact->Shot;
    int fw, fh;
    glfwGetFramebufferSize(h.Window, &fw, &fh);
    CHECK(shot.Width == fw);
    CHECK(shot.Height == fh);
    CHECK(h.Contact->ShotTexture != 0);
    const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;

    // Upright: row 0 is the top, where the host's menu bar is (not red, not blue);
    // the bottom-left is red scene, the bottom-right blue.
    const float menu_y = ImGui::GetFrameHeight() * 0.5f;
    CHECK_FALSE(IsColour(PixelAt(shot, 5, menu_y, scale.x, scale.y), 255, 0, 0));
    CHECK(IsColour(PixelAt(shot, 5, 890, scale.x, scale.y), 255, 0, 0));
    CHECK(IsColour(PixelAt(shot, 995, 890, scale.x, scale.y), 0, 0, 255));

    // The panel now covers the middle of the window, but the screenshot shows the scene there.
    ImVec2 a, b;
    h.Frame();
    REQUIRE(GetItemRect(h.Contact, ImContact::ItemKey::Window, &a, &b));
    int checked = 0;
    for (float y = a.y + 4; y < b.y - 4 && y < 896; y += 17)
        for (float x = a.x + 4; x < b.x - 4 && x < 996; x += 13)
        {
            if (y < ImGui::GetFrameHeight() + 2) continue;   // menu bar row
            const uint8_t* p = PixelAt(shot, x, y, scale.x, scale.y);
            const bool left = x * scale.x < fw / 2;
            INFO("at " << x << "," << y);
            REQUIRE(IsColour(p, left ? 255 : 0, 0, left ? 0 : 255));
            checked++;
        }
    CHECK(checked > 200);
}

TEST_CASE("the thumbnail texture is blitted on the GPU: the screenshot box-filtered to at most 640 px; the screenshot stays whole", "[panel][gl]")
{
    GLHost h;
    h.Frame();
    h.PressKey(kKeyF8);
    h.WaitForShot();
    INFO("capture error: " << h.Contact->CaptureError);
    REQUIRE(h.Contact->Shot != nullptr);
    REQUIRE(h.Contact->ShotTexture != 0);
    const RgbaImage& shot = *h.Contact->Shot;
    int fw, fh;
    glfwGetFramebufferSize(h.Window, &fw, &fh);
    CHECK(shot.Width == fw);
    CHECK(shot.Height == fh);

    const int halvings = ThumbnailHalvings(shot.Width, shot.Height, 640);
    REQUIRE(halvings >= 1);   // the 1000x900 window needs shrinking
    const RgbaImage expected = DownscaleBox(shot, 1 << halvings);
    GLint prev = 0, tw = 0, th = 0, max_level = -1;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &prev);
    glBindTexture(GL_TEXTURE_2D, h.Contact->ShotTexture);
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_WIDTH, &tw);
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_HEIGHT, &th);
    glGetTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, &max_level);
    CHECK(tw == shot.Width >> halvings);
    CHECK(th == shot.Height >> halvings);
    CHECK(std::max(tw, th) <= 640);
    CHECK(max_level == 0);   // no mipmaps
    std::vector<uint8_t> texels(static_cast<size_t>(tw) * static_cast<size_t>(th) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, texels.data());
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(prev));
    // Within one rounding per halving of the CPU box filter, upright (the menu bar on top).
    int worst = 0;
    for (int y = 0; y < th; y++)
        for (int x = 0; x < tw * 4; x++)
            worst = std::max(worst, std::abs(int(texels[static_cast<size_t>(y) * tw * 4 + x]) -
                                             int(expected.Pixels[static_cast<size_t>(y) * expected.Width * 4 + x])));
    CHECK(worst <= halvings + 1);
}

TEST_CASE("a capture requested while the previous one is being copied waits for it, then replaces it; Remove drops one being copied", "[panel][gl]")
{
    GLHost h;
    h.Frame();
    h.PressKey(kKeyF8);                  // queued in the key-up frame
    for (int i = 0; i < 10 && h.Contact->Readback.CanStart(); i++) h.Frame();
    REQUIRE_FALSE(h.Contact->Readback.CanStart());   // mapped: the helper thread copies
    REQUIRE(h.Contact->Readback.Pending());
    REQUIRE(h.Contact->PendingThumbnail != 0);       // blitted in the frame of the read

    SECTION("a second request")
    {
        RequestScreenshot(h.Contact);
        for (int i = 0; i < 20 && (h.Contact->CapturePending || h.Contact->Readback.Busy() || !h.Contact->Shot); i++) h.Frame();
        INFO("capture error: " << h.Contact->CaptureError);
        CHECK_FALSE(h.Contact->CapturePending);
        CHECK_FALSE(h.Contact->Readback.Busy());
        REQUIRE(h.Contact->Shot != nullptr);
        CHECK(h.Contact->ShotTexture != 0);
        CHECK(h.Contact->PendingThumbnail == 0);
        int fw, fh;
        glfwGetFramebufferSize(h.Window, &fw, &fh);
        CHECK(h.Contact->Shot->Width == fw);
    }
    SECTION("dropped while copied")
    {
        ClearScreenshot(h.Contact);
        CHECK_FALSE(h.Contact->Readback.Pending());   // the panel no longer waits for it
        CHECK(h.Contact->PendingThumbnail == 0);
        for (int i = 0; i < 20 && h.Contact->Readback.Busy(); i++) h.Frame();
        CHECK_FALSE(h.Contact->Readback.Busy());      // unmapped by a later frame
        CHECK(h.Contact->Shot == nullptr);
        CHECK(h.Contact->CaptureError.empty());
    }
    CHECK(glGetError() == GL_NO_ERROR);
}

TEST_CASE("retake from the open panel hides the panel for the capture", "[panel][gl]")
{
    GLHost h;
    h.Frame();
    h.PressKey(kKeyF8);
    h.WaitForShot();
    REQUIRE(h.Open);
    REQUIRE(h.Contact->Shot != nullptr);
    const unsigned int first_texture = h.Contact->ShotTexture;
    h.Click(ImContact::ItemKey::Retake);
    h.WaitForShot();
    REQUIRE(h.Open);
    REQUIRE(h.Contact->Shot != nullptr);
    CHECK(h.Contact->ShotTexture != 0);
    (void)first_texture;
    ImVec2 a, b;
    REQUIRE(GetItemRect(h.Contact, ImContact::ItemKey::Window, &a, &b));
    const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
    int fw, fh;
    glfwGetFramebufferSize(h.Window, &fw, &fh);
    const float cx = (a.x + b.x) * 0.5f, cy = (a.y + b.y) * 0.5f;
    const bool left = cx * scale.x < fw / 2;
    CHECK(IsColour(PixelAt(*h.Contact->Shot, cx, cy, scale.x, scale.y), left ? 255 : 0, 0, left ? 0 : 255));
    // remove drops it
    h.Click(ImContact::ItemKey::Remove);
    CHECK(h.Contact->Shot == nullptr);
    CHECK(h.Contact->ShotTexture == 0);
}

TEST_CASE("FrameRendered with a capture leaves the host's GL state as it was", "[panel][gl]")
{
    GLHost h;
    h.Frame();
    GLuint pbo = 0, tex = 0;
    glGenBuffers(1, &pbo);
    glGenTextures(1, &tex);
    auto read_state = [&](std::vector<GLint>* s) {
        static const GLenum names[] = { GL_PACK_ALIGNMENT, GL_PACK_ROW_LENGTH, GL_READ_FRAMEBUFFER_BINDING, GL_READ_BUFFER,
                                        GL_PIXEL_PACK_BUFFER_BINDING, GL_TEXTURE_BINDING_2D, GL_ACTIVE_TEXTURE, GL_UNPACK_ALIGNMENT,
                                        GL_PIXEL_UNPACK_BUFFER_BINDING };
        s->clear();
        for (GLenum n : names)
        {
            GLint v = -1;
            glGetIntegerv(n, &v);
            s->push_back(v);
        }
    };
    auto odd_state = [&] {
        glPixelStorei(GL_PACK_ALIGNMENT, 2);
        glPixelStorei(GL_PACK_ROW_LENGTH, 7);
        glBindBuffer(GL_PIXEL_PACK_BUFFER, pbo);
        glActiveTexture(GL_TEXTURE3);
        glBindTexture(GL_TEXTURE_2D, tex);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 8);
    };
    h.Frame([&] { SetKey(kKeyF8, true); });
    // The capture is queued in the next frame's FrameRendered() and picked up in a later
    // one: set odd state before each, and compare after each, until the screenshot is there.
    int frames = 0;
    bool saw_pending = false;
    std::vector<GLint> before, after;
    while (h.Contact->Shot == nullptr && frames < 10)
    {
        h.Frame([&] { if (frames == 0) SetKey(kKeyF8, false); }, [&] {
            odd_state();
            read_state(&before);
        });
        read_state(&after);
        frames++;
        saw_pending = saw_pending || h.Contact->Readback.Pending();
        INFO("frame " << frames);
        CHECK(before == after);
    }
    INFO("capture error: " << h.Contact->CaptureError);
    REQUIRE(h.Contact->Shot != nullptr);
    CHECK(saw_pending);        // the asynchronous path was taken: queued in one frame...
    CHECK(frames >= 2);        // ...and picked up in a later one
    CHECK(glGetError() == GL_NO_ERROR);
    glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glPixelStorei(GL_PACK_ROW_LENGTH, 0);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glActiveTexture(GL_TEXTURE0);
    glDeleteBuffers(1, &pbo);
    glDeleteTextures(1, &tex);
}

TEST_CASE("while the GPU copies the screenshot the panel says so and cannot send; then the thumbnail appears", "[panel][gl]")
{
    GLHost h;
    h.Frame();
    h.PressKey(kKeyF8);   // the key-up frame queues the capture
    REQUIRE(h.Contact->Readback.Pending());
    REQUIRE(h.Contact->Shot == nullptr);
    // The next frame draws the panel before its FrameRendered() picks the pixels up.
    bool taking_shown = false;
    uint64_t job = 1;
    h.Frame(nullptr, [&] {
        ImVec2 a, b;
        taking_shown = GetItemRect(h.Contact, ImContact::ItemKey::ScreenshotTaking, &a, &b);
        CHECK_FALSE(GetItemRect(h.Contact, ImContact::ItemKey::Thumbnail, &a, &b));
        // Sending now would go without the screenshot the user is waiting for: refused.
        REQUIRE(h.Contact->Readback.Pending());
        StartSend(h.Contact);
        job = h.Contact->SendJob;
    });
    CHECK(h.Open);
    CHECK(taking_shown);
    CHECK(job == 0);
    for (int i = 0; i < 10 && h.Contact->Shot == nullptr; i++) h.Frame();
    INFO("capture error: " << h.Contact->CaptureError);
    REQUIRE(h.Contact->Shot != nullptr);
    CHECK_FALSE(h.Contact->Readback.Pending());
    h.Frame();
    ImVec2 a, b;
    CHECK(GetItemRect(h.Contact, ImContact::ItemKey::Thumbnail, &a, &b));
    CHECK_FALSE(GetItemRect(h.Contact, ImContact::ItemKey::ScreenshotTaking, &a, &b));
}

TEST_CASE("ImContactFlags_SyncCapture reads in the capture frame itself", "[panel][gl]")
{
    GLHost h(ImContactFlags_SyncCapture);
    h.Frame();
    h.PressKey(kKeyF8);   // the key-up frame captures
    CHECK_FALSE(h.Contact->Readback.Pending());
    INFO("capture error: " << h.Contact->CaptureError);
    REQUIRE(h.Contact->Shot != nullptr);
    int fw, fh;
    glfwGetFramebufferSize(h.Window, &fw, &fh);
    CHECK(h.Contact->Shot->Width == fw);
    CHECK(h.Contact->Readback.Buffer() == 0);   // no pixel-pack buffer was ever made
}

TEST_CASE("DestroyContext with a capture still on the GPU frees its buffer", "[panel][gl]")
{
    GLHost h;
    h.Frame();
    h.PressKey(kKeyF8);
    REQUIRE(h.Contact->Readback.Pending());
    const GLuint buffer = h.Contact->Readback.Buffer();
    REQUIRE(buffer != 0);
    CHECK(glIsBuffer(buffer));
    DestroyContext(h.Contact);
    h.Contact = nullptr;
    CHECK_FALSE(glIsBuffer(buffer));
    CHECK(glGetError() == GL_NO_ERROR);
}

TEST_CASE("a screenshot that cannot be taken is said in the panel, which opens anyway", "[panel][gl]")
{
    // 4242 names no framebuffer object: both read paths refuse it before touching GL state.
    const ImContactFlags flags = GENERATE(ImContactFlags_None, ImContactFlags_SyncCapture);
    INFO("flags " << flags);
    GLHost h(flags, 4242);
    h.Frame();
    h.PressKey(kKeyF8);
    for (int i = 0; i < 3; i++) h.Frame();
    CHECK(h.Open);
    CHECK(h.Contact->Shot == nullptr);
    CHECK(h.Contact->ShotTexture == 0);
    CHECK_FALSE(h.Contact->Readback.Pending());
    CHECK_THAT(h.Contact->CaptureError, Catch::Contains("4242 is not a framebuffer object"));
    h.ScrollTo("screenshot_failed");
    ImVec2 a, b;
    CHECK(GetItemRect(h.Contact, ImContact::ItemKey::ScreenshotFailed, &a, &b));
    CHECK(glGetError() == GL_NO_ERROR);
}

#if IMCONTACT_TEST_WITH_RECEIVER
namespace
{

// Sends the current screenshot with a valid form through the panel's Send button and
// returns the screenshot as the receiver stored it (database at db_path), decoded.
RgbaImage SendAndDecodeStored(GLHost& h, const std::string& db_path)
{
    REQUIRE(h.Contact->Shot != nullptr);
    const int shot_w = h.Contact->Shot->Width, shot_h = h.Contact->Shot->Height;   // cleared once delivered
    h.Contact->Draft.Type = ContactType::Malfunction;
    h.Contact->Draft.Application = "Visualisointi";
    h.Contact->Draft.Message = "Asiakasnäkymä kaatuu, kun avaan laskun.";
    h.Click(ImContact::ItemKey::Send);
    for (int i = 0; i < 2000 && std::string(LastTicketNumber(h.Contact)).empty(); i++) h.Frame();
    const std::string ticket = LastTicketNumber(h.Contact);
    REQUIRE(ticket.size() == 9);

    std::string err;
    ImContactReceiver::Store store;
    REQUIRE(store.Open(db_path, &err));
    ImContactReceiver::TicketDetails d;
    REQUIRE(store.Show(ticket, &d));
    RgbaImage stored;
    REQUIRE(ImContactTest::DecodePngRgba(d.Report.ScreenshotPng.data(), d.Report.ScreenshotPng.size(), &stored.Pixels,
                                         &stored.Width, &stored.Height));
    REQUIRE(stored.Width == shot_w);
    REQUIRE(stored.Height == shot_h);
    REQUIRE(stored.Pixels.size() == static_cast<size_t>(stored.Width) * stored.Height * 4);
    return stored;
}

} // namespace

TEST_CASE("sensitive windows and areas are hidden in the capture and in the file the receiver stored", "[panel][gl]")
{
    ImContactTest::TempDir rxdir{ "imcontact-capture-rx" };
    ImContactReceiver::Options opt;
    opt.DbPath = rxdir.Sub("receiver.db");
    ImContactReceiver::Receiver rx(opt);
    std::string err;
    REQUIRE(rx.Start(&err));
    GLHost h(ImContactFlags_None, 0, rx.Url());
    // Two host windows in green: "Asiakkaat" marked by name, "Laskut" from inside its
    // Begin/End; a password-like item marked with MarkSensitiveItem; and a screen rect.
    auto green_window = [](const char* name, ImVec2 pos) {
        ImGui::SetNextWindowPos(pos);
        ImGui::SetNextWindowSize(ImVec2(200, 150));
        ImGui::Begin(name, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
        ImGui::GetWindowDrawList()->AddRectFilled(ImGui::GetWindowPos(), ImVec2(pos.x + 200, pos.y + 150), IM_COL32(0, 255, 0, 255));
    };
    MarkSensitiveWindow(h.Contact, "Asiakkaat");
    h.HostUi = [&] {
        green_window("Asiakkaat", ImVec2(20, 60));
        ImGui::End();
        green_window("Laskut", ImVec2(20, 400));
        MarkSensitiveCurrentWindow(h.Contact);
        ImGui::End();
        green_window("Salasana", ImVec2(20, 650));
        ImGui::Dummy(ImVec2(100, 40));
        MarkSensitiveItem(h.Contact);
        ImGui::End();
        MarkSensitiveRect(h.Contact, ImVec2(900, 800), ImVec2(960, 860));   // blue scene there
    };
    for (int i = 0; i < 3; i++) h.Frame();
    h.PressKey(kKeyF8);
    h.WaitForShot();
    INFO("capture error: " << h.Contact->CaptureError);
    REQUIRE(h.Contact->Shot != nullptr);
    REQUIRE(h.Contact->AutoEdits.size() == 4);
    const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
    // The capture holds the frame as it was (the green windows); the file must not.
    CHECK(IsColour(PixelAt(*h.Contact->Shot, 100, 100, scale.x, scale.y), 0, 255, 0));

    const RgbaImage stored = SendAndDecodeStored(h, opt.DbPath);
    const std::vector<uint8_t>& px = stored.Pixels;
    int green = 0;
    for (size_t i = 0; i < px.size(); i += 4) green += px[i] == 0 && px[i + 1] == 255 && px[i + 2] == 0;
    // Only the "Salasana" window around its marked item is left green.
    CHECK(green > 0);
    CHECK(green <= static_cast<int>((200 * 150 - 100 * 40) * scale.x * scale.y));
    CHECK(IsColour(PixelAt(stored, 60, 670, scale.x, scale.y), 0, 0, 0));      // the item
    CHECK(IsColour(PixelAt(stored, 100, 100, scale.x, scale.y), 0, 0, 0));     // Asiakkaat
    CHECK(IsColour(PixelAt(stored, 100, 450, scale.x, scale.y), 0, 0, 0));     // Laskut
    CHECK(IsColour(PixelAt(stored, 930, 830, scale.x, scale.y), 0, 0, 0));     // the rect
    CHECK(IsColour(PixelAt(stored, 300, 850, scale.x, scale.y), 255, 0, 0));   // the scene elsewhere
}

// Pixels in the screen rect [a, b) (ImGui coordinates) bright enough to be the default
// style's white text: the glyphs of a field's text.
int TextPixels(const RgbaImage& img, ImVec2 a, ImVec2 b)
{
    const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
    int n = 0;
    for (int y = static_cast<int>(a.y * scale.y); y < static_cast<int>(b.y * scale.y) && y < img.Height; y++)
        for (int x = static_cast<int>(a.x * scale.x); x < static_cast<int>(b.x * scale.x) && x < img.Width; x++)
        {
            const uint8_t* p = &img.Pixels[(static_cast<size_t>(y) * static_cast<size_t>(img.Width) + static_cast<size_t>(x)) * 4];
            n += p[0] > 180 && p[1] > 180 && p[2] > 180;
        }
    return n;
}

TEST_CASE("a password field is hidden without any call, focused or not; a text field next to it is not", "[panel][gl]")
{
    const bool focused = GENERATE(false, true);
    INFO((focused ? "focused" : "unfocused") << " password field");
    ImContactTest::TempDir rxdir{ "imcontact-capture-rx" };
    ImContactReceiver::Options opt;
    opt.DbPath = rxdir.Sub("receiver.db");
    ImContactReceiver::Receiver rx(opt);
    std::string err;
    REQUIRE(rx.Start(&err));
    GLHost h(ImContactFlags_None, 0, rx.Url(), ScreenshotCodec::Lossless);   // the name's pixels compared exactly
    char password[32] = "salainen1";
    char name[32] = "Maija Meikalainen";
    ImVec2 pw_a, pw_b, name_a, name_b;
    std::vector<int> active_frames;   // frames in which the password field was being edited
    h.HostUi = [&] {
        ImGui::SetNextWindowPos(ImVec2(40, 100));
        ImGui::SetNextWindowSize(ImVec2(400, 140));
        ImGui::Begin("Kirjautuminen", nullptr, ImGuiWindowFlags_NoSavedSettings);
        ImGui::InputText("##name", name, sizeof(name));
        name_a = ImGui::GetItemRectMin();
        name_b = ImGui::GetItemRectMax();
        if (focused && ImGui::GetFrameCount() < 3) ImGui::SetKeyboardFocusHere();
        ImGui::InputText("##password", password, sizeof(password), ImGuiInputTextFlags_Password);
        pw_a = ImGui::GetItemRectMin();
        pw_b = ImGui::GetItemRectMax();
        if (ImGui::IsItemActive()) active_frames.push_back(ImGui::GetFrameCount());
        ImGui::End();
    };
    for (int i = 0; i < 4; i++) h.Frame();
    h.PressKey(kKeyF8);
    h.WaitForShot();
    INFO("capture error: " << h.Contact->CaptureError);
    REQUIRE(h.Contact->Shot != nullptr);
    const bool active_at_capture =
        std::find(active_frames.begin(), active_frames.end(), h.Contact->CaptureAtFrame) != active_frames.end();
    REQUIRE(active_at_capture == focused);
    REQUIRE(h.Contact->AutoEdits.size() == 1);   // the password field, nothing else
    // The capture shows both fields' text; the stored file only the name's.
    CHECK(TextPixels(*h.Contact->Shot, pw_a, pw_b) > 0);
    CHECK(TextPixels(*h.Contact->Shot, name_a, name_b) > 0);
    const int name_pixels = TextPixels(*h.Contact->Shot, name_a, name_b);

    const RgbaImage stored = SendAndDecodeStored(h, opt.DbPath);
    CHECK(TextPixels(stored, pw_a, pw_b) == 0);
    CHECK(TextPixels(stored, name_a, name_b) == name_pixels);
}

TEST_CASE("ImContactFlags_KeepPasswordFields leaves password fields in the capture", "[panel][gl]")
{
    GLHost h(ImContactFlags_KeepPasswordFields);
    char password[32] = "salainen1";
    h.HostUi = [&] {
        ImGui::Begin("Kirjautuminen", nullptr, ImGuiWindowFlags_NoSavedSettings);
        ImGui::InputText("##password", password, sizeof(password), ImGuiInputTextFlags_Password);
        ImGui::End();
    };
    for (int i = 0; i < 3; i++) h.Frame();
    h.PressKey(kKeyF8);
    h.WaitForShot();
    REQUIRE(h.Contact->Shot != nullptr);
    CHECK(h.Contact->AutoEdits.empty());
}
#endif

namespace
{

// Draw commands of the last rendered frame that use GL texture 'tex'.
int DrawsWithTexture(unsigned int tex)
{
    const ImDrawData* dd = ImGui::GetDrawData();
    int n = 0;
    for (int i = 0; dd && i < dd->CmdListsCount; i++)
        for (const ImDrawCmd& cmd : dd->CmdLists[i]->CmdBuffer)
            n += !cmd.UserCallback && static_cast<unsigned int>((intptr_t)cmd.TextureId) == tex;
    return n;
}

} // namespace

TEST_CASE("the editor makes the full-size picture one band of rows a frame, the thumbnail drawn until all are in", "[panel][gl][editor]")
{
    GLHost h;
    h.PressKey(kKeyF8);
    h.WaitForShot();
    REQUIRE(h.Contact->Shot != nullptr);
    REQUIRE(h.Contact->ShotTexture != 0);
    OpenEditor(h.Contact);
    const int height = h.Contact->Shot->Height;
    size_t tiles_before = 0;
    int frames = 0;
    for (; frames < 20; frames++)
    {
        h.Frame();
        const Context::EditorState& ed = h.Contact->Editor;
        REQUIRE(ed.Tiles.size() <= tiles_before + 1);   // at most one band a frame
        tiles_before = ed.Tiles.size();
        if (static_cast<int>(ed.Tiles.size()) * ed.TileRows >= height) break;
        CHECK(DrawsWithTexture(h.Contact->ShotTexture) == 2);   // the form's thumbnail, and the editor's meanwhile
    }
    const Context::EditorState& ed = h.Contact->Editor;
    REQUIRE(static_cast<int>(ed.Tiles.size()) * ed.TileRows >= height);
    CHECK(ed.Tiles.size() >= 2);   // 1000x900 in bands of 2 MB: 2
    h.Frame();
    for (unsigned int t : ed.Tiles) CHECK(DrawsWithTexture(t) == 1);
    CHECK(DrawsWithTexture(h.Contact->ShotTexture) == 1);   // the form's only
}

// Issue 8, point 11: with the asynchronous capture the old screenshot is dropped when the
// new one is queued; the shorter form clamped the scroll position (the form jumped up).
TEST_CASE("retake keeps the form's scroll position while the new screenshot is on its way", "[panel][gl]")
{
    GLHost h;
    glfwSetWindowSize(h.Window, 1000, 560);   // a form taller than the panel
    for (int i = 0; i < 3; i++) h.Frame();
    h.PressKey(kKeyF8);
    h.WaitForShot();
    REQUIRE(h.Contact->Shot != nullptr);
    h.ScrollTo(ImContact::ItemKey::Retake);
    ImVec2 a, b, wa, wb;
    REQUIRE(GetItemRect(h.Contact, ImContact::ItemKey::Window, &wa, &wb));
    const ImVec2 c((wa.x + wb.x) * 0.5f, (wa.y + wb.y) * 0.5f);
    for (int i = 0; i < 20; i++) h.Frame([&] { SetMousePos(c); AddMouseWheel(-5.0f); });   // to the bottom
    auto form = [] {
        for (ImGuiWindow* w : GImGui->Windows)
            if (std::string(w->Name).find("imcontact_panel") != std::string::npos && std::string(w->Name).find("##form") != std::string::npos)
                return w;
        return static_cast<ImGuiWindow*>(nullptr);
    };
    REQUIRE(form() != nullptr);
    const float scroll = form()->Scroll.y;
    REQUIRE(scroll > 0.0f);
    REQUIRE(GetItemRect(h.Contact, ImContact::ItemKey::Retake, &a, &b));
    h.Click(ImContact::ItemKey::Retake);
    float lowest = form()->Scroll.y;
    for (int i = 0; i < 600 && (h.Contact->Readback.Busy() || h.Contact->CapturePending || !h.Contact->Shot); i++)
    {
        h.Frame();
        lowest = std::min(lowest, form()->Scroll.y);
    }
    REQUIRE(h.Contact->Shot != nullptr);
    h.Frame();
    h.Frame();
    CHECK(lowest == Approx(scroll));
    CHECK(form()->Scroll.y == Approx(scroll));
}
