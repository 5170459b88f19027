// The panel by keyboard (issue 8, points 3, 9, 13 and 14): Tab / Shift+Tab visit every
// control in reading order (with and without the host's ImGuiConfigFlags_NavEnableKeyboard),
// Enter activates the focused control, Ctrl+Enter sends from the message, the focus lands on
// the outcome; no error before the user tried to send or left a field, a failed send marks
// the fields and focuses the first; Escape with a combo's list open closes only the list; the
// ticket number shows once and can be copied; short key taps. Input goes in as a backend
// reports it (support/panel_host.h), to the real receiver.
#include "support/panel_host.h"
#include "panel_widgets.h"   // FieldMarked, ConfirmationWithoutTicket

#include <imgui_internal.h>   // GetFocusID / GetActiveID: where ImGui's own keyboard focus is

#include <algorithm>
#include <string>
#include <vector>

using namespace ImContactPanelTest;

namespace
{

// The keys a keyboard backend reports, beyond panel_host.h's: 1.86 by the backend's own
// codes (GLFW's here) through io.KeyMap and io.KeyShift/KeyCtrl, 1.87+ as named key events.
#if IMGUI_VERSION_NUM >= 18700
constexpr HotkeyCode kKeyTab = ImGuiKey_Tab;
constexpr HotkeyCode kKeyEnter = ImGuiKey_Enter;
constexpr HotkeyCode kKeySpace = ImGuiKey_Space;
constexpr HotkeyCode kKeyC = ImGuiKey_C;
constexpr HotkeyCode kKeyDown = ImGuiKey_DownArrow;
#if IMGUI_VERSION_NUM >= 18900
constexpr ImGuiKey kModShift = ImGuiMod_Shift, kModCtrl = ImGuiMod_Ctrl;
#else
constexpr ImGuiKey kModShift = ImGuiKey_ModShift, kModCtrl = ImGuiKey_ModCtrl;
#endif
void SetShift(bool down) { ImGui::GetIO().AddKeyEvent(kModShift, down); }
void SetCtrl(bool down) { ImGui::GetIO().AddKeyEvent(kModCtrl, down); }
void MapKeys() {}
#else
constexpr HotkeyCode kKeyTab = 258;     // GLFW_KEY_TAB
constexpr HotkeyCode kKeyEnter = 257;   // GLFW_KEY_ENTER
constexpr HotkeyCode kKeySpace = 32;    // GLFW_KEY_SPACE
constexpr HotkeyCode kKeyC = 67;        // GLFW_KEY_C
constexpr HotkeyCode kKeyDown = 264;    // GLFW_KEY_DOWN
void SetShift(bool down) { ImGui::GetIO().KeyShift = down; }
void SetCtrl(bool down) { ImGui::GetIO().KeyCtrl = down; }
void MapKeys()
{
    ImGuiIO& io = ImGui::GetIO();
    io.KeyMap[ImGuiKey_Tab] = kKeyTab;
    io.KeyMap[ImGuiKey_Enter] = kKeyEnter;
    io.KeyMap[ImGuiKey_Space] = kKeySpace;
    io.KeyMap[ImGuiKey_C] = kKeyC;
    io.KeyMap[ImGuiKey_DownArrow] = kKeyDown;
}
#endif

// A host that also has Tab, Enter, Space and C; 'nav' = the host enables ImGui's keyboard navigation.
struct KeyHost : Host
{
    KeyHost(const Config& cfg, bool nav) : Host(cfg)
    {
        MapKeys();
        if (nav) ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    }
    void Tab(bool shift = false)
    {
        if (shift) Frame([] { SetShift(true); });
        PressKey(kKeyTab);
        if (shift) Frame([] { SetShift(false); });
        Frame();   // the focus moves when its control is next drawn
    }
    void CtrlKey(HotkeyCode key)
    {
        Frame([] { SetCtrl(true); });
        PressKey(key);
        Frame([] { SetCtrl(false); });
    }
    // The tab stop that has ImGui's keyboard focus (NavId), or "" (none of the panel's).
    std::string Focused() const
    {
        const ImGuiID id = ImGui::GetFocusID();
        for (const auto& s : Contact->Nav.Last)
            if (s.Id == id && id != 0) return s.Key;
        return "";
    }
    // ImGui draws its focus rectangle (1.91.4 renamed NavDisableHighlight to !NavCursorVisible).
    static bool CursorShown()
    {
#if IMGUI_VERSION_NUM >= 19140
        return GImGui->NavCursorVisible;
#else
        return !GImGui->NavDisableHighlight;
#endif
    }
    // The ImGui id of a tab stop drawn last frame (0: not drawn).
    ImGuiID StopId(const std::string& key) const
    {
        for (const auto& s : Contact->Nav.Last)
            if (s.Key == key) return s.Id;
        return 0;
    }
};

// A form with every kind of control: a screenshot (attach, thumbnail, retake, remove), the
// host's "change details" button, one host file under "Mitä lähetetään".
Config EveryControl(Fixture& fx)
{
    Config cfg = fx.Cfg;
    cfg.OnChangeDetails = [](void*) {};
    cfg.Attachments.push_back(AttachmentSource::Callback("app.log", "text/plain", [](std::vector<uint8_t>* out, std::string*) {
        out->assign(3, 'x');
        return true;
    }));
    return cfg;
}

void InstallShot(Host& h)
{
    RgbaImage img;
    img.Width = 64;
    img.Height = 40;
    img.Pixels.assign(static_cast<size_t>(img.Width) * img.Height * 4, 200);
    InstallScreenshot(h.Contact, std::make_shared<RgbaImage>(img));
    h.Frames(2);
}

const std::vector<std::string>& ReadingOrder()
{
    static const std::vector<std::string> order = {
        ItemKey::Language, ItemKey::TabNew, ItemKey::TabMine, ItemKey::Type, ItemKeyIndexed(ItemKey::Speed, 0), ItemKeyIndexed(ItemKey::Speed, 1), ItemKey::ChangeDetails,
        ItemKey::Application, ItemKey::SubApplication, ItemKey::Reference, ItemKey::Message,
        ItemKey::Attach, ItemKey::Thumbnail, ItemKey::Retake, ItemKey::Remove, ItemKey::WhatIsSent,
        ItemKeyIndexed(ItemKey::AttachmentCheck, 0), ItemKey::Send,
    };
    return order;
}

} // namespace

TEST_CASE("Tab and Shift+Tab visit every control of the form in reading order, read-only fields not", "[panel][keyboard]")
{
    for (const bool nav : { false, true })
    {
        INFO("host's ImGuiConfigFlags_NavEnableKeyboard: " << nav);
        Fixture fx;
        KeyHost h(EveryControl(fx), nav);
        h.OpenWithHotkey();
        REQUIRE(h.Open);
        InstallShot(h);
        REQUIRE(h.Reveal(ItemKey::WhatIsSent));
        h.Click(ItemKey::WhatIsSent);   // open, so that the host's file's checkbox is drawn
        REQUIRE(h.Reveal(ItemKeyIndexed(ItemKey::AttachmentCheck, 0).c_str()));
        h.Mouse = ImVec2(-1, -1);
        h.Frame();
        // From the open header (clicked: ImGui's focus is on it) onwards, then round.
        const std::vector<std::string>& order = ReadingOrder();
        const auto start = std::find(order.begin(), order.end(), std::string(ItemKey::WhatIsSent)) - order.begin();
        std::vector<std::string> seen, expected;
        for (size_t i = 1; i <= order.size(); ++i)
        {
            h.Tab();
            seen.push_back(h.Focused());
            expected.push_back(order[(static_cast<size_t>(start) + i) % order.size()]);
        }
        CHECK(seen == expected);
        // Backwards, round past the type combo to the send button and up the form.
        REQUIRE(h.Focused() == ItemKey::WhatIsSent);
        seen.clear();
        expected.clear();
        for (size_t i = 1; i <= order.size() + 2; ++i)
        {
            h.Tab(true);
            seen.push_back(h.Focused());
            expected.push_back(order[(static_cast<size_t>(start) + order.size() * 2 - i) % order.size()]);
        }
        CHECK(seen == expected);
        // The host's read-only values are no stops.
        CHECK(h.StopId(ItemKey::Organisation) == 0);
        CHECK(h.StopId(ItemKey::Email) == 0);
        CHECK(h.Contact->Organisation == "Esimerkki Oy");
    }
}

TEST_CASE("the tabs and the language switch are Tab stops; Enter opens a tab and switches the language", "[panel][keyboard]")
{
    for (const bool nav : { false, true })
    {
        INFO("host's ImGuiConfigFlags_NavEnableKeyboard: " << nav);
        Fixture fx;
        KeyHost h(fx.Cfg, nav);
        h.OpenWithHotkey();
        REQUIRE(h.Open);
        for (int i = 0; i < 8 && h.Focused() != ItemKey::TabMine; ++i) h.Tab();
        REQUIRE(h.Focused() == ItemKey::TabMine);
        h.PressKey(kKeyEnter);
        h.Frames(2);
        CHECK(h.Contact->Tab == 1);                      // My requests
        ImVec2 c;
        CHECK(h.Rect(ItemKey::Refresh, &c));
        for (int i = 0; i < 8 && h.Focused() != ItemKey::Language; ++i) h.Tab(true);
        REQUIRE(h.Focused() == ItemKey::Language);
        h.PressKey(kKeyEnter);
        h.Frames(2);
        CHECK(h.Contact->Lang == Language::English);
    }
}

TEST_CASE("My requests: Tab reaches refresh, the look-up field and button, and each ticket's row; Enter opens a row", "[panel][keyboard]")
{
    for (const bool nav : { false, true })
    {
        INFO("host's ImGuiConfigFlags_NavEnableKeyboard: " << nav);
        Fixture fx;
        KeyHost h(fx.Cfg, nav);
        SendFilledForm(h);
        REQUIRE(h.FramesUntil([&] { return LastTicketNumber(h.Contact)[0] != 0; }));
        const std::string ticket = LastTicketNumber(h.Contact);
        h.Click(ItemKey::TabMine);
        REQUIRE(h.FramesUntil([&] { return !GetTickets(h.Contact).empty(); }));
        h.Mouse = ImVec2(-1, -1);
        h.Frame();
        std::vector<std::string> seen;
        for (int i = 0; i < 7; ++i)
        {
            h.Tab();
            seen.push_back(h.Focused());
        }
        // from the clicked tab onwards, then round to the language switch
        const std::vector<std::string> expected = { ItemKey::Refresh, ItemKey::Lookup, ItemKey::LookupButton,
                                                    ItemKeyFor(ItemKey::Row, ticket), ItemKey::Language, ItemKey::TabNew,
                                                    ItemKey::TabMine };
        CHECK(seen == expected);
        h.Contact->LookupTicket.clear();
        while (h.Focused() != ItemKeyFor(ItemKey::Row, ticket) && seen.size() < 20)
        {
            h.Tab();
            seen.push_back(h.Focused());
        }
        REQUIRE(h.Focused() == ItemKeyFor(ItemKey::Row, ticket));
        h.PressKey(kKeyEnter);
        h.Frames(2);
        CHECK(h.Contact->LookupTicket == ticket);   // its detail and history are shown
    }
}

TEST_CASE("a text field reached by Tab takes the typing; Tab leaves it with its text", "[panel][keyboard]")
{
    Fixture fx;
    KeyHost h(fx.Cfg, false);
    h.OpenWithHotkey();
    // From the open panel (ImGui puts the window's focus on its first item, the language
    // switch): the tabs, then the form's controls, never the read-only organisation and email.
    std::vector<std::string> seen;
    for (int i = 0; i < 8; ++i)
    {
        h.Tab();
        seen.push_back(h.Focused());
    }
    const std::vector<std::string> expected = { ItemKey::TabNew, ItemKey::TabMine, ItemKey::Type, ItemKeyIndexed(ItemKey::Speed, 0), ItemKeyIndexed(ItemKey::Speed, 1),
                                                ItemKey::Application, ItemKey::SubApplication, ItemKey::Reference };
    REQUIRE(seen == expected);
    CHECK(ImGui::GetActiveID() == h.StopId(ItemKey::Reference));   // active for typing
    h.Type("LASKU-7");
    h.Tab();
    CHECK(h.Focused() == ItemKey::Message);
    h.Type("Raportti ei tulostu lainkaan.");
    CHECK(h.Contact->Draft.Reference == "LASKU-7");
    CHECK(h.Contact->Draft.Message == "Raportti ei tulostu lainkaan.");
}

TEST_CASE("Enter and Space activate the focused control: tick, radio, combo, and Enter on Send delivers", "[panel][keyboard]")
{
    for (const bool nav : { false, true })
    {
        INFO("host's ImGuiConfigFlags_NavEnableKeyboard: " << nav);
        Fixture fx;
        KeyHost h(EveryControl(fx), nav);
        h.OpenWithHotkey();
        InstallShot(h);
        auto tab_to = [&](const char* key) {
            for (int i = 0; i < 30 && h.Focused() != key; ++i) h.Tab();
            REQUIRE(h.Focused() == key);
        };
        tab_to(ItemKeyIndexed(ItemKey::Speed, 1).c_str());
        h.PressKey(kKeyEnter);
        h.Frames(1);
        CHECK(h.Contact->Draft.Speed == ProcessingSpeed::Faster);
        tab_to(ItemKey::Attach);
        CHECK((KeyHost::CursorShown() || h.Contact->Nav.Outline));   // the focused checkbox is outlined (ImGui's or the panel's)
        REQUIRE(h.Contact->AttachScreenshot);
        h.PressKey(kKeySpace);   // ImGui's own key when nav is on: toggled once, not twice
        h.Frames(1);
        CHECK_FALSE(h.Contact->AttachScreenshot);
        h.PressKey(kKeyEnter);
        h.Frames(1);
        CHECK(h.Contact->AttachScreenshot);
        // The type combo opens on Enter; Down and Enter pick the next entry (ImGui's own keys
        // with navigation, the panel's without); Escape closes the list only.
        tab_to(ItemKey::Type);
        const int type_before = static_cast<int>(h.Contact->Draft.Type);
        REQUIRE(type_before + 1 < ContactTypeCount);
        h.PressKey(kKeyEnter);
        h.Frames(1);
        REQUIRE(ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel));
        h.PressKey(kKeyDown);
        h.PressKey(kKeyEnter);
        h.Frames(2);
        CHECK(static_cast<int>(h.Contact->Draft.Type) == type_before + 1);
        CHECK_FALSE(ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel));
        REQUIRE(h.Focused() == ItemKey::Type);
        h.PressKey(kKeyEnter);
        h.Frames(1);
        REQUIRE(ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel));
        h.PressKey(kKeyEscape);
        h.Frames(1);
        CHECK_FALSE(ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel));
        REQUIRE(h.Open);
        FillValidForm(h);
        tab_to(ItemKey::Send);
        h.PressKey(kKeyEnter);
        REQUIRE(h.FramesUntil([&] { return std::string(LastTicketNumber(h.Contact)).size() == 9; }));
        h.Frames(2);
        // The focus is on the outcome: the number, active and selected; Tab: copy, new contact.
        CHECK(h.Focused() == ItemKey::Ticket);
        CHECK(ImGui::GetActiveID() == h.StopId(ItemKey::Ticket));
        h.Tab();
        CHECK(h.Focused() == ItemKey::Copy);
        h.PressKey(kKeyEnter);
        h.Frames(1);
        CHECK(h.Contact->CopiedTicket);
        h.Tab();
        CHECK(h.Focused() == ItemKey::NewContact);
    }
}

TEST_CASE("the ticket number shows once, selected when the outcome opens, and Ctrl+C copies it", "[panel][keyboard]")
{
    Fixture fx;
    KeyHost h(fx.Cfg, false);
    SendFilledForm(h);
    REQUIRE(h.FramesUntil([&] { return std::string(LastTicketNumber(h.Contact)).size() == 9; }));
    h.Frames(2);
    const std::string ticket = LastTicketNumber(h.Contact);
    // The receiver's own confirmation names the number ("... Tikettinumero: X"): shown without it.
    REQUIRE(h.Contact->LastReceipt.Confirmation.find(ticket) != std::string::npos);
    CHECK(ConfirmationWithoutTicket(h.Contact->Lang, h.Contact->LastReceipt.Confirmation, ticket) == "Viestisi on vastaanotettu.");
    CHECK(ConfirmationWithoutTicket(Language::Finnish, "Kiitos! Viitteesi on " + ticket + ".", ticket) == "Viestisi on vastaanotettu.");
    CHECK(ConfirmationWithoutTicket(Language::English, "Thanks.", ticket) == "Thanks.");
    ImGui::SetClipboardText("");
    REQUIRE(ImGui::GetActiveID() == h.StopId(ItemKey::Ticket));
    h.CtrlKey(kKeyC);   // the field selected everything when it took the focus
    REQUIRE(ImGui::GetClipboardText() != nullptr);
    CHECK(std::string(ImGui::GetClipboardText()) == ticket);
    CHECK(std::string(LastTicketNumber(h.Contact)) == ticket);   // read-only: nothing typed changes it
}

TEST_CASE("saved for later (receiver down), the focus is on the outcome's 'new contact' button", "[panel][keyboard]")
{
    Fixture fx;
    KeyHost h(fx.Cfg, false);
    h.OpenWithHotkey();
    FillValidForm(h);
    fx.Rx->Stop();
    h.Click(ItemKey::Send);
    REQUIRE(h.FramesUntil([&] { return h.Contact->SendJob == 0; }));
    REQUIRE(h.Contact->View == PanelView::Queued);
    h.Frames(3);
    CHECK(h.Focused() == ItemKey::NewContact);
    h.PressKey(kKeyEnter);
    h.Frames(1);
    CHECK(h.Contact->View == PanelView::Form);
}

TEST_CASE("Ctrl+Enter in the message sends a valid form and shows the errors of an invalid one", "[panel][keyboard]")
{
    Fixture fx;
    KeyHost h(fx.Cfg, false);
    h.OpenWithHotkey();
    h.Click(ItemKey::Message);
    h.Type("lyhyt");   // under MessageMinChars
    h.CtrlKey(kKeyEnter);
    h.Frames(1);
    CHECK(h.Contact->SendJob == 0);
    CHECK(h.Contact->ShowErrors);
    CHECK(h.Focused() == ItemKey::Message);   // back in the field to fix it
    CHECK(ImGui::GetActiveID() == h.StopId(ItemKey::Message));
    h.Type(" viesti, joka on nyt tarpeeksi pitkä.");
    h.CtrlKey(kKeyEnter);
    REQUIRE(h.FramesUntil([&] { return std::string(LastTicketNumber(h.Contact)).size() == 9; }));
    ImContactReceiver::Store store;
    std::string err;
    REQUIRE(store.Open(fx.RxOpt.DbPath, &err));
    ImContactReceiver::TicketDetails d;
    REQUIRE(store.Show(LastTicketNumber(h.Contact), &d));
    CHECK(d.Report.Fields.Message == "lyhyt viesti, joka on nyt tarpeeksi pitkä.");   // no line from the Enter
}

TEST_CASE("no error before the user tried; a failed send marks the fields and focuses the first invalid one", "[panel][keyboard]")
{
    Fixture fx;
    fx.Cfg.Applications = {};   // no pre-selected application either: two fields wrong
    KeyHost h(fx.Cfg, false);
    SetCurrentApplication(h.Contact, "");
    h.OpenWithHotkey();
    h.Frames(2);
    ImVec2 c;
    CHECK_FALSE(h.Rect(ItemKey::WhyDisabled, &c));   // nothing is marked, so nothing to fix yet
    CHECK_FALSE(h.Contact->ShowErrors);
    CHECK_FALSE(FieldMarked(h.Contact, ValidateForm(h.Contact->Draft, fx.Cfg.Limits), Field::Message));
    // Typing into the message does not flag it while the user is still writing.
    h.Click(ItemKey::Message);
    h.Type("lyh");
    CHECK_FALSE(h.Rect(ItemKey::WhyDisabled, &c));
    // Pressing Send (enabled) shows every problem and puts the focus on the first: Sovellus.
    h.Click(ItemKey::Send);
    CHECK(h.Contact->SendJob == 0);
    CHECK(h.Contact->ShowErrors);
    CHECK(h.Rect(ItemKey::WhyDisabled, &c));
    h.Frames(2);   // the control takes the focus when next drawn, ImGui moves it on the next frame
    CHECK(h.Focused() == ItemKey::Application);
    Form check = h.Contact->Draft;
    check.Organisation = h.Contact->Organisation;
    check.Email = h.Contact->Email;
    const std::vector<FieldError> errors = ValidateForm(check, fx.Cfg.Limits);
    CHECK(FieldMarked(h.Contact, errors, Field::Application));
    CHECK(FieldMarked(h.Contact, errors, Field::Message));
    CHECK_FALSE(FieldMarked(h.Contact, errors, Field::Reference));
}

TEST_CASE("a field left after an edit shows its error; fixed, the mark goes", "[panel][keyboard]")
{
    Fixture fx;
    KeyHost h(fx.Cfg, false);
    h.OpenWithHotkey();
    h.Click(ItemKey::Message);
    h.Type("lyh");
    ImVec2 c;
    CHECK_FALSE(h.Rect(ItemKey::WhyDisabled, &c));
    h.Tab();   // leaves the message
    CHECK(h.Rect(ItemKey::WhyDisabled, &c));
    h.Click(ItemKey::Message);
    h.Type("yt viestiä on nyt riittävästi.");
    h.Tab();
    CHECK_FALSE(h.Rect(ItemKey::WhyDisabled, &c));
}

TEST_CASE("Escape with a combo's list open closes only the list; the next Escape closes the panel, keeping the draft", "[panel][keyboard]")
{
    for (const bool nav : { false, true })
    {
        INFO("host's ImGuiConfigFlags_NavEnableKeyboard: " << nav);
        Fixture fx;
        KeyHost h(fx.Cfg, nav);
        h.OpenWithHotkey();
        h.Click(ItemKey::Message);
        h.Type("Keskeneräinen luonnos");
        h.Click(ItemKey::SubApplication);
        h.Frames(1);
        REQUIRE(ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel));
        h.PressKey(kKeyEscape);
        h.Frames(2);
        CHECK(h.Open);
        CHECK_FALSE(ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel));
        h.PressKey(kKeyEscape);
        h.Frames(1);
        CHECK_FALSE(h.Open);
        CHECK(h.Contact->Draft.Message == "Keskeneräinen luonnos");
    }
}

// Point 14: a key pressed and released between two frames. Dear ImGui 1.87+ queues the
// backend's events and hands them over one per frame, so the tap arrives; 1.86 has no queue:
// its backends write io.KeysDown[], and a down and up within one frame is never seen by
// NewFrame(). The panel reads no key state for typing (InputText takes the events), so this
// is the host's ImGui, not the panel: the README tells hosts to use 1.87+, and the demo's own
// GLFW key callback holds such a release for a frame on 1.86 (demo/key_taps.cpp).
TEST_CASE("a key tapped within one frame reaches the message on ImGui 1.87+, and typed characters always do", "[panel][keyboard]")
{
    Fixture fx;
    KeyHost h(fx.Cfg, false);
    h.OpenWithHotkey();
    h.Click(ItemKey::Message);
    h.Frame([] { ImGui::GetIO().AddInputCharactersUTF8("ab"); });   // characters queue on every version
    h.Frame([] {
        SetKey(kKeyEnter, true);
        SetKey(kKeyEnter, false);
    });
    h.Frames(2);
    h.Type("c");
#if IMGUI_VERSION_NUM >= 18700
    CHECK(h.Contact->Draft.Message == "ab\nc");
#else
    CHECK(h.Contact->Draft.Message == "abc");   // the 1.86 limitation, documented in the README
#endif
    // Held over a frame boundary, as a held key or the demo's kept release gives it, it arrives on 1.86 too.
    h.PressKey(kKeyEnter);
    h.Type("d");
#if IMGUI_VERSION_NUM >= 18700
    CHECK(h.Contact->Draft.Message == "ab\nc\nd");
#else
    CHECK(h.Contact->Draft.Message == "abc\nd");
#endif
}
