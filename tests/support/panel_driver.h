// PanelDriver: a scripted session that drives the contact panel only through Dear ImGui's
// real input (mouse, keys, text queued into ImGuiIO before ImGui::NewFrame), finding the
// panel's widgets with ImContact::GetItemRect(). Shared by the demo's --headless session
// and the compatibility matrix's hosts (tests/matrix); it needs only ImGui and the panel
// (no window library), and works on every supported Dear ImGui: io.AddKeyEvent /
// AddMousePosEvent / AddMouseButtonEvent on >= 1.87, io.KeysDown / MousePos / MouseDown
// on 1.86.
//
// Usage (render thread, the thread that calls ImGui::NewFrame):
//   ImContactTest::PanelDriver driver(contact);
//   driver.AddKey("press F8", IMCONTACT_DEFAULT_HOTKEY);
//   driver.AddWait("panel opens", 10.0, [&] { return ImContact::IsOpen(contact); });
//   driver.AddClick("focus the message field", "message");
//   driver.AddType("type the message", "Hello");
//   ...each frame, after the backends' NewFrame and before ImGui::NewFrame():
//   driver.BeforeNewFrame();
//   ...leave the loop when driver.Finished(); driver.Succeeded() says how it went.
// Steps run one after the other, one Tick a frame; each has a timeout. Progress and the
// first failure are printed on stderr with the prefix given to the constructor.
#pragma once

#include "imcontact/imcontact.h"

#include <functional>
#include <string>
#include <vector>

namespace ImContactTest
{

class PanelDriver
{
public:
    enum class Status { Running, Done, Failed };
    // A widget's screen rect in the last frame; false while it is not drawn.
    using RectFn = std::function<bool(ImVec2* min, ImVec2* max)>;

    // 'contact' is borrowed and must outlive the driver. 'log_prefix' tags the stderr lines.
    explicit PanelDriver(ImContact::Context* contact, std::string log_prefix = "[driver]");

    // Step builders (before the first BeforeNewFrame).
    // A step that calls 'tick' once a frame until it returns Done or Failed (see Fail()).
    void Add(const std::string& name, double timeout_s, std::function<Status()> tick);
    void AddWait(const std::string& name, double timeout_s, std::function<bool()> condition);
    // One-frame check: fails the session when 'check' returns false (with Fail()'s reason if set).
    void AddCheck(const std::string& name, std::function<bool()> check);
    // Click a panel widget by its GetItemRect key. Widgets of the scrolling form are found
    // by turning the mouse wheel over it, first in 'search_first' direction (-1: down).
    void AddClick(const std::string& name, const std::string& panel_key, int search_first = -1);
    // Click a host widget whose rect 'rect' reports.
    void AddClickRect(const std::string& name, RectFn rect);
    // Drag with the left button inside a panel widget, from 'from' to 'to' given as fractions
    // of its rect (0,0 top left, 1,1 bottom right), in a few frames: e.g. an area in the editor.
    void AddDrag(const std::string& name, const std::string& panel_key, ImVec2 from, ImVec2 to);
    // The same inside the rect 'rect' reports (e.g. the picture inside the editor's canvas).
    void AddDragRect(const std::string& name, RectFn rect, ImVec2 from, ImVec2 to);
    // Scroll until the panel widget is drawn and visible.
    void AddReveal(const std::string& name, const std::string& panel_key, int search_first = -1);
    // Press and release a key: an ImGuiKey on >= 1.87, the backend's io.KeysDown index on 1.86
    // (the same type as Config::Hotkey).
    void AddKey(const std::string& name, ImContact::HotkeyCode key);
    // Type UTF-8 text into the text field the previous click activated.
    void AddType(const std::string& name, const std::string& utf8);

    // Every frame, after the platform backend's NewFrame and before ImGui::NewFrame().
    void BeforeNewFrame();

    // Inside a step's tick: records why the session failed and returns Status::Failed.
    Status Fail(const std::string& why);

    bool Finished() const { return finished_; }
    bool Succeeded() const { return finished_ && error_.empty(); }
    const std::string& Error() const { return error_; }
    int Frames() const { return frames_; }

private:
    struct Step
    {
        std::string Name;
        double Timeout;                  // seconds
        std::function<Status()> Tick;
    };

    Status Click(const RectFn& rect, const std::string& panel_key, int search_first);
    bool   Reveal(const std::string& panel_key, int search_first, ImVec2* min, ImVec2* max);
    bool   ScrollTowards(const std::string& panel_key, int search_first);
    int    OutsideForm(const std::string& panel_key, ImVec2 min, ImVec2 max) const;
    void   Abort(const std::string& why);
    void   Inject();

    ImContact::Context* contact_;
    std::string prefix_;
    std::vector<Step> steps_;
    size_t current_ = 0;
    double stepStart_ = -1.0;
    double sessionStart_ = -1.0;
    int phase_ = 0;
    int cooldown_ = 0;
    int missingFrames_ = 0;   // the widget to click has not been drawn for so many frames
    int notches_ = 0;         // mouse wheel notches spent searching for it
    int frames_ = 0;
    bool finished_ = false;
    std::string error_;

    // Input to inject this frame
    ImVec2 mousePos_ = ImVec2(-1.0f, -1.0f);
    bool mouseDown_ = false;
    float wheel_ = 0.0f;
    bool keyPending_ = false, keyIsDown_ = false;
    ImContact::HotkeyCode key_ = ImContact::HotkeyCode();
    std::string text_;
};

// Seconds on a monotonic clock (the driver's step timeouts).
double Seconds();

} // namespace ImContactTest
