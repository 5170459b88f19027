// --headless: a scripted session that drives the contact panel only through Dear ImGui's
// real input (mouse, keys, text injected into ImGuiIO before ImGui::NewFrame), finding
// the widgets with ImContact::GetItemRect(). It opens the panel with F8, fills in the
// form, sends it, follows the ticket in "My requests" and, with the embedded receiver,
// checks the stored ticket in the receiver's database.
#pragma once

#include "app_state.h"

#include "imcontact/imcontact.h"
#include "support/panel_driver.h"

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
    void BeforeNewFrame() { driver_.BeforeNewFrame(); }
    // After FrameRendered(), before SwapBuffers: true when the frame should be saved as PNG now.
    bool WantsWindowPng() const { return pngRequested_ && !pngDone_; }
    void WindowPngSaved(bool ok, const std::string& error);

    bool Finished() const { return driver_.Finished(); }
    bool Succeeded() const { return driver_.Succeeded(); }
    const std::string& Ticket() const { return ticket_; }

private:
    using Status = ImContactTest::PanelDriver::Status;
    using RectFn = ImContactTest::PanelDriver::RectFn;

    static RectFn HostRect(const ScreenRect* rect);   // a host widget, as recorded in AppState
    void BuildSteps();
    const ImContact::LocalTicket* FindTicket() const;

    ImContact::Context* contact_;
    AppState* app_;
    const EmbeddedReceiver* receiver_;
    std::vector<std::string> subApplications_;
    bool savePng_;
    ImContactTest::PanelDriver driver_;   // the panel's input, step by step (tests/support/panel_driver.h)

    bool pngRequested_ = false, pngDone_ = false, pngOk_ = false;
    std::string pngError_;

    std::string ticket_;
    std::string checkedBefore_;
    double statusWaitStart_ = 0.0;
};

} // namespace Demo
