// "Omat yhteydenotot" keeps itself up to date (issue 8, point 5), driven through ImGui's
// real input on the shared host (support/panel_host.h) against the real receiver: a
// status set by support reaches the open panel without a click on "Päivitä tilat", with
// a "last updated" time; a changed ticket is marked "Uusi" and counted on the envelope
// until it is opened (and stays so across a restart); an unreachable receiver is said
// quietly; an unchanged ticket costs the receiver a 304.
#include "support/panel_host.h"
#include "support/submitter_wait.h"

#include <fstream>
#include <regex>
#include <sstream>

using namespace ImContactPanelTest;

namespace
{

// The fixture with a short refresh interval, so the background rounds come quickly.
void QuickRefresh(Fixture& fx)
{
    fx.Cfg.StatusRefreshIntervalMs = 150;
}

// Sends a report through the form and returns its ticket, the panel open on My requests.
std::string SendAndShowMine(Host& h)
{
    SendFilledForm(h);
    REQUIRE(h.FramesUntil([&] { return std::string(LastTicketNumber(h.Contact)).size() == 9; }));
    const std::string ticket = LastTicketNumber(h.Contact);
    REQUIRE(h.FramesUntil([&] { return !GetTickets(h.Contact).empty(); }));
    h.Click(ImContact::ItemKey::TabMine);
    return ticket;
}

void SetStatus(Fixture& fx, const std::string& ticket, const char* status, const char* note)
{
    ImContactReceiver::Store store;
    std::string err;
    REQUIRE(store.Open(fx.RxOpt.DbPath, &err));
    INFO(err);
    REQUIRE(store.SetStatus(ticket, status, note, &err));
}

bool Drawn(Host& h, const std::string& key)
{
    ImVec2 c;
    return h.Rect(key.c_str(), &c);
}

bool Shows(Host& h, const std::string& text) { return h.FrameText().find(text) != std::string::npos; }

// The line of the frame's text that has 'needle' in it.
std::string LineWith(const std::string& text, const std::string& needle)
{
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (line.find(needle) != std::string::npos) return line;
    return std::string();
}

std::string ReadAll(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

TEST_CASE("a status set on the receiver reaches the open panel without a click, with the time it was updated", "[panel][status]")
{
    Fixture fx;
    QuickRefresh(fx);
    Host h(fx.Cfg);
    const std::string ticket = SendAndShowMine(h);
    const std::string status_key = ImContact::ItemKeyFor(ImContact::ItemKey::Status, ticket);
    REQUIRE(h.FramesUntil([&] { return Drawn(h, status_key); }));
    CHECK(LineWith(h.FrameText(), ticket).find("Vastaanotettu") != std::string::npos);

    // Support changes it (as `set-status` does); nobody presses "Päivitä tilat".
    SetStatus(fx, ticket, "in_progress", "Otettu käsittelyyn");
    REQUIRE(h.FramesUntil([&] { return LineWith(h.FrameText(), ticket).find("Käsittelyssä") != std::string::npos; }, 8000));
    CHECK(Drawn(h, status_key));
    CHECK(GetTickets(h.Contact).back().LastStatus == "in_progress");

    // "Päivitetty 17.35": local hours and minutes, Finnish style; English "Updated 17:35".
    REQUIRE(h.FramesUntil([&] { return Drawn(h, ImContact::ItemKey::StatusUpdated); }));
    const std::string text = h.FrameText();
    INFO(text);
    CHECK(std::regex_search(text, std::regex("Päivitetty [0-9]{1,2}\\.[0-9]{2}")));
    CHECK_FALSE(Drawn(h, ImContact::ItemKey::StatusOffline));
    SetLanguage(h.Contact, Language::English);
    const std::string english = h.FrameText();
    INFO(english);
    CHECK(std::regex_search(english, std::regex("Updated [0-9]{2}:[0-9]{2}")));
    SetLanguage(h.Contact, Language::Finnish);

    // "Päivitä tilat" still asks at once.
    SetStatus(fx, ticket, "waiting_for_customer", "Voitteko kertoa, mikä PDF-lukija teillä on?");
    h.Click(ImContact::ItemKey::Refresh);
    REQUIRE(h.FramesUntil([&] { return GetTickets(h.Contact).back().LastStatus == "waiting_for_customer"; }));
}

TEST_CASE("a changed ticket is marked and counted on the envelope until it is opened, across a restart", "[panel][status]")
{
    Fixture fx;
    QuickRefresh(fx);
    std::string ticket;
    {
        Host h(fx.Cfg);
        ticket = SendAndShowMine(h);
        const std::string unseen_key = ImContact::ItemKeyFor(ImContact::ItemKey::Unseen, ticket);
        // Nothing new yet: the ticket as sent is no news.
        h.Frames(30);
        CHECK(UnreadCount(h.Contact) == 0);
        CHECK_FALSE(Drawn(h, unseen_key));
        CHECK_FALSE(Drawn(h, ImContact::ItemKey::EnvelopeBadge));

        SetStatus(fx, ticket, "waiting_for_customer", "Voitteko kertoa, mikä PDF-lukija teillä on?");
        REQUIRE(h.FramesUntil([&] { return Drawn(h, unseen_key); }, 8000));
        CHECK(UnreadCount(h.Contact) == 1);
        h.Frame();   // the menu bar is drawn before the panel takes the worker's news
        CHECK(Drawn(h, ImContact::ItemKey::EnvelopeBadge));
        const std::string text = h.FrameText();
        CHECK(LineWith(text, ticket).find("Uusi") != std::string::npos);
        CHECK(ReadAll(fx.Cfg.DataDir + "/tickets.json").find("\"unseen\": true") != std::string::npos);
    }
    {
        // A restart: still unseen; the badge is on the envelope before the panel is opened.
        Host h(fx.Cfg);
        REQUIRE(h.FramesUntil([&] { return UnreadCount(h.Contact) == 1; }));
        REQUIRE(h.FramesUntil([&] { return Drawn(h, ImContact::ItemKey::EnvelopeBadge); }));
        h.Click(ImContact::ItemKey::Envelope);   // the envelope opens the panel
        REQUIRE(h.FramesUntil([&] { return h.Open; }));
        h.Click(ImContact::ItemKey::TabMine);
        const std::string unseen_key = ImContact::ItemKeyFor(ImContact::ItemKey::Unseen, ticket);
        REQUIRE(h.FramesUntil([&] { return Drawn(h, unseen_key); }));

        // Opened: the mark and the count go, and the history shows the agent's note.
        h.Click(ImContact::ItemKeyFor(ImContact::ItemKey::Row, ticket));
        REQUIRE(h.FramesUntil([&] { return UnreadCount(h.Contact) == 0 && !Drawn(h, unseen_key); }));
        h.Frame();
        CHECK_FALSE(Drawn(h, ImContact::ItemKey::EnvelopeBadge));
        REQUIRE(h.FramesUntil([&] { return Shows(h, "Voitteko kertoa"); }));
        REQUIRE(h.FramesUntil([&] { return ReadAll(fx.Cfg.DataDir + "/tickets.json").find("\"unseen\": false") != std::string::npos; }));
    }
    {
        Host h(fx.Cfg);
        h.Frames(20);
        REQUIRE(h.FramesUntil([&] { return !GetTickets(h.Contact).empty(); }));
        CHECK(UnreadCount(h.Contact) == 0);
    }
}

TEST_CASE("a ticket opened for the first time shows its history", "[panel][status]")
{
    Fixture fx;
    fx.Cfg.StatusRefreshIntervalMs = 0;   // no background refresh: what the panel has at once
    Host h(fx.Cfg);
    const std::string ticket = SendAndShowMine(h);
    h.Click(ImContact::ItemKeyFor(ImContact::ItemKey::Row, ticket));
    const std::string text = h.FrameText();
    INFO(text);
    const size_t heading = text.find("Käsittelyhistoria");
    REQUIRE(heading != std::string::npos);
    CHECK(text.find("Vastaanotettu", heading) != std::string::npos);   // the "received" entry under it
}

TEST_CASE("an unreachable receiver is said quietly in the refresh row, and goes when it is back", "[panel][status]")
{
    Fixture fx;
    QuickRefresh(fx);
    const int port = fx.Rx->Port();
    Host h(fx.Cfg);
    const std::string ticket = SendAndShowMine(h);
    REQUIRE(h.FramesUntil([&] { return Drawn(h, ImContact::ItemKey::StatusUpdated); }));

    fx.Rx->Stop();
    REQUIRE(h.FramesUntil([&] { return Drawn(h, ImContact::ItemKey::StatusOffline); }, 8000));
    CHECK(Shows(h, "Ei yhteyttä palvelimeen – tilat päivitetään, kun yhteys palaa"));
    CHECK_FALSE(Drawn(h, ImContact::ItemKey::StatusUpdated));
    CHECK(h.Contact->LastFailure.Why == Failure::None);   // no error banner for it
    SetLanguage(h.Contact, Language::English);
    CHECK(Shows(h, "No connection to the server"));
    SetLanguage(h.Contact, Language::Finnish);

    // Back on the same port: the next round (after the backoff) clears it.
    fx.RxOpt.Port = port;
    fx.Rx.reset(new ImContactReceiver::Receiver(fx.RxOpt));
    std::string err;
    REQUIRE(fx.Rx->Start(&err));
    REQUIRE(h.FramesUntil([&] { return Drawn(h, ImContact::ItemKey::StatusUpdated); }, 8000));
    CHECK_FALSE(Drawn(h, ImContact::ItemKey::StatusOffline));
}

TEST_CASE("the panel's refresh stores the receiver's ETag: an unchanged ticket is answered 304", "[panel][status]")
{
    Fixture fx;
    QuickRefresh(fx);
    std::string ticket;
    {
        Host h(fx.Cfg);
        ticket = SendAndShowMine(h);
        REQUIRE(h.FramesUntil([&] { return !GetTickets(h.Contact).back().ETag.empty(); }, 8000));
    }
    // What the panel's worker stored is current: the receiver answers it without a body.
    SubmitterConfig sc;
    sc.Endpoint = fx.Cfg.Endpoint;
    sc.DataDir = fx.Cfg.DataDir;
    Submitter sub(sc);
    SubmitterEvent ev;
    REQUIRE(ImContactTest::WaitEvent(sub, SubmitterEvent::Kind::StatusFinished, sub.RequestStatus(ticket), &ev));
    INFO(ev.Detail);
    CHECK(ev.Ok);
    CHECK(ev.HttpStatus == 304);
    CHECK(ev.StatusResult == StatusOutcome::Unchanged);
}

TEST_CASE("'Päivitä tilat' while the receiver is down says so, instead of nothing", "[panel][status]")
{
    Fixture fx;
    fx.Cfg.StatusRefreshIntervalMs = 0;   // only the button asks
    Host h(fx.Cfg);
    SendAndShowMine(h);
    h.Frames(10);
    CHECK_FALSE(Drawn(h, ImContact::ItemKey::StatusOffline));
    fx.Rx->Stop();
    h.Click(ImContact::ItemKey::Refresh);
    REQUIRE(h.FramesUntil([&] { return Drawn(h, ImContact::ItemKey::StatusOffline); }));
    CHECK(Shows(h, "Ei yhteyttä palvelimeen"));
}
