// The outbox under real faults (issue 3): the real receiver in-process (SQLite in a
// temporary directory), real libcurl, and between them a fault-injecting TCP proxy
// (support/fault_proxy.h) that refuses, resets, stalls, trickles, answers 5xx/429 itself
// or drops the answer after the receiver has committed. Each case checks the end state
// in the receiver's database and in the outbox directory.
//
// The disk-full and unwritable-outbox cases run imcontact-send as a child process (a
// file-size limit must not hit the test process's own SQLite file).
#include <catch2/catch.hpp>

#include "imcontact_receiver.h"
#include "imcontact/imcontact_submitter.h"
#include "imcontact/internal/png_codec.h"
#include "support/fault_rig.h"
#include "support/fault_proxy.h"
#include "support/png.h"
#include "support/sample_report.h"
#include "support/temp_dir.h"

#if defined(IMCONTACT_SEND_BIN)
#include "support/child_process.h"
#endif

#include <httplib.h>

#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <thread>

using namespace ImContact;
using namespace ImContactTest;
using Clock = std::chrono::steady_clock;
using Mode = FaultProxy::Mode;
using PFault = FaultProxy::Fault;

namespace
{

long long MsSince(Clock::time_point t0)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
}
long long MsBetween(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count();
}

// A valid report whose message carries 'marker' (so its ticket can be found by it).
Report MarkedReport(const std::string& marker)
{
    Report r = SampleReport();
    r.Fields.Message = "Raportti kaatuu, merkki " + marker + ".";
    return r;
}

bool IsTicket(const std::string& s) { return std::regex_match(s, std::regex(R"(^\d{4}-\d{4}$)")); }


// Waits for the SendFinished of 'job' and checks it says "saved, will be sent later".
SubmitterEvent RequireQueued(EventLog& log, uint64_t job, int timeout_ms = 8000)
{
    const int i = log.WaitFor(SendOf(job), timeout_ms);
    INFO(log.Describe());
    REQUIRE(i >= 0);
    const SubmitterEvent ev = log[i];
    CHECK_FALSE(ev.Ok);
    CHECK(ev.Outcome == SendOutcome::SavedWillRetry);
    CHECK(ev.Queued);
    CHECK_FALSE(ev.LocalReference.empty());
    return ev;
}

// Waits for the Delivered event of 'ref'.
SubmitterEvent RequireDelivered(EventLog& log, const std::string& ref, int timeout_ms = 10000)
{
    const int i = log.WaitFor(DeliveredAs(ref), timeout_ms);
    INFO(log.Describe());
    REQUIRE(i >= 0);
    const SubmitterEvent ev = log[i];
    CHECK(IsTicket(ev.Receipt.Ticket));
    return ev;
}

// The outbox holds nothing any more: no report, no temporary file, no lock.
void CheckOutboxEmpty(const std::string& dir)
{
    // The worker removes the file before it reports the delivery; allow it a moment anyway.
    OutboxListing l;
    for (int i = 0; i < 100; ++i)
    {
        l = ListOutbox(dir);
        if (l.Reports.empty() && l.Temps.empty() && l.Locks.empty()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    INFO("outbox: " << l.Describe());
    CHECK(l.Reports.empty());
    CHECK(l.Temps.empty());
    CHECK(l.Locks.empty());
}

// The key of the one queued report of an OutboxChanged list, by local reference.
std::string KeyOf(const EventLog& log, const std::string& ref)
{
    for (auto it = log.Events().rbegin(); it != log.Events().rend(); ++it)
        if (it->What == Kind::OutboxChanged)
            for (const QueuedReport& q : it->Outbox)
                if (q.LocalReference == ref) return q.IdempotencyKey;
    return std::string();
}

httplib::MultipartFormDataItems Parts(const Report& r)
{
    return { { "report", ReportToJson(r), "report.json", "application/json" } };
}

} // namespace

// ---------------------------------------------------------------------------------------
// The proxy itself, in front of the real receiver (no submitter involved).

TEST_CASE("fault proxy: every mode does what it says, against the real receiver", "[faults][proxy]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    auto client = [&] {
        auto c = std::make_unique<httplib::Client>("127.0.0.1", rig.Proxy.Port());
        c->set_connection_timeout(2, 0);
        c->set_read_timeout(2, 0);
        c->set_write_timeout(2, 0);
        return c;
    };
    Report r = SampleReport();

    SECTION("pass-through: one ticket, the answer reaches the client")
    {
        r.IdempotencyKey = "proxy-pass-0000001";
        httplib::Result res = client()->Post(ContactsPath, Parts(r));
        REQUIRE(res);
        CHECK(res->status == 201);
        Receipt receipt;
        REQUIRE(ParseReceipt(res->body, &receipt));
        CHECK(rig.CountTickets() == 1);
        // The client has its answer; the proxy notes "Answered" just after writing it.
        // The client is gone, so the proxy's connection ends: wait for that.
        REQUIRE(rig.Proxy.WaitIdle(5000));
        const auto reqs = rig.Proxy.Requests();
        REQUIRE(reqs.size() == 1);
        CHECK(reqs[0].Method == "POST");
        CHECK(reqs[0].Path == ContactsPath);
        CHECK(reqs[0].RequestForwarded);
        CHECK(reqs[0].UpstreamStatus == 201);
        CHECK(reqs[0].Answered);
        CHECK(KeyInBody(reqs[0].BodyStart) == r.IdempotencyKey);
    }
    SECTION("refused while not listening, served again after")
    {
        rig.Proxy.StopListening();
        httplib::Result res = client()->Post(ContactsPath, Parts(r));
        CHECK_FALSE(res);
        CHECK(rig.Proxy.Connections() == 0);
        rig.Proxy.StartListening();
        res = client()->Post(ContactsPath, Parts(r));
        REQUIRE(res);
        CHECK(res->status == 201);
        CHECK(rig.CountTickets() == 1);
    }
    SECTION("close at once and reset mid-upload: no ticket")
    {
        rig.Proxy.Then(Mode::CloseAtOnce).Then(PFault::ResetAfter(200));
        CHECK_FALSE(client()->Post(ContactsPath, Parts(r)));
        CHECK_FALSE(client()->Post(ContactsPath, Parts(r)));
        const auto reqs = rig.Proxy.Requests();
        REQUIRE(reqs.size() == 2);
        CHECK(reqs[1].BytesForwarded == 200);
        CHECK_FALSE(reqs[1].RequestForwarded);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        CHECK(rig.CountTickets() == 0);
    }
    SECTION("answers 429 with Retry-After itself, without forwarding")
    {
        rig.Proxy.Then(PFault::Respond(429, "7"));
        httplib::Result res = client()->Post(ContactsPath, Parts(r));
        REQUIRE(res);
        CHECK(res->status == 429);
        CHECK(res->get_header_value("Retry-After") == "7");
        ApiError e;
        CHECK(ParseApiError(res->body, &e));
        CHECK(rig.Proxy.ForwardedCount() == 0);
        CHECK(rig.CountTickets() == 0);
    }
    SECTION("drops the answer after the receiver committed; the replay gets the same ticket")
    {
        r.IdempotencyKey = "proxy-drop-0000001";
        rig.Proxy.Then(Mode::DropResponse);
        CHECK_FALSE(client()->Post(ContactsPath, Parts(r)));
        CHECK(rig.CountTickets() == 1);
        const auto first = rig.Proxy.Requests().at(0);
        CHECK(first.UpstreamStatus == 201);
        CHECK_FALSE(first.Answered);
        Receipt dropped;
        REQUIRE(ParseReceipt(first.UpstreamBody, &dropped));
        httplib::Result res = client()->Post(ContactsPath, Parts(r));
        REQUIRE(res);
        CHECK(res->status == 200);
        Receipt replay;
        REQUIRE(ParseReceipt(res->body, &replay));
        CHECK(replay.Ticket == dropped.Ticket);
        CHECK(rig.CountTickets() == 1);
    }
    SECTION("stall and trickle hold the client until its timeout")
    {
        // httplib's read timeout is per read: the trickle is slower than it.
        rig.Proxy.Then(Mode::Stall).Then(PFault::TrickleEvery(1000));
        auto c = client();
        c->set_read_timeout(0, 600000);
        c->set_write_timeout(0, 600000);
        const auto t0 = Clock::now();
        CHECK_FALSE(c->Post(ContactsPath, Parts(r)));
        CHECK(MsSince(t0) >= 500);
        httplib::Result trickled = c->Post(ContactsPath, Parts(r));
        CHECK_FALSE(trickled);
        rig.Proxy.ReleaseStalled();
        const auto reqs = rig.Proxy.Requests();
        REQUIRE(reqs.size() == 2);
        CHECK(reqs[0].Applied == Mode::Stall);
        CHECK(reqs[1].Applied == Mode::Trickle);
        CHECK(reqs[1].Method == "POST");
        CHECK(rig.Proxy.ForwardedCount() == 0);
        CHECK(rig.CountTickets() == 0);
    }
}

// ---------------------------------------------------------------------------------------
// The submitter and its outbox under faults.

TEST_CASE("faults: receiver down, then up: delivered after it comes back, exactly one ticket", "[faults][net]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    rig.StopReceiver();
    rig.Proxy.StopListening();
    TempDir data;
    const SubmitterConfig cfg = FaultConfig(rig.Endpoint(), data.Path());
    Submitter sub(cfg);
    EventLog log(sub);

    const uint64_t job = sub.SubmitReport(MarkedReport("down-up"), RgbaImage());
    const SubmitterEvent first = RequireQueued(log, job);
    CHECK(first.Why == Failure::Unreachable);
    const std::string ref = first.LocalReference;
    {
        const OutboxListing l = ListOutbox(cfg.OutboxDir);
        INFO(l.Describe());
        CHECK(l.Reports.size() == 1);
        CHECK(l.Temps.empty());
    }
    // A few retries meet the closed port.
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    log.Pump();
    CHECK(rig.Proxy.Connections() == 0);
    CHECK(rig.CountTickets() == 0);
    CHECK(log.Count(IsKind(Kind::Delivered)) == 0);

    std::string err;
    REQUIRE(rig.RestartReceiver(&err));
    rig.Proxy.StartListening();
    const SubmitterEvent delivered = RequireDelivered(log, ref);
    CHECK(delivered.Job == 0);   // the worker's own retry
    CHECK(delivered.Outcome == SendOutcome::Delivered);
    const std::string key = KeyOf(log, ref);
    CHECK_FALSE(key.empty());
    // Retried (and refused) more than once while it was down.
    int most_attempts = 0;
    for (const SubmitterEvent& e : log.Events())
        if (e.What == Kind::OutboxChanged && e.Outbox.size() == 1) most_attempts = std::max(most_attempts, e.Outbox[0].Attempts);
    CHECK(most_attempts >= 2);
    // My requests learned the ticket: the event, and tickets.json in the data directory.
    const int list = log.WaitFor([&](const SubmitterEvent& e) {
        return e.What == Kind::TicketsLoaded && e.Tickets.size() == 1 && e.Tickets[0].Ticket == delivered.Receipt.Ticket;
    }, 3000);
    CHECK(list >= 0);
    {
        std::ifstream f(data.Sub("tickets.json"));
        const std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
        CHECK(text.find(delivered.Receipt.Ticket) != std::string::npos);
    }

    const auto tickets = rig.Tickets();
    REQUIRE(tickets.size() == 1);
    CHECK(tickets[0].Summary.Ticket == delivered.Receipt.Ticket);
    CHECK(tickets[0].Report.IdempotencyKey == key);
    CHECK(tickets[0].Report.Fields.Message == MarkedReport("down-up").Fields.Message);
    CHECK(rig.Proxy.ForwardedCount() == 1);
    CHECK(log.WaitFor(OutboxEmpty(), 3000) >= 0);
    CheckOutboxEmpty(cfg.OutboxDir);
}

TEST_CASE("faults: 5xx, then success: one ticket", "[faults][net]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    rig.Proxy.Then(PFault::Respond(500)).Then(PFault::Respond(503));
    TempDir data;
    const SubmitterConfig cfg = FaultConfig(rig.Endpoint(), data.Path());
    Submitter sub(cfg);
    EventLog log(sub);

    const uint64_t job = sub.SubmitReport(MarkedReport("5xx"), NoiseImage(16, 16, 5));
    const SubmitterEvent first = RequireQueued(log, job);
    CHECK(first.Why == Failure::ServerError);
    CHECK(first.HttpStatus == 500);
    const SubmitterEvent delivered = RequireDelivered(log, first.LocalReference);
    CHECK(delivered.HttpStatus == 201);

    const auto reqs = rig.Proxy.Requests();
    REQUIRE(reqs.size() == 3);
    CHECK(reqs[0].Applied == Mode::Respond);
    CHECK(reqs[1].Applied == Mode::Respond);
    CHECK(reqs[2].RequestForwarded);
    // Every attempt was the same report, with the key the worker generated.
    const std::string key = KeyInBody(reqs[0].BodyStart);
    CHECK(std::regex_match(key, std::regex("^[0-9a-f]{32}$")));
    for (const auto& r : reqs) CHECK(KeyInBody(r.BodyStart) == key);
    const auto tickets = rig.Tickets();
    REQUIRE(tickets.size() == 1);
    CHECK(tickets[0].Summary.Ticket == delivered.Receipt.Ticket);
    CHECK(tickets[0].Report.IdempotencyKey == key);
    CheckOutboxEmpty(cfg.OutboxDir);
}

TEST_CASE("faults: 429 with Retry-After: no request before the deadline", "[faults][net]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    TempDir data;
    SubmitterConfig cfg = FaultConfig(rig.Endpoint(), data.Path());
    long long min_gap_ms = 0, max_gap_ms = 0;

    // (GENERATE rather than sections: these only choose the parameters.)
    const int variant = GENERATE(0, 1, 2);
    if (variant == 0)
    {
        // Retry-After: 2 (seconds); DeliverPendingNow() below asks early.
        rig.Proxy.Then(PFault::Respond(429, "2"));
        min_gap_ms = 2000;
        max_gap_ms = 4000;
    }
    else if (variant == 1)
    {
        // Over the cap: it waits the cap, not an hour.
        cfg.Retry.MaxRetryAfterMs = 1200;
        rig.Proxy.Then(PFault::Respond(429, "3600"));
        min_gap_ms = 1200 - 20;
        max_gap_ms = 3500;
    }
    else
    {
        rig.Proxy.Then(PFault::Respond(503, "1"));
        min_gap_ms = 1000;
        max_gap_ms = 3000;
    }
    INFO("variant " << variant << " (0: 429 Retry-After 2, 1: 429 Retry-After 3600 over a 1.2 s cap, 2: 503 Retry-After 1)");
    Submitter sub(cfg);
    EventLog log(sub);
    const uint64_t job = sub.SubmitReport(MarkedReport("retry-after"), RgbaImage());
    const SubmitterEvent first = RequireQueued(log, job);
    CHECK((first.HttpStatus == 429 || first.HttpStatus == 503));
    // "Tries every pending report once now, ignoring backoff (not Retry-After)".
    sub.DeliverPendingNow();
    const SubmitterEvent delivered = RequireDelivered(log, first.LocalReference, 10000);

    const auto reqs = rig.Proxy.Requests();
    REQUIRE(reqs.size() == 2);
    const long long gap = MsBetween(reqs[0].Arrived, reqs[1].Arrived);
    INFO("second request " << gap << " ms after the first");
    CHECK(gap >= min_gap_ms);
    CHECK(gap <= max_gap_ms);
    CHECK(rig.CountTickets() == 1);
    CHECK(rig.Tickets().at(0).Summary.Ticket == delivered.Receipt.Ticket);
    CheckOutboxEmpty(cfg.OutboxDir);
}

TEST_CASE("faults: stall or trickle: aborted by the timeouts, the report stays queued", "[faults][net]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    TempDir data;
    SubmitterConfig cfg = FaultConfig(rig.Endpoint(), data.Path());
    cfg.TotalTimeoutMs = 1500;
    long long min_ms = 1300, max_ms = 4000;
    std::string what;

    const int variant = GENERATE(0, 1, 2);
    if (variant == 0)
    {
        rig.Proxy.SetDefault(Mode::Stall);
        what = "stall after accepting: total timeout";
    }
    else if (variant == 1)
    {
        rig.Proxy.SetDefault(PFault::TrickleEvery(50));
        what = "trickle (a byte every 50 ms): total timeout";
    }
    else
    {
        cfg.TotalTimeoutMs = 30000;
        cfg.LowSpeedTimeSec = 1;
        rig.Proxy.SetDefault(PFault::TrickleEvery(1500));
        what = "trickle slower than 1 byte/s: low-speed limit";
        // libcurl averages the speed over about the last 5 s, and the upload itself counts:
        // the limit bites some 5 s + LowSpeedTimeSec after the request went out.
        min_ms = 900;
        max_ms = 10000;
    }
    INFO(what);
    std::string ref;
    {
        Submitter sub(cfg);
        EventLog log(sub);
        const auto t0 = Clock::now();
        const uint64_t job = sub.SubmitReport(MarkedReport("stall"), RgbaImage());
        const SubmitterEvent first = RequireQueued(log, job, 10000);
        const long long took = MsSince(t0);
        INFO("aborted after " << took << " ms: " << first.Detail);
        CHECK(first.Why == Failure::Timeout);
        CHECK(took >= min_ms);
        CHECK(took <= max_ms);
        ref = first.LocalReference;
        CHECK(rig.Proxy.RequestCount() >= 1);
        CHECK(rig.Proxy.ForwardedCount() == 0);
        const OutboxListing l = ListOutbox(cfg.OutboxDir);
        INFO(l.Describe());
        CHECK(l.Reports.size() == 1);
        const auto t1 = Clock::now();
        CHECK(sub.Shutdown(2000));
        CHECK(MsSince(t1) <= 2250);
    }
    // Still queued after the process is gone; the next start delivers it.
    CHECK(ListOutbox(cfg.OutboxDir).Reports.size() == 1);
    CHECK(rig.CountTickets() == 0);
    rig.Proxy.ReleaseStalled();
    rig.Proxy.SetDefault(Mode::Pass);
    Submitter again(cfg);
    EventLog log(again);
    const SubmitterEvent delivered = RequireDelivered(log, ref);
    CHECK(rig.CountTickets() == 1);
    CHECK(rig.Tickets().at(0).Summary.Ticket == delivered.Receipt.Ticket);
    CheckOutboxEmpty(cfg.OutboxDir);
}

TEST_CASE("faults: reset mid-upload: no partial ticket, then one complete ticket", "[faults][net]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    TempDir data;
    const SubmitterConfig cfg = FaultConfig(rig.Endpoint(), data.Path());
    Submitter sub(cfg);
    EventLog log(sub);
    const RgbaImage img = NoiseImage(192, 192, 11);   // ~150 KB of PNG
    std::vector<uint8_t> png;
    REQUIRE(EncodePng(img, &png));

    size_t reset_at = 0, probe_length = 0;
    int probe_tickets = 0;
    const bool near_end = GENERATE(false, true);
    INFO((near_end ? "reset one byte before the end of the request" : "reset after 64 KiB"));
    if (!near_end)
    {
        reset_at = 64 * 1024;
    }
    else
    {
        // A probe of exactly the same size tells the request's length.
        Report probe = MarkedReport("reset-probe0");   // as long as "reset-upload"
        probe.IdempotencyKey = "0123456789abcdef0123456789abcdef";
        probe.ScreenshotPng = png;
        const uint64_t pj = sub.SubmitReport(probe, RgbaImage());
        const int i = log.WaitFor(SendOf(pj), 10000);
        REQUIRE(i >= 0);
        REQUIRE(log[i].Ok);
        const auto reqs = rig.Proxy.Requests();
        REQUIRE(reqs.size() == 1);
        reset_at = reqs[0].BytesFromClient - 1;
        probe_length = reqs[0].ContentLength;
        probe_tickets = 1;
        rig.Proxy.ClearRecords();
    }
    rig.Proxy.Then(PFault::ResetAfter(reset_at)).Then(PFault::ResetAfter(reset_at));
    Report r = MarkedReport("reset-upload");
    r.IdempotencyKey = "fedcba9876543210fedcba9876543210";   // same length as the probe's
    const uint64_t job = sub.SubmitReport(r, std::make_shared<const RgbaImage>(img));
    const SubmitterEvent first = RequireQueued(log, job);
    INFO(first.Detail);
    CHECK(first.Why == Failure::Unreachable);
    {
        const auto reqs = rig.Proxy.Requests();
        REQUIRE(!reqs.empty());
        CHECK(reqs[0].BytesForwarded == reset_at);
        CHECK_FALSE(reqs[0].RequestForwarded);
        CHECK(reqs[0].ContentLength > reset_at - 1000);
        // The same length as the probe: the receiver got all of it but the last byte.
        if (probe_tickets) CHECK(reqs[0].ContentLength == probe_length);
    }
    CHECK(rig.CountTickets() == probe_tickets);   // the second attempt is reset too

    const SubmitterEvent delivered = RequireDelivered(log, first.LocalReference);
    CHECK(rig.Proxy.RequestCount() == 3);
    CHECK(rig.Proxy.ForwardedCount() == 1);
    CHECK(rig.CountTickets() == probe_tickets + 1);
    ImContactReceiver::Store st;
    std::string err;
    REQUIRE(st.Open(rig.DbPath(), &err));
    ImContactReceiver::TicketDetails d;
    REQUIRE(st.Show(delivered.Receipt.Ticket, &d));
    CHECK(d.Report.IdempotencyKey == r.IdempotencyKey);
    CHECK(d.Report.Fields.Message == r.Fields.Message);
    CHECK(d.Summary.HasScreenshot);
    std::vector<uint8_t> pixels;
    int w = 0, h = 0;
    REQUIRE(DecodePngRgba(d.Report.ScreenshotPng.data(), d.Report.ScreenshotPng.size(), &pixels, &w, &h));
    CHECK(w == img.Width);
    CHECK(h == img.Height);
    CHECK(pixels == img.Pixels);
    CheckOutboxEmpty(cfg.OutboxDir);
}

TEST_CASE("faults: response lost after commit: the replay returns the same ticket", "[faults][net]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    rig.Proxy.Then(Mode::DropResponse);
    TempDir data;
    const SubmitterConfig cfg = FaultConfig(rig.Endpoint(), data.Path());
    Submitter sub(cfg);
    EventLog log(sub);

    const uint64_t job = sub.SubmitReport(MarkedReport("lost-answer"), RgbaImage());
    const SubmitterEvent first = RequireQueued(log, job);
    INFO(first.Detail);
    const auto reqs0 = rig.Proxy.Requests();
    REQUIRE(reqs0.size() >= 1);
    CHECK(reqs0[0].UpstreamStatus == 201);
    CHECK_FALSE(reqs0[0].Answered);
    Receipt dropped;
    REQUIRE(ParseReceipt(reqs0[0].UpstreamBody, &dropped));

    const SubmitterEvent delivered = RequireDelivered(log, first.LocalReference);
    CHECK(delivered.Receipt.Ticket == dropped.Ticket);
    CHECK(delivered.Receipt.StatusToken == dropped.StatusToken);
    CHECK(delivered.Receipt.Replayed);
    const auto reqs = rig.Proxy.Requests();
    REQUIRE(reqs.size() == 2);
    CHECK(reqs[1].UpstreamStatus == 200);
    CHECK(KeyInBody(reqs[0].BodyStart) == KeyInBody(reqs[1].BodyStart));
    const auto tickets = rig.Tickets();
    REQUIRE(tickets.size() == 1);
    CHECK(tickets[0].Summary.Ticket == dropped.Ticket);

    // "My requests" has it once.
    const int list = log.WaitFor([&](const SubmitterEvent& e) {
        return e.What == Kind::TicketsLoaded &&
               std::any_of(e.Tickets.begin(), e.Tickets.end(), [&](const LocalTicket& t) { return t.Ticket == dropped.Ticket; });
    }, 3000);
    REQUIRE(list >= 0);
    CHECK(log[list].Tickets.size() == 1);
    CheckOutboxEmpty(cfg.OutboxDir);
}

TEST_CASE("faults: an unwritable outbox is a Storage failure and nothing is sent", "[faults][net]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    TempDir data;
    SubmitterConfig cfg = FaultConfig(rig.Endpoint(), data.Path());
    const std::string blocker = data.Sub("not-a-directory");
    WriteFile(blocker, "a regular file where the outbox should be\n");
    const bool below = GENERATE(false, true);
    INFO((below ? "the outbox's parent is a regular file" : "the outbox path is a regular file"));
    cfg.OutboxDir = below ? blocker + "/outbox" : blocker;

    Submitter sub(cfg);
    EventLog log(sub);
    const uint64_t job = sub.SubmitReport(MarkedReport("unwritable"), RgbaImage());
    const int i = log.WaitFor(SendOf(job), 8000);
    INFO(log.Describe());
    REQUIRE(i >= 0);
    CHECK_FALSE(log[i].Ok);
    CHECK(log[i].Why == Failure::Storage);
    CHECK(log[i].Outcome == SendOutcome::StorageFailed);
    CHECK_FALSE(log[i].Queued);
    CHECK_FALSE(log[i].Detail.empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(rig.Proxy.Connections() == 0);
    CHECK(rig.CountTickets() == 0);
    CHECK(ReadFile(blocker) == "a regular file where the outbox should be\n");
}

#if defined(IMCONTACT_SEND_BIN)
TEST_CASE("faults: disk full or unwritable outbox: imcontact-send refuses cleanly (exit 4)", "[faults][net][cli]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    TempDir data;
    const std::string outbox = data.Sub("outbox");
    // A screenshot whose outbox file is larger than the file-size limit below.
    const RgbaImage img = NoiseImage(128, 128, 5);   // ~64 KiB of PNG
    std::vector<uint8_t> png;
    REQUIRE(EncodePng(img, &png));
    const std::string shot = data.Sub("shot.png");
    WriteFile(shot, std::string(png.begin(), png.end()));

    ChildSpec spec;
    spec.Argv = { IMCONTACT_SEND_BIN, "--endpoint", rig.Endpoint(), "--type", "malfunction",
                  "--message", "Levy on täynnä, raportti ei mahdu.", "--data-dir", data.Sub("data"),
                  "--outbox", outbox, "--timeout", "10" };
    bool expect_ok = false;
    std::string expect_in_stderr;

    const int variant = GENERATE(0, 1, 2);
    if (variant == 0)
    {
        // RLIMIT_FSIZE: the outbox file cannot be written whole.
        spec.Argv.push_back("--screenshot");
        spec.Argv.push_back(shot);
        spec.FileSizeLimit = 16 * 1024;
        expect_in_stderr = "saved";
    }
    else if (variant == 1)
    {
        // RLIMIT_FSIZE, a report that fits: delivered (the control case).
        spec.FileSizeLimit = 16 * 1024;
        expect_ok = true;
    }
    else
    {
        // The outbox path is a regular file.
        WriteFile(outbox, "in the way\n");
        expect_in_stderr = "saved";
    }
    const ChildResult res = RunChild(spec, 20000);
    INFO("variant " << variant << " (0: RLIMIT_FSIZE hits the outbox write, 1: RLIMIT_FSIZE, a report that fits, 2: the outbox is a file)");
    INFO("exit " << res.ExitCode << " signal " << res.Signal << "\nstdout:\n" << res.Out << "\nstderr:\n" << res.Err);
    REQUIRE(res.Started);
    CHECK_FALSE(res.TimedOut);
    CHECK(res.Exited);   // no crash, no SIGXFSZ
    const OutboxListing l = ListOutbox(outbox);
    INFO("outbox: " << l.Describe());
    if (expect_ok)
    {
        CHECK(res.ExitCode == 0);
        CHECK(std::regex_search(res.Out, std::regex(R"((^|\n)accepted: Q-[0-9A-F]{8}\n)")));
        CHECK(std::regex_search(res.Out, std::regex(R"((^|\n)ticket: \d{4}-\d{4}\n)")));
        CHECK(rig.CountTickets() == 1);
        CHECK(l.Reports.empty());
        CHECK(l.Temps.empty());
        return;
    }
    CHECK(res.ExitCode == 4);
    CHECK(res.Err.find(expect_in_stderr) != std::string::npos);
    CHECK(res.Out.find("accepted:") == std::string::npos);
    CHECK(res.Out.find("ticket:") == std::string::npos);
    CHECK(rig.Proxy.Connections() == 0);   // nothing half-written was sent
    CHECK(rig.CountTickets() == 0);
    CHECK(l.Reports.empty());
    CHECK(l.Temps.empty());
}
#endif

TEST_CASE("faults: shutdown during a slow upload returns within the timeout + 250 ms, report kept", "[faults][net]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    // ~1 MB of PNG uploaded at 4 KiB every 20 ms: about 5 s, far more than the shutdown allows.
    rig.Proxy.SetDefault(PFault::SlowUploadOf(4096, 20));
    TempDir data;
    SubmitterConfig cfg = FaultConfig(rig.Endpoint(), data.Path());
    cfg.TotalTimeoutMs = 60000;
    cfg.LowSpeedTimeSec = 30;
    const RgbaImage img = NoiseImage(512, 512, 3);

    // Shutdown(1000), Shutdown(300), and the destructor (Shutdown(2000)).
    const int variant = GENERATE(0, 1, 2);
    const int timeout_ms = variant == 0 ? 1000 : variant == 1 ? 300 : 2000;
    const bool via_destructor = variant == 2;

    auto sub = std::make_unique<Submitter>(cfg);
    EventLog log(*sub);
    const uint64_t job = sub->SubmitReport(MarkedReport("slow-upload"), img);
    // Wait until the upload is well under way.
    const auto wait_until = Clock::now() + std::chrono::seconds(10);
    bool uploading = false;
    while (!uploading && Clock::now() < wait_until)
    {
        const auto reqs = rig.Proxy.Requests();
        uploading = !reqs.empty() && reqs[0].BytesFromClient > 64 * 1024;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE(uploading);
    CHECK(sub->Progress().Job == job);

    const auto t0 = Clock::now();
    bool stopped = true;
    if (via_destructor) sub.reset();
    else stopped = sub->Shutdown(timeout_ms);
    const long long took = MsSince(t0);
    // The kernel still holds what curl had written when it closed the socket (up to a
    // few MB on loopback) and would deliver it to the slow reader for seconds: the link
    // is cut here, so that only what the submitter did is judged.
    rig.Proxy.AbortAll();
    INFO("shutdown took " << took << " ms (timeout " << timeout_ms << "), worker stopped: " << stopped);
    CHECK(took <= timeout_ms + 250);
    // libcurl calls the progress callback (which sees the cancel) about once a second
    // while the socket is not writable: the worker itself may need up to about 1 s.
    if (timeout_ms >= 2000) CHECK(stopped);
    if (sub)
    {
        log.Pump();
        const int i = log.WaitFor(SendOf(job), 1000);
        REQUIRE(i >= 0);
        CHECK(log[i].Why == Failure::Cancelled);
        sub.reset();
    }

    // The report is still in the outbox, and nothing reached the receiver whole.
    const OutboxListing l = ListOutbox(cfg.OutboxDir);
    INFO(l.Describe());
    CHECK(l.Reports.size() == 1);
    CHECK(rig.Proxy.WaitIdle(3000));
    CHECK(rig.Proxy.ForwardedCount() == 0);
    CHECK(rig.CountTickets() == 0);

    // The next start delivers it.
    rig.Proxy.SetDefault(Mode::Pass);
    Submitter again(cfg);
    EventLog log2(again);
    const int d = log2.WaitFor(IsKind(Kind::Delivered), 15000);
    INFO(log2.Describe());
    REQUIRE(d >= 0);
    CHECK(rig.CountTickets() == 1);
    CheckOutboxEmpty(cfg.OutboxDir);
}

namespace
{
// Leaves one report pending in 'cfg's outbox (the receiver's connection closed at once),
// then makes the proxy stall every request, and starts a submitter whose start-up adopts
// that report: its background retry hangs in the stalled transfer (TotalTimeoutMs is
// long). Returns the local reference of the stalled report.
std::string StallBackgroundRetry(FaultRig& rig, const SubmitterConfig& cfg, std::unique_ptr<Submitter>* sub)
{
    std::string ref;
    {
        rig.Proxy.SetDefault(Mode::CloseAtOnce);
        SubmitterConfig first_cfg = cfg;
        first_cfg.TotalTimeoutMs = 5000;
        Submitter first(first_cfg);
        EventLog log(first);
        ref = RequireQueued(log, first.SubmitReport(MarkedReport("background"), RgbaImage())).LocalReference;
        REQUIRE(first.Shutdown(2000));
    }
    REQUIRE(ListOutbox(cfg.OutboxDir).Reports.size() == 1);
    rig.Proxy.ClearRecords();
    rig.Proxy.SetDefault(Mode::Stall);
    *sub = std::make_unique<Submitter>(cfg);
    REQUIRE(rig.Proxy.WaitForRequests(1, 5000));   // the background retry is in the stalled transfer
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    REQUIRE((*sub)->Busy());
    REQUIRE((*sub)->Progress().Job == 0);           // not a job: the worker's own retry
    return ref;
}
} // namespace

TEST_CASE("faults: a Send during a stalled background retry is saved at once (the retry is preempted)", "[faults][net]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    TempDir data;
    SubmitterConfig cfg = FaultConfig(rig.Endpoint(), data.Path());
    cfg.TotalTimeoutMs = 20000;
    cfg.LowSpeedTimeSec = 0;
    std::unique_ptr<Submitter> sub;
    const std::string stalled = StallBackgroundRetry(rig, cfg, &sub);
    EventLog log(*sub);

    const auto t0 = Clock::now();
    const uint64_t job = sub->SubmitReport(MarkedReport("preempts"), RgbaImage());
    // Its file is on disk long before the stalled retry would have timed out.
    bool saved = false;
    while (!saved && MsSince(t0) < 3000)
    {
        saved = ListOutbox(cfg.OutboxDir).Reports.size() == 2;
        if (!saved) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const long long took = MsSince(t0);
    INFO("saved after " << took << " ms; " << ListOutbox(cfg.OutboxDir).Describe());
    CHECK(saved);
    CHECK(took < 3000);
    // The first OutboxChanged that lists it came from its job.
    const int listed = log.WaitFor([&](const SubmitterEvent& e) {
        return e.What == Kind::OutboxChanged && e.Job == job && e.Outbox.size() == 2;
    }, 3000);
    INFO(log.Describe());
    CHECK(listed >= 0);
    // The preempted retry was not counted as a failure of the stalled report.
    CHECK(log.Count(DeliveredAs(stalled)) == 0);

    // Released: both are delivered, one ticket each.
    rig.Proxy.ReleaseStalled();
    rig.Proxy.AbortAll();
    rig.Proxy.SetDefault(Mode::Pass);
    CHECK(sub->Shutdown(3000));
    sub.reset();
    Submitter again(cfg);
    EventLog log2(again);
    CHECK(log2.WaitCount(IsKind(Kind::Delivered), 2, 15000) == 2);
    INFO(log2.Describe());
    const auto by_key = rig.TicketsByKey();
    CHECK(by_key.size() == 2);
    for (const auto& kv : by_key) CHECK(kv.second.size() == 1);
    CheckOutboxEmpty(cfg.OutboxDir);
}

TEST_CASE("faults: Send then Shutdown during a stalled background retry: saved, delivered once by a later run", "[faults][net]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    TempDir data;
    SubmitterConfig cfg = FaultConfig(rig.Endpoint(), data.Path());
    cfg.TotalTimeoutMs = 20000;
    cfg.LowSpeedTimeSec = 0;
    std::unique_ptr<Submitter> sub;
    StallBackgroundRetry(rig, cfg, &sub);
    EventLog log(*sub);

    // Send, then quit at once (the panel's Send, then the host closes).
    const uint64_t a = sub->SubmitReport(MarkedReport("then-quit-1"), RgbaImage());
    const uint64_t b = sub->SubmitReport(MarkedReport("then-quit-2"), RgbaImage());
    const auto t0 = Clock::now();
    const bool stopped = sub->Shutdown(2000);
    const long long took = MsSince(t0);
    INFO("shutdown took " << took << " ms, stopped " << stopped);
    CHECK(stopped);
    CHECK(took <= 2250);
    for (uint64_t job : { a, b })
    {
        const int i = log.WaitFor(SendOf(job), 1000);
        INFO(log.Describe());
        REQUIRE(i >= 0);
        CHECK(log[i].Why == Failure::Cancelled);
        CHECK(log[i].Outcome == SendOutcome::SavedWillRetry);
        CHECK(log[i].Queued);
        CHECK_FALSE(log[i].LocalReference.empty());
    }
    sub.reset();
    rig.Proxy.AbortAll();
    {
        const OutboxListing l = ListOutbox(cfg.OutboxDir);
        INFO(l.Describe());
        CHECK(l.Reports.size() == 3);
        CHECK(l.Temps.empty());
    }
    CHECK(rig.CountTickets() == 0);

    // A later run (here imcontact-send --flush's engine: DeliverPendingNow) delivers each once.
    rig.Proxy.ReleaseStalled();
    rig.Proxy.SetDefault(Mode::Pass);
    SubmitterConfig flush_cfg = cfg;
    flush_cfg.DeliverPendingAtStart = false;
    Submitter again(flush_cfg);
    EventLog log2(again);
    const uint64_t now = again.DeliverPendingNow();
    CHECK(again.Flush(15000));
    // DeliverPendingNow's last OutboxChanged lists what is left: nothing.
    log2.Pump();
    int done = -1;
    for (size_t i = 0; i < log2.Events().size(); ++i)
        if (log2[static_cast<int>(i)].What == Kind::OutboxChanged && log2[static_cast<int>(i)].Job == now) done = static_cast<int>(i);
    INFO(log2.Describe());
    REQUIRE(done >= 0);
    CHECK(log2[done].Outbox.empty());
    CHECK(log2.Count(IsKind(Kind::Delivered)) == 3);
    const auto by_key = rig.TicketsByKey();
    CHECK(by_key.size() == 3);
    for (const auto& kv : by_key) CHECK(kv.second.size() == 1);
    CheckOutboxEmpty(cfg.OutboxDir);
}

TEST_CASE("faults: 200 reports submitted concurrently from 8 threads: 200 distinct tickets", "[faults][net]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    TempDir data;
    SubmitterConfig cfg = FaultConfig(rig.Endpoint(), data.Path());
    cfg.OutboxMaxReports = 1000;
    constexpr int kThreads = 8, kEach = 25, kTotal = kThreads * kEach;

    // Deliveries seen, by marker: SendFinished Ok, or Delivered after a queued attempt.
    std::map<std::string, std::string> ticket_by_ref;   // local reference -> ticket
    std::set<std::string> tickets_seen;
    size_t oks = 0;
    auto count_deliveries = [&](const std::vector<SubmitterEvent>& events) {
        ticket_by_ref.clear();
        tickets_seen.clear();
        oks = 0;
        for (const SubmitterEvent& e : events)
        {
            if ((e.What == Kind::SendFinished && e.Ok) || e.What == Kind::Delivered)
            {
                ++oks;
                tickets_seen.insert(e.Receipt.Ticket);
                if (!e.LocalReference.empty()) ticket_by_ref[e.LocalReference] = e.Receipt.Ticket;
            }
        }
    };

    SECTION("one submitter shared by the threads")
    {
        Submitter sub(cfg);
        EventLog log(sub);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&sub, t] {
                for (int i = 0; i < kEach; ++i)
                    sub.SubmitReport(MarkedReport("conc-" + std::to_string(t) + "-" + std::to_string(i)), RgbaImage());
            });
        for (std::thread& th : threads) th.join();
        const size_t n = log.WaitCount([](const SubmitterEvent& e) {
            return (e.What == Kind::SendFinished && e.Ok) || e.What == Kind::Delivered;
        }, kTotal, 90000);
        INFO(n << " deliveries");
        CHECK(n == static_cast<size_t>(kTotal));
        count_deliveries(log.Events());
        CHECK(log.Count([](const SubmitterEvent& e) { return e.What == Kind::SendFinished && !e.Ok && !e.Queued; }) == 0);
    }
    SECTION("eight submitters (one per thread) sharing one outbox")
    {
        cfg.RescanIntervalMs = 100;   // each looks at the others' reports often
        std::mutex events_mutex;
        std::vector<SubmitterEvent> all;
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                Submitter sub(cfg);
                std::vector<uint64_t> jobs;
                for (int i = 0; i < kEach; ++i)
                    jobs.push_back(sub.SubmitReport(MarkedReport("shared-" + std::to_string(t) + "-" + std::to_string(i)), RgbaImage()));
                // Wait until this submitter's own reports are answered (ok or queued), then
                // until the outbox is empty, or 90 s.
                std::vector<SubmitterEvent> mine;
                const auto deadline = Clock::now() + std::chrono::seconds(90);
                SubmitterEvent ev;
                while (Clock::now() < deadline)
                {
                    while (sub.PollEvent(&ev)) mine.push_back(ev);
                    if (ListOutbox(cfg.OutboxDir).Reports.empty() &&
                        std::count_if(mine.begin(), mine.end(), [](const SubmitterEvent& e) { return e.What == Kind::SendFinished; }) >= kEach)
                        break;
                    std::this_thread::sleep_for(std::chrono::milliseconds(5));
                }
                sub.Shutdown(2000);
                while (sub.PollEvent(&ev)) mine.push_back(ev);
                std::lock_guard<std::mutex> lock(events_mutex);
                all.insert(all.end(), mine.begin(), mine.end());
            });
        for (std::thread& th : threads) th.join();
        count_deliveries(all);
        // No report was on the wire twice: each key reached the receiver once.
        std::map<std::string, int> posts;
        for (const auto& r : rig.Proxy.Requests()) posts[KeyInBody(r.BodyStart)]++;
        int twice = 0;
        for (const auto& p : posts) twice += p.second > 1;
        CHECK(twice == 0);
        CHECK(posts.size() == static_cast<size_t>(kTotal));
    }

    CHECK(oks == static_cast<size_t>(kTotal));
    CHECK(tickets_seen.size() == static_cast<size_t>(kTotal));
    const auto tickets = rig.Tickets();
    CHECK(tickets.size() == static_cast<size_t>(kTotal));
    std::set<std::string> db_tickets, db_keys, db_messages;
    for (const auto& t : tickets)
    {
        db_tickets.insert(t.Summary.Ticket);
        db_keys.insert(t.Report.IdempotencyKey);
        db_messages.insert(t.Report.Fields.Message);
    }
    CHECK(db_tickets.size() == static_cast<size_t>(kTotal));
    CHECK(db_keys.size() == static_cast<size_t>(kTotal));
    CHECK(db_messages.size() == static_cast<size_t>(kTotal));
    CHECK(db_tickets == tickets_seen);
    CheckOutboxEmpty(cfg.OutboxDir);
}

TEST_CASE("faults: corrupt outbox files are quarantined and the rest are delivered", "[faults][net]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    rig.Proxy.StopListening();
    TempDir data;
    const SubmitterConfig cfg = FaultConfig(rig.Endpoint(), data.Path());

    // Four reports queued while the receiver cannot be reached.
    std::vector<std::string> refs;
    {
        Submitter sub(cfg);
        EventLog log(sub);
        for (int i = 0; i < 4; ++i)
        {
            const uint64_t job = sub.SubmitReport(MarkedReport("quarantine-" + std::to_string(i)), RgbaImage());
            refs.push_back(RequireQueued(log, job).LocalReference);
        }
        REQUIRE(sub.Shutdown(2000));
    }
    OutboxListing before = ListOutbox(cfg.OutboxDir);
    INFO("before: " << before.Describe());
    REQUIRE(before.Reports.size() == 4);
    const std::vector<std::string> ids = before.Ids();

    // Torn (cut in half), one flipped bit, a stranger with the right suffix, and a
    // temporary file left by a writer that died.
    const std::string torn = cfg.OutboxDir + "/" + before.Reports[0];
    const std::string flipped = cfg.OutboxDir + "/" + before.Reports[1];
    std::string bytes = ReadFile(torn);
    const std::string torn_bytes = bytes.substr(0, bytes.size() / 2);
    WriteFile(torn, torn_bytes);
    bytes = ReadFile(flipped);
    REQUIRE(bytes.size() > 100);
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x04);
    WriteFile(flipped, bytes);
    WriteFile(cfg.OutboxDir + "/0badf00d0badf00d0badf00d0badf00d.report", "IMCONTACT-OUTBOX/1\nnot json at all\n");
    WriteFile(cfg.OutboxDir + "/" + before.Reports[2] + ".tmp-999999-deadbeef", "IMCONTACT-OUTBOX/1\n{\"key\":");

    rig.Proxy.StartListening();
    Submitter sub(cfg);
    EventLog log(sub);
    const size_t delivered = log.WaitCount(IsKind(Kind::Delivered), 2, 10000);
    const size_t quarantined = log.WaitCount(IsKind(Kind::Quarantined), 3, 5000);
    INFO(log.Describe());
    CHECK(delivered == 2);
    CHECK(quarantined == 3);
    for (const SubmitterEvent& e : log.Events())
        if (e.What == Kind::Quarantined) CHECK_FALSE(e.Detail.empty());

    // The two intact ones have their tickets; the damaged ones never reached the receiver.
    const auto by_key = rig.TicketsByKey();
    CHECK(by_key.size() == 2);
    CHECK(by_key.count(ids[2]) == 1);
    CHECK(by_key.count(ids[3]) == 1);
    for (const auto& r : rig.Proxy.Requests())
    {
        CHECK(KeyInBody(r.BodyStart) != ids[0]);
        CHECK(KeyInBody(r.BodyStart) != ids[1]);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(log.Count(IsKind(Kind::Delivered)) == 2);
    const OutboxListing after = ListOutbox(cfg.OutboxDir);
    INFO("after: " << after.Describe());
    CHECK(after.Reports.empty());
    CHECK(after.Temps.empty());
    CHECK(after.Quarantine.size() == 3);
    // What was quarantined is kept as it was, for a human.
    bool torn_kept = false;
    for (const std::string& q : after.Quarantine)
        torn_kept = torn_kept || ReadFile(cfg.OutboxDir + "/quarantine/" + q) == torn_bytes;
    CHECK(torn_kept);
}
