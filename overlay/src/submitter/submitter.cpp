// The submitter: one worker thread, one job queue, one libcurl easy handle
// (see imcontact_submitter.h).
//
// Threads: the public methods run on the caller's thread and only take State::Mutex for
// a few assignments. Everything slow (PNG encoding, validation, HTTP, tickets.json, the
// outbox) runs on the worker. The worker co-owns State through a shared_ptr, so a worker
// that outlives a timed-out Shutdown() (and the Submitter) never touches freed memory;
// its OutboxDelivery (and the outbox locks) live on the worker's stack.
//
// The worker runs queued jobs first; when none is queued it does the outbox's background
// work (a periodic rescan, one retry whose time has come) and sleeps until the next job
// or the next retry.
#include "imcontact/imcontact_submitter.h"
#include "imcontact/internal/clock.h"
#include "imcontact/internal/png_codec.h"
#include "imcontact/internal/random.h"

#include "http_transport.h"
#include "outbox/outbox_delivery.h"
#include "ticket_store.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <random>
#include <thread>

namespace ImContact
{

namespace
{
using Clock = std::chrono::steady_clock;

struct Job
{
    enum class Kind { Send, Status, Reload, Scan, DeliverNow, Discard, Restore };
    Kind        What = Kind::Send;
    uint64_t    Id = 0;
    Report      Rep;
    std::shared_ptr<const RgbaImage> Image;   // shared with the panel: no copy on the render thread
    std::string Ticket;                       // Status: the ticket; Discard/Restore: the queued report
    std::string Replaces;                     // Send: the queued report this one replaces
};

SubmitterEvent::Kind EventKindOf(Job::Kind kind)
{
    switch (kind)
    {
    case Job::Kind::Send:       return SubmitterEvent::Kind::SendFinished;
    case Job::Kind::Status:     return SubmitterEvent::Kind::StatusFinished;
    case Job::Kind::Reload:     return SubmitterEvent::Kind::TicketsLoaded;
    case Job::Kind::Scan:
    case Job::Kind::DeliverNow:
    case Job::Kind::Discard:    return SubmitterEvent::Kind::OutboxChanged;
    case Job::Kind::Restore:    return SubmitterEvent::Kind::ReportRestored;
    }
    return SubmitterEvent::Kind::SendFinished;
}

std::string BaseUrl(std::string endpoint)
{
    while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
    return endpoint;
}

std::string Abbreviate(const std::string& s, size_t max_len = 200)
{
    return s.size() <= max_len ? s : s.substr(0, max_len) + "...";
}
} // namespace

struct Submitter::State
{
    SubmitterConfig Config;
    std::string     OutboxDir;          // effective; empty = no outbox

    // Everything below up to Tickets is guarded by Mutex.
    std::mutex              Mutex;
    std::condition_variable WorkCv;     // worker: a job was queued, or stop
    std::condition_variable IdleCv;     // Flush/Shutdown: a job ended, the queue changed, the worker exited
    std::deque<Job>         Queue;
    std::deque<SubmitterEvent> Events;
    uint64_t                NextJob = 1;
    uint64_t                RunningJob = 0;     // 0 = none
    bool                    BackgroundRunning = false;   // an outbox rescan or retry (no job)
    std::vector<QueuedReport> LastOutbox;      // the list of the last OutboxChanged
    bool                    StopRequested = false;
    bool                    WorkerExited = false;
    SendProgress            Upload;

    // Read by libcurl's progress callback on the worker; raised by Cancel / Shutdown.
    std::atomic<bool>       CancelRunning{ false };
    std::atomic<bool>       Stopping{ false };

    // Serialises Shutdown() calls; guards Thread.
    std::mutex              ThreadMutex;
    std::thread             Thread;

    // Worker only.
    std::vector<LocalTicket> Tickets;

    void Push(SubmitterEvent ev)
    {
        std::lock_guard<std::mutex> lock(Mutex);
        PushLocked(std::move(ev));
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
        ev.Detail = detail;
        ev.Ticket = job.What == Job::Kind::Status ? job.Ticket : std::string();
        if (ev.What == SubmitterEvent::Kind::OutboxChanged) ev.Outbox = LastOutbox;   // always the whole list
        return ev;
    }
    bool CancelRequested() const
    {
        return CancelRunning.load(std::memory_order_acquire) || Stopping.load(std::memory_order_acquire);
    }
};

namespace
{
using State = Submitter::State;

void FillFromTransfer(const HttpResult& res, bool status_lookup, SubmitterEvent* ev)
{
    switch (res.What)
    {
    case HttpResult::Outcome::Response:
        break;
    case HttpResult::Outcome::Unreachable: ev->Why = Failure::Unreachable; ev->Detail = res.Detail; return;
    case HttpResult::Outcome::Timeout:     ev->Why = Failure::Timeout;     ev->Detail = res.Detail; return;
    case HttpResult::Outcome::Cancelled:   ev->Why = Failure::Cancelled;   ev->Detail = "cancelled"; return;
    case HttpResult::Outcome::BadResponse: ev->Why = Failure::BadResponse; ev->Detail = res.Detail; ev->HttpStatus = static_cast<int>(res.Status); return;
    case HttpResult::Outcome::Refused:     ev->Why = Failure::Invalid;     ev->Detail = res.Detail; return;
    }

    const long code = res.Status;
    ev->HttpStatus = static_cast<int>(code);
    if (code >= 200 && code < 300)
    {
        const bool parsed = status_lookup ? ParseTicketStatus(res.Body, &ev->Status) : ParseReceipt(res.Body, &ev->Receipt);
        if (parsed)
        {
            ev->Ok = true;
            ev->Why = Failure::None;
            return;
        }
        ev->Why = Failure::BadResponse;
        ev->Detail = "HTTP " + std::to_string(code) + " with a body that is not a " +
                     (status_lookup ? "ticket status: " : "receipt: ") + Abbreviate(res.Body);
        return;
    }
    const bool has_error = ParseApiError(res.Body, &ev->Error);
    const std::string reason = has_error ? ev->Error.Message : Abbreviate(res.Body);
    if (status_lookup && code == 404)
        ev->Why = Failure::NotFound;
    else if (code >= 400 && code < 500)
        ev->Why = Failure::Rejected;
    else if (code >= 500 && code < 600)
        ev->Why = Failure::ServerError;
    else
        ev->Why = Failure::BadResponse;
    ev->Detail = "HTTP " + std::to_string(code) + (reason.empty() ? std::string() : ": " + reason);
}

// Re-reads tickets.json so that two processes sharing DataDir see and keep each other's
// entries. The result is the union: the file's version of each ticket, plus the tickets
// only this process knows (an earlier write failed, or the file was corrupt or removed).
// An unreadable file leaves the list as it is. Returns a sentence when something failed.
std::string RefreshTickets(State& s, TicketLoadResult* result = nullptr)
{
    if (result) *result = TicketLoadResult::Missing;
    if (s.Config.DataDir.empty()) return std::string();
    std::vector<LocalTicket> disk;
    std::string detail;
    const TicketLoadResult r = LoadTickets(s.Config.DataDir, &disk, &detail);
    if (result) *result = r;
    if (r == TicketLoadResult::IoError) return detail;
    for (const LocalTicket& t : s.Tickets)
        if (!FindTicket(&disk, t.Ticket)) disk.push_back(t);
    s.Tickets = std::move(disk);
    return detail;
}

SubmitterEvent SaveAndListEvent(State& s, uint64_t job, std::string detail)
{
    SubmitterEvent ev;
    ev.What = SubmitterEvent::Kind::TicketsLoaded;
    ev.Job = job;
    if (!s.Config.DataDir.empty())
    {
        std::string error;
        if (!SaveTickets(s.Config.DataDir, s.Tickets, &error))
            detail = detail.empty() ? error : detail + "; " + error;
    }
    ev.Ok = detail.empty();
    ev.Detail = std::move(detail);
    ev.Tickets = s.Tickets;
    return ev;
}

void RunReload(State& s, const Job& job)
{
    SubmitterEvent ev;
    ev.What = SubmitterEvent::Kind::TicketsLoaded;
    ev.Job = job.Id;
    TicketLoadResult r = TicketLoadResult::Missing;
    ev.Detail = RefreshTickets(s, &r);
    ev.Ok = r == TicketLoadResult::Loaded || r == TicketLoadResult::Missing;
    ev.Tickets = s.Tickets;
    s.Push(std::move(ev));
}

// POSTs one report: the JSON part and, when there is a screenshot, the PNG part. 'job'
// (0 = none) is what Progress() shows while it uploads.
HttpResult PostReport(State& s, HttpTransport& transport, const std::string& json, const std::vector<uint8_t>& png,
                      uint64_t job)
{
    HttpRequest req;
    req.Url = BaseUrl(s.Config.Endpoint) + ContactsPath;
    req.Post = true;
    req.Parts.push_back({ "report", "application/json", "", json.data(), json.size() });
    if (!png.empty()) req.Parts.push_back({ "screenshot", "image/png", "screenshot.png", png.data(), png.size() });

    UploadProgressFn progress;
    if (job != 0)
    {
        {
            std::lock_guard<std::mutex> lock(s.Mutex);
            s.Upload = SendProgress{ job, 0, 0 };
        }
        progress = [&s, job](int64_t sent, int64_t total) {
            std::lock_guard<std::mutex> lock(s.Mutex);
            s.Upload = SendProgress{ job, sent, total };
        };
    }
    HttpResult res = transport.Perform(req, &s.CancelRunning, &s.Stopping, progress);
    if (job != 0)
    {
        // Cleared before the caller publishes SendFinished, so a host that sees the event
        // never sees the finished upload still in Progress().
        std::lock_guard<std::mutex> lock(s.Mutex);
        if (s.Upload.Job == job) s.Upload = SendProgress();
    }
    return res;
}

// Adds a receipt to "My requests" and saves the list; returns its TicketsLoaded event.
SubmitterEvent RememberTicket(State& s, const Receipt& receipt, const std::string& type, const std::string& application,
                              uint64_t job)
{
    std::string store_detail = RefreshTickets(s);
    if (!FindTicket(&s.Tickets, receipt.Ticket))
    {
        LocalTicket t;
        t.Ticket = receipt.Ticket;
        t.StatusToken = receipt.StatusToken;
        t.Type = type;
        t.Application = application;
        t.SentAt = receipt.CreatedAt.empty() ? NowUtcIso8601() : receipt.CreatedAt;
        t.LastStatus = receipt.Status.empty() ? "received" : receipt.Status;
        s.Tickets.push_back(std::move(t));
    }
    return SaveAndListEvent(s, job, std::move(store_detail));
}

// The worker's side of the outbox delivery.
class WorkerHost final : public DeliveryHost
{
public:
    WorkerHost(State& s, HttpTransport& transport) : s_(s), transport_(transport) {}
    void Emit(std::vector<SubmitterEvent> events) override
    {
        std::lock_guard<std::mutex> lock(s_.Mutex);
        for (SubmitterEvent& ev : events) s_.PushLocked(std::move(ev));
    }
    HttpResult PostReport(const std::string& json, const std::vector<uint8_t>& png, uint64_t job) override
    {
        return ImContact::PostReport(s_, transport_, json, png, job);
    }
    void Classify(const HttpResult& result, SubmitterEvent* ev) override { FillFromTransfer(result, false, ev); }
    SubmitterEvent RememberTicket(const Receipt& receipt, const std::string& type, const std::string& application,
                                  uint64_t job) override
    {
        return ImContact::RememberTicket(s_, receipt, type, application, job);
    }
    bool StopRequested() override { return s_.Stopping.load(std::memory_order_acquire); }
    bool CancelRequested() override { return s_.CancelRequested(); }

private:
    State& s_;
    HttpTransport& transport_;
};

// Completes and checks a report on the worker: idempotency key, PNG, validation, size.
// False when it is refused; 'ev' is then the SendFinished answer.
bool PrepareReport(State& s, Job& job, std::string* json, SubmitterEvent* ev)
{
    const Limits& limits = s.Config.Limits;
    auto invalid = [&](std::string detail) {
        ev->Why = Failure::Invalid;
        ev->Detail = std::move(detail);
        return false;
    };

    std::string detail;
    if (!ValidateEndpoint(s.Config.Endpoint, &detail)) return invalid(detail);

    Report& report = job.Rep;
    if (report.IdempotencyKey.empty()) report.IdempotencyKey = NewIdempotencyKey();
    if (job.Image && !job.Image->Empty())
    {
        const uint64_t pixels = static_cast<uint64_t>(job.Image->Width) * static_cast<uint64_t>(job.Image->Height);
        if (pixels > limits.ScreenshotMaxPixels)
        {
            ev->FieldErrors.push_back({ Field::Screenshot, ErrorCode::TooLarge, limits.ScreenshotMaxPixels });
            return invalid("screenshot of " + std::to_string(job.Image->Width) + "x" + std::to_string(job.Image->Height) +
                           " pixels is over the limit of " + std::to_string(limits.ScreenshotMaxPixels));
        }
        if (!EncodePng(*job.Image, &report.ScreenshotPng))
        {
            ev->FieldErrors.push_back({ Field::Screenshot, ErrorCode::Malformed, 0 });
            return invalid("screenshot could not be encoded (pixel buffer is not Width*Height*4 bytes)");
        }
        job.Image.reset();
    }
    // With an outbox only the caller's Cancel(job) stops it here: on Shutdown() an
    // accepted report is still saved (its transfer is then never started).
    if (s.CancelRunning.load(std::memory_order_acquire) || (s.OutboxDir.empty() && s.Stopping.load(std::memory_order_acquire)))
    {
        ev->Why = Failure::Cancelled;
        ev->Detail = "cancelled";
        return false;
    }

    ev->FieldErrors = ValidateReport(report, limits);
    if (!ev->FieldErrors.empty())
    {
        std::string what;
        for (const FieldError& e : ev->FieldErrors)
            what += std::string(what.empty() ? "" : ", ") + FieldId(e.Which) + " " + ErrorCodeId(e.Code);
        return invalid("report refused before sending: " + what);
    }
    *json = ReportToJson(report);
    const size_t body_estimate = json->size() + report.ScreenshotPng.size() + 1024;   // + multipart framing
    if (body_estimate > limits.RequestMaxBytes)
    {
        ev->FieldErrors.push_back({ Field::Body, ErrorCode::TooLarge, limits.RequestMaxBytes });
        return invalid("request of about " + std::to_string(body_estimate) + " bytes is over the limit of " +
                       std::to_string(limits.RequestMaxBytes));
    }
    return true;
}

void RunSend(State& s, HttpTransport& transport, OutboxDelivery* outbox, Job& job)
{
    SubmitterEvent ev;
    ev.What = SubmitterEvent::Kind::SendFinished;
    ev.Job = job.Id;
    std::string json;
    if (!PrepareReport(s, job, &json, &ev))
    {
        s.Push(std::move(ev));
        return;
    }
    if (outbox)
    {
        outbox->Submit(job.Id, job.Rep, json, job.Replaces);   // saved first, then tried
        return;
    }

    // No outbox: one attempt, and the caller keeps the report if it fails.
    const Report& report = job.Rep;
    const HttpResult res = PostReport(s, transport, json, report.ScreenshotPng, job.Id);
    ev.BytesSent = res.UploadSent;
    ev.BytesTotal = res.UploadTotal;
    FillFromTransfer(res, false, &ev);
    if (!ev.Ok)
    {
        s.Push(std::move(ev));
        return;
    }
    // Remember the ticket before telling anyone about it.
    SubmitterEvent list = RememberTicket(s, ev.Receipt, ContactTypeId(report.Fields.Type), report.Fields.Application, job.Id);
    std::lock_guard<std::mutex> lock(s.Mutex);
    s.PushLocked(std::move(ev));
    s.PushLocked(std::move(list));
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

void RunStatus(State& s, HttpTransport& transport, const Job& job)
{
    SubmitterEvent ev;
    ev.What = SubmitterEvent::Kind::StatusFinished;
    ev.Job = job.Id;
    ev.Ticket = job.Ticket;
    std::string detail;
    if (!ValidateEndpoint(s.Config.Endpoint, &detail))
    {
        ev.Why = Failure::Invalid;
        ev.Detail = detail;
        s.Push(std::move(ev));
        return;
    }
    // Tickets another process added since the list was loaded; a corrupt file is moved
    // aside and reported with the list written after the fetch.
    std::string store_detail = RefreshTickets(s);
    // A failed look-up still reports a file problem found on the way.
    auto finish_failed = [&] {
        std::lock_guard<std::mutex> lock(s.Mutex);
        s.PushLocked(std::move(ev));
        if (store_detail.empty()) return;
        SubmitterEvent list;
        list.What = SubmitterEvent::Kind::TicketsLoaded;
        list.Job = job.Id;
        list.Detail = store_detail;
        list.Tickets = s.Tickets;
        s.PushLocked(std::move(list));
    };
    const LocalTicket* local = FindTicket(&s.Tickets, job.Ticket);
    if (!local || local->StatusToken.empty())
    {
        ev.Why = Failure::NotFound;
        ev.Detail = "ticket " + job.Ticket + " is not in My requests (no status token to ask with)";
        return finish_failed();
    }
    const std::string token = local->StatusToken;

    HttpRequest req;
    req.Url = BaseUrl(s.Config.Endpoint) + ContactsPath + "/" + HttpTransport::EscapePathSegment(job.Ticket);
    req.Headers.push_back(std::string(StatusTokenHeader) + ": " + token);
    const HttpResult res = transport.Perform(req, &s.CancelRunning, &s.Stopping, UploadProgressFn());
    FillFromTransfer(res, true, &ev);
    if (!ev.Ok) return finish_failed();

    const std::string later = RefreshTickets(s);
    if (!later.empty()) store_detail = store_detail.empty() ? later : store_detail + "; " + later;
    LocalTicket* entry = FindTicket(&s.Tickets, job.Ticket);
    if (!entry)
    {
        // Not expected (the refresh keeps what this process knows), but never lose it.
        s.Tickets.push_back(LocalTicket{});
        entry = &s.Tickets.back();
        entry->Ticket = job.Ticket;
        entry->StatusToken = token;
        entry->Type = ev.Status.Type;
    }
    entry->LastStatus = ev.Status.Status;
    entry->LastChecked = NowUtcIso8601();
    entry->History = ev.Status.History;
    SubmitterEvent list = SaveAndListEvent(s, job.Id, std::move(store_detail));
    std::lock_guard<std::mutex> lock(s.Mutex);
    s.PushLocked(std::move(ev));
    s.PushLocked(std::move(list));
}

void RunJob(State& s, HttpTransport& transport, OutboxDelivery* outbox, Job& job)
{
    switch (job.What)
    {
    case Job::Kind::Send:   RunSend(s, transport, outbox, job); return;
    case Job::Kind::Status: RunStatus(s, transport, job); return;
    case Job::Kind::Reload: RunReload(s, job); return;
    default: break;
    }
    if (!outbox) return RunWithoutOutbox(s, job);
    switch (job.What)
    {
    case Job::Kind::Scan:       outbox->StartUp(job.Id); return;
    case Job::Kind::DeliverNow: outbox->DeliverNow(job.Id); return;
    case Job::Kind::Discard:    outbox->Discard(job.Id, job.Ticket); return;
    case Job::Kind::Restore:    outbox->Restore(job.Id, job.Ticket); return;
    default: return;
    }
}

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
        WorkerHost host(s, transport);
        // The outbox's locks live as long as this object: released before the worker ends.
        std::unique_ptr<OutboxDelivery> outbox;
        if (!s.OutboxDir.empty()) outbox = std::make_unique<OutboxDelivery>(s.Config, s.OutboxDir, host);

        for (;;)
        {
            Job job;
            bool have_job = false;
            {
                std::unique_lock<std::mutex> lock(s.Mutex);
                const auto ready = [&] { return s.StopRequested || !s.Queue.empty(); };
                const Clock::time_point wake = outbox ? outbox->NextWakeup() : Clock::time_point::max();
                if (wake == Clock::time_point::max()) s.WorkCv.wait(lock, ready);
                else s.WorkCv.wait_until(lock, wake, ready);
                // Shutdown() has answered what was queued but the send jobs, which are
                // saved in the outbox now (with Stopping raised no transfer starts).
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
                RunJob(s, transport, outbox.get(), job);
            }
            else if (outbox)
            {
                // Nothing queued: the outbox's own work, one step at a time.
                if (outbox->RescanDue(Clock::now())) outbox->Rescan();
                outbox->RunOneDue();
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
} // namespace

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

static uint64_t Enqueue(Submitter::State& s, Job job)
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

uint64_t Submitter::SubmitReport(Report report, RgbaImage screenshot)
{
    return SubmitReport(std::move(report), std::make_shared<const RgbaImage>(std::move(screenshot)));
}

uint64_t Submitter::SubmitReport(Report report, std::shared_ptr<const RgbaImage> screenshot)
{
    Job job;
    job.What = Job::Kind::Send;
    job.Rep = std::move(report);
    job.Image = std::move(screenshot);
    return Enqueue(*state_, std::move(job));
}

uint64_t Submitter::SubmitReplacement(Report report, std::shared_ptr<const RgbaImage> screenshot,
                                      const std::string& replaces_local_reference)
{
    Job job;
    job.What = Job::Kind::Send;
    job.Rep = std::move(report);
    job.Rep.IdempotencyKey.clear();   // a new key: the edited report is a new report
    job.Image = std::move(screenshot);
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
            // transfer) before it ends. Everything else is answered as cancelled.
            const bool save_sends = !s.OutboxDir.empty();
            std::deque<Job> keep;
            for (Job& job : s.Queue)
            {
                if (save_sends && job.What == Job::Kind::Send) keep.push_back(std::move(job));
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
