// Test support for the fault-injection tests (test_faults, test_send_cli, test_kill_loop):
// the real receiver in-process on an ephemeral port with its SQLite file in a temporary
// directory, the fault proxy in front of it, and what the tests look at afterwards: the
// tickets in the database and the files in an outbox directory.
#pragma once

#include "imcontact_receiver.h"
#include "imcontact/internal/png_codec.h"
#include "imcontact/imcontact_submitter.h"
#include "support/fault_proxy.h"
#include "support/submitter_wait.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

// Starts the rig or fails the test case, with the reason.
#define REQUIRE_RIG(rig)                               \
    do {                                               \
        std::string rig_error_;                        \
        const bool rig_ok_ = (rig).Start(&rig_error_); \
        INFO("rig: " << rig_error_);                   \
        REQUIRE(rig_ok_);                              \
    } while (0)

namespace ImContactTest
{

// The real receiver (restartable: Stop() then Start() again, on a new port) and the
// fault proxy in front of it, whose port stays the same. Endpoint() is the proxy's URL.
class FaultRig
{
public:
    FaultRig() : dir_("imcontact-faults") {}
    ~FaultRig()
    {
        Proxy.Stop();
        if (rx_) rx_->Stop();
    }
    FaultRig(const FaultRig&) = delete;
    FaultRig& operator=(const FaultRig&) = delete;

    // Starts the receiver and the proxy. False + 'error' when either fails.
    bool Start(std::string* error)
    {
        if (dir_.Path().empty()) { *error = "no temporary directory"; return false; }
        ImContactReceiver::Options opt;
        opt.DbPath = DbPath();
        opt.LogRequests = false;
        rx_ = std::make_unique<ImContactReceiver::Receiver>(opt);
        if (!rx_->Start(error)) return false;
        if (!Proxy.Start(rx_->Port())) { *error = "the fault proxy did not start"; return false; }
        return true;
    }
    // The receiver goes down (the proxy keeps its port; see FaultProxy::StopListening).
    void StopReceiver() { rx_->Stop(); }
    bool RestartReceiver(std::string* error)
    {
        if (!rx_->Start(error)) return false;
        Proxy.SetUpstream(rx_->Port());
        return true;
    }

    std::string Endpoint() const { return Proxy.Url(); }
    std::string ReceiverUrl() const { return rx_->Url(); }
    std::string DbPath() const { return dir_.Sub("contacts.db"); }
    const TempDir& Dir() const { return dir_; }

    // Every ticket in the database, oldest first, with its report (Store::Show).
    std::vector<ImContactReceiver::TicketDetails> Tickets() const
    {
        std::vector<ImContactReceiver::TicketDetails> out;
        ImContactReceiver::Store st;
        std::string err;
        if (!st.Open(DbPath(), &err)) return out;
        std::vector<ImContactReceiver::TicketSummary> list = st.List("", "");
        std::reverse(list.begin(), list.end());
        for (const ImContactReceiver::TicketSummary& s : list)
        {
            ImContactReceiver::TicketDetails d;
            if (st.Show(s.Ticket, &d)) out.push_back(std::move(d));
        }
        return out;
    }
    int CountTickets() const
    {
        ImContactReceiver::Store st;
        std::string err;
        return st.Open(DbPath(), &err) ? st.CountTickets() : -1;
    }
    // Tickets by idempotency key.
    std::map<std::string, std::vector<std::string>> TicketsByKey() const
    {
        std::map<std::string, std::vector<std::string>> out;
        for (const auto& t : Tickets()) out[t.Report.IdempotencyKey].push_back(t.Summary.Ticket);
        return out;
    }

    FaultProxy Proxy;

private:
    TempDir dir_;
    std::unique_ptr<ImContactReceiver::Receiver> rx_;
};

// What an outbox directory holds (overlay/src/submitter/outbox/outbox.h names the files):
//   <id>.report, <id>.report.tmp-*, <id>.lock, quarantine/...
struct OutboxListing
{
    bool Exists = false;
    std::vector<std::string> Reports;      // "<id>.report"
    std::vector<std::string> Temps;        // "*.tmp-*"
    std::vector<std::string> Locks;        // "*.lock"
    std::vector<std::string> Quarantine;   // files under quarantine/
    std::vector<std::string> Other;        // anything else

    std::string Describe() const
    {
        std::string s = Exists ? "" : "(no directory) ";
        auto add = [&](const char* what, const std::vector<std::string>& v) {
            s += std::string(what) + "[";
            for (size_t i = 0; i < v.size(); ++i) s += (i ? " " : "") + v[i];
            s += "] ";
        };
        add("reports", Reports);
        add("temps", Temps);
        add("locks", Locks);
        add("quarantine", Quarantine);
        add("other", Other);
        return s;
    }
    // The ids of the reports ("<id>.report" without the suffix).
    std::vector<std::string> Ids() const
    {
        std::vector<std::string> ids;
        for (const std::string& r : Reports) ids.push_back(r.substr(0, r.size() - 7));
        return ids;
    }
};

inline std::vector<std::string> DirEntries(const std::string& dir, bool* exists = nullptr)
{
    std::vector<std::string> names;
    DIR* d = ::opendir(dir.c_str());
    if (exists) *exists = d != nullptr;
    if (!d) return names;
    while (dirent* e = ::readdir(d))
    {
        const std::string n = e->d_name;
        if (n != "." && n != "..") names.push_back(n);
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    return names;
}

inline bool EndsWith(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

inline OutboxListing ListOutbox(const std::string& dir)
{
    OutboxListing out;
    for (const std::string& n : DirEntries(dir, &out.Exists))
    {
        const std::string path = dir + "/" + n;
        struct stat st{};
        if (::lstat(path.c_str(), &st) != 0) continue;
        if (S_ISDIR(st.st_mode) && n == "quarantine")
        {
            for (const std::string& q : DirEntries(path)) out.Quarantine.push_back(q);
            continue;
        }
        if (n.find(".tmp-") != std::string::npos) out.Temps.push_back(n);
        else if (S_ISREG(st.st_mode) && EndsWith(n, ".report")) out.Reports.push_back(n);
        else if (S_ISREG(st.st_mode) && EndsWith(n, ".lock")) out.Locks.push_back(n);
        else out.Other.push_back(n);
    }
    return out;
}

// The value of "idempotency_key" in a request body that carries the report JSON (the
// fault proxy keeps the first 64 KiB of each body); empty when not found.
inline std::string KeyInBody(const std::string& body)
{
    const std::string tag = "\"idempotency_key\":\"";
    const size_t k = body.find(tag);
    if (k == std::string::npos) return std::string();
    const size_t start = k + tag.size();
    const size_t end = body.find('"', start);
    return end == std::string::npos ? std::string() : body.substr(start, end - start);
}

// A submitter configuration for the fault tests: the proxy as endpoint, the outbox in
// 'data_dir'/outbox, short timeouts and quick retries.
inline ImContact::SubmitterConfig FaultConfig(const std::string& endpoint, const std::string& data_dir)
{
    ImContact::SubmitterConfig cfg = QuickConfig(endpoint);
    cfg.DataDir = data_dir;
    cfg.OutboxDir = data_dir + "/outbox";
    cfg.UserAgent = "imcontact-faults/1";
    // The fault tests need large uploads of noise images, byte for byte: lossless PNG
    // (Auto would send noise as a small lossy WebP).
    cfg.ScreenshotCodec = ImContact::ScreenshotCodec::Lossless;
    cfg.Retry.InitialDelayMs = 100;
    cfg.Retry.MaxDelayMs = 400;
    cfg.Retry.Multiplier = 2.0;
    cfg.Retry.Jitter = 0.2;
    cfg.Retry.MaxRetryAfterMs = 5000;
    cfg.RescanIntervalMs = 60000;
    return cfg;
}

// Every event a submitter produced, kept in order, and waits on them.
class EventLog
{
public:
    using Clock = std::chrono::steady_clock;
    using Pred = std::function<bool(const ImContact::SubmitterEvent&)>;

    explicit EventLog(ImContact::Submitter& sub) : sub_(sub) {}

    void Pump()
    {
        ImContact::SubmitterEvent ev;
        while (sub_.PollEvent(&ev)) events_.push_back(std::move(ev));
    }
    // Waits for the first event after the ones already matched by earlier calls (cursor
    // per predicate is not kept: 'from' says where to start looking). Returns its index, or -1.
    int WaitFor(const Pred& pred, int timeout_ms, size_t from = 0)
    {
        const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
        for (;;)
        {
            Pump();
            for (size_t i = from; i < events_.size(); ++i)
                if (pred(events_[i])) return static_cast<int>(i);
            if (Clock::now() >= deadline) return -1;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    // Waits until 'pred' has matched 'n' events; returns how many matched.
    size_t WaitCount(const Pred& pred, size_t n, int timeout_ms)
    {
        const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
        for (;;)
        {
            Pump();
            const size_t c = Count(pred);
            if (c >= n || Clock::now() >= deadline) return c;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    size_t Count(const Pred& pred) const
    {
        return static_cast<size_t>(std::count_if(events_.begin(), events_.end(), pred));
    }
    const std::vector<ImContact::SubmitterEvent>& Events() const { return events_; }
    const ImContact::SubmitterEvent& operator[](int i) const { return events_[static_cast<size_t>(i)]; }

    // One line per event, for failure messages.
    std::string Describe() const
    {
        static const char* const kinds[] = { "SendFinished", "StatusFinished", "TicketsLoaded", "OutboxChanged",
                                             "Delivered", "ReportRestored", "Quarantined" };
        std::string s;
        for (const auto& e : events_)
        {
            s += std::string(kinds[static_cast<int>(e.What)]) + " job=" + std::to_string(e.Job) +
                 " ok=" + std::to_string(e.Ok) + " why=" + std::to_string(static_cast<int>(e.Why)) +
                 " http=" + std::to_string(e.HttpStatus) + " queued=" + std::to_string(e.Queued) +
                 " ref=" + e.LocalReference + " ticket=" + e.Receipt.Ticket +
                 " outbox=" + std::to_string(e.Outbox.size()) + " detail=" + e.Detail + "\n";
        }
        return s;
    }

private:
    ImContact::Submitter& sub_;
    std::vector<ImContact::SubmitterEvent> events_;
};

using Kind = ImContact::SubmitterEvent::Kind;

inline EventLog::Pred IsKind(Kind k) { return [k](const ImContact::SubmitterEvent& e) { return e.What == k; }; }
inline EventLog::Pred SendOf(uint64_t job)
{
    return [job](const ImContact::SubmitterEvent& e) { return e.What == Kind::SendFinished && e.Job == job; };
}
inline EventLog::Pred DeliveredAs(const std::string& local_reference)
{
    return [local_reference](const ImContact::SubmitterEvent& e) {
        return e.What == Kind::Delivered && e.LocalReference == local_reference;
    };
}
// The outbox list, once it holds nothing.
inline EventLog::Pred OutboxEmpty()
{
    return [](const ImContact::SubmitterEvent& e) { return e.What == Kind::OutboxChanged && e.Outbox.empty(); };
}

} // namespace ImContactTest
