// The submitter's public methods (see imcontact_submitter.h). They run on the caller's
// thread and only take State::Mutex for a few assignments; the worker thread
// (worker.cpp) does everything slow. State and Job: submitter_state.h.
#include "submitter_state.h"

#include <algorithm>
#include <chrono>

namespace ImContact
{

Submitter::Submitter(const SubmitterConfig& config) : state_(std::make_shared<State>())
{
    State& s = *state_;
    s.Config = config;
    s.OutboxDir = !config.OutboxDir.empty() ? config.OutboxDir
                  : !config.DataDir.empty() ? config.DataDir + "/outbox"
                                            : std::string();
    Job reload;
    reload.What = Job::Kind::Reload;
    reload.Id = s.NextJob++;
    s.Queue.push_back(std::move(reload));
    if (!s.OutboxDir.empty())
    {
        // The worker scans the outbox (never the constructor: no disk work here).
        Job scan;
        scan.What = Job::Kind::Scan;
        scan.Id = s.NextJob++;
        s.Queue.push_back(std::move(scan));
    }
    s.Thread = std::thread(&WorkerMain, state_);
}

Submitter::~Submitter()
{
    Shutdown(2000);
}

namespace
{
uint64_t Enqueue(Submitter::State& s, Job job)
{
    std::unique_lock<std::mutex> lock(s.Mutex);
    job.Id = s.NextJob++;
    const uint64_t id = job.Id;
    if (s.StopRequested)
    {
        s.PushLocked(s.CancelledLocked(job, "the submitter is shut down"));
        return id;
    }
    // A report the caller accepted reaches the disk at once: a background retry (which
    // may hang until TotalTimeoutMs) is aborted; it is idempotent and runs again after.
    if (job.What == Job::Kind::Send && s.BackgroundRunning) s.CancelRunning.store(true, std::memory_order_release);
    s.Queue.push_back(std::move(job));
    lock.unlock();
    s.WorkCv.notify_one();
    return id;
}
} // namespace

uint64_t Submitter::SubmitReport(Report report, RgbaImage screenshot)
{
    return SubmitReport(std::move(report), std::make_shared<const RgbaImage>(std::move(screenshot)));
}

uint64_t Submitter::SubmitReport(Report report, std::shared_ptr<const RgbaImage> screenshot, std::vector<ImageEdit> edits,
                                 AttachmentSelection attachments)
{
    Job job;
    job.Attach = std::move(attachments);
    job.What = Job::Kind::Send;
    job.Rep = std::move(report);
    job.Image = std::move(screenshot);
    job.Edits = std::move(edits);
    return Enqueue(*state_, std::move(job));
}

uint64_t Submitter::SubmitReplacement(Report report, std::shared_ptr<const RgbaImage> screenshot,
                                      const std::string& replaces_local_reference, std::vector<ImageEdit> edits,
                                      AttachmentSelection attachments)
{
    Job job;
    job.Attach = std::move(attachments);
    job.What = Job::Kind::Send;
    job.Rep = std::move(report);
    job.Rep.IdempotencyKey.clear();   // a new key: the edited report is a new report
    job.Image = std::move(screenshot);
    job.Edits = std::move(edits);
    job.Replaces = replaces_local_reference;
    return Enqueue(*state_, std::move(job));
}

uint64_t Submitter::RestoreQueued(const std::string& local_reference)
{
    Job job;
    job.What = Job::Kind::Restore;
    job.Ticket = local_reference;
    return Enqueue(*state_, std::move(job));
}

void Submitter::DiscardQueued(const std::string& local_reference)
{
    Job job;
    job.What = Job::Kind::Discard;
    job.Ticket = local_reference;
    Enqueue(*state_, std::move(job));
}

uint64_t Submitter::DeliverPendingNow()
{
    Job job;
    job.What = Job::Kind::DeliverNow;
    return Enqueue(*state_, std::move(job));
}

uint64_t Submitter::RequestStatus(const std::string& ticket)
{
    Job job;
    job.What = Job::Kind::Status;
    job.Ticket = ticket;
    return Enqueue(*state_, std::move(job));
}

void Submitter::ReloadTickets()
{
    Job job;
    job.What = Job::Kind::Reload;
    Enqueue(*state_, std::move(job));
}

void Submitter::SetStatusRefresh(bool active)
{
    State& s = *state_;
    {
        std::lock_guard<std::mutex> lock(s.Mutex);
        if (s.StatusRefreshActive == active) return;
        s.StatusRefreshActive = active;
        if (active) s.StatusRefreshGeneration++;
    }
    s.WorkCv.notify_one();
}

void Submitter::MarkTicketSeen(const std::string& ticket)
{
    Job job;
    job.What = Job::Kind::MarkSeen;
    job.Ticket = ticket;
    Enqueue(*state_, std::move(job));
}

uint64_t Submitter::SendQueuedNow(const std::string& local_reference)
{
    Job job;
    job.What = Job::Kind::SendOneNow;
    job.Ticket = local_reference;
    return Enqueue(*state_, std::move(job));
}

namespace
{
// A draft job replaces one still queued (only the latest form is worth writing).
void EnqueueDraft(Submitter::State& s, Job job)
{
    {
        std::lock_guard<std::mutex> lock(s.Mutex);
        if (!s.StopRequested)
            for (Job& queued : s.Queue)
                if (queued.What == Job::Kind::SaveDraft || queued.What == Job::Kind::DiscardDraft)
                {
                    queued.What = job.What;
                    queued.Draft = std::move(job.Draft);
                    return;
                }
    }
    Enqueue(s, std::move(job));
}
} // namespace

void Submitter::SaveDraft(SavedDraft draft)
{
    Job job;
    job.What = Job::Kind::SaveDraft;
    job.Draft = std::move(draft);
    EnqueueDraft(*state_, std::move(job));
}

void Submitter::DiscardDraft()
{
    Job job;
    job.What = Job::Kind::DiscardDraft;
    EnqueueDraft(*state_, std::move(job));
}

uint64_t Submitter::LoadDraft()
{
    Job job;
    job.What = Job::Kind::LoadDraft;
    return Enqueue(*state_, std::move(job));
}

bool Submitter::PollEvent(SubmitterEvent* out)
{
    State& s = *state_;
    std::lock_guard<std::mutex> lock(s.Mutex);
    if (s.Events.empty()) return false;
    if (out) *out = std::move(s.Events.front());
    s.Events.pop_front();
    return true;
}

SendProgress Submitter::Progress() const
{
    State& s = *state_;
    std::lock_guard<std::mutex> lock(s.Mutex);
    return s.Upload;
}

void Submitter::Cancel(uint64_t job)
{
    State& s = *state_;
    {
        std::lock_guard<std::mutex> lock(s.Mutex);
        if (job != 0 && s.RunningJob == job)
        {
            s.CancelRunning.store(true, std::memory_order_release);
            return;
        }
        auto it = std::find_if(s.Queue.begin(), s.Queue.end(), [&](const Job& j) { return j.Id == job; });
        if (it == s.Queue.end()) return;
        s.PushLocked(s.CancelledLocked(*it, "cancelled before it started"));
        s.Queue.erase(it);
    }
    s.IdleCv.notify_all();
}

bool Submitter::Busy() const
{
    State& s = *state_;
    std::lock_guard<std::mutex> lock(s.Mutex);
    return !s.Queue.empty() || s.RunningJob != 0 || s.BackgroundRunning;
}

bool Submitter::Flush(int timeout_ms)
{
    State& s = *state_;
    std::unique_lock<std::mutex> lock(s.Mutex);
    return s.IdleCv.wait_for(lock, std::chrono::milliseconds(std::max(0, timeout_ms)), [&] {
        return (s.Queue.empty() && s.RunningJob == 0) || s.WorkerExited;
    });
}

bool Submitter::Shutdown(int timeout_ms)
{
    State& s = *state_;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max(0, timeout_ms));
    std::lock_guard<std::mutex> thread_lock(s.ThreadMutex);
    bool exited = false;
    {
        std::unique_lock<std::mutex> lock(s.Mutex);
        if (!s.StopRequested)
        {
            s.StopRequested = true;
            s.Stopping.store(true, std::memory_order_release);
            // Send jobs stay queued when there is an outbox: the worker saves them (no
            // transfer) before it ends. So do the draft's writes (disk only: the form the
            // host's last frames handed over). Everything else is answered as cancelled.
            const bool save_sends = !s.OutboxDir.empty();
            std::deque<Job> keep;
            for (Job& job : s.Queue)
            {
                const bool draft = job.What == Job::Kind::SaveDraft || job.What == Job::Kind::DiscardDraft;
                if ((save_sends && job.What == Job::Kind::Send) || draft) keep.push_back(std::move(job));
                else s.PushLocked(s.CancelledLocked(job, "dropped by Shutdown()"));
            }
            s.Queue = std::move(keep);
        }
        s.WorkCv.notify_all();
        exited = s.IdleCv.wait_until(lock, deadline, [&] { return s.WorkerExited; });
    }
    if (s.Thread.joinable())
    {
        if (exited) s.Thread.join();
        else s.Thread.detach();   // it holds its own reference to the state
    }
    return exited;
}

} // namespace ImContact
