// imcontact: delivering the reports of the outbox (internal to imcontact_submitter).
//
// The submitter's worker owns one OutboxDelivery when the outbox is on. It saves each
// accepted report before the first attempt, keeps the per-report lock of every report
// this process takes care of, schedules retries (retry_policy.h), marks reports that
// need attention, and answers Discard / Restore / DeliverPendingNow. Event order and
// contents follow imcontact_submitter.h; the host (the worker) pushes them.
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
#include "outbox.h"

#include <chrono>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace ImContact
{

// What the delivery needs from the worker that runs it.
class DeliveryHost
{
public:
    virtual ~DeliveryHost() = default;
    // Pushes events, in this order, with nothing in between.
    virtual void Emit(std::vector<SubmitterEvent> events) = 0;
    // POSTs one report (cancellable through the worker's flags); 'job' is shown by
    // Progress() (0 for none).
    virtual HttpResult PostReport(const std::string& report_json, const std::vector<uint8_t>& png, uint64_t job) = 0;
    // Fills Ok/Why/HttpStatus/Detail/Error/Receipt of a send from a transfer.
    virtual void Classify(const HttpResult& result, SubmitterEvent* ev) = 0;
    // Adds a receipt to "My requests" (and saves it); returns the TicketsLoaded event.
    virtual SubmitterEvent RememberTicket(const Receipt& receipt, const std::string& type, const std::string& application,
                                          uint64_t job) = 0;
    virtual bool StopRequested() = 0;     // Shutdown()
    virtual bool CancelRequested() = 0;   // Cancel() of the running job, or Shutdown()
};

class OutboxDelivery
{
public:
    using Clock = std::chrono::steady_clock;

    OutboxDelivery(const SubmitterConfig& config, const std::string& outbox_dir, DeliveryHost& host);
    ~OutboxDelivery();   // releases every lock; the reports stay
    OutboxDelivery(const OutboxDelivery&) = delete;
    OutboxDelivery& operator=(const OutboxDelivery&) = delete;

    // A validated report (key set, PNG encoded, 'report_json' = ReportToJson(report)):
    // saved, then tried once. Emits SendFinished and what follows it.
    void Submit(uint64_t job, const Report& report, const std::string& report_json, const std::string& replaces);
    // Start-up: scan, OutboxChanged (always), adopt pending reports when configured.
    void StartUp(uint64_t job);
    // Periodic look for reports left by other processes; OutboxChanged only on a change.
    void Rescan();
    void DeliverNow(uint64_t job);
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
    void Attempt(const std::string& id, uint64_t job, Source source, OutboxRecord& record, const Report& report);
    void MarkNeedsAttention(const std::string& id, OutboxRecord& record, const SubmitterEvent& ev);
    void Abandon(const std::string& id);   // our lock on an id without a report
    SubmitterEvent ListEvent(uint64_t job) const;
    SubmitterEvent QuarantinedEvent(uint64_t job, bool moved, const std::string& detail) const;
    double Uniform();

    SubmitterConfig config_;
    DeliveryHost&   host_;
    Outbox          outbox_;
    std::map<std::string, Progress> progress_;   // the reports this process holds
    Clock::time_point next_rescan_;
    std::mt19937    rng_;
};

} // namespace ImContact
