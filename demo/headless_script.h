// --headless: a scripted session that drives the contact panel only through Dear ImGui's
// real input (mouse, keys, text injected into ImGuiIO before ImGui::NewFrame), finding
// the widgets with ImContact::GetItemRect(). It opens the panel with F8, fills in the
// form, sends it, follows the ticket in "My requests" and, with the embedded receiver,
// checks the stored ticket in the receiver's database.
#pragma once

#include "app_state.h"

#include "imcontact/imcontact.h"

#include <functional>
#include <string>
#include <vector>

namespace Demo
{

class EmbeddedReceiver;

class HeadlessScript
{
public:
    // 'receiver' may be null (--endpoint: the database is not reachable from here).
    HeadlessScript(ImContact::Context* contact, AppState* app, const EmbeddedReceiver* receiver,
                   const std::vector<std::string>& sub_applications, bool save_window_png);

    // Every frame, after the platform backend's NewFrame and before ImGui::NewFrame().
    void BeforeNewFrame();
    // After FrameRendered(), before SwapBuffers: true when the frame should be saved as PNG now.
    bool WantsWindowPng() const { return pngRequested_ && !pngDone_; }
    void WindowPngSaved(bool ok, const std::string& error);

    bool Finished() const { return finished_; }
    bool Succeeded() const { return finished_ && error_.empty(); }
    const std::string& Ticket() const { return ticket_; }

private:
    enum class Status { Running, Done, Failed };
    struct Step
    {
        std::string Name;
        double Timeout;                  // seconds
        std::function<Status()> Tick;    // called once a frame until Done or Failed
    };
    using RectFn = std::function<bool(ImVec2*, ImVec2*)>;

    // Step builders
    void Add(const std::string& name, double timeout, std::function<Status()> tick);
    void AddWait(const std::string& name, double timeout, std::function<bool()> condition);
    void AddCheck(const std::string& name, std::function<bool()> check);   // set error_ on false
    // Widgets of the panel's scrolling form are found by turning the mouse wheel over it,
    // first in this direction (-1: down), then the other way.
    void AddClick(const std::string& name, const std::string& panel_key, int search_first = -1);
    void AddClickRect(const std::string& name, RectFn rect);   // a host widget
    static RectFn HostRect(const ScreenRect* rect);
    void AddReveal(const std::string& name, const std::string& panel_key, int search_first = -1);
    void AddKey(const std::string& name, int key);
    void AddType(const std::string& name, const std::string& utf8);
    void BuildSteps();

    // Click state machine (one click per step)
    Status Click(const RectFn& rect, const std::string& panel_key, int search_first);
    bool   Reveal(const std::string& panel_key, int search_first, ImVec2* min, ImVec2* max);
    bool   ScrollTowards(const std::string& panel_key, int search_first);
    int    OutsideForm(const std::string& panel_key, ImVec2 min, ImVec2 max) const;
    void   Fail(const std::string& why);
    void   Inject();
    const ImContact::LocalTicket* FindTicket() const;

    ImContact::Context* contact_;
    AppState* app_;
    const EmbeddedReceiver* receiver_;
    std::vector<std::string> subApplications_;
    bool savePng_;

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
    int keyDown_ = -1, keyUp_ = -1;
    std::string text_;

    bool pngRequested_ = false, pngDone_ = false, pngOk_ = false;
    std::string pngError_;

    std::string ticket_;
    std::string checkedBefore_;
    double statusWaitStart_ = 0.0;
};

} // namespace Demo
