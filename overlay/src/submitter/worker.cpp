// The submitter's worker thread (see submitter_state.h, imcontact_submitter.h).
//
// It owns the one libcurl easy handle (HttpTransport), the receiver client over it, the
// "My requests" store and, when the outbox is on, the OutboxDelivery (and with it the
// outbox locks, released before the worker ends). Everything slow (PNG encoding,
// validation, HTTP, tickets.json, the outbox) runs here.
//
// It runs queued jobs first; when none is queued it does the outbox's background work
// (a periodic rescan, one retry whose time has come) and sleeps until the next job or
// the next retry. A send queued meanwhile aborts that background retry (see Enqueue).
// After Shutdown() it still runs the send jobs left queued: with Stopping raised no
// transfer starts, so each is only saved in the outbox.
#include "submitter_state.h"

#include "draft_store.h"
#include "http_transport.h"
#include "my_requests.h"
#include "outbox/outbox_delivery.h"
#include "receiver_client.h"
#include "report_prep.h"
#include "status_refresh.h"
#include "imcontact/internal/redaction.h"

#include <algorithm>
#include <chrono>

namespace ImContact
{

SubmitterEvent::Kind EventKindOf(Job::Kind kind)
{
    switch (kind)
    {
    case Job::Kind::Send:       return SubmitterEvent::Kind::SendFinished;
    case Job::Kind::Status:     return SubmitterEvent::Kind::StatusFinished;
    case Job::Kind::Reload:
    case Job::Kind::MarkSeen:   return SubmitterEvent::Kind::TicketsLoaded;
    case Job::Kind::Scan:
    case Job::Kind::DeliverNow:
    case Job::Kind::Discard:    return SubmitterEvent::Kind::OutboxChanged;
    case Job::Kind::Restore:    return SubmitterEvent::Kind::ReportRestored;
    case Job::Kind::SendOneNow: return SubmitterEvent::Kind::OutboxChanged;
    case Job::Kind::LoadDraft:  return SubmitterEvent::Kind::DraftLoaded;
    case Job::Kind::SaveDraft:
    case Job::Kind::DiscardDraft: return SubmitterEvent::Kind::DraftStored;
    }
    return SubmitterEvent::Kind::SendFinished;
}

namespace
{
using State = Submitter::State;
using Clock = std::chrono::steady_clock;

// What a job needs of the worker.
struct Worker
{
    State&          S;
    ReceiverClient& Client;
    MyRequests&     Tickets;
    OutboxDelivery* Outbox;   // null: no outbox
};

void RunSend(Worker& w, Job& job)
{
    State& s = w.S;
    SubmitterEvent ev;
    ev.What = SubmitterEvent::Kind::SendFinished;
    ev.Job = job.Id;
    std::string json;
    // With an outbox only the caller's Cancel(job) stops it here: on Shutdown() an
    // accepted report is still saved (its transfer is then never started).
    const CancelToken cancel_job = w.Outbox ? CancelToken(s.CancelRunning) : w.Client.Cancel();
    // The screenshot's edits (hide, pixelate, crop...) go into a copy before it is encoded.
    if (job.Image && !job.Edits.empty()) job.Image = std::make_shared<const RgbaImage>(ApplyImageEdits(*job.Image, job.Edits));
    if (!PrepareReport(s.Config, cancel_job, &job.Rep, &job.Image, job.Attach, &json, &ev))
    {
        s.Push(std::move(ev));
        return;
    }
    if (w.Outbox)
    {
        w.Outbox->Submit(job.Id, job.Rep, json, job.Replaces, PreparedNotes{ std::move(ev.Attachments), ev.Screenshot });   // saved first, then tried
        return;
    }

    // No outbox: one attempt, and the caller keeps the report if it fails.
    const Report& report = job.Rep;
    const ReceiverAnswer a = w.Client.PostReport(json, report.ScreenshotPng, report.Attachments, job.Id);
    a.FillEvent(&ev);
    if (!a.Ok())
    {
        ev.Outcome = a.Verdict == AttemptVerdict::Cancelled ? SendOutcome::Cancelled : SendOutcome::NotSent;
        s.Push(std::move(ev));
        return;
    }
    ev.Outcome = SendOutcome::Delivered;
    // Remember the ticket before telling anyone about it.
    SubmitterEvent list = w.Tickets.Remember(ev.Receipt, ContactTypeId(report.Fields.Type), report.Fields.Application,
                                               report.Technical.TimeUtc, job.Id);
    s.Push({ std::move(ev), std::move(list) });
}

// Outbox jobs when there is no outbox: answered at once.
void RunWithoutOutbox(State& s, const Job& job)
{
    SubmitterEvent ev;
    ev.What = EventKindOf(job.What);
    ev.Job = job.Id;
    if (job.What == Job::Kind::DeliverNow || job.What == Job::Kind::Scan)
    {
        ev.Ok = true;   // nothing pending
    }
    else
    {
        ev.Why = Failure::NotFound;
        ev.Detail = "no outbox is configured (SubmitterConfig::OutboxDir and DataDir are empty)";
    }
    s.Push(std::move(ev));
}

void RunStatus(Worker& w, const Job& job)
{
    // Tickets another process added since the list was loaded; a corrupt file is moved
    // aside and reported with the look-up (status_refresh.h).
    const std::string store_detail = w.Tickets.Refresh();
    w.S.Push(LookUpStatus(w.S.Config, w.Client, w.Tickets, job.Ticket, job.Id, store_detail).Events);
}

// The unsent form in DataDir/draft.json (draft_store.h): read, written or removed.
void RunDraft(State& s, const Job& job)
{
    SubmitterEvent ev;
    ev.What = EventKindOf(job.What);
    ev.Job = job.Id;
    std::string detail;
    if (job.What == Job::Kind::LoadDraft)
    {
        const DraftLoadResult r = LoadDraftFile(s.Config.DataDir, &ev.Draft, &detail);
        ev.HasDraft = r == DraftLoadResult::Loaded;
        ev.Ok = r == DraftLoadResult::Loaded || r == DraftLoadResult::Missing;
    }
    else if (job.What == Job::Kind::SaveDraft)
        ev.Ok = SaveDraftFile(s.Config.DataDir, job.Draft, &detail);
    else
        ev.Ok = RemoveDraftFile(s.Config.DataDir, &detail);
    if (!ev.Ok)
    {
        ev.Why = Failure::Storage;
        ev.Detail = detail;
    }
    s.Push(std::move(ev));
}

void RunJob(Worker& w, Job& job)
{
    switch (job.What)
    {
    case Job::Kind::Send:   RunSend(w, job); return;
    case Job::Kind::Status: RunStatus(w, job); return;
    case Job::Kind::Reload: w.S.Push(w.Tickets.Reload(job.Id)); return;
    case Job::Kind::MarkSeen: w.S.Push(w.Tickets.MarkSeen(job.Ticket, job.Id)); return;
    case Job::Kind::SaveDraft:
    case Job::Kind::DiscardDraft:
    case Job::Kind::LoadDraft: RunDraft(w.S, job); return;
    default: break;
    }
    if (!w.Outbox) return RunWithoutOutbox(w.S, job);
    switch (job.What)
    {
    case Job::Kind::Scan:       w.Outbox->StartUp(job.Id); return;
    case Job::Kind::DeliverNow: w.Outbox->DeliverNow(job.Id); return;
    case Job::Kind::Discard:    w.Outbox->Discard(job.Id, job.Ticket); return;
    case Job::Kind::Restore:    w.Outbox->Restore(job.Id, job.Ticket); return;
    case Job::Kind::SendOneNow: w.Outbox->SendOneNow(job.Id, job.Ticket); return;
    default: return;
    }
}
} // namespace

void WorkerMain(std::shared_ptr<State> state)
{
    State& s = *state;
    {
        TransportOptions options;
        options.ConnectTimeoutMs = s.Config.ConnectTimeoutMs;
        options.TotalTimeoutMs = s.Config.TotalTimeoutMs;
        options.LowSpeedTimeSec = s.Config.LowSpeedTimeSec;
        options.CaBundlePath = s.Config.CaBundlePath;
        options.UserAgent = s.Config.UserAgent;
        HttpTransport transport(options);   // the one easy handle, created and freed here
        const CancelToken cancel = CancelToken(s.CancelRunning).Or(s.Stopping);
        ReceiverClient client(s.Config.Endpoint, transport, cancel, [&s](const SendProgress& p) {
            std::lock_guard<std::mutex> lock(s.Mutex);
            s.Upload = p;
        });
        MyRequests tickets(s.Config.DataDir);
        // The outbox's locks live as long as this object: released before the worker ends.
        std::unique_ptr<OutboxDelivery> outbox;
        if (!s.OutboxDir.empty())
            outbox = std::make_unique<OutboxDelivery>(s.Config, s.OutboxDir, client, tickets, CancelToken(s.Stopping),
                                                      [&s](std::vector<SubmitterEvent> events) { s.Push(std::move(events)); });
        Worker w{ s, client, tickets, outbox.get() };
        StatusRefresh refresh(s.Config);   // SetStatusRefresh()'s schedule, delayed work of this queue

        for (;;)
        {
            Job job;
            bool have_job = false;
            {
                std::unique_lock<std::mutex> lock(s.Mutex);
                refresh.Sync(s.StatusRefreshActive, s.StatusRefreshGeneration, Clock::now());
                // SetStatusRefresh() wakes it too (the schedule is synced on the next turn).
                const bool refresh_on = s.StatusRefreshActive;
                const uint64_t refresh_gen = s.StatusRefreshGeneration;
                const auto ready = [&] {
                    return s.StopRequested || !s.Queue.empty() || s.StatusRefreshActive != refresh_on ||
                           s.StatusRefreshGeneration != refresh_gen;
                };
                const Clock::time_point wake =
                    std::min(outbox ? outbox->NextWakeup() : Clock::time_point::max(), refresh.NextWakeup());
                if (wake == Clock::time_point::max()) s.WorkCv.wait(lock, ready);
                else s.WorkCv.wait_until(lock, wake, ready);
                // Shutdown() has answered what was queued but the send jobs, which are
                // saved in the outbox now.
                if (s.StopRequested && s.Queue.empty()) break;
                if (!s.Queue.empty())
                {
                    job = std::move(s.Queue.front());
                    s.Queue.pop_front();
                    s.RunningJob = job.Id;
                    have_job = true;
                }
                else
                {
                    s.BackgroundRunning = true;
                }
                s.CancelRunning.store(false, std::memory_order_release);
            }

            if (have_job)
            {
                RunJob(w, job);
            }
            else
            {
                // Nothing queued: the background status refresh and the outbox's own work,
                // one step at a time.
                if (refresh.Due(Clock::now()))
                    refresh.RunRound(client, tickets, [&s](std::vector<SubmitterEvent> events) { s.Push(std::move(events)); }, cancel);
                if (outbox)
                {
                    if (outbox->RescanDue(Clock::now())) outbox->Rescan();
                    outbox->RunOneDue();
                }
            }

            {
                std::lock_guard<std::mutex> lock(s.Mutex);
                s.RunningJob = 0;
                s.BackgroundRunning = false;
                s.Upload = SendProgress();
            }
            s.IdleCv.notify_all();
        }
    }
    {
        std::lock_guard<std::mutex> lock(s.Mutex);
        s.WorkerExited = true;
    }
    s.IdleCv.notify_all();
}

} // namespace ImContact
