// Issue 8, points 10-12, through the panel's real input on the headless host: a draft
// survives a restart (and can be discarded; a delivered report leaves none), a queued
// report can be opened, sent now and discarded and its ticket keeps the Q- reference,
// the "delivered" notice stays until dismissed, and the form follows the user (the
// application on retake, the scroll position, a fresh screenshot for a new contact).
#include "support/panel_host.h"
#include "panel_widgets.h"   // TicketCellText

#include "imgui_internal.h"   // the form child's scroll position (ImGuiWindow)

#include <filesystem>
#include <fstream>
#include <memory>

using namespace ImContact;
using namespace ImContactPanelTest;
namespace fs = std::filesystem;

static std::string DraftPath(const Fixture& fx) { return fx.Cfg.DataDir + "/draft.json"; }

// The worker has answered everything queued so far, and the panel has read its events.
static void Settle(Host& h)
{
    REQUIRE(h.Contact->Worker->Flush(5000));
    h.Frame();
}

// Scrolls the form back up with the mouse wheel until the widget is drawn.
static bool RevealUpwards(Host& h, const char* key)
{
    ImVec2 c, w;
    for (int i = 0; i < 40; i++)
    {
        if (h.Rect(key, &c)) return true;
        if (!h.Rect(ItemKey::Window, &w)) return false;
        h.Mouse = w;
#if IMGUI_VERSION_NUM >= 18700
        h.Frame([&] { ImGui::GetIO().AddMouseWheelEvent(0.0f, 2.0f); });
#else
        h.Frame([&] { ImGui::GetIO().MouseWheel += 2.0f; });
#endif
    }
    return h.Rect(key, &c);
}

static std::string CannedReceipt(const char* ticket)
{
    Receipt r;
    r.Ticket = ticket;
    r.StatusToken = "0123456789abcdef0123456789abcdef";
    r.Confirmation = "Viestisi on vastaanotettu.";
    r.Status = "received";
    return ReceiptToJson(r);
}

static const char* const kMessage = "Kuukausiraportti jää tyhjäksi, kun valitsen marraskuun.";

TEST_CASE("an unsent draft survives a restart, and discarding it clears the form and the file", "[panel][drafts]")
{
    Fixture fx;
    {
        Host h(fx.Cfg);
        h.OpenWithHotkey();
        h.Click(ItemKey::Type);
        h.Click(ItemKeyIndexed(ItemKey::Type, 1));                    // Toimintahäiriö
        h.Click(ItemKey::Application);
        h.Click(ItemKeyIndexed(ItemKey::Application, 2));             // Raportit, by hand
        h.Click(ItemKey::Reference);
        h.Type("TIL-42");
        h.Click(ItemKey::Message);
        h.Type(kMessage);
        // The host quits right after the last keystroke (no second to wait): DestroyContext still keeps it.
    }
    REQUIRE(fs::exists(DraftPath(fx)));
    {
        Host h(fx.Cfg);
        REQUIRE(h.FramesUntil([&] { return h.Contact->Draft.Message == kMessage; }));
        CHECK(h.Contact->Draft.Type == ContactType::Malfunction);
        CHECK(h.Contact->Draft.Reference == "TIL-42");
        CHECK(h.Contact->Draft.Application == "Raportit");
        CHECK(h.Contact->Draft.Organisation.empty());                 // the host's, from SetUser
        h.OpenWithHotkey();
        CHECK(h.Contact->Draft.Application == "Raportit");            // chosen by hand: not the current view
        ImVec2 c;
        REQUIRE(h.Rect(ItemKey::DraftRestored, &c));
        h.Click(ItemKey::DraftDiscard);
        CHECK(h.Contact->Draft.Message.empty());
        CHECK(h.Contact->Draft.Reference.empty());
        CHECK(h.Contact->Draft.Application == "Visualisointi");       // follows the user again
        h.Frame();
        CHECK_FALSE(h.Rect(ItemKey::DraftRestored, &c));
        Settle(h);
        CHECK_FALSE(fs::exists(DraftPath(fx)));
    }
    {
        Host h(fx.Cfg);
        Settle(h);
        CHECK(h.Contact->Draft.Message.empty());
        CHECK_FALSE(h.Contact->DraftRestored);
    }
}

TEST_CASE("the draft is written on the worker while the user types, and a delivered report leaves none", "[panel][drafts]")
{
    Fixture fx;
    Host h(fx.Cfg);
    h.OpenWithHotkey();
    FillValidForm(h);
    // No close, no restart: the form reaches the disk within about a second of typing.
    REQUIRE(h.FramesUntil([&] { return fs::exists(DraftPath(fx)); }, 5000));
    h.Click(ItemKey::Send);
    REQUIRE(h.FramesUntil([&] { return h.Contact->View == PanelView::Success; }));
    Settle(h);
    CHECK_FALSE(fs::exists(DraftPath(fx)));
    // Delivered at once: the user never saw a Q- reference, so its row names none.
    REQUIRE(!GetTickets(h.Contact).empty());
    CHECK(GetTickets(h.Contact).back().LocalReference.empty());
    Host again(fx.Cfg);
    Settle(again);
    CHECK(again.Contact->Draft.Message.empty());
}

TEST_CASE("a damaged draft file is set aside and the panel says so", "[panel][drafts]")
{
    Fixture fx;
    fs::create_directories(fx.Cfg.DataDir);
    std::ofstream(DraftPath(fx)) << "{\"schema\":1,\"message\":";
    Host h(fx.Cfg);
    Settle(h);
    CHECK(h.Contact->Draft.Message.empty());
    CHECK_FALSE(h.Contact->DraftProblem.empty());
    CHECK_FALSE(fs::exists(DraftPath(fx)));
    bool kept = false;
    for (const auto& e : fs::directory_iterator(fx.Cfg.DataDir))
        kept |= e.path().filename().string().rfind("draft.json.corrupt-", 0) == 0;
    CHECK(kept);
}

TEST_CASE("a queued report: sent now without waiting for its backoff; the ticket shows the Q- reference; the notice stays until dismissed", "[panel][drafts]")
{
    Fixture fx;
    fx.Cfg.Retry.InitialDelayMs = 600000;   // the automatic retry would wait ten minutes
    fx.Cfg.Retry.MaxDelayMs = 600000;
    ImContactTest::FaultServer srv;
    AnswerWith(fx, srv, 503, R"({"error":{"code":"internal","message":"maintenance"}})");
    Host h(fx.Cfg);
    SendFilledForm(h);
    REQUIRE(h.FramesUntil([&] { return h.Contact->View == PanelView::Queued && h.Contact->Outbox.size() == 1; }));
    const std::string ref = h.Contact->LastQueuedRef;
    h.Click(ItemKey::TabMine);
    ImVec2 c;
    CHECK(h.Rect(ItemKeyFor(ItemKey::Edit, ref).c_str(), &c));      // every queued row, not only refused ones
    CHECK(h.Rect(ItemKeyFor(ItemKey::Discard, ref).c_str(), &c));
    srv.Respond(201, CannedReceipt("3456-7890"));
    h.Click(ItemKeyFor(ItemKey::SendNow, ref));
    REQUIRE(h.FramesUntil([&] { return h.Contact->Outbox.empty() && !GetTickets(h.Contact).empty(); }, 5000));
    const LocalTicket& t = GetTickets(h.Contact).back();
    CHECK(t.Ticket == "3456-7890");
    CHECK(t.LocalReference == ref);
    const std::string cell = TicketCellText(t);
    CHECK(cell.find("3456-7890") != std::string::npos);
    CHECK(cell.substr(0, cell.find("###")).find(ref) != std::string::npos);
    CHECK(h.Rect(ItemKeyFor(ItemKey::Row, "3456-7890").c_str(), &c));

    // The notice: inside the open panel, still there long after 8 s of frames.
    REQUIRE(h.Rect(ItemKey::Notice, &c));
    h.Frames(60 * 12);
    REQUIRE(h.Rect(ItemKey::Notice, &c));
    ImVec2 a, b, wa, wb;
    REQUIRE(GetItemRect(h.Contact, ItemKey::Notice, &a, &b));
    REQUIRE(GetItemRect(h.Contact, ItemKey::Window, &wa, &wb));
    CHECK((a.x >= wa.x && a.y >= wa.y && b.x <= wb.x && b.y <= wb.y));
    // Closed: a toast under the envelope icon, still until dismissed.
    h.PressKey(kKeyEscape);
    h.Frames(2);
    REQUIRE_FALSE(h.Open);
    REQUIRE(GetItemRect(h.Contact, ItemKey::Notice, &a, &b));
    REQUIRE(GetItemRect(h.Contact, ItemKey::Envelope, &wa, &wb));
    CHECK(a.y >= wb.y);
    h.Click(ItemKey::NoticeDismiss);
    CHECK(h.Contact->Notice.empty());
    h.Frame();
    CHECK_FALSE(h.Rect(ItemKey::Notice, &c));
    CHECK(Posts(srv).size() == 2);
}

TEST_CASE("a queued report can be opened into the form and discarded", "[panel][drafts]")
{
    Fixture fx;
    fx.Cfg.Retry.InitialDelayMs = 600000;
    fx.Cfg.Retry.MaxDelayMs = 600000;
    ImContactTest::FaultServer srv;
    AnswerWith(fx, srv, 503, R"({"error":{"code":"internal","message":"maintenance"}})");
    Host h(fx.Cfg);
    SendFilledForm(h);
    REQUIRE(h.FramesUntil([&] { return h.Contact->View == PanelView::Queued && h.Contact->Outbox.size() == 1; }));
    const std::string ref = h.Contact->LastQueuedRef;
    REQUIRE(h.Contact->Outbox[0].Status == QueuedReport::State::Pending);
    // Unsent text in the form: opening would replace it, so the button does nothing.
    h.Click(ItemKey::NewContact);
    h.Frames(2);
    REQUIRE(h.Reveal(ItemKey::Message));
    h.Click(ItemKey::Message);
    h.Type("Toinen asia");
    h.Click(ItemKey::TabMine);
    h.Click(ItemKeyFor(ItemKey::Edit, ref));
    Settle(h);
    CHECK(h.Contact->Draft.Message == "Toinen asia");
    CHECK(h.Contact->ReplacesRef.empty());
    // Cleared from the form ("Tyhjennä lomake"): now it opens.
    h.Click(ItemKey::TabNew);
    RevealUpwards(h, ItemKey::DraftDiscard);
    h.Click(ItemKey::DraftDiscard);
    CHECK(h.Contact->Draft.Message.empty());
    h.Click(ItemKey::TabMine);
    h.Click(ItemKeyFor(ItemKey::Edit, ref));
    REQUIRE(h.FramesUntil([&] { return h.Contact->ReplacesRef == ref; }));
    CHECK(h.Contact->Draft.Message == "Raportti kaatuu, kun valitsen kuukauden ja painan Tulosta.");
    h.Frames(2);
    CHECK(h.Contact->Tab == 0);                                        // the form shows it
    h.Click(ItemKey::TabMine);
    h.Click(ItemKeyFor(ItemKey::Discard, ref));
    REQUIRE(h.FramesUntil([&] { return h.Contact->Outbox.empty(); }));
    CHECK(Posts(srv).size() == 1);
}

// The form's child window (BeginNavFlattenedChild("##form")) inside the panel.
static ImGuiWindow* FormChild()
{
    for (ImGuiWindow* w : GImGui->Windows)
        if (std::string(w->Name).find("imcontact_panel") != std::string::npos && std::string(w->Name).find("##form") != std::string::npos)
            return w;
    return nullptr;
}

TEST_CASE("retaking the screenshot follows the current application unless chosen by hand, and keeps the scroll", "[panel][drafts]")
{
    Fixture fx;
    Host h(fx.Cfg);
    ImGui::GetIO().DisplaySize = ImVec2(1024, 520);   // a form taller than the panel
    h.OpenWithHotkey();
    REQUIRE(h.Contact->Draft.Application == "Visualisointi");
    // A screenshot in the form (no GL here: drawn grey), as the hotkey's capture gives one.
    auto shot = std::make_shared<RgbaImage>();
    shot->Width = 1024;
    shot->Height = 520;
    shot->Pixels.assign(static_cast<size_t>(shot->Width) * shot->Height * 4, 128);
    InstallScreenshot(h.Contact, shot);
    REQUIRE(h.Reveal(ItemKey::Message));
    h.Click(ItemKey::Message);
    h.Type("Kaavio ei päivity.");   // a draft in progress
    SetCurrentApplication(h.Contact, "Raportit");   // the user switched the host's view
    REQUIRE(h.Reveal(ItemKey::Retake));
    ImGuiWindow* form = FormChild();
    REQUIRE(form != nullptr);
    const float scroll = form->Scroll.y;
    REQUIRE(scroll > 0.0f);
    h.Click(ItemKey::Retake);
    h.Frames(3);
    CHECK(h.Contact->Draft.Application == "Raportit");
    CHECK(h.Contact->Draft.Message == "Kaavio ei päivity.");
    form = FormChild();
    REQUIRE(form != nullptr);
    CHECK(form->Scroll.y == Approx(scroll));

    // Picked by hand: a retake elsewhere keeps it.
    REQUIRE(RevealUpwards(h, ItemKey::Application));
    h.Click(ItemKey::Application);
    h.Click(ItemKeyIndexed(ItemKey::Application, 0));   // Mallieditori
    REQUIRE(h.Contact->Draft.Application == "Mallieditori");
    SetCurrentApplication(h.Contact, "Visualisointi");
    REQUIRE(h.Reveal(ItemKey::Retake));
    h.Click(ItemKey::Retake);
    h.Frames(3);
    CHECK(h.Contact->Draft.Application == "Mallieditori");
}

TEST_CASE("New contact after a delivery takes a fresh screenshot and follows the current application", "[panel][drafts]")
{
    Fixture fx;
    Host h(fx.Cfg);
    SendFilledForm(h);
    REQUIRE(h.FramesUntil([&] { return h.Contact->View == PanelView::Success; }));
    SetCurrentApplication(h.Contact, "Raportit");
    h.Contact->CaptureError.clear();   // the hotkey's capture failed (no GL); see whether another one is made
    h.Click(ItemKey::NewContact);
    h.Frames(2);   // the capture's frame
    CHECK(h.Contact->View == PanelView::Form);
    CHECK_FALSE(h.Contact->CapturePending);
    CHECK_FALSE(h.Contact->CaptureError.empty());   // the capture ran (and failed headless, like the hotkey's)
    CHECK(h.Contact->Draft.Application == "Raportit");
}
