// imcontact: the submitter's shared state and its jobs (internal to imcontact_submitter).
//
// Submitter::State is co-owned (shared_ptr) by the Submitter and its worker thread, so a
// worker that outlives a timed-out Shutdown() (and the Submitter) never touches freed
// memory. submitter.cpp holds the public methods (caller threads: they only take Mutex
// for a few assignments), worker.cpp the worker thread.
#pragma once

#include "imcontact/imcontact_submitter.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ImContact
{

// One queued request of a caller.
struct Job
{
    enum class Kind { Send, Status, Reload, Scan, DeliverNow, Discard, Restore, MarkSeen, SendOneNow, SaveDraft, DiscardDraft, LoadDraft };
    Kind        What = Kind::Send;
    uint64_t    Id = 0;
    Report      Rep;
    std::shared_ptr<const RgbaImage> Image;   // shared with the panel: no copy on the render thread
    std::vector<ImageEdit> Edits;             // Send: applied to a copy of Image on the worker before encoding
    std::string Ticket;                       // Status, MarkSeen: the ticket; Discard/Restore/SendOneNow: the queued report
    std::string Replaces;                     // Send: the queued report this one replaces
    AttachmentSelection Attach;               // Send: which of Config.Attachments go with it
    SavedDraft  Draft;                        // SaveDraft: what to write
};

// The event kind that answers a job.
SubmitterEvent::Kind EventKindOf(Job::Kind kind);

struct Submitter::State
{
    SubmitterConfig Config;
    std::string     OutboxDir;          // effective; empty = no outbox

    // Everything below up to ThreadMutex is guarded by Mutex.
    std::mutex              Mutex;
    std::condition_variable WorkCv;     // worker: a job was queued, or stop
    std::condition_variable IdleCv;     // Flush/Shutdown: a job ended, the queue changed, the worker exited
    std::deque<Job>         Queue;
    std::deque<SubmitterEvent> Events;
    uint64_t                NextJob = 1;
    uint64_t                RunningJob = 0;     // 0 = none
    bool                    BackgroundRunning = false;   // an outbox rescan or retry (no job)
    std::vector<QueuedReport> LastOutbox;      // the list of the last OutboxChanged
    // SetStatusRefresh(): whether the background status refresh is on, and how often it
    // was turned on (the worker starts a round at once when this changes; status_refresh.h).
    bool                    StatusRefreshActive = false;
    uint64_t                StatusRefreshGeneration = 0;
    bool                    StopRequested = false;
    bool                    WorkerExited = false;
    SendProgress            Upload;

    // Read by libcurl's progress callback on the worker (through a CancelToken).
    // CancelRunning: Cancel() of the running job, or a send that preempts a background
    // retry; cleared when the worker takes its next piece of work. Stopping: Shutdown().
    std::atomic<bool>       CancelRunning{ false };
    std::atomic<bool>       Stopping{ false };

    // Serialises Shutdown() calls; guards Thread.
    std::mutex              ThreadMutex;
    std::thread             Thread;

    void Push(SubmitterEvent ev)
    {
        std::lock_guard<std::mutex> lock(Mutex);
        PushLocked(std::move(ev));
    }
    void Push(std::vector<SubmitterEvent> events)   // in this order, nothing in between
    {
        std::lock_guard<std::mutex> lock(Mutex);
        for (SubmitterEvent& ev : events) PushLocked(std::move(ev));
    }
    void PushLocked(SubmitterEvent ev)
    {
        if (ev.What == SubmitterEvent::Kind::OutboxChanged) LastOutbox = ev.Outbox;
        Events.push_back(std::move(ev));
    }
    // A job that never ran (Cancel, Shutdown): its event, with Why = Cancelled.
    SubmitterEvent CancelledLocked(const Job& job, const char* detail) const
    {
        SubmitterEvent ev;
        ev.What = EventKindOf(job.What);
        ev.Job = job.Id;
        ev.Why = Failure::Cancelled;
        ev.Outcome = job.What == Job::Kind::Send ? SendOutcome::Cancelled : SendOutcome::None;
        ev.Detail = detail;
        ev.Ticket = job.What == Job::Kind::Status ? job.Ticket : std::string();
        if (job.What == Job::Kind::Status) ev.StatusResult = StatusOutcome::Cancelled;
        if (ev.What == SubmitterEvent::Kind::OutboxChanged) ev.Outbox = LastOutbox;   // always the whole list
        return ev;
    }
};

// The worker thread's body (worker.cpp).
void WorkerMain(std::shared_ptr<Submitter::State> state);

} // namespace ImContact
