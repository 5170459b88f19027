// Delivering the reports of the outbox (see outbox_delivery.h).
#include "outbox_delivery.h"

#include "retry_policy.h"

#include "imcontact/internal/clock.h"
#include "imcontact/internal/png_codec.h"

#include <algorithm>
#include <climits>
#include <thread>

namespace ImContact
{

namespace
{
using Ms = std::chrono::milliseconds;

uint64_t MaxFileBytes(const SubmitterConfig& config)
{
    return std::max<uint64_t>(64ull * 1024 * 1024, 2ull * config.Limits.RequestMaxBytes + 1024 * 1024);
}

// The saved screenshot back to pixels, within the configured pixel limit.
bool DecodeScreenshot(const std::vector<uint8_t>& png, size_t max_pixels, RgbaImage* out, std::string* why)
{
    if (png.empty()) return true;
    std::string reason;
    if (DecodeImage(png, max_pixels, out, &reason)) return true;
    *why = "the saved screenshot: " + reason;
    return false;
}
} // namespace

OutboxDelivery::OutboxDelivery(const SubmitterConfig& config, const std::string& outbox_dir, ReceiverClient& client,
                               MyRequests& tickets, CancelToken stopping, EventSink emit)
    : config_(config), client_(client), tickets_(tickets), stopping_(stopping), emit_(std::move(emit)), outbox_(outbox_dir, MaxFileBytes(config)),
      next_rescan_(Clock::now() + Ms(std::max(0, config.RescanIntervalMs))), rng_(std::random_device{}())
{
}

OutboxDelivery::~OutboxDelivery()
{
    outbox_.ReleaseAll();
}

double OutboxDelivery::Uniform()
{
    return std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
}

std::vector<QueuedReport> OutboxDelivery::List() const
{
    std::vector<QueuedReport> list;
    for (const OutboxEntry& e : outbox_.Entries())
    {
        QueuedReport q;
        q.LocalReference = e.LocalReference;
        q.IdempotencyKey = e.Header.Key;
        q.Type = e.Type;
        q.Application = e.Application;
        q.CreatedAt = e.Header.CreatedAt;
        q.Status = e.Header.State;
        q.LastError = e.Header.LastError;
        q.Reason = e.Header.Reason;
        auto p = progress_.find(e.Id);
        if (p != progress_.end())
        {
            q.Attempts = p->second.Attempts;
            if (!p->second.LastError.empty()) q.LastError = p->second.LastError;
            if (p->second.AttentionUnsaved)
            {
                q.Status = QueuedState::NeedsAttention;
                q.Reason = p->second.Reason;
            }
        }
        list.push_back(std::move(q));
    }
    return list;
}

SubmitterEvent OutboxDelivery::ListEvent(uint64_t job) const
{
    SubmitterEvent ev;
    ev.What = SubmitterEvent::Kind::OutboxChanged;
    ev.Job = job;
    ev.Ok = true;
    ev.Outbox = List();
    return ev;
}

SubmitterEvent OutboxDelivery::QuarantinedEvent(uint64_t job, bool moved, const std::string& detail) const
{
    SubmitterEvent ev;
    ev.What = SubmitterEvent::Kind::Quarantined;
    ev.Job = job;
    ev.Ok = moved;
    ev.Why = moved ? Failure::None : Failure::Storage;
    ev.Detail = detail;
    return ev;
}

void OutboxDelivery::Abandon(const std::string& id)
{
    outbox_.ReleaseUnused(id);
    progress_.erase(id);
}

void OutboxDelivery::Adopt(const std::string& id)
{
    if (outbox_.Lock(id, nullptr) == ReportLock::Result::Locked) progress_.emplace(id, Progress{});
}

void OutboxDelivery::ScanAndAdopt(uint64_t job, bool adopt, bool always_emit, std::vector<SubmitterEvent>* events)
{
    OutboxScanResult scan;
    outbox_.Scan(&scan);
    for (const OutboxScanResult::Note& q : scan.Quarantined) events->push_back(QuarantinedEvent(job, q.Moved, q.Detail));
    bool changed = scan.Changed;
    // Locks on reports that are gone (removed by hand, or quarantined by the scan).
    for (const std::string& id : outbox_.HeldIds())
        if (!outbox_.Find(id))
        {
            Abandon(id);
            changed = true;
        }
    for (auto it = progress_.begin(); it != progress_.end();)
        it = outbox_.Find(it->first) ? std::next(it) : progress_.erase(it);
    if (adopt)
        for (const OutboxEntry& e : outbox_.Entries())
            if (e.Header.State == QueuedState::Pending && !outbox_.Holds(e.Id)) Adopt(e.Id);
    next_rescan_ = Clock::now() + Ms(std::max(0, config_.RescanIntervalMs));
    if (changed || always_emit) events->push_back(ListEvent(job));
}

void OutboxDelivery::StartUp(uint64_t job)
{
    std::vector<SubmitterEvent> events;
    ScanAndAdopt(job, config_.DeliverPendingAtStart, true, &events);
    emit_(std::move(events));
}

void OutboxDelivery::Rescan()
{
    std::vector<SubmitterEvent> events;
    ScanAndAdopt(0, config_.DeliverPendingAtStart, false, &events);
    if (!events.empty()) emit_(std::move(events));
}

bool OutboxDelivery::RescanDue(Clock::time_point now) const
{
    return config_.RescanIntervalMs > 0 && now >= next_rescan_;
}

bool OutboxDelivery::Due(const std::string& id, Clock::time_point now, bool ignore_backoff) const
{
    if (!outbox_.Holds(id)) return false;
    const OutboxEntry* e = outbox_.Find(id);
    auto p = progress_.find(id);
    if (!e || p == progress_.end() || e->Header.State != QueuedState::Pending || p->second.AttentionUnsaved) return false;
    return now >= p->second.NotBefore && (ignore_backoff || now >= p->second.NextAttempt);
}

OutboxDelivery::Clock::time_point OutboxDelivery::NextWakeup() const
{
    Clock::time_point next = config_.RescanIntervalMs > 0 ? next_rescan_ : Clock::time_point::max();
    for (const auto& kv : progress_)
    {
        const OutboxEntry* e = outbox_.Find(kv.first);
        if (!outbox_.Holds(kv.first) || !e || e->Header.State != QueuedState::Pending || kv.second.AttentionUnsaved) continue;
        next = std::min(next, std::max(kv.second.NextAttempt, kv.second.NotBefore));
    }
    return next;
}

bool OutboxDelivery::LoadForAttempt(const std::string& id, uint64_t job, OutboxRecord* record, Report* report)
{
    std::string why;
    switch (outbox_.Read(id, record, report, &why))
    {
    case Outbox::ReadResult::Ok:
        if (record->Header.State == QueuedState::Pending) return true;
        outbox_.Release(id);   // marked by someone meanwhile: it waits for a person
        emit_({ ListEvent(job) });
        return false;
    case Outbox::ReadResult::Missing:
        Abandon(id);
        emit_({ ListEvent(job) });
        return false;
    case Outbox::ReadResult::NewerVersion:
        Abandon(id);
        return false;
    case Outbox::ReadResult::Corrupt:
    {
        std::string detail;
        const bool moved = outbox_.Quarantine(id, why, &detail);
        progress_.erase(id);
        emit_({ QuarantinedEvent(job, moved, detail), ListEvent(job) });
        return false;
    }
    }
    return false;
}

bool OutboxDelivery::RunOneDue()
{
    const Clock::time_point now = Clock::now();
    std::string id;
    for (const OutboxEntry& e : outbox_.Entries())   // oldest first
        if (Due(e.Id, now, false))
        {
            id = e.Id;
            break;
        }
    if (id.empty()) return false;
    OutboxRecord record;
    Report report;
    if (LoadForAttempt(id, 0, &record, &report)) Attempt(id, 0, Source::Background, record, report);
    return true;
}

void OutboxDelivery::DeliverNow(uint64_t job)
{
    std::vector<SubmitterEvent> events;
    ScanAndAdopt(job, true, false, &events);
    if (!events.empty()) emit_(std::move(events));
    std::vector<std::string> ids;
    for (const OutboxEntry& e : outbox_.Entries()) ids.push_back(e.Id);
    for (const std::string& id : ids)
    {
        if (CancelRequested()) break;
        if (!Due(id, Clock::now(), true)) continue;
        OutboxRecord record;
        Report report;
        if (LoadForAttempt(id, job, &record, &report)) Attempt(id, job, Source::Now, record, report);
    }
    emit_({ ListEvent(job) });
}

void OutboxDelivery::SendOneNow(uint64_t job, const std::string& reference)
{
    std::vector<SubmitterEvent> events;
    ScanAndAdopt(job, false, false, &events);
    std::string id, ref, refused;
    Failure why = Failure::None;
    if (const OutboxEntry* e = outbox_.Resolve(reference))
    {
        id = e->Id;
        ref = e->LocalReference;
        const bool pending = e->Header.State == QueuedState::Pending;
        if (pending && !outbox_.Holds(id)) Adopt(id);   // left by an earlier run or an ended process
        if (!pending) refused = ref + " needs attention (the receiver refused it): edit it or discard it";
        else if (!outbox_.Holds(id)) refused = ref + " is being sent by another process";
        else if (!Due(id, Clock::now(), true)) refused = ref + " waits for the time the receiver asked for (Retry-After)";
        if (!refused.empty()) why = Failure::Storage;
    }
    else
    {
        why = Failure::NotFound;
        refused = "no queued report " + reference + " in the outbox";
    }
    if (why == Failure::None)
    {
        if (!events.empty()) emit_(std::move(events));
        events.clear();
        OutboxRecord record;
        Report report;
        if (LoadForAttempt(id, job, &record, &report)) Attempt(id, job, Source::Now, record, report);
    }
    SubmitterEvent result = ListEvent(job);   // what is left (a Delivered came first when it got through)
    result.LocalReference = ref;
    if (why != Failure::None)
    {
        result.Ok = false;
        result.Why = why;
        result.Detail = refused;
    }
    events.push_back(std::move(result));
    emit_(std::move(events));
}

void OutboxDelivery::Discard(uint64_t job, const std::string& reference)
{
    std::vector<SubmitterEvent> events;
    ScanAndAdopt(job, false, false, &events);
    SubmitterEvent result;
    const OutboxEntry* e = outbox_.Resolve(reference);
    std::string error;
    if (!e)
    {
        result = ListEvent(job);
        result.Ok = false;
        result.Why = Failure::NotFound;
        result.Detail = "no queued report " + reference + " in the outbox";
    }
    else
    {
        const std::string id = e->Id;
        const std::string ref = e->LocalReference;
        const ReportLock::Result r = outbox_.Lock(id, &error);
        if (r == ReportLock::Result::Locked && outbox_.Remove(id, &error))
        {
            progress_.erase(id);
            result = ListEvent(job);
            result.LocalReference = ref;
        }
        else
        {
            if (r == ReportLock::Result::Locked) outbox_.Release(id);
            result = ListEvent(job);
            result.Ok = false;
            result.Why = Failure::Storage;
            result.LocalReference = ref;
            result.Detail = r == ReportLock::Result::Busy
                ? ref + " is being sent by another process; it was not discarded"
                : ref + " could not be discarded: " + error;
        }
    }
    events.push_back(std::move(result));
    emit_(std::move(events));
}

void OutboxDelivery::Restore(uint64_t job, const std::string& reference)
{
    std::vector<SubmitterEvent> events;
    ScanAndAdopt(job, false, false, &events);
    SubmitterEvent ev;
    ev.What = SubmitterEvent::Kind::ReportRestored;
    ev.Job = job;
    const OutboxEntry* e = outbox_.Resolve(reference);
    if (!e)
    {
        ev.Why = Failure::NotFound;
        ev.Detail = "no queued report " + reference + " in the outbox";
        events.push_back(std::move(ev));
        emit_(std::move(events));
        return;
    }
    const std::string id = e->Id;
    ev.LocalReference = e->LocalReference;
    OutboxRecord record;
    Report report;
    std::string why;
    switch (outbox_.Read(id, &record, &report, &why))
    {
    case Outbox::ReadResult::Ok:
    {
        std::string problem;
        if (!DecodeScreenshot(record.Png, config_.Limits.ScreenshotMaxPixels, &ev.RestoredScreenshot, &problem))
            ev.Detail = problem;   // the fields are still worth having
        report.ScreenshotPng = std::move(record.Png);
        report.Attachments = std::move(record.Attachments);
        ev.Restored = std::move(report);
        ev.Ok = true;
        break;
    }
    case Outbox::ReadResult::Missing:
        ev.Why = Failure::NotFound;
        ev.Detail = ev.LocalReference + " left the outbox meanwhile";
        break;
    case Outbox::ReadResult::NewerVersion:
        ev.Why = Failure::Storage;
        ev.Detail = ev.LocalReference + " was saved by a newer version of the library: " + why;
        break;
    case Outbox::ReadResult::Corrupt:
    {
        ev.Why = Failure::Storage;
        ev.Detail = ev.LocalReference + " is corrupt (" + why + ")";
        std::string detail;
        if (outbox_.Lock(id, nullptr) == ReportLock::Result::Locked)
        {
            const bool moved = outbox_.Quarantine(id, why, &detail);
            progress_.erase(id);
            events.push_back(QuarantinedEvent(job, moved, detail));
            events.push_back(ListEvent(job));
        }
        break;
    }
    }
    events.push_back(std::move(ev));
    emit_(std::move(events));
}

void OutboxDelivery::Submit(uint64_t job, const Report& report, const std::string& report_json, const std::string& replaces,
                            PreparedNotes prepared)
{
    std::vector<SubmitterEvent> events;
    SubmitterEvent ev;
    ev.What = SubmitterEvent::Kind::SendFinished;
    ev.Job = job;
    prepared.FillEvent(&ev);
    const std::string id = OutboxFileId(report.IdempotencyKey);
    const bool held_before = outbox_.Holds(id);
    std::string old_id;
    bool old_held_before = false;
    std::string error;

    auto refuse = [&](Failure why, const std::string& detail) {
        if (!old_id.empty() && !old_held_before) outbox_.Release(old_id);
        if (!held_before) outbox_.ReleaseUnused(id);
        ev.Why = why;
        ev.Outcome = why == Failure::OutboxFull ? SendOutcome::RefusedOutboxFull : SendOutcome::StorageFailed;
        ev.Detail = detail;
        events.push_back(std::move(ev));
        emit_(std::move(events));
    };

    if (!EnsureDirectory(outbox_.Dir(), &error))
        return refuse(Failure::Storage, "the report could not be saved in the outbox, so it was not sent: " + error);

    // "Edit and send again": the old report is locked first, so that it cannot be sent
    // while its replacement exists.
    if (!replaces.empty())
    {
        ScanAndAdopt(job, false, false, &events);
        const OutboxEntry* old = outbox_.Resolve(replaces);
        if (old && old->Id != id)
        {
            old_held_before = outbox_.Holds(old->Id);
            const std::string old_ref = old->LocalReference;
            const ReportLock::Result r = outbox_.Lock(old->Id, &error);
            if (r == ReportLock::Result::Busy)
                return refuse(Failure::Storage, "the queued report " + old_ref +
                                                    " that this one replaces is being sent by another process; nothing was saved");
            if (r != ReportLock::Result::Locked)
                return refuse(Failure::Storage, "the report could not be saved in the outbox, so it was not sent: " + error);
            old_id = old->Id;
        }
    }

    // Its own lock. Busy only for a key that another process is handling too (a caller's
    // own key), or for a moment while an old lock file is cleaned up.
    ReportLock::Result lock = ReportLock::Result::Busy;
    for (int i = 0; i < 20; ++i)
    {
        lock = outbox_.Lock(id, &error);
        if (lock != ReportLock::Result::Busy) break;
        std::this_thread::sleep_for(Ms(5));
    }
    if (lock == ReportLock::Result::Busy)
        return refuse(Failure::Storage, "a report with the same idempotency key (" + LocalReferenceFor(report.IdempotencyKey) +
                                            ") is being sent by another process; nothing was saved");
    if (lock != ReportLock::Result::Locked)
        return refuse(Failure::Storage, "the report could not be saved in the outbox, so it was not sent: " + error);

    OutboxRecord record;
    record.Header.Key = report.IdempotencyKey;
    record.Header.CreatedAt = NowUtcIso8601();
    record.Header.Replaces = old_id;
    record.ReportJson = report_json;
    record.Png = report.ScreenshotPng;
    record.Attachments = report.Attachments;   // read once; every attempt sends these bytes

    // Limits: a full outbox refuses the new report; nothing already saved is dropped.
    size_t count = 0;
    uint64_t bytes = 0;
    if (!outbox_.Usage({ id, old_id }, &count, &bytes, &error))
        return refuse(Failure::Storage, "the report could not be saved in the outbox, so it was not sent: " + error);
    const uint64_t size = EncodedOutboxFileSize(record);
    if (count + 1 > config_.OutboxMaxReports)
        return refuse(Failure::OutboxFull, "the outbox already holds " + std::to_string(count) + " unsent reports (limit " +
                                               std::to_string(config_.OutboxMaxReports) + "); the new report was not saved");
    if (bytes + size > config_.OutboxMaxBytes)
        return refuse(Failure::OutboxFull, "the outbox holds " + std::to_string(bytes) + " bytes; with this report of " +
                                               std::to_string(size) + " bytes it would pass its limit of " +
                                               std::to_string(config_.OutboxMaxBytes) + "; the new report was not saved");

    if (!outbox_.Write(id, record, &error))
        return refuse(Failure::Storage, "the report could not be saved in the outbox, so it was not sent: " + error);
    if (!old_id.empty())
    {
        if (!outbox_.Remove(old_id, &error)) outbox_.Release(old_id);   // the replacement names it: a scan removes it
        progress_.erase(old_id);
    }
    progress_[id] = Progress{};
    events.push_back(ListEvent(job));
    emit_(std::move(events));

    Attempt(id, job, Source::First, record, report, std::move(prepared));
}

void OutboxDelivery::MarkNeedsAttention(const std::string& id, OutboxRecord& record, const SubmitterEvent& ev)
{
    Progress& p = progress_[id];
    p.HttpStatus = ev.HttpStatus;
    p.Reason = ev.Error;
    record.Header.State = QueuedState::NeedsAttention;
    record.Header.HttpStatus = ev.HttpStatus;
    record.Header.Reason = ev.Error;
    record.Header.LastError = ev.Detail;
    std::string error;
    if (outbox_.Write(id, record, &error))
    {
        outbox_.Release(id);   // nobody sends it by itself now; Discard/Replace lock it again
        return;
    }
    // Kept locked, so that no process here or elsewhere sends it again in this run.
    p.AttentionUnsaved = true;
    p.LastError += " (its state could not be saved: " + error + ")";
}

void OutboxDelivery::Attempt(const std::string& id, uint64_t job, Source source, OutboxRecord& record, const Report& report,
                             PreparedNotes prepared)
{
    SubmitterEvent ev;
    prepared.FillEvent(&ev);
    ev.What = source == Source::First ? SubmitterEvent::Kind::SendFinished : SubmitterEvent::Kind::Delivered;
    ev.Job = job;
    ev.LocalReference = LocalReferenceFor(record.Header.Key);
    // Classified once, by the client (a raised cancel token never starts a transfer).
    const ReceiverAnswer answer = client_.PostReport(record.ReportJson, record.Png, record.Attachments, source == Source::Background ? 0 : job);
    answer.FillEvent(&ev);

    std::vector<SubmitterEvent> events;
    switch (answer.Verdict)
    {
    case AttemptVerdict::Delivered:
    {
        ev.Outcome = SendOutcome::Delivered;
        // "My requests" first: a crash before the removal below only means a replay later.
        SubmitterEvent tickets = tickets_.Remember(ev.Receipt, ContactTypeId(report.Fields.Type), report.Fields.Application,
                                                   report.Technical.TimeUtc.empty() ? record.Header.CreatedAt : report.Technical.TimeUtc, job,
                                                   // the "Q-…" only where the user was shown it: delivered later
                                                   source == Source::First ? std::string() : ev.LocalReference);
        std::string error;
        if (outbox_.Remove(id, &error))
        {
            progress_.erase(id);
        }
        else
        {
            // Still there: a later attempt is a replay (same ticket), after a backoff.
            Progress& p = progress_[id];
            p.Attempts += 1;
            p.LastError = "delivered as " + ev.Receipt.Ticket + ", but " + error;
            p.NextAttempt = Clock::now() + Ms(NextAttemptDelayMs(config_.Retry, p.Attempts, Uniform(), -1));
        }
        events.push_back(std::move(ev));
        events.push_back(std::move(tickets));
        events.push_back(ListEvent(job));
        emit_(std::move(events));
        return;
    }
    case AttemptVerdict::Cancelled:
        // A background retry (preempted by a new report, or Shutdown()) just stays due.
        if (source == Source::First && !stopping_.Requested())
        {
            // Cancel(job): the caller withdrew the report (and still has it).
            std::string error;
            if (outbox_.Remove(id, &error)) progress_.erase(id);
            ev.LocalReference.clear();
            ev.Outcome = SendOutcome::Cancelled;
            events.push_back(std::move(ev));
            events.push_back(ListEvent(job));
        }
        else if (source == Source::First)
        {
            ev.Queued = true;   // Shutdown(): it stays for the next run
            ev.Outcome = SendOutcome::SavedWillRetry;
            events.push_back(std::move(ev));
        }
        emit_(std::move(events));
        return;
    case AttemptVerdict::Retry:
    {
        Progress& p = progress_[id];
        p.Attempts += 1;
        p.LastError = ev.Detail;
        const Clock::time_point now = Clock::now();
        if (answer.RetryAfterMs >= 0) p.NotBefore = now + Ms(CappedRetryAfterMs(config_.Retry, answer.RetryAfterMs));
        p.NextAttempt = now + Ms(NextAttemptDelayMs(config_.Retry, p.Attempts, Uniform(), answer.RetryAfterMs));
        if (source == Source::First)
        {
            ev.Queued = true;
            ev.Outcome = SendOutcome::SavedWillRetry;
            events.push_back(std::move(ev));
        }
        events.push_back(ListEvent(job));
        emit_(std::move(events));
        return;
    }
    case AttemptVerdict::Refused:
    {
        // Refused for what it is (4xx, 409): it waits for a person (edit and send again, or discard).
        Progress& p = progress_[id];
        p.Attempts += 1;
        p.LastError = ev.Detail;
        ev.Outcome = SendOutcome::NeedsAttention;
        MarkNeedsAttention(id, record, ev);
        if (source == Source::First) events.push_back(std::move(ev));
        events.push_back(ListEvent(job));
        emit_(std::move(events));
        return;
    }
    }
}

} // namespace ImContact
