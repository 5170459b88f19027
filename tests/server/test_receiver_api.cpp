// Receiver HTTP API, end to end: a Receiver started in-process on an ephemeral
// loopback port, a real HTTP client (httplib::Client) and a real SQLite file.
#include <catch2/catch.hpp>

#include "imcontact/imcontact_locale.h"
#include "imcontact/imcontact_protocol.h"
#include "imcontact/internal/screenshot_codec.h"
#include "imcontact_receiver.h"
#include "sqlite_db.h"
#include "support/png.h"
#include "support/sample_report.h"
#include "support/temp_dir.h"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <sys/mount.h>
#include <zlib.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <chrono>
#include <fstream>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace ImContact;
using namespace ImContactReceiver;
using ImContactTest::TempDir;

namespace
{

std::vector<uint8_t> MakePng(int w, int h)
{
    std::vector<uint8_t> pixels(static_cast<size_t>(w * h * 3));
    for (size_t i = 0; i < pixels.size(); i++) pixels[i] = static_cast<uint8_t>(i * 7);
    std::vector<uint8_t> png = ImContactTest::PngBytes(w, h, 3, pixels);
    REQUIRE(png.size() > 8);
    return png;
}

// The sample report as any type, speed and language, with a phone number (which phone
// support requests need) and an idempotency key when one is given.
Report ValidReport(ContactType type = ContactType::SupportRequest, ProcessingSpeed speed = ProcessingSpeed::Normal,
                   const std::string& language = "fi", const std::string& key = "")
{
    Report r = ImContactTest::SampleReport();   // checked below: SubApplication, Reference, AppVersion, Os, FramebufferWidth
    r.Fields.Type = type;
    r.Fields.Speed = speed;
    r.Fields.Phone = "+358 40 1234567";
    r.Language = language;
    r.IdempotencyKey = key;
    r.Technical.Locale = language;
    return r;
}

httplib::MultipartFormDataItems Parts(const std::string& report_json, const std::vector<uint8_t>* png = nullptr)
{
    httplib::MultipartFormDataItems items = { { "report", report_json, "report.json", "application/json" } };
    if (png) items.push_back({ "screenshot", std::string(png->begin(), png->end()), "screenshot.png", "image/png" });
    return items;
}

struct Running
{
    TempDir Dir{ "imcontact-rx" };
    Options Opt;
    std::unique_ptr<Receiver> Rx;

    explicit Running(const std::string& routing_json = "", Limits limits = Limits())
    {
        REQUIRE(!Dir.Path().empty());
        Opt.DbPath = Dir.Sub("contacts.db");
        Opt.LogRequests = false;
        Opt.Limits = limits;
        if (!routing_json.empty())
        {
            Opt.RoutingPath = Dir.Sub("routing.json");
            std::ofstream(Opt.RoutingPath) << routing_json;
        }
        Rx = std::make_unique<Receiver>(Opt);
        std::string err;
        INFO(err);
        REQUIRE(Rx->Start(&err));
        REQUIRE(Rx->Port() > 0);
    }

    std::unique_ptr<httplib::Client> Client() const
    {
        auto c = std::make_unique<httplib::Client>("127.0.0.1", Rx->Port());
        c->set_connection_timeout(5, 0);
        c->set_read_timeout(20, 0);
        c->set_write_timeout(20, 0);
        return c;
    }

    httplib::Result Post(const Report& r, const std::vector<uint8_t>* png = nullptr) const
    {
        return Client()->Post(ContactsPath, Parts(ReportToJson(r), png));
    }

    Receipt PostOk(const Report& r, const std::vector<uint8_t>* png = nullptr, int expect = 201) const
    {
        httplib::Result res = Post(r, png);
        REQUIRE(res);
        INFO(res->body);
        REQUIRE(res->status == expect);
        Receipt receipt;
        REQUIRE(ParseReceipt(res->body, &receipt));
        return receipt;
    }

    httplib::Result GetStatus(const std::string& ticket, const std::string* token) const
    {
        httplib::Headers h;
        if (token) h.emplace(StatusTokenHeader, *token);
        return Client()->Get((std::string(ContactsPath) + "/" + ticket).c_str(), h);
    }
};

ApiError ParseErr(const httplib::Result& res)
{
    ApiError e;
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(ParseApiError(res->body, &e));
    return e;
}

void CheckRejected(const httplib::Result& res, int status, const char* code, const char* field)
{
    REQUIRE(res);
    INFO(res->body);
    CHECK(res->status == status);
    CHECK(res->get_header_value("Content-Type").find("application/json") == 0);
    const ApiError e = ParseErr(res);
    CHECK(e.Code == code);
    CHECK(e.Field == field);
    CHECK(!e.Message.empty());
}

// The report's JSON with one top-level member removed or replaced by raw JSON text.
std::string EditReportJson(const Report& r, const char* key, const char* raw_value)
{
    nlohmann::json j = nlohmann::json::parse(ReportToJson(r));
    if (raw_value) j[key] = nlohmann::json::parse(raw_value);
    else j.erase(key);
    return j.dump();
}

// The report's JSON with raw bytes (not valid UTF-8) put into the message.
std::string WithRawBytesInMessage(Report r, const std::string& bytes)
{
    r.Fields.Message = "MARKER-MARKER-MARKER";
    std::string json = ReportToJson(r);
    const size_t at = json.find("MARKER-MARKER-MARKER");
    REQUIRE(at != std::string::npos);
    json.replace(at, 20, "Viesti, jossa on " + bytes + " rikkinäisiä tavuja");
    return json;
}

struct SqlFile
{
    sqlite3* Db = nullptr;
    explicit SqlFile(const std::string& path, bool create = false)
    {
        const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
        REQUIRE(sqlite3_open_v2(path.c_str(), &Db, flags, nullptr) == SQLITE_OK);
    }
    ~SqlFile() { sqlite3_close(Db); }
    std::string Text(const char* sql)
    {
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(Db, sql, -1, &st, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(st) == SQLITE_ROW);
        const unsigned char* t = sqlite3_column_text(st, 0);
        std::string v = t ? reinterpret_cast<const char*>(t) : "";
        sqlite3_finalize(st);
        return v;
    }
    int Int(const char* sql) { return std::stoi(Text(sql)); }
    std::vector<uint8_t> Blob(const char* sql)
    {
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(Db, sql, -1, &st, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(st) == SQLITE_ROW);
        const uint8_t* b = static_cast<const uint8_t*>(sqlite3_column_blob(st, 0));
        std::vector<uint8_t> v(b, b + sqlite3_column_bytes(st, 0));
        sqlite3_finalize(st);
        return v;
    }
    void Exec(const char* sql) { REQUIRE(sqlite3_exec(Db, sql, nullptr, nullptr, nullptr) == SQLITE_OK); }
};

int SqlInt(const std::string& db_path, const char* sql) { return SqlFile(db_path).Int(sql); }

const std::regex kTicketFormat("^\\d{4}-\\d{4}$");

std::string OtherTicket(const std::string& ticket) { return ticket == "0000-0000" ? "0000-0001" : "0000-0000"; }

} // namespace

TEST_CASE("a valid contact gets a ticket, a confirmation and is stored with its screenshot", "[receiver]")
{
    Running rx;
    const std::vector<uint8_t> png = MakePng(64, 48);

    for (const char* lang : { "fi", "en" })
    {
        DYNAMIC_SECTION("language " << lang)
        {
            const Report report = ValidReport(ContactType::SupportRequest, ProcessingSpeed::Normal, lang);
            const Receipt r = rx.PostOk(report, &png);
            CHECK(std::regex_match(r.Ticket, kTicketFormat));
            CHECK(r.StatusToken.size() == 32);
            CHECK(r.StatusToken.find_first_not_of("0123456789abcdef") == std::string::npos);
            CHECK(r.Status == "received");
            CHECK(!r.Replayed);
            CHECK(r.CreatedAt.size() == 20);
            CHECK(r.CreatedAt.back() == 'Z');
            // R12: the confirmation is in the report's language and carries the ticket.
            Language l = Language::Finnish;
            REQUIRE(LanguageFromCode(lang, &l));
            CHECK(r.Confirmation.find(Tr(l, Str::SuccessConfirmation)) != std::string::npos);
            CHECK(r.Confirmation.find(r.Ticket) != std::string::npos);
            if (std::string(lang) == "fi") CHECK(r.Confirmation.find("Tikettinumero") != std::string::npos);
            else CHECK(r.Confirmation.find("Ticket number") != std::string::npos);
            // R11: both queues see it.
            CHECK(std::set<std::string>(r.Queues.begin(), r.Queues.end()) ==
                  std::set<std::string>{ "customer_service", "application_maintenance" });

            Store store;
            std::string err;
            REQUIRE(store.Open(rx.Opt.DbPath, &err));
            TicketDetails d;
            REQUIRE(store.Show(r.Ticket, &d));
            CHECK(d.Summary.Ticket == r.Ticket);
            CHECK(d.Summary.Status == "received");
            CHECK(d.Summary.Type == "support_request");
            CHECK(d.Summary.HasScreenshot);
            CHECK(d.Summary.CreatedAt == r.CreatedAt);
            CHECK(d.Report.ScreenshotPng == png);
            CHECK(d.Report.Fields.Message == report.Fields.Message);
            CHECK(d.Report.Fields.Organisation == report.Fields.Organisation);
            CHECK(d.Report.Fields.SubApplication == "Raportti");
            CHECK(d.Report.Fields.Reference == "LASKU-123");
            CHECK(d.Report.Fields.Phone == report.Fields.Phone);
            CHECK(d.Report.Language == lang);
            CHECK(d.Report.Technical.AppVersion == "1.2.3");
            CHECK(d.Report.Technical.FramebufferWidth == 64);
            CHECK(std::set<std::string>(d.Queues.begin(), d.Queues.end()) ==
                  std::set<std::string>{ "customer_service", "application_maintenance" });
            REQUIRE(d.History.size() == 1);
            CHECK(d.History[0].Status == "received");
            CHECK(d.History[0].At == r.CreatedAt);
        }
    }
}

TEST_CASE("a WebP screenshot is accepted, stored with its type, and must match its Content-Type", "[receiver]")
{
    Running rx;
    auto client = rx.Client();
    const Report report = ValidReport();
    RgbaImage img = ImContactTest::NoiseImage(48, 32, 3);
    std::vector<uint8_t> webp;
    REQUIRE(EncodeWebp(img, 80, &webp));
    REQUIRE(SniffImageFormat(webp) == ImageFormat::Webp);

    httplib::MultipartFormDataItems items = { { "report", ReportToJson(report), "report.json", "application/json" },
                                              { "screenshot", std::string(webp.begin(), webp.end()), "s.webp", "image/webp" } };
    httplib::Result res = client->Post(ContactsPath, items);
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 201);
    Receipt r;
    REQUIRE(ParseReceipt(res->body, &r));

    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(rx.Opt.DbPath.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT mime, width, height, length(png) FROM screenshots", -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "image/webp");
    CHECK(sqlite3_column_int(st, 1) == 48);
    CHECK(sqlite3_column_int(st, 2) == 32);
    CHECK(static_cast<size_t>(sqlite3_column_int64(st, 3)) == webp.size());
    sqlite3_finalize(st);
    sqlite3_close(db);

    // WebP bytes sent as image/png, and bytes that are neither, are refused.
    items[1].content_type = "image/png";
    CheckRejected(client->Post(ContactsPath, items), 400, "not_png", "screenshot");
    items[1].content_type = "image/webp";
    items[1].content = std::string("RIFF\x10\0\0\0WEBPVP8 garbage", 23);
    CheckRejected(client->Post(ContactsPath, items), 400, "not_png", "screenshot");
}

TEST_CASE("a contact without a screenshot is stored without one", "[receiver]")
{
    Running rx;
    const Receipt r = rx.PostOk(ValidReport());
    Store store;
    std::string err;
    REQUIRE(store.Open(rx.Opt.DbPath, &err));
    TicketDetails d;
    REQUIRE(store.Show(r.Ticket, &d));
    CHECK_FALSE(d.Summary.HasScreenshot);
    CHECK(d.Report.ScreenshotPng.empty());
    CHECK_FALSE(store.ExportScreenshot(r.Ticket, rx.Dir.Sub("none.png"), &err));
    CHECK(err.find("no screenshot") != std::string::npos);
}

TEST_CASE("default routing: primary queue per type, faster raises the priority", "[receiver]")
{
    Running rx;
    for (int i = 0; i < ContactTypeCount; i++)
    {
        const ContactType type = static_cast<ContactType>(i);
        const bool maintenance = type == ContactType::DevelopmentIdea || type == ContactType::Malfunction;
        INFO(ContactTypeId(type));
        const Receipt normal = rx.PostOk(ValidReport(type, ProcessingSpeed::Normal));
        CHECK(normal.PrimaryQueue == (maintenance ? "application_maintenance" : "customer_service"));
        CHECK(normal.Priority == 0);
        CHECK(normal.Queues.size() == 2);
        const Receipt faster = rx.PostOk(ValidReport(type, ProcessingSpeed::Faster));
        CHECK(faster.PrimaryQueue == normal.PrimaryQueue);
        CHECK(faster.Priority == DefaultRouting().FasterPriority);
        CHECK(faster.Priority > normal.Priority);
    }
    Store store;
    std::string err;
    REQUIRE(store.Open(rx.Opt.DbPath, &err));
    CHECK(store.CountTickets() == 2 * ContactTypeCount);
    // Every ticket is in both queues; the queue filter lists all of them.
    CHECK(store.List("customer_service", "").size() == static_cast<size_t>(2 * ContactTypeCount));
    CHECK(store.List("application_maintenance", "").size() == static_cast<size_t>(2 * ContactTypeCount));
}

TEST_CASE("a routing file changes primary queues and the faster priority", "[receiver]")
{
    Running rx(R"({"routes": {"billing": "application_maintenance", "malfunction": "customer_service"}, "faster_priority": 3})");
    const Receipt billing = rx.PostOk(ValidReport(ContactType::Billing, ProcessingSpeed::Faster));
    CHECK(billing.PrimaryQueue == "application_maintenance");
    CHECK(billing.Priority == 3);
    const Receipt malfunction = rx.PostOk(ValidReport(ContactType::Malfunction));
    CHECK(malfunction.PrimaryQueue == "customer_service");
    CHECK(malfunction.Priority == 0);
    // Types the file does not name keep their default.
    CHECK(rx.PostOk(ValidReport(ContactType::DevelopmentIdea)).PrimaryQueue == "application_maintenance");
    CHECK(rx.PostOk(ValidReport(ContactType::Training)).PrimaryQueue == "customer_service");
}

TEST_CASE("a malformed routing file is a clear error at start-up", "[receiver]")
{
    TempDir dir("imcontact-rx");
    REQUIRE(!dir.Path().empty());
    const char* bad[] = {
        R"({"routes": {"billing": )",                              // not JSON
        R"([1, 2])",                                               // not an object
        R"({"routes": {"no_such_type": "customer_service"}})",     // unknown type
        R"({"routes": {"billing": "sales_team"}})",                // unknown queue
        R"({"routes": {"billing": 1}})",                           // queue not a string
        R"({"routes": []})",                                       // routes not an object
        R"({"faster_priority": "high"})",                          // not an integer
        R"({"faster_priority": 0})",                               // does not raise
        R"({"route": {}})",                                        // misspelt key
    };
    for (const char* text : bad)
    {
        INFO(text);
        const std::string path = dir.Sub("routing.json");
        std::ofstream(path, std::ios::trunc) << text;
        Routing r;
        std::string err;
        CHECK_FALSE(LoadRouting(path, &r, &err));
        CHECK(err.find(path) != std::string::npos);

        Options opt;
        opt.DbPath = dir.Sub("contacts.db");
        opt.RoutingPath = path;
        opt.LogRequests = false;
        Receiver rx(opt);
        std::string start_err;
        CHECK_FALSE(rx.Start(&start_err));
        CHECK(start_err.find("routing file") != std::string::npos);
        CHECK(rx.Port() == 0);
    }
    Routing r;
    std::string err;
    CHECK_FALSE(LoadRouting(dir.Sub("missing.json"), &r, &err));
    CHECK(err.find("missing.json") != std::string::npos);

    std::ofstream(dir.Sub("ok.json")) << R"({"routes": {"sales": "application_maintenance"}})";
    REQUIRE(LoadRouting(dir.Sub("ok.json"), &r, &err));
    CHECK(r.PrimaryQueue[static_cast<int>(ContactType::Sales)] == "application_maintenance");
    CHECK(r.PrimaryQueue[static_cast<int>(ContactType::Malfunction)] == "application_maintenance");
    CHECK(r.PrimaryQueue[static_cast<int>(ContactType::Billing)] == "customer_service");
    CHECK(r.FasterPriority == 1);
}

TEST_CASE("a replayed idempotency key answers the same ticket and stores nothing new", "[receiver]")
{
    Running rx;
    const std::vector<uint8_t> png = MakePng(8, 8);
    const Report report = ValidReport(ContactType::Malfunction, ProcessingSpeed::Faster, "en", "3f1c2a9e-key-1");
    const Receipt first = rx.PostOk(report, &png, 201);
    CHECK_FALSE(first.Replayed);
    Store store;
    std::string err;
    REQUIRE(store.Open(rx.Opt.DbPath, &err));
    CHECK(store.CountTickets() == 1);

    const Receipt again = rx.PostOk(report, &png, 200);
    CHECK(again.Replayed);
    CHECK(again.Ticket == first.Ticket);
    CHECK(again.StatusToken == first.StatusToken);
    CHECK(again.PrimaryQueue == first.PrimaryQueue);
    CHECK(again.Priority == first.Priority);
    CHECK(again.CreatedAt == first.CreatedAt);
    CHECK(again.Confirmation.find(first.Ticket) != std::string::npos);
    CHECK(store.CountTickets() == 1);
    CHECK(SqlInt(rx.Opt.DbPath, "SELECT COUNT(*) FROM history") == 1);
    CHECK(SqlInt(rx.Opt.DbPath, "SELECT COUNT(*) FROM screenshots") == 1);

    // Another key is another ticket; reports without a key never collide.
    CHECK(rx.PostOk(ValidReport(ContactType::Malfunction, ProcessingSpeed::Faster, "en", "3f1c2a9e-key-2")).Ticket != first.Ticket);
    const Receipt a = rx.PostOk(ValidReport());
    const Receipt b = rx.PostOk(ValidReport());
    CHECK(a.Ticket != b.Ticket);
    CHECK(store.CountTickets() == 4);

    // The same key with a different report is refused, not answered with the old ticket.
    Report other = report;
    other.Fields.Message = "A completely different message.";
    CheckRejected(rx.Post(other), 409, "conflict", "body");
    CHECK(store.CountTickets() == 4);
}

TEST_CASE("concurrent posts get distinct tickets; concurrent replays get one", "[receiver]")
{
    Running rx;
    constexpr int kThreads = 8, kEach = 4;

    SECTION("distinct reports")
    {
        std::vector<std::vector<std::string>> tickets(kThreads);
        std::atomic<int> failures{ 0 };
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; t++)
            threads.emplace_back([&, t] {
                auto client = rx.Client();
                for (int i = 0; i < kEach; i++)
                {
                    httplib::Result res = client->Post(ContactsPath, Parts(ReportToJson(ValidReport())));
                    Receipt r;
                    if (!res || res->status != 201 || !ParseReceipt(res->body, &r)) { failures++; continue; }
                    tickets[static_cast<size_t>(t)].push_back(r.Ticket);
                }
            });
        for (auto& th : threads) th.join();
        CHECK(failures == 0);
        std::set<std::string> all;
        for (const auto& v : tickets) all.insert(v.begin(), v.end());
        CHECK(all.size() == static_cast<size_t>(kThreads * kEach));
        Store store;
        std::string err;
        REQUIRE(store.Open(rx.Opt.DbPath, &err));
        CHECK(store.CountTickets() == kThreads * kEach);
    }

    SECTION("one idempotency key")
    {
        const Report report = ValidReport(ContactType::Billing, ProcessingSpeed::Normal, "fi", "same-key-everywhere");
        std::vector<Receipt> receipts(kThreads);
        std::vector<int> statuses(kThreads, 0);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; t++)
            threads.emplace_back([&, t] {
                httplib::Result res = rx.Client()->Post(ContactsPath, Parts(ReportToJson(report)));
                if (!res) return;
                statuses[static_cast<size_t>(t)] = res->status;
                ParseReceipt(res->body, &receipts[static_cast<size_t>(t)]);
            });
        for (auto& th : threads) th.join();
        int created = 0;
        for (size_t t = 0; t < kThreads; t++)
        {
            CHECK((statuses[t] == 201 || statuses[t] == 200));
            created += statuses[t] == 201;
            CHECK(receipts[t].Ticket == receipts[0].Ticket);
            CHECK(receipts[t].StatusToken == receipts[0].StatusToken);
            CHECK(receipts[t].Replayed == (statuses[t] == 200));
        }
        CHECK(created == 1);
        Store store;
        std::string err;
        REQUIRE(store.Open(rx.Opt.DbPath, &err));
        CHECK(store.CountTickets() == 1);
    }
}

TEST_CASE("status look-up needs the ticket's token; misses cannot be told apart", "[receiver]")
{
    Running rx;
    const Receipt r = rx.PostOk(ValidReport(ContactType::Malfunction, ProcessingSpeed::Faster));
    const Receipt other = rx.PostOk(ValidReport());

    httplib::Result ok = rx.GetStatus(r.Ticket, &r.StatusToken);
    REQUIRE(ok);
    REQUIRE(ok->status == 200);
    TicketStatus s;
    REQUIRE(ParseTicketStatus(ok->body, &s));
    CHECK(s.Ticket == r.Ticket);
    CHECK(s.Status == "received");
    CHECK(s.Priority == 1);
    CHECK(s.PrimaryQueue == "application_maintenance");
    CHECK(s.Type == "malfunction");
    CHECK(s.CreatedAt == r.CreatedAt);
    CHECK(s.UpdatedAt == r.CreatedAt);
    REQUIRE(s.History.size() == 1);
    CHECK(s.History[0].Status == "received");

    std::string wrong = r.StatusToken;
    wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
    const std::string empty;
    const std::string truncated = r.StatusToken.substr(0, 31);
    std::vector<httplib::Result> misses;
    misses.push_back(rx.GetStatus(r.Ticket, &wrong));              // wrong token
    misses.push_back(rx.GetStatus(r.Ticket, &other.StatusToken));  // another ticket's token
    misses.push_back(rx.GetStatus(r.Ticket, &truncated));
    misses.push_back(rx.GetStatus(r.Ticket, &empty));
    misses.push_back(rx.GetStatus(r.Ticket, nullptr));             // no header
    misses.push_back(rx.GetStatus(OtherTicket(r.Ticket), &r.StatusToken));  // unknown ticket
    misses.push_back(rx.GetStatus("not-a-ticket", &r.StatusToken));
    for (size_t i = 0; i < misses.size(); i++)
    {
        INFO("miss " << i);
        REQUIRE(misses[i]);
        CHECK(misses[i]->status == 404);
        CHECK(misses[i]->body == misses[0]->body);
        CHECK(misses[i]->get_header_value("Content-Type") == misses[0]->get_header_value("Content-Type"));
        CHECK(misses[i]->get_header_value("Content-Length") == misses[0]->get_header_value("Content-Length"));
        CHECK(misses[i]->body.find(r.Ticket) == std::string::npos);
    }
    CHECK(ParseErr(misses[0]).Code == "not_found");
}

TEST_CASE("set-status through the Store is what GET shows; history grows oldest first", "[receiver]")
{
    Running rx;
    const Receipt r = rx.PostOk(ValidReport());
    Store store;
    std::string err;
    REQUIRE(store.Open(rx.Opt.DbPath, &err));
    REQUIRE(store.SetStatus(r.Ticket, "in_progress", "Selvitämme asiaa", &err));
    REQUIRE(store.SetStatus(r.Ticket, "resolved", "", &err));

    httplib::Result res = rx.GetStatus(r.Ticket, &r.StatusToken);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    TicketStatus s;
    REQUIRE(ParseTicketStatus(res->body, &s));
    CHECK(s.Status == "resolved");
    REQUIRE(s.History.size() == 3);
    CHECK(s.History[0].Status == "received");
    CHECK(s.History[1].Status == "in_progress");
    CHECK(s.History[1].Note == "Selvitämme asiaa");
    CHECK(s.History[2].Status == "resolved");
    CHECK(s.UpdatedAt >= s.CreatedAt);

    CHECK(store.List("", "resolved").size() == 1);
    CHECK(store.List("", "received").empty());
    CHECK(store.List("no_such_queue", "").empty());

    CHECK_FALSE(store.SetStatus(r.Ticket, "done", "", &err));
    CHECK(err.find("unknown status") != std::string::npos);
    CHECK_FALSE(store.SetStatus(OtherTicket(r.Ticket), "closed", "", &err));
    CHECK(err.find("no ticket") != std::string::npos);
    res = rx.GetStatus(r.Ticket, &r.StatusToken);
    REQUIRE(res);
    REQUIRE(ParseTicketStatus(res->body, &s));
    CHECK(s.History.size() == 3);
}

TEST_CASE("every bad request gets a JSON error naming the field, and the server keeps serving", "[receiver]")
{
    Running rx;
    auto client = rx.Client();
    const Report good = ValidReport();
    const std::vector<uint8_t> png = MakePng(16, 16);

    SECTION("no report part")
    {
        httplib::MultipartFormDataItems only_png = { { "screenshot", std::string(png.begin(), png.end()), "s.png", "image/png" } };
        CheckRejected(client->Post(ContactsPath, only_png), 400, "missing", "body");
        CheckRejected(client->Post(ContactsPath, ReportToJson(good), "application/json"), 400, "missing", "body");
        CheckRejected(client->Post(ContactsPath), 400, "missing", "body");
    }
    SECTION("malformed JSON")
    {
        CheckRejected(client->Post(ContactsPath, Parts(R"({"type": "malfunction", )")), 400, "malformed", "body");
        CheckRejected(client->Post(ContactsPath, Parts("[]")), 400, "malformed", "body");
    }
    SECTION("missing message")
    {
        CheckRejected(client->Post(ContactsPath, Parts(EditReportJson(good, "message", nullptr))), 400, "missing", "message");
        Report blank = good;
        blank.Fields.Message = "   \n ";
        CheckRejected(rx.Post(blank), 400, "missing", "message");
    }
    SECTION("too short message")
    {
        Report r = good;
        r.Fields.Message = "Apua!";
        httplib::Result res = rx.Post(r);
        CheckRejected(res, 400, "too_short", "message");
        CHECK(ParseErr(res).Limit == Limits().MessageMinChars);
    }
    SECTION("too long message")
    {
        Report r = good;
        r.Fields.Message = std::string(Limits().MessageMaxChars + 1, 'x');
        CheckRejected(rx.Post(r), 400, "too_long", "message");
    }
    SECTION("bad email")
    {
        Report r = good;
        r.Fields.Email = "maija at example";
        CheckRejected(rx.Post(r), 400, "malformed", "email");
    }
    SECTION("unknown type and speed")
    {
        CheckRejected(client->Post(ContactsPath, Parts(EditReportJson(good, "type", R"("complaint")"))), 400, "unknown", "type");
        CheckRejected(client->Post(ContactsPath, Parts(EditReportJson(good, "speed", R"("urgent")"))), 400, "unknown", "speed");
        CheckRejected(client->Post(ContactsPath, Parts(EditReportJson(good, "type", "42"))), 400, "malformed", "type");
    }
    SECTION("unknown language")
    {
        Report r = good;
        r.Language = "sv";
        CheckRejected(rx.Post(r), 400, "unknown", "language");
    }
    SECTION("phone support without a phone number")
    {
        Report r = ValidReport(ContactType::PhoneSupportRequest);
        r.Fields.Phone = "";
        CheckRejected(rx.Post(r), 400, "missing", "phone");
    }
    SECTION("text that is not UTF-8")
    {
        CheckRejected(client->Post(ContactsPath, Parts(WithRawBytesInMessage(good, "\xff\xfe"))), 400, "invalid_utf8", "message");
        CheckRejected(client->Post(ContactsPath, Parts(WithRawBytesInMessage(good, "\xc3"))), 400, "invalid_utf8", "message");
        std::string tech = ReportToJson(good);
        const size_t at = tech.find("\"Linux\"");
        REQUIRE(at != std::string::npos);
        tech.replace(at, 7, "\"Lin\xe9ux\"");
        CheckRejected(client->Post(ContactsPath, Parts(tech)), 400, "invalid_utf8", "technical");
    }
    SECTION("a screenshot that is not a PNG")
    {
        const std::vector<uint8_t> jpeg = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1 };
        CheckRejected(rx.Post(good, &jpeg), 400, "not_png", "screenshot");
        // The PNG signature and nothing readable after it.
        std::vector<uint8_t> fake(png.begin(), png.begin() + 8);
        fake.insert(fake.end(), 40, 0x41);
        CheckRejected(rx.Post(good, &fake), 400, "not_png", "screenshot");
    }
    SECTION("an oversize body")
    {
        std::vector<uint8_t> huge = png;
        huge.resize(Limits().RequestMaxBytes + 1024, 0);
        httplib::Result res = rx.Post(good, &huge);
        CheckRejected(res, 413, "payload_too_large", "body");
        CHECK(ParseErr(res).Limit == Limits().RequestMaxBytes);
    }
    SECTION("an oversize chunked body")
    {
        // No Content-Length: the receiver counts the bytes itself.
        const std::string boundary = "----imcontact-test-boundary";
        const std::string head = "--" + boundary +
            "\r\nContent-Disposition: form-data; name=\"report\"\r\nContent-Type: application/json\r\n\r\n" +
            ReportToJson(good) + "\r\n--" + boundary +
            "\r\nContent-Disposition: form-data; name=\"screenshot\"; filename=\"s.png\"\r\nContent-Type: image/png\r\n\r\n";
        const size_t total = Limits().RequestMaxBytes + 64 * 1024;
        const std::string tail = "\r\n--" + boundary + "--\r\n";
        const std::string block(64 * 1024, 'B');
        httplib::Result res = client->Post(
            ContactsPath,
            [&](size_t offset, httplib::DataSink& sink) {
                if (offset == 0) sink.write(head.data(), head.size());
                else if (offset >= total) { sink.write(tail.data(), tail.size()); sink.done(); }
                else sink.write(block.data(), block.size());
                return true;
            },
            ("multipart/form-data; boundary=" + boundary).c_str());
        CheckRejected(res, 413, "payload_too_large", "body");
    }
    SECTION("a screenshot with too many pixels")
    {
        Limits small;
        small.ScreenshotMaxPixels = 100;
        Running tiny("", small);
        const std::vector<uint8_t> big = MakePng(11, 10);
        httplib::Result res = tiny.Post(good, &big);
        CheckRejected(res, 400, "too_large", "screenshot");
        CHECK(ParseErr(res).Limit == 100);
        const std::vector<uint8_t> fits = MakePng(10, 10);
        tiny.PostOk(good, &fits);
    }
    SECTION("unknown paths and methods")
    {
        CheckRejected(client->Get("/v2/contacts"), 404, "not_found", "");
        CheckRejected(client->Delete(ContactsPath), 405, "method_not_allowed", "");
        CheckRejected(client->Put(ContactsPath, "{}", "application/json"), 405, "method_not_allowed", "");
    }

    // After any of the above the server still takes a valid contact.
    const Receipt r = rx.PostOk(good, &png);
    CHECK(std::regex_match(r.Ticket, kTicketFormat));
    httplib::Result health = rx.Client()->Get("/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(health->body == R"({"ok":true})");
}

// What schema versions 1 and 2 created, frozen here as those receivers shipped it (not
// taken from schema.cpp, so that an edit of an old migration fails these tests).
const char* const kSchemaV1 =
    "CREATE TABLE tickets (id INTEGER PRIMARY KEY, ticket TEXT NOT NULL UNIQUE, status_token TEXT NOT NULL,"
    " idempotency_key TEXT UNIQUE, type TEXT NOT NULL, speed TEXT NOT NULL, priority INTEGER NOT NULL,"
    " primary_queue TEXT NOT NULL, status TEXT NOT NULL, language TEXT NOT NULL, organisation TEXT NOT NULL,"
    " email TEXT NOT NULL, application TEXT NOT NULL, sub_application TEXT NOT NULL, reference TEXT NOT NULL,"
    " message TEXT NOT NULL, phone TEXT NOT NULL, technical TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
    "CREATE INDEX tickets_created ON tickets(created_at); CREATE INDEX tickets_status ON tickets(status);"
    "CREATE TABLE ticket_queues (ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
    " queue TEXT NOT NULL, is_primary INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (ticket_id, queue));"
    "CREATE INDEX ticket_queues_queue ON ticket_queues(queue);"
    "CREATE TABLE screenshots (ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,"
    " png BLOB NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL);"
    "CREATE TABLE history (id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
    " at TEXT NOT NULL, status TEXT NOT NULL, note TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX history_ticket ON history(ticket_id, id);";
const char* const kSchemaV2 = "ALTER TABLE screenshots ADD COLUMN mime TEXT NOT NULL DEFAULT 'image/png';";

std::string Hex(const std::vector<uint8_t>& bytes)
{
    static const char digits[] = "0123456789abcdef";
    std::string s;
    for (uint8_t b : bytes) { s += digits[b >> 4]; s += digits[b & 15]; }
    return s;
}

// A database file as a version 1 or 2 receiver left it: ticket 1234-5678 with a PNG
// screenshot, its queues and its history.
void MakeOldDatabase(const std::string& path, int version, const std::vector<uint8_t>& png)
{
    SqlFile db(path, true);
    db.Exec(kSchemaV1);
    if (version >= 2) db.Exec(kSchemaV2);
    db.Exec("INSERT INTO tickets VALUES (1, '1234-5678', '0123456789abcdef0123456789abcdef', 'old-key', 'malfunction',"
            " 'normal', 0, 'application_maintenance', 'received', 'fi', 'Vanha Oy', 'vanha@example.fi', 'Kirjanpito', '',"
            " '', 'Vanha viesti, joka tallennettiin ennen liitteitä.', '', '{}', '2026-01-02T03:04:05Z', '2026-01-02T03:04:05Z');"
            "INSERT INTO ticket_queues VALUES (1, 'application_maintenance', 1), (1, 'customer_service', 0);"
            "INSERT INTO history (ticket_id, at, status) VALUES (1, '2026-01-02T03:04:05Z', 'received');");
    db.Exec(("INSERT INTO screenshots (ticket_id, png, width, height) VALUES (1, X'" + Hex(png) + "', 16, 12)").c_str());
    db.Exec(("PRAGMA user_version = " + std::to_string(version)).c_str());
}

TEST_CASE("version 1 and 2 databases migrate to version 3: old tickets keep their screenshot and have no attachments", "[receiver]")
{
    const std::vector<uint8_t> png = MakePng(16, 12);
    for (int version : { 1, 2 })
    {
        DYNAMIC_SECTION("from version " << version)
        {
            TempDir dir("imcontact-rx");
            REQUIRE(!dir.Path().empty());
            const std::string path = dir.Sub("old.db");
            MakeOldDatabase(path, version, png);
            {
                Store store;
                std::string err;
                INFO(err);
                REQUIRE(store.Open(path, &err));
                TicketDetails d;
                REQUIRE(store.Show("1234-5678", &d));
                CHECK(d.Report.ScreenshotPng == png);
                CHECK(d.Report.Attachments.empty());
                CHECK(d.Report.Fields.Organisation == "Vanha Oy");
                CHECK(d.History.size() == 1);
            }
            {
                SqlFile db(path);
                CHECK(db.Int("PRAGMA user_version") == 3);
                CHECK(db.Text("SELECT mime FROM screenshots") == "image/png");
                CHECK(db.Int("SELECT COUNT(*) FROM attachments") == 0);
            }
            // The migrated file takes new tickets with attachments; the old one stays as it was.
            Options opt;
            opt.DbPath = path;
            opt.LogRequests = false;
            Receiver rx(opt);
            std::string err;
            REQUIRE(rx.Start(&err));
            httplib::MultipartFormDataItems items = Parts(ReportToJson(ValidReport()));
            items.push_back({ "attachment", "uusi loki\n", "app.log", "text/plain; charset=utf-8" });
            httplib::Client client("127.0.0.1", rx.Port());
            httplib::Result res = client.Post(ContactsPath, items);
            REQUIRE(res);
            INFO(res->body);
            REQUIRE(res->status == 201);
            rx.Stop();
            SqlFile db(path);
            CHECK(db.Int("SELECT COUNT(*) FROM tickets") == 2);
            CHECK(db.Int("SELECT COUNT(*) FROM attachments") == 1);
            CHECK(db.Int("SELECT COUNT(*) FROM attachments a JOIN tickets t ON t.id = a.ticket_id WHERE t.ticket = '1234-5678'") == 0);
        }
    }
}

TEST_CASE("the database: WAL, versioned schema, refused when newer", "[receiver]")
{
    Running rx;
    rx.PostOk(ValidReport());
    {
        SqlFile db(rx.Opt.DbPath);
        CHECK(db.Text("PRAGMA journal_mode") == "wal");
        CHECK(db.Int("PRAGMA user_version") == 3);
        CHECK(db.Int("SELECT COUNT(*) FROM ticket_queues") == 2);
        CHECK(db.Int("SELECT COUNT(*) FROM ticket_queues WHERE is_primary = 1") == 1);
        CHECK(db.Int("SELECT COUNT(*) FROM history") == 1);
    }
    rx.Rx->Stop();

    TempDir dir("imcontact-rx");
    REQUIRE(!dir.Path().empty());
    const std::string newer = dir.Sub("newer.db");
    SqlFile(newer, true).Exec("PRAGMA user_version = 99");
    Options opt;
    opt.DbPath = newer;
    opt.LogRequests = false;
    Receiver future(opt);
    std::string err;
    CHECK_FALSE(future.Start(&err));
    CHECK(err.find("newer") != std::string::npos);
    Store store;
    CHECK_FALSE(store.Open(newer, &err));

    opt.DbPath = dir.Sub("no-such-dir/contacts.db");
    Receiver nowhere(opt);
    CHECK_FALSE(nowhere.Start(&err));
    CHECK(err.find("no-such-dir") != std::string::npos);
}

TEST_CASE("the receiver starts and stops repeatedly and promptly", "[receiver]")
{
    TempDir dir("imcontact-rx");
    REQUIRE(!dir.Path().empty());
    Options opt;
    opt.DbPath = dir.Sub("contacts.db");
    opt.LogRequests = false;
    Receiver rx(opt);
    std::set<std::string> tickets;
    for (int round = 0; round < 3; round++)
    {
        std::string err;
        REQUIRE(rx.Start(&err));
        CHECK_FALSE(rx.Start(&err));   // already running
        CHECK(err.find("already") != std::string::npos);
        REQUIRE(rx.Port() > 0);
        CHECK(rx.Url() == "http://127.0.0.1:" + std::to_string(rx.Port()));

        // A client that keeps its connection open must not hold up Stop() for long.
        httplib::Client keep("127.0.0.1", rx.Port());
        keep.set_keep_alive(true);
        httplib::Result res = keep.Post(ContactsPath, Parts(ReportToJson(ValidReport())));
        REQUIRE(res);
        REQUIRE(res->status == 201);
        Receipt r;
        REQUIRE(ParseReceipt(res->body, &r));
        tickets.insert(r.Ticket);

        const auto t0 = std::chrono::steady_clock::now();
        rx.Stop();
        CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(3));
        CHECK(rx.Port() == 0);
        rx.Stop();   // idempotent
    }
    CHECK(tickets.size() == 3);
    Store store;
    std::string err;
    REQUIRE(store.Open(opt.DbPath, &err));
    CHECK(store.CountTickets() == 3);
}

TEST_CASE("a port in use is a start-up error", "[receiver]")
{
    Running first;
    Options opt;
    opt.DbPath = first.Dir.Sub("second.db");
    opt.Port = first.Rx->Port();
    opt.LogRequests = false;
    Receiver second(opt);
    std::string err;
    CHECK_FALSE(second.Start(&err));
    CHECK(err.find(std::to_string(first.Rx->Port())) != std::string::npos);
    // The first one is unaffected.
    first.PostOk(ValidReport());
}

// ---- attachments: raw multipart, so that hostile headers reach the receiver as written ----

namespace
{

// One "attachment" part as a client writes it. Disposition, when set, replaces the whole
// Content-Disposition value; HasType false leaves the Content-Type header out.
struct RawAttachment
{
    RawAttachment() = default;
    RawAttachment(std::string name, std::string type, std::string bytes)
        : Name(std::move(name)), Type(std::move(type)), Bytes(std::move(bytes)) {}
    std::string Name, Type = "text/plain; charset=utf-8", Bytes;
    std::string Disposition;
    bool HasType = true;
};

const std::string kBoundary = "----imcontact-attachment-test";

std::string RawBody(const std::string& report_json, const std::vector<RawAttachment>& atts)
{
    std::string body = "--" + kBoundary +
                       "\r\nContent-Disposition: form-data; name=\"report\"\r\nContent-Type: application/json\r\n\r\n" +
                       report_json + "\r\n";
    for (const RawAttachment& a : atts)
    {
        body += "--" + kBoundary + "\r\nContent-Disposition: ";
        body += a.Disposition.empty() ? "form-data; name=\"attachment\"; filename=\"" + a.Name + "\"" : a.Disposition;
        body += "\r\n";
        if (a.HasType) body += "Content-Type: " + a.Type + "\r\n";
        body += "\r\n" + a.Bytes + "\r\n";
    }
    return body + "--" + kBoundary + "--\r\n";
}

httplib::Result PostRaw(const Running& rx, const std::vector<RawAttachment>& atts, const Report& r = ValidReport())
{
    return rx.Client()->Post(ContactsPath, RawBody(ReportToJson(r), atts), ("multipart/form-data; boundary=" + kBoundary).c_str());
}

// Refused as attachment 'index' (-1: the attachments as a whole) with 'code', and nothing stored.
void CheckAttachmentRefused(const Running& rx, const std::vector<RawAttachment>& atts, const char* code, int index)
{
    const int tickets = SqlInt(rx.Opt.DbPath, "SELECT COUNT(*) FROM tickets");
    const int stored = SqlInt(rx.Opt.DbPath, "SELECT COUNT(*) FROM attachments");
    httplib::Result res = PostRaw(rx, atts);
    CheckRejected(res, 400, code, "attachment");
    CHECK(ParseErr(res).Index == index);
    CHECK((res->body.find("\"index\":") != std::string::npos) == (index >= 0));   // on the wire only when it names one
    CHECK(SqlInt(rx.Opt.DbPath, "SELECT COUNT(*) FROM tickets") == tickets);
    CHECK(SqlInt(rx.Opt.DbPath, "SELECT COUNT(*) FROM attachments") == stored);
}

std::string AllBytes()
{
    std::string s;
    for (int round = 0; round < 4; round++)
        for (int b = 0; b < 256; b++) s.push_back(static_cast<char>((b * 37 + round) & 0xff));
    s += "\r\n--" + kBoundary.substr(0, 10);   // a boundary look-alike inside the data
    return s;
}

} // namespace

TEST_CASE("attachments: a text and a binary file are stored in order, byte for byte", "[receiver][attachments]")
{
    Running rx;
    const std::string text = "2026-12-01 20:00:01 INFO käynnistys\n2026-12-01 20:00:02 VIRHE raportti ✗\n";
    const std::string binary = AllBytes();
    httplib::Result res = PostRaw(rx, { { "app.log", "text/plain; charset=utf-8", text },
                                        { "dump.bin", "application/octet-stream", binary } });
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 201);
    Receipt receipt;
    REQUIRE(ParseReceipt(res->body, &receipt));

    Store store;
    std::string err;
    REQUIRE(store.Open(rx.Opt.DbPath, &err));
    TicketDetails d;
    REQUIRE(store.Show(receipt.Ticket, &d));
    REQUIRE(d.Report.Attachments.size() == 2);
    CHECK(d.Report.Attachments[0].Name == "app.log");
    CHECK(d.Report.Attachments[0].MimeType == "text/plain; charset=utf-8");
    CHECK(std::string(d.Report.Attachments[0].Bytes.begin(), d.Report.Attachments[0].Bytes.end()) == text);
    CHECK(d.Report.Attachments[1].Name == "dump.bin");
    CHECK(d.Report.Attachments[1].MimeType == "application/octet-stream");
    CHECK(std::string(d.Report.Attachments[1].Bytes.begin(), d.Report.Attachments[1].Bytes.end()) == binary);

    // In the database itself: position, name, type, size and the bytes.
    SqlFile db(rx.Opt.DbPath);
    CHECK(db.Int("SELECT COUNT(*) FROM attachments") == 2);
    CHECK(db.Text("SELECT name FROM attachments WHERE position = 0") == "app.log");
    CHECK(db.Text("SELECT mime FROM attachments WHERE position = 1") == "application/octet-stream");
    CHECK(db.Int("SELECT size FROM attachments WHERE position = 0") == static_cast<int>(text.size()));
    CHECK(db.Int("SELECT size FROM attachments WHERE position = 1") == static_cast<int>(binary.size()));
    const std::vector<uint8_t> blob = db.Blob("SELECT bytes FROM attachments WHERE position = 1");
    CHECK(std::string(blob.begin(), blob.end()) == binary);

    // Exported with O_EXCL: exactly the bytes, and never over an existing file.
    TempDir out("imcontact-rx");
    REQUIRE(!out.Path().empty());
    REQUIRE(store.ExportAttachment(receipt.Ticket, 1, out.Sub("dump.bin"), &err));
    CHECK(ImContactTest::ReadFile(out.Sub("dump.bin")) == binary);
    CHECK_FALSE(store.ExportAttachment(receipt.Ticket, 0, out.Sub("dump.bin"), &err));
    CHECK(err.find("exists") != std::string::npos);
    CHECK(ImContactTest::ReadFile(out.Sub("dump.bin")) == binary);
    CHECK_FALSE(store.ExportAttachment(receipt.Ticket, 2, out.Sub("third"), &err));
    CHECK_FALSE(std::ifstream(out.Sub("third")).good());
}

TEST_CASE("attachments: eight are accepted, a ninth is refused as too_many", "[receiver][attachments]")
{
    Running rx;
    std::vector<RawAttachment> atts;
    for (int i = 0; i < 8; i++) atts.push_back({ "file" + std::to_string(i) + ".txt", "text/plain", "rivi " + std::to_string(i) });
    httplib::Result res = PostRaw(rx, atts);
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 201);
    CHECK(SqlInt(rx.Opt.DbPath, "SELECT COUNT(*) FROM attachments") == 8);
    CHECK(SqlFile(rx.Opt.DbPath).Text("SELECT name FROM attachments WHERE position = 7") == "file7.txt");

    atts.push_back({ "file8.txt", "text/plain", "yksi liikaa" });
    CheckAttachmentRefused(rx, atts, "too_many", -1);
    CHECK(ParseErr(PostRaw(rx, atts)).Limit == 8);
    // The parts after the ninth are not kept: however many (and however bad) follow, the answer is the same.
    for (int i = 9; i < 14; i++) atts.push_back({ "../" + std::to_string(i), "BAD", std::string(100000, 'x') });
    CheckAttachmentRefused(rx, atts, "too_many", -1);
}

TEST_CASE("attachments: one file over 1 MiB, or all over 2 MiB, are refused", "[receiver][attachments]")
{
    Running rx;
    const size_t one = Limits().AttachmentMaxBytes;
    // Exactly at the limit: accepted.
    httplib::Result res = PostRaw(rx, { { "a.bin", "application/octet-stream", std::string(one, 'a') },
                                        { "b.bin", "application/octet-stream", std::string(one, 'b') } });
    REQUIRE(res);
    CHECK(res->status == 201);
    CHECK(SqlInt(rx.Opt.DbPath, "SELECT SUM(size) FROM attachments") == static_cast<int>(2 * one));

    SECTION("one byte over the per-file limit")
    {
        const std::vector<RawAttachment> atts = { { "small.txt", "text/plain", "pieni" },
                                                  { "big.bin", "application/octet-stream", std::string(one + 1, 'c') } };
        CheckAttachmentRefused(rx, atts, "too_large", 1);
        CHECK(ParseErr(PostRaw(rx, atts)).Limit == one);
    }
    SECTION("one byte over the total")
    {
        const std::vector<RawAttachment> atts = { { "a.bin", "application/octet-stream", std::string(one, 'a') },
                                                  { "b.bin", "application/octet-stream", std::string(one, 'b') },
                                                  { "c.txt", "text/plain", "c" } };
        CheckAttachmentRefused(rx, atts, "too_large", -1);
        CHECK(ParseErr(PostRaw(rx, atts)).Limit == Limits().AttachmentsMaxBytes);
    }
}

TEST_CASE("attachments: text that is not UTF-8, and a name used twice, are refused with the index", "[receiver][attachments]")
{
    Running rx;
    CheckAttachmentRefused(rx, { { "ok.txt", "text/plain", "hyvä" }, { "latin1.txt", "text/plain", "hyv\xe4" } }, "invalid_utf8", 1);
    CheckAttachmentRefused(rx, { { "a.log", "text/x-log; charset=utf-8", "\xc3" } }, "invalid_utf8", 0);
    // The same bytes as binary are fine.
    httplib::Result res = PostRaw(rx, { { "latin1.bin", "application/octet-stream", "hyv\xe4" } });
    REQUIRE(res);
    CHECK(res->status == 201);

    CheckAttachmentRefused(rx, { { "a.txt", "text/plain", "1" }, { "b.txt", "text/plain", "2" }, { "a.txt", "text/plain", "3" } },
                           "duplicate", 2);
}

TEST_CASE("attachments: hostile file names are refused with the index, and nothing is stored", "[receiver][attachments]")
{
    Running rx;
    const RawAttachment first = { "first.txt", "text/plain", "ensimmäinen" };
    std::string long_name;
    for (int i = 0; i < 101; i++) long_name += "ä";
    // As written into filename="...": cpp-httplib 0.11 takes the text between the quotes
    // as it is (no unescaping); a CR or LF ends the header line, so the part loses its name.
    const std::vector<std::pair<const char*, std::string>> names = {
        { "path", "../../etc/passwd" },
        { "CR LF header injection", "a\r\nX-Injected: 1" },
        { "bare CR", "a\rb.txt" },
        { "bare LF", "a\nb.txt" },
        { "NUL", std::string("a\0b.txt", 7) },
        { "U+202E", "invoice\xe2\x80\xaetxt.exe" },
        { "quote", "a\"b.txt" },
        { "escaped quote", "a\\\"b.txt" },
        { "backslash", "dir\\file.txt" },
        { "DEL", "a\x7f.txt" },
        { "C1", "a\xc2\x85.txt" },
        { "not UTF-8", "a\xff.txt" },
        { "101 code points", long_name },
        { "empty", "" },
        { "dot dot", ".." },
    };
    for (const auto& n : names)
    {
        DYNAMIC_SECTION(n.first)
        {
            CheckAttachmentRefused(rx, { first, { n.second, "text/plain", "x" } }, "malformed", 1);
            CheckAttachmentRefused(rx, { { n.second, "text/plain", "x" } }, "malformed", 0);
        }
    }
    SECTION("no filename, or only filename* (RFC 5987, which is not read)")
    {
        RawAttachment none;
        none.Disposition = "form-data; name=\"attachment\"";
        CheckAttachmentRefused(rx, { first, none }, "malformed", 1);
        RawAttachment star;
        star.Disposition = "form-data; name=\"attachment\"; filename*=UTF-8''evil.txt";
        CheckAttachmentRefused(rx, { first, star }, "malformed", 1);
        RawAttachment no_disposition;
        no_disposition.Disposition = "attachment";
        CheckAttachmentRefused(rx, { first, no_disposition }, "malformed", 1);
    }
    SECTION("a refused name stops the keeping: a large body after it still gets the 400")
    {
        CheckAttachmentRefused(rx, { { "../x", "text/plain", "x" }, { "big.bin", "application/octet-stream", std::string(5u << 20, 'z') } },
                               "malformed", 0);
    }

    // 100 code points is allowed; %22 is not decoded; filename* next to filename is ignored:
    // what is stored is exactly the name that was validated.
    RawAttachment star;
    star.Disposition = "form-data; name=\"attachment\"; filename=\"plain.txt\"; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd";
    star.Bytes = "tähti";
    star.Type = "text/plain";
    const std::string hundred = long_name.substr(2);
    httplib::Result res = PostRaw(rx, { { hundred, "text/plain", "pitkä" }, { "a%22b.txt", "text/plain", "%" }, star });
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 201);
    SqlFile db(rx.Opt.DbPath);
    CHECK(db.Text("SELECT name FROM attachments WHERE position = 0") == hundred);
    CHECK(db.Text("SELECT name FROM attachments WHERE position = 1") == "a%22b.txt");
    CHECK(db.Text("SELECT name FROM attachments WHERE position = 2") == "plain.txt");
    CHECK(db.Int("SELECT COUNT(*) FROM tickets") == 1);
}

TEST_CASE("attachments: a Content-Type outside the rules is refused as unknown", "[receiver][attachments]")
{
    Running rx;
    const RawAttachment first = { "first.txt", "text/plain", "ensimmäinen" };
    for (const char* type : { "TEXT/PLAIN", "text/plain; charset=latin1", "text/plain;charset=utf-8", "text/plain\rX-Injected: 1",
                              "text/plain\nX-Injected: 1", "text", "text/", "/plain", "text/pl ain", "text/plain; charset=utf-8; x=1" })
    {
        INFO("Content-Type: " << type);
        CheckAttachmentRefused(rx, { first, { "second.txt", type, "x" } }, "unknown", 1);
    }
    RawAttachment untyped = { "untyped.txt", "", "x" };
    untyped.HasType = false;
    CheckAttachmentRefused(rx, { first, untyped }, "unknown", 1);

    // A CR LF inside the value ends the header on the wire: what follows is a header line of
    // its own, which cpp-httplib ignores. The type validated and stored is exactly "text/plain".
    httplib::Result res = PostRaw(rx, { { "crlf.txt", "text/plain\r\nX-Injected: 1", "x" } });
    REQUIRE(res);
    CHECK(res->status == 201);
    CHECK(SqlFile(rx.Opt.DbPath).Text("SELECT mime FROM attachments") == "text/plain");
}

TEST_CASE("attachments: stored with the ticket or not at all; a replay stores nothing new", "[receiver][attachments]")
{
    Running rx;
    const std::vector<RawAttachment> atts = { { "a.txt", "text/plain", "a" }, { "b.txt", "text/plain", "b" } };
    {
        // Storing the second attachment fails inside the transaction: no ticket is left.
        SqlFile db(rx.Opt.DbPath);
        db.Exec("CREATE TRIGGER fail_second BEFORE INSERT ON attachments WHEN NEW.position = 1"
                " BEGIN SELECT RAISE(ABORT, 'test: the disk is full'); END;");
    }
    httplib::Result res = PostRaw(rx, atts);
    CheckRejected(res, 500, "internal", "");
    for (const char* table : { "tickets", "attachments", "ticket_queues", "history" })
    {
        INFO(table);
        CHECK(SqlInt(rx.Opt.DbPath, (std::string("SELECT COUNT(*) FROM ") + table).c_str()) == 0);
    }
    SqlFile(rx.Opt.DbPath).Exec("DROP TRIGGER fail_second");

    const Report keyed = ValidReport(ContactType::SupportRequest, ProcessingSpeed::Normal, "fi", "attachments-key-1");
    res = PostRaw(rx, atts, keyed);
    REQUIRE(res);
    REQUIRE(res->status == 201);
    Receipt first;
    REQUIRE(ParseReceipt(res->body, &first));
    res = PostRaw(rx, atts, keyed);
    REQUIRE(res);
    INFO(res->body);
    CHECK(res->status == 200);
    Receipt again;
    REQUIRE(ParseReceipt(res->body, &again));
    CHECK(again.Replayed);
    CHECK(again.Ticket == first.Ticket);
    CHECK(SqlInt(rx.Opt.DbPath, "SELECT COUNT(*) FROM tickets") == 1);
    CHECK(SqlInt(rx.Opt.DbPath, "SELECT COUNT(*) FROM attachments") == 2);
}

TEST_CASE("input: one-line fields with CR/LF, NUL, escapes or bidi overrides are refused naming the field", "[receiver][input]")
{
    Running rx;
    const Report good = ValidReport();
    auto client = rx.Client();
    struct { const char* key; const char* raw; const char* field; } cases[] = {
        { "organisation", R"("Oy Ab\r\nBcc: victim@example.com")", "organisation" },
        { "organisation", R"("Oy\u0000Ab")", "organisation" },
        { "application", "\"Kirjanpito \xE2\x80\xAE" "fdp.exe\"", "application" },
        { "application", R"("Kirjanpito\u001b[2J")", "application" },
        { "email", R"("maija@example.com\nBcc: x@example.com")", "email" },
        { "reference", R"("INV-1\u0085")", "reference" },
        { "sub_application", R"("Raportti\u2066")", "sub_application" },
        { "message", R"("Viesti, jossa pelkkä\rCR ja muuta tekstiä")", "message" },
    };
    for (auto& c : cases)
    {
        INFO(c.key << " = " << c.raw);
        httplib::Result res = client->Post(ContactsPath, Parts(EditReportJson(good, c.key, c.raw)));
        CheckRejected(res, 400, "control_character", c.field);
    }
    nlohmann::json tech = nlohmann::json::parse(ReportToJson(good));
    tech["technical"]["gl_renderer"] = "Mesa\r\nX-Injected: 1";
    CheckRejected(client->Post(ContactsPath, Parts(tech.dump())), 400, "control_character", "technical");
    CHECK(SqlInt(rx.Opt.DbPath, "SELECT COUNT(*) FROM tickets") == 0);

    Report multiline = good;
    multiline.Fields.Message = "Rivi yksi\nrivi kaksi\r\n\tsisennetty kolmas rivi";
    rx.PostOk(multiline);
    CHECK(SqlFile(rx.Opt.DbPath).Text("SELECT message FROM tickets") == multiline.Fields.Message);
}

TEST_CASE("input: deep JSON, duplicate keys and out-of-range integers are refused", "[receiver][input]")
{
    Running rx;
    const Report good = ValidReport();
    auto client = rx.Client();
    // 9 MB of '[' is refused at the 33rd level without building anything.
    httplib::Result res = client->Post(ContactsPath, Parts(std::string(9u << 20, '[')));
    CheckRejected(res, 400, "malformed", "body");
    CHECK(ParseErr(res).Limit == static_cast<size_t>(ReportJsonMaxDepth));

    std::string dup = ReportToJson(good);
    dup.insert(1, "\"application\":\"Toinen\",");
    CheckRejected(client->Post(ContactsPath, Parts(dup)), 400, "duplicate", "application");

    nlohmann::json big = nlohmann::json::parse(ReportToJson(good));
    big["technical"]["framebuffer_width"] = 4294967297ull;   // 2^32 + 1: was stored as 1
    res = client->Post(ContactsPath, Parts(big.dump()));
    CheckRejected(res, 400, "malformed", "technical");
    CHECK(ParseErr(res).Message.find("framebuffer_width") != std::string::npos);
    CHECK(SqlInt(rx.Opt.DbPath, "SELECT COUNT(*) FROM tickets") == 0);
    rx.PostOk(good);
}

TEST_CASE("input: a screenshot is read all the way through before it is stored", "[receiver][input]")
{
    Running rx;
    const Report good = ValidReport();
    const std::vector<uint8_t> png = MakePng(64, 48);
    auto chunk_at = [&](const char* type) {
        const std::string s(png.begin(), png.end());
        const size_t at = s.find(type);
        REQUIRE(at != std::string::npos);
        return at - 4;   // the chunk's length field
    };
    const size_t idat = chunk_at("IDAT");
    const uint32_t idat_len = (uint32_t(png[idat]) << 24) | (uint32_t(png[idat + 1]) << 16) | (uint32_t(png[idat + 2]) << 8) | png[idat + 3];
    REQUIRE(idat_len > 16);

    std::vector<uint8_t> truncated(png.begin(), png.begin() + static_cast<long>(idat + 8 + idat_len / 2));
    std::vector<uint8_t> bad_crc = png;
    bad_crc[idat + 8 + idat_len / 2] ^= 0x10;
    // Garbage in the IDAT with its CRC made right again (zlib's crc32 over type + data).
    std::vector<uint8_t> garbage = png;
    for (uint32_t i = 2; i < idat_len; i++) garbage[idat + 8 + i] = static_cast<uint8_t>(i * 89 + 3);
    const uLong crc = crc32(0, garbage.data() + idat + 4, idat_len + 4);
    for (int k = 0; k < 4; k++) garbage[idat + 8 + idat_len + static_cast<size_t>(k)] = static_cast<uint8_t>(crc >> (24 - 8 * k));
    for (const std::vector<uint8_t>* bad : { &truncated, &bad_crc, &garbage })
    {
        INFO("case " << (bad == &truncated ? "truncated" : bad == &bad_crc ? "bad CRC" : "garbage"));
        httplib::Result res = rx.Post(good, bad);
        CheckRejected(res, 400, "not_png", "screenshot");
    }
    // 8192 x 8192 claimed in a valid header: too_large (was accepted), whatever the data.
    std::vector<uint8_t> huge = png;
    const size_t ihdr = chunk_at("IHDR");
    for (size_t off : { size_t(8), size_t(12) })
    {
        huge[ihdr + off] = 0;
        huge[ihdr + off + 1] = 0;
        huge[ihdr + off + 2] = 0x20;
        huge[ihdr + off + 3] = 0;
    }
    const uLong ihdr_crc = crc32(0, huge.data() + ihdr + 4, 17);
    for (int k = 0; k < 4; k++) huge[ihdr + 21 + static_cast<size_t>(k)] = static_cast<uint8_t>(ihdr_crc >> (24 - 8 * k));
    httplib::Result res = rx.Post(good, &huge);
    CheckRejected(res, 400, "too_large", "screenshot");
    CHECK(ParseErr(res).Limit == Limits().ScreenshotMaxPixels);
    CHECK(ParseErr(res).Message.find("8192 x 8192") != std::string::npos);

    // A WebP whose VP8 frame claims a first partition longer than the file.
    RgbaImage img = ImContactTest::NoiseImage(64, 48, 4);
    for (size_t i = 3; i < img.Pixels.size(); i += 4) img.Pixels[i] = 255;   // opaque: a plain "VP8 " chunk
    std::vector<uint8_t> webp;
    REQUIRE(EncodeWebp(img, 80, &webp));
    REQUIRE(std::string(webp.begin() + 12, webp.begin() + 16) == "VP8 ");
    webp[20] |= 0xE0;
    webp[21] = 0xFF;
    webp[22] = 0xFF;
    httplib::MultipartFormDataItems items = { { "report", ReportToJson(good), "report.json", "application/json" },
                                              { "screenshot", std::string(webp.begin(), webp.end()), "s.webp", "image/webp" } };
    CheckRejected(rx.Client()->Post(ContactsPath, items), 400, "not_png", "screenshot");
    CHECK(SqlInt(rx.Opt.DbPath, "SELECT COUNT(*) FROM tickets") == 0);
    rx.PostOk(good, &png);
    CHECK(SqlInt(rx.Opt.DbPath, "SELECT COUNT(*) FROM screenshots") == 1);
}

TEST_CASE("input: a replay that differs from the first in any byte is refused with 409; an identical one gets the ticket", "[receiver][input]")
{
    Running rx;
    const std::vector<uint8_t> png = MakePng(8, 8);
    const Report report = ValidReport(ContactType::Malfunction, ProcessingSpeed::Normal, "fi", "replay-bytes-key");
    const std::vector<RawAttachment> atts = { { "log.txt", "text/plain", "rivi 1\n" } };
    auto post = [&](const Report& r, const std::vector<uint8_t>* shot, const std::vector<RawAttachment>& files) {
        httplib::MultipartFormDataItems items = Parts(ReportToJson(r), shot);
        for (const RawAttachment& a : files) items.push_back({ "attachment", a.Bytes, a.Name, a.Type });
        return rx.Client()->Post(ContactsPath, items);
    };
    httplib::Result res = post(report, &png, atts);
    REQUIRE(res);
    REQUIRE(res->status == 201);
    Receipt first;
    REQUIRE(ParseReceipt(res->body, &first));

    const std::vector<uint8_t> other_png = MakePng(8, 9);
    Report english = report;
    english.Language = "en";
    Report tech = report;
    tech.Technical.FramebufferWidth += 1;
    CheckRejected(post(report, &other_png, atts), 409, "conflict", "body");   // another screenshot
    CheckRejected(post(report, nullptr, atts), 409, "conflict", "body");      // the screenshot left out
    CheckRejected(post(english, &png, atts), 409, "conflict", "body");        // another language
    CheckRejected(post(tech, &png, atts), 409, "conflict", "body");           // other technical details
    CheckRejected(post(report, &png, { { "log.txt", "text/plain", "rivi 2\n" } }), 409, "conflict", "body");
    CheckRejected(post(report, &png, {}), 409, "conflict", "body");
    CHECK(SqlInt(rx.Opt.DbPath, "SELECT COUNT(*) FROM tickets") == 1);

    res = post(report, &png, atts);
    REQUIRE(res);
    INFO(res->body);
    CHECK(res->status == 200);
    Receipt again;
    REQUIRE(ParseReceipt(res->body, &again));
    CHECK(again.Ticket == first.Ticket);
    CHECK(again.Replayed);
}

// A 2 MB tmpfs mounted for one test (needs root or CAP_SYS_ADMIN); unmounted by the destructor.
struct SmallDisk
{
    TempDir Dir{ "imcontact-full" };
    std::string Mount;
    bool Mounted = false;
    SmallDisk()
    {
        Mount = Dir.Sub("mnt");
        std::filesystem::create_directory(Mount);
        Mounted = ::mount("tmpfs", Mount.c_str(), "tmpfs", 0, "size=2m") == 0;
    }
    ~SmallDisk() { if (Mounted) ::umount2(Mount.c_str(), MNT_DETACH); }
};

TEST_CASE("input: a full disk answers 503 with Retry-After, stores nothing, and takes reports again once there is room", "[receiver][input]")
{
    SmallDisk disk;
    if (!disk.Mounted)
    {
        WARN("skipped: cannot mount a 2 MB tmpfs here (" << std::strerror(errno) << "); needs root or CAP_SYS_ADMIN");
        return;
    }
    Options opt;
    opt.DbPath = disk.Mount + "/contacts.db";
    opt.LogRequests = false;
    {
        Receiver rx(opt);
        std::string err;
        INFO(err);
        REQUIRE(rx.Start(&err));
        auto client = std::make_unique<httplib::Client>("127.0.0.1", rx.Port());
        client->set_read_timeout(20, 0);
        const Report good = ValidReport();
        httplib::Result res = client->Post(ContactsPath, Parts(ReportToJson(good)));
        REQUIRE(res);
        REQUIRE(res->status == 201);

        // Fill the disk to the last byte.
        const std::string filler_path = disk.Mount + "/filler";
        {
            std::ofstream filler(filler_path, std::ios::binary);
            const std::string block(4096, 'F');
            while (filler.write(block.data(), static_cast<std::streamsize>(block.size())) && filler.flush()) {}
        }
        const std::vector<uint8_t> png = ImContactTest::PngBytes(384, 384, 4, ImContactTest::NoiseImage(384, 384, 11).Pixels);
        REQUIRE(png.size() > 500000);   // more than any room left in the WAL
        res = client->Post(ContactsPath, Parts(ReportToJson(good), &png));
        CheckRejected(res, 503, "unavailable", "");
        CHECK(res->get_header_value("Retry-After") == "60");
        CHECK(ParseErr(res).Message.find("no room") != std::string::npos);

        std::filesystem::remove(filler_path);
        res = client->Post(ContactsPath, Parts(ReportToJson(good), &png));
        REQUIRE(res);
        INFO(res->body);
        CHECK(res->status == 201);
        rx.Stop();
    }
    CHECK(SqlInt(opt.DbPath, "SELECT COUNT(*) FROM tickets") == 2);
    CHECK(SqlInt(opt.DbPath, "SELECT COUNT(*) FROM screenshots") == 1);
}

TEST_CASE("input: a database held locked past the busy timeout answers 503 with Retry-After", "[receiver][input]")
{
    Running rx;
    const Report good = ValidReport();
    rx.PostOk(good);
    SqlFile lock(rx.Opt.DbPath);
    lock.Exec("BEGIN IMMEDIATE");   // another writer holds the write lock longer than the receiver waits
    const auto t0 = std::chrono::steady_clock::now();
    httplib::Result res = rx.Post(good);
    const auto waited = std::chrono::steady_clock::now() - t0;
    CheckRejected(res, 503, "unavailable", "");
    CHECK(res->get_header_value("Retry-After") == "2");
    CHECK(waited >= std::chrono::milliseconds(SqliteDb::BusyTimeoutMs - 500));
    lock.Exec("ROLLBACK");
    rx.PostOk(good);
    CHECK(SqlInt(rx.Opt.DbPath, "SELECT COUNT(*) FROM tickets") == 2);
}

TEST_CASE("status GET is conditional: an unchanged ticket is 304 without a body, a changed one 200 with a new ETag", "[receiver]")
{
    Running rx;
    const Receipt r = rx.PostOk(ValidReport());
    httplib::Result first = rx.GetStatus(r.Ticket, &r.StatusToken);
    REQUIRE(first);
    REQUIRE(first->status == 200);
    const std::string etag = first->get_header_value("ETag");
    INFO("ETag " << etag);
    REQUIRE(etag.size() > 2);
    CHECK(etag.front() == '"');
    CHECK(etag.back() == '"');

    auto conditional = [&](const std::string& if_none_match) {
        httplib::Headers h = { { StatusTokenHeader, r.StatusToken }, { "If-None-Match", if_none_match } };
        return rx.Client()->Get((std::string(ContactsPath) + "/" + r.Ticket).c_str(), h);
    };
    // Unchanged: 304, no body, the same ETag; also in a list and as a weak tag.
    for (const std::string& inm : { etag, "\"other\", " + etag, "W/" + etag })
    {
        INFO("If-None-Match: " << inm);
        httplib::Result res = conditional(inm);
        REQUIRE(res);
        CHECK(res->status == 304);
        CHECK(res->body.empty());
        CHECK(res->get_header_value("ETag") == etag);
    }
    // Another version: the whole status.
    httplib::Result stale = conditional("\"0-0000000000000000\"");
    REQUIRE(stale);
    CHECK(stale->status == 200);
    CHECK(stale->body == first->body);

    // The token is still checked first: a wrong one is 404, whatever the ETag.
    {
        httplib::Headers h = { { StatusTokenHeader, std::string("wrong") }, { "If-None-Match", etag } };
        httplib::Result res = rx.Client()->Get((std::string(ContactsPath) + "/" + r.Ticket).c_str(), h);
        REQUIRE(res);
        CHECK(res->status == 404);
    }

    // A new status (through the store, as the CLI's set-status): 200 with the new status and a new ETag.
    Store store;
    std::string err;
    REQUIRE(store.Open(rx.Opt.DbPath, &err));
    REQUIRE(store.SetStatus(r.Ticket, "in_progress", "Selvitämme asiaa", &err));
    httplib::Result changed = conditional(etag);
    REQUIRE(changed);
    REQUIRE(changed->status == 200);
    TicketStatus s;
    REQUIRE(ParseTicketStatus(changed->body, &s));
    CHECK(s.Status == "in_progress");
    const std::string etag2 = changed->get_header_value("ETag");
    CHECK(etag2.size() > 2);
    CHECK(etag2 != etag);
    httplib::Result again = conditional(etag2);
    REQUIRE(again);
    CHECK(again->status == 304);
    CHECK(again->body.empty());
}
