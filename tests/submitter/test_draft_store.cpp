// The unsent draft on disk (draft_store.h) and through the Submitter (SaveDraft,
// DiscardDraft, LoadDraft): round trips, atomic owner-only writes, a damaged file set
// aside, saves still written by Shutdown(), and "send now" of one queued report.
#include <catch2/catch.hpp>

#include "draft_store.h"
#include "ticket_store.h"
#include "support/fault_server.h"
#include "support/submitter_wait.h"
#include "support/temp_dir.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <string>

using namespace ImContact;
using ImContactTest::FilesIn;
using ImContactTest::ReadFile;
using ImContactTest::TempDir;
using ImContactTest::WaitEvent;
using ImContactTest::WriteFile;
namespace fs = std::filesystem;

static SavedDraft SampleDraft(const char* message)
{
    SavedDraft d;
    d.Fields.Type = ContactType::PhoneSupportRequest;
    d.Fields.Speed = ProcessingSpeed::Faster;
    d.Fields.Organisation = "Esimerkki Oy";          // the host's: never stored
    d.Fields.Email = "maija@example.fi";
    d.Fields.Application = "Raportit";
    d.Fields.SubApplication = "Kuukausiraportti";
    d.Fields.Reference = "TIL-42";
    d.Fields.Phone = "+358 40 123 4567";
    d.Fields.Message = message;
    d.ApplicationByHand = true;
    d.Replaces = "Q-0CECDE3B";
    return d;
}

static void CheckSame(const SavedDraft& got, const SavedDraft& want)
{
    CHECK(got.Fields.Type == want.Fields.Type);
    CHECK(got.Fields.Speed == want.Fields.Speed);
    CHECK(got.Fields.Application == want.Fields.Application);
    CHECK(got.Fields.SubApplication == want.Fields.SubApplication);
    CHECK(got.Fields.Reference == want.Fields.Reference);
    CHECK(got.Fields.Phone == want.Fields.Phone);
    CHECK(got.Fields.Message == want.Fields.Message);
    CHECK(got.ApplicationByHand == want.ApplicationByHand);
    CHECK(got.Replaces == want.Replaces);
}

TEST_CASE("a draft round-trips through its JSON without the host's details", "[drafts]")
{
    const SavedDraft d = SampleDraft("Rivi 1\nRivi 2 – äö \xF0\x9F\x98\x80 \"lainaus\"");
    const std::string text = DraftToJson(d);
    CHECK(text.find("Esimerkki Oy") == std::string::npos);
    CHECK(text.find("maija@example.fi") == std::string::npos);
    SavedDraft back;
    REQUIRE(DraftFromJson(text, &back));
    CheckSame(back, d);
    CHECK(back.Fields.Organisation.empty());
    CHECK(back.Fields.Email.empty());
    // members of the wrong type, unknown ids, not an object: not understood
    CHECK_FALSE(DraftFromJson(R"({"schema":1,"message":5})", &back));
    CHECK_FALSE(DraftFromJson(R"({"schema":1,"type":"no-such-type","message":"x"})", &back));
    CHECK_FALSE(DraftFromJson(R"({"schema":1,"application_by_hand":"yes"})", &back));
    CHECK_FALSE(DraftFromJson("[1,2]", &back));
    CHECK_FALSE(DraftFromJson(text.substr(0, text.size() / 2), &back));   // torn
}

TEST_CASE("the draft file is written owner-only, read back, removed; a damaged one is set aside", "[drafts]")
{
    TempDir dir("imcontact-draft");
    REQUIRE(!dir.Path().empty());
    const std::string data = dir.Sub("data/nested");   // created on the first write
    const SavedDraft d = SampleDraft("Ensimmäinen luonnos");
    std::string err;
    REQUIRE(SaveDraftFile(data, d, &err));
    const std::string path = data + "/" + DraftFileName;
    struct stat st{};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    SavedDraft back;
    REQUIRE(LoadDraftFile(data, &back, &err) == DraftLoadResult::Loaded);
    CheckSame(back, d);
    CHECK(FilesIn(data) == std::vector<std::string>{ DraftFileName });   // no temporary file left

    REQUIRE(RemoveDraftFile(data, &err));
    CHECK_FALSE(fs::exists(path));
    CHECK(RemoveDraftFile(data, &err));   // none there: fine
    CHECK(LoadDraftFile(data, &back, &err) == DraftLoadResult::Missing);

    WriteFile(path, "{\"schema\":1,\"message\":\"katk");   // torn by a crash of something else
    std::string detail;
    CHECK(LoadDraftFile(data, &back, &detail) == DraftLoadResult::Corrupt);
    CHECK(back.Fields.Message.empty());
    CHECK_FALSE(fs::exists(path));
    const std::vector<std::string> files = FilesIn(data);
    REQUIRE(files.size() == 1);
    CHECK(files[0].rfind(std::string(DraftFileName) + ".corrupt-", 0) == 0);
    CHECK(ReadFile(data + "/" + files[0]) == "{\"schema\":1,\"message\":\"katk");
    CHECK(detail.find(files[0]) != std::string::npos);
}

TEST_CASE("Submitter: the latest SaveDraft is on disk after Shutdown, LoadDraft brings it back, DiscardDraft removes it", "[drafts]")
{
    TempDir dir("imcontact-draft");
    REQUIRE(!dir.Path().empty());
    SubmitterConfig cfg = ImContactTest::QuickConfig("http://127.0.0.1:9");
    cfg.DataDir = dir.Sub("data");
    cfg.DeliverPendingAtStart = false;
    {
        Submitter sub(cfg);
        sub.SaveDraft(SampleDraft("v1"));
        sub.SaveDraft(SampleDraft("v2"));
        sub.SaveDraft(SampleDraft("v3 – viimeinen"));
        REQUIRE(sub.Shutdown(5000));   // queued saves are still written
    }
    SavedDraft on_disk;
    std::string err;
    REQUIRE(LoadDraftFile(cfg.DataDir, &on_disk, &err) == DraftLoadResult::Loaded);
    CHECK(on_disk.Fields.Message == "v3 – viimeinen");
    {
        Submitter sub(cfg);
        SubmitterEvent ev;
        const uint64_t job = sub.LoadDraft();
        REQUIRE(WaitEvent(sub, SubmitterEvent::Kind::DraftLoaded, job, &ev));
        CHECK(ev.Ok);
        REQUIRE(ev.HasDraft);
        CheckSame(ev.Draft, SampleDraft("v3 – viimeinen"));
        sub.DiscardDraft();
        REQUIRE(WaitEvent(sub, SubmitterEvent::Kind::DraftStored, 0, &ev));
        CHECK(ev.Ok);
        CHECK_FALSE(fs::exists(cfg.DataDir + "/" + DraftFileName));
        const uint64_t again = sub.LoadDraft();
        REQUIRE(WaitEvent(sub, SubmitterEvent::Kind::DraftLoaded, again, &ev));
        CHECK(ev.Ok);
        CHECK_FALSE(ev.HasDraft);
    }
    // damaged: reported (not Ok), set aside, no draft
    WriteFile(cfg.DataDir + "/" + DraftFileName, "\x01\x02 not json");
    {
        Submitter sub(cfg);
        SubmitterEvent ev;
        const uint64_t job = sub.LoadDraft();
        REQUIRE(WaitEvent(sub, SubmitterEvent::Kind::DraftLoaded, job, &ev));
        CHECK_FALSE(ev.Ok);
        CHECK(ev.Why == Failure::Storage);
        CHECK_FALSE(ev.HasDraft);
        CHECK(ev.Detail.find("corrupt") != std::string::npos);
        CHECK_FALSE(fs::exists(cfg.DataDir + "/" + DraftFileName));
    }
}

static std::string Receipt201(const char* ticket)
{
    Receipt r;
    r.Ticket = ticket;
    r.StatusToken = "0123456789abcdef0123456789abcdef";
    r.Status = "received";
    return ReceiptToJson(r);
}

TEST_CASE("Submitter: SendQueuedNow tries one queued report at once, skipping its backoff; the ticket keeps the Q- reference", "[drafts][outbox]")
{
    TempDir dir("imcontact-draft");
    REQUIRE(!dir.Path().empty());
    ImContactTest::FaultServer srv;
    REQUIRE(srv.Start());
    srv.Respond(503, R"({"error":{"code":"internal","message":"maintenance"}})");
    SubmitterConfig cfg = ImContactTest::QuickConfig(srv.Url());
    cfg.DataDir = dir.Sub("data");
    cfg.Retry.InitialDelayMs = 600000;   // the automatic retry would wait ten minutes
    cfg.Retry.MaxDelayMs = 600000;
    cfg.Retry.Jitter = 0.0;
    Submitter sub(cfg);
    Report rep;
    rep.Fields.Type = ContactType::Malfunction;
    rep.Fields.Organisation = "Esimerkki Oy";
    rep.Fields.Email = "maija@example.fi";
    rep.Fields.Application = "Raportit";
    rep.Fields.Message = "Tulostus kaatuu.";
    SubmitterEvent ev;
    const uint64_t job = sub.SubmitReport(rep, RgbaImage());
    REQUIRE(WaitEvent(sub, SubmitterEvent::Kind::SendFinished, job, &ev));
    REQUIRE(ev.Outcome == SendOutcome::SavedWillRetry);
    const std::string ref = ev.LocalReference;

    const uint64_t unknown = sub.SendQueuedNow("Q-00000000");
    REQUIRE(WaitEvent(sub, SubmitterEvent::Kind::OutboxChanged, unknown, &ev));
    CHECK_FALSE(ev.Ok);
    CHECK(ev.Why == Failure::NotFound);
    CHECK(ev.Outbox.size() == 1);

    srv.Respond(201, Receipt201("5555-0001"));
    const size_t before = srv.RequestCount();
    const uint64_t now = sub.SendQueuedNow(ref);
    std::vector<SubmitterEvent> others;
    // The attempt's own OutboxChanged, then the job's last one, which names the report.
    do REQUIRE(WaitEvent(sub, SubmitterEvent::Kind::OutboxChanged, now, &ev, 10000, &others));
    while (ev.LocalReference.empty());
    CHECK(ev.Ok);
    CHECK(ev.Outbox.empty());
    CHECK(ev.LocalReference == ref);
    CHECK(srv.RequestCount() == before + 1);
    auto delivered = std::find_if(others.begin(), others.end(), [&](const SubmitterEvent& e) {
        return e.What == SubmitterEvent::Kind::Delivered && e.Job == now;
    });
    REQUIRE(delivered != others.end());
    CHECK(delivered->Receipt.Ticket == "5555-0001");
    CHECK(delivered->LocalReference == ref);
    auto list = std::find_if(others.begin(), others.end(), [](const SubmitterEvent& e) { return e.What == SubmitterEvent::Kind::TicketsLoaded; });
    REQUIRE(list != others.end());
    REQUIRE_FALSE(list->Tickets.empty());
    CHECK(list->Tickets.back().LocalReference == ref);
    // and in tickets.json, for the next start
    std::vector<LocalTicket> stored;
    std::string detail;
    REQUIRE(LoadTickets(cfg.DataDir, &stored, &detail) == TicketLoadResult::Loaded);
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].LocalReference == ref);
}

TEST_CASE("tickets.json written before the local reference existed still loads", "[drafts]")
{
    std::vector<LocalTicket> out;
    REQUIRE(TicketsFromJson(R"({"schema":1,"tickets":[{"ticket":"4827-3915","status_token":"t","type":"malfunction",
        "application":"A","sent_at":"2026-11-26T17:12:43Z","last_status":"received","last_checked":"","history":[]}]})", &out));
    REQUIRE(out.size() == 1);
    CHECK(out[0].LocalReference.empty());
}
