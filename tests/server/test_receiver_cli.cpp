// The imcontact-receiver binary: list / show / set-status / export-screenshot /
// export-attachment against a
// database filled through the HTTP API, usage errors, and `serve` with its signals.
#include <catch2/catch.hpp>

#include "imcontact/imcontact_protocol.h"
#include "imcontact/internal/screenshot_codec.h"
#include "imcontact_receiver.h"
#include "support/png.h"
#include "support/temp_dir.h"

#include <httplib.h>
#include <sqlite3.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <vector>

extern char** environ;

using namespace ImContact;
using namespace ImContactReceiver;
using ImContactTest::ReadFile;
using ImContactTest::TempDir;
namespace fs = std::filesystem;

namespace
{

// A flat grey RGBA PNG.
std::vector<uint8_t> MakePng(int w, int h)
{
    return ImContactTest::PngBytes(w, h, 4, std::vector<uint8_t>(static_cast<size_t>(w * h * 4), 0x80));
}

// Not the shared sample: `show` is checked for these values. The receiver refuses
// terminal escapes in the message now; Filled puts them into the stored rows afterwards,
// as a database written before that rule would hold them.
Report MakeReport(ContactType type, ProcessingSpeed speed, const std::string& organisation)
{
    Report r;
    r.Fields.Type = type;
    r.Fields.Speed = speed;
    r.Fields.Organisation = organisation;
    r.Fields.Email = "tuki@example.fi";
    r.Fields.Application = "Palkanlaskenta";
    r.Fields.Message = "Raportti ei aukea.\nVirheilmoitus: punainen teksti.";
    r.Fields.Phone = "040 1234567";
    r.Language = "fi";
    r.Technical.AppName = "demo";
    r.Technical.AppVersion = "2.0";
    return r;
}

struct ToolResult
{
    int Code = -1;
    std::string Out, Err;
};

// Starts the binary with stdout and stderr going to files in 'dir', in the directory
// 'cwd' (empty: this one). Returns the pid.
pid_t Spawn(const TempDir& dir, const std::vector<std::string>& args, const std::string& tag, const std::string& cwd = "")
{
    std::vector<std::string> all = { IMCONTACT_RECEIVER_BIN };
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    const std::string out = dir.Sub(tag + ".out"), err = dir.Sub(tag + ".err");
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, all[0].c_str(), &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    REQUIRE(rc == 0);
    return pid;
}

int WaitExit(pid_t pid)
{
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

ToolResult Run(const TempDir& dir, const std::vector<std::string>& args, const std::string& cwd = "")
{
    const pid_t pid = Spawn(dir, args, "run", cwd);
    ToolResult r;
    r.Code = WaitExit(pid);
    r.Out = ReadFile(dir.Sub("run.out"));
    r.Err = ReadFile(dir.Sub("run.err"));
    return r;
}

bool Contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

// Fills a database through the real HTTP API.
struct Filled
{
    TempDir Dir{ "imcontact-cli" };
    std::string Db;
    std::vector<Receipt> Receipts;    // [0] malfunction+screenshot, [1] billing, [2] sales faster
    std::vector<uint8_t> Png;

    Filled()
    {
        REQUIRE(!Dir.Path().empty());
        Db = Dir.Sub("contacts.db");
        Png = MakePng(32, 20);
        Options opt;
        opt.DbPath = Db;
        opt.LogRequests = false;
        Receiver rx(opt);
        std::string err;
        REQUIRE(rx.Start(&err));
        httplib::Client cli("127.0.0.1", rx.Port());
        const Report reports[] = {
            MakeReport(ContactType::Malfunction, ProcessingSpeed::Normal, "Alfa Oy"),
            MakeReport(ContactType::Billing, ProcessingSpeed::Normal, "Beta Ab"),
            MakeReport(ContactType::Sales, ProcessingSpeed::Faster, "Gamma Ry"),
        };
        for (int i = 0; i < 3; i++)
        {
            httplib::MultipartFormDataItems items = { { "report", ReportToJson(reports[i]), "report.json", "application/json" } };
            if (i == 0) items.push_back({ "screenshot", std::string(Png.begin(), Png.end()), "s.png", "image/png" });
            httplib::Result res = cli.Post(ContactsPath, items);
            REQUIRE(res);
            REQUIRE(res->status == 201);
            Receipt r;
            REQUIRE(ParseReceipt(res->body, &r));
            Receipts.push_back(r);
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        rx.Stop();
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open_v2(Db.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
        const int rc = sqlite3_exec(db, "UPDATE tickets SET message = replace(message, 'punainen',"
                                        " char(27) || '[31mpunainen' || char(27) || '[0m')", nullptr, nullptr, nullptr);
        sqlite3_close(db);
        REQUIRE(rc == SQLITE_OK);
    }
};

} // namespace

TEST_CASE("cli: list shows a table, filters by queue and status", "[receiver][cli]")
{
    Filled f;
    ToolResult r = Run(f.Dir, { "list", "--db", f.Db });
    INFO(r.Err);
    REQUIRE(r.Code == 0);
    CHECK(Contains(r.Out, "TICKET"));
    CHECK(Contains(r.Out, "PRIMARY QUEUE"));
    CHECK(Contains(r.Out, "ORGANISATION"));
    for (const Receipt& rc : f.Receipts) CHECK(Contains(r.Out, rc.Ticket));
    CHECK(Contains(r.Out, "Alfa Oy"));
    CHECK(Contains(r.Out, "malfunction"));
    CHECK(Contains(r.Out, "application_maintenance"));
    CHECK(Contains(r.Out, "3 tickets"));
    // Newest first.
    CHECK(r.Out.find(f.Receipts[2].Ticket) < r.Out.find(f.Receipts[0].Ticket));

    r = Run(f.Dir, { "list", "--db=" + f.Db, "--queue", "customer_service" });
    REQUIRE(r.Code == 0);
    CHECK(Contains(r.Out, "3 tickets"));   // every ticket is in both queues (R11)

    r = Run(f.Dir, { "list", "--db", f.Db, "--status", "resolved" });
    REQUIRE(r.Code == 0);
    CHECK(Contains(r.Out, "0 tickets"));
    CHECK_FALSE(Contains(r.Out, f.Receipts[0].Ticket));

    r = Run(f.Dir, { "list", "--db", f.Db, "--queue", "sales_team" });
    CHECK(r.Code == 2);
    CHECK(Contains(r.Err, "unknown queue"));
    r = Run(f.Dir, { "list", "--db", f.Db, "--status", "done" });
    CHECK(r.Code == 2);
    CHECK(Contains(r.Err, "unknown status"));
}

TEST_CASE("cli: show prints every field, the queues, the history and the screenshot", "[receiver][cli]")
{
    Filled f;
    ToolResult r = Run(f.Dir, { "show", "--db", f.Db, f.Receipts[0].Ticket });
    INFO(r.Out << r.Err);
    REQUIRE(r.Code == 0);
    CHECK(Contains(r.Out, f.Receipts[0].Ticket));
    CHECK(Contains(r.Out, "malfunction"));
    CHECK(Contains(r.Out, "Toimintahäiriö"));
    CHECK(Contains(r.Out, "Alfa Oy"));
    CHECK(Contains(r.Out, "tuki@example.fi"));
    CHECK(Contains(r.Out, "Palkanlaskenta"));
    CHECK(Contains(r.Out, "customer_service"));
    CHECK(Contains(r.Out, "application_maintenance"));
    CHECK(Contains(r.Out, "Raportti ei aukea."));
    CHECK(Contains(r.Out, "stored, " + std::to_string(f.Png.size()) + " bytes, image/png, 32 x 20 px"));
    CHECK(Contains(r.Out, "History:"));
    CHECK(Contains(r.Out, "received"));
    // Terminal escapes from the user's text are not passed through.
    CHECK_FALSE(Contains(r.Out, "\x1b"));
    // The status token is a secret of the user's; show does not print it.
    CHECK_FALSE(Contains(r.Out, f.Receipts[0].StatusToken));

    r = Run(f.Dir, { "show", "--db", f.Db, f.Receipts[1].Ticket });
    REQUIRE(r.Code == 0);
    CHECK(Contains(r.Out, "Screenshot:      none"));

    const std::string unknown = f.Receipts[0].Ticket == "0000-0000" ? "0000-0001" : "0000-0000";
    r = Run(f.Dir, { "show", "--db", f.Db, unknown });
    CHECK(r.Code == 1);
    CHECK(Contains(r.Err, "no ticket " + unknown));
    r = Run(f.Dir, { "show", "--db", f.Db, "12345678" });
    CHECK(r.Code == 2);
    CHECK(Contains(r.Err, "not a ticket number"));
    r = Run(f.Dir, { "show", "--db", f.Db });
    CHECK(r.Code == 2);
    CHECK(Contains(r.Err, "missing TICKET"));
}

TEST_CASE("cli: set-status appends history and is what the API shows", "[receiver][cli]")
{
    Filled f;
    const Receipt& t = f.Receipts[1];
    ToolResult r = Run(f.Dir, { "set-status", "--db", f.Db, t.Ticket, "in_progress", "--note", "Käsittelyssä" });
    INFO(r.Err);
    REQUIRE(r.Code == 0);
    CHECK(Contains(r.Out, t.Ticket + ": received -> in_progress"));
    r = Run(f.Dir, { "set-status", "--db", f.Db, t.Ticket, "waiting_for_customer" });
    REQUIRE(r.Code == 0);

    r = Run(f.Dir, { "show", "--db", f.Db, t.Ticket });
    REQUIRE(r.Code == 0);
    CHECK(Contains(r.Out, "Käsittelyssä"));
    CHECK(Contains(r.Out, "waiting_for_customer"));

    r = Run(f.Dir, { "list", "--db", f.Db, "--status", "waiting_for_customer" });
    REQUIRE(r.Code == 0);
    CHECK(Contains(r.Out, t.Ticket));
    CHECK(Contains(r.Out, "1 ticket\n"));

    // The user sees it through GET /v1/contacts/{ticket}.
    Options opt;
    opt.DbPath = f.Db;
    opt.LogRequests = false;
    Receiver rx(opt);
    std::string err;
    REQUIRE(rx.Start(&err));
    httplib::Client cli("127.0.0.1", rx.Port());
    httplib::Result res = cli.Get((std::string(ContactsPath) + "/" + t.Ticket).c_str(), { { StatusTokenHeader, t.StatusToken } });
    REQUIRE(res);
    REQUIRE(res->status == 200);
    TicketStatus s;
    REQUIRE(ParseTicketStatus(res->body, &s));
    CHECK(s.Status == "waiting_for_customer");
    REQUIRE(s.History.size() == 3);
    CHECK(s.History[1].Status == "in_progress");
    CHECK(s.History[1].Note == "Käsittelyssä");
    rx.Stop();

    r = Run(f.Dir, { "set-status", "--db", f.Db, t.Ticket, "done" });
    CHECK(r.Code == 2);
    CHECK(Contains(r.Err, "unknown status"));
    CHECK(Contains(r.Err, "in_progress"));
    const std::string unknown = t.Ticket == "0000-0000" ? "0000-0001" : "0000-0000";
    r = Run(f.Dir, { "set-status", "--db", f.Db, unknown, "closed" });
    CHECK(r.Code == 1);
    CHECK(Contains(r.Err, "no ticket"));
    r = Run(f.Dir, { "set-status", "--db", f.Db, t.Ticket });
    CHECK(r.Code == 2);
    CHECK(Contains(r.Err, "missing STATUS"));
}

TEST_CASE("cli: export-screenshot writes the stored PNG byte for byte", "[receiver][cli]")
{
    Filled f;
    const std::string out = f.Dir.Sub("exported.png");
    ToolResult r = Run(f.Dir, { "export-screenshot", "--db", f.Db, f.Receipts[0].Ticket, out });
    INFO(r.Err);
    REQUIRE(r.Code == 0);
    CHECK(Contains(r.Out, std::to_string(f.Png.size()) + " bytes"));
    const std::string bytes = ReadFile(out);
    CHECK(bytes == std::string(f.Png.begin(), f.Png.end()));

    r = Run(f.Dir, { "export-screenshot", "--db", f.Db, f.Receipts[1].Ticket, f.Dir.Sub("none.png") });
    CHECK(r.Code == 1);
    CHECK(Contains(r.Err, "has no screenshot"));
    CHECK_FALSE(fs::exists(f.Dir.Sub("none.png")));
    r = Run(f.Dir, { "export-screenshot", "--db", f.Db, f.Receipts[0].Ticket, f.Dir.Sub("no/such/dir/x.png") });
    CHECK(r.Code == 1);
    CHECK(Contains(r.Err, "cannot write"));
}

TEST_CASE("cli: a WebP screenshot is shown with its type and exported as .webp", "[receiver][cli]")
{
    TempDir dir("imcontact-cli");
    REQUIRE(!dir.Path().empty());
    const std::string db = dir.Sub("contacts.db");
    std::vector<uint8_t> webp;
    REQUIRE(EncodeWebp(ImContactTest::NoiseImage(40, 24, 5), 80, &webp));
    Options opt;
    opt.DbPath = db;
    opt.LogRequests = false;
    Receipt receipt;
    {
        Receiver rx(opt);
        std::string err;
        REQUIRE(rx.Start(&err));
        httplib::Client cli("127.0.0.1", rx.Port());
        httplib::MultipartFormDataItems items = {
            { "report", ReportToJson(MakeReport(ContactType::Malfunction, ProcessingSpeed::Normal, "Alfa Oy")), "report.json", "application/json" },
            { "screenshot", std::string(webp.begin(), webp.end()), "s.webp", "image/webp" } };
        httplib::Result res = cli.Post(ContactsPath, items);
        REQUIRE(res);
        REQUIRE(res->status == 201);
        REQUIRE(ParseReceipt(res->body, &receipt));
        rx.Stop();
    }
    ToolResult r = Run(dir, { "show", "--db", db, receipt.Ticket });
    INFO(r.Out << r.Err);
    REQUIRE(r.Code == 0);
    CHECK(Contains(r.Out, "image/webp, 40 x 24 px"));
    r = Run(dir, { "export-screenshot", "--db", db, receipt.Ticket, dir.Sub("shot.png") });
    REQUIRE(r.Code == 0);
    CHECK(Contains(r.Out, dir.Sub("shot.webp")));
    CHECK_FALSE(fs::exists(dir.Sub("shot.png")));
    const std::string bytes = ReadFile(dir.Sub("shot.webp"));
    CHECK(bytes == std::string(webp.begin(), webp.end()));
}

TEST_CASE("cli: show lists the attachments; export-attachment writes one exactly and never overwrites", "[receiver][cli]")
{
    TempDir dir("imcontact-cli");
    REQUIRE(!dir.Path().empty());
    const std::string db = dir.Sub("contacts.db");
    const std::string log = "20:00:01 käynnistys\n20:00:02 virhe\n";
    std::string binary;
    for (int i = 0; i < 1000; i++) binary.push_back(static_cast<char>((i * 131) & 0xff));
    Options opt;
    opt.DbPath = db;
    opt.LogRequests = false;
    Receipt with, without;
    {
        Receiver rx(opt);
        std::string err;
        REQUIRE(rx.Start(&err));
        httplib::Client cli("127.0.0.1", rx.Port());
        const std::string report = ReportToJson(MakeReport(ContactType::Malfunction, ProcessingSpeed::Normal, "Alfa Oy"));
        httplib::MultipartFormDataItems items = { { "report", report, "report.json", "application/json" },
                                                  { "attachment", log, "app.log", "text/plain; charset=utf-8" },
                                                  { "attachment", binary, "dump.bin", "application/octet-stream" } };
        for (Receipt* r : { &with, &without })
        {
            httplib::Result res = cli.Post(ContactsPath, items);
            REQUIRE(res);
            INFO(res->body);
            REQUIRE(res->status == 201);
            REQUIRE(ParseReceipt(res->body, r));
            items.resize(1);
        }
        rx.Stop();
    }

    ToolResult r = Run(dir, { "show", "--db", db, with.Ticket });
    INFO(r.Out << r.Err);
    REQUIRE(r.Code == 0);
    CHECK(Contains(r.Out, "Attachments:\n  1  app.log  text/plain; charset=utf-8  " + std::to_string(log.size()) + " bytes\n"
                          "  2  dump.bin  application/octet-stream  1000 bytes\n"));
    r = Run(dir, { "show", "--db", db, without.Ticket });
    REQUIRE(r.Code == 0);
    CHECK(Contains(r.Out, "Attachments:     none"));

    // By position, to --out.
    r = Run(dir, { "export-attachment", "--db", db, with.Ticket, "2", "--out", dir.Sub("out.bin") });
    REQUIRE(r.Code == 0);
    CHECK(Contains(r.Out, "wrote 1000 bytes to " + dir.Sub("out.bin")));
    CHECK(ReadFile(dir.Sub("out.bin")) == binary);
    // By name, to its stored name in the current directory.
    fs::create_directory(dir.Sub("here"));
    r = Run(dir, { "export-attachment", "--db", db, with.Ticket, "app.log" }, dir.Sub("here"));
    REQUIRE(r.Code == 0);
    CHECK(ReadFile(dir.Sub("here/app.log")) == log);
    // Never over an existing file, whichever way it is named.
    std::ofstream(dir.Sub("here/keep.txt")) << "pidä tämä";
    for (const std::vector<std::string>& args : { std::vector<std::string>{ "export-attachment", "--db", db, with.Ticket, "1" },
                                                  std::vector<std::string>{ "export-attachment", "--db", db, with.Ticket, "2", "--out", "keep.txt" } })
    {
        r = Run(dir, args, dir.Sub("here"));
        CHECK(r.Code == 1);
        CHECK(Contains(r.Err, "exists; not overwritten"));
    }
    CHECK(ReadFile(dir.Sub("here/app.log")) == log);
    CHECK(ReadFile(dir.Sub("here/keep.txt")) == "pidä tämä");

    // A position or name that is not there, a ticket without attachments, bad usage.
    for (const char* which : { "0", "3", "99999999999", "nope.txt", "../app.log", "" })
    {
        INFO("which: " << which);
        r = Run(dir, { "export-attachment", "--db", db, with.Ticket, which, "--out", dir.Sub("never") });
        CHECK(r.Code == 1);
        CHECK(Contains(r.Err, "has no attachment"));
        CHECK_FALSE(fs::exists(dir.Sub("never")));
    }
    r = Run(dir, { "export-attachment", "--db", db, without.Ticket, "1", "--out", dir.Sub("never") });
    CHECK(r.Code == 1);
    CHECK(Contains(r.Err, "has no attachment 1 (it has 0)"));
    r = Run(dir, { "export-attachment", "--db", db, "12345678", "1" });
    CHECK(r.Code == 2);
    r = Run(dir, { "export-attachment", "--db", db, with.Ticket });
    CHECK(r.Code == 2);
    CHECK(Contains(r.Err, "missing N|NAME"));
    r = Run(dir, { "export-attachment", "--db", db, with.Ticket, "1", "--out", dir.Sub("no/such/dir/x") });
    CHECK(r.Code == 1);
    CHECK(Contains(r.Err, "cannot write"));
    CHECK_FALSE(fs::exists(dir.Sub("never")));
}

TEST_CASE("cli: help, unknown commands and options, missing database", "[receiver][cli]")
{
    TempDir dir("imcontact-cli");
    REQUIRE(!dir.Path().empty());
    ToolResult r = Run(dir, { "--help" });
    CHECK(r.Code == 0);
    for (const char* word : { "usage:", "serve", "list", "show", "set-status", "export-screenshot", "export-attachment", "--out", "--db", "--listen", "--routing" })
        CHECK(Contains(r.Out, word));
    CHECK(Run(dir, { "list", "--help" }).Code == 0);

    r = Run(dir, {});
    CHECK(r.Code == 2);
    CHECK(Contains(r.Err, "no command"));
    r = Run(dir, { "frobnicate", "--db", "x.db" });
    CHECK(r.Code == 2);
    CHECK(Contains(r.Err, "unknown command \"frobnicate\""));
    r = Run(dir, { "list", "--db", "x.db", "--colour" });
    CHECK(r.Code == 2);
    CHECK(Contains(r.Err, "unknown option --colour"));
    r = Run(dir, { "list", "--db", "x.db", "--note", "x" });
    CHECK(r.Code == 2);
    CHECK(Contains(r.Err, "unknown option --note for list"));
    r = Run(dir, { "list" });
    CHECK(r.Code == 2);
    CHECK(Contains(r.Err, "--db FILE is required"));
    r = Run(dir, { "list", "--db" });
    CHECK(r.Code == 2);
    CHECK(Contains(r.Err, "needs a value"));
    r = Run(dir, { "show", "--db", dir.Sub("missing.db"), "1234-5678" });
    CHECK(r.Code == 1);
    CHECK(Contains(r.Err, "does not exist"));
    CHECK_FALSE(fs::exists(dir.Sub("missing.db")));
    r = Run(dir, { "serve", "--db", dir.Sub("a.db"), "--listen", "127.0.0.1" });
    CHECK(r.Code == 2);
    CHECK(Contains(r.Err, "HOST:PORT"));
}

TEST_CASE("cli: serve prints its URL, takes contacts and stops on SIGTERM and SIGINT", "[receiver][cli]")
{
    TempDir dir("imcontact-cli");
    REQUIRE(!dir.Path().empty());
    const std::string db = dir.Sub("served.db");
    for (int sig : { SIGTERM, SIGINT })
    {
        INFO("signal " << sig);
        const pid_t pid = Spawn(dir, { "serve", "--db", db, "--listen", "127.0.0.1:0" }, "serve");
        std::string out;
        for (int i = 0; i < 500 && !Contains(out, "\n"); i++)
        {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            out = ReadFile(dir.Sub("serve.out"));
        }
        REQUIRE(Contains(out, "listening on http://127.0.0.1:"));
        const int port = std::stoi(out.substr(out.rfind(':') + 1));
        REQUIRE(port > 0);

        httplib::Client cli("127.0.0.1", port);
        httplib::Result health = cli.Get("/healthz");
        REQUIRE(health);
        CHECK(health->status == 200);
        httplib::MultipartFormDataItems items = {
            { "report", ReportToJson(MakeReport(ContactType::Training, ProcessingSpeed::Normal, "Delta Oy")), "r.json", "application/json" } };
        httplib::Result res = cli.Post(ContactsPath, items);
        REQUIRE(res);
        CHECK(res->status == 201);
        Receipt receipt;
        REQUIRE(ParseReceipt(res->body, &receipt));

        const auto t0 = std::chrono::steady_clock::now();
        REQUIRE(kill(pid, sig) == 0);
        CHECK(WaitExit(pid) == 0);
        CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
        const std::string log = ReadFile(dir.Sub("serve.err"));
        CHECK(Contains(log, "POST /v1/contacts 201 ticket=" + receipt.Ticket));
        CHECK(Contains(log, "GET /healthz 200"));
        CHECK(Contains(log, "stopping"));
    }
    ToolResult r = Run(dir, { "list", "--db", db });
    REQUIRE(r.Code == 0);
    CHECK(Contains(r.Out, "2 tickets"));

    // A bad routing file stops serve at start-up with a clear message.
    std::ofstream(dir.Sub("routing.json")) << "{\"routes\": {\"billing\": \"nobody\"}}";
    r = Run(dir, { "serve", "--db", db, "--listen", "127.0.0.1:0", "--routing", dir.Sub("routing.json") });
    CHECK(r.Code == 1);
    CHECK(Contains(r.Err, "routing file"));
    CHECK(Contains(r.Err, "billing"));
}
