// imcontact: delivering the reports of the outbox (internal to imcontact_submitter).
//
// The submitter's worker owns one OutboxDelivery when the outbox is on. It saves each
// accepted report before the first attempt, keeps the per-report lock of every report
// this process takes care of, schedules retries (retry_policy.h), marks reports that
// need attention, and answers Discard / Restore / DeliverPendingNow. Event order and
// contents follow imcontact_submitter.h. Data flows downward: the attempts go through
// the ReceiverClient (which classifies them), tickets into the MyRequests store; the
// delivery only emits its events through the sink it is given.
//
// Which reports this process sends by itself: those it saved, and, when
// SubmitterConfig::DeliverPendingAtStart is set, every pending report it can lock (left
// by an earlier run or by a process that ended). DeliverNow() adopts every pending
// report it can lock. A report another live process holds is never sent.
//
// Thread-safety: worker thread only.
#pragma once

#include "http_transport.h"
#include "imcontact/imcontact_submitter.h"
#include "my_requests.h"
#include "outbox.h"
#include "receiver_client.h"

#include <chrono>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace ImContact
{

// Receives the delivery's events, in this order, with nothing in between (the worker
// queues them for PollEvent).
using EventSink = std::function<void(std::vector<SubmitterEvent> events)>;

// What the worker's preparation of a report did (report_prep.h), told with its first
// SendFinished: what became of each attachment source, how the screenshot was encoded.
struct PreparedNotes
{
    std::vector<AttachmentOutcome> Attachments;
    ScreenshotEncoding             Screenshot;
    void FillEvent(SubmitterEvent* ev) const
    {
        ev->Attachments = Attachments;
        ev->Screenshot = Screenshot;
    }
};

class OutboxDelivery
{
public:
    using Clock = std::chrono::steady_clock;

    // 'client' (whose cancel token is raised by Cancel(job), Shutdown() and a preempting
    // send), 'tickets' and the flag behind 'stopping' (Shutdown()) must outlive it.
    OutboxDelivery(const SubmitterConfig& config, const std::string& outbox_dir, ReceiverClient& client,
                   MyRequests& tickets, CancelToken stopping, EventSink emit);
    ~OutboxDelivery();   // releases every lock; the reports stay
    OutboxDelivery(const OutboxDelivery&) = delete;
    OutboxDelivery& operator=(const OutboxDelivery&) = delete;

    // A validated report (key set, PNG encoded, 'report_json' = ReportToJson(report)):
    // saved, then tried once. Emits SendFinished and what follows it.
    // 'prepared' (what preparing the report did: the host's sources, the screenshot's
    // encoding) goes into its SendFinished.
    void Submit(uint64_t job, const Report& report, const std::string& report_json, const std::string& replaces,
                PreparedNotes prepared = {});
    // Start-up: scan, OutboxChanged (always), adopt pending reports when configured.
    void StartUp(uint64_t job);
    // Periodic look for reports left by other processes; OutboxChanged only on a change.
    void Rescan();
    void DeliverNow(uint64_t job);
    // One report now (Submitter::SendQueuedNow): adopted if free, tried ignoring backoff.
    void SendOneNow(uint64_t job, const std::string& reference);
    void Discard(uint64_t job, const std::string& reference);
    void Restore(uint64_t job, const std::string& reference);

    // One background attempt of a report whose time has come. False when none is due.
    bool RunOneDue();
    // When RunOneDue() or Rescan() next has work (Clock::time_point::max() for never).
    Clock::time_point NextWakeup() const;
    bool RescanDue(Clock::time_point now) const;

    std::vector<QueuedReport> List() const;

private:
    struct Progress
    {
        int               Attempts = 0;       // this process
        Clock::time_point NextAttempt{};      // backoff
        Clock::time_point NotBefore{};        // the receiver's Retry-After
        std::string       LastError;
        bool              AttentionUnsaved = false;   // needs attention, but the file could not say so
        int               HttpStatus = 0;
        ApiError          Reason;
    };
    enum class Source { First, Background, Now };

    void ScanAndAdopt(uint64_t job, bool adopt, bool always_emit, std::vector<SubmitterEvent>* events);
    void Adopt(const std::string& id);
    bool Due(const std::string& id, Clock::time_point now, bool ignore_backoff) const;
    // Reads a held report for an attempt; quarantines it when corrupt. False: skip it.
    bool LoadForAttempt(const std::string& id, uint64_t job, OutboxRecord* record, Report* report);
    // One attempt of a held report and everything that follows from its outcome.
    void Attempt(const std::string& id, uint64_t job, Source source, OutboxRecord& record, const Report& report,
                 PreparedNotes prepared = {});
    void MarkNeedsAttention(const std::string& id, OutboxRecord& record, const SubmitterEvent& ev);
    bool CancelRequested() const { return client_.Cancel().Requested(); }
    void Abandon(const std::string& id);   // our lock on an id without a report
    SubmitterEvent ListEvent(uint64_t job) const;
    SubmitterEvent QuarantinedEvent(uint64_t job, bool moved, const std::string& detail) const;
    double Uniform();

    SubmitterConfig config_;
    ReceiverClient& client_;
    MyRequests&     tickets_;
    CancelToken     stopping_;
    EventSink       emit_;
    Outbox          outbox_;
    std::map<std::string, Progress> progress_;   // the reports this process holds
    Clock::time_point next_rescan_;
    std::mt19937    rng_;
};

} // namespace ImContact
