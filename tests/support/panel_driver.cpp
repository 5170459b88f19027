#include "panel_driver.h"

#include <chrono>
#include <cstdio>

namespace ImContactTest
{

double Seconds()
{
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

PanelDriver::PanelDriver(ImContact::Context* contact, std::string log_prefix) : contact_(contact), prefix_(std::move(log_prefix)) {}

// ---------------------------------------------------------------------------
// Step builders
// ---------------------------------------------------------------------------

void PanelDriver::Add(const std::string& name, double timeout, std::function<Status()> tick)
{
    steps_.push_back({ name, timeout, std::move(tick) });
}

void PanelDriver::AddWait(const std::string& name, double timeout, std::function<bool()> condition)
{
    Add(name, timeout, [condition]() { return condition() ? Status::Done : Status::Running; });
}

void PanelDriver::AddCheck(const std::string& name, std::function<bool()> check)
{
    Add(name, 5.0, [check]() { return check() ? Status::Done : Status::Failed; });
}

void PanelDriver::AddClick(const std::string& name, const std::string& key, int search_first)
{
    ImContact::Context* ctx = contact_;
    RectFn rect = [ctx, key](ImVec2* a, ImVec2* b) { return ImContact::GetItemRect(ctx, key.c_str(), a, b); };
    Add(name + " [" + key + "]", 15.0, [this, rect, key, search_first]() { return Click(rect, key, search_first); });
}

void PanelDriver::AddClickRect(const std::string& name, RectFn rect)
{
    Add(name, 10.0, [this, rect]() { return Click(rect, std::string(), -1); });
}

void PanelDriver::AddDrag(const std::string& name, const std::string& key, ImVec2 from, ImVec2 to)
{
    ImContact::Context* ctx = contact_;
    RectFn rect = [ctx, key](ImVec2* a, ImVec2* b) { return ImContact::GetItemRect(ctx, key.c_str(), a, b); };
    AddDragRect(name + " [" + key + "]", rect, from, to);
}

void PanelDriver::AddDragRect(const std::string& name, RectFn rect, ImVec2 from, ImVec2 to)
{
    Add(name, 10.0, [this, rect, from, to]() {
        ImVec2 a, b;
        if (!rect(&a, &b)) return phase_ == 0 ? Status::Running : Fail("the widget went away");
        auto at = [&](float t) {   // t = 0: 'from', 1: 'to'
            const float fx = from.x + (to.x - from.x) * t, fy = from.y + (to.y - from.y) * t;
            return ImVec2(a.x + (b.x - a.x) * fx, a.y + (b.y - a.y) * fy);
        };
        const int steps = 4;   // frames of movement with the button held
        if (phase_ == 0) { mousePos_ = at(0.0f); mouseDown_ = false; }
        else if (phase_ == 1) mouseDown_ = true;
        else if (phase_ <= 1 + steps) mousePos_ = at(static_cast<float>(phase_ - 1) / steps);
        else if (phase_ == 2 + steps) mouseDown_ = false;
        else if (phase_ > 3 + steps) return Status::Done;
        phase_++;
        return Status::Running;
    });
}

void PanelDriver::AddReveal(const std::string& name, const std::string& key, int search_first)
{
    Add(name + " [" + key + "]", 15.0, [this, key, search_first]() {
        ImVec2 a, b;
        return Reveal(key, search_first, &a, &b) ? Status::Done : Status::Running;
    });
}

void PanelDriver::AddKey(const std::string& name, ImContact::HotkeyCode key)
{
    Add(name, 5.0, [this, key]() {
        switch (phase_++)
        {
        case 0: key_ = key; keyPending_ = true; keyIsDown_ = true; return Status::Running;
        case 1: key_ = key; keyPending_ = true; keyIsDown_ = false; return Status::Running;
        default: return Status::Done;
        }
    });
}

void PanelDriver::AddType(const std::string& name, const std::string& utf8)
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

PanelDriver::Status PanelDriver::Fail(const std::string& why)
{
    if (error_.empty()) error_ = why;
    return Status::Failed;
}

// ---------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------

// GetItemRect() knows only what is visible. For a widget scrolled out of view, turns
// the mouse wheel one notch where it should bring the widget in: over a visible item of
// the same list ("type:3" for ImContact::ItemKeyIndexed(ImContact::ItemKey::Type, 1): upwards), else over the panel, searching its form
// in one direction first, then the other.
bool PanelDriver::ScrollTowards(const std::string& key, int search_first)
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
bool PanelDriver::Reveal(const std::string& key, int search_first, ImVec2* min, ImVec2* max)
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
int PanelDriver::OutsideForm(const std::string& key, ImVec2 min, ImVec2 max) const
{
    static const char* const kOutsideForm[] = { ImContact::ItemKey::Send, ImContact::ItemKey::Cancel, ImContact::ItemKey::Progress, ImContact::ItemKey::WhyDisabled, ImContact::ItemKey::TabNew, ImContact::ItemKey::TabMine,
                                                ImContact::ItemKey::Language, ImContact::ItemKey::Window, ImContact::ItemKey::Envelope, ImContact::ItemKey::MenuItem };
    for (const char* k : kOutsideForm)
        if (key == k) return 0;
    if (key.find(':') != std::string::npos) return 0;   // list items (ImContact::ItemKeyIndexed(ImContact::ItemKey::Type, 1)) live in popups
    if (key.rfind("editor", 0) == 0) return 0;          // the screenshot editor's own window (ItemKey::Editor...)
    ImVec2 ta, tb, sa, sb;
    if (!ImContact::GetItemRect(contact_, ImContact::ItemKey::TabNew, &ta, &tb) || !ImContact::GetItemRect(contact_, ImContact::ItemKey::Send, &sa, &sb)) return 0;
    if (min.y < tb.y) return -1;
    if (max.y > sa.y) return 1;
    return 0;
}

PanelDriver::Status PanelDriver::Click(const RectFn& rect, const std::string& key, int search_first)
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

void PanelDriver::Inject()
{
    ImGuiIO& io = ImGui::GetIO();
#if IMGUI_VERSION_NUM >= 18700
    // Queued after the backend's own events of this frame, so ours win.
    io.AddMousePosEvent(mousePos_.x, mousePos_.y);
    io.AddMouseButtonEvent(0, mouseDown_);
    if (wheel_ != 0.0f) io.AddMouseWheelEvent(0.0f, wheel_);
    if (keyPending_) io.AddKeyEvent(key_, keyIsDown_);
#else
    // 1.86's backends write the real cursor and buttons in their NewFrame; ours replace them.
    io.MousePos = mousePos_;
    io.MouseDown[0] = mouseDown_;
    io.MouseWheel += wheel_;
    if (keyPending_ && key_ >= 0 && key_ < IM_ARRAYSIZE(io.KeysDown)) io.KeysDown[key_] = keyIsDown_;
#endif
    if (!text_.empty()) io.AddInputCharactersUTF8(text_.c_str());
    wheel_ = 0.0f;
    keyPending_ = false;
    text_.clear();
}

void PanelDriver::Abort(const std::string& why)
{
    std::fprintf(stderr, "%s FAILED at step %zu/%zu '%s': %s\n", prefix_.c_str(), current_ + 1, steps_.size(),
                 steps_[current_].Name.c_str(), why.c_str());
    if (error_.empty()) error_ = why;
    finished_ = true;
}

void PanelDriver::BeforeNewFrame()
{
    if (finished_ || steps_.empty())
    {
        finished_ = true;
        Inject();
        return;
    }
    const double now = Seconds();
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
        Abort(error_.empty() ? "check failed" : error_);
    else if (st == Status::Done)
    {
        std::fprintf(stderr, "%s %2zu/%zu ok   %s (%.2f s)\n", prefix_.c_str(), current_ + 1, steps_.size(), step.Name.c_str(),
                     now - stepStart_);
        stepStart_ = -1.0;
        if (++current_ == steps_.size())
        {
            finished_ = true;
            std::fprintf(stderr, "%s all steps passed in %.1f s\n", prefix_.c_str(), now - sessionStart_);
        }
    }
    else if (now - stepStart_ > step.Timeout)
    {
        char buf[96];
        std::snprintf(buf, sizeof(buf), "timed out after %.0f s", step.Timeout);
        Abort(error_.empty() ? buf : error_ + " (" + buf + ")");
    }
    Inject();
}

} // namespace ImContactTest
