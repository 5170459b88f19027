// --headless: a scripted session that drives the contact panel only through Dear ImGui's
// real input (mouse, keys, text injected into ImGuiIO before ImGui::NewFrame), finding
// the widgets with ImContact::GetItemRect(). On the view Raportit it opens the panel with
// F8, opens the screenshot in the editor, hides one area and pixelates another, fills in
// the form, sends it, follows the ticket in "My requests" and, with the embedded receiver,
// checks the stored ticket in the receiver's database; with the embedded receiver an agent
// then asks a question (a note and waiting_for_customer) that the panel shows, and the
// receiver goes away: the next report is kept in the outbox. With a PNG path it saves the
// window at each stage: the editor open (NAME-editor.png), the panel with the edited
// thumbnail (NAME-thumbnail.png), the filled-in form (NAME.png), the confirmation
// (NAME-sent.png), My requests with the agent's note (NAME-requests.png) and the report
// saved while offline (NAME-offline.png).
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
    HeadlessScript(ImContact::Context* contact, AppState* app, EmbeddedReceiver* receiver,
                   const std::vector<std::string>& sub_applications, const std::string& window_png);

    // Every frame, after the platform backend's NewFrame and before ImGui::NewFrame().
    void BeforeNewFrame() { driver_.BeforeNewFrame(); }
    // After FrameRendered(), before SwapBuffers: true when the frame should be saved as PNG
    // now, to WindowPngPath(); then report with WindowPngSaved.
    bool WantsWindowPng() const { return pngRequested_ && !pngDone_; }
    const std::string& WindowPngPath() const { return pngPath_; }
    void WindowPngSaved(bool ok, const std::string& error);

    bool Finished() const { return driver_.Finished(); }
    bool Succeeded() const { return driver_.Succeeded(); }
    const std::string& Ticket() const { return ticket_; }

private:
    using Status = ImContactTest::PanelDriver::Status;
    using RectFn = ImContactTest::PanelDriver::RectFn;

    static RectFn HostRect(const ScreenRect* rect);   // a host widget, as recorded in AppState
    RectFn PictureRect() const;                       // the screenshot inside the editor's canvas
    RectFn HostAreaInPicture(const ScreenRect* area) const;   // a host area as the editor shows it
    void BuildSteps();
    void AddAgentAndOfflineSteps();
    const ImContact::LocalTicket* FindTicket() const;
    void AddSaveWindowPng(const std::string& name, const std::string& path);   // a step, when a PNG path was given

    ImContact::Context* contact_;
    AppState* app_;
    EmbeddedReceiver* receiver_;
    std::vector<std::string> subApplications_;
    std::string pngBase_;   // the PNG path given, "" = none
    ImContactTest::PanelDriver driver_;   // the panel's input, step by step (tests/support/panel_driver.h)

    bool pngRequested_ = false, pngDone_ = false, pngOk_ = false;
    std::string pngPath_, pngError_;   // of the PNG being saved

    std::string ticket_;
    std::string checkedBefore_;
    double statusWaitStart_ = 0.0;
};

} // namespace Demo
