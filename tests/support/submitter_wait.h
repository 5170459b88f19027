// Test support: a Submitter configuration with short timeouts, and waiting for its events.
#pragma once

#include "imcontact/imcontact_submitter.h"

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace ImContactTest
{

// 'endpoint' with the timeouts every test uses: 1 s to connect, 5 s in all, 3 s below the
// low-speed limit. Tests add their directories and retry settings.
inline ImContact::SubmitterConfig QuickConfig(const std::string& endpoint)
{
    ImContact::SubmitterConfig cfg;
    cfg.Endpoint = endpoint;
    cfg.ConnectTimeoutMs = 1000;
    cfg.TotalTimeoutMs = 5000;
    cfg.LowSpeedTimeSec = 3;
    return cfg;
}

// Polls until an event of 'kind' (for 'job', or any job when 0) arrives; false at the
// deadline. Other events are appended to 'others' when given.
inline bool WaitEvent(ImContact::Submitter& sub, ImContact::SubmitterEvent::Kind kind, uint64_t job,
                      ImContact::SubmitterEvent* out, int timeout_ms = 10000,
                      std::vector<ImContact::SubmitterEvent>* others = nullptr)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline)
    {
        ImContact::SubmitterEvent ev;
        while (sub.PollEvent(&ev))
        {
            if (ev.What == kind && (job == 0 || ev.Job == job))
            {
                *out = std::move(ev);
                return true;
            }
            if (others) others->push_back(std::move(ev));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
}

} // namespace ImContactTest
