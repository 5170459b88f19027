// "My requests" file: atomic writes, round trips, corrupt files kept aside.
#include <catch2/catch.hpp>

#include "support/temp_dir.h"
#include "ticket_store.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace ImContact;
using ImContactTest::FilesIn;
using ImContactTest::ReadFile;
using ImContactTest::TempDir;
using ImContactTest::WriteFile;
namespace fs = std::filesystem;

static std::vector<LocalTicket> SampleTickets()
{
    LocalTicket a;
    a.Ticket = "4827-3915";
    a.StatusToken = "tok-a";
    a.Type = "malfunction";
    a.Application = "Kirjanpito";
    a.SentAt = "2026-11-26T17:12:43Z";
    a.LastStatus = "in_progress";
    a.LastChecked = "2026-11-27T08:00:00Z";
    a.History = { { "2026-11-26T17:12:43Z", "received", "" }, { "2026-11-27T07:59:00Z", "in_progress", "Tutkitaan \"häiriötä\"" } };
    LocalTicket b;
    b.Ticket = "0001-0002";
    b.StatusToken = "tok-b";
    b.Type = "billing";
    b.Application = "Laskutus ä/ö";
    b.SentAt = "2026-11-28T10:00:00Z";
    b.LastStatus = "received";
    return { a, b };
}

TEST_CASE("tickets.json round-trips every field and creates the directory", "[tickets]")
{
    TempDir tmp;
    const std::string dir = tmp.Sub("a/b/imcontact");
    const std::vector<LocalTicket> in = SampleTickets();
    std::string error;
    REQUIRE(SaveTickets(dir, in, &error));
    CHECK(error.empty());

    std::vector<LocalTicket> out;
    std::string detail = "stale";
    REQUIRE(LoadTickets(dir, &out, &detail) == TicketLoadResult::Loaded);
    CHECK(detail.empty());
    REQUIRE(out.size() == 2);
    CHECK(out[0].Ticket == "4827-3915");
    CHECK(out[0].StatusToken == "tok-a");
    CHECK(out[0].Type == "malfunction");
    CHECK(out[0].Application == "Kirjanpito");
    CHECK(out[0].SentAt == "2026-11-26T17:12:43Z");
    CHECK(out[0].LastStatus == "in_progress");
    CHECK(out[0].LastChecked == "2026-11-27T08:00:00Z");
    REQUIRE(out[0].History.size() == 2);
    CHECK(out[0].History[1].Note == "Tutkitaan \"häiriötä\"");
    CHECK(out[0].History[1].Status == "in_progress");
    CHECK(out[1].Application == "Laskutus ä/ö");
    CHECK(out[1].History.empty());

    // Holds status tokens: owner-only, and no temporary file is left behind.
    struct stat st{};
    REQUIRE(::stat((dir + "/tickets.json").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(FilesIn(dir) == std::vector<std::string>{ "tickets.json" });
}

TEST_CASE("saving replaces the whole file atomically", "[tickets]")
{
    TempDir tmp;
    std::vector<LocalTicket> list = SampleTickets();
    REQUIRE(SaveTickets(tmp.Path(), list, nullptr));
    struct stat first{};
    REQUIRE(::stat(tmp.Sub("tickets.json").c_str(), &first) == 0);

    // A reader holding the old file keeps reading the complete old contents: the new
    // version arrives as a new inode through rename(), never as an in-place rewrite.
    std::ifstream old_reader(tmp.Sub("tickets.json"), std::ios::binary);
    list.pop_back();
    list[0].LastStatus = "resolved";
    REQUIRE(SaveTickets(tmp.Path(), list, nullptr));
    struct stat st{};
    REQUIRE(::stat(tmp.Sub("tickets.json").c_str(), &st) == 0);
    CHECK(st.st_ino != first.st_ino);
    const std::string old_text((std::istreambuf_iterator<char>(old_reader)), std::istreambuf_iterator<char>());
    std::vector<LocalTicket> old_list;
    REQUIRE(TicketsFromJson(old_text, &old_list));
    CHECK(old_list.size() == 2);

    std::vector<LocalTicket> out;
    REQUIRE(LoadTickets(tmp.Path(), &out, nullptr) == TicketLoadResult::Loaded);
    REQUIRE(out.size() == 1);
    CHECK(out[0].LastStatus == "resolved");
    CHECK(FilesIn(tmp.Path()) == std::vector<std::string>{ "tickets.json" });
}

TEST_CASE("a missing file is an empty list, not an error", "[tickets]")
{
    TempDir tmp;
    std::vector<LocalTicket> out = SampleTickets();
    std::string detail = "stale";
    CHECK(LoadTickets(tmp.Sub("nothing-here"), &out, &detail) == TicketLoadResult::Missing);
    CHECK(out.empty());
    CHECK(detail.empty());
}

TEST_CASE("a corrupt tickets.json is kept aside and reported", "[tickets]")
{
    TempDir tmp;
    const std::string path = tmp.Sub("tickets.json");
    const std::string garbage = "{\"tickets\": [ {\"ticket\": \"12";   // cut short
    WriteFile(path, garbage);

    std::vector<LocalTicket> out = SampleTickets();
    std::string detail;
    REQUIRE(LoadTickets(tmp.Path(), &out, &detail) == TicketLoadResult::Corrupt);
    CHECK(out.empty());
    CHECK_FALSE(fs::exists(path));
    const std::vector<std::string> files = FilesIn(tmp.Path());
    REQUIRE(files.size() == 1);
    CHECK(files[0].rfind("tickets.json.corrupt-", 0) == 0);
    CHECK(ReadFile(tmp.Sub(files[0])) == garbage);
    CHECK(detail.find(files[0]) != std::string::npos);
    CHECK(detail.find("corrupt") != std::string::npos);

    // A second corrupt file in the same second gets its own backup name.
    WriteFile(path, "[1,2,3]");   // valid JSON, wrong shape
    REQUIRE(LoadTickets(tmp.Path(), &out, &detail) == TicketLoadResult::Corrupt);
    CHECK(FilesIn(tmp.Path()).size() == 2);

    // And the list can be written again afterwards.
    REQUIRE(SaveTickets(tmp.Path(), SampleTickets(), nullptr));
    REQUIRE(LoadTickets(tmp.Path(), &out, nullptr) == TicketLoadResult::Loaded);
    CHECK(out.size() == 2);
}

TEST_CASE("entries without a ticket number are skipped, wrong types tolerated", "[tickets]")
{
    std::vector<LocalTicket> out;
    REQUIRE(TicketsFromJson(R"({"schema":1,"tickets":[{"status_token":"x"},7,
        {"ticket":"1234-5678","status_token":5,"history":[{"at":"t","status":"received"},"junk"]}]})", &out));
    REQUIRE(out.size() == 1);
    CHECK(out[0].Ticket == "1234-5678");
    CHECK(out[0].StatusToken.empty());
    CHECK(out[0].History.size() == 1);
    CHECK_FALSE(TicketsFromJson("", &out));
    CHECK_FALSE(TicketsFromJson(R"({"tickets":{}})", &out));
}

TEST_CASE("saving reports a data directory that cannot be used", "[tickets]")
{
    TempDir tmp;
    WriteFile(tmp.Sub("plain-file"), "x");
    std::string error;
    CHECK_FALSE(SaveTickets(tmp.Sub("plain-file"), SampleTickets(), &error));
    CHECK_FALSE(error.empty());
    CHECK_FALSE(SaveTickets("", SampleTickets(), &error));
}

TEST_CASE("upsert replaces by ticket number", "[tickets]")
{
    std::vector<LocalTicket> list = SampleTickets();
    LocalTicket changed = list[1];
    changed.LastStatus = "closed";
    UpsertTicket(&list, changed);
    REQUIRE(list.size() == 2);
    CHECK(FindTicket(&list, "0001-0002")->LastStatus == "closed");
    LocalTicket fresh;
    fresh.Ticket = "9999-0000";
    UpsertTicket(&list, fresh);
    CHECK(list.size() == 3);
    CHECK(FindTicket(&list, "nope") == nullptr);
}

TEST_CASE("the ETag and the unseen mark round-trip; a file written before them still loads", "[tickets]")
{
    std::vector<LocalTicket> list = SampleTickets();
    list[0].ETag = "\"2-0123456789abcdef\"";
    list[0].Unseen = true;
    std::vector<LocalTicket> out;
    REQUIRE(TicketsFromJson(TicketsToJson(list), &out));
    REQUIRE(out.size() == list.size());
    CHECK(out[0].ETag == "\"2-0123456789abcdef\"");
    CHECK(out[0].Unseen);
    CHECK(out[1].ETag.empty());
    CHECK_FALSE(out[1].Unseen);

    // As an earlier version wrote it: no "etag", no "unseen".
    REQUIRE(TicketsFromJson(R"({"schema":1,"tickets":[{"ticket":"4827-3915","status_token":"tok","type":"malfunction",
        "application":"Kirjanpito","sent_at":"2026-11-26T17:12:43Z","last_status":"in_progress","last_checked":"",
        "history":[{"at":"2026-11-26T17:12:43Z","status":"received","note":""}]}]})", &out));
    REQUIRE(out.size() == 1);
    CHECK(out[0].LastStatus == "in_progress");
    CHECK(out[0].History.size() == 1);
    CHECK(out[0].ETag.empty());
    CHECK_FALSE(out[0].Unseen);
    // A wrong type is ignored, not fatal.
    REQUIRE(TicketsFromJson(R"({"tickets":[{"ticket":"1","etag":5,"unseen":"yes"}]})", &out));
    REQUIRE(out.size() == 1);
    CHECK(out[0].ETag.empty());
    CHECK_FALSE(out[0].Unseen);
}
