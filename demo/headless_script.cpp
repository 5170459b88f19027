#include "headless_script.h"

#include "receiver_embed.h"

#include "imgui_internal.h"   // the open popup's visible rectangle, to scroll combo items into view

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdio>

namespace Demo
{

static const char* const kReference = "LASKU-2024-00042";
static const char* const kMessage =
    "Raportin tulostus jähmettää ohjelman noin 5 sekunniksi.\n"
    "Tapahtuu joka kerta: Raportit > lasku 2024-00042 > Tulosta.\n"
    "Kuvakaappaus on Visualisointi-näkymästä juuri ennen tätä.";

static double Now() { return glfwGetTime(); }

HeadlessScript::HeadlessScript(ImContact::Context* contact, AppState* app, const EmbeddedReceiver* receiver,
                               const std::vector<std::string>& sub_applications, bool save_window_png)
    : contact_(contact), app_(app), receiver_(receiver), subApplications_(sub_applications), savePng_(save_window_png)
{
    BuildSteps();
}

// ---------------------------------------------------------------------------
// Step builders
// ---------------------------------------------------------------------------

void HeadlessScript::Add(const std::string& name, double timeout, std::function<Status()> tick)
{
    steps_.push_back({ name, timeout, std::move(tick) });
}

void HeadlessScript::AddWait(const std::string& name, double timeout, std::function<bool()> condition)
{
    Add(name, timeout, [condition]() { return condition() ? Status::Done : Status::Running; });
}

void HeadlessScript::AddCheck(const std::string& name, std::function<bool()> check)
{
    Add(name, 5.0, [check]() { return check() ? Status::Done : Status::Failed; });
}

void HeadlessScript::AddClick(const std::string& name, const std::string& key, Where where)
{
    ImContact::Context* ctx = contact_;
    RectFn rect = [ctx, key](ImVec2* a, ImVec2* b) { return ImContact::GetItemRect(ctx, key.c_str(), a, b); };
    Add(name + " [" + key + "]", 10.0, [this, rect, where]() { return Click(rect, where); });
}

void HeadlessScript::AddClickRect(const std::string& name, RectFn rect)
{
    Add(name, 10.0, [this, rect]() { return Click(rect, Where::Fixed); });
}

void HeadlessScript::AddKey(const std::string& name, int key)
{
    Add(name, 5.0, [this, key]() {
        switch (phase_++)
        {
        case 0: keyDown_ = key; return Status::Running;
        case 1: keyUp_ = key; return Status::Running;
        default: return Status::Done;
        }
    });
}

void HeadlessScript::AddType(const std::string& name, const std::string& utf8)
{
    Add(name, 5.0, [this, utf8]() {
        if (phase_ == 0)
        {
            // The click before this step must have activated the text field.
            if (!ImGui::GetIO().WantTextInput) return Status::Running;
            text_ = utf8;
        }
        return phase_++ < 3 ? Status::Running : Status::Done;
    });
}

const ImContact::LocalTicket* HeadlessScript::FindTicket() const
{
    for (const ImContact::LocalTicket& t : ImContact::GetTickets(contact_))
        if (t.Ticket == ticket_) return &t;
    return nullptr;
}

void HeadlessScript::BuildSteps()
{
    ImContact::Context* ctx = contact_;
    AppState* app = app_;

    AddWait("start: first frames rendered", 10.0, [this]() { return frames_ >= 10; });
    AddClickRect("switch to the view Visualisointi", [app](ImVec2* a, ImVec2* b) {
        const ScreenRect& r = app->ViewTabs[ViewVisualiser];
        if (r.Frame < ImGui::GetFrameCount() - 1) return false;
        *a = r.Min;
        *b = r.Max;
        return true;
    });
    AddWait("view Visualisointi is shown", 5.0, [app]() { return app->View == ViewVisualiser; });

    // R1, R9: the hotkey opens the panel with a fresh screenshot of the frame.
    AddKey("press F8", GLFW_KEY_F8);
    AddWait("panel opens", 10.0, [ctx]() {
        ImVec2 a, b;
        return ImContact::IsOpen(ctx) && ImContact::GetItemRect(ctx, "window", &a, &b) && ImContact::GetItemRect(ctx, "send", &a, &b);
    });
    AddWait("panel shows the screenshot", 10.0, [ctx]() {
        ImVec2 a, b;
        return ImContact::GetItemRect(ctx, "thumbnail", &a, &b);
    });

    // R2 type, R3 speed, R6 sub-application, R7 reference, R8 message
    AddClick("open the Tyyppi list", "type", Where::Panel);
    AddClick("choose Toimintahäiriö", "type:1", Where::Popup);
    AddClick("choose Normaalia nopeammin", "speed:1", Where::Panel);
    AddClick("open the Alisovellus list", "sub_application", Where::Panel);
    size_t report_index = subApplications_.size();   // "Raportti" is appended when the host does not list it
    for (size_t i = 0; i < subApplications_.size(); i++)
        if (subApplications_[i] == "Raportti") report_index = i;
    AddClick("choose Raportti", "sub_application:" + std::to_string(report_index + 1), Where::Popup);   // item 0 is "(none)"
    AddClick("focus the reference field", "reference", Where::Panel);
    AddType("type the reference", kReference);
    AddClick("focus the message field", "message", Where::Panel);
    AddType("type the message", kMessage);
    if (savePng_)
        Add("save the window as PNG", 10.0, [this]() {
            pngRequested_ = true;
            if (!pngDone_) return Status::Running;
            if (!pngOk_) error_ = pngError_;
            return pngOk_ ? Status::Done : Status::Failed;
        });

    // R10 send, R12 confirmation, R13 ticket number
    AddClick("press Lähetä yhteydenotto", "send", Where::Panel);
    Add("send starts", 5.0, [this, ctx]() {
        ImVec2 a, b;
        if (ImContact::IsSending(ctx) || ImContact::LastTicketNumber(ctx)[0] || ImContact::GetItemRect(ctx, "failure", &a, &b))
            return Status::Done;
        if (ImContact::GetItemRect(ctx, "why_disabled", &a, &b))
        {
            error_ = "the send button is disabled: the panel finds the form invalid";
            return Status::Failed;
        }
        return Status::Running;
    });
    Add("ticket number received", 30.0, [this, ctx]() {
        ImVec2 a, b;
        if (ImContact::LastTicketNumber(ctx)[0])
        {
            ticket_ = ImContact::LastTicketNumber(ctx);
            return ImContact::GetItemRect(ctx, "ticket", &a, &b) ? Status::Done : Status::Running;
        }
        if (!ImContact::IsSending(ctx) && ImContact::GetItemRect(ctx, "failure", &a, &b))
        {
            error_ = "the panel shows a send failure (see the window); is the receiver at the endpoint running?";
            return Status::Failed;
        }
        return Status::Running;
    });
    Add("ticket is in My requests (GetTickets)", 5.0, [this]() {
        const ImContact::LocalTicket* t = FindTicket();
        if (!t) return Status::Running;
        if (t->Type != "malfunction")
        {
            error_ = "the ticket's type is '" + t->Type + "', expected 'malfunction'";
            return Status::Failed;
        }
        checkedBefore_ = t->LastChecked;
        return Status::Done;
    });

    // R14 tracking
    AddClick("open the My requests tab", "tab:mine", Where::Panel);
    AddWait("My requests is shown", 5.0, [ctx]() {
        ImVec2 a, b;
        return ImContact::GetItemRect(ctx, "refresh", &a, &b);
    });
    AddClick("press Refresh", "refresh", Where::Panel);
    Add("status of the ticket is 'received'", 30.0, [this, ctx]() {
        if (refreshClickedAt_ == 0.0) refreshClickedAt_ = Now();
        const ImContact::LocalTicket* t = FindTicket();
        ImVec2 a, b;
        if (!t || !ImContact::GetItemRect(ctx, ("status:" + ticket_).c_str(), &a, &b)) return Status::Running;
        // A fetched status: LastChecked is set (or, when it was already set, changes or a moment passes).
        const bool fetched = !t->LastChecked.empty() && (checkedBefore_.empty() || t->LastChecked != checkedBefore_ || Now() - refreshClickedAt_ > 2.0);
        if (!fetched) return Status::Running;
        if (t->LastStatus != "received")
        {
            error_ = "status is '" + t->LastStatus + "', expected 'received'";
            return Status::Failed;
        }
        return Status::Done;
    });

    // The receiver's own view of the ticket (embedded receiver only).
    if (receiver_)
        AddCheck("ticket stored by the receiver, with the screenshot", [this]() {
            StoredTicket s;
            std::string err;
            if (!receiver_->LookUp(ticket_, &s, &err))
            {
                error_ = err;
                return false;
            }
            std::string wrong;
            if (s.Type != "malfunction") wrong += " type=" + s.Type;
            if (s.Speed != "faster") wrong += " speed=" + s.Speed;
            if (s.Application != ViewName(ViewVisualiser)) wrong += " application=" + s.Application;
            if (s.SubApplication != "Raportti") wrong += " sub_application=" + s.SubApplication;
            if (s.Reference != kReference) wrong += " reference=" + s.Reference;
            if (s.Message != kMessage) wrong += " message differs";
            if (s.Status != "received") wrong += " status=" + s.Status;
            if (!s.HasScreenshot || s.ScreenshotBytes == 0) wrong += " no screenshot";
            if (!wrong.empty()) error_ = "stored ticket differs:" + wrong;
            else std::fprintf(stderr, "[headless]   stored: %s, %s, %s / %s, screenshot %zu bytes, queue %s (+%zu)\n", s.Type.c_str(),
                              s.Speed.c_str(), s.Application.c_str(), s.SubApplication.c_str(), s.ScreenshotBytes,
                              s.PrimaryQueue.c_str(), s.QueueCount > 0 ? s.QueueCount - 1 : 0);
            return wrong.empty();
        });
}

// ---------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------

// True when the item lies inside the visible part of its window (the panel, or the open
// combo popup); otherwise scrolls that window one notch with the mouse wheel towards it.
bool HeadlessScript::ScrollIntoView(ImVec2 min, ImVec2 max, Where where)
{
    const ImGuiIO& io = ImGui::GetIO();
    const ImGuiStyle& style = ImGui::GetStyle();
    ImVec2 wa, wb;   // the visible area
    if (where == Where::Panel)
    {
        if (!ImContact::GetItemRect(contact_, "window", &wa, &wb)) return true;
        const float title = io.Fonts->Fonts.empty() ? 16.0f : io.Fonts->Fonts[0]->FontSize + style.FramePadding.y * 2.0f;
        wa.y += title;
        wb.y -= style.WindowPadding.y;
    }
    else if (where == Where::Popup)
    {
        // A combo scrolls its list to the selected item: the item wanted may be hidden above or below.
        const ImGuiContext& g = *ImGui::GetCurrentContext();
        if (g.OpenPopupStack.Size == 0 || !g.OpenPopupStack.back().Window) return false;   // not open yet
        const ImRect r = g.OpenPopupStack.back().Window->InnerClipRect;
        wa = r.Min;
        wb = r.Max;
    }
    else return true;
    const float top = std::max(wa.y, 0.0f);
    const float bottom = std::min(wb.y, io.DisplaySize.y);
    if (min.y >= top && max.y <= bottom) return true;
    const float x = where == Where::Panel ? wa.x + style.WindowPadding.x * 0.75f : (wa.x + wb.x) * 0.5f;
    mousePos_ = ImVec2(x, (top + bottom) * 0.5f);
    wheel_ = (max.y > bottom) ? -1.0f : 1.0f;
    return false;
}

HeadlessScript::Status HeadlessScript::Click(const RectFn& rect, Where where)
{
    if (cooldown_ > 0)
    {
        cooldown_--;
        return Status::Running;
    }
    switch (phase_)
    {
    case 0:
    {
        ImVec2 a, b;
        if (!rect(&a, &b)) return Status::Running;   // not drawn (yet)
        if (!ScrollIntoView(a, b, where))
        {
            cooldown_ = 2;
            return Status::Running;
        }
        mousePos_ = ImVec2((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);   // hover first
        mouseDown_ = false;
        phase_ = 1;
        return Status::Running;
    }
    case 1: mouseDown_ = true; phase_ = 2; return Status::Running;
    case 2: mouseDown_ = false; phase_ = 3; return Status::Running;
    case 3: phase_ = 4; return Status::Running;
    default: return Status::Done;
    }
}

void HeadlessScript::Inject()
{
    ImGuiIO& io = ImGui::GetIO();
#if IMGUI_VERSION_NUM >= 18700
    io.AddMousePosEvent(mousePos_.x, mousePos_.y);
    io.AddMouseButtonEvent(0, mouseDown_);
    if (wheel_ != 0.0f) io.AddMouseWheelEvent(0.0f, wheel_);
    if (keyDown_ == GLFW_KEY_F8) io.AddKeyEvent(ImGuiKey_F8, true);
    if (keyUp_ == GLFW_KEY_F8) io.AddKeyEvent(ImGuiKey_F8, false);
#else
    // imgui_impl_glfw (1.86) wrote the real cursor and buttons in its NewFrame; ours replace them.
    io.MousePos = mousePos_;
    io.MouseDown[0] = mouseDown_;
    io.MouseWheel += wheel_;
    if (keyDown_ >= 0 && keyDown_ < IM_ARRAYSIZE(io.KeysDown)) io.KeysDown[keyDown_] = true;
    if (keyUp_ >= 0 && keyUp_ < IM_ARRAYSIZE(io.KeysDown)) io.KeysDown[keyUp_] = false;
#endif
    if (!text_.empty()) io.AddInputCharactersUTF8(text_.c_str());
    wheel_ = 0.0f;
    keyDown_ = keyUp_ = -1;
    text_.clear();
}

void HeadlessScript::Fail(const std::string& why)
{
    std::fprintf(stderr, "[headless] FAILED at step %zu/%zu '%s': %s\n", current_ + 1, steps_.size(), steps_[current_].Name.c_str(),
                 why.c_str());
    if (error_.empty()) error_ = why;
    finished_ = true;
}

void HeadlessScript::WindowPngSaved(bool ok, const std::string& error)
{
    pngDone_ = true;
    pngOk_ = ok;
    pngError_ = error;
}

void HeadlessScript::BeforeNewFrame()
{
    if (finished_)
    {
        Inject();
        return;
    }
    const double now = Now();
    if (sessionStart_ < 0.0) sessionStart_ = now;
    frames_++;
    if (stepStart_ < 0.0)
    {
        stepStart_ = now;
        phase_ = 0;
        cooldown_ = 0;
    }
    Step& step = steps_[current_];
    const Status st = step.Tick();
    if (st == Status::Failed)
        Fail(error_.empty() ? "check failed" : error_);
    else if (st == Status::Done)
    {
        std::fprintf(stderr, "[headless] %2zu/%zu ok   %s (%.2f s)\n", current_ + 1, steps_.size(), step.Name.c_str(), now - stepStart_);
        stepStart_ = -1.0;
        if (++current_ == steps_.size())
        {
            finished_ = true;
            std::fprintf(stderr, "[headless] all steps passed in %.1f s\n", now - sessionStart_);
        }
    }
    else if (now - stepStart_ > step.Timeout)
    {
        char buf[96];
        std::snprintf(buf, sizeof(buf), "timed out after %.0f s", step.Timeout);
        Fail(error_.empty() ? buf : error_ + " (" + buf + ")");
    }
    Inject();
}

} // namespace Demo
