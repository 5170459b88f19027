// The host's attachments on the sending side: reading the sources (allowed directories,
// tails cut at a line, a file growing while read, missing files, binary in text, a failing
// callback, the step-down over the total), the outbox format with attachments (and the
// previous version without), and the multipart parts on the wire through a capturing
// server (support/fault_server.h).
#include <catch2/catch.hpp>

#include "attachment_read.h"
#include "outbox/outbox_format.h"
#include "imcontact/imcontact_locale.h"
#include "imcontact/imcontact_submitter.h"
#include "support/fault_server.h"
#include "support/png.h"
#include "support/sample_report.h"
#include "support/submitter_wait.h"
#include "support/temp_dir.h"

#include <zlib.h>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <thread>

using namespace ImContact;
using ImContactTest::FaultServer;
using ImContactTest::ParseMultipart;
using ImContactTest::RecordedRequest;
using ImContactTest::Reply;
using ImContactTest::SampleReport;
using ImContactTest::TempDir;
using ImContactTest::WaitEvent;
using ImContactTest::WriteFile;
using Kind = SubmitterEvent::Kind;

namespace
{
const char* Text = "text/plain; charset=utf-8";

std::string AsString(const std::vector<uint8_t>& b) { return std::string(b.begin(), b.end()); }
std::vector<uint8_t> Bytes(const std::string& s) { return std::vector<uint8_t>(s.begin(), s.end()); }

// Lines "line 0001 ...\n" of a fixed width (20 bytes each).
std::string NumberedLines(int from, int count)
{
    std::string s;
    char buf[32];
    for (int i = from; i < from + count; ++i)
    {
        std::snprintf(buf, sizeof(buf), "line %04d abcdefghi\n", i);
        s += buf;
    }
    return s;
}

struct ReadResult
{
    std::vector<Attachment> Files;
    std::vector<AttachmentOutcome> Outcomes;
};

ReadResult Read(const std::vector<AttachmentSource>& sources, const std::vector<std::string>& dirs, Limits limits = Limits(),
                AttachmentSelection sel = {})
{
    ReadResult r;
    ReadAttachments(sources, dirs, sel, limits, &r.Files, &r.Outcomes);
    REQUIRE(r.Outcomes.size() == sources.size());
    return r;
}

Reply ReceiptReply()
{
    Receipt r;
    r.Ticket = "2222-3333";
    r.StatusToken = "tok";
    r.Confirmation = "ok";
    r.Status = "received";
    return Reply{ 201, ReceiptToJson(r) };
}
} // namespace

TEST_CASE("attachments: a log tail is cut at a line start and keeps the newest lines", "[attachments]")
{
    TempDir tmp;
    const std::string log = tmp.Sub("app.log");
    WriteFile(log, NumberedLines(0, 100));   // 2000 bytes
    const ReadResult r = Read({ AttachmentSource::File("app.log", Text, log, 250) }, { tmp.Path() });
    REQUIRE(r.Files.size() == 1);
    const std::string sent = AsString(r.Files[0].Bytes);
    // 250 bytes from the end start inside line 87; the first whole line is 88.
    CHECK(sent == NumberedLines(88, 12));
    CHECK(r.Outcomes[0].Result == AttachmentResult::Truncated);
    CHECK(r.Outcomes[0].Reason == AttachmentReason::TailLimit);
    CHECK(r.Outcomes[0].SentBytes == sent.size());
    CHECK(r.Outcomes[0].SourceBytes == 2000);

    // A tail that starts exactly at a line start loses nothing of it.
    const ReadResult exact = Read({ AttachmentSource::File("app.log", Text, log, 240) }, { tmp.Path() });
    CHECK(AsString(exact.Files[0].Bytes) == NumberedLines(88, 12));
    // A whole file under its tail: sent whole.
    const ReadResult whole = Read({ AttachmentSource::File("app.log", Text, log, 4096) }, { tmp.Path() });
    CHECK(AsString(whole.Files[0].Bytes) == NumberedLines(0, 100));
    CHECK(whole.Outcomes[0].Result == AttachmentResult::Sent);
}

TEST_CASE("attachments: the cut offset of a tail", "[attachments]")
{
    CHECK(TailCutOffset(Bytes("aaa\nbbb\nccc"), 5) == 8);    // "b\nccc" -> "ccc"
    CHECK(TailCutOffset(Bytes("aaa\nbbb\nccc"), 7) == 4);    // "bbb\nccc" already starts a line
    CHECK(TailCutOffset(Bytes("aaa\nbbb\nccc"), 100) == 0);
    // No line start in the tail: at least a character boundary (é = C3 A9).
    CHECK(TailCutOffset(Bytes("x\xC3\xA9yz"), 3) == 3);
    CHECK(TailCutOffset(Bytes("abc\n"), 0) == 4);
}

TEST_CASE("attachments: a file that grows while read gives a snapshot of its size at open", "[attachments]")
{
    TempDir tmp;
    const std::string log = tmp.Sub("grow.log");
    const std::string start = NumberedLines(0, 10000) + NumberedLines(0, 10000) + NumberedLines(0, 10000) + NumberedLines(0, 10000);
    WriteFile(log, start);   // 800 000 bytes
    std::atomic<bool> stop{ false };
    std::thread writer([&] {
        std::ofstream f(log, std::ios::binary | std::ios::app);
        int i = 0;
        while (!stop.load() && i < 350000)   // at most 7 MB more: the reads stay cheap, also under TSan
        {
            f << NumberedLines(i++ % 10000, 1);
            f.flush();
        }
    });
    Limits roomy;   // the whole file each time, however far the writer got
    roomy.AttachmentMaxBytes = roomy.AttachmentsMaxBytes = 16u * 1024u * 1024u;
    std::vector<ReadResult> results;
    for (int k = 0; k < 20; ++k) results.push_back(Read({ AttachmentSource::File("grow.log", Text, log) }, { tmp.Path() }, roomy));
    stop = true;
    writer.join();
    bool grew = false;
    for (const ReadResult& r : results)
    {
        REQUIRE(r.Files.size() == 1);
        const AttachmentOutcome& o = r.Outcomes[0];
        CHECK(o.SentBytes <= o.SourceBytes);
        // Exactly what was there at open: nothing written after it. (The last line may be
        // partial: the kernel makes a write that crosses a page visible a page at a time.)
        const std::string s = AsString(r.Files[0].Bytes);
        CHECK(s.size() == o.SourceBytes);
        CHECK(s.compare(0, start.size(), start) == 0);
        grew = grew || o.Grew;
    }
    // The writer never stops long enough for all twenty reads to see one size (not a
    // timing assertion: a read of 0.8 MB while appending in a loop sees it change).
    CHECK(grew);
}

TEST_CASE("attachments: a missing file is not attached and says so; the others go", "[attachments]")
{
    TempDir tmp;
    WriteFile(tmp.Sub("b.txt"), "hello\n");
    const ReadResult r = Read({ AttachmentSource::File("a.log", Text, tmp.Sub("a.log")),
                                AttachmentSource::File("b.txt", Text, tmp.Sub("b.txt")) },
                              { tmp.Path() });
    CHECK(r.Outcomes[0].Result == AttachmentResult::NotAttached);
    CHECK(r.Outcomes[0].Reason == AttachmentReason::Missing);
    CHECK(r.Outcomes[0].Detail.find("a.log") != std::string::npos);
    REQUIRE(r.Files.size() == 1);
    CHECK(r.Files[0].Name == "b.txt");
    CHECK(r.Outcomes[1].Result == AttachmentResult::Sent);
    CHECK(AttachmentOutcomeText(Language::Finnish, r.Outcomes[0]) == "a.log: ei liitetty, koska tiedostoa ei löytynyt");
    CHECK(AttachmentOutcomeText(Language::English, r.Outcomes[1]) == "b.txt: included (6 bytes)");
}

TEST_CASE("attachments: ../ and a symlink out of the allowed directory are refused unread", "[attachments]")
{
    TempDir tmp;
    const std::string allowed = tmp.Sub("allowed");
    const std::string outside = tmp.Sub("secret.txt");
    REQUIRE(::mkdir(allowed.c_str(), 0700) == 0);
    WriteFile(outside, "password=hunter2\n");
    WriteFile(allowed + "/ok.txt", "fine\n");
    REQUIRE(::symlink(outside.c_str(), (allowed + "/link.txt").c_str()) == 0);
    REQUIRE(::symlink((allowed + "/ok.txt").c_str(), (allowed + "/inner.txt").c_str()) == 0);
    // A directory whose name only starts like the allowed one is not inside it.
    REQUIRE(::mkdir((allowed + "-not").c_str(), 0700) == 0);
    WriteFile(allowed + "-not/x.txt", "no\n");

    const ReadResult r = Read({ AttachmentSource::File("dotdot.txt", Text, allowed + "/../secret.txt"),
                                AttachmentSource::File("link.txt", Text, allowed + "/link.txt"),
                                AttachmentSource::File("x.txt", Text, allowed + "-not/x.txt"),
                                AttachmentSource::File("inner.txt", Text, allowed + "/inner.txt") },
                              { allowed });
    for (int i = 0; i < 3; ++i)
    {
        INFO(i);
        CHECK(r.Outcomes[i].Result == AttachmentResult::NotAttached);
        CHECK(r.Outcomes[i].Reason == AttachmentReason::OutsideAllowed);
        CHECK(r.Outcomes[i].SourceBytes == 0);   // not even opened
    }
    // A link that stays inside is followed.
    REQUIRE(r.Files.size() == 1);
    CHECK(AsString(r.Files[0].Bytes) == "fine\n");
    for (const Attachment& a : r.Files) CHECK(AsString(a.Bytes).find("hunter2") == std::string::npos);
    // No allowed directory at all: nothing is read.
    const ReadResult none = Read({ AttachmentSource::File("ok.txt", Text, allowed + "/ok.txt") }, {});
    CHECK(none.Outcomes[0].Reason == AttachmentReason::OutsideAllowed);
}

TEST_CASE("attachments: binary in a text source is sent with U+FFFD and says so", "[attachments]")
{
    TempDir tmp;
    WriteFile(tmp.Sub("bin.log"), std::string("ok\n\xFF\xFE\x00zz\n", 9));
    WriteFile(tmp.Sub("bin.dat"), std::string("\xFF\xFE\x00zz", 5));
    const ReadResult r = Read({ AttachmentSource::File("bin.log", Text, tmp.Sub("bin.log")),
                                AttachmentSource::File("bin.dat", "application/octet-stream", tmp.Sub("bin.dat")) },
                              { tmp.Path() });
    REQUIRE(r.Files.size() == 2);
    CHECK(AsString(r.Files[0].Bytes) == std::string("ok\n\xEF\xBF\xBD\xEF\xBF\xBD\x00zz\n", 13));
    CHECK(r.Outcomes[0].Utf8Replaced);
    CHECK(IsValidUtf8(AsString(r.Files[0].Bytes)));
    CHECK(AttachmentOutcomeText(Language::Finnish, r.Outcomes[0]).find("korvattiin") != std::string::npos);
    // Not text: the bytes as they are.
    CHECK(AsString(r.Files[1].Bytes) == std::string("\xFF\xFE\x00zz", 5));
    CHECK_FALSE(r.Outcomes[1].Utf8Replaced);
    // What goes in passes the report's own rules.
    Report rep = SampleReport();
    rep.Attachments = r.Files;
    CHECK(ValidateReport(rep, Limits()).empty());
}

TEST_CASE("attachments: a callback is called on the reading thread; false is not attached", "[attachments]")
{
    std::thread::id called_on;
    const ReadResult r = Read({ AttachmentSource::Callback("fail.txt", Text,
                                                           [](std::vector<uint8_t>*, std::string* why) {
                                                               *why = "the log is locked";
                                                               return false;
                                                           }),
                                AttachmentSource::Callback("ok.json", "application/json",
                                                           [&](std::vector<uint8_t>* out, std::string*) {
                                                               called_on = std::this_thread::get_id();
                                                               *out = Bytes("{\"a\":1}");
                                                               return true;
                                                           }),
                                AttachmentSource::Callback("throws.txt", Text,
                                                           [](std::vector<uint8_t>*, std::string*) -> bool {
                                                               throw std::runtime_error("boom");
                                                           }),
                                AttachmentSource::Callback("null.txt", Text, nullptr) },
                              {});
    CHECK(r.Outcomes[0].Reason == AttachmentReason::CallbackFailed);
    CHECK(r.Outcomes[0].Detail == "the log is locked");
    CHECK(r.Outcomes[2].Reason == AttachmentReason::CallbackFailed);
    CHECK(r.Outcomes[2].Detail.find("boom") != std::string::npos);
    CHECK(r.Outcomes[3].Reason == AttachmentReason::CallbackFailed);
    REQUIRE(r.Files.size() == 1);
    CHECK(AsString(r.Files[0].Bytes) == "{\"a\":1}");
    CHECK(called_on == std::this_thread::get_id());
}

TEST_CASE("attachments: unticked, bad names, duplicates and too many are not attached", "[attachments]")
{
    int calls = 0;
    auto make = [&](const std::string& name) {
        return AttachmentSource::Callback(name, Text, [&calls](std::vector<uint8_t>* out, std::string*) {
            ++calls;
            *out = Bytes("x\n");
            return true;
        });
    };
    Limits lim;
    lim.AttachmentsMaxCount = 3;
    AttachmentSelection sel;
    sel.Include = { true, false };
    const ReadResult r = Read({ make("a.txt"), make("b.txt"), make("../c.txt"), make("a.txt"), make("d.txt"), make("e.txt"),
                                make("f.txt") },
                              {}, lim, sel);
    CHECK(r.Outcomes[0].Result == AttachmentResult::Sent);
    CHECK(r.Outcomes[1].Reason == AttachmentReason::Unticked);
    CHECK(r.Outcomes[2].Reason == AttachmentReason::InvalidSource);
    CHECK(r.Outcomes[3].Reason == AttachmentReason::InvalidSource);   // a second a.txt
    CHECK(r.Outcomes[4].Result == AttachmentResult::Sent);
    CHECK(r.Outcomes[5].Result == AttachmentResult::Sent);
    CHECK(r.Outcomes[6].Reason == AttachmentReason::InvalidSource);   // the fourth
    CHECK(r.Files.size() == 3);
    CHECK(calls == 3);   // what is not sent is not read
}

TEST_CASE("attachments: over the total, text tails are cut from the front before a binary is dropped", "[attachments]")
{
    TempDir tmp;
    Limits lim;
    lim.AttachmentMaxBytes = 1000;
    lim.AttachmentsMaxBytes = 1500;
    WriteFile(tmp.Sub("a.log"), NumberedLines(0, 40));    // 800
    WriteFile(tmp.Sub("b.log"), NumberedLines(100, 30));  // 600
    WriteFile(tmp.Sub("c.bin"), std::string(400, '\x01'));
    const std::vector<AttachmentSource> sources = { AttachmentSource::File("a.log", Text, tmp.Sub("a.log"), 1000),
                                                    AttachmentSource::File("b.log", Text, tmp.Sub("b.log"), 1000),
                                                    AttachmentSource::File("c.bin", "application/octet-stream", tmp.Sub("c.bin")) };
    // 1800 in all, 300 over: the largest text (a.log) loses its oldest 15 lines.
    ReadResult r = Read(sources, { tmp.Path() }, lim);
    REQUIRE(r.Files.size() == 3);
    CHECK(AsString(r.Files[0].Bytes) == NumberedLines(15, 25));
    CHECK(r.Outcomes[0].Result == AttachmentResult::Truncated);
    CHECK(r.Outcomes[0].Reason == AttachmentReason::TotalLimit);
    CHECK(r.Outcomes[1].Result == AttachmentResult::Sent);
    CHECK(r.Outcomes[2].Result == AttachmentResult::Sent);
    size_t total = 0;
    for (const Attachment& a : r.Files) total += a.Bytes.size();
    CHECK(total <= lim.AttachmentsMaxBytes);

    // Room for the binary only: every text goes before it does.
    lim.AttachmentsMaxBytes = 400;
    r = Read(sources, { tmp.Path() }, lim);
    REQUIRE(r.Files.size() == 1);
    CHECK(r.Files[0].Name == "c.bin");
    CHECK(r.Outcomes[0].Reason == AttachmentReason::TotalLimit);
    CHECK(r.Outcomes[1].Reason == AttachmentReason::TotalLimit);
    // Less than the binary: it is dropped too, with a reason.
    lim.AttachmentsMaxBytes = 300;
    r = Read(sources, { tmp.Path() }, lim);
    CHECK(r.Files.empty());
    CHECK(r.Outcomes[2].Result == AttachmentResult::NotAttached);
    CHECK(r.Outcomes[2].Reason == AttachmentReason::TotalLimit);

    // A binary over its own cap (no tail) is dropped, whatever the total.
    lim = Limits();
    lim.AttachmentMaxBytes = 100;
    r = Read({ sources[2] }, { tmp.Path() }, lim);
    CHECK(r.Outcomes[0].Reason == AttachmentReason::TooLarge);
    CHECK(r.Files.empty());
}

namespace
{
// An outbox file of format version 1 (before attachments), made by hand as that version wrote it.
std::string VersionOneFile(const std::string& key, const std::string& report_json, const std::string& png)
{
    std::string out = "IMCONTACT-OUTBOX/1\n";
    out += "{\"created_at\":\"2026-11-26T17:00:00Z\",\"key\":\"" + key + "\",\"png_bytes\":" + std::to_string(png.size()) +
           ",\"report_bytes\":" + std::to_string(report_json.size()) + ",\"state\":\"pending\"}\n";
    out += report_json;
    out += png;
    char trailer[17];
    const uLong crc = crc32_z(crc32_z(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(out.data()), out.size());
    std::snprintf(trailer, sizeof(trailer), "\nCRC32 %08x\n", static_cast<unsigned>(crc));
    return out + std::string(trailer, 16);
}
} // namespace

TEST_CASE("outbox file: attachments round trip in version 2; version 1 is still read", "[attachments][outbox]")
{
    Report r = SampleReport();
    r.IdempotencyKey = "0123456789abcdef0123456789abcdef";
    OutboxRecord rec;
    rec.Header.Key = r.IdempotencyKey;
    rec.Header.CreatedAt = "2026-11-26T17:00:00Z";
    rec.ReportJson = ReportToJson(r);
    rec.Png = Bytes("\x89PNG-ish");
    rec.Attachments = { Attachment{ "app.log", Text, Bytes("one\ntwo\n") },
                        Attachment{ "empty.txt", Text, {} },
                        Attachment{ "data.bin", "application/octet-stream", Bytes(std::string("\0\1\2\n", 4)) } };
    const std::string bytes = EncodeOutboxFile(rec);
    CHECK(bytes.size() == EncodedOutboxFileSize(rec));
    CHECK(bytes.rfind("IMCONTACT-OUTBOX/2\n", 0) == 0);
    OutboxRecord back;
    std::string why;
    REQUIRE(DecodeOutboxFile(bytes, &back, nullptr, &why) == OutboxDecode::Ok);
    CHECK(back.Png == rec.Png);
    REQUIRE(back.Attachments.size() == 3);
    for (size_t i = 0; i < 3; ++i)
    {
        CHECK(back.Attachments[i].Name == rec.Attachments[i].Name);
        CHECK(back.Attachments[i].MimeType == rec.Attachments[i].MimeType);
        CHECK(back.Attachments[i].Bytes == rec.Attachments[i].Bytes);
    }
    // A header whose lengths do not add up is corrupt, not misread (the CRC is recomputed
    // so that only the lengths are wrong).
    std::string lying = bytes.substr(0, bytes.size() - 16);
    const size_t at = lying.find("\"bytes\":8");
    REQUIRE(at != std::string::npos);
    lying[at + 8] = '9';
    char trailer[17];
    std::snprintf(trailer, sizeof(trailer), "\nCRC32 %08x\n",
                  static_cast<unsigned>(crc32_z(crc32_z(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(lying.data()), lying.size())));
    CHECK(DecodeOutboxFile(lying + std::string(trailer, 16), &back, nullptr, &why) == OutboxDecode::Corrupt);

    // Version 1: no attachments, the PNG as before.
    const std::string v1 = VersionOneFile(r.IdempotencyKey, rec.ReportJson, "\x89PNG-ish");
    Report parsed;
    REQUIRE(DecodeOutboxFile(v1, &back, &parsed, &why) == OutboxDecode::Ok);
    INFO(why);
    CHECK(back.Attachments.empty());
    CHECK(AsString(back.Png) == "\x89PNG-ish");
    CHECK(parsed.IdempotencyKey == r.IdempotencyKey);
}

TEST_CASE("attachments on the wire: one part each, in order, with filename and type", "[attachments][net]")
{
    TempDir tmp;
    FaultServer srv;
    REQUIRE(srv.Start());
    srv.SetHandler([](const RecordedRequest&) { return ReceiptReply(); });
    WriteFile(tmp.Sub("app.log"), NumberedLines(0, 10));
    SubmitterConfig cfg = ImContactTest::QuickConfig(srv.Url());
    cfg.AttachmentDirs = { tmp.Path() };
    cfg.Attachments = { AttachmentSource::File("app.log", Text, tmp.Sub("app.log"), 100),
                        AttachmentSource::Callback("state.bin", "application/octet-stream",
                                                   [](std::vector<uint8_t>* out, std::string*) {
                                                       *out = Bytes(std::string("\0\xFF\x10", 3));
                                                       return true;
                                                   }),
                        AttachmentSource::File("gone.log", Text, tmp.Sub("gone.log")) };
    Submitter sub(cfg);
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
    INFO(ev.Detail);
    REQUIRE(ev.Ok);
    REQUIRE(ev.Attachments.size() == 3);
    CHECK(ev.Attachments[0].Result == AttachmentResult::Truncated);
    CHECK(ev.Attachments[1].Result == AttachmentResult::Sent);
    CHECK(ev.Attachments[2].Reason == AttachmentReason::Missing);

    const std::vector<RecordedRequest> reqs = srv.Requests();
    REQUIRE(reqs.size() == 1);
    const auto parts = ParseMultipart(reqs[0].Header("content-type"), reqs[0].Body);
    REQUIRE(parts.size() == 3);
    CHECK(parts[0].Name == "report");
    CHECK(parts[1].Name == "attachment");
    CHECK(parts[1].FileName == "app.log");
    CHECK(parts[1].ContentType == Text);
    CHECK(parts[1].Data == NumberedLines(5, 5));
    CHECK(parts[2].Name == "attachment");
    CHECK(parts[2].FileName == "state.bin");
    CHECK(parts[2].ContentType == "application/octet-stream");
    CHECK(parts[2].Data == std::string("\0\xFF\x10", 3));

    // Unticked: not on the wire, and the callback is never called.
    std::atomic<int> calls{ 0 };
    cfg.Attachments = { AttachmentSource::Callback("x.txt", Text, [&](std::vector<uint8_t>* out, std::string*) {
        ++calls;
        *out = Bytes("x");
        return true;
    }) };
    Submitter sub2(cfg);
    AttachmentSelection none;
    none.Include = { false };
    REQUIRE(WaitEvent(sub2, Kind::SendFinished, sub2.SubmitReport(SampleReport(), nullptr, {}, none), &ev));
    CHECK(ev.Ok);
    CHECK(calls == 0);
    REQUIRE(ev.Attachments.size() == 1);
    CHECK(ev.Attachments[0].Reason == AttachmentReason::Unticked);
    const auto parts2 = ParseMultipart(srv.Requests().back().Header("content-type"), srv.Requests().back().Body);
    CHECK(parts2.size() == 1);
}

TEST_CASE("attachments: read once when accepted; a retry after a restart sends the same bytes", "[attachments][outbox][net]")
{
    TempDir tmp;
    FaultServer srv;
    REQUIRE(srv.Start());
    srv.Respond(503, R"({"error":{"code":"internal","message":"down"}})");
    const std::string log = tmp.Sub("app.log");
    WriteFile(log, "before restart\n");
    SubmitterConfig cfg = ImContactTest::QuickConfig(srv.Url());
    cfg.OutboxDir = tmp.Sub("outbox");
    cfg.Retry.InitialDelayMs = 60000;   // no retry in this run
    cfg.AttachmentDirs = { tmp.Path() };
    cfg.Attachments = { AttachmentSource::File("app.log", Text, log) };
    {
        Submitter sub(cfg);
        SubmitterEvent ev;
        REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
        CHECK(ev.Outcome == SendOutcome::SavedWillRetry);
        REQUIRE(ev.Attachments.size() == 1);
        CHECK(ev.Attachments[0].Result == AttachmentResult::Sent);
        sub.Shutdown(2000);
    }
    WriteFile(log, "after restart: different\n");
    srv.SetHandler([](const RecordedRequest&) { return ReceiptReply(); });
    cfg.Retry.InitialDelayMs = 10;
    Submitter again(cfg);
    SubmitterEvent delivered;
    REQUIRE(WaitEvent(again, Kind::Delivered, 0, &delivered));
    CHECK(delivered.Ok);
    const std::vector<RecordedRequest> reqs = srv.Requests();
    REQUIRE(reqs.size() >= 2);
    for (const RecordedRequest& req : reqs)
    {
        const auto parts = ParseMultipart(req.Header("content-type"), req.Body);
        REQUIRE(parts.size() == 2);
        CHECK(parts[1].FileName == "app.log");
        CHECK(parts[1].Data == "before restart\n");
    }
}

TEST_CASE("attachments: the screenshot gets what the request limit leaves after them", "[attachments][net]")
{
    FaultServer srv;
    REQUIRE(srv.Start());
    srv.SetHandler([](const RecordedRequest&) { return ReceiptReply(); });
    SubmitterConfig cfg = ImContactTest::QuickConfig(srv.Url());
    cfg.ScreenshotCodec = ScreenshotCodec::Lossless;
    cfg.Limits.RequestMaxBytes = 700u * 1024u;
    cfg.Attachments = { AttachmentSource::Callback("big.bin", "application/octet-stream", [](std::vector<uint8_t>* out, std::string*) {
        out->assign(450u * 1024u, 0x5a);
        return true;
    }) };
    Submitter sub(cfg);
    SubmitterEvent ev;
    // Noise of 400x300: about 480 KB as PNG, more than the 250 KB the attachment leaves.
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), ImContactTest::NoiseImage(400, 300, 7)), &ev, 30000));
    INFO(ev.Detail);
    REQUIRE(ev.Ok);
    CHECK(ev.Screenshot.Format != ImageFormat::None);
    CHECK(ev.Screenshot.Bytes + 450u * 1024u < cfg.Limits.RequestMaxBytes);
    const std::vector<RecordedRequest> reqs = srv.Requests();
    REQUIRE(reqs.size() == 1);
    CHECK(reqs[0].Body.size() <= cfg.Limits.RequestMaxBytes);
    const auto parts = ParseMultipart(reqs[0].Header("content-type"), reqs[0].Body);
    REQUIRE(parts.size() == 3);
    CHECK(parts[1].Name == "screenshot");
    CHECK(parts[2].Data.size() == 450u * 1024u);
}

TEST_CASE("attachments: a report that already carries a source's file (restored) keeps those bytes; unticked drops them",
          "[attachments]")
{
    TempDir tmp;
    WriteFile(tmp.Sub("app.log"), "read now\n");
    const std::vector<AttachmentSource> sources = { AttachmentSource::File("app.log", Text, tmp.Sub("app.log")) };
    ReadResult r;
    r.Files = { Attachment{ "app.log", Text, Bytes("saved then\n") } };
    ReadAttachments(sources, { tmp.Path() }, {}, Limits(), &r.Files, &r.Outcomes);
    REQUIRE(r.Files.size() == 1);
    CHECK(AsString(r.Files[0].Bytes) == "saved then\n");
    CHECK(r.Outcomes[0].Result == AttachmentResult::Sent);
    CHECK(r.Outcomes[0].SentBytes == 11);

    AttachmentSelection off;
    off.Include = { false };
    r.Files = { Attachment{ "app.log", Text, Bytes("saved then\n") } };
    ReadAttachments(sources, { tmp.Path() }, off, Limits(), &r.Files, &r.Outcomes);
    CHECK(r.Files.empty());
    CHECK(r.Outcomes[0].Reason == AttachmentReason::Unticked);
}
