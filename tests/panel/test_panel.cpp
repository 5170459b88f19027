// The panel, driven headless through ImGui's real input (no GL: screenshots are off),
// against the real receiver on a loopback port.
#include <catch2/catch.hpp>

#include "imcontact/imcontact.h"
#include "imcontact_internal.h"
#include "imcontact/imcontact_protocol.h"
#include "imcontact_receiver.h"
#include "support/fault_server.h"
#include "support/png.h"
#include "support/temp_dir.h"
#include "support/panel_host.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

using namespace ImContact;
using namespace ImContactPanelTest;


TEST_CASE("hotkey opens the panel with the current application pre-selected", "[panel]")
{
    Fixture fx;
    Host h(fx.Cfg);
    h.Frames(2);
    CHECK_FALSE(h.Open);
    ImVec2 c;
    CHECK_FALSE(h.Rect(ImContact::ItemKey::Send, &c));        // nothing drawn while closed
    h.PressKey(kKeyF8);
    h.Frames(2);
    REQUIRE(h.Open);
    CHECK(h.Contact->Draft.Application == "Visualisointi");
    CHECK(h.Rect(ImContact::ItemKey::Send, &c));
    // no GL in this test: the panel says why there is no screenshot instead of hanging
    CHECK(h.Contact->Shot == nullptr);
    CHECK_FALSE(h.Contact->CaptureError.empty());
}

TEST_CASE("envelope icon in the menu bar opens the panel", "[panel]")
{
    Fixture fx;
    Host h(fx.Cfg);
    h.Frames(2);
    h.Click(ImContact::ItemKey::Envelope);
    h.Frames(2);
    CHECK(h.Open);
}

TEST_CASE("send with an invalid form sends nothing and shows what to fix; valid, it delivers and shows the ticket", "[panel]")
{
    Fixture fx;
    Host h(fx.Cfg);
    h.OpenWithHotkey();
    REQUIRE(h.Open);
    ImVec2 c;
    CHECK_FALSE(h.Rect(ImContact::ItemKey::WhyDisabled, &c));          // nothing marked before the user tried
    h.Click(ImContact::ItemKey::Send);                                  // empty message: sends nothing, shows why
    CHECK(h.Contact->SendJob == 0);
    CHECK(h.Contact->ShowErrors);
    CHECK(h.Rect(ImContact::ItemKey::WhyDisabled, &c));

    FillValidForm(h);
    CHECK(h.Contact->Draft.Type == ContactType::Malfunction);
    h.Click(ImContact::ItemKeyIndexed(ImContact::ItemKey::Speed, 1));
    CHECK(h.Contact->Draft.Speed == ProcessingSpeed::Faster);
    h.Click(ImContact::ItemKey::SubApplication);
    h.Click(ImContact::ItemKeyIndexed(ImContact::ItemKey::SubApplication, 1));                   // "Raportti" (offered even if the host lists none)
    CHECK(h.Contact->Draft.SubApplication == "Raportti");
    h.Click(ImContact::ItemKey::Reference);
    h.Type("LASKU-2026-0042");
    CHECK_FALSE(h.Rect(ImContact::ItemKey::WhyDisabled, &c));
    h.Click(ImContact::ItemKey::Send);
    REQUIRE(h.FramesUntil([&] { return std::string(LastTicketNumber(h.Contact)).size() == 9; }));
    const std::string ticket = LastTicketNumber(h.Contact);
    REQUIRE(h.Rect(ImContact::ItemKey::Ticket, &c));
    CHECK(h.Rect(ImContact::ItemKey::Copy, &c));

    ImContactReceiver::Store store;
    std::string err;
    REQUIRE(store.Open(fx.RxOpt.DbPath, &err));
    ImContactReceiver::TicketDetails d;
    REQUIRE(store.Show(ticket, &d));
    CHECK(d.Report.Fields.Type == ContactType::Malfunction);
    CHECK(d.Report.Fields.Speed == ProcessingSpeed::Faster);
    CHECK(d.Report.Fields.Organisation == "Esimerkki Oy");
    CHECK(d.Report.Fields.Email == "maija.meikalainen@example.fi");
    CHECK(d.Report.Fields.Application == "Visualisointi");
    CHECK(d.Report.Fields.SubApplication == "Raportti");
    CHECK(d.Report.Fields.Reference == "LASKU-2026-0042");
    CHECK(d.Report.Fields.Message == "Raportti kaatuu, kun valitsen kuukauden ja painan Tulosta.");
    CHECK(d.Report.Technical.AppName == "imcontact-tests");
    CHECK(d.Report.Technical.FramebufferWidth == 1280);

    // copy to clipboard
    h.Click(ImContact::ItemKey::Copy);
    CHECK(std::string(ImGui::GetClipboardText()) == ticket);

    // My requests: the ticket is listed; a status change on the receiver shows after refresh
    REQUIRE(h.FramesUntil([&] { return !GetTickets(h.Contact).empty(); }));
    CHECK(GetTickets(h.Contact).back().Ticket == ticket);
    REQUIRE(store.SetStatus(ticket, "in_progress", "Otettu käsittelyyn", &err));
    h.Click(ImContact::ItemKey::TabMine);
    h.Click(ImContact::ItemKey::Refresh);
    REQUIRE(h.FramesUntil([&] { return GetTickets(h.Contact).back().LastStatus == "in_progress"; }));
    CHECK(h.Rect(ImContact::ItemKeyFor(ImContact::ItemKey::Status, ticket).c_str(), &c));

    // look a ticket up by number: an unknown one is refused, ours shows its history
    h.Click(ImContact::ItemKey::Lookup);
    h.Type("9999-0000");
    h.Click(ImContact::ItemKey::LookupButton);
    CHECK(h.Contact->LookupNotFound);
    h.Click(ImContact::ItemKey::Lookup);
    for (int i = 0; i < 9; i++)   // wherever the click put the cursor, the field ends up empty
    {
        h.PressKey(kKeyBackspace);
        h.PressKey(kKeyDelete);
    }
    CHECK(std::string(h.Contact->LookupBuf).empty());
    h.Type(ticket.c_str());
    CHECK(std::string(h.Contact->LookupBuf) == ticket);
    h.Click(ImContact::ItemKey::LookupButton);
    CHECK_FALSE(h.Contact->LookupNotFound);
    CHECK(h.Contact->LookupTicket == ticket);
    REQUIRE(h.FramesUntil([&] { return GetTickets(h.Contact).back().History.size() == 2; }));
    CHECK(GetTickets(h.Contact).back().History[1].Note == "Otettu käsittelyyn");
}

TEST_CASE("receiver down: the report is saved, shown as queued, and delivered when it is back", "[panel]")
{
    Fixture fx;
    const int port = fx.Rx->Port();
    Host h(fx.Cfg);
    h.OpenWithHotkey();
    FillValidForm(h);
    fx.Rx->Stop();                                    // receiver down
    h.Click(ImContact::ItemKey::Send);
    REQUIRE(h.FramesUntil([&] { return h.Contact->SendJob == 0; }));
    CHECK(h.Contact->View == PanelView::Queued);
    ImVec2 c;
    CHECK(h.Rect(ImContact::ItemKey::QueuedBody, &c));
    const std::string ref = h.Contact->LastQueuedRef;
    REQUIRE(ref.size() == 10);                        // "Q-" + 8 hex digits
    CHECK(std::string(LastTicketNumber(h.Contact)).empty());
    REQUIRE(h.FramesUntil([&] { return h.Contact->Outbox.size() == 1; }));
    CHECK(h.Contact->Outbox[0].LocalReference == ref);
    h.Click(ImContact::ItemKey::TabMine);
    CHECK(h.Rect(ImContact::ItemKeyFor(ImContact::ItemKey::Queued, ref).c_str(), &c));

    // back up on the same port: the worker's retry delivers it, the panel says so
    fx.RxOpt.Port = port;
    fx.Rx.reset(new ImContactReceiver::Receiver(fx.RxOpt));
    std::string err;
    REQUIRE(fx.Rx->Start(&err));
    REQUIRE(h.FramesUntil([&] { return !GetTickets(h.Contact).empty() && h.Contact->Outbox.empty(); }));
    CHECK(h.Rect(ImContact::ItemKey::Notice, &c));
    const std::string ticket = GetTickets(h.Contact).back().Ticket;
    ImContactReceiver::Store store;
    REQUIRE(store.Open(fx.RxOpt.DbPath, &err));
    CHECK(store.CountTickets() == 1);
    ImContactReceiver::TicketDetails d;
    REQUIRE(store.Show(ticket, &d));
    CHECK(d.Report.Fields.Message == "Raportti kaatuu, kun valitsen kuukauden ja painan Tulosta.");
}

TEST_CASE("phone number field appears and is required for phone support", "[panel]")
{
    Fixture fx;
    Host h(fx.Cfg);
    h.OpenWithHotkey();
    FillValidForm(h);
    ImVec2 c;
    CHECK_FALSE(h.Rect(ImContact::ItemKey::Phone, &c));
    h.Click(ImContact::ItemKey::Type);
    h.Click(ImContact::ItemKeyIndexed(ImContact::ItemKey::Type, 3));   // Puhelintukipyyntö
    h.Frames(1);
    REQUIRE(h.Rect(ImContact::ItemKey::Phone, &c));
    CHECK_FALSE(h.Rect(ImContact::ItemKey::WhyDisabled, &c));         // not marked before the user tried
    h.Click(ImContact::ItemKey::Send);
    CHECK(h.Contact->SendJob == 0);
    CHECK(h.Rect(ImContact::ItemKey::WhyDisabled, &c));               // phone missing
    h.Frames(2);
    h.Type("+358 40 123 4567");                                       // the failed send focused the phone field
    CHECK(h.Contact->Draft.Phone == "+358 40 123 4567");
    CHECK_FALSE(h.Rect(ImContact::ItemKey::WhyDisabled, &c));
}

TEST_CASE("Escape closes the panel without losing what was typed; closed panel takes no input", "[panel]")
{
    Fixture fx;
    Host h(fx.Cfg);
    h.OpenWithHotkey();
    h.Click(ImContact::ItemKey::Message);
    h.Type("Keskeneräinen viesti");
    REQUIRE(ImGui::GetIO().WantTextInput);
    h.PressKey(kKeyEscape);
    h.Frames(1);
    CHECK_FALSE(h.Open);
    CHECK(h.Contact->Draft.Message == "Keskeneräinen viesti");
    // closed: ImGui does not want the host's keyboard or mouse
    h.Mouse = ImVec2(640, 450);
    h.Frames(2);
    CHECK_FALSE(ImGui::GetIO().WantCaptureKeyboard);
    CHECK_FALSE(ImGui::GetIO().WantCaptureMouse);
    CHECK_FALSE(ImGui::GetIO().WantTextInput);
    h.PressKey(kKeyF8);
    h.Frames(2);
    REQUIRE(h.Open);
    CHECK(h.Contact->Draft.Message == "Keskeneräinen viesti");
}

TEST_CASE("language switch changes the panel's text at run time", "[panel]")
{
    Fixture fx;
    Host h(fx.Cfg);
    h.OpenWithHotkey();
    CHECK(GetLanguage(h.Contact) == Language::Finnish);
    h.Click(ImContact::ItemKey::Language);
    CHECK(GetLanguage(h.Contact) == Language::English);
    h.Click(ImContact::ItemKey::Language);
    CHECK(GetLanguage(h.Contact) == Language::Finnish);
}

TEST_CASE("a wrong endpoint is reported as a set-up problem, not as the user's mistake", "[panel]")
{
    Fixture fx;
    fx.Cfg.Endpoint = "ftp://127.0.0.1/contacts";
    Host h(fx.Cfg);
    SendFilledForm(h);
    REQUIRE(h.FramesUntil([&] { return h.Contact->SendJob == 0; }));
    CHECK(h.Contact->LastFailure.Why == Failure::Invalid);
    CHECK(h.Contact->LastFailure.FieldErrors.empty());
    ImVec2 c;
    CHECK(h.Rect(ImContact::ItemKey::Failure, &c));
    CHECK(h.Contact->Draft.Message == "Raportti kaatuu, kun valitsen kuukauden ja painan Tulosta.");
    ImContactReceiver::Store store;
    std::string err;
    REQUIRE(store.Open(fx.RxOpt.DbPath, &err));
    CHECK(store.CountTickets() == 0);
}

// The receiver's answer to a report it refuses (a 4xx validation error).
static const char* const kRejection = R"({"error":{"code":"too_long","field":"reference","message":"reference too long","limit":20}})";

static std::string CannedReceipt(const char* ticket)
{
    Receipt r;
    r.Ticket = ticket;
    r.StatusToken = "0123456789abcdef0123456789abcdef";
    r.Confirmation = "Viestisi on vastaanotettu.";
    r.Status = "received";
    return ReceiptToJson(r);
}

TEST_CASE("a 4xx keeps the form with the reason; the report needs attention and can be discarded", "[panel]")
{
    Fixture fx;
    ImContactTest::FaultServer srv;
    AnswerWith(fx, srv, 400, kRejection);
    Host h(fx.Cfg);
    SendFilledForm(h);
    REQUIRE(h.FramesUntil([&] { return h.Contact->SendJob == 0; }));
    CHECK(h.Contact->LastFailure.Why == Failure::Rejected);
    CHECK(h.Contact->LastFailure.Error.Field == "reference");
    ImVec2 c;
    CHECK(h.Rect(ImContact::ItemKey::Failure, &c));
    CHECK(h.Contact->Draft.Message == "Raportti kaatuu, kun valitsen kuukauden ja painan Tulosta.");
    const std::string ref = h.Contact->ReplacesRef;     // the rejected report stays in the outbox
    REQUIRE_FALSE(ref.empty());
    REQUIRE(h.FramesUntil([&] { return h.Contact->Outbox.size() == 1; }));
    CHECK(h.Contact->Outbox[0].Status == QueuedReport::State::NeedsAttention);
    h.Click(ImContact::ItemKey::TabMine);
    REQUIRE(h.Rect(ImContact::ItemKeyFor(ImContact::ItemKey::Edit, ref).c_str(), &c));
    h.Click(ImContact::ItemKeyFor(ImContact::ItemKey::Discard, ref).c_str());
    REQUIRE(h.FramesUntil([&] { return h.Contact->Outbox.empty(); }));
    CHECK(Posts(srv).size() == 1);                      // a 4xx is never retried
}

TEST_CASE("edit and send again restores a rejected report and replaces it when sent", "[panel]")
{
    Fixture fx;
    ImContactTest::FaultServer srv;
    AnswerWith(fx, srv, 400, kRejection);
    Host h(fx.Cfg);
    SendFilledForm(h);
    REQUIRE(h.FramesUntil([&] { return h.Contact->SendJob == 0 && h.Contact->Outbox.size() == 1; }));
    const std::string ref = h.Contact->Outbox[0].LocalReference;
    // the user leaves the form; later they restore the saved report from My requests
    h.Contact->Draft.Message.clear();
    h.Contact->ReplacesRef.clear();
    h.Click(ImContact::ItemKey::TabMine);
    h.Click(ImContact::ItemKeyFor(ImContact::ItemKey::Edit, ref).c_str());
    REQUIRE(h.FramesUntil([&] { return h.Contact->ReplacesRef == ref; }));
    CHECK(h.Contact->Draft.Message == "Raportti kaatuu, kun valitsen kuukauden ja painan Tulosta.");
    CHECK(h.Contact->Draft.Type == ContactType::Malfunction);
    ImVec2 c;
    REQUIRE(h.FramesUntil([&] { ImVec2 p; return h.Rect(ImContact::ItemKey::Replacing, &p); }));
    srv.Respond(201, CannedReceipt("1234-5678"));
    h.Click(ImContact::ItemKey::Send);
    REQUIRE(h.FramesUntil([&] { return h.Contact->SendJob == 0; }));
    CHECK(std::string(LastTicketNumber(h.Contact)) == "1234-5678");
    REQUIRE(h.FramesUntil([&] { return h.Contact->Outbox.empty(); }));
    CHECK(h.Contact->ReplacesRef.empty());
    (void)c;
}

TEST_CASE("a 5xx keeps the report queued; the retry delivers it and the panel notifies", "[panel]")
{
    Fixture fx;
    ImContactTest::FaultServer srv;
    AnswerWith(fx, srv, 503, R"({"error":{"code":"internal","message":"maintenance"}})");
    Host h(fx.Cfg);
    SendFilledForm(h);
    REQUIRE(h.FramesUntil([&] { return h.Contact->SendJob == 0; }));
    CHECK(h.Contact->View == PanelView::Queued);
    REQUIRE(h.FramesUntil([&] { return h.Contact->Outbox.size() == 1; }));
    CHECK(h.Contact->Outbox[0].Status == QueuedReport::State::Pending);
    srv.Respond(201, CannedReceipt("2345-6789"));
    REQUIRE(h.FramesUntil([&] { return h.Contact->Outbox.empty() && !GetTickets(h.Contact).empty(); }));
    CHECK(GetTickets(h.Contact).back().Ticket == "2345-6789");
    ImVec2 c;
    CHECK(h.Rect(ImContact::ItemKey::Notice, &c));
    CHECK(h.Contact->View == PanelView::Success);       // the queued view turns into the ticket
    CHECK(std::string(LastTicketNumber(h.Contact)) == "2345-6789");
    CHECK(srv.RequestCount() >= 2);
}

TEST_CASE("destroying the context during a stalled send returns within the shutdown bound", "[panel]")
{
    Fixture fx;
    ImContactTest::FaultServer srv;
    REQUIRE(srv.Start());
    srv.SetMode(ImContactTest::FaultServer::Mode::StallAfterRequest);
    fx.Cfg.Endpoint = srv.Url();
    fx.Cfg.TotalTimeoutMs = 60000;
    fx.Cfg.ShutdownTimeoutMs = 2000;
    auto h = std::make_unique<Host>(fx.Cfg);
    SendFilledForm(*h);
    REQUIRE(h->FramesUntil([&] { return srv.RequestCount() > 0; }));
    REQUIRE(IsSending(h->Contact));
    const auto t0 = std::chrono::steady_clock::now();
    const bool stopped = DestroyContext(h->Contact);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    h->Contact = CreateContext(fx.Cfg);   // so that ~Host has a context to destroy
    CHECK(stopped);
    CHECK(ms < 2250);
}

TEST_CASE("an outbox that cannot be written: the panel says so, keeps the form, sends nothing", "[panel]")
{
    Fixture fx;
    // a regular file where the outbox directory should be (CI runs as root: permissions would not stop it)
    std::filesystem::create_directories(fx.Cfg.DataDir);
    ImContactTest::WriteFile(fx.Cfg.DataDir + "/outbox", "not a directory");
    Host h(fx.Cfg);
    SendFilledForm(h);
    REQUIRE(h.FramesUntil([&] { return h.Contact->SendJob == 0; }));
    CHECK(h.Contact->LastFailure.Why == Failure::Storage);
    ImVec2 c;
    CHECK(h.Rect(ImContact::ItemKey::Failure, &c));
    CHECK(h.Contact->View == PanelView::Form);
    CHECK(h.Contact->Draft.Message == "Raportti kaatuu, kun valitsen kuukauden ja painan Tulosta.");
    ImContactReceiver::Store store;
    std::string err;
    REQUIRE(store.Open(fx.RxOpt.DbPath, &err));
    CHECK(store.CountTickets() == 0);
}

TEST_CASE("CreateContext refuses a host whose Dear ImGui layout differs from the panel's", "[panel][layout]")
{
    Fixture fx;
    Host h(fx.Cfg);   // same configuration on both sides: a context was made
    REQUIRE(h.Contact != nullptr);
    const ImGuiLayout panel = CompiledImGuiLayout();
    CHECK(panel.VersionNum == IMGUI_VERSION_NUM);
    CHECK(panel.SizeofIO == sizeof(ImGuiIO));
    CHECK(panel.SizeofWchar == sizeof(ImWchar));
    CHECK(panel.SizeofDrawIdx == sizeof(ImDrawIdx));

    // A host built with IMGUI_USE_WCHAR32 and a 32-bit ImDrawIdx against a panel built without.
    ImGuiLayout host = panel;
    host.SizeofWchar = 4 + sizeof(ImWchar);
    host.SizeofDrawIdx = 4 + sizeof(ImDrawIdx);
    host.SizeofIO = panel.SizeofIO - 32;
    std::string error;
    Context* wrong = CreateContextForLayout(fx.Cfg, host, &error);
    CHECK(wrong == nullptr);
    CHECK_THAT(error, Catch::Contains("sizeof(ImWchar) " + std::to_string(panel.SizeofWchar) + " in the panel, " +
                                      std::to_string(host.SizeofWchar) + " in the host"));
    CHECK_THAT(error, Catch::Contains("sizeof(ImDrawIdx)"));
    CHECK_THAT(error, Catch::Contains("sizeof(ImGuiIO)"));
    CHECK_THAT(error, !Catch::Contains("IMGUI_VERSION_NUM"));
    if (wrong) DestroyContext(wrong);

    host = panel;
    host.VersionNum = panel.VersionNum + 100;
    wrong = CreateContextForLayout(fx.Cfg, host, &error);
    CHECK(wrong == nullptr);
    CHECK_THAT(error, Catch::Contains("IMGUI_VERSION_NUM"));
    if (wrong) DestroyContext(wrong);
}

namespace
{
// A UI-like screenshot: flat grey, and a "secret" of distinct bright blue values in 'secret'.
RgbaImage SecretShot(int w, int h, ImVec4 secret)
{
    RgbaImage img;
    img.Width = w;
    img.Height = h;
    img.Pixels.resize(static_cast<size_t>(w) * h * 4);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        {
            uint8_t* p = &img.Pixels[(static_cast<size_t>(y) * w + x) * 4];
            const bool in = x >= secret.x && x < secret.z && y >= secret.y && y < secret.w;
            p[0] = in ? static_cast<uint8_t>(128 + (x * 3 + y) % 120) : 70;
            p[1] = in ? static_cast<uint8_t>(128 + (y * 5) % 120) : 72;
            p[2] = in ? 250 : 75;
            p[3] = 255;
        }
    return img;
}

// The screen point of image pixel (x, y) in the editor's canvas at zoom 1 (fit and centred).
ImVec2 CanvasPoint(Host& h, const RgbaImage& img, float x, float y)
{
    ImVec2 a, b;
    REQUIRE(GetItemRect(h.Contact, ImContact::ItemKey::EditorCanvas, &a, &b));
    const float s = std::min((b.x - a.x) / img.Width, (b.y - a.y) / img.Height);
    const ImVec2 c((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
    return ImVec2(c.x + (x - img.Width * 0.5f) * s, c.y + (y - img.Height * 0.5f) * s);
}
} // namespace

TEST_CASE("the editor hides an area; undo, redo; the receiver's file has no trace of it", "[panel][editor]")
{
    Fixture fx;
    Host h(fx.Cfg);
    h.OpenWithHotkey();
    REQUIRE(h.Open);
    const ImVec4 secret(200, 120, 440, 260);
    InstallScreenshot(h.Contact, std::make_shared<RgbaImage>(SecretShot(640, 400, secret)));
    const RgbaImage& img = *h.Contact->Shot;
    FillValidForm(h);

    REQUIRE(h.Reveal(ImContact::ItemKey::Thumbnail));
    h.Click(ImContact::ItemKey::Thumbnail);
    REQUIRE(h.Contact->Editor.Open);
    h.Frame();
    // The hide tool is the default: drag over the secret, a little outside it.
    h.Drag(CanvasPoint(h, img, secret.x - 4, secret.y - 4), CanvasPoint(h, img, secret.z + 4, secret.w + 4));
    REQUIRE(h.Contact->Edits.size() == 1);
    CHECK(h.Contact->Edits[0].Kind == ImageEditKind::Hide);
    // A pixelated area and an arrow too; then the arrow is undone, redone and undone.
    h.Click(ImContact::ItemKeyIndexed(ImContact::ItemKey::EditorTool, static_cast<int>(ImageEditKind::Pixelate)));
    h.Drag(CanvasPoint(h, img, 20, 20), CanvasPoint(h, img, 120, 80));
    h.Click(ImContact::ItemKeyIndexed(ImContact::ItemKey::EditorTool, static_cast<int>(ImageEditKind::Arrow)));
    h.Drag(CanvasPoint(h, img, 500, 350), CanvasPoint(h, img, 450, 300));
    REQUIRE(h.Contact->Edits.size() == 3);
    h.Click(ImContact::ItemKey::EditorUndo);
    CHECK(h.Contact->Edits.size() == 2);
    h.Click(ImContact::ItemKey::EditorRedo);
    CHECK(h.Contact->Edits.size() == 3);
    h.Click(ImContact::ItemKey::EditorUndo);
    REQUIRE(h.Contact->Edits.size() == 2);
    // Reset to original, and undo that.
    h.Click(ImContact::ItemKey::EditorReset);
    CHECK(h.Contact->Edits.empty());
    h.Click(ImContact::ItemKey::EditorUndo);
    REQUIRE(h.Contact->Edits.size() == 2);
    h.Click(ImContact::ItemKey::EditorDone);
    CHECK_FALSE(h.Contact->Editor.Open);
    CHECK(HiddenAreaCount(EditsToSend(h.Contact), 640, 400) == 2);   // "Piilotettuja alueita: 2" under the thumbnail

    h.Click(ImContact::ItemKey::Send);
    REQUIRE(h.FramesUntil([&] { return std::string(LastTicketNumber(h.Contact)).size() == 9; }));
    ImContactReceiver::Store store;
    std::string err;
    REQUIRE(store.Open(fx.RxOpt.DbPath, &err));
    ImContactReceiver::TicketDetails d;
    REQUIRE(store.Show(LastTicketNumber(h.Contact), &d));
    // The outcome says how the screenshot went: this fixture's codec, 640 x 400, its size.
    ImVec2 shot_line;
    CHECK(h.Rect(ImContact::ItemKey::ScreenshotResult, &shot_line));
    CHECK(h.Contact->LastScreenshot.Width == 640);
    CHECK(h.Contact->LastScreenshot.Bytes == d.Report.ScreenshotPng.size());
    int w = 0, hh = 0;
    std::vector<uint8_t> px;
    ImContactTest::DecodePngRgba(d.Report.ScreenshotPng.data(), d.Report.ScreenshotPng.size(), &px, &w, &hh);
    REQUIRE(w == 640);
    REQUIRE(hh == 400);
    int secret_left = 0, black = 0, grey = 0;
    for (int y = 0; y < hh; y++)
        for (int x = 0; x < w; x++)
        {
            const uint8_t* p = &px[(static_cast<size_t>(y) * w + x) * 4];
            secret_left += p[2] == 250;
            if (x >= secret.x && x < secret.z && y >= secret.y && y < secret.w)
                black += p[0] == 0 && p[1] == 0 && p[2] == 0;
            grey += p[0] == 70 && p[1] == 72 && p[2] == 75;
        }
    CHECK(secret_left == 0);
    CHECK(black == 240 * 140);
    CHECK(grey > 640 * 400 / 2);   // the rest is still the picture
}

#if IMGUI_VERSION_NUM >= 18900
TEST_CASE("the editor: Ctrl+Z and Ctrl+Y, Escape closes; crop changes what is sent", "[panel][editor]")
{
    Fixture fx;
    Host h(fx.Cfg);
    h.OpenWithHotkey();
    InstallScreenshot(h.Contact, std::make_shared<RgbaImage>(SecretShot(640, 400, ImVec4(0, 0, 0, 0))));
    const RgbaImage& img = *h.Contact->Shot;
    REQUIRE(h.Reveal(ImContact::ItemKey::Thumbnail));
    h.Click(ImContact::ItemKey::Thumbnail);
    REQUIRE(h.Contact->Editor.Open);
    h.Click(ImContact::ItemKeyIndexed(ImContact::ItemKey::EditorTool, static_cast<int>(ImageEditKind::Crop)));
    h.Drag(CanvasPoint(h, img, 100, 50), CanvasPoint(h, img, 400, 250));
    REQUIRE(h.Contact->Edits.size() == 1);
    const PixelRect c = EditCrop(h.Contact->Edits, img.Width, img.Height);
    CHECK(std::abs(c.Width() - 300) <= 3);
    CHECK(std::abs(c.Height() - 200) <= 3);
    auto chord = [&](ImGuiKey key) {
        h.Frame([&] { ImGui::GetIO().AddKeyEvent(ImGuiMod_Ctrl, true); ImGui::GetIO().AddKeyEvent(key, true); });
        h.Frame([&] { ImGui::GetIO().AddKeyEvent(key, false); ImGui::GetIO().AddKeyEvent(ImGuiMod_Ctrl, false); });
    };
    chord(ImGuiKey_Z);
    CHECK(h.Contact->Edits.empty());
    chord(ImGuiKey_Y);
    CHECK(h.Contact->Edits.size() == 1);
    h.PressKey(kKeyEscape);
    CHECK_FALSE(h.Contact->Editor.Open);
    CHECK(h.Open);   // the panel stays
}
#endif

TEST_CASE("the host's attachments are listed in what is sent; an unticked one is not sent, the outcome says so", "[panel]")
{
    Fixture fx;
    // A capturing server (the receiver of this branch does not take attachment parts yet).
    ImContactTest::FaultServer srv;
    REQUIRE(srv.Start());
    srv.SetHandler([](const ImContactTest::RecordedRequest&) {
        Receipt r;
        r.Ticket = "4444-5555";
        r.StatusToken = "tok";
        r.Confirmation = "ok";
        r.Status = "received";
        return ImContactTest::Reply{ 201, ReceiptToJson(r) };
    });
    fx.Cfg.Endpoint = srv.Url();
    const std::thread::id render_thread = std::this_thread::get_id();
    std::atomic<int> log_calls{ 0 }, settings_calls{ 0 };
    std::atomic<bool> on_render_thread{ false };
    fx.Cfg.Attachments = {
        AttachmentSource::Callback("app.log", "text/plain; charset=utf-8",
                                   [&](std::vector<uint8_t>* out, std::string*) {
                                       ++log_calls;
                                       if (std::this_thread::get_id() == render_thread) on_render_thread = true;
                                       const std::string s = "2026-12-01 kaikki hyvin\n";
                                       out->assign(s.begin(), s.end());
                                       return true;
                                   }),
        AttachmentSource::Callback("settings.json", "application/json",
                                   [&](std::vector<uint8_t>* out, std::string*) {
                                       ++settings_calls;
                                       out->assign(2, '{');
                                       return true;
                                   }),
        AttachmentSource::File("missing.log", "text/plain; charset=utf-8", fx.Dir.Sub("missing.log")),
    };
    fx.Cfg.AttachmentDirs = { fx.Dir.Path() };
    Host h(fx.Cfg);
    h.OpenWithHotkey();
    FillValidForm(h);
    REQUIRE(h.Reveal(ImContact::ItemKey::WhatIsSent));
    h.Click(ImContact::ItemKey::WhatIsSent);
    // Every source has its checkbox, ticked; nothing was read to draw them.
    for (int i = 0; i < 3; ++i)
    {
        INFO(i);
        REQUIRE(h.Reveal(ImContact::ItemKeyIndexed(ImContact::ItemKey::AttachmentCheck, i).c_str()));
        CHECK(h.Contact->AttachInclude[static_cast<size_t>(i)]);
    }
    CHECK(log_calls == 0);
    h.Click(ImContact::ItemKeyIndexed(ImContact::ItemKey::AttachmentCheck, 1));   // untick settings.json
    CHECK_FALSE(h.Contact->AttachInclude[1]);
    REQUIRE(h.Reveal(ImContact::ItemKey::Send));
    h.Click(ImContact::ItemKey::Send);
    REQUIRE(h.FramesUntil([&] { return std::string(LastTicketNumber(h.Contact)) == "4444-5555"; }));

    CHECK(log_calls == 1);
    CHECK(settings_calls == 0);
    CHECK_FALSE(on_render_thread);
    const std::vector<ImContactTest::RecordedRequest> reqs = Posts(srv);
    REQUIRE(reqs.size() == 1);
    const auto parts = ImContactTest::ParseMultipart(reqs[0].Header("content-type"), reqs[0].Body);
    int attachments = 0;
    for (const auto& p : parts)
        if (p.Name == "attachment")
        {
            ++attachments;
            CHECK(p.FileName == "app.log");
            CHECK(p.Data == "2026-12-01 kaikki hyvin\n");
        }
    CHECK(attachments == 1);
    // The outcome lists what was done with each.
    REQUIRE(h.Contact->LastAttachments.size() == 3);
    CHECK(h.Contact->LastAttachments[1].Reason == AttachmentReason::Unticked);
    CHECK(h.Contact->LastAttachments[2].Reason == AttachmentReason::Missing);
    ImVec2 c;
    for (int i = 0; i < 3; ++i) CHECK(h.Rect(ImContact::ItemKeyIndexed(ImContact::ItemKey::AttachmentResult, i).c_str(), &c));
    // The next report starts with every file ticked again.
    CHECK(h.Contact->AttachInclude[1]);
}

TEST_CASE("a bidi override typed into a one-line field blocks sending with the field's message until removed", "[panel]")
{
    Fixture fx;
    Host h(fx.Cfg);
    h.OpenWithHotkey();
    REQUIRE(h.Open);
    FillValidForm(h);
    ImVec2 c;
    CHECK_FALSE(h.Rect(ImContact::ItemKey::WhyDisabled, &c));
    h.Click(ImContact::ItemKey::Reference);
    h.Type("LASKU-1\xE2\x80\xAE" "2");   // U+202E RIGHT-TO-LEFT OVERRIDE
    h.Frames(1);
    CHECK(h.Contact->Draft.Reference == "LASKU-1\xE2\x80\xAE" "2");
    bool named = false;
    for (const FieldError& e : ValidateForm(h.Contact->Draft, fx.Cfg.Limits))
        named = named || (e.Which == Field::Reference && e.Code == ErrorCode::ControlCharacter);
    CHECK(named);
    h.Click(ImContact::ItemKey::Send);
    CHECK(h.Contact->SendJob == 0);
    CHECK(h.Rect(ImContact::ItemKey::WhyDisabled, &c));
    h.Click(ImContact::ItemKey::Reference);
    for (int i = 0; i < 10; i++)   // wherever the click put the cursor, the field ends up empty
    {
        h.PressKey(kKeyBackspace);
        h.PressKey(kKeyDelete);
    }
    h.Type("LASKU-12");
    h.Frames(1);
    CHECK(h.Contact->Draft.Reference == "LASKU-12");
    CHECK_FALSE(h.Rect(ImContact::ItemKey::WhyDisabled, &c));
}
