// imcontact-send end to end: the real binary as a child process, the real receiver
// behind the fault proxy. Options, exit codes (0 delivered, 1 other, 2 usage, 3 queued,
// 4 refused), the stdout lines, screenshots, --json and --flush.
#include <catch2/catch.hpp>

#include "imcontact_receiver.h"
#include "support/child_process.h"
#include "support/fault_rig.h"
#include "support/fault_server.h"
#include "support/png.h"
#include "support/temp_dir.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <sstream>

using namespace ImContact;
using namespace ImContactTest;
using PFault = FaultProxy::Fault;

namespace
{

struct Cli
{
    FaultRig& Rig;
    TempDir Data{ "imcontact-send-cli" };

    std::string Outbox() const { return Data.Sub("data/outbox"); }

    // imcontact-send --endpoint <proxy> --data-dir <tmp>/data <args...>
    ChildResult Send(std::vector<std::string> args, std::vector<std::string> env = {}, int timeout_ms = 30000)
    {
        ChildSpec spec;
        spec.Argv = { IMCONTACT_SEND_BIN, "--endpoint", Rig.Endpoint(), "--data-dir", Data.Sub("data") };
        spec.Argv.insert(spec.Argv.end(), args.begin(), args.end());
        spec.Env = std::move(env);
        return RunChild(spec, timeout_ms);
    }
    ChildResult Raw(std::vector<std::string> args)
    {
        ChildSpec spec;
        spec.Argv = { IMCONTACT_SEND_BIN };
        spec.Argv.insert(spec.Argv.end(), args.begin(), args.end());
        return RunChild(spec, 30000);
    }
    ChildResult Flush(std::vector<std::string> extra = {})
    {
        ChildSpec spec;
        spec.Argv = { IMCONTACT_SEND_BIN, "--flush", Outbox(), "--endpoint", Rig.Endpoint(), "--data-dir", Data.Sub("data") };
        spec.Argv.insert(spec.Argv.end(), extra.begin(), extra.end());
        return RunChild(spec, 30000);
    }
};

std::string Describe(const ChildResult& r)
{
    std::ostringstream s;
    s << "exit " << r.ExitCode << " signal " << r.Signal << " in " << r.Seconds << " s\nstdout:\n" << r.Out << "stderr:\n" << r.Err;
    return s.str();
}

const std::vector<std::string> kReport = { "--type", "malfunction", "--message", "Raportti kaatuu, kun valitsen kuukauden." };

std::vector<std::string> With(std::vector<std::string> a, const std::vector<std::string>& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

std::vector<std::string> Lines(const std::string& s)
{
    std::vector<std::string> out;
    std::istringstream in(s);
    std::string line;
    while (std::getline(in, line)) out.push_back(line);
    return out;
}


} // namespace

TEST_CASE("imcontact-send: --help documents the exit codes; --version", "[cli]")
{
    FaultRig rig;
    Cli cli{ rig };
    const ChildResult help = cli.Raw({ "--help" });
    INFO(Describe(help));
    CHECK(help.ExitCode == 0);
    for (const char* s : { "--endpoint", "--type", "--message", "--screenshot", "--flush", "--outbox", "--timeout", "--json",
                           "exit codes", "0  delivered", "1  other", "2  usage", "3  queued", "4  refused", "malfunction",
                           "support_request" })
        CHECK(help.Out.find(s) != std::string::npos);
    const ChildResult version = cli.Raw({ "--version" });
    CHECK(version.ExitCode == 0);
    CHECK(version.Out.rfind("imcontact-send ", 0) == 0);
}

TEST_CASE("imcontact-send: bad command lines exit 2 and send nothing", "[cli]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    Cli cli{ rig };
    const std::vector<std::vector<std::string>> bad = {
        {},
        { "--type", "malfunction", "--message", "Raportti kaatuu joka kerta." },   // no endpoint
        { "--endpoint", "ftp://127.0.0.1/", "--type", "malfunction", "--message", "Raportti kaatuu joka kerta." },
        { "--endpoint", rig.Endpoint(), "--type", "kaatuminen", "--message", "Raportti kaatuu joka kerta." },
        { "--endpoint", rig.Endpoint(), "--message", "Raportti kaatuu joka kerta." },
        { "--endpoint", rig.Endpoint(), "--type", "malfunction" },
        { "--endpoint", rig.Endpoint(), "--type", "malfunction", "--message", "x", "--lang", "sv" },
        { "--endpoint", rig.Endpoint(), "--type", "malfunction", "--message", "x", "--speed", "slow" },
        { "--endpoint", rig.Endpoint(), "--type", "malfunction", "--message", "x", "--timeout", "soon" },
        { "--endpoint", rig.Endpoint(), "--type", "malfunction", "--message", "x", "--timeout", "-1" },
        { "--endpoint", rig.Endpoint(), "--type", "malfunction", "--message", "x", "--frobnicate" },
        { "--endpoint", rig.Endpoint(), "--type", "malfunction", "--message" },
        { "--endpoint", rig.Endpoint(), "--type", "malfunction", "--message", "x", "--idempotency-key", "short" },
        { "--endpoint", rig.Endpoint(), "--flush", "/tmp", "--message", "Raportti kaatuu joka kerta." },
    };
    for (const auto& args : bad)
    {
        const ChildResult r = cli.Raw(args);
        std::string joined;
        for (const auto& a : args) joined += a + " ";
        INFO(joined << "\n" << Describe(r));
        CHECK(r.ExitCode == 2);
        CHECK(r.Out.empty());
        CHECK(r.Err.find("imcontact-send:") != std::string::npos);
    }
    CHECK(rig.Proxy.Connections() == 0);
}

TEST_CASE("imcontact-send: a report is delivered: accepted, ticket, exit 0", "[cli][net]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    Cli cli{ rig };
    const ChildResult r = cli.Send({ "--type", "phone_support_request", "--speed", "faster", "--message",
                                     "Soittakaa, raportti kaatuu.", "--phone", "+358 40 123 4567", "--reference", "LASKU-9",
                                     "--application", "Kirjanpito", "--sub-application", "Raportit", "--lang", "en",
                                     "--email", "maija@example.fi" },
                                   { "IMCONTACT_ORGANISATION=Esimerkki Oy" });
    INFO(Describe(r));
    REQUIRE(r.ExitCode == 0);
    const std::vector<std::string> lines = Lines(r.Out);
    REQUIRE(lines.size() == 2);
    CHECK(std::regex_match(lines[0], std::regex(R"(accepted: Q-[0-9A-F]{8})")));
    CHECK(std::regex_match(lines[1], std::regex(R"(ticket: \d{4}-\d{4})")));
    const std::string ticket = lines[1].substr(8);

    const auto tickets = rig.Tickets();
    REQUIRE(tickets.size() == 1);
    const auto& t = tickets[0];
    CHECK(t.Summary.Ticket == ticket);
    CHECK(t.Report.Fields.Type == ContactType::PhoneSupportRequest);
    CHECK(t.Report.Fields.Speed == ProcessingSpeed::Faster);
    CHECK(t.Report.Fields.Organisation == "Esimerkki Oy");
    CHECK(t.Report.Fields.Email == "maija@example.fi");
    CHECK(t.Report.Fields.Application == "Kirjanpito");
    CHECK(t.Report.Fields.SubApplication == "Raportit");
    CHECK(t.Report.Fields.Reference == "LASKU-9");
    CHECK(t.Report.Fields.Phone == "+358 40 123 4567");
    CHECK(t.Report.Language == "en");
    CHECK(t.Report.Technical.AppName == "imcontact-send");
    CHECK_FALSE(t.Report.Technical.Os.empty());
    CHECK_FALSE(t.Summary.HasScreenshot);
    // The local reference is the key's first 8 hex digits.
    CHECK(lines[0].substr(10) == "Q-" + [&] {
        std::string k = t.Report.IdempotencyKey.substr(0, 8);
        for (char& c : k) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return k;
    }());
    // "My requests" has it; the outbox is empty.
    CHECK(ReadFile(cli.Data.Sub("data/tickets.json")).find(ticket) != std::string::npos);
    const OutboxListing l = ListOutbox(cli.Outbox());
    INFO(l.Describe());
    CHECK(l.Reports.empty());
    CHECK(l.Temps.empty());
}

TEST_CASE("imcontact-send: the defaults validate; --json; one key is one ticket", "[cli][net]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    Cli cli{ rig };
    const std::vector<std::string> args = With(kReport, { "--json", "--idempotency-key", "cli-json-key-0001" });
    const ChildResult first = cli.Send(args);
    INFO(Describe(first));
    REQUIRE(first.ExitCode == 0);
    const std::vector<std::string> lines = Lines(first.Out);
    REQUIRE(lines.size() == 2);
    const nlohmann::json a = nlohmann::json::parse(lines[0], nullptr, false);
    const nlohmann::json d = nlohmann::json::parse(lines[1], nullptr, false);
    REQUIRE(a.is_object());
    REQUIRE(d.is_object());
    CHECK(a.value("event", "") == "accepted");
    CHECK(a.value("idempotency_key", "") == "cli-json-key-0001");
    CHECK(d.value("event", "") == "delivered");
    CHECK(std::regex_match(d.value("ticket", ""), std::regex(R"(\d{4}-\d{4})")));
    CHECK_FALSE(d.value("status_token", "").empty());
    CHECK(d.value("replayed", true) == false);
    CHECK(d.value("local_reference", "") == a.value("local_reference", "?"));

    // The same key again: the receiver's replay, the same ticket.
    const ChildResult again = cli.Send(args);
    INFO(Describe(again));
    REQUIRE(again.ExitCode == 0);
    const std::vector<std::string> lines2 = Lines(again.Out);
    REQUIRE(lines2.size() == 2);
    const nlohmann::json d2 = nlohmann::json::parse(lines2[1], nullptr, false);
    CHECK(d2.value("ticket", "") == d.value("ticket", "?"));
    CHECK(d2.value("replayed", false) == true);
    const auto tickets = rig.Tickets();
    REQUIRE(tickets.size() == 1);
    CHECK(tickets[0].Report.Fields.Organisation == "imcontact-send");
    CHECK(tickets[0].Report.Fields.Email == "imcontact-send@example.invalid");
    CHECK(tickets[0].Report.Fields.Application == "imcontact-send");
}

TEST_CASE("imcontact-send: screenshots: a PNG as it is, other images converted, broken files refused", "[cli][net]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    Cli cli{ rig };
    const RgbaImage img = NoiseImage(40, 30, 9);
    std::vector<uint8_t> png;
    REQUIRE(EncodePng(img, &png));
    const std::string png_path = cli.Data.Sub("shot.png");
    WriteFile(png_path, std::string(png.begin(), png.end()));

    SECTION("PNG: stored byte for byte")
    {
        const ChildResult r = cli.Send(With(kReport, { "--screenshot", png_path }));
        INFO(Describe(r));
        REQUIRE(r.ExitCode == 0);
        const auto tickets = rig.Tickets();
        REQUIRE(tickets.size() == 1);
        CHECK(tickets[0].Summary.HasScreenshot);
        CHECK(tickets[0].Report.ScreenshotPng == png);
    }
    SECTION("BMP: converted by the per-frame rule (this noise frame is photographic: WebP of the same size)")
    {
        std::vector<uint8_t> bmp;
        stbi_write_bmp_to_func(
            [](void* ctx, void* data, int size) {
                auto* out = static_cast<std::vector<uint8_t>*>(ctx);
                out->insert(out->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
            },
            &bmp, img.Width, img.Height, 4, img.Pixels.data());
        const std::string bmp_path = cli.Data.Sub("shot.bmp");
        WriteFile(bmp_path, std::string(bmp.begin(), bmp.end()));
        const ChildResult r = cli.Send(With(kReport, { "--screenshot", bmp_path }));
        INFO(Describe(r));
        REQUIRE(r.ExitCode == 0);
        const auto tickets = rig.Tickets();
        REQUIRE(tickets.size() == 1);
        const std::vector<uint8_t>& stored = tickets[0].Report.ScreenshotPng;
        CHECK(SniffImageFormat(stored) == ImageFormat::Webp);
        RgbaImage back;
        std::string why;
        REQUIRE(DecodeImage(stored, 1u << 20, &back, &why));
        CHECK(back.Width == img.Width);
        CHECK(back.Height == img.Height);
    }
    SECTION("a PNG over the size limit (2560x1440 noise, about 11 MB): re-encoded to fit, not refused")
    {
        const RgbaImage big = NoiseImage(2560, 1440, 11);
        std::vector<uint8_t> big_png;
        REQUIRE(EncodePng(big, &big_png));
        REQUIRE(big_png.size() > Limits().ScreenshotMaxBytes);
        const std::string big_path = cli.Data.Sub("big.png");
        WriteFile(big_path, std::string(big_png.begin(), big_png.end()));
        const ChildResult r = cli.Send(With(kReport, { "--screenshot", big_path }));
        INFO(Describe(r));
        REQUIRE(r.ExitCode == 0);
        CHECK(r.Err.find("re-encoded to fit") != std::string::npos);
        const auto tickets = rig.Tickets();
        REQUIRE(tickets.size() == 1);
        const std::vector<uint8_t>& stored = tickets[0].Report.ScreenshotPng;
        CHECK(stored.size() <= Limits().ScreenshotMaxBytes);
        CHECK(SniffImageFormat(stored) == ImageFormat::Webp);   // photographic: the lossy codec
        RgbaImage back;
        std::string why;
        REQUIRE(DecodeImage(stored, Limits().ScreenshotMaxPixels, &back, &why));
        CHECK(back.Width == big.Width);                          // quality stepped down first, not size
        CHECK(back.Height == big.Height);
    }
    SECTION("not an image, a torn PNG, a missing file: exit 4, nothing sent")
    {
        const std::string text = cli.Data.Sub("notes.png");
        WriteFile(text, "this is not a picture\n");
        const std::string torn = cli.Data.Sub("torn.png");
        WriteFile(torn, std::string(png.begin(), png.begin() + static_cast<long>(png.size() / 2)));
        for (const std::string& path : { text, torn, cli.Data.Sub("missing.png") })
        {
            const ChildResult r = cli.Send(With(kReport, { "--screenshot", path }));
            INFO(path << "\n" << Describe(r));
            CHECK(r.ExitCode == 4);
            CHECK(r.Err.find("screenshot") != std::string::npos);
            CHECK(r.Out.find("accepted:") == std::string::npos);
        }
        CHECK(rig.Proxy.Connections() == 0);
        CHECK(rig.CountTickets() == 0);
        CHECK(ListOutbox(cli.Outbox()).Reports.empty());
    }
}

TEST_CASE("imcontact-send: invalid input is refused before anything is saved or sent (exit 4)", "[cli][net]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    Cli cli{ rig };
    struct Case { std::vector<std::string> Args; const char* Expect; };
    const std::vector<Case> cases = {
        { { "--type", "malfunction", "--message", "Apua" }, "message too_short" },
        { { "--type", "phone_support_request", "--message", "Soittakaa minulle pian." }, "phone missing" },
        { { "--type", "malfunction", "--message", "Raportti kaatuu joka kerta.", "--email", "ei-osoite" }, "email malformed" },
    };
    for (const Case& c : cases)
    {
        const ChildResult r = cli.Send(c.Args);
        INFO(Describe(r));
        CHECK(r.ExitCode == 4);
        CHECK(r.Err.find(c.Expect) != std::string::npos);
        CHECK(r.Out.find("accepted:") == std::string::npos);
    }
    CHECK(rig.Proxy.Connections() == 0);
    CHECK(rig.CountTickets() == 0);
    const OutboxListing l = ListOutbox(cli.Outbox());
    INFO(l.Describe());
    CHECK(l.Reports.empty());
    CHECK(l.Temps.empty());
}

TEST_CASE("imcontact-send: a 4xx from the receiver: exit 4 with its reason, kept as needing attention", "[cli][net]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    rig.Proxy.Then(PFault::Respond(400, "", R"({"error":{"code":"too_short","field":"message","message":"the message is too short","limit":50}})"));
    Cli cli{ rig };
    const ChildResult r = cli.Send(kReport);
    INFO(Describe(r));
    CHECK(r.ExitCode == 4);
    CHECK(r.Err.find("the message is too short") != std::string::npos);
    CHECK(r.Err.find("HTTP 400") != std::string::npos);
    CHECK(r.Out.find("accepted:") != std::string::npos);   // it was saved first
    CHECK(rig.Proxy.RequestCount() == 1);                  // and not retried
    CHECK(rig.CountTickets() == 0);
    const OutboxListing l = ListOutbox(cli.Outbox());
    INFO(l.Describe());
    CHECK(l.Reports.size() == 1);
    // --flush does not retry it either (it needs a person): exit 4.
    const ChildResult f = cli.Flush({ "--timeout", "3" });
    INFO(Describe(f));
    CHECK(f.ExitCode == 4);
    CHECK(rig.Proxy.RequestCount() == 1);
}

TEST_CASE("imcontact-send: receiver down: queued (exit 3), then --flush delivers it (exit 0)", "[cli][net]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    rig.Proxy.StopListening();
    Cli cli{ rig };
    const ChildResult r = cli.Send(With(kReport, { "--timeout", "1.5" }));
    INFO(Describe(r));
    CHECK(r.ExitCode == 3);
    CHECK(r.Seconds < 1.5 + 2.5);
    const std::vector<std::string> lines = Lines(r.Out);
    REQUIRE(lines.size() == 2);
    REQUIRE(std::regex_match(lines[0], std::regex(R"(accepted: Q-[0-9A-F]{8})")));
    const std::string ref = lines[0].substr(10);
    CHECK(lines[1] == "queued: " + ref);
    CHECK(ListOutbox(cli.Outbox()).Reports.size() == 1);

    SECTION("--flush while it is still down: exit 3, still queued")
    {
        const ChildResult f = cli.Flush({ "--timeout", "1" });
        INFO(Describe(f));
        CHECK(f.ExitCode == 3);
        CHECK(ListOutbox(cli.Outbox()).Reports.size() == 1);
    }
    SECTION("the outbox is full: the next report is refused (exit 4), nothing dropped")
    {
        const ChildResult full = cli.Send(With(kReport, { "--timeout", "1.5", "--max-queued", "1" }));
        INFO(Describe(full));
        CHECK(full.ExitCode == 4);
        CHECK(full.Err.find("full") != std::string::npos);
        CHECK(full.Out.find("accepted:") == std::string::npos);
        CHECK(ListOutbox(cli.Outbox()).Reports.size() == 1);
    }

    rig.Proxy.StartListening();
    const ChildResult f = cli.Flush();
    INFO(Describe(f));
    CHECK(f.ExitCode == 0);
    const std::vector<std::string> flushed = Lines(f.Out);
    REQUIRE(flushed.size() == 1);
    CHECK(std::regex_match(flushed[0], std::regex("delivered: " + ref + R"( ticket: \d{4}-\d{4})")));
    const auto tickets = rig.Tickets();
    REQUIRE(tickets.size() == 1);
    CHECK(flushed[0].substr(flushed[0].size() - 9) == tickets[0].Summary.Ticket);
    const OutboxListing l = ListOutbox(cli.Outbox());
    INFO(l.Describe());
    CHECK(l.Reports.empty());
    CHECK(l.Temps.empty());
    CHECK(l.Locks.empty());
    // "My requests" learned the ticket from the flush.
    CHECK(ReadFile(cli.Data.Sub("data/tickets.json")).find(tickets[0].Summary.Ticket) != std::string::npos);

    // Nothing left: a second flush delivers nothing and says so.
    const ChildResult again = cli.Flush();
    INFO(Describe(again));
    CHECK(again.ExitCode == 0);
    CHECK(again.Out.empty());
    CHECK(rig.CountTickets() == 1);
}

TEST_CASE("imcontact-send: --flush given the data directory delivers its outbox; any other directory is refused (exit 2)", "[cli][net]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    rig.Proxy.StopListening();
    Cli cli{ rig };
    const ChildResult r = cli.Send(With(kReport, { "--timeout", "1.5" }));
    INFO(Describe(r));
    REQUIRE(r.ExitCode == 3);
    REQUIRE(ListOutbox(cli.Outbox()).Reports.size() == 1);
    rig.Proxy.StartListening();

    auto flush = [&](const std::string& dir, std::vector<std::string> extra = {}) {
        ChildSpec spec;
        spec.Argv = { IMCONTACT_SEND_BIN, "--flush", dir, "--endpoint", rig.Endpoint() };
        spec.Argv.insert(spec.Argv.end(), extra.begin(), extra.end());
        return RunChild(spec, 30000);
    };

    SECTION("a directory that is neither an outbox nor a data directory: exit 2, nothing sent")
    {
        TempDir other("imcontact-send-notoutbox");
        {
            std::ofstream f(other.Sub("notes.txt"));
            f << "not an outbox\n";
        }
        for (const std::string& dir : { other.Path(), other.Sub("missing"), other.Sub("notes.txt") })
        {
            const ChildResult f = flush(dir);
            INFO(dir << "\n" << Describe(f));
            CHECK(f.ExitCode == 2);
            CHECK(f.Out.empty());
            CHECK(f.Err.find("imcontact-send: --flush " + dir) != std::string::npos);
        }
        CHECK(rig.Proxy.Connections() == 0);   // the send found the port closed; the refused flushes never connect
        CHECK(rig.CountTickets() == 0);
        CHECK(ListOutbox(cli.Outbox()).Reports.size() == 1);
    }

    // The data directory: its outbox/ is flushed, and "My requests" in it learns the ticket.
    const ChildResult f = flush(cli.Data.Sub("data"));
    INFO(Describe(f));
    CHECK(f.ExitCode == 0);
    const std::vector<std::string> lines = Lines(f.Out);
    REQUIRE(lines.size() == 1);
    CHECK(std::regex_match(lines[0], std::regex(R"(delivered: Q-[0-9A-F]{8} ticket: \d{4}-\d{4})")));
    CHECK(f.Err.find("1 delivered, 0 still pending") != std::string::npos);
    const auto tickets = rig.Tickets();
    REQUIRE(tickets.size() == 1);
    CHECK(ListOutbox(cli.Outbox()).Reports.empty());
    CHECK(ReadFile(cli.Data.Sub("data/tickets.json")).find(tickets[0].Summary.Ticket) != std::string::npos);
}

TEST_CASE("imcontact-send: --attach sends each file as an attachment part; a missing one is reported, the report still goes", "[cli][net]")
{
    // A capturing server: the wire, part by part (the receiver that stores them: the next case).
    ImContactTest::FaultServer srv;
    REQUIRE(srv.Start());
    srv.SetHandler([](const ImContactTest::RecordedRequest&) {
        ImContact::Receipt r;
        r.Ticket = "7777-8888";
        r.StatusToken = "tok";
        r.Confirmation = "ok";
        r.Status = "received";
        return ImContactTest::Reply{ 201, ImContact::ReceiptToJson(r) };
    });
    TempDir tmp{ "imcontact-send-attach" };
    std::string log;
    for (int i = 0; i < 2000; ++i) log += "rivi " + std::to_string(i) + ": kaikki hyvin\n";   // ~44 KB
    WriteFile(tmp.Sub("app.log"), log);
    WriteFile(tmp.Sub("dump.bin"), std::string("\x00\x01\xFF", 3));
    WriteFile(tmp.Sub("conf.ini"), "a=1\n");
    ChildSpec spec;
    spec.Argv = { IMCONTACT_SEND_BIN, "--endpoint", srv.Url(), "--data-dir", tmp.Sub("data"), "--type", "malfunction",
                  "--message", "Raportti kaatuu, kun valitsen kuukauden.",
                  "--attach", tmp.Sub("app.log"), "--attach", tmp.Sub("dump.bin"),
                  "--attach", tmp.Sub("conf.ini") + "=text/plain", "--attach", tmp.Sub("missing.log"),
                  "--attach", tmp.Sub("data.x"), "--attach-type", "application/json" };
    WriteFile(tmp.Sub("data.x"), "{}");
    const ChildResult r = RunChild(spec, 30000);
    INFO(Describe(r));
    CHECK(r.ExitCode == 0);
    CHECK(r.Out.find("ticket: 7777-8888") != std::string::npos);
    CHECK(r.Err.find("attachment: app.log: included") != std::string::npos);
    CHECK(r.Err.find("attachment: missing.log: not attached: the file does not exist") != std::string::npos);
    const std::vector<ImContactTest::RecordedRequest> reqs = srv.Requests();
    REQUIRE(reqs.size() == 1);
    const auto parts = ImContactTest::ParseMultipart(reqs[0].Header("content-type"), reqs[0].Body);
    REQUIRE(parts.size() == 5);
    CHECK(parts[0].Name == "report");
    const char* names[] = { "app.log", "dump.bin", "conf.ini", "data.x" };
    const char* types[] = { "text/plain; charset=utf-8", "application/octet-stream", "text/plain", "application/json" };
    const std::string datas[] = { log, std::string("\x00\x01\xFF", 3), "a=1\n", "{}" };
    for (int i = 0; i < 4; ++i)
    {
        INFO(names[i]);
        CHECK(parts[i + 1].Name == "attachment");
        CHECK(parts[i + 1].FileName == names[i]);
        CHECK(parts[i + 1].ContentType == types[i]);
        CHECK(parts[i + 1].Data == datas[i]);
    }

    // --json: one line per attachment before the outcome.
    spec.Argv = { IMCONTACT_SEND_BIN, "--endpoint", srv.Url(), "--data-dir", tmp.Sub("data"), "--type", "malfunction",
                  "--message", "Raportti kaatuu, kun valitsen kuukauden.", "--json", "--attach", tmp.Sub("missing.log") };
    const ChildResult j = RunChild(spec, 30000);
    INFO(Describe(j));
    CHECK(j.ExitCode == 0);
    bool saw = false;
    for (const std::string& line : Lines(j.Out))
    {
        const nlohmann::json ev = nlohmann::json::parse(line, nullptr, false);
        if (ev.is_object() && ev.value("event", "") == "attachment")
        {
            saw = true;
            CHECK(ev.value("name", "") == "missing.log");
            CHECK(ev.value("result", "") == "not_attached");
            CHECK(ev.value("reason", "") == "missing");
        }
    }
    CHECK(saw);

    // --attach-type without an --attach before it, or a type that is not one: usage errors, nothing sent.
    spec.Argv = { IMCONTACT_SEND_BIN, "--endpoint", srv.Url(), "--type", "malfunction", "--message", "Raportti kaatuu, kun valitsen.",
                  "--attach-type", "text/plain" };
    CHECK(RunChild(spec, 30000).ExitCode == 2);
    spec.Argv = { IMCONTACT_SEND_BIN, "--endpoint", srv.Url(), "--type", "malfunction", "--message", "Raportti kaatuu, kun valitsen.",
                  "--attach", tmp.Sub("app.log"), "--attach-type", "Text/Plain" };
    CHECK(RunChild(spec, 30000).ExitCode == 2);
    CHECK(srv.Requests().size() == 2);
}

TEST_CASE("imcontact-send: --attach end to end: the real receiver stores each file byte for byte, in order", "[cli][net]")
{
    FaultRig rig;
    REQUIRE_RIG(rig);
    Cli cli{ rig };
    std::string log;
    for (int i = 0; i < 3000; ++i) log += "rivi " + std::to_string(i) + ": yhteys katkesi, yritetään uudelleen\n";
    const std::string bin("\x00\x01\xFF\xFE binary", 11);
    WriteFile(cli.Data.Sub("app.log"), log);
    WriteFile(cli.Data.Sub("dump.bin"), bin);
    const ChildResult r = cli.Send(With(kReport, { "--attach", cli.Data.Sub("app.log"), "--attach", cli.Data.Sub("dump.bin") }));
    INFO(Describe(r));
    REQUIRE(r.ExitCode == 0);
    const auto tickets = rig.Tickets();
    REQUIRE(tickets.size() == 1);
    const std::vector<Attachment>& stored = tickets[0].Report.Attachments;
    REQUIRE(stored.size() == 2);
    CHECK(stored[0].Name == "app.log");
    CHECK(stored[0].MimeType == "text/plain; charset=utf-8");
    CHECK(std::string(stored[0].Bytes.begin(), stored[0].Bytes.end()) == log);
    CHECK(stored[1].Name == "dump.bin");
    CHECK(stored[1].MimeType == "application/octet-stream");
    CHECK(std::string(stored[1].Bytes.begin(), stored[1].Bytes.end()) == bin);
}
