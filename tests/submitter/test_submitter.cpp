// The submitter against real HTTP servers on loopback: the real receiver
// (imcontact::receiver, when the build has it) and a fault server for what the receiver
// cannot do on demand (5xx, stalls, trickles, canned answers). libcurl is never mocked.
#include <catch2/catch.hpp>

#include "imcontact/imcontact_submitter.h"
#include "imcontact/internal/png_codec.h"
#include "support/submitter_wait.h"
#include "support/fault_server.h"
#include "support/png.h"
#include "support/sample_report.h"
#include "support/temp_dir.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#if IMCONTACT_TEST_WITH_RECEIVER
#include "imcontact_receiver.h"
#include "support/fault_rig.h"
#endif
#if IMCONTACT_TEST_WITH_TLS
#include "support/tls_server.h"
#endif

using namespace ImContact;
using ImContactTest::QuickConfig;
using ImContactTest::WaitEvent;
using ImContactTest::ClosedPort;
using ImContactTest::DecodePngRgba;
using ImContactTest::FaultServer;
using ImContactTest::NoiseImage;
using ImContactTest::ParseMultipart;
using ImContactTest::ReadFile;
using ImContactTest::RecordedRequest;
using ImContactTest::Reply;
using ImContactTest::SampleReport;
using ImContactTest::TempDir;
using ImContactTest::WriteFile;
using Clock = std::chrono::steady_clock;
using Kind = SubmitterEvent::Kind;
#if IMCONTACT_TEST_WITH_RECEIVER
using ImContactTest::FaultProxy;
using ImContactTest::FaultRig;
#endif

namespace
{

double SecondsSince(Clock::time_point t0)
{
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

SubmitterConfig FastConfig(const std::string& endpoint, const std::string& data_dir)
{
    SubmitterConfig cfg = QuickConfig(endpoint);
    cfg.DataDir = data_dir;
    cfg.UserAgent = "imcontact-test/1";
    // These tests check the transport byte for byte with noise images, which Auto would
    // send as lossy WebP (the codec choice is tested in tests/core/test_screenshot_codec.cpp).
    cfg.ScreenshotCodec = ScreenshotCodec::Lossless;
    return cfg;
}

// Waits for the initial TicketsLoaded, so that later events are the test's own.
SubmitterEvent InitialList(Submitter& sub)
{
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::TicketsLoaded, 0, &ev));
    return ev;
}

nlohmann::json ReadTicketsFile(const std::string& dir)
{
    return nlohmann::json::parse(ReadFile(dir + "/tickets.json"), nullptr, false);
}

const nlohmann::json* FindInFile(const nlohmann::json& doc, const std::string& ticket)
{
    if (!doc.is_object() || !doc.contains("tickets")) return nullptr;
    for (const nlohmann::json& t : doc["tickets"])
        if (t.value("ticket", "") == ticket) return &t;
    return nullptr;
}

bool IsHex32(const std::string& s)
{
    return std::regex_match(s, std::regex("^[0-9a-f]{32}$"));
}

// A stand-in receiver on the fault server: answers POST with a receipt and GET with a
// status when the token matches, like the protocol says. Used to look at the exact bytes
// on the wire; the real receiver is tested below.
struct FakeReceiver
{
    FaultServer Server;

    // The ticket the next POST gets, and the token GET accepts (set from the test thread,
    // read on the server's threads).
    void Set(std::string ticket, std::string token)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        ticket_ = std::move(ticket);
        token_ = std::move(token);
    }

    bool Start()
    {
        if (!Server.Start()) return false;
        Server.SetHandler([this](const RecordedRequest& req) {
            std::string Ticket, Token;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                Ticket = ticket_;
                Token = token_;
            }
            if (req.Method == "POST" && req.Path == ContactsPath)
            {
                Receipt r;
                r.Ticket = Ticket;
                r.StatusToken = Token;
                r.Confirmation = "Yhteydenottosi on vastaanotettu.";
                r.Status = "received";
                r.Priority = 1;
                r.PrimaryQueue = "application_maintenance";
                r.Queues = { "customer_service", "application_maintenance" };
                r.CreatedAt = "2026-11-26T17:12:44Z";
                return Reply{ 201, ReceiptToJson(r) };
            }
            if (req.Method == "GET" && req.Path == std::string(ContactsPath) + "/" + Ticket &&
                req.Header("x-status-token") == Token)
            {
                TicketStatus s;
                s.Ticket = Ticket;
                s.Status = "in_progress";
                s.Type = "malfunction";
                s.History = { { "2026-11-26T17:12:44Z", "received", "" }, { "2026-11-27T09:00:00Z", "in_progress", "Selvitetään" } };
                return Reply{ 200, TicketStatusToJson(s) };
            }
            ApiError e;
            e.Code = "not_found";
            e.Message = "no such ticket";
            return Reply{ 404, ApiErrorToJson(e) };
        });
        return true;
    }

private:
    std::mutex mutex_;
    std::string ticket_ = "1234-5678";
    std::string token_ = "secret-token-1";
};

// FastConfig with the outbox in DataDir/outbox and short retry delays, so that the
// outbox cases stay fast.
SubmitterConfig OutboxConfig(const std::string& endpoint, const std::string& data_dir)
{
    SubmitterConfig cfg = FastConfig(endpoint, data_dir);
    cfg.Retry.InitialDelayMs = 50;
    cfg.Retry.MaxDelayMs = 200;
    cfg.RescanIntervalMs = 200;
    return cfg;
}

// The "*.report" files of an outbox directory.
std::vector<std::string> ReportFiles(const std::string& outbox_dir)
{
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(outbox_dir, ec))
    {
        const std::string name = e.path().filename().string();
        if (name.size() > 7 && name.compare(name.size() - 7, 7, ".report") == 0) names.push_back(name);
    }
    return names;
}

} // namespace

// ---------------------------------------------------------------------------------------
// What goes over the wire

TEST_CASE("a report goes out as multipart with the JSON and the exact PNG", "[submitter][net]")
{
    TempDir tmp;
    FakeReceiver fake;
    REQUIRE(fake.Start());
    fake.Server.SetResponseDelayMs(300);   // keeps the upload visible in Progress()
    Submitter sub(FastConfig(fake.Server.Url(), tmp.Sub("data")));
    InitialList(sub);

    const RgbaImage img = NoiseImage(700, 500, 42);   // ~1.4 MB of PNG
    const uint64_t job = sub.SubmitReport(SampleReport(), img);
    CHECK(job != 0);

    SendProgress best;
    bool saw_complete_upload = false;
    SubmitterEvent ev;
    std::vector<SubmitterEvent> others;
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    bool got = false;
    while (!got && Clock::now() < deadline)
    {
        const SendProgress p = sub.Progress();
        if (p.Job == job)
        {
            CHECK(p.Sent >= best.Sent);   // monotonic
            best = p;
            if (p.Total > 0 && p.Sent == p.Total) saw_complete_upload = true;
        }
        got = WaitEvent(sub, Kind::SendFinished, job, &ev, 1, &others);
    }
    REQUIRE(got);
    INFO(ev.Detail);
    REQUIRE(ev.Ok);
    CHECK(ev.Why == Failure::None);
    CHECK(ev.HttpStatus == 201);
    CHECK(ev.Receipt.Ticket == "1234-5678");
    CHECK(ev.Receipt.Queues.size() == 2);
    CHECK(saw_complete_upload);
    CHECK(ev.BytesTotal > 0);
    CHECK(ev.BytesSent == ev.BytesTotal);
    CHECK(sub.Progress().Job == 0);

    const std::vector<RecordedRequest> reqs = fake.Server.Requests();
    REQUIRE(reqs.size() == 1);
    const RecordedRequest& req = reqs[0];
    CHECK(req.Method == "POST");
    CHECK(req.Path == "/v1/contacts");
    CHECK(req.Header("user-agent") == "imcontact-test/1");
    CHECK(req.Header("expect").empty());
    CHECK(req.Header("content-type").rfind("multipart/form-data", 0) == 0);
    CHECK(static_cast<int64_t>(req.Body.size()) == ev.BytesTotal);
    const auto parts = ParseMultipart(req.Header("content-type"), req.Body);
    REQUIRE(parts.size() == 2);
    CHECK(parts[0].Name == "report");
    CHECK(parts[0].ContentType == "application/json");
    CHECK(parts[1].Name == "screenshot");
    CHECK(parts[1].ContentType == "image/png");
    CHECK(parts[1].FileName == "screenshot.png");

    Report sent;
    FieldError ferr{};
    REQUIRE(ReportFromJson(parts[0].Data, &sent, &ferr));
    CHECK(sent.Fields.Message == SampleReport().Fields.Message);
    CHECK(sent.Fields.Type == ContactType::Malfunction);
    CHECK(IsHex32(sent.IdempotencyKey));   // generated by the worker

    int w = 0, h = 0;
    std::vector<uint8_t> pixels;
    DecodePngRgba(parts[1].Data.data(), parts[1].Data.size(), &pixels, &w, &h);
    CHECK(w == img.Width);
    CHECK(h == img.Height);
    CHECK(pixels == img.Pixels);

    // "My requests": the list event follows the send, and the file already has it.
    SubmitterEvent list;
    REQUIRE(WaitEvent(sub, Kind::TicketsLoaded, job, &list));
    CHECK(list.Ok);
    REQUIRE(list.Tickets.size() == 1);
    CHECK(list.Tickets[0].Ticket == "1234-5678");
    CHECK(list.Tickets[0].StatusToken == "secret-token-1");
    CHECK(list.Tickets[0].Type == "malfunction");
    CHECK(list.Tickets[0].Application == "Kirjanpito");
    CHECK(list.Tickets[0].LastStatus == "received");
    const nlohmann::json file = ReadTicketsFile(tmp.Sub("data"));
    const nlohmann::json* entry = FindInFile(file, "1234-5678");
    REQUIRE(entry != nullptr);
    CHECK((*entry)["status_token"] == "secret-token-1");
    CHECK((*entry)["sent_at"] == "2026-11-26T17:12:44Z");
}

TEST_CASE("a caller's idempotency key and ready-made PNG are sent as they are", "[submitter][net]")
{
    FakeReceiver fake;
    REQUIRE(fake.Start());
    Submitter sub(FastConfig(fake.Server.Url(), ""));
    InitialList(sub);
    Report r = SampleReport();
    r.IdempotencyKey = "my-own-key-0001";
    REQUIRE(EncodePng(NoiseImage(5, 3, 7), &r.ScreenshotPng));
    const std::vector<uint8_t> png = r.ScreenshotPng;
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(r, RgbaImage()), &ev));
    INFO(ev.Detail);
    REQUIRE(ev.Ok);
    const auto reqs = fake.Server.Requests();
    REQUIRE(reqs.size() == 1);
    const auto parts = ParseMultipart(reqs[0].Header("content-type"), reqs[0].Body);
    REQUIRE(parts.size() == 2);
    CHECK(parts[1].Data == std::string(png.begin(), png.end()));
    Report sent;
    FieldError ferr{};
    REQUIRE(ReportFromJson(parts[0].Data, &sent, &ferr));
    CHECK(sent.IdempotencyKey == "my-own-key-0001");

    // Without DataDir the list is still kept for this session.
    SubmitterEvent list;
    REQUIRE(WaitEvent(sub, Kind::TicketsLoaded, 0, &list));
    REQUIRE(list.Tickets.size() == 1);
    CHECK(list.Tickets[0].Ticket == "1234-5678");
}

TEST_CASE("a report without a screenshot has only the report part", "[submitter][net]")
{
    FakeReceiver fake;
    REQUIRE(fake.Start());
    Submitter sub(FastConfig(fake.Server.Url(), ""));
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
    REQUIRE(ev.Ok);
    const auto reqs = fake.Server.Requests();
    REQUIRE(reqs.size() == 1);
    const auto parts = ParseMultipart(reqs[0].Header("content-type"), reqs[0].Body);
    REQUIRE(parts.size() == 1);
    CHECK(parts[0].Name == "report");
}

// ---------------------------------------------------------------------------------------
// Failures

TEST_CASE("receiver down: Unreachable, quickly", "[submitter][net]")
{
    ClosedPort closed;
    REQUIRE(closed.Port() != 0);
    Submitter sub(FastConfig(closed.Url(), ""));
    const auto t0 = Clock::now();
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), NoiseImage(8, 8, 1)), &ev));
    CHECK(SecondsSince(t0) < 1.0);
    CHECK_FALSE(ev.Ok);
    CHECK(ev.Why == Failure::Unreachable);
    CHECK(ev.HttpStatus == 0);
    CHECK_FALSE(ev.Detail.empty());   // libcurl's words
}

TEST_CASE("4xx with a JSON error: Rejected with the receiver's field", "[submitter][net]")
{
    FaultServer srv;
    REQUIRE(srv.Start());
    ApiError e;
    e.Code = "too_short";
    e.Field = "message";
    e.Message = "message is shorter than 10 characters";
    e.Limit = 10;
    srv.Respond(422, ApiErrorToJson(e));
    Submitter sub(FastConfig(srv.Url(), ""));
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
    CHECK_FALSE(ev.Ok);
    CHECK(ev.Why == Failure::Rejected);
    CHECK(ev.HttpStatus == 422);
    CHECK(ev.Error.Code == "too_short");
    CHECK(ev.Error.Field == "message");
    CHECK(ev.Error.Limit == 10);
    CHECK(ev.Detail.find("shorter") != std::string::npos);
}

TEST_CASE("an invalid report is refused before anything is sent", "[submitter][net]")
{
    FaultServer srv;
    REQUIRE(srv.Start());
    srv.Respond(201, "{}");
    SubmitterConfig cfg = FastConfig(srv.Url(), "");
    cfg.Limits.ScreenshotMaxBytes = 2000;
    Submitter sub(cfg);

    Report bad = SampleReport();
    bad.Fields.Message = "";
    bad.Fields.Email = "not an address";
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(bad, RgbaImage()), &ev));
    CHECK_FALSE(ev.Ok);
    CHECK(ev.Why == Failure::Invalid);
    CHECK(ev.Outcome == SendOutcome::RefusedInvalid);
    auto has = [&](Field f, ErrorCode c) {
        for (const FieldError& fe : ev.FieldErrors) if (fe.Which == f && fe.Code == c) return true;
        return false;
    };
    CHECK(has(Field::Message, ErrorCode::Missing));
    CHECK(has(Field::Email, ErrorCode::Malformed));

    // A screenshot whose PNG is over ScreenshotMaxBytes (noise does not compress) is not
    // refused: it is halved until it fits. (The report is refused for its e-mail address,
    // checked after encoding, so nothing is sent.)
    Report bad_email = SampleReport();
    bad_email.Fields.Email = "not an address";
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(bad_email, NoiseImage(64, 64, 3)), &ev));
    CHECK(ev.Why == Failure::Invalid);
    REQUIRE(ev.FieldErrors.size() == 1);
    CHECK(ev.FieldErrors[0].Which == Field::Email);
    CHECK(ev.Screenshot.Format == ImageFormat::Png);
    CHECK(ev.Screenshot.ScaleDivisor == 4);   // 64 -> 16 px: 16x16 noise is about 1 KB
    CHECK(ev.Screenshot.Width == 16);
    CHECK(ev.Screenshot.Bytes <= 2000u);

    // Pixels that do not match the size.
    RgbaImage broken = NoiseImage(10, 10, 4);
    broken.Pixels.resize(10);
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), broken), &ev));
    CHECK(ev.Why == Failure::Invalid);
    REQUIRE(ev.FieldErrors.size() == 1);
    CHECK(ev.FieldErrors[0].Which == Field::Screenshot);

    REQUIRE(sub.Flush(2000));
    CHECK(srv.Connections() == 0);
}

TEST_CASE("5xx: ServerError with the HTTP status", "[submitter][net]")
{
    FaultServer srv;
    REQUIRE(srv.Start());
    Submitter sub(FastConfig(srv.Url(), ""));
    SubmitterEvent ev;

    srv.Respond(500, R"({"error":{"code":"internal","message":"database is locked"}})");
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), NoiseImage(4, 4, 1)), &ev));
    CHECK(ev.Why == Failure::ServerError);
    CHECK(ev.HttpStatus == 500);
    CHECK(ev.Error.Code == "internal");
    CHECK(ev.Detail.find("database is locked") != std::string::npos);

    srv.Respond(503, "<html>maintenance</html>", "text/html");
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
    CHECK(ev.Why == Failure::ServerError);
    CHECK(ev.HttpStatus == 503);
    CHECK(ev.Detail.find("maintenance") != std::string::npos);
}

TEST_CASE("a 2xx that is not a receipt: BadResponse", "[submitter][net]")
{
    FaultServer srv;
    REQUIRE(srv.Start());
    srv.Respond(201, "<html>captive portal</html>", "text/html");
    Submitter sub(FastConfig(srv.Url(), ""));
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
    CHECK(ev.Why == Failure::BadResponse);
    CHECK(ev.HttpStatus == 201);
    CHECK_FALSE(ev.Ok);
}

TEST_CASE("a receiver slower than the total timeout: Timeout", "[submitter][net]")
{
    FaultServer srv;
    REQUIRE(srv.Start());
    SubmitterConfig cfg = FastConfig(srv.Url(), "");
    cfg.TotalTimeoutMs = 500;
    Submitter sub(cfg);
    SubmitterEvent ev;

    SECTION("no answer at all")
    {
        srv.SetMode(FaultServer::Mode::StallAfterRequest);
        const auto t0 = Clock::now();
        REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), NoiseImage(16, 16, 1)), &ev));
        const double took = SecondsSince(t0);
        CHECK(ev.Why == Failure::Timeout);
        CHECK(took >= 0.45);
        CHECK(took < 2.0);
        CHECK_FALSE(ev.Detail.empty());
    }
    SECTION("an answer that trickles in")
    {
        srv.SetTrickleMs(50);
        srv.SetMode(FaultServer::Mode::Trickle);
        const auto t0 = Clock::now();
        REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
        CHECK(ev.Why == Failure::Timeout);
        CHECK(SecondsSince(t0) < 2.0);
    }
}

TEST_CASE("Shutdown during a stalled send returns in time and cancels", "[submitter][net]")
{
    FaultServer srv;
    REQUIRE(srv.Start());
    srv.SetMode(FaultServer::Mode::StallBeforeRead);
    SubmitterConfig cfg = FastConfig(srv.Url(), "");
    cfg.TotalTimeoutMs = 60000;
    cfg.LowSpeedTimeSec = 0;
    Submitter sub(cfg);
    InitialList(sub);
    const uint64_t running = sub.SubmitReport(SampleReport(), NoiseImage(32, 32, 1));
    const uint64_t queued = sub.SubmitReport(SampleReport(), RgbaImage());
    const uint64_t queued_status = sub.RequestStatus("1111-2222");
    // Wait until the first one is really on the wire.
    const auto wait_until = Clock::now() + std::chrono::seconds(5);
    while (srv.Connections() == 0 && Clock::now() < wait_until) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(srv.Connections() == 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(sub.Busy());

    const auto t0 = Clock::now();
    CHECK(sub.Shutdown(2000));
    CHECK(SecondsSince(t0) < 2.25);
    CHECK_FALSE(sub.Busy());

    std::vector<SubmitterEvent> events;
    SubmitterEvent ev;
    while (sub.PollEvent(&ev)) events.push_back(ev);
    int cancelled = 0;
    for (const SubmitterEvent& e : events)
    {
        INFO("job " << e.Job << " why " << static_cast<int>(e.Why));
        CHECK(e.Why == Failure::Cancelled);
        CHECK_FALSE(e.Ok);
        if (e.Job == running || e.Job == queued || e.Job == queued_status) ++cancelled;
        if (e.Job == queued_status) CHECK(e.What == Kind::StatusFinished);
    }
    CHECK(cancelled == 3);

    // Later calls are answered at once, and a second Shutdown is harmless.
    const uint64_t late = sub.SubmitReport(SampleReport(), RgbaImage());
    REQUIRE(sub.PollEvent(&ev));
    CHECK(ev.Job == late);
    CHECK(ev.Why == Failure::Cancelled);
    CHECK(sub.Shutdown(0));
    CHECK(sub.Flush(0));
}

TEST_CASE("destroying the Submitter with a send in flight returns in time", "[submitter][net]")
{
    FaultServer srv;
    REQUIRE(srv.Start());
    srv.SetMode(FaultServer::Mode::StallAfterRequest);
    SubmitterConfig cfg = FastConfig(srv.Url(), "");
    cfg.TotalTimeoutMs = 60000;
    cfg.LowSpeedTimeSec = 0;
    auto sub = std::make_unique<Submitter>(cfg);
    sub->SubmitReport(SampleReport(), NoiseImage(300, 200, 9));
    const auto wait_until = Clock::now() + std::chrono::seconds(5);
    while (srv.RequestCount() == 0 && Clock::now() < wait_until) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(srv.RequestCount() == 1);
    const auto t0 = Clock::now();
    sub.reset();
    CHECK(SecondsSince(t0) < 2.25);
}

TEST_CASE("a Shutdown that times out leaves a worker that finishes safely on its own", "[submitter][net]")
{
    FaultServer srv;
    REQUIRE(srv.Start());
    srv.Respond(201, "{}");
    auto sub = std::make_unique<Submitter>(FastConfig(srv.Url(), ""));
    InitialList(*sub);
    // Encoding a noise image this large takes longer than the Shutdown below waits, and
    // encoding cannot be interrupted. The status look-up before it (not in the list: no
    // network) tells when the worker has moved on to the encoding.
    const uint64_t marker = sub->RequestStatus("0000-0000");
    sub->SubmitReport(SampleReport(), NoiseImage(1000, 1000, 5));
    SubmitterEvent ev;
    REQUIRE(WaitEvent(*sub, Kind::StatusFinished, marker, &ev));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const auto t0 = Clock::now();
    const bool stopped = sub->Shutdown(5);
    CHECK(SecondsSince(t0) < 0.5);
    CHECK_FALSE(stopped);
    sub.reset();   // Shutdown(2000) again: waits for the detached worker, or leaves it
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(srv.RequestCount() == 0);   // the worker never sent it
}

TEST_CASE("Cancel aborts the running send and drops a queued one", "[submitter][net]")
{
    FaultServer srv;
    REQUIRE(srv.Start());
    srv.SetMode(FaultServer::Mode::StallAfterRequest);
    SubmitterConfig cfg = FastConfig(srv.Url(), "");
    cfg.TotalTimeoutMs = 60000;
    cfg.LowSpeedTimeSec = 0;
    Submitter sub(cfg);
    const uint64_t a = sub.SubmitReport(SampleReport(), RgbaImage());
    const uint64_t b = sub.SubmitReport(SampleReport(), RgbaImage());
    const auto wait_until = Clock::now() + std::chrono::seconds(5);
    while (srv.RequestCount() == 0 && Clock::now() < wait_until) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(srv.RequestCount() == 1);

    SubmitterEvent ev;
    sub.Cancel(b);
    REQUIRE(WaitEvent(sub, Kind::SendFinished, b, &ev, 100));
    CHECK(ev.Why == Failure::Cancelled);

    const auto t0 = Clock::now();
    sub.Cancel(a);
    REQUIRE(WaitEvent(sub, Kind::SendFinished, a, &ev, 3000));
    CHECK(ev.Why == Failure::Cancelled);
    CHECK(SecondsSince(t0) < 1.5);
    CHECK(sub.Flush(1000));

    // The worker carries on with the next job.
    srv.SetMode(FaultServer::Mode::Respond);
    srv.Respond(500, "");
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
    CHECK(ev.Why == Failure::ServerError);
}

TEST_CASE("only http and https endpoints are used", "[submitter][net]")
{
    const char* refused[] = { "file:///etc/passwd", "ftp://127.0.0.1/", "gopher://127.0.0.1:70/",
                              "dict://127.0.0.1:2628/", "127.0.0.1:8080", "", "http://", "https:///v1",
                              "http://127.0.0.1:1/ x", "http://127.0.0.1/?q=1" };
    for (const char* endpoint : refused)
    {
        INFO("endpoint: " << endpoint);
        Submitter sub(FastConfig(endpoint, ""));
        SubmitterEvent ev;
        REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
        CHECK(ev.Why == Failure::Invalid);
        CHECK(ev.FieldErrors.empty());
        CHECK(ev.Detail.find("http") != std::string::npos);
        REQUIRE(WaitEvent(sub, Kind::StatusFinished, sub.RequestStatus("1234-5678"), &ev));
        CHECK(ev.Why == Failure::Invalid);
    }
    // Upper-case schemes and a trailing slash are fine.
    FakeReceiver fake;
    REQUIRE(fake.Start());
    std::string url = fake.Server.Url() + "/";
    url.replace(0, 4, "HTTP");
    Submitter sub(FastConfig(url, ""));
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
    CHECK(ev.Ok);
    REQUIRE(fake.Server.RequestCount() == 1);
    CHECK(fake.Server.Requests()[0].Path == "/v1/contacts");
}

TEST_CASE("Flush waits for the queue, and gives up on a stall", "[submitter][net]")
{
    FaultServer srv;
    REQUIRE(srv.Start());
    srv.Respond(500, "");
    SubmitterConfig cfg = FastConfig(srv.Url(), "");
    cfg.TotalTimeoutMs = 60000;
    cfg.LowSpeedTimeSec = 0;
    Submitter sub(cfg);
    for (int i = 0; i < 3; ++i) sub.SubmitReport(SampleReport(), NoiseImage(16, 16, i));
    CHECK(sub.Flush(5000));
    CHECK_FALSE(sub.Busy());
    CHECK(srv.RequestCount() == 3);

    srv.SetMode(FaultServer::Mode::StallAfterRequest);
    sub.SubmitReport(SampleReport(), RgbaImage());
    const auto t0 = Clock::now();
    CHECK_FALSE(sub.Flush(200));
    const double took = SecondsSince(t0);
    CHECK(took >= 0.19);
    CHECK(took < 1.0);
    CHECK(sub.Busy());
    CHECK(sub.Shutdown(2000));
}

// ---------------------------------------------------------------------------------------
// "My requests"

TEST_CASE("status look-up updates My requests", "[submitter][net]")
{
    TempDir tmp;
    FakeReceiver fake;
    REQUIRE(fake.Start());
    Submitter sub(FastConfig(fake.Server.Url(), tmp.Path()));
    InitialList(sub);
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
    REQUIRE(ev.Ok);

    const uint64_t job = sub.RequestStatus("1234-5678");
    REQUIRE(WaitEvent(sub, Kind::StatusFinished, job, &ev));
    INFO(ev.Detail);
    REQUIRE(ev.Ok);
    CHECK(ev.Ticket == "1234-5678");
    CHECK(ev.Status.Status == "in_progress");
    REQUIRE(ev.Status.History.size() == 2);
    CHECK(ev.Status.History[1].Note == "Selvitetään");
    const auto reqs = fake.Server.Requests();
    REQUIRE(reqs.size() == 2);
    CHECK(reqs[1].Method == "GET");
    CHECK(reqs[1].Header("x-status-token") == "secret-token-1");

    SubmitterEvent list;
    REQUIRE(WaitEvent(sub, Kind::TicketsLoaded, job, &list));
    REQUIRE(list.Tickets.size() == 1);
    CHECK(list.Tickets[0].LastStatus == "in_progress");
    CHECK_FALSE(list.Tickets[0].LastChecked.empty());
    const nlohmann::json* entry = nullptr;
    const nlohmann::json file = ReadTicketsFile(tmp.Path());
    entry = FindInFile(file, "1234-5678");
    REQUIRE(entry != nullptr);
    CHECK((*entry)["last_status"] == "in_progress");
    CHECK((*entry)["history"].size() == 2);

    // Not in the list: NotFound without asking anyone.
    REQUIRE(WaitEvent(sub, Kind::StatusFinished, sub.RequestStatus("9999-9999"), &ev));
    CHECK(ev.Why == Failure::NotFound);
    CHECK(ev.HttpStatus == 0);
    CHECK(fake.Server.RequestCount() == 2);

    // In the list with a token the receiver does not accept: the receiver's 404.
    fake.Set("1234-5678", "changed");
    REQUIRE(WaitEvent(sub, Kind::StatusFinished, sub.RequestStatus("1234-5678"), &ev));
    CHECK(ev.Why == Failure::NotFound);
    CHECK(ev.HttpStatus == 404);
}

TEST_CASE("a list written by another process is picked up", "[submitter][net]")
{
    TempDir tmp;
    FakeReceiver fake;
    REQUIRE(fake.Start());
    Submitter sub(FastConfig(fake.Server.Url(), tmp.Path()));
    InitialList(sub);
    WriteFile(tmp.Sub("tickets.json"),
              R"({"schema":1,"tickets":[{"ticket":"1234-5678","status_token":"secret-token-1","type":"billing"}]})");
    sub.ReloadTickets();
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::TicketsLoaded, 0, &ev));
    CHECK(ev.Ok);
    REQUIRE(ev.Tickets.size() == 1);
    CHECK(ev.Tickets[0].Type == "billing");
    REQUIRE(WaitEvent(sub, Kind::StatusFinished, sub.RequestStatus("1234-5678"), &ev));
    CHECK(ev.Ok);
}

TEST_CASE("an unusable data directory is reported and the list lives on in memory", "[submitter][net]")
{
    TempDir tmp;
    WriteFile(tmp.Sub("not-a-dir"), "x");
    FakeReceiver fake;
    REQUIRE(fake.Start());
    SubmitterConfig cfg = FastConfig(fake.Server.Url(), tmp.Sub("not-a-dir") + "/imcontact");
    // The outbox elsewhere: a report that cannot be saved is not sent at all (Storage,
    // see test_outbox.cpp), and this case is about tickets.json.
    cfg.OutboxDir = tmp.Sub("outbox");
    Submitter sub(cfg);
    InitialList(sub);
    SubmitterEvent ev, list;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
    CHECK(ev.Ok);   // delivered: the receipt is what matters
    REQUIRE(WaitEvent(sub, Kind::TicketsLoaded, ev.Job, &list));
    CHECK_FALSE(list.Ok);
    CHECK_FALSE(list.Detail.empty());
    REQUIRE(list.Tickets.size() == 1);

    fake.Set("1234-0002", "secret-token-2");
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
    REQUIRE(WaitEvent(sub, Kind::TicketsLoaded, ev.Job, &list));
    REQUIRE(list.Tickets.size() == 2);
    CHECK(list.Tickets[0].Ticket == "1234-5678");
    CHECK(list.Tickets[1].Ticket == "1234-0002");
    REQUIRE(WaitEvent(sub, Kind::StatusFinished, sub.RequestStatus("1234-0002"), &ev));
    CHECK(ev.Ok);
}

TEST_CASE("a tickets.json that turns corrupt while running keeps the session's tickets", "[submitter][net]")
{
    TempDir tmp;
    FakeReceiver fake;
    REQUIRE(fake.Start());
    Submitter sub(FastConfig(fake.Server.Url(), tmp.Path()));
    InitialList(sub);
    SubmitterEvent ev, list;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
    REQUIRE(ev.Ok);
    REQUIRE(WaitEvent(sub, Kind::TicketsLoaded, ev.Job, &list));
    CHECK(list.Ok);

    WriteFile(tmp.Sub("tickets.json"), "\x01\x02 garbage");
    const uint64_t job = sub.RequestStatus("1234-5678");
    REQUIRE(WaitEvent(sub, Kind::StatusFinished, job, &ev));
    CHECK(ev.Ok);   // the token was still known to this process
    REQUIRE(WaitEvent(sub, Kind::TicketsLoaded, job, &list));
    CHECK_FALSE(list.Ok);
    CHECK(list.Detail.find("corrupt") != std::string::npos);
    REQUIRE(list.Tickets.size() == 1);
    CHECK(list.Tickets[0].LastStatus == "in_progress");
    // Written again, whole.
    const nlohmann::json file = ReadTicketsFile(tmp.Path());
    CHECK(FindInFile(file, "1234-5678") != nullptr);
}

TEST_CASE("a corrupt tickets.json is kept aside and reported at start", "[submitter][net]")
{
    TempDir tmp;
    WriteFile(tmp.Sub("tickets.json"), "{ this is not json");
    Submitter sub(FastConfig("http://127.0.0.1:1", tmp.Path()));
    const SubmitterEvent ev = InitialList(sub);
    CHECK_FALSE(ev.Ok);
    CHECK(ev.Tickets.empty());
    CHECK(ev.Detail.find("corrupt") != std::string::npos);
    bool backup = false;
    for (const auto& e : std::filesystem::directory_iterator(tmp.Path()))
        if (e.path().filename().string().rfind("tickets.json.corrupt-", 0) == 0)
        {
            backup = true;
            CHECK(ReadFile(e.path().string()) == "{ this is not json");
        }
    CHECK(backup);
}

// ---------------------------------------------------------------------------------------
// The outbox (the fault server only; the real-receiver cases are further down)

TEST_CASE("outbox: a 4xx report can be discarded, and an unknown one is reported", "[submitter][net][outbox]")
{
    FaultServer srv;
    REQUIRE(srv.Start());
    srv.Respond(422, R"({"error":{"code":"malformed","field":"email","message":"bad address"}})");
    TempDir data;
    Submitter sub(OutboxConfig(srv.Url(), data.Path()));
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
    CHECK(ev.Why == Failure::Rejected);
    REQUIRE_FALSE(ev.LocalReference.empty());
    REQUIRE(ReportFiles(data.Sub("outbox")).size() == 1);

    sub.DiscardQueued(ev.LocalReference);
    SubmitterEvent list;
    // The OutboxChanged that answers the discard is the one with an empty list.
    for (int i = 0; i < 5; ++i)
    {
        REQUIRE(WaitEvent(sub, Kind::OutboxChanged, 0, &list));
        if (list.Outbox.empty()) break;
    }
    CHECK(list.Ok);
    CHECK(list.Outbox.empty());
    CHECK(ReportFiles(data.Sub("outbox")).empty());

    sub.DiscardQueued("Q-00000000");
    REQUIRE(WaitEvent(sub, Kind::OutboxChanged, 0, &list));
    CHECK_FALSE(list.Ok);
    CHECK(list.Why == Failure::NotFound);
    CHECK(list.Detail.find("Q-00000000") != std::string::npos);
    REQUIRE(WaitEvent(sub, Kind::ReportRestored, sub.RestoreQueued("Q-00000000"), &ev));
    CHECK_FALSE(ev.Ok);
    CHECK(ev.Why == Failure::NotFound);
    CHECK(srv.RequestCount() == 1);
}

TEST_CASE("outbox: DeliverPendingNow tries again at once, ignoring the backoff", "[submitter][net][outbox]")
{
    FaultServer srv;
    REQUIRE(srv.Start());
    srv.Respond(500, R"({"error":{"code":"internal","message":"database is locked"}})");
    TempDir data;
    SubmitterConfig cfg = OutboxConfig(srv.Url(), data.Path());
    cfg.Retry.InitialDelayMs = 60000;   // nothing by itself during the test
    cfg.Retry.MaxDelayMs = 60000;
    Submitter sub(cfg);
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
    CHECK(ev.Why == Failure::ServerError);
    CHECK(ev.Queued);
    CHECK(ev.Outcome == SendOutcome::SavedWillRetry);
    const std::string ref = ev.LocalReference;

    Receipt r;
    r.Ticket = "4444-5555";
    r.StatusToken = "t";
    r.Confirmation = "ok";
    srv.Respond(201, ReceiptToJson(r));
    const uint64_t job = sub.DeliverPendingNow();
    REQUIRE(sub.Flush(5000));
    REQUIRE(WaitEvent(sub, Kind::Delivered, job, &ev));
    CHECK(ev.Ok);
    CHECK(ev.LocalReference == ref);
    CHECK(ev.Receipt.Ticket == "4444-5555");
    SubmitterEvent tickets;
    REQUIRE(WaitEvent(sub, Kind::TicketsLoaded, job, &tickets));
    REQUIRE(tickets.Tickets.size() == 1);
    CHECK(tickets.Tickets[0].Ticket == "4444-5555");
    SubmitterEvent last;
    while (WaitEvent(sub, Kind::OutboxChanged, job, &ev, 100)) last = ev;
    CHECK(last.Job == job);
    CHECK(last.Outbox.empty());
    CHECK(srv.RequestCount() == 2);
}

TEST_CASE("outbox: Cancel withdraws a running send from the outbox", "[submitter][net][outbox]")
{
    FaultServer srv;
    REQUIRE(srv.Start());
    srv.SetMode(FaultServer::Mode::StallAfterRequest);
    TempDir data;
    SubmitterConfig cfg = OutboxConfig(srv.Url(), data.Path());
    cfg.TotalTimeoutMs = 60000;
    cfg.LowSpeedTimeSec = 0;
    Submitter sub(cfg);
    const uint64_t job = sub.SubmitReport(SampleReport(), RgbaImage());
    const auto wait_until = Clock::now() + std::chrono::seconds(5);
    while (srv.RequestCount() == 0 && Clock::now() < wait_until) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(srv.RequestCount() == 1);
    REQUIRE(ReportFiles(data.Sub("outbox")).size() == 1);
    sub.Cancel(job);
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, job, &ev, 3000));
    CHECK(ev.Why == Failure::Cancelled);
    CHECK_FALSE(ev.Queued);
    CHECK(ev.Outcome == SendOutcome::Cancelled);
    CHECK(ev.LocalReference.empty());
    REQUIRE(WaitEvent(sub, Kind::OutboxChanged, job, &ev));
    CHECK(ev.Outbox.empty());
    CHECK(ReportFiles(data.Sub("outbox")).empty());
}

TEST_CASE("outbox: Shutdown during a stalled upload returns in time and the report stays", "[submitter][net][outbox]")
{
    FaultServer srv;
    REQUIRE(srv.Start());
    srv.SetMode(FaultServer::Mode::StallBeforeRead);
    TempDir data;
    SubmitterConfig cfg = OutboxConfig(srv.Url(), data.Path());
    cfg.TotalTimeoutMs = 60000;
    cfg.LowSpeedTimeSec = 0;
    auto sub = std::make_unique<Submitter>(cfg);
    const uint64_t job = sub->SubmitReport(SampleReport(), NoiseImage(800, 600, 21));   // ~1.9 MB of PNG
    const auto wait_until = Clock::now() + std::chrono::seconds(10);
    while ((srv.Connections() == 0 || sub->Progress().Job != job) && Clock::now() < wait_until)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(sub->Progress().Job == job);
    // The receiver never reads: the transfer hangs (loopback socket buffers may take the
    // whole body, so it hangs either in the upload or waiting for the answer).
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(sub->Progress().Job == job);

    const auto t0 = Clock::now();
    CHECK(sub->Shutdown(2000));
    CHECK(SecondsSince(t0) < 2.25);
    SubmitterEvent ev;
    std::string ref;
    while (sub->PollEvent(&ev))
        if (ev.What == Kind::SendFinished && ev.Job == job)
        {
            CHECK(ev.Why == Failure::Cancelled);
            CHECK(ev.Queued);
            ref = ev.LocalReference;
        }
    REQUIRE_FALSE(ref.empty());
    sub.reset();
    CHECK(ReportFiles(data.Sub("outbox")).size() == 1);

    // The next run finds it, whole.
    ClosedPort closed;
    SubmitterConfig next_cfg = OutboxConfig(closed.Url(), data.Path());
    next_cfg.DeliverPendingAtStart = false;
    Submitter next(next_cfg);
    REQUIRE(WaitEvent(next, Kind::OutboxChanged, 0, &ev));
    REQUIRE(ev.Outbox.size() == 1);
    CHECK(ev.Outbox[0].LocalReference == ref);
    CHECK(ev.Outbox[0].Status == QueuedReport::State::Pending);
}

// ---------------------------------------------------------------------------------------
// TLS verification stays on

#if IMCONTACT_TEST_WITH_TLS

namespace
{
Reply ReceiptReply()
{
    Receipt r;
    r.Ticket = "2222-3333";
    r.StatusToken = "t";
    r.Confirmation = "ok";
    return Reply{ 201, ReceiptToJson(r) };
}
} // namespace

// The TLS cases: libcurl's connect timeout covers the TLS handshake, which took over the
// second FastConfig allows once under ThreadSanitizer on a loaded 2-core machine ("SSL
// connection timeout" instead of the verification failure). The checks stay the same.
static SubmitterConfig TlsConfig(const std::string& endpoint)
{
    SubmitterConfig cfg = FastConfig(endpoint, "");
    cfg.ConnectTimeoutMs = 10000;
    cfg.TotalTimeoutMs = 20000;
    return cfg;
}

TEST_CASE("TLS: a certificate nobody vouches for is refused", "[submitter][net][tls]")
{
    TempDir tmp;
    ImContactTest::TlsTestServer srv;
    REQUIRE(srv.Start(tmp.Path(), "127.0.0.1", ReceiptReply()));
    Submitter sub(TlsConfig(srv.Url()));
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
    INFO(ev.Detail);
    CHECK(ev.Why == Failure::Unreachable);
    CHECK_FALSE(ev.Detail.empty());
    CHECK(srv.Requests() == 0);
}

TEST_CASE("TLS: CaBundlePath makes the same server trusted", "[submitter][net][tls]")
{
    TempDir tmp;
    ImContactTest::TlsTestServer srv;
    REQUIRE(srv.Start(tmp.Path(), "127.0.0.1", ReceiptReply()));
    SubmitterConfig cfg = TlsConfig(srv.Url());
    cfg.CaBundlePath = srv.CertPath();
    Submitter sub(cfg);
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), NoiseImage(8, 8, 1)), &ev));
    INFO(ev.Detail);
    CHECK(ev.Ok);
    CHECK(ev.Receipt.Ticket == "2222-3333");
    CHECK(srv.Requests() == 1);
}

TEST_CASE("TLS: a trusted certificate for another host name is refused", "[submitter][net][tls]")
{
    TempDir tmp;
    ImContactTest::TlsTestServer srv;
    REQUIRE(srv.Start(tmp.Path(), "support.imcontact.invalid", ReceiptReply()));
    SubmitterConfig cfg = TlsConfig(srv.Url());
    cfg.CaBundlePath = srv.CertPath();
    Submitter sub(cfg);
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
    INFO(ev.Detail);
    CHECK(ev.Why == Failure::Unreachable);
    CHECK(srv.Requests() == 0);
}

#endif

// ---------------------------------------------------------------------------------------
// The real receiver

#if IMCONTACT_TEST_WITH_RECEIVER

namespace
{
struct LiveReceiver
{
    TempDir Dir;
    std::unique_ptr<ImContactReceiver::Receiver> Rx;
    std::string DbPath;

    // port 0: an ephemeral one. A receiver started again on the port it had comes back
    // at the same URL (the "down, then up" case).
    bool Start(int port = 0, bool log_requests = true)
    {
        ImContactReceiver::Options opt;
        DbPath = Dir.Sub("contacts.db");
        opt.DbPath = DbPath;
        opt.Port = port;
        opt.LogRequests = log_requests;
        Rx = std::make_unique<ImContactReceiver::Receiver>(opt);
        std::string err;
        const bool ok = Rx->Start(&err);
        UNSCOPED_INFO("receiver: " << err);
        return ok;
    }
};
} // namespace

TEST_CASE("real receiver: the report and the exact screenshot are stored", "[submitter][net][receiver]")
{
    LiveReceiver live;
    REQUIRE(live.Start());
    TempDir data;
    Submitter sub(FastConfig(live.Rx->Url(), data.Path()));
    InitialList(sub);

    const RgbaImage img = NoiseImage(1024, 600, 77);   // ~2.4 MB of PNG
    const uint64_t job = sub.SubmitReport(SampleReport(), img);
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, job, &ev, 20000));
    INFO(ev.Detail);
    REQUIRE(ev.Ok);
    CHECK(ev.HttpStatus == 201);
    CHECK(std::regex_match(ev.Receipt.Ticket, std::regex(R"(^\d{4}-\d{4}$)")));
    CHECK_FALSE(ev.Receipt.StatusToken.empty());
    CHECK_FALSE(ev.Receipt.Confirmation.empty());
    CHECK(ev.BytesTotal > static_cast<int64_t>(img.Pixels.size() / 2));
    CHECK(ev.BytesSent == ev.BytesTotal);

    ImContactReceiver::Store store;
    std::string err;
    REQUIRE(store.Open(live.DbPath, &err));
    ImContactReceiver::TicketDetails details;
    REQUIRE(store.Show(ev.Receipt.Ticket, &details));
    CHECK(details.Report.Fields.Message == SampleReport().Fields.Message);
    CHECK(details.Report.Fields.Organisation == "Esimerkki Oy");
    CHECK(IsHex32(details.Report.IdempotencyKey));
    CHECK(details.Summary.HasScreenshot);
    int w = 0, h = 0;
    std::vector<uint8_t> pixels;
    DecodePngRgba(details.Report.ScreenshotPng.data(), details.Report.ScreenshotPng.size(), &pixels, &w, &h);
    CHECK(w == img.Width);
    CHECK(h == img.Height);
    CHECK(pixels == img.Pixels);

    SubmitterEvent list;
    REQUIRE(WaitEvent(sub, Kind::TicketsLoaded, job, &list));
    REQUIRE(list.Tickets.size() == 1);
    CHECK(list.Tickets[0].Ticket == ev.Receipt.Ticket);
    CHECK(FindInFile(ReadTicketsFile(data.Path()), ev.Receipt.Ticket) != nullptr);
}

TEST_CASE("real receiver: hidden and cropped areas of the screenshot are not in the stored file", "[submitter][net][receiver]")
{
    LiveReceiver live;
    REQUIRE(live.Start());
    Submitter sub(FastConfig(live.Rx->Url(), ""));

    // A UI-like frame: flat panels, and a "secret" of distinct bright values in one area.
    RgbaImage img;
    img.Width = 320;
    img.Height = 200;
    img.Pixels.assign(static_cast<size_t>(img.Width) * img.Height * 4, 0);
    for (int y = 0; y < img.Height; y++)
        for (int x = 0; x < img.Width; x++)
        {
            uint8_t* p = &img.Pixels[(static_cast<size_t>(y) * img.Width + x) * 4];
            const bool secret = x >= 100 && x < 180 && y >= 40 && y < 90;
            p[0] = secret ? static_cast<uint8_t>(128 + (x * 7 + y) % 128) : static_cast<uint8_t>(x < 160 ? 60 : 90);
            p[1] = secret ? static_cast<uint8_t>(128 + (y * 5) % 128) : 70;
            p[2] = secret ? 250 : 80;
            p[3] = 255;
        }
    ImageEdit hide;
    hide.X0 = 100; hide.Y0 = 40; hide.X1 = 180; hide.Y1 = 90;
    ImageEdit crop;
    crop.Kind = ImageEditKind::Crop;
    crop.X0 = 50; crop.Y0 = 20; crop.X1 = 300; crop.Y1 = 150;
    const auto shot = std::make_shared<const RgbaImage>(img);
    const uint64_t job = sub.SubmitReport(SampleReport(), shot, { hide, crop });
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, job, &ev, 20000));
    INFO(ev.Detail);
    REQUIRE(ev.Ok);

    ImContactReceiver::Store store;
    std::string err;
    REQUIRE(store.Open(live.DbPath, &err));
    ImContactReceiver::TicketDetails details;
    REQUIRE(store.Show(ev.Receipt.Ticket, &details));
    int w = 0, h = 0;
    std::vector<uint8_t> pixels;
    DecodePngRgba(details.Report.ScreenshotPng.data(), details.Report.ScreenshotPng.size(), &pixels, &w, &h);
    REQUIRE(w == 250);
    REQUIRE(h == 130);
    REQUIRE(pixels.size() == static_cast<size_t>(w) * h * 4);
    int hidden = 0, blue = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        {
            const uint8_t* p = &pixels[(static_cast<size_t>(y) * w + x) * 4];
            const uint8_t* o = &img.Pixels[(static_cast<size_t>(y + 20) * img.Width + x + 50) * 4];
            blue += p[2] == 250;   // no secret pixel anywhere in the file
            if (x + 50 >= 100 && x + 50 < 180 && y + 20 >= 40 && y + 20 < 90)
            {
                hidden++;
                CHECK((p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == 255));
            }
            else
                CHECK((p[0] == o[0] && p[1] == o[1] && p[2] == o[2] && p[3] == o[3]));
        }
    CHECK(hidden == 80 * 50);
    CHECK(blue == 0);
    // The caller's screenshot is untouched (the panel keeps it for a retry).
    CHECK(shot->Pixels == img.Pixels);
}

TEST_CASE("real receiver: the same idempotency key is one ticket", "[submitter][net][receiver]")
{
    LiveReceiver live;
    REQUIRE(live.Start());
    TempDir data;
    Submitter sub(FastConfig(live.Rx->Url(), data.Path()));
    Report r = SampleReport();
    r.IdempotencyKey = "0123456789abcdef0123456789abcdef";
    SubmitterEvent first, second;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(r, RgbaImage()), &first));
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(r, RgbaImage()), &second));
    REQUIRE(first.Ok);
    REQUIRE(second.Ok);
    CHECK(second.Receipt.Ticket == first.Receipt.Ticket);
    CHECK(second.Receipt.Replayed);
    SubmitterEvent list;
    REQUIRE(WaitEvent(sub, Kind::TicketsLoaded, second.Job, &list));
    CHECK(list.Tickets.size() == 1);
}

TEST_CASE("real receiver: what it refuses comes back as Rejected with the field", "[submitter][net][receiver]")
{
    LiveReceiver live;
    REQUIRE(live.Start());
    // The client's own limits are looser than the receiver's, so the check happens there.
    SubmitterConfig cfg = FastConfig(live.Rx->Url(), "");
    cfg.Limits.MessageMinChars = 1;
    Submitter sub(cfg);
    Report r = SampleReport();
    r.Fields.Message = "Apua";
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(r, RgbaImage()), &ev));
    INFO(ev.Detail);
    CHECK(ev.Why == Failure::Rejected);
    CHECK(ev.HttpStatus >= 400);
    CHECK(ev.HttpStatus < 500);
    CHECK(ev.Error.Field == "message");
    CHECK(ev.Error.Code == "too_short");

    // Caught by the client: the receiver sees nothing.
    Submitter strict(FastConfig(live.Rx->Url(), ""));
    REQUIRE(WaitEvent(strict, Kind::SendFinished, strict.SubmitReport(r, RgbaImage()), &ev));
    CHECK(ev.Why == Failure::Invalid);
    CHECK(ev.Outcome == SendOutcome::RefusedInvalid);
    REQUIRE_FALSE(ev.FieldErrors.empty());
    CHECK(ev.FieldErrors[0].Which == Field::Message);
    ImContactReceiver::Store store;
    std::string err;
    REQUIRE(store.Open(live.DbPath, &err));
    CHECK(store.CountTickets() == 0);
}

TEST_CASE("real receiver: a status set by support reaches My requests", "[submitter][net][receiver]")
{
    LiveReceiver live;
    REQUIRE(live.Start());
    TempDir data;
    Submitter sub(FastConfig(live.Rx->Url(), data.Path()));
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
    INFO(ev.Detail);
    REQUIRE(ev.Ok);
    const std::string ticket = ev.Receipt.Ticket;

    ImContactReceiver::Store store;
    std::string err;
    REQUIRE(store.Open(live.DbPath, &err));
    REQUIRE(store.SetStatus(ticket, "in_progress", "Tutkimme asiaa", &err));

    const uint64_t job = sub.RequestStatus(ticket);
    REQUIRE(WaitEvent(sub, Kind::StatusFinished, job, &ev));
    INFO(ev.Detail);
    REQUIRE(ev.Ok);
    CHECK(ev.Status.Ticket == ticket);
    CHECK(ev.Status.Status == "in_progress");
    REQUIRE_FALSE(ev.Status.History.empty());
    CHECK(ev.Status.History.back().Status == "in_progress");
    CHECK(ev.Status.History.back().Note == "Tutkimme asiaa");

    SubmitterEvent list;
    REQUIRE(WaitEvent(sub, Kind::TicketsLoaded, job, &list));
    REQUIRE(list.Tickets.size() == 1);
    CHECK(list.Tickets[0].LastStatus == "in_progress");
    const nlohmann::json file = ReadTicketsFile(data.Path());
    const nlohmann::json* entry = FindInFile(file, ticket);
    REQUIRE(entry != nullptr);
    CHECK((*entry)["last_status"] == "in_progress");
    REQUIRE((*entry)["history"].is_array());
    CHECK((*entry)["history"].back()["note"] == "Tutkimme asiaa");

    REQUIRE(WaitEvent(sub, Kind::StatusFinished, sub.RequestStatus("0000-0000"), &ev));
    CHECK(ev.Why == Failure::NotFound);

    // A ticket in the list whose token the receiver does not accept: its 404.
    WriteFile(data.Sub("tickets.json"), R"({"schema":1,"tickets":[{"ticket":")" + ticket + R"(","status_token":"wrong"}]})");
    sub.ReloadTickets();
    REQUIRE(WaitEvent(sub, Kind::StatusFinished, sub.RequestStatus(ticket), &ev));
    CHECK(ev.Why == Failure::NotFound);
    CHECK(ev.HttpStatus == 404);
}

// ---------------------------------------------------------------------------------------
// The outbox against the real receiver: exactly one ticket, whatever happened on the way

namespace
{
int CountTickets(const LiveReceiver& live)
{
    ImContactReceiver::Store store;
    std::string err;
    if (!store.Open(live.DbPath, &err)) return -1;
    return store.CountTickets();
}

} // namespace

TEST_CASE("outbox: a 4xx needs attention, is not retried, and is edited and sent again", "[submitter][net][receiver][outbox]")
{
    // The real receiver behind the fault proxy, which answers 422 itself until told to pass.
    FaultRig rig;
    REQUIRE_RIG(rig);
    ApiError e;
    e.Code = "too_short";
    e.Field = "message";
    e.Message = "message is shorter than 10 characters";
    e.Limit = 10;
    rig.Proxy.SetDefault(FaultProxy::Fault::Respond(422, "", ApiErrorToJson(e)));
    TempDir data;
    const RgbaImage shot = NoiseImage(50, 40, 11);
    std::string ref, old_key;
    {
        Submitter sub(OutboxConfig(rig.Endpoint(), data.Path()));
        SubmitterEvent ev, list;
        REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), shot), &ev));
        CHECK(ev.Why == Failure::Rejected);
        CHECK(ev.HttpStatus == 422);
        CHECK(ev.Error.Code == "too_short");
        CHECK_FALSE(ev.Queued);
        CHECK(ev.Outcome == SendOutcome::NeedsAttention);
        REQUIRE_FALSE(ev.LocalReference.empty());
        ref = ev.LocalReference;
        REQUIRE(WaitEvent(sub, Kind::OutboxChanged, ev.Job, &list));
        REQUIRE(list.Outbox.size() == 1);
        CHECK(list.Outbox[0].Status == QueuedReport::State::NeedsAttention);
        CHECK(list.Outbox[0].Reason.Field == "message");
        CHECK(list.Outbox[0].Attempts == 1);
        old_key = list.Outbox[0].IdempotencyKey;
        std::this_thread::sleep_for(std::chrono::milliseconds(600));   // many retry delays and rescans
        CHECK(rig.Proxy.RequestCount() == 1);
    }

    // Kept on disk: a later run sees it the same way and does not send it either.
    Submitter sub(OutboxConfig(rig.Endpoint(), data.Path()));
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::OutboxChanged, 0, &ev));
    REQUIRE(ev.Outbox.size() == 1);
    CHECK(ev.Outbox[0].LocalReference == ref);
    CHECK(ev.Outbox[0].Status == QueuedReport::State::NeedsAttention);
    CHECK(ev.Outbox[0].Reason.Code == "too_short");
    CHECK(ev.Outbox[0].Reason.Limit == 10);

    // "Edit": the fields and the screenshot's pixels come back.
    REQUIRE(WaitEvent(sub, Kind::ReportRestored, sub.RestoreQueued(ref), &ev));
    INFO(ev.Detail);
    REQUIRE(ev.Ok);
    CHECK(ev.LocalReference == ref);
    CHECK(ev.Restored.Fields.Message == SampleReport().Fields.Message);
    CHECK(ev.Restored.Fields.Reference == "LASKU-123");
    CHECK(ev.Restored.Technical.AppVersion == "1.2.3");
    CHECK(ev.Restored.IdempotencyKey == old_key);
    CHECK(ev.RestoredScreenshot.Width == shot.Width);
    CHECK(ev.RestoredScreenshot.Height == shot.Height);
    CHECK(ev.RestoredScreenshot.Pixels == shot.Pixels);
    CHECK(rig.Proxy.RequestCount() == 1);

    // "Send again": the edited report replaces the old one.
    Report edited = ev.Restored;
    edited.Fields.Message += " Tapahtuu joka kerta.";
    auto edited_shot = std::make_shared<const RgbaImage>(std::move(ev.RestoredScreenshot));
    rig.Proxy.SetDefault(FaultProxy::Mode::Pass);
    const uint64_t job = sub.SubmitReplacement(edited, edited_shot, ref);
    REQUIRE(WaitEvent(sub, Kind::SendFinished, job, &ev));
    INFO(ev.Detail);
    REQUIRE(ev.Ok);
    CHECK(ev.LocalReference != ref);   // a new key, so a new reference
    SubmitterEvent list;
    REQUIRE(WaitEvent(sub, Kind::OutboxChanged, job, &list));   // the one after the delivery
    CHECK(list.Outbox.empty());
    CHECK(ReportFiles(data.Sub("outbox")).empty());
    CHECK(rig.CountTickets() == 1);

    ImContactReceiver::Store store;
    std::string err;
    REQUIRE(store.Open(rig.DbPath(), &err));
    ImContactReceiver::TicketDetails details;
    REQUIRE(store.Show(ev.Receipt.Ticket, &details));
    CHECK(details.Report.Fields.Message == edited.Fields.Message);
    CHECK(details.Report.IdempotencyKey != old_key);
    CHECK(details.Summary.HasScreenshot);
}

TEST_CASE("outbox: a key the receiver knows for another report (409) needs attention", "[submitter][net][receiver][outbox]")
{
    LiveReceiver live;
    REQUIRE(live.Start());
    TempDir data;
    Submitter sub(OutboxConfig(live.Rx->Url(), data.Path()));
    Report r = SampleReport();
    r.IdempotencyKey = "0123456789abcdef0123456789abcdef";
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(r, RgbaImage()), &ev));
    REQUIRE(ev.Ok);
    r.Fields.Message = "Toinen viesti samalla avaimella.";
    const uint64_t job = sub.SubmitReport(r, RgbaImage());
    REQUIRE(WaitEvent(sub, Kind::SendFinished, job, &ev));
    CHECK(ev.Why == Failure::Rejected);
    CHECK(ev.HttpStatus == 409);
    CHECK_FALSE(ev.Queued);
    CHECK(ev.Outcome == SendOutcome::NeedsAttention);
    CHECK(ev.LocalReference == "Q-01234567");
    SubmitterEvent list;
    REQUIRE(WaitEvent(sub, Kind::OutboxChanged, job, &list));
    REQUIRE(list.Outbox.size() == 1);
    CHECK(list.Outbox[0].Status == QueuedReport::State::NeedsAttention);
    CHECK(list.Outbox[0].Reason.Code == "conflict");
    CHECK(CountTickets(live) == 1);
}

TEST_CASE("outbox: reports an earlier run left are delivered by the next one", "[submitter][net][receiver][outbox]")
{
    LiveReceiver live;
    REQUIRE(live.Start());
    TempDir data;
    std::set<std::string> refs;
    {
        ClosedPort closed;
        SubmitterConfig cfg = OutboxConfig(closed.Url(), data.Path());
        cfg.Retry.InitialDelayMs = 60000;
        cfg.Retry.MaxDelayMs = 60000;
        Submitter first(cfg);
        for (int i = 0; i < 2; ++i)
        {
            SubmitterEvent ev;
            REQUIRE(WaitEvent(first, Kind::SendFinished, first.SubmitReport(SampleReport(), NoiseImage(8, 8, i)), &ev));
            REQUIRE(ev.Queued);
            refs.insert(ev.LocalReference);
        }
        CHECK(first.Shutdown(2000));
    }
    REQUIRE(refs.size() == 2);
    REQUIRE(ReportFiles(data.Sub("outbox")).size() == 2);

    SECTION("at start (DeliverPendingAtStart)")
    {
        Submitter next(OutboxConfig(live.Rx->Url(), data.Path()));
        std::set<std::string> delivered;
        SubmitterEvent ev;
        while (delivered.size() < 2 && WaitEvent(next, Kind::Delivered, 0, &ev, 10000))
        {
            CHECK(ev.Ok);
            CHECK(ev.Job == 0);
            delivered.insert(ev.LocalReference);
        }
        CHECK(delivered == refs);
    }
    SECTION("on DeliverPendingNow, when not at start")
    {
        SubmitterConfig cfg = OutboxConfig(live.Rx->Url(), data.Path());
        cfg.DeliverPendingAtStart = false;
        Submitter next(cfg);
        SubmitterEvent ev;
        REQUIRE(WaitEvent(next, Kind::OutboxChanged, 0, &ev));
        CHECK(ev.Outbox.size() == 2);
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        CHECK(CountTickets(live) == 0);
        const uint64_t job = next.DeliverPendingNow();
        REQUIRE(next.Flush(10000));
        std::set<std::string> delivered;
        SubmitterEvent last_list;
        while (next.PollEvent(&ev))
        {
            if (ev.What == Kind::Delivered && ev.Job == job) delivered.insert(ev.LocalReference);
            if (ev.What == Kind::OutboxChanged && ev.Job == job) last_list = ev;
        }
        CHECK(delivered == refs);
        CHECK(last_list.Job == job);
        CHECK(last_list.Outbox.empty());
    }
    CHECK(CountTickets(live) == 2);
    CHECK(ReportFiles(data.Sub("outbox")).empty());
    const nlohmann::json file = ReadTicketsFile(data.Path());
    REQUIRE(file.is_object());
    CHECK(file["tickets"].size() == 2);
}

#else

TEST_CASE("real receiver tests", "[submitter][receiver]")
{
    WARN("built without imcontact::receiver: the real-receiver cases are not compiled in");
}

#endif
