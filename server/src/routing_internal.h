// Routing decisions for one report (R11). Public parts: Routing, DefaultRouting(),
// LoadRouting() in imcontact_receiver.h.
// Thread-safety: pure functions; may be called from any thread.
#pragma once

#include "imcontact_receiver.h"

#include <string>
#include <vector>

namespace ImContactReceiver
{

struct RouteDecision
{
    std::string PrimaryQueue;
    int Priority = 0;          // 0 normal; Routing::FasterPriority for "faster"
};

RouteDecision RouteFor(const Routing& routing, const ImContact::Form& form);
// Every queue that sees every ticket (R11), primary first is not implied.
const std::vector<std::string>& AllQueues();
bool IsKnownQueue(const std::string& queue);

} // namespace ImContactReceiver
