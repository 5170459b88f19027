// The panel's headless test host, shared by tests/panel/test_panel*.cpp: an ImGui context
// with a built font atlas and no renderer, input injected as a backend would (AddKeyEvent on
// >= 1.87, io.KeysDown on 1.86), the real receiver on a loopback port (Fixture).
// Render thread = the test's thread. Header-only; each test file includes it once.
#pragma once

#include <catch2/catch.hpp>

#include "imcontact/imcontact.h"
#include "imcontact_internal.h"
#include "imcontact/imcontact_protocol.h"
#include "imcontact_receiver.h"
#include "support/fault_server.h"
#include "support/png.h"
#include "support/temp_dir.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace ImContactPanelTest
{
using namespace ImContact;

// Input as a backend reports it: Dear ImGui 1.87 replaced writing io.KeysDown[],
// io.MousePos and io.MouseDown[] with queued events and named keys.
#if IMGUI_VERSION_NUM >= 18700
constexpr HotkeyCode kKeyF8 = ImGuiKey_F8;
constexpr HotkeyCode kKeyEscape = ImGuiKey_Escape;
constexpr HotkeyCode kKeyBackspace = ImGuiKey_Backspace;
constexpr HotkeyCode kKeyDelete = ImGuiKey_Delete;
inline void SetKey(HotkeyCode key, bool down) { ImGui::GetIO().AddKeyEvent(key, down); }
inline void SetMouse(ImVec2 pos, bool left_down)
{
    ImGui::GetIO().AddMousePosEvent(pos.x, pos.y);
    ImGui::GetIO().AddMouseButtonEvent(0, left_down);
}
#else
constexpr HotkeyCode kKeyF8 = 297;      // GLFW_KEY_F8, the default hotkey with Dear ImGui < 1.87
constexpr HotkeyCode kKeyEscape = 256;  // GLFW_KEY_ESCAPE
constexpr HotkeyCode kKeyBackspace = 259;   // GLFW_KEY_BACKSPACE
constexpr HotkeyCode kKeyDelete = 261;      // GLFW_KEY_DELETE
inline void SetKey(HotkeyCode key, bool down) { ImGui::GetIO().KeysDown[key] = down; }
inline void SetMouse(ImVec2 pos, bool left_down)
{
    ImGui::GetIO().MousePos = pos;
    ImGui::GetIO().MouseDown[0] = left_down;
}
#endif

#if IMGUI_VERSION_NUM >= 19200
// Dear ImGui 1.92 creates textures on request; no renderer here, so accept them all.
inline void AcceptTextureRequests()
{
    for (ImTextureData* tex : ImGui::GetPlatformIO().Textures)
    {
        if (tex->Status == ImTextureStatus_WantCreate || tex->Status == ImTextureStatus_WantUpdates)
        {
            tex->SetTexID(static_cast<ImTextureID>(1));
            tex->SetStatus(ImTextureStatus_OK);
        }
        else if (tex->Status == ImTextureStatus_WantDestroy)
        {
            tex->SetTexID(ImTextureID_Invalid);
            tex->SetStatus(ImTextureStatus_Destroyed);
        }
    }
}
#endif

// A headless host: an ImGui context with a built font atlas, no renderer.
struct Host
{
    ImGuiContext* Imgui = nullptr;
    Context* Contact = nullptr;
    bool Open = false;
    ImVec2 Mouse = ImVec2(-1, -1);
    bool MouseDown = false;
    bool LogText = false;   // FrameText(): ImGui's text log is on for the frame

    explicit Host(const Config& cfg)
    {
        Imgui = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1280, 900);
        io.DeltaTime = 1.0f / 60.0f;
#if IMGUI_VERSION_NUM >= 19200
        io.BackendFlags |= ImGuiBackendFlags_RendererHasTextures;   // see AcceptTextureRequests()
#else
        unsigned char* pixels;
        int w, h;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        io.Fonts->SetTexID((ImTextureID)(intptr_t)1);
#endif
#if IMGUI_VERSION_NUM < 18700
        io.KeyMap[ImGuiKey_Escape] = kKeyEscape;
        io.KeyMap[ImGuiKey_Backspace] = kKeyBackspace;
        io.KeyMap[ImGuiKey_Delete] = kKeyDelete;
#endif
        Contact = CreateContext(cfg);
        SetUser(Contact, "Esimerkki Oy", "maija.meikalainen@example.fi");
        SetCurrentApplication(Contact, "Visualisointi");
    }
    ~Host()
    {
        DestroyContext(Contact);
        ImGui::DestroyContext(Imgui);
    }

    void Frame(const std::function<void()>& input = nullptr)
    {
        SetMouse(Mouse, MouseDown);
        if (input) input();
        ImGui::NewFrame();
        if (ImGui::BeginMainMenuBar())
        {
            MenuContactButton(Contact);
            ImGui::EndMainMenuBar();
        }
        if (LogText) ImGui::LogToClipboard();   // ended by the End() of the next top-level window
        ShowContactWindow(Contact, &Open);
        if (LogText) ImGui::LogFinish();
        ImGui::Render();
#if IMGUI_VERSION_NUM >= 19200
        AcceptTextureRequests();
#endif
        FrameRendered(Contact);
    }
    void Frames(int n) { for (int i = 0; i < n; i++) Frame(); }

    // One frame, returning the text the panel's window drew (ImGui's text log, through the
    // clipboard; up to 1.91 ImGui ends a log at the End() of a top-level window, so while a
    // notice shows it is the notice's): what a cell or a line shows, as the user reads it.
    std::string FrameText()
    {
        ImGui::SetClipboardText("");
        LogText = true;
        Frame();
        LogText = false;
        const char* text = ImGui::GetClipboardText();
        return text ? text : "";
    }

    void PressKey(HotkeyCode key)
    {
        Frame([&] { SetKey(key, true); });
        Frame([&] { SetKey(key, false); });
    }

    bool Rect(const char* key, ImVec2* center)
    {
        ImVec2 a, b;
        if (!GetItemRect(Contact, key, &a, &b)) return false;
        *center = ImVec2((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
        return true;
    }

    // Clicks the centre of a widget: one frame first so that a popup or window that
    // just appeared has settled at its final position.
    void Click(const char* key)
    {
        Frame();
        ImVec2 c;
        INFO("widget " << key);
        REQUIRE(Rect(key, &c));
        Mouse = c;
        Frame();
        MouseDown = true;
        Frame();
        MouseDown = false;
        Frame();
    }
    void Click(const std::string& key) { Click(key.c_str()); }

    // Scrolls the panel's form with the mouse wheel until the widget is drawn.
    bool Reveal(const char* key)
    {
        ImVec2 c, w;
        for (int i = 0; i < 40; i++)
        {
            if (Rect(key, &c)) return true;
            if (!Rect(ImContact::ItemKey::Window, &w)) return false;
            Mouse = w;
#if IMGUI_VERSION_NUM >= 18700
            Frame([&] { ImGui::GetIO().AddMouseWheelEvent(0.0f, -2.0f); });
#else
            Frame([&] { ImGui::GetIO().MouseWheel -= 2.0f; });
#endif
        }
        return Rect(key, &c);
    }

    // Left-drags from 'a' to 'b' (screen coordinates).
    void Drag(ImVec2 a, ImVec2 b)
    {
        Mouse = a;
        Frame();
        MouseDown = true;
        Frame();
        Mouse = ImVec2((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
        Frame();
        Mouse = b;
        Frame();
        MouseDown = false;
        Frame();
    }

    // What the user does first: the hotkey, then the panel is up a couple of frames later.
    void OpenWithHotkey()
    {
        Frames(1);
        PressKey(kKeyF8);
        Frames(2);
    }

    void Type(const char* utf8)
    {
        Frame([&] { ImGui::GetIO().AddInputCharactersUTF8(utf8); });
        Frame();
    }

    // Runs frames (in real time) until pred() holds; false at the deadline.
    bool FramesUntil(const std::function<bool()>& pred, int timeout_ms = 10000)
    {
        const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (std::chrono::steady_clock::now() < end)
        {
            Frame();
            if (pred()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return false;
    }
};

struct Fixture
{
    ImContactTest::TempDir Dir{ "imcontact-panel" };
    ImContactReceiver::Options RxOpt;
    std::unique_ptr<ImContactReceiver::Receiver> Rx;
    Config Cfg;

    Fixture()
    {
        REQUIRE(!Dir.Path().empty());
        RxOpt.DbPath = Dir.Sub("receiver.db");
        Rx.reset(new ImContactReceiver::Receiver(RxOpt));
        std::string err;
        REQUIRE(Rx->Start(&err));
        Cfg.Endpoint = Rx->Url();
        Cfg.DataDir = Dir.Sub("client");
        Cfg.AppName = "imcontact-tests";
        Cfg.AppVersion = "1.0";
        Cfg.Applications = { "Mallieditori", "Visualisointi", "Raportit" };
        Cfg.TotalTimeoutMs = 5000;
        Cfg.ConnectTimeoutMs = 2000;
        Cfg.Retry.InitialDelayMs = 100;
        Cfg.Retry.MaxDelayMs = 400;
        Cfg.Retry.Jitter = 0.0;
    }
};

inline void FillValidForm(Host& h)
{
    h.Click(ImContact::ItemKey::Type);
    h.Click(ImContact::ItemKeyIndexed(ImContact::ItemKey::Type, 1));   // Toimintahäiriö
    h.Click(ImContact::ItemKey::Message);
    h.Type("Raportti kaatuu, kun valitsen kuukauden ja painan Tulosta.");
}

// Open with the hotkey, fill in a valid form and press send.
inline void SendFilledForm(Host& h)
{
    h.OpenWithHotkey();
    FillValidForm(h);
    h.Click(ImContact::ItemKey::Send);
}

// A loopback server that answers every report with 'status' and 'body'; the fixture sends there.
// The reports the server received (POSTs), without the status look-ups the panel's
// background refresh makes on its own schedule once a ticket exists.
inline std::vector<ImContactTest::RecordedRequest> Posts(ImContactTest::FaultServer& srv)
{
    std::vector<ImContactTest::RecordedRequest> out;
    for (ImContactTest::RecordedRequest& r : srv.Requests())
        if (r.Method == "POST") out.push_back(std::move(r));
    return out;
}

inline void AnswerWith(Fixture& fx, ImContactTest::FaultServer& srv, int status, const std::string& body)
{
    REQUIRE(srv.Start());
    srv.Respond(status, body);
    fx.Cfg.Endpoint = srv.Url();
}

} // namespace ImContactPanelTest
