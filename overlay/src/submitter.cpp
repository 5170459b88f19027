// The submitter: one worker thread, one job queue, one libcurl easy handle
// (see imcontact_submitter.h).
//
// Threads: the public methods run on the caller's thread and only take State::Mutex for
// a few assignments. Everything slow (PNG encoding, validation, HTTP, tickets.json) runs
// on the worker. The worker co-owns State through a shared_ptr, so a worker that outlives
// a timed-out Shutdown() (and the Submitter) never touches freed memory.
#include "imcontact_submitter.h"

#include "http_transport.h"
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
struct Job
{
    enum class Kind { Send, Status, Reload };
    Kind        What = Kind::Send;
    uint64_t    Id = 0;
    Report      Rep;
    std::shared_ptr<const RgbaImage> Image;   // shared with the panel: no copy on the render thread
    std::string Ticket;
};

SubmitterEvent::Kind EventKindOf(Job::Kind kind)
{
    switch (kind)
    {
    case Job::Kind::Send:   return SubmitterEvent::Kind::SendFinished;
    case Job::Kind::Status: return SubmitterEvent::Kind::StatusFinished;
    case Job::Kind::Reload: return SubmitterEvent::Kind::TicketsLoaded;
    }
    return SubmitterEvent::Kind::SendFinished;
}

SubmitterEvent CancelledEvent(const Job& job, const char* detail)
{
    SubmitterEvent ev;
    ev.What = EventKindOf(job.What);
    ev.Job = job.Id;
    ev.Why = Failure::Cancelled;
    ev.Detail = detail;
    ev.Ticket = job.Ticket;
    return ev;
}

std::string NewIdempotencyKey()
{
    std::random_device rd;
    char buf[33];
    for (int i = 0; i < 4; ++i)
        std::snprintf(buf + i * 8, 9, "%08x", static_cast<unsigned>(rd()));
    return std::string(buf, 32);
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

    // Everything below up to Tickets is guarded by Mutex.
    std::mutex              Mutex;
    std::condition_variable WorkCv;     // worker: a job was queued, or stop
    std::condition_variable IdleCv;     // Flush/Shutdown: a job ended, the queue changed, the worker exited
    std::deque<Job>         Queue;
    std::deque<SubmitterEvent> Events;
    uint64_t                NextJob = 1;
    uint64_t                RunningJob = 0;     // 0 = none
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
        Events.push_back(std::move(ev));
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

void RunSend(State& s, HttpTransport& transport, Job& job)
{
    SubmitterEvent ev;
    ev.What = SubmitterEvent::Kind::SendFinished;
    ev.Job = job.Id;
    const Limits& limits = s.Config.Limits;
    auto invalid = [&](std::string detail) {
        ev.Why = Failure::Invalid;
        ev.Detail = std::move(detail);
        s.Push(std::move(ev));
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
            ev.FieldErrors.push_back({ Field::Screenshot, ErrorCode::TooLarge, limits.ScreenshotMaxPixels });
            return invalid("screenshot of " + std::to_string(job.Image->Width) + "x" + std::to_string(job.Image->Height) +
                           " pixels is over the limit of " + std::to_string(limits.ScreenshotMaxPixels));
        }
        if (!EncodePng(*job.Image, &report.ScreenshotPng))
        {
            ev.FieldErrors.push_back({ Field::Screenshot, ErrorCode::Malformed, 0 });
            return invalid("screenshot could not be encoded (pixel buffer is not Width*Height*4 bytes)");
        }
        job.Image.reset();
    }
    if (s.CancelRequested())
    {
        ev.Why = Failure::Cancelled;
        ev.Detail = "cancelled";
        s.Push(std::move(ev));
        return;
    }

    ev.FieldErrors = ValidateReport(report, limits);
    if (!ev.FieldErrors.empty())
    {
        std::string what;
        for (const FieldError& e : ev.FieldErrors)
            what += std::string(what.empty() ? "" : ", ") + FieldId(e.Which) + " " + ErrorCodeId(e.Code);
        return invalid("report refused before sending: " + what);
    }
    const std::string json = ReportToJson(report);
    const size_t body_estimate = json.size() + report.ScreenshotPng.size() + 1024;   // + multipart framing
    if (body_estimate > limits.RequestMaxBytes)
    {
        ev.FieldErrors.push_back({ Field::Body, ErrorCode::TooLarge, limits.RequestMaxBytes });
        return invalid("request of about " + std::to_string(body_estimate) + " bytes is over the limit of " +
                       std::to_string(limits.RequestMaxBytes));
    }

    HttpRequest req;
    req.Url = BaseUrl(s.Config.Endpoint) + ContactsPath;
    req.Post = true;
    req.Parts.push_back({ "report", "application/json", "", json.data(), json.size() });
    if (!report.ScreenshotPng.empty())
        req.Parts.push_back({ "screenshot", "image/png", "screenshot.png", report.ScreenshotPng.data(), report.ScreenshotPng.size() });

    {
        std::lock_guard<std::mutex> lock(s.Mutex);
        s.Upload = SendProgress{ job.Id, 0, 0 };
    }
    const uint64_t job_id = job.Id;
    const UploadProgressFn progress = [&s, job_id](int64_t sent, int64_t total) {
        std::lock_guard<std::mutex> lock(s.Mutex);
        s.Upload = SendProgress{ job_id, sent, total };
    };
    const HttpResult res = transport.Perform(req, &s.CancelRunning, &s.Stopping, progress);
    ev.BytesSent = res.UploadSent;
    ev.BytesTotal = res.UploadTotal;
    FillFromTransfer(res, false, &ev);
    if (!ev.Ok)
    {
        s.Push(std::move(ev));
        return;
    }

    // Remember the ticket before telling anyone about it.
    std::string store_detail = RefreshTickets(s);
    if (!FindTicket(&s.Tickets, ev.Receipt.Ticket))
    {
        LocalTicket t;
        t.Ticket = ev.Receipt.Ticket;
        t.StatusToken = ev.Receipt.StatusToken;
        t.Type = ContactTypeId(report.Fields.Type);
        t.Application = report.Fields.Application;
        t.SentAt = ev.Receipt.CreatedAt.empty() ? NowUtcIso8601() : ev.Receipt.CreatedAt;
        t.LastStatus = ev.Receipt.Status.empty() ? "received" : ev.Receipt.Status;
        s.Tickets.push_back(std::move(t));
    }
    SubmitterEvent list = SaveAndListEvent(s, job.Id, std::move(store_detail));
    std::lock_guard<std::mutex> lock(s.Mutex);
    s.Events.push_back(std::move(ev));
    s.Events.push_back(std::move(list));
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
        s.Events.push_back(std::move(ev));
        if (store_detail.empty()) return;
        SubmitterEvent list;
        list.What = SubmitterEvent::Kind::TicketsLoaded;
        list.Job = job.Id;
        list.Detail = store_detail;
        list.Tickets = s.Tickets;
        s.Events.push_back(std::move(list));
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
    s.Events.push_back(std::move(ev));
    s.Events.push_back(std::move(list));
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

        for (;;)
        {
            Job job;
            {
                std::unique_lock<std::mutex> lock(s.Mutex);
                s.WorkCv.wait(lock, [&] { return s.StopRequested || !s.Queue.empty(); });
                if (s.StopRequested) break;   // Shutdown() has answered what was queued
                job = std::move(s.Queue.front());
                s.Queue.pop_front();
                s.RunningJob = job.Id;
                s.CancelRunning.store(false, std::memory_order_release);
            }

            switch (job.What)
            {
            case Job::Kind::Send:   RunSend(s, transport, job); break;
            case Job::Kind::Status: RunStatus(s, transport, job); break;
            case Job::Kind::Reload: RunReload(s, job); break;
            }

            {
                std::lock_guard<std::mutex> lock(s.Mutex);
                s.RunningJob = 0;
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
    state_->Config = config;
    Job reload;
    reload.What = Job::Kind::Reload;
    reload.Id = state_->NextJob++;
    state_->Queue.push_back(std::move(reload));
    state_->Thread = std::thread(&WorkerMain, state_);
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
        s.Events.push_back(CancelledEvent(job, "the submitter is shut down"));
        return id;
    }
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
        s.Events.push_back(CancelledEvent(*it, "cancelled before it started"));
        s.Queue.erase(it);
    }
    s.IdleCv.notify_all();
}

bool Submitter::Busy() const
{
    State& s = *state_;
    std::lock_guard<std::mutex> lock(s.Mutex);
    return !s.Queue.empty() || s.RunningJob != 0;
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
            for (const Job& job : s.Queue) s.Events.push_back(CancelledEvent(job, "dropped by Shutdown()"));
            s.Queue.clear();
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
