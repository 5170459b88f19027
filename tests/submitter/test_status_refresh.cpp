// The submitter's status look-ups against the real receiver on loopback: conditional
// requests (the stored ETag goes out as If-None-Match, a 304 is Unchanged), the background
// refresh (SetStatusRefresh) with its backoff, and the Unseen mark (MarkTicketSeen).
#include <catch2/catch.hpp>

#include "imcontact/imcontact_submitter.h"
#include "imcontact_receiver.h"
#include "support/fault_server.h"
#include "support/sample_report.h"
#include "support/submitter_wait.h"
#include "support/temp_dir.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

using namespace ImContact;
using ImContactTest::QuickConfig;
using ImContactTest::SampleReport;
using ImContactTest::TempDir;
using ImContactTest::WaitEvent;
using Kind = SubmitterEvent::Kind;

namespace
{

struct Live
{
    TempDir Dir{ "imcontact-status" };
    std::string DbPath;
    std::unique_ptr<ImContactReceiver::Receiver> Rx;

    Live()
    {
        ImContactReceiver::Options opt;
        DbPath = Dir.Sub("contacts.db");
        opt.DbPath = DbPath;
        opt.LogRequests = false;
        Rx = std::make_unique<ImContactReceiver::Receiver>(opt);
        std::string err;
        INFO(err);
        REQUIRE(Rx->Start(&err));
    }
    void SetStatus(const std::string& ticket, const std::string& status, const std::string& note)
    {
        ImContactReceiver::Store store;
        std::string err;
        REQUIRE(store.Open(DbPath, &err));
        INFO(err);
        REQUIRE(store.SetStatus(ticket, status, note, &err));
    }
};

SubmitterConfig Config(const std::string& endpoint, const std::string& data_dir)
{
    SubmitterConfig cfg = QuickConfig(endpoint);
    cfg.DataDir = data_dir;
    cfg.StatusRefreshIntervalMs = 100;
    cfg.Retry.InitialDelayMs = 300;
    cfg.Retry.MaxDelayMs = 1200;
    cfg.Retry.Jitter = 0.0;
    return cfg;
}

std::string Send(Submitter& sub)
{
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
    INFO(ev.Detail);
    REQUIRE(ev.Ok);
    return ev.Receipt.Ticket;
}

nlohmann::json TicketInFile(const std::string& dir, const std::string& ticket)
{
    std::ifstream in(dir + "/tickets.json");
    std::stringstream ss;
    ss << in.rdbuf();
    const nlohmann::json doc = nlohmann::json::parse(ss.str(), nullptr, false);
    if (doc.is_object() && doc.contains("tickets"))
        for (const nlohmann::json& t : doc["tickets"])
            if (t.value("ticket", "") == ticket) return t;
    return nlohmann::json();
}

// The next background look-up (Job 0) of 'ticket' whose result is 'want'.
bool WaitBackground(Submitter& sub, const std::string& ticket, StatusOutcome want, SubmitterEvent* out, int timeout_ms = 10000)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline)
    {
        SubmitterEvent ev;
        const int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
        if (!WaitEvent(sub, Kind::StatusFinished, 0, &ev, left > 0 ? left : 1)) return false;
        if (ev.Job == 0 && ev.Ticket == ticket && ev.StatusResult == want)
        {
            *out = std::move(ev);
            return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("status look-ups are conditional: the stored ETag is sent, an unchanged ticket is a 304", "[submitter][net][receiver]")
{
    Live live;
    TempDir data;
    SubmitterConfig cfg = Config(live.Rx->Url(), data.Path());
    Submitter sub(cfg);
    const std::string ticket = Send(sub);

    // The first look-up has no ETag yet: a 200, the same status as sent, stored with its ETag.
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::StatusFinished, sub.RequestStatus(ticket), &ev));
    INFO(ev.Detail);
    REQUIRE(ev.Ok);
    CHECK(ev.HttpStatus == 200);
    CHECK(ev.StatusResult == StatusOutcome::Unchanged);   // "received", as the receipt said
    nlohmann::json entry = TicketInFile(data.Path(), ticket);
    const std::string etag = entry.value("etag", "");
    CHECK(etag.size() > 2);
    CHECK_FALSE(entry.value("unseen", true));

    // Again: the receiver is asked with If-None-Match and answers 304; the stored status comes back.
    REQUIRE(WaitEvent(sub, Kind::StatusFinished, sub.RequestStatus(ticket), &ev));
    REQUIRE(ev.Ok);
    CHECK(ev.HttpStatus == 304);
    CHECK(ev.StatusResult == StatusOutcome::Unchanged);
    CHECK(ev.Status.Status == "received");
    CHECK(ev.Status.History.size() == 1);

    // Changed by support: a 200, Updated, a new ETag, and the ticket is marked unseen.
    live.SetStatus(ticket, "in_progress", "Tutkimme asiaa");
    const uint64_t job = sub.RequestStatus(ticket);
    REQUIRE(WaitEvent(sub, Kind::StatusFinished, job, &ev));
    REQUIRE(ev.Ok);
    CHECK(ev.HttpStatus == 200);
    CHECK(ev.StatusResult == StatusOutcome::Updated);
    SubmitterEvent list;
    REQUIRE(WaitEvent(sub, Kind::TicketsLoaded, job, &list));
    REQUIRE(list.Tickets.size() == 1);
    CHECK(list.Tickets[0].Unseen);
    CHECK(list.Tickets[0].ETag != etag);
    entry = TicketInFile(data.Path(), ticket);
    CHECK(entry.value("etag", "") == list.Tickets[0].ETag);
    CHECK(entry.value("unseen", false));

    // Seen: cleared in the list and on disk, and still so for a new Submitter (a restart).
    sub.MarkTicketSeen(ticket);
    REQUIRE(WaitEvent(sub, Kind::TicketsLoaded, 0, &list));
    REQUIRE(list.Tickets.size() == 1);
    CHECK_FALSE(list.Tickets[0].Unseen);
    CHECK_FALSE(TicketInFile(data.Path(), ticket).value("unseen", true));
    sub.Shutdown(2000);
    Submitter again(cfg);
    REQUIRE(WaitEvent(again, Kind::TicketsLoaded, 0, &list));
    REQUIRE(list.Tickets.size() == 1);
    CHECK_FALSE(list.Tickets[0].Unseen);
    CHECK(list.Tickets[0].LastStatus == "in_progress");
    REQUIRE(WaitEvent(again, Kind::StatusFinished, again.RequestStatus(ticket), &ev));
    CHECK(ev.HttpStatus == 304);
}

TEST_CASE("background refresh: a status set on the receiver arrives without a request, and stops when turned off", "[submitter][net][receiver]")
{
    Live live;
    TempDir data;
    Submitter sub(Config(live.Rx->Url(), data.Path()));
    const std::string ticket = Send(sub);

    // Nothing is asked while it is off.
    SubmitterEvent ev;
    CHECK_FALSE(WaitEvent(sub, Kind::StatusFinished, 0, &ev, 400));

    sub.SetStatusRefresh(true);
    REQUIRE(WaitBackground(sub, ticket, StatusOutcome::Unchanged, &ev));   // the first round at once
    live.SetStatus(ticket, "waiting_for_customer", "Voitteko kertoa, mikä PDF-lukija teillä on?");
    REQUIRE(WaitBackground(sub, ticket, StatusOutcome::Updated, &ev));
    CHECK(ev.Status.Status == "waiting_for_customer");
    SubmitterEvent list;
    REQUIRE(WaitEvent(sub, Kind::TicketsLoaded, 0, &list));
    REQUIRE(list.Tickets.size() == 1);
    CHECK(list.Tickets[0].LastStatus == "waiting_for_customer");
    CHECK(list.Tickets[0].Unseen);
    // Unchanged rounds keep coming, as 304s.
    REQUIRE(WaitBackground(sub, ticket, StatusOutcome::Unchanged, &ev));
    CHECK(ev.HttpStatus == 304);

    sub.SetStatusRefresh(false);
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));   // a round in flight ends (one look-up)
    while (sub.PollEvent(&ev)) {}
    CHECK_FALSE(WaitEvent(sub, Kind::StatusFinished, 0, &ev, 500));
}

TEST_CASE("background refresh: an unreachable receiver is reported and asked with backoff", "[submitter][net]")
{
    ImContactTest::FaultServer srv;
    REQUIRE(srv.Start());
    srv.Respond(503, R"({"error":{"code":"unavailable","message":"down"}})");
    TempDir data;
    // A ticket in the list, as an earlier run left it.
    {
        std::ofstream(data.Sub("tickets.json"))
            << R"({"schema":1,"tickets":[{"ticket":"1234-5678","status_token":"tok","last_status":"in_progress"}]})";
    }
    Submitter sub(Config(srv.Url(), data.Path()));
    sub.SetStatusRefresh(true);
    SubmitterEvent ev;
    REQUIRE(WaitBackground(sub, "1234-5678", StatusOutcome::Unreachable, &ev));
    CHECK_FALSE(ev.Ok);
    CHECK(ev.Why == Failure::ServerError);
    // Interval 100 ms, backoff 300, 600, 1200, 1200... ms: in 2 s about 4 look-ups, not 20.
    const size_t before = srv.RequestCount();
    std::this_thread::sleep_for(std::chrono::milliseconds(2000));
    const size_t asked = srv.RequestCount() - before;
    CHECK(asked >= 1);
    CHECK(asked <= 5);
}
