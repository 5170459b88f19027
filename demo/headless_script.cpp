#include "headless_script.h"

#include "receiver_embed.h"

#include <GLFW/glfw3.h>

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

void HeadlessScript::AddClick(const std::string& name, const std::string& key, int search_first)
{
    ImContact::Context* ctx = contact_;
    RectFn rect = [ctx, key](ImVec2* a, ImVec2* b) { return ImContact::GetItemRect(ctx, key.c_str(), a, b); };
    Add(name + " [" + key + "]", 15.0, [this, rect, key, search_first]() { return Click(rect, key, search_first); });
}

void HeadlessScript::AddClickRect(const std::string& name, RectFn rect)
{
    Add(name, 10.0, [this, rect]() { return Click(rect, std::string(), -1); });
}

void HeadlessScript::AddReveal(const std::string& name, const std::string& key, int search_first)
{
    Add(name + " [" + key + "]", 15.0, [this, key, search_first]() {
        ImVec2 a, b;
        return Reveal(key, search_first, &a, &b) ? Status::Done : Status::Running;
    });
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

// A widget of the host UI, as recorded in AppState in the last frame.
HeadlessScript::RectFn HeadlessScript::HostRect(const ScreenRect* r)
{
    return [r](ImVec2* a, ImVec2* b) {
        if (r->Frame < ImGui::GetFrameCount() - 1) return false;
        *a = r->Min;
        *b = r->Max;
        return true;
    };
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
    AddClickRect("switch to the view Visualisointi", HostRect(&app->ViewTabs[ViewVisualiser]));
    AddWait("view Visualisointi is shown", 5.0, [app]() { return app->View == ViewVisualiser; });

    // R1, R9: the hotkey opens the panel with a fresh screenshot of the frame.
    AddKey("press F8", GLFW_KEY_F8);
    AddWait("panel opens", 10.0, [ctx]() {
        ImVec2 a, b;
        return ImContact::IsOpen(ctx) && ImContact::GetItemRect(ctx, ImContact::ItemKey::Window, &a, &b) && ImContact::GetItemRect(ctx, ImContact::ItemKey::Send, &a, &b);
    });
    AddReveal("panel shows the screenshot", ImContact::ItemKey::Thumbnail);

    // R5: the panel's "change own details" opens the host's "Omat tiedot" (Config::OnChangeDetails).
    AddClick("press Muuta omia tietoja", ImContact::ItemKey::ChangeDetails, +1);   // above the screenshot: search upwards
    AddWait("Omat tiedot opens", 5.0, [app]() { return app->ShowOwnDetails; });
    AddClickRect("close Omat tiedot (Peruuta)", HostRect(&app->OwnDetailsCancel));
    AddWait("Omat tiedot closes", 5.0, [app]() { return !app->ShowOwnDetails; });

    // R2 type, R3 speed, R6 sub-application, R7 reference, R8 message
    AddClick("open the Tyyppi list", ImContact::ItemKey::Type, +1);   // the top of the form
    AddClick("choose Toimintahäiriö", ImContact::ItemKeyIndexed(ImContact::ItemKey::Type, 1));
    AddClick("choose Normaalia nopeammin", ImContact::ItemKeyIndexed(ImContact::ItemKey::Speed, 1));
    AddClick("open the Alisovellus list", ImContact::ItemKey::SubApplication);
    size_t report_index = subApplications_.size();   // "Raportti" is appended when the host does not list it
    for (size_t i = 0; i < subApplications_.size(); i++)
        if (subApplications_[i] == "Raportti") report_index = i;
    AddClick("choose Raportti", ImContact::ItemKeyIndexed(ImContact::ItemKey::SubApplication, report_index + 1));   // item 0 is "(none)"
    AddClick("focus the reference field", ImContact::ItemKey::Reference);
    AddType("type the reference", kReference);
    AddClick("focus the message field", ImContact::ItemKey::Message);
    AddType("type the message", kMessage);
    if (savePng_)
        Add("save the window as PNG", 10.0, [this]() {
            pngRequested_ = true;
            if (!pngDone_) return Status::Running;
            if (!pngOk_) error_ = pngError_;
            return pngOk_ ? Status::Done : Status::Failed;
        });

    // R10 send, R12 confirmation, R13 ticket number
    AddClick("press Lähetä yhteydenotto", ImContact::ItemKey::Send);
    Add("send starts", 5.0, [this, ctx]() {
        ImVec2 a, b;
        if (ImContact::IsSending(ctx) || ImContact::LastTicketNumber(ctx)[0] || ImContact::GetItemRect(ctx, ImContact::ItemKey::Failure, &a, &b))
            return Status::Done;
        if (ImContact::GetItemRect(ctx, ImContact::ItemKey::WhyDisabled, &a, &b))
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
            return ImContact::GetItemRect(ctx, ImContact::ItemKey::Ticket, &a, &b) ? Status::Done : Status::Running;
        }
        if (!ImContact::IsSending(ctx) && ImContact::GetItemRect(ctx, ImContact::ItemKey::Failure, &a, &b))
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
    AddClick("open the My requests tab", ImContact::ItemKey::TabMine);
    AddWait("My requests is shown", 5.0, [ctx]() {
        ImVec2 a, b;
        return ImContact::GetItemRect(ctx, ImContact::ItemKey::Refresh, &a, &b);
    });
    AddClick("press Refresh", ImContact::ItemKey::Refresh);
    Add("status of the ticket is 'received'", 30.0, [this, ctx]() {
        if (statusWaitStart_ == 0.0) statusWaitStart_ = Now();
        const ImContact::LocalTicket* t = FindTicket();
        ImVec2 a, b;
        if (!t || !ImContact::GetItemRect(ctx, ImContact::ItemKeyFor(ImContact::ItemKey::Status, ticket_).c_str(), &a, &b)) return Status::Running;
        // A fetched status: LastChecked is set (or, when it was already set, changes or a moment passes).
        const bool fetched = !t->LastChecked.empty() && (checkedBefore_.empty() || t->LastChecked != checkedBefore_ || Now() - statusWaitStart_ > 2.0);
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
            if (s.QueueCount < 2) wrong += " not seen by both customer service and maintenance (R11)";
            if (!s.HasScreenshot || s.ScreenshotBytes == 0) wrong += " no screenshot";
            if (!wrong.empty()) error_ = "stored ticket differs:" + wrong;
            else std::fprintf(stderr, "[headless]   stored: %s, %s, %s / %s, screenshot %zu bytes, %zu queues (primary %s)\n",
                              s.Type.c_str(), s.Speed.c_str(), s.Application.c_str(), s.SubApplication.c_str(), s.ScreenshotBytes,
                              s.QueueCount, s.PrimaryQueue.c_str());
            return wrong.empty();
        });
}

// ---------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------

// GetItemRect() knows only what is visible. For a widget scrolled out of view, turns
// the mouse wheel one notch where it should bring the widget in: over a visible item of
// the same list ("type:3" for "type:1": upwards), else over the panel, searching its form
// in one direction first, then the other.
bool HeadlessScript::ScrollTowards(const std::string& key, int search_first)
{
    ImVec2 a, b;
    const size_t colon = key.rfind(':');
    const std::string index = colon == std::string::npos ? std::string() : key.substr(colon + 1);
    if (!index.empty() && index.size() < 4 && index.find_first_not_of("0123456789") == std::string::npos)
    {
        const int wanted = std::stoi(index);
        for (int i = 0; i < 64; i++)
            if (i != wanted && ImContact::GetItemRect(contact_, (key.substr(0, colon + 1) + std::to_string(i)).c_str(), &a, &b))
            {
                mousePos_ = ImVec2((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
                wheel_ = i > wanted ? 1.0f : -1.0f;
                return true;
            }
    }
    if (!ImContact::GetItemRect(contact_, ImContact::ItemKey::Window, &a, &b)) return false;
    mousePos_ = ImVec2((a.x + b.x) * 0.5f, a.y + (b.y - a.y) * 0.45f);
    const float first = search_first < 0 ? -1.0f : 1.0f;
    wheel_ = notches_ < 20 ? first : -first;
    notches_ = (notches_ + 1) % 60;
    return true;
}

// True once the panel widget is drawn; until then scrolls towards it now and then.
bool HeadlessScript::Reveal(const std::string& key, int search_first, ImVec2* min, ImVec2* max)
{
    if (cooldown_ > 0)
    {
        cooldown_--;
        return false;
    }
    if (ImContact::GetItemRect(contact_, key.c_str(), min, max))
    {
        const int outside = OutsideForm(key, *min, *max);
        if (outside == 0) return true;
        // Reported although scrolled out of view (see OutsideForm): scroll towards it.
        ImVec2 wa, wb;
        if (!ImContact::GetItemRect(contact_, ImContact::ItemKey::Window, &wa, &wb)) return false;
        mousePos_ = ImVec2((wa.x + wb.x) * 0.5f, wa.y + (wb.y - wa.y) * 0.45f);
        wheel_ = outside < 0 ? 1.0f : -1.0f;
        cooldown_ = 2;
        return false;
    }
    if (++missingFrames_ > 2 && ScrollTowards(key, search_first)) cooldown_ = 2;
    return false;
}

// The panel's combo boxes ("type", "application", "sub_application") report their rect
// even while the form has scrolled them out of view. Checks a form widget against the
// form's visible band, between the tab bar and the fixed send row: -1 above it, +1
// below it, 0 inside (or not a form widget, or no form drawn).
int HeadlessScript::OutsideForm(const std::string& key, ImVec2 min, ImVec2 max) const
{
    static const char* const kOutsideForm[] = { ImContact::ItemKey::Send, ImContact::ItemKey::Cancel, ImContact::ItemKey::Progress, ImContact::ItemKey::WhyDisabled, ImContact::ItemKey::TabNew, ImContact::ItemKey::TabMine,
                                                ImContact::ItemKey::Language, ImContact::ItemKey::Window, ImContact::ItemKey::Envelope, ImContact::ItemKey::MenuItem };
    for (const char* k : kOutsideForm)
        if (key == k) return 0;
    if (key.find(':') != std::string::npos) return 0;   // list items ("type:1") live in popups
    ImVec2 ta, tb, sa, sb;
    if (!ImContact::GetItemRect(contact_, ImContact::ItemKey::TabNew, &ta, &tb) || !ImContact::GetItemRect(contact_, ImContact::ItemKey::Send, &sa, &sb)) return 0;
    if (min.y < tb.y) return -1;
    if (max.y > sa.y) return 1;
    return 0;
}

HeadlessScript::Status HeadlessScript::Click(const RectFn& rect, const std::string& key, int search_first)
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
        // Not drawn (yet), or scrolled out of view: after a moment, scroll to find it.
        if (!(key.empty() ? rect(&a, &b) : Reveal(key, search_first, &a, &b))) return Status::Running;
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
        missingFrames_ = 0;
        notches_ = 0;
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
