// Ticket status look-ups and the background refresh (see status_refresh.h).
#include "status_refresh.h"

#include "my_requests.h"
#include "receiver_client.h"
#include "retry_policy.h"

#include <algorithm>
#include <utility>

namespace ImContact
{

namespace
{
// The one classification of a look-up's answer.
StatusOutcome OutcomeOf(const ReceiverAnswer& a, bool changed)
{
    switch (a.Verdict)
    {
    case AttemptVerdict::Delivered: return a.NotModified || !changed ? StatusOutcome::Unchanged : StatusOutcome::Updated;
    case AttemptVerdict::Cancelled: return StatusOutcome::Cancelled;
    case AttemptVerdict::Retry:     return StatusOutcome::Unreachable;
    case AttemptVerdict::Refused:   return a.Why == Failure::NotFound ? StatusOutcome::NotFound : StatusOutcome::Failed;
    }
    return StatusOutcome::Failed;
}
} // namespace

StatusLookup LookUpStatus(const SubmitterConfig& config, ReceiverClient& client, MyRequests& tickets,
                          const std::string& ticket, uint64_t job, const std::string& store_detail)
{
    StatusLookup out;
    SubmitterEvent ev;
    ev.What = SubmitterEvent::Kind::StatusFinished;
    ev.Job = job;
    ev.Ticket = ticket;
    auto finish_failed = [&](StatusOutcome outcome) {
        out.Outcome = ev.StatusResult = outcome;
        out.Events.push_back(std::move(ev));
        if (!store_detail.empty()) out.Events.push_back(tickets.Problem(job, store_detail));
        return std::move(out);
    };
    std::string detail;
    if (!ValidateEndpoint(config.Endpoint, &detail))
    {
        ev.Why = Failure::Invalid;
        ev.Detail = detail;
        return finish_failed(StatusOutcome::Failed);
    }
    const std::string token = tickets.TokenOf(ticket);
    if (token.empty())
    {
        ev.Why = Failure::NotFound;
        ev.Detail = "ticket " + ticket + " is not in My requests (no status token to ask with)";
        return finish_failed(StatusOutcome::NotFound);
    }
    const std::string etag = tickets.ETagOf(ticket);
    const ReceiverAnswer a = client.FetchStatus(ticket, token, etag);
    a.FillEvent(&ev);
    ev.BytesSent = ev.BytesTotal = 0;
    out.RetryAfterMs = a.RetryAfterMs;
    if (!ev.Ok) return finish_failed(OutcomeOf(a, false));
    if (a.NotModified)
    {
        // 304: what is stored is current; nothing is written.
        tickets.StoredStatus(ticket, &ev.Status);
        out.Outcome = ev.StatusResult = StatusOutcome::Unchanged;
        out.Events.push_back(std::move(ev));
        if (!store_detail.empty()) out.Events.push_back(tickets.Problem(job, store_detail));
        return out;
    }
    bool changed = false;
    SubmitterEvent list = tickets.RecordStatus(ticket, token, ev.Status, job, store_detail, a.ETag, &changed);
    out.Outcome = ev.StatusResult = OutcomeOf(a, changed);
    out.Events.push_back(std::move(ev));
    out.Events.push_back(std::move(list));
    return out;
}

StatusRefresh::StatusRefresh(const SubmitterConfig& config) : config_(config), rng_(std::random_device{}()) {}

void StatusRefresh::Sync(bool active, uint64_t generation, Clock::time_point now)
{
    if (config_.StatusRefreshIntervalMs <= 0) active = false;
    if (!active)
    {
        active_ = false;
        next_ = Clock::time_point::max();
        return;
    }
    if (!active_ || generation != generation_)
    {
        // Turned on (again): a full round now, and the backoff starts over.
        active_ = true;
        generation_ = generation;
        full_round_ = true;
        failed_rounds_ = 0;
        next_ = now;
    }
}

void StatusRefresh::RunRound(ReceiverClient& client, MyRequests& tickets, const PushFn& push, const CancelToken& cancel)
{
    using Ms = std::chrono::milliseconds;
    const bool include_closed = full_round_ || (rounds_ % kClosedEveryRounds) == 0;
    // Tickets another process added meanwhile; a file problem is reported with the first look-up.
    std::string store_detail = tickets.Refresh();
    bool unreachable = false, cancelled = false;
    int64_t retry_after_ms = -1;
    for (const std::string& ticket : tickets.RefreshCandidates(include_closed))
    {
        if (cancel.Requested())
        {
            cancelled = true;
            break;
        }
        StatusLookup l = LookUpStatus(config_, client, tickets, ticket, 0, store_detail);
        store_detail.clear();
        if (l.Outcome == StatusOutcome::Cancelled)
        {
            cancelled = true;   // preempted: the event is not news to anyone
            break;
        }
        push(std::move(l.Events));
        if (l.Outcome == StatusOutcome::Unreachable)
        {
            unreachable = true;   // the others would fail alike: the round ends here
            retry_after_ms = l.RetryAfterMs;
            break;
        }
    }
    if (!store_detail.empty()) push({ tickets.Problem(0, store_detail) });
    const Clock::time_point now = Clock::now();
    if (cancelled)
    {
        next_ = now;   // again at the next wake-up, after the job that preempted it
        return;
    }
    full_round_ = false;
    rounds_++;
    int64_t delay = config_.StatusRefreshIntervalMs;
    if (unreachable)
    {
        failed_rounds_++;
        const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
        delay = std::max(delay, NextAttemptDelayMs(config_.Retry, failed_rounds_, u, retry_after_ms));
    }
    else
    {
        failed_rounds_ = 0;
    }
    next_ = now + Ms(delay);
}

} // namespace ImContact
