// imcontact: ticket status look-ups and the background status refresh (internal to
// imcontact_submitter).
//
// LookUpStatus is the one place a status look-up of a ticket of "My requests" is made and
// classified (StatusOutcome): with the ticket's stored ETag as If-None-Match, so an
// unchanged ticket costs a 304; RequestStatus() jobs and the refresh rounds both use it.
//
// StatusRefresh is the schedule of Submitter::SetStatusRefresh(): the worker owns it and
// runs a round, when one is due and no job is queued, as delayed work of its queue:
//   StatusRefresh refresh(config);
//   { lock State::Mutex; refresh.Sync(s.StatusRefreshActive, s.StatusRefreshGeneration, now);
//     wake = min(wake, refresh.NextWakeup()); wait...; }
//   if (refresh.Due(Clock::now())) refresh.RunRound(client, tickets, push, cancel);
// A round asks about every open ticket (resolved/closed ones every kClosedEveryRounds-th
// round and in the first round after the refresh is turned on), then waits
// Config.StatusRefreshIntervalMs; a round that cannot reach the receiver stops at that
// ticket and the next waits the larger of the interval and the retry policy's backoff
// (retry_policy.h: NextAttemptDelayMs, the receiver's Retry-After honoured). A cancelled
// round (a send preempts it, Shutdown) is started again at the next wake-up.
//
// Thread-safety: the worker thread owns both; Sync() is called with State::Mutex held
// (it only reads the caller's switch, which lives under that mutex).
#pragma once

#include "imcontact/imcontact_submitter.h"
#include "http_transport.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace ImContact
{

class ReceiverClient;
class MyRequests;

// One look-up: the StatusFinished event (Ok, Why, StatusResult...) first, then a
// TicketsLoaded when the list was written (a new status, or a file problem to report).
struct StatusLookup
{
    StatusOutcome Outcome = StatusOutcome::None;
    int64_t       RetryAfterMs = -1;   // the receiver's Retry-After, -1 when none
    std::vector<SubmitterEvent> Events;
};
// 'store_detail': a file problem found earlier in the same job (reported with it).
StatusLookup LookUpStatus(const SubmitterConfig& config, ReceiverClient& client, MyRequests& tickets,
                          const std::string& ticket, uint64_t job, const std::string& store_detail);

class StatusRefresh
{
public:
    using Clock = std::chrono::steady_clock;
    using PushFn = std::function<void(std::vector<SubmitterEvent>)>;
    static constexpr int kClosedEveryRounds = 10;

    explicit StatusRefresh(const SubmitterConfig& config);

    // The caller's switch (State::Mutex held): off = nothing is due; a new 'generation'
    // (turned on again) = a full round is due now.
    void Sync(bool active, uint64_t generation, Clock::time_point now);
    Clock::time_point NextWakeup() const { return next_; }   // max() when nothing is due
    bool Due(Clock::time_point now) const { return next_ != Clock::time_point::max() && now >= next_; }
    // One round (worker, without the mutex). 'cancel' stops it between look-ups.
    void RunRound(ReceiverClient& client, MyRequests& tickets, const PushFn& push, const CancelToken& cancel);

    int FailedRounds() const { return failed_rounds_; }

private:
    const SubmitterConfig& config_;
    bool              active_ = false;
    uint64_t          generation_ = 0;
    bool              full_round_ = false;   // the next round includes resolved/closed tickets
    int               rounds_ = 0;
    int               failed_rounds_ = 0;    // consecutive rounds that could not reach the receiver
    Clock::time_point next_ = Clock::time_point::max();
    std::mt19937_64   rng_;
};

} // namespace ImContact
