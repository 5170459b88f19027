// The outbox on disk: the file format and its checksum, atomic writes, quarantine,
// leftovers of crashes, per-report locks between processes, limits and storage errors,
// and the retry policy's arithmetic. The Submitter-level cases use a loopback fault
// server (support/fault_server.h); the real-receiver cases are in test_submitter.cpp.
#include <catch2/catch.hpp>

#include "imcontact/imcontact_submitter.h"
#include "imcontact/internal/png_codec.h"
#include "outbox/outbox.h"
#include "outbox/outbox_format.h"
#include "durable_file.h"
#include "outbox/outbox_lock.h"
#include "receiver_client.h"
#include "retry_policy.h"
#include "support/submitter_wait.h"
#include "support/fault_server.h"
#include "support/png.h"
#include "support/sample_report.h"
#include "support/temp_dir.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

using namespace ImContact;
using ImContactTest::FilesIn;
using ImContactTest::QuickConfig;
using ImContactTest::WaitEvent;
using ImContactTest::ClosedPort;
using ImContactTest::FaultServer;
using ImContactTest::NoiseImage;
using ImContactTest::ReadFile;
using ImContactTest::Reply;
using ImContactTest::SampleReport;
using ImContactTest::TempDir;
using ImContactTest::WriteFile;
using Clock = std::chrono::steady_clock;
using Kind = SubmitterEvent::Kind;
namespace fs = std::filesystem;

namespace
{
constexpr uint64_t MaxFile = 64ull * 1024 * 1024;
const char* const KeyA = "3f9a2c1b00112233445566778899aabb";
const char* const KeyB = "0badcafe00112233445566778899aabb";

OutboxRecord SampleRecord(const std::string& key, std::vector<uint8_t> png = {})
{
    Report r = SampleReport();
    r.IdempotencyKey = key;
    OutboxRecord rec;
    rec.Header.Key = key;
    rec.Header.CreatedAt = "2026-11-26T17:00:00Z";
    rec.ReportJson = ReportToJson(r);
    rec.Png = std::move(png);
    return rec;
}

std::vector<uint8_t> SamplePng(int w = 40, int h = 30, unsigned seed = 1)
{
    std::vector<uint8_t> png;
    REQUIRE(EncodePng(NoiseImage(w, h, seed), &png));
    return png;
}

// Writes a report the way the submitter does (under its lock), then lets the lock go.
void Save(Outbox& box, const OutboxRecord& rec)
{
    const std::string id = OutboxFileId(rec.Header.Key);
    std::string error;
    REQUIRE(EnsureDirectory(box.Dir(), &error));
    REQUIRE(box.Lock(id, &error) == ReportLock::Result::Locked);
    INFO(error);
    REQUIRE(box.Write(id, rec, &error));
    box.Release(id);
}

SubmitterConfig OutboxConfig(const std::string& endpoint, const std::string& outbox)
{
    SubmitterConfig cfg = QuickConfig(endpoint);
    cfg.OutboxDir = outbox;
    cfg.Retry.InitialDelayMs = 50;
    cfg.Retry.MaxDelayMs = 200;
    cfg.RescanIntervalMs = 100;
    return cfg;
}

Reply ReceiptFor(const std::string& ticket)
{
    Receipt r;
    r.Ticket = ticket;
    r.StatusToken = "token-" + ticket;
    r.Confirmation = "ok";
    r.Status = "received";
    return Reply{ 201, ReceiptToJson(r) };
}

// A child process that holds flock(LOCK_EX) on a file until Stop() (or its death).
// The child only makes system calls between fork and _exit.
class ChildHoldingLock
{
public:
    bool Start(const std::string& path)
    {
        int up[2], down[2];
        if (::pipe(up) != 0) return false;
        if (::pipe(down) != 0) return false;
        pid_ = ::fork();
        if (pid_ == 0)
        {
            ::close(up[0]);
            ::close(down[1]);
            const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
            char c = (fd >= 0 && ::flock(fd, LOCK_EX) == 0) ? 'y' : 'n';
            if (::write(up[1], &c, 1) != 1) ::_exit(2);
            while (::read(down[0], &c, 1) > 0) {}   // until the parent closes its end
            ::_exit(0);
        }
        ::close(up[1]);
        ::close(down[0]);
        to_child_ = down[1];
        char c = 'n';
        const bool ok = pid_ > 0 && ::read(up[0], &c, 1) == 1 && c == 'y';
        ::close(up[0]);
        return ok;
    }
    void Stop()
    {
        if (to_child_ >= 0) ::close(to_child_);
        to_child_ = -1;
        if (pid_ > 0) ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
    ~ChildHoldingLock() { Stop(); }

private:
    pid_t pid_ = -1;
    int to_child_ = -1;
};
} // namespace

// ---------------------------------------------------------------------------------------
// Format

TEST_CASE("outbox file: round trip of header, report JSON and PNG", "[outbox]")
{
    OutboxRecord rec = SampleRecord(KeyA, SamplePng());
    rec.Header.State = QueuedState::NeedsAttention;
    rec.Header.HttpStatus = 422;
    rec.Header.Reason = ApiError{ "too_short", "message", "message is \"short\"\nreally", 10 };
    rec.Header.LastError = "HTTP 422: too short";
    rec.Header.Replaces = "older-id";
    const std::string bytes = EncodeOutboxFile(rec);
    CHECK(bytes.size() == EncodedOutboxFileSize(rec));
    CHECK(bytes.rfind("IMCONTACT-OUTBOX/2\n", 0) == 0);

    OutboxRecord back;
    Report report;
    std::string why;
    REQUIRE(DecodeOutboxFile(bytes, &back, &report, &why) == OutboxDecode::Ok);
    CHECK(back.Header.Key == KeyA);
    CHECK(back.Header.CreatedAt == "2026-11-26T17:00:00Z");
    CHECK(back.Header.State == QueuedState::NeedsAttention);
    CHECK(back.Header.HttpStatus == 422);
    CHECK(back.Header.Reason.Code == "too_short");
    CHECK(back.Header.Reason.Field == "message");
    CHECK(back.Header.Reason.Message == "message is \"short\"\nreally");
    CHECK(back.Header.Reason.Limit == 10);
    CHECK(back.Header.LastError == "HTTP 422: too short");
    CHECK(back.Header.Replaces == "older-id");
    CHECK(back.ReportJson == rec.ReportJson);
    CHECK(back.Png == rec.Png);
    CHECK(report.Fields.Message == SampleReport().Fields.Message);
    CHECK(report.IdempotencyKey == KeyA);

    // No screenshot: a zero-length PNG section.
    const OutboxRecord bare = SampleRecord(KeyB);
    REQUIRE(DecodeOutboxFile(EncodeOutboxFile(bare), &back, nullptr, &why) == OutboxDecode::Ok);
    CHECK(back.Png.empty());
    CHECK(back.Header.State == QueuedState::Pending);
}

TEST_CASE("outbox file: every flipped byte and every truncation is caught", "[outbox]")
{
    const std::string bytes = EncodeOutboxFile(SampleRecord(KeyA, SamplePng(8, 8)));
    std::string why;
    int caught = 0;
    for (size_t i = 0; i < bytes.size(); ++i)
    {
        std::string bad = bytes;
        bad[i] = static_cast<char>(bad[i] ^ 0x10);
        if (DecodeOutboxFile(bad, nullptr, nullptr, &why) == OutboxDecode::Corrupt) ++caught;
        else FAIL_CHECK("flipping byte " << i << " went unnoticed");
    }
    CHECK(caught == static_cast<int>(bytes.size()));
    for (size_t n = 0; n < bytes.size(); n += 7)
        CHECK(DecodeOutboxFile(bytes.substr(0, n), nullptr, nullptr, &why) == OutboxDecode::Corrupt);
    CHECK(DecodeOutboxFile(bytes + "x", nullptr, nullptr, &why) == OutboxDecode::Corrupt);

    // A later format version is not ours to judge.
    std::string newer = bytes;
    newer.replace(0, 19, "IMCONTACT-OUTBOX/3\n");
    CHECK(DecodeOutboxFile(newer, nullptr, nullptr, &why) == OutboxDecode::NewerVersion);
}

TEST_CASE("outbox file: ids and local references", "[outbox]")
{
    CHECK(LocalReferenceFor("3f9a2c1b00112233445566778899aabb") == "Q-3F9A2C1B");
    CHECK(OutboxFileId("3f9a2c1b00112233445566778899aabb") == "3f9a2c1b00112233445566778899aabb");
    CHECK(OutboxFileId("my-own_key-1") == "my-own_key-1");
    // Keys that are not file names get a hash; different keys, different names.
    const std::string weird = OutboxFileId("../../etc/passwd");
    CHECK(weird.size() == 33);
    CHECK(weird[0] == 'h');
    CHECK(weird.find('/') == std::string::npos);
    CHECK(weird != OutboxFileId("../../etc/passwe"));
    const std::string ref = LocalReferenceFor("my-own-key");
    CHECK(ref.size() == 10);
    CHECK(ref.rfind("Q-", 0) == 0);
    CHECK(ref.find_first_not_of("Q-0123456789ABCDEF") == std::string::npos);
}

// ---------------------------------------------------------------------------------------
// The directory

TEST_CASE("outbox: a write is atomic, owner-only, and reads back whole", "[outbox]")
{
    TempDir tmp;
    const std::string dir = tmp.Sub("data/outbox");
    Outbox box(dir, MaxFile);
    OutboxScanResult scan;
    box.Scan(&scan);   // no directory yet: nothing, and nothing created
    CHECK(box.Entries().empty());
    CHECK_FALSE(fs::exists(dir));

    const OutboxRecord rec = SampleRecord(KeyA, SamplePng());
    Save(box, rec);
    CHECK(FilesIn(dir) == std::vector<std::string>{ std::string(KeyA) + ".lock", std::string(KeyA) + ".report" });
    struct stat st{};
    REQUIRE(::stat((dir + "/" + KeyA + ".report").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(::stat(dir.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);

    Outbox other(dir, MaxFile);   // another process's view
    other.Scan(&scan);
    CHECK(scan.Changed);
    CHECK(scan.Quarantined.empty());
    REQUIRE(other.Entries().size() == 1);
    const OutboxEntry& e = other.Entries()[0];
    CHECK(e.LocalReference == "Q-3F9A2C1B");
    CHECK(e.Type == "malfunction");
    CHECK(e.Application == "Kirjanpito");
    CHECK(other.Resolve("q-3f9a2c1b") == &e);
    CHECK(other.Resolve(KeyA) == &e);
    OutboxRecord back;
    REQUIRE(other.Read(e.Id, &back, nullptr, nullptr) == Outbox::ReadResult::Ok);
    CHECK(back.Png == rec.Png);
    CHECK(back.ReportJson == rec.ReportJson);

    // Removal takes the lock file with it.
    REQUIRE(other.Lock(e.Id, nullptr) == ReportLock::Result::Locked);
    REQUIRE(other.Remove(KeyA, nullptr));
    CHECK(FilesIn(dir).empty());
}

TEST_CASE("outbox: a corrupt or torn file is quarantined and the others stay", "[outbox]")
{
    TempDir tmp;
    const std::string dir = tmp.Path();
    Outbox writer(dir, MaxFile);
    Save(writer, SampleRecord(KeyA, SamplePng()));
    Save(writer, SampleRecord(KeyB, SamplePng(20, 20, 2)));
    const std::string good_key = "77777777000000000000000000000000";
    Save(writer, SampleRecord(good_key));

    // One flipped byte in A's PNG, B cut short (a torn write without the atomic rename).
    std::string a = ReadFile(dir + "/" + KeyA + ".report");
    a[a.size() - 100] = static_cast<char>(a[a.size() - 100] ^ 1);
    WriteFile(dir + "/" + KeyA + ".report", a);
    const std::string b = ReadFile(dir + "/" + KeyB + ".report");
    WriteFile(dir + "/" + KeyB + ".report", b.substr(0, b.size() / 2));
    // And something that is not an outbox file at all.
    WriteFile(dir + "/garbage.report", "hello");

    Outbox box(dir, MaxFile);
    OutboxScanResult scan;
    box.Scan(&scan);
    REQUIRE(box.Entries().size() == 1);
    CHECK(box.Entries()[0].Header.Key == good_key);
    REQUIRE(scan.Quarantined.size() == 3);
    std::string all;
    for (const OutboxScanResult::Note& q : scan.Quarantined)
    {
        CHECK(q.Moved);
        all += q.Detail + "\n";
    }
    INFO(all);
    CHECK(all.find("checksum mismatch") != std::string::npos);
    CHECK(all.find("torn") != std::string::npos);
    CHECK(all.find("quarantine") != std::string::npos);
    const std::vector<std::string> quarantined = FilesIn(dir + "/quarantine");
    CHECK(quarantined == std::vector<std::string>{ std::string(KeyB) + ".report", std::string(KeyA) + ".report", "garbage.report" });
    CHECK(ReadFile(dir + "/quarantine/" + KeyA + ".report") == a);   // kept as found
    // Their lock files went with them; the good report is untouched.
    CHECK(FilesIn(dir) == std::vector<std::string>{ good_key + ".lock", good_key + ".report", "quarantine" });

    // Reported once: the next scan finds nothing new.
    box.Scan(&scan);
    CHECK(scan.Quarantined.empty());
    CHECK_FALSE(scan.Changed);
}

TEST_CASE("outbox: leftovers of a crash are cleaned, a live writer's file is not", "[outbox]")
{
    TempDir tmp;
    const std::string dir = tmp.Path();
    Outbox writer(dir, MaxFile);
    Save(writer, SampleRecord(KeyA));
    // A crashed writer of a new report (no lock held by anyone), a crashed rewrite of A,
    // and a lock file whose report is gone.
    WriteFile(dir + "/" + std::string(KeyB) + ".report.tmp-12345-0000abcd", "half a rep");
    WriteFile(dir + "/" + std::string(KeyA) + ".report.tmp-12345-0000abce", "half a rewrite");
    WriteFile(dir + "/99999999999999999999999999999999.lock", "");
    // A write in progress in another process: it holds the report's lock.
    const std::string live = "5555555555555555555555555555aaaa";
    WriteFile(dir + "/" + live + ".report.tmp-777-00000001", "being written");
    ChildHoldingLock child;
    REQUIRE(child.Start(dir + "/" + live + ".lock"));

    Outbox box(dir, MaxFile);
    OutboxScanResult scan;
    box.Scan(&scan);
    CHECK(scan.Quarantined.empty());
    REQUIRE(box.Entries().size() == 1);
    CHECK(FilesIn(dir) == std::vector<std::string>{ std::string(KeyA) + ".lock", std::string(KeyA) + ".report",
                                                   live + ".lock", live + ".report.tmp-777-00000001" });
    // Once that writer is gone, its leftover goes too.
    child.Stop();
    box.Scan(&scan);
    CHECK(FilesIn(dir) == std::vector<std::string>{ std::string(KeyA) + ".lock", std::string(KeyA) + ".report" });
}

TEST_CASE("outbox: a report another process holds is not ours to take", "[outbox]")
{
    TempDir tmp;
    const std::string dir = tmp.Path();
    Outbox writer(dir, MaxFile);
    Save(writer, SampleRecord(KeyA));
    ChildHoldingLock child;
    REQUIRE(child.Start(dir + "/" + KeyA + ".lock"));

    Outbox box(dir, MaxFile);
    OutboxScanResult scan;
    box.Scan(&scan);
    REQUIRE(box.Entries().size() == 1);   // listed...
    CHECK(box.Lock(KeyA, nullptr) == ReportLock::Result::Busy);   // ...but not lockable
    // A corrupt file under someone else's lock is left to them.
    WriteFile(dir + "/" + std::string(KeyA) + ".report", "torn");
    box.Scan(&scan);
    CHECK(scan.Quarantined.empty());
    CHECK(fs::exists(dir + "/" + KeyA + ".report"));

    // The OS releases the lock when the holder dies.
    child.Stop();
    CHECK(box.Lock(KeyA, nullptr) == ReportLock::Result::Locked);
    // Two Outbox objects in one process exclude each other too.
    Outbox third(dir, MaxFile);
    CHECK(third.Lock(KeyA, nullptr) == ReportLock::Result::Busy);
    box.Release(KeyA);
    CHECK(third.Lock(KeyA, nullptr) == ReportLock::Result::Locked);
}

TEST_CASE("outbox: a lock file unlinked by its holder is not a lock", "[outbox]")
{
    TempDir tmp;
    const std::string path = tmp.Sub("x.lock");
    ReportLock first;
    REQUIRE(first.TryLock(path, true, nullptr) == ReportLock::Result::Locked);
    // A second party opened the same file before the holder removed it...
    const int stale = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    REQUIRE(stale >= 0);
    first.UnlinkAndRelease();
    // ...and gets the flock on the unlinked inode, which nobody else sees. TryLock checks
    // the inode after locking, so it locks the file that is at the path now.
    REQUIRE(::flock(stale, LOCK_EX | LOCK_NB) == 0);
    ReportLock second;
    REQUIRE(second.TryLock(path, true, nullptr) == ReportLock::Result::Locked);
    ReportLock third;
    CHECK(third.TryLock(path, true, nullptr) == ReportLock::Result::Busy);
    ::close(stale);
    ReportLock missing;
    CHECK(missing.TryLock(tmp.Sub("none.lock"), false, nullptr) == ReportLock::Result::Missing);
}

TEST_CASE("outbox: a replacement takes the report it replaces with it, even after a crash", "[outbox]")
{
    TempDir tmp;
    Outbox writer(tmp.Path(), MaxFile);
    Save(writer, SampleRecord(KeyA));
    OutboxRecord repl = SampleRecord(KeyB);
    repl.Header.Replaces = KeyA;
    Save(writer, repl);   // the "crash": A was never removed
    Outbox box(tmp.Path(), MaxFile);
    OutboxScanResult scan;
    box.Scan(&scan);
    REQUIRE(box.Entries().size() == 1);
    CHECK(box.Entries()[0].Header.Key == KeyB);
    CHECK_FALSE(fs::exists(tmp.Sub(std::string(KeyA) + ".report")));
}

TEST_CASE("outbox: a newer format version is left alone", "[outbox]")
{
    TempDir tmp;
    std::string bytes = EncodeOutboxFile(SampleRecord(KeyA));
    bytes.replace(0, 19, "IMCONTACT-OUTBOX/9\n");
    WriteFile(tmp.Sub(std::string(KeyA) + ".report"), bytes);
    Outbox box(tmp.Path(), MaxFile);
    OutboxScanResult scan;
    box.Scan(&scan);
    CHECK(box.Entries().empty());
    CHECK(scan.Quarantined.empty());
    CHECK(ReadFile(tmp.Sub(std::string(KeyA) + ".report")) == bytes);
}

TEST_CASE("outbox: write errors leave nothing behind", "[outbox]")
{
    TempDir tmp;
    SECTION("a file where the directory should be")
    {
        WriteFile(tmp.Sub("outbox"), "x");
        Outbox box(tmp.Sub("outbox"), MaxFile);
        std::string error;
        CHECK(box.Lock(KeyA, &error) == ReportLock::Result::Error);
        CHECK_FALSE(EnsureDirectory(tmp.Sub("outbox"), &error));
        CHECK(error.find("not a directory") != std::string::npos);
    }
    SECTION("the file size limit (EFBIG)")
    {
        // In a child: RLIMIT_FSIZE applies to the whole process.
        const pid_t pid = ::fork();
        if (pid == 0)
        {
            ::signal(SIGXFSZ, SIG_IGN);
            rlimit lim{ 1000, 1000 };
            ::setrlimit(RLIMIT_FSIZE, &lim);
            std::string error;
            int err_no = 0;
            const bool ok = WriteFileAtomically(tmp.Path(), "big.report", std::string(5000, 'x'), &error, &err_no);
            ::_exit(ok ? 1 : (err_no == EFBIG ? 0 : 2));
        }
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
        CHECK(FilesIn(tmp.Path()).empty());   // the temporary file was removed
    }
}

// ---------------------------------------------------------------------------------------
// Through the Submitter

TEST_CASE("submitter: a full outbox refuses the new report and keeps the old ones", "[outbox][net]")
{
    TempDir tmp;
    ClosedPort closed;
    SubmitterConfig cfg = OutboxConfig(closed.Url(), tmp.Sub("outbox"));
    cfg.OutboxMaxReports = 2;
    cfg.Retry.InitialDelayMs = 60000;   // no retries during the test
    cfg.Retry.MaxDelayMs = 60000;
    Submitter sub(cfg);
    SubmitterEvent ev;
    for (int i = 0; i < 2; ++i)
    {
        REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
        CHECK(ev.Why == Failure::Unreachable);
        CHECK(ev.Queued);
    }
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), RgbaImage()), &ev));
    CHECK(ev.Why == Failure::OutboxFull);
    CHECK_FALSE(ev.Queued);
    CHECK(ev.Outcome == SendOutcome::RefusedOutboxFull);
    CHECK(ev.LocalReference.empty());
    CHECK(ev.Detail.find("limit 2") != std::string::npos);
    size_t reports = 0;
    for (const std::string& f : FilesIn(tmp.Sub("outbox"))) reports += f.size() > 7 && f.compare(f.size() - 7, 7, ".report") == 0;
    CHECK(reports == 2);

    // The byte limit likewise.
    SubmitterConfig small = OutboxConfig(closed.Url(), tmp.Sub("small"));
    small.OutboxMaxBytes = 20000;
    small.ScreenshotCodec = ScreenshotCodec::Lossless;   // the noise stays a 40 KB PNG (lossy would fit)
    Submitter sub2(small);
    REQUIRE(WaitEvent(sub2, Kind::SendFinished, sub2.SubmitReport(SampleReport(), NoiseImage(100, 100, 1)), &ev));
    CHECK(ev.Why == Failure::OutboxFull);
    CHECK(ev.Detail.find("20000") != std::string::npos);
    CHECK(ev.Screenshot.Format == ImageFormat::Png);   // how it was encoded reaches the outbox's SendFinished
    CHECK(ev.Screenshot.Width == 100);
    CHECK(ev.Screenshot.Bytes > 20000u);
    CHECK(FilesIn(tmp.Sub("small")).empty());
}

TEST_CASE("submitter: an outbox that cannot be written is a Storage error and nothing is sent", "[outbox][net]")
{
    TempDir tmp;
    FaultServer srv;
    REQUIRE(srv.Start());
    srv.Respond(201, ReceiptFor("1111-2222").Body);
    WriteFile(tmp.Sub("file"), "x");
    Submitter sub(OutboxConfig(srv.Url(), tmp.Sub("file") + "/outbox"));
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::SendFinished, sub.SubmitReport(SampleReport(), NoiseImage(8, 8, 1)), &ev));
    CHECK(ev.Why == Failure::Storage);
    CHECK_FALSE(ev.Queued);
    CHECK(ev.Outcome == SendOutcome::StorageFailed);
    CHECK(ev.LocalReference.empty());
    CHECK(ev.Screenshot.Width == 8);
    CHECK(ev.Screenshot.Format != ImageFormat::None);
    CHECK(ev.Detail.find("not sent") != std::string::npos);
    CHECK(sub.Flush(2000));
    CHECK(srv.Connections() == 0);

    Submitter sub2(OutboxConfig(srv.Url(), tmp.Sub("file")));   // the outbox path is a file itself
    REQUIRE(WaitEvent(sub2, Kind::SendFinished, sub2.SubmitReport(SampleReport(), RgbaImage()), &ev));
    CHECK(ev.Why == Failure::Storage);
    CHECK(srv.Connections() == 0);
}

TEST_CASE("submitter: a corrupt file is quarantined and the rest are delivered", "[outbox][net]")
{
    TempDir tmp;
    const std::string dir = tmp.Sub("outbox");
    {
        Outbox writer(dir, MaxFile);
        Save(writer, SampleRecord(KeyA));
        Save(writer, SampleRecord(KeyB));
    }
    std::string a = ReadFile(dir + "/" + KeyA + ".report");
    a[40] = static_cast<char>(a[40] ^ 4);
    WriteFile(dir + "/" + KeyA + ".report", a);

    FaultServer srv;
    REQUIRE(srv.Start());
    srv.Respond(201, ReceiptFor("3333-4444").Body);
    Submitter sub(OutboxConfig(srv.Url(), dir));
    SubmitterEvent q, delivered;
    std::vector<SubmitterEvent> others;
    REQUIRE(WaitEvent(sub, Kind::Quarantined, 0, &q));
    CHECK(q.Ok);
    CHECK(q.Detail.find(KeyA) != std::string::npos);
    CHECK(q.Detail.find("checksum") != std::string::npos);
    REQUIRE(WaitEvent(sub, Kind::Delivered, 0, &delivered, 10000, &others));
    CHECK(delivered.Ok);
    CHECK(delivered.Receipt.Ticket == "3333-4444");
    CHECK(delivered.LocalReference == LocalReferenceFor(KeyB));
    CHECK(srv.RequestCount() == 1);
    CHECK(fs::exists(dir + "/quarantine/" + KeyA + ".report"));
    CHECK_FALSE(fs::exists(dir + "/" + KeyB + ".report"));
}

TEST_CASE("submitter: a report another live process holds is not sent until it lets go", "[outbox][net]")
{
    TempDir tmp;
    const std::string dir = tmp.Sub("outbox");
    {
        Outbox writer(dir, MaxFile);
        Save(writer, SampleRecord(KeyA));
    }
    ChildHoldingLock child;
    REQUIRE(child.Start(dir + "/" + KeyA + ".lock"));
    FaultServer srv;
    REQUIRE(srv.Start());
    srv.Respond(201, ReceiptFor("5555-6666").Body);
    Submitter sub(OutboxConfig(srv.Url(), dir));   // rescans every 100 ms

    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::OutboxChanged, 0, &ev));
    REQUIRE(ev.Outbox.size() == 1);   // listed, not sent
    CHECK(ev.Outbox[0].LocalReference == "Q-3F9A2C1B");
    // DeliverPendingNow skips it too.
    const uint64_t now_job = sub.DeliverPendingNow();
    REQUIRE(WaitEvent(sub, Kind::OutboxChanged, now_job, &ev));
    CHECK(ev.Outbox.size() == 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    CHECK(srv.RequestCount() == 0);

    child.Stop();   // the holder dies: the kernel releases its lock
    REQUIRE(WaitEvent(sub, Kind::Delivered, 0, &ev, 5000));
    CHECK(ev.Receipt.Ticket == "5555-6666");
    CHECK(srv.RequestCount() == 1);
}

TEST_CASE("submitter: the outbox is looked at on the worker, never by the constructor", "[outbox]")
{
    TempDir tmp;
    SubmitterConfig cfg = OutboxConfig("http://127.0.0.1:1", "");
    cfg.DataDir = tmp.Sub("data");   // the outbox is DataDir/outbox
    Submitter sub(cfg);
    CHECK_FALSE(fs::exists(tmp.Sub("data")));
    SubmitterEvent ev;
    REQUIRE(WaitEvent(sub, Kind::OutboxChanged, 0, &ev));   // once after start-up
    CHECK(ev.Ok);
    CHECK(ev.Outbox.empty());
    CHECK_FALSE(fs::exists(tmp.Sub("data")));   // nothing written just to look
}

// ---------------------------------------------------------------------------------------
// Retry policy

TEST_CASE("retry policy: exponential backoff with jitter, bounded", "[outbox][retry]")
{
    RetryPolicy p;
    p.InitialDelayMs = 100;
    p.MaxDelayMs = 1000;
    p.Multiplier = 2.0;
    p.Jitter = 0.0;
    CHECK(BackoffDelayMs(p, 1, 0.5) == 100);
    CHECK(BackoffDelayMs(p, 2, 0.5) == 200);
    CHECK(BackoffDelayMs(p, 4, 0.5) == 800);
    CHECK(BackoffDelayMs(p, 5, 0.5) == 1000);
    CHECK(BackoffDelayMs(p, 100000, 0.5) == 1000);
    p.Jitter = 0.3;
    CHECK(BackoffDelayMs(p, 2, 0.0) == 140);
    CHECK(BackoffDelayMs(p, 2, 0.999999) == 259);
    CHECK(BackoffDelayMs(p, 10, 0.999999) == 1000);   // jitter never passes the cap
    // Retry-After wins when longer, and is capped.
    p.MaxRetryAfterMs = 5000;
    CHECK(NextAttemptDelayMs(p, 1, 0.5, 2000) == 2000);
    CHECK(NextAttemptDelayMs(p, 1, 0.5, 3600000) == 5000);
    CHECK(NextAttemptDelayMs(p, 1, 0.5, -1) == 100);

    CHECK(IsRetryableFailure(Failure::Unreachable, 0));
    CHECK(IsRetryableFailure(Failure::Timeout, 0));
    CHECK(IsRetryableFailure(Failure::ServerError, 503));
    CHECK(IsRetryableFailure(Failure::Rejected, 429));
    CHECK_FALSE(IsRetryableFailure(Failure::Rejected, 422));
    CHECK_FALSE(IsRetryableFailure(Failure::Rejected, 409));
    CHECK_FALSE(IsRetryableFailure(Failure::Invalid, 0));
}

TEST_CASE("receiver client: one verdict per transfer, decided in one place", "[outbox][retry]")
{
    const std::time_t now = 784111777;
    auto response = [](long status, std::string body, std::string retry_after = std::string()) {
        HttpResult r;
        r.What = HttpResult::Outcome::Response;
        r.Status = status;
        r.Body = std::move(body);
        if (!retry_after.empty()) r.Headers.emplace_back("retry-after", retry_after);
        return r;
    };
    auto outcome = [](HttpResult::Outcome what, std::string detail) {
        HttpResult r;
        r.What = what;
        r.Detail = std::move(detail);
        return r;
    };

    ReceiverAnswer a = ClassifyTransfer(response(201, ReceiptFor("1111-2222").Body), false, now);
    CHECK(a.Verdict == AttemptVerdict::Delivered);
    CHECK(a.Ok());
    CHECK(a.Receipt.Ticket == "1111-2222");

    a = ClassifyTransfer(response(503, "{}"), false, now);
    CHECK(a.Verdict == AttemptVerdict::Retry);
    CHECK(a.Why == Failure::ServerError);
    CHECK(a.RetryAfterMs == -1);

    a = ClassifyTransfer(response(429, R"({"error":{"code":"rate_limited","message":"slow down"}})", "3"), false, now);
    CHECK(a.Verdict == AttemptVerdict::Retry);
    CHECK(a.Why == Failure::Rejected);
    CHECK(a.HttpStatus == 429);
    CHECK(a.RetryAfterMs == 3000);
    CHECK(a.Error.Message == "slow down");

    for (long status : { 400L, 409L, 413L, 422L })
    {
        INFO(status);
        a = ClassifyTransfer(response(status, R"({"error":{"code":"too_short","message":"m"}})"), false, now);
        CHECK(a.Verdict == AttemptVerdict::Refused);
        CHECK(a.Why == Failure::Rejected);
    }

    // A 2xx that is not a receipt (a captive portal): tried again.
    a = ClassifyTransfer(response(200, "<html>login</html>"), false, now);
    CHECK(a.Verdict == AttemptVerdict::Retry);
    CHECK(a.Why == Failure::BadResponse);

    // libcurl refusing to run the transfer is not the report's fault: never Invalid.
    a = ClassifyTransfer(outcome(HttpResult::Outcome::Refused, "libcurl could not be initialised"), false, now);
    CHECK(a.Verdict == AttemptVerdict::Retry);
    CHECK(a.Why == Failure::Unreachable);
    CHECK(a.Detail.find("libcurl could not be initialised") != std::string::npos);

    a = ClassifyTransfer(outcome(HttpResult::Outcome::Timeout, "timed out"), false, now);
    CHECK(a.Verdict == AttemptVerdict::Retry);
    CHECK(a.Why == Failure::Timeout);
    a = ClassifyTransfer(outcome(HttpResult::Outcome::Cancelled, ""), false, now);
    CHECK(a.Verdict == AttemptVerdict::Cancelled);
    CHECK(a.Why == Failure::Cancelled);

    // A status look-up: 404 is NotFound, a body that is not a status is BadResponse.
    a = ClassifyTransfer(response(404, "{}"), true, now);
    CHECK(a.Why == Failure::NotFound);
    CHECK(a.Verdict == AttemptVerdict::Refused);
    a = ClassifyTransfer(response(200, "<html>login</html>"), true, now);
    CHECK(a.Why == Failure::BadResponse);
    CHECK(a.Detail.find("not a ticket status") != std::string::npos);

    // FillEvent copies the answer into an event.
    SubmitterEvent ev;
    ClassifyTransfer(response(422, R"({"error":{"code":"too_short","message":"m","field":"message"}})"), false, now).FillEvent(&ev);
    CHECK_FALSE(ev.Ok);
    CHECK(ev.Why == Failure::Rejected);
    CHECK(ev.HttpStatus == 422);
    CHECK(ev.Error.Field == "message");
}

TEST_CASE("retry policy: Retry-After as seconds and as any HTTP-date", "[outbox][retry]")
{
    const std::time_t now = 784111777;   // Sun, 06 Nov 1994 08:49:37 GMT
    int64_t ms = -1;
    REQUIRE(ParseRetryAfter("2", now, &ms));
    CHECK(ms == 2000);
    REQUIRE(ParseRetryAfter(" 120 ", now, &ms));
    CHECK(ms == 120000);
    REQUIRE(ParseRetryAfter("Sun, 06 Nov 1994 08:50:07 GMT", now, &ms));
    CHECK(ms == 30000);
    REQUIRE(ParseRetryAfter("Sunday, 06-Nov-94 08:50:37 GMT", now, &ms));
    CHECK(ms == 60000);
    REQUIRE(ParseRetryAfter("Sun Nov  6 08:51:37 1994", now, &ms));
    CHECK(ms == 120000);
    REQUIRE(ParseRetryAfter("Sat, 05 Nov 1994 08:49:37 GMT", now, &ms));
    CHECK(ms == 0);   // in the past
    CHECK_FALSE(ParseRetryAfter("", now, &ms));
    CHECK_FALSE(ParseRetryAfter("soon", now, &ms));
    CHECK_FALSE(ParseRetryAfter("-5", now, &ms));
    CHECK_FALSE(ParseRetryAfter("Sun, 06 Foo 1994 08:49:37 GMT", now, &ms));
    CHECK_FALSE(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 CET", now, &ms));
}
