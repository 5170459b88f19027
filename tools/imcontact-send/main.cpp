// imcontact-send: one contact report from the command line, through the same Submitter
// and durable outbox as the panel; or delivery of what an outbox holds (--flush).
// Usage and exit codes: options.cpp (UsageText) and README.md, "imcontact-send".
#include "options.h"
#include "output.h"
#include "screenshot.h"

#include "imcontact/imcontact_submitter.h"
#include "imcontact/internal/clock.h"
#include "imcontact/internal/random.h"
#include "imcontact/internal/system_info.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <system_error>
#include <thread>

namespace ImContactSend
{
namespace
{
using Clock = std::chrono::steady_clock;
using ImContact::Failure;
using ImContact::QueuedReport;
using ImContact::QueuedState;
using ImContact::SendOutcome;
using ImContact::SubmitterEvent;
using Kind = ImContact::SubmitterEvent::Kind;

constexpr int kShutdownMs = 2000;

long Ms(double seconds) { return static_cast<long>(seconds * 1000.0 + 0.5); }

ImContact::SubmitterConfig MakeConfig(const Options& o)
{
    ImContact::SubmitterConfig cfg;
    cfg.Endpoint = o.Endpoint;
    cfg.DataDir = o.DataDir;
    cfg.OutboxDir = o.OutboxDir;
    const long timeout_ms = std::max(1L, Ms(o.TimeoutSec));
    cfg.ConnectTimeoutMs = std::min(5000L, timeout_ms);
    cfg.TotalTimeoutMs = std::min(30000L, timeout_ms);
    cfg.UserAgent = std::string("imcontact-send/") + IMCONTACT_SEND_VERSION;
    if (o.MaxQueued) cfg.OutboxMaxReports = o.MaxQueued;
    // A command-line run is short: retry soon, and never wait longer than the run.
    cfg.Retry.InitialDelayMs = 500;
    cfg.Retry.MaxDelayMs = 4000;
    cfg.Retry.MaxRetryAfterMs = static_cast<int>(std::min(timeout_ms, 10L * 60 * 1000));
    // This process sends its own report (send) or what --flush asks for, nothing else.
    cfg.DeliverPendingAtStart = false;
    cfg.RescanIntervalMs = 24 * 60 * 60 * 1000;
    // --attach: the files the user named, read by the library like a host's sources. The
    // user chose each path, so the directory it resolves to is allowed (a symlink in it
    // that leads out is still refused); text is cut to its newest lines to fit.
    for (const Options::Attach& a : o.Attachments)
    {
        std::error_code ec;
        const std::filesystem::path resolved = std::filesystem::weakly_canonical(a.Path, ec);
        const std::filesystem::path name = std::filesystem::path(a.Path).filename();
        cfg.AttachmentDirs.push_back((ec ? std::filesystem::absolute(a.Path, ec) : resolved).parent_path().string());
        cfg.Attachments.push_back(ImContact::AttachmentSource::File(
            name.string(), a.MimeType, a.Path, ImContact::AttachmentIsText(a.MimeType) ? cfg.Limits.AttachmentMaxBytes : 0));
    }
    return cfg;
}

std::string Reason(const SubmitterEvent& ev)
{
    std::string r;
    switch (ev.Why)
    {
    case Failure::None:        r = "ok"; break;
    case Failure::Invalid:     r = "invalid report"; break;
    case Failure::Unreachable: r = "receiver unreachable"; break;
    case Failure::Timeout:     r = "timed out"; break;
    case Failure::Rejected:    r = "rejected by the receiver"; break;
    case Failure::ServerError: r = "receiver error"; break;
    case Failure::BadResponse: r = "bad response"; break;
    case Failure::Cancelled:   r = "cancelled"; break;
    case Failure::NotFound:    r = "not found"; break;
    case Failure::Storage:     r = "the report could not be saved in the outbox; nothing was sent"; break;
    case Failure::OutboxFull:  r = "the outbox is full; nothing was sent and nothing was dropped"; break;
    }
    if (ev.HttpStatus) r += " (HTTP " + std::to_string(ev.HttpStatus) + ")";
    if (!ev.Error.Message.empty()) r += ": " + ev.Error.Message;
    else if (!ev.Detail.empty()) r += ": " + ev.Detail;
    return r;
}

int RunSend(const Options& o, Printer& out)
{
    ImContact::Report report;
    report.Fields = o.Fields;
    report.Language = o.Language;
    report.IdempotencyKey = o.IdempotencyKey.empty() ? ImContact::NewIdempotencyKey() : o.IdempotencyKey;
    report.Technical.AppName = "imcontact-send";
    report.Technical.AppVersion = IMCONTACT_SEND_VERSION;
    report.Technical.Os = ImContact::OsDescription();
    report.Technical.Locale = o.Language;
    report.Technical.TimeUtc = ImContact::NowUtcIso8601();
    const std::string key = report.IdempotencyKey;

    ImContact::SubmitterConfig cfg = MakeConfig(o);
    ImContact::RgbaImage image;
    if (!o.ScreenshotPath.empty())
    {
        std::string error, note;
        if (!LoadScreenshot(o.ScreenshotPath, cfg.Limits, &report, &image, &error, &note))
        {
            out.Refused("screenshot: " + error, {}, 0, {}, "");
            return ExitRefused;
        }
        if (!note.empty()) out.Warning("screenshot: " + note);
    }

    const auto deadline = Clock::now() + std::chrono::milliseconds(Ms(o.TimeoutSec));
    ImContact::Submitter sub(cfg);
    const uint64_t job = sub.SubmitReport(std::move(report), std::move(image));

    bool accepted = false;
    std::string local_ref, last_reason;
    int result = -1;   // an exit code once decided
    auto accept = [&](const std::string& ref) {
        if (!ref.empty() && local_ref.empty()) local_ref = ref;
        if (accepted) return;
        accepted = true;
        out.Accepted(local_ref, key);
    };
    auto handle = [&](const SubmitterEvent& ev) {
        switch (ev.What)
        {
        case Kind::OutboxChanged:
            for (const QueuedReport& q : ev.Outbox)
                if (q.IdempotencyKey == key) accept(q.LocalReference);
            break;
        case Kind::SendFinished:
            if (ev.Job != job) break;
            for (const ImContact::AttachmentOutcome& a : ev.Attachments) out.Attachment(a);
            if (!ev.LocalReference.empty() && local_ref.empty()) local_ref = ev.LocalReference;
            switch (ev.Outcome)   // the submitter's one classification of the send
            {
            case SendOutcome::Delivered:
                accept(ev.LocalReference);
                out.Delivered(ev.Receipt, local_ref, key, false);
                result = ExitDelivered;
                break;
            case SendOutcome::SavedWillRetry:
                // In the outbox: the worker tries again (wait for it), or the deadline's
                // Shutdown() kept it for --flush.
                accept(ev.LocalReference);
                last_reason = Reason(ev);
                break;
            case SendOutcome::NeedsAttention:
            {
                std::string reason = Reason(ev);
                if (!local_ref.empty()) reason += "; kept in the outbox as needing attention: " + local_ref;
                out.Refused(reason, ev.FieldErrors, ev.HttpStatus, ev.Error, local_ref);
                result = ExitRefused;
                break;
            }
            case SendOutcome::RefusedInvalid:
            case SendOutcome::RefusedOutboxFull:
            case SendOutcome::StorageFailed:
                out.Refused(Reason(ev), ev.FieldErrors, ev.HttpStatus, ev.Error, "");
                result = ExitRefused;
                break;
            case SendOutcome::NotSent:
            case SendOutcome::Cancelled:
            case SendOutcome::None:
                out.Failed("not sent: " + Reason(ev));
                result = ExitOther;
                break;
            }
            break;
        case Kind::Delivered:
            if ((!local_ref.empty() && ev.LocalReference == local_ref) || (local_ref.empty() && accepted))
            {
                out.Delivered(ev.Receipt, local_ref.empty() ? ev.LocalReference : local_ref, key, false);
                result = ExitDelivered;
            }
            break;
        case Kind::Quarantined:
            out.Warning("a damaged outbox file was moved to the quarantine: " + ev.Detail);
            break;
        default:
            break;
        }
    };

    SubmitterEvent ev;
    while (result < 0 && Clock::now() < deadline)
    {
        while (result < 0 && sub.PollEvent(&ev)) handle(ev);
        if (result < 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (result >= 0)
    {
        sub.Shutdown(kShutdownMs);
        return result;
    }
    // Out of time: stop the worker (the transfer is cancelled; the report stays in the
    // outbox), then read what it said meanwhile: a late delivery still counts.
    const bool stopped = sub.Shutdown(kShutdownMs);
    while (result < 0 && sub.PollEvent(&ev)) handle(ev);
    if (result >= 0) return result;
    if (accepted)
    {
        out.Queued(local_ref, last_reason.empty() ? std::string("timed out") : last_reason);
        return ExitQueued;
    }
    out.Failed(std::string("the report was not confirmed saved before the timeout") +
               (stopped ? "" : " (the worker did not stop in time)"));
    return ExitOther;
}

// What --flush DIR names: an outbox (it holds report, lock or temporary files, a
// quarantine/ folder, or nothing), or a data directory (it holds outbox/ or tickets.json:
// its outbox is DIR/outbox). False with a sentence for anything else, so that a wrong
// directory is not answered with "0 delivered, 0 still pending".
bool ResolveFlushDir(const std::string& dir, std::string* outbox, bool* is_data_dir, std::string* error)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    *is_data_dir = false;
    const fs::file_status st = fs::status(dir, ec);
    if (ec || !fs::exists(st))
    {
        *error = "--flush " + dir + ": no such directory";
        return false;
    }
    if (!fs::is_directory(st))
    {
        *error = "--flush " + dir + ": not a directory";
        return false;
    }
    bool outbox_files = false, empty = true, has_outbox = false, has_tickets = false;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    {
        empty = false;
        const std::string name = it->path().filename().string();
        const auto ends_with = [&](const char* suffix) {
            const std::string s(suffix);
            return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
        };
        if (ends_with(".report") || ends_with(".lock") || name.find(".report.tmp-") != std::string::npos ||
            name == "quarantine")
            outbox_files = true;
        else if (name == "outbox" && it->is_directory(ec))
            has_outbox = true;
        else if (name == "tickets.json")
            has_tickets = true;
    }
    if (ec)
    {
        *error = "--flush " + dir + ": cannot be read: " + ec.message();
        return false;
    }
    if (outbox_files || empty)
    {
        *outbox = dir;
        return true;
    }
    if (has_outbox || has_tickets)
    {
        *outbox = (fs::path(dir) / "outbox").string();
        *is_data_dir = true;
        return true;
    }
    *error = "--flush " + dir + " is neither an outbox (no .report files) nor a data directory (no outbox/ in it)";
    return false;
}

int RunFlush(Options o, Printer& out)
{
    std::string error;
    bool is_data_dir = false;
    if (!ResolveFlushDir(o.OutboxDir, &o.OutboxDir, &is_data_dir, &error))
    {
        std::fprintf(stderr, "imcontact-send: %s\n(imcontact-send --help for the options)\n", error.c_str());
        return ExitUsage;
    }
    // A data directory given to --flush is also where "My requests" learns the tickets.
    if (is_data_dir && o.DataDir.empty()) o.DataDir = std::filesystem::path(o.OutboxDir).parent_path().string();
    const ImContact::SubmitterConfig cfg = MakeConfig(o);
    const auto deadline = Clock::now() + std::chrono::milliseconds(Ms(o.TimeoutSec));
    ImContact::Submitter sub(cfg);
    const uint64_t job = sub.DeliverPendingNow();
    (void)job;

    int delivered = 0, quarantined = 0, pending = 0, attention = 0;
    bool seen_list = false, failed_fatally = false;
    auto handle = [&](const SubmitterEvent& e) {
        switch (e.What)
        {
        case Kind::Delivered:
            ++delivered;
            out.Delivered(e.Receipt, e.LocalReference, std::string(), true);
            break;
        case Kind::OutboxChanged:
            seen_list = true;
            pending = attention = 0;
            for (const QueuedReport& q : e.Outbox)
                (q.Status == QueuedState::NeedsAttention ? attention : pending)++;
            break;
        case Kind::Quarantined:
            ++quarantined;
            out.Warning("a damaged outbox file was moved to the quarantine: " + e.Detail);
            break;
        case Kind::SendFinished:
            if (e.Outcome == SendOutcome::RefusedInvalid || e.Outcome == SendOutcome::StorageFailed)
            {
                failed_fatally = true;
                out.Warning(Reason(e));
            }
            break;
        default:
            break;
        }
    };

    SubmitterEvent ev;
    bool job_done = false;
    Clock::time_point done_at{};
    while (Clock::now() < deadline)
    {
        while (sub.PollEvent(&ev)) handle(ev);
        if (!job_done && sub.Flush(10))
        {
            job_done = true;
            done_at = Clock::now();
            continue;   // read what the job said before deciding
        }
        if (job_done)
        {
            if (seen_list && pending == 0) break;
            if (failed_fatally) break;
            // Without a list of what is left, give the worker a moment, then go by what it said.
            if (!seen_list && Clock::now() - done_at > std::chrono::milliseconds(500)) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    sub.Shutdown(kShutdownMs);
    while (sub.PollEvent(&ev)) handle(ev);
    if (!seen_list) out.Warning("the submitter never listed the outbox (no OutboxChanged event)");
    out.FlushSummary(delivered, pending, attention, quarantined);
    if (failed_fatally) return ExitOther;
    if (pending > 0) return ExitQueued;
    if (attention > 0) return ExitRefused;
    return ExitDelivered;
}
} // namespace
} // namespace ImContactSend

int main(int argc, char** argv)
{
    using namespace ImContactSend;
    Options o;
    std::string error;
    if (!ParseOptions(argc, argv, &o, &error))
    {
        std::fprintf(stderr, "imcontact-send: %s\n(imcontact-send --help for the options)\n", error.c_str());
        return ExitUsage;
    }
    if (o.What == Options::Command::Help)
    {
        std::fputs(UsageText().c_str(), stdout);
        return ExitDelivered;
    }
    if (o.What == Options::Command::Version)
    {
        std::printf("imcontact-send %s\n", IMCONTACT_SEND_VERSION);
        return ExitDelivered;
    }
    Printer out(o.Json);
    return o.What == Options::Command::Flush ? RunFlush(o, out) : RunSend(o, out);
}
