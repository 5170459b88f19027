// The SIGKILL loop (issue 3): imcontact-send is started against the real receiver
// (through the fault proxy, with small random delays so that the kill lands at different
// moments) and killed with SIGKILL after a random delay; then imcontact-send --flush runs
// on the same outbox until it is empty. At the end every report that was accepted
// (printed "accepted:", or found in the outbox after the kill) has exactly one ticket,
// none is lost, no ticket is duplicated or invalid, and no temporary file is left.
//
// IMCONTACT_KILL_LOOP_ITERATIONS (default 200) and IMCONTACT_KILL_LOOP_SEED (default:
// random, printed) make a run repeatable.
#include <catch2/catch.hpp>

#include "support/child_process.h"
#include "support/fault_rig.h"
#include "support/png.h"
#include "support/temp_dir.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <thread>

using namespace ImContact;
using namespace ImContactTest;
using Clock = std::chrono::steady_clock;
using PFault = FaultProxy::Fault;

namespace
{

// Where the kill landed: the kill time against the proxy's timeline of the request, and
// what the process left behind in the outbox.
enum class Phase
{
    BeforeSaving,      // before any request; nothing on disk
    WhileSaving,       // before any request; a temporary outbox file, no report yet
    SavedNotSent,      // before any request; the report is in the outbox
    DuringUpload,      // the request had started but had not reached the receiver whole
    WaitingForAnswer,  // the whole request was with the receiver, its answer not yet back
    AfterCommit,       // the receiver had answered (committed); the report still in the outbox
    AfterDelivery,     // the receiver had answered and the report had left the outbox
    Finished,          // it exited before the kill
    Anomaly,           // what it left contradicts the timeline (a failure)
    COUNT
};
const char* PhaseName(Phase p)
{
    switch (p)
    {
    case Phase::BeforeSaving:  return "killed before saving";
    case Phase::WhileSaving:   return "killed while writing the outbox";
    case Phase::SavedNotSent:  return "killed after saving, before the upload";
    case Phase::DuringUpload:  return "killed during the upload";
    case Phase::WaitingForAnswer: return "killed after the upload, before the answer";
    case Phase::AfterCommit:   return "killed right after the receiver committed";
    case Phase::AfterDelivery: return "killed after delivery, before exit";
    case Phase::Finished:      return "finished before the kill";
    default:                   return "anomaly";
    }
}

struct Iteration
{
    std::string Key, Marker;
    bool Screenshot = false;
    bool Killed = false;
    int  ExitCode = -1;
    bool PrintedAccepted = false;
    bool InOutbox = false;
    bool TempLeft = false;
    bool RequestSeen = false;
    bool TicketBeforeFlush = false;
    bool Cut = false;           // the connection was cut with the kill (AbortAll)
    Phase Where = Phase::Anomaly;
    int  Flushes = 0;
};

int EnvInt(const char* name, int fallback)
{
    const char* v = std::getenv(name);
    return (v && *v) ? std::atoi(v) : fallback;
}

std::string HexKey(std::mt19937_64& rng)
{
    char buf[33];
    std::snprintf(buf, sizeof(buf), "%016llx%016llx", static_cast<unsigned long long>(rng()),
                  static_cast<unsigned long long>(rng()));
    return buf;
}

} // namespace

TEST_CASE("kill loop: imcontact-send killed with SIGKILL at random moments loses nothing and duplicates nothing", "[kill][net]")
{
    const int iterations = std::max(1, EnvInt("IMCONTACT_KILL_LOOP_ITERATIONS", 200));
    const unsigned seed = static_cast<unsigned>(EnvInt("IMCONTACT_KILL_LOOP_SEED", static_cast<int>(std::random_device()() & 0x7fffffff)));
    std::printf("kill loop: %d iterations, seed %u (IMCONTACT_KILL_LOOP_SEED)\n", iterations, seed);
    std::fflush(stdout);
    std::mt19937_64 rng(seed);

    FaultRig rig;
    std::string err;
    INFO("rig: " << err);
    REQUIRE(rig.Start(&err));
    TempDir work("imcontact-kill-loop");
    const std::string data_dir = work.Sub("data");
    const std::string outbox = data_dir + "/outbox";

    // A screenshot for half of the reports: a larger outbox file and a longer upload.
    const RgbaImage img = NoiseImage(160, 160, seed);   // ~100 KB of PNG
    std::vector<uint8_t> png;
    REQUIRE(EncodePng(img, &png));
    const std::string shot = work.Sub("shot.png");
    WriteFile(shot, std::string(png.begin(), png.end()));

    auto send_spec = [&](const Iteration& it) {
        ChildSpec spec;
        spec.Argv = { IMCONTACT_SEND_BIN, "--endpoint", rig.Endpoint(), "--type", "malfunction",
                      "--message", "Kill loop report " + it.Marker + ": the program was killed.",
                      "--reference", it.Marker, "--data-dir", data_dir, "--idempotency-key", it.Key, "--timeout", "20" };
        if (it.Screenshot)
        {
            spec.Argv.push_back("--screenshot");
            spec.Argv.push_back(shot);
        }
        return spec;
    };
    ChildSpec flush_spec;
    flush_spec.Argv = { IMCONTACT_SEND_BIN, "--flush", outbox, "--endpoint", rig.Endpoint(), "--data-dir", data_dir,
                        "--timeout", "20" };

    // Calibration: how long a whole run takes here (with and without the screenshot, with
    // the proxy's random delays), and when "accepted:" comes (the outbox write has just
    // ended); the kill delays are drawn around those (see below).
    rig.Proxy.SetDelays(0, 25, 0, 25, seed);
    std::vector<Iteration> runs;
    double full_ms[2] = { 0, 0 }, accepted_ms[2] = { 0, 0 };
    for (int s = 0; s < 2; ++s)
    {
        std::vector<double> times, acc_times;
        for (int k = 0; k < 3; ++k)
        {
            Iteration it;
            it.Key = HexKey(rng);
            it.Marker = "calib-" + std::to_string(s) + "-" + std::to_string(k);
            it.Screenshot = s == 1;
            Child c;
            const auto t0 = Clock::now();
            REQUIRE(c.Start(send_spec(it)));
            double acc = -1;
            while (!c.Wait(0))
            {
                c.Pump(1);
                if (acc < 0 && c.Out().find("accepted: ") != std::string::npos)
                    acc = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
                REQUIRE(std::chrono::duration<double>(Clock::now() - t0).count() < 60);
            }
            INFO(c.Out() << c.Err());
            REQUIRE(c.ExitCode() == 0);
            it.ExitCode = 0;
            it.PrintedAccepted = c.Out().find("accepted: ") != std::string::npos;
            it.Where = Phase::Finished;
            runs.push_back(it);
            times.push_back(c.Seconds() * 1000.0);
            acc_times.push_back(acc < 0 ? c.Seconds() * 500.0 : acc);
        }
        std::sort(times.begin(), times.end());
        std::sort(acc_times.begin(), acc_times.end());
        full_ms[s] = times[1];
        accepted_ms[s] = acc_times[1];
    }
    std::printf("kill loop: a whole run takes %.0f ms, \"accepted:\" after %.0f ms (with a screenshot: %.0f, %.0f ms)\n",
                full_ms[0], accepted_ms[0], full_ms[1], accepted_ms[1]);

    int phase_count[static_cast<int>(Phase::COUNT)] = {};
    int lost = 0, duplicated = 0, cut = 0, cut_no_ticket = 0;
    const auto t_start = Clock::now();
    for (int i = 0; i < iterations; ++i)
    {
        Iteration it;
        it.Key = HexKey(rng);
        it.Marker = "kill-" + std::to_string(i);
        it.Screenshot = (rng() % 2) == 0;
        // Every third upload crawls (16 KiB every 4 ms), so kills land inside the upload too;
        // then the kill also cuts the connection, as when the machine goes away (otherwise
        // the kernel still delivers what the dead process had written).
        const bool slow = rng() % 3 == 0;
        rig.Proxy.SetDefault(slow ? PFault::SlowUploadOf(16384, 4) : PFault::Of(FaultProxy::Mode::Pass));
        rig.Proxy.ClearRecords();

        const int kind = it.Screenshot ? 1 : 0;
        // 20 %: before the outbox write; 30 %: around it; 50 %: from the write to past the end.
        const double acc = accepted_ms[kind], full = std::max(full_ms[kind], acc + 1);
        const unsigned pick = static_cast<unsigned>(rng() % 10);
        const double delay_ms =
            pick < 2 ? std::uniform_real_distribution<double>(0, std::max(0.0, acc - 4))(rng)
            : pick < 5 ? std::uniform_real_distribution<double>(std::max(0.0, acc - 6), acc + 1)(rng)
                       : std::uniform_real_distribution<double>(acc, full * 1.3)(rng);
        const auto delay = std::chrono::microseconds(static_cast<long long>(delay_ms * 1000.0));
        Child child;
        REQUIRE(child.Start(send_spec(it)));
        const auto kill_at = Clock::now() + delay;
        bool ended = false;
        while (!ended && Clock::now() < kill_at)
        {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(kill_at - Clock::now()).count();
            ended = child.Wait(0);
            if (!ended && left > 0) child.Pump(static_cast<int>(std::min<long long>(left, 2)));
        }
        const auto killed_at = Clock::now();
        if (!ended)
        {
            child.Kill(SIGKILL);
            it.Killed = true;
            if (slow)
            {
                rig.Proxy.AbortAll();
                it.Cut = true;
            }
        }
        REQUIRE(child.Wait(30000));
        it.ExitCode = child.ExitCode();
        if (it.Killed && child.Exited()) it.Killed = false;   // it exited just before the kill
        it.PrintedAccepted = child.Out().find("accepted: ") != std::string::npos;

        // Let the proxy finish what the dead client started (it forwards a whole request
        // even when its sender is gone), then look at the outbox and the database.
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
        REQUIRE(rig.Proxy.WaitIdle(30000));
        const OutboxListing l = ListOutbox(outbox);
        for (const std::string& r : l.Reports) it.InOutbox = it.InOutbox || r.rfind(it.Key, 0) == 0;
        for (const std::string& t : l.Temps) it.TempLeft = it.TempLeft || t.rfind(it.Key, 0) == 0;
        const auto reqs = rig.Proxy.Requests();
        it.RequestSeen = !reqs.empty();
        it.TicketBeforeFlush = rig.TicketsByKey().count(it.Key) != 0;
        {
            INFO("iteration " << i << ": outbox " << l.Describe());
            // Only this iteration's report can be there (the earlier ones were flushed).
            CHECK(l.Reports.size() <= 1);
            CHECK(l.Quarantine.empty());   // a kill never leaves a torn report at a final name
        }

        const Clock::time_point never{};
        const bool started = it.RequestSeen && reqs[0].Arrived <= killed_at;
        const bool whole = started && reqs[0].WholeAt != never && reqs[0].WholeAt <= killed_at;
        const bool answered = whole && reqs[0].UpstreamAt != never && reqs[0].UpstreamAt <= killed_at;
        if (!it.Killed) it.Where = Phase::Finished;
        else if (!started)
        {
            // Nothing had gone out; a request that arrived later came from a process that was
            // already dead (the kernel sent what it had written), which does not happen here
            // because the kill lands before the connect.
            if (it.InOutbox) it.Where = Phase::SavedNotSent;
            else if (it.TempLeft) it.Where = Phase::WhileSaving;
            else it.Where = Phase::BeforeSaving;
            if (it.RequestSeen && !it.InOutbox) it.Where = Phase::Anomaly;   // sent, then gone from the outbox
        }
        else if (!whole) it.Where = Phase::DuringUpload;
        else if (!answered) it.Where = Phase::WaitingForAnswer;
        else it.Where = it.InOutbox ? Phase::AfterCommit : Phase::AfterDelivery;
        // A report that left the outbox without a ticket is lost.
        if (it.Killed && !it.InOutbox && !it.TicketBeforeFlush && (it.PrintedAccepted || it.RequestSeen))
            it.Where = Phase::Anomaly;
        phase_count[static_cast<int>(it.Where)]++;
        if (it.Cut)
        {
            ++cut;
            cut_no_ticket += it.TicketBeforeFlush ? 0 : 1;
        }
        if (it.Where == Phase::Finished)
        {
            INFO("iteration " << i << " exited by itself:\n" << child.Out() << child.Err());
            CHECK(it.ExitCode == 0);
        }
        if (it.Where == Phase::Anomaly)
        {
            INFO("iteration " << i << ": a request was seen but the report is neither queued nor stored; accepted="
                 << it.PrintedAccepted << "\n" << child.Out() << child.Err());
            CHECK(it.Where != Phase::Anomaly);
        }

        // Flush until the outbox holds no report.
        for (int f = 0; f < 5; ++f)
        {
            const OutboxListing now = ListOutbox(outbox);
            if (now.Reports.empty() && now.Temps.empty()) break;
            rig.Proxy.SetDefault(PFault::Of(FaultProxy::Mode::Pass));
            const ChildResult fr = RunChild(flush_spec, 60000);
            ++it.Flushes;
            INFO("iteration " << i << " flush " << f << ": exit " << fr.ExitCode << "\n" << fr.Out << fr.Err);
            CHECK(fr.Exited);
            CHECK((fr.ExitCode == 0 || fr.ExitCode == 3));
        }
        const OutboxListing after = ListOutbox(outbox);
        {
            INFO("iteration " << i << " after the flush: " << after.Describe());
            CHECK(after.Reports.empty());
            CHECK(after.Temps.empty());
        }

        // Checked at once, so that a failure names its iteration.
        const auto by_key = rig.TicketsByKey();
        const auto found = by_key.find(it.Key);
        const size_t n = found == by_key.end() ? 0 : found->second.size();
        const bool accepted = it.PrintedAccepted || it.InOutbox;
        if (accepted && n == 0) ++lost;
        if (n > 1) ++duplicated;
        {
            INFO("iteration " << i << " (" << PhaseName(it.Where) << "): accepted=" << accepted << " tickets=" << n);
            CHECK((!accepted || n == 1));
            CHECK(n <= 1);
        }
        runs.push_back(it);
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - t_start).count();

    // The end state: every ticket belongs to a run, once; every accepted run has one.
    std::map<std::string, const Iteration*> by_key;
    for (const Iteration& it : runs) by_key[it.Key] = &it;
    const auto tickets = rig.Tickets();
    std::set<std::string> ticket_numbers;
    int stranger = 0, invalid = 0, with_shot = 0;
    std::map<std::string, int> per_key;
    for (const auto& t : tickets)
    {
        ticket_numbers.insert(t.Summary.Ticket);
        per_key[t.Report.IdempotencyKey]++;
        const auto run = by_key.find(t.Report.IdempotencyKey);
        if (run == by_key.end()) { ++stranger; continue; }
        const Iteration& it = *run->second;
        const bool ok = t.Report.Fields.Reference == it.Marker &&
                        t.Report.Fields.Message == "Kill loop report " + it.Marker + ": the program was killed." &&
                        t.Report.Fields.Type == ContactType::Malfunction &&
                        t.Report.Technical.AppName == "imcontact-send" &&
                        t.Summary.HasScreenshot == it.Screenshot &&
                        (!it.Screenshot || t.Report.ScreenshotPng == png);
        if (!ok)
        {
            ++invalid;
            UNSCOPED_INFO("ticket " << t.Summary.Ticket << " does not match run " << it.Marker);
        }
        with_shot += t.Summary.HasScreenshot ? 1 : 0;
    }
    int accepted = 0, delivered_accepted = 0, delivered_unaccepted = 0;
    for (const Iteration& it : runs)
    {
        const bool acc = it.PrintedAccepted || it.InOutbox;
        const bool has = per_key.count(it.Key) != 0;
        accepted += acc;
        delivered_accepted += acc && has;
        delivered_unaccepted += !acc && has;
    }
    // A process killed between creating a report's lock file and writing the report leaves
    // only the lock file; the next start of a Submitter removes it. One last flush is that
    // start, so the outbox must then be empty, lock files included.
    const OutboxListing before_last = ListOutbox(outbox);
    {
        rig.Proxy.SetDefault(PFault::Of(FaultProxy::Mode::Pass));
        const ChildResult fr = RunChild(flush_spec, 60000);
        INFO("last flush (outbox before it: " << before_last.Describe() << "): exit " << fr.ExitCode << "\n" << fr.Out << fr.Err);
        CHECK(fr.Exited);
        CHECK(fr.ExitCode == 0);
    }
    const OutboxListing end = ListOutbox(outbox);

    std::printf("kill loop: %d iterations in %.1f s (+%zu calibration runs)\n", iterations, seconds, size_t{ 6 });
    for (int p = 0; p < static_cast<int>(Phase::COUNT); ++p)
        std::printf("  %-45s %4d\n", PhaseName(static_cast<Phase>(p)), phase_count[p]);
    std::printf("  connections cut with the kill (slow uploads): %d, %d of them left no ticket before the flush\n", cut, cut_no_ticket);
    std::printf("  accepted %d, delivered %d of them, lost %d, duplicated %d; also delivered though not seen accepted: %d\n",
                accepted, delivered_accepted, lost, duplicated, delivered_unaccepted);
    std::printf("  tickets %zu (distinct %zu, %d with screenshot), strangers %d, invalid %d; outbox at the end: %s\n",
                tickets.size(), ticket_numbers.size(), with_shot, stranger, invalid, end.Describe().c_str());
    std::printf("  before the last flush: %s\n", before_last.Describe().c_str());
    std::fflush(stdout);

    CHECK(lost == 0);
    CHECK(duplicated == 0);
    CHECK(delivered_accepted == accepted);
    CHECK(stranger == 0);
    CHECK(invalid == 0);
    CHECK(ticket_numbers.size() == tickets.size());
    for (const auto& k : per_key) CHECK(k.second == 1);
    CHECK(phase_count[static_cast<int>(Phase::Anomaly)] == 0);
    INFO("outbox at the end: " << end.Describe());
    CHECK(end.Reports.empty());
    CHECK(end.Temps.empty());
    CHECK(end.Locks.empty());
    CHECK(end.Quarantine.empty());
    CHECK(end.Other.empty());
}
