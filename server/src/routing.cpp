// Routing table: default, loading from a JSON file, and the decision per report.
#include "routing_internal.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace ImContactReceiver
{
using nlohmann::json;

const std::vector<std::string>& AllQueues()
{
    static const std::vector<std::string> queues = { QueueCustomerService, QueueMaintenance };
    return queues;
}

bool IsKnownQueue(const std::string& queue)
{
    for (const std::string& q : AllQueues())
        if (q == queue) return true;
    return false;
}

Routing DefaultRouting()
{
    Routing r;
    for (int i = 0; i < ImContact::ContactTypeCount; i++)
        r.PrimaryQueue[i] = QueueCustomerService;
    r.PrimaryQueue[static_cast<int>(ImContact::ContactType::DevelopmentIdea)] = QueueMaintenance;
    r.PrimaryQueue[static_cast<int>(ImContact::ContactType::Malfunction)] = QueueMaintenance;
    r.FasterPriority = 1;
    return r;
}

bool LoadRouting(const std::string& path, Routing* out, std::string* error)
{
    auto fail = [&](const std::string& what) {
        if (error) *error = "routing file " + path + ": " + what;
        return false;
    };
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail("cannot be read");
    std::stringstream text;
    text << in.rdbuf();
    json j;
    try
    {
        j = json::parse(text.str());
    }
    catch (const json::parse_error& e)
    {
        return fail(std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object()) return fail("must be a JSON object {\"routes\": {...}, \"faster_priority\": N}");

    Routing r = DefaultRouting();
    for (auto it = j.begin(); it != j.end(); ++it)
    {
        if (it.key() == "routes")
        {
            if (!it->is_object()) return fail("\"routes\" must be an object of contact type -> queue");
            for (auto route = it->begin(); route != it->end(); ++route)
            {
                ImContact::ContactType type;
                if (!ImContact::ContactTypeFromId(route.key(), &type))
                    return fail("unknown contact type \"" + route.key() + "\" in \"routes\"");
                if (!route->is_string() || !IsKnownQueue(route->get<std::string>()))
                    return fail("the queue of \"" + route.key() + "\" must be \"" + QueueCustomerService + "\" or \"" +
                                QueueMaintenance + "\"");
                r.PrimaryQueue[static_cast<int>(type)] = route->get<std::string>();
            }
        }
        else if (it.key() == "faster_priority")
        {
            if (!it->is_number_integer() || it->get<long long>() < 1 || it->get<long long>() > 1000)
                return fail("\"faster_priority\" must be an integer from 1 to 1000");
            r.FasterPriority = it->get<int>();
        }
        else
        {
            return fail("unknown key \"" + it.key() + "\" (expected \"routes\" and \"faster_priority\")");
        }
    }
    *out = r;
    return true;
}

RouteDecision RouteFor(const Routing& routing, const ImContact::Form& form)
{
    RouteDecision d;
    const int type = static_cast<int>(form.Type);
    d.PrimaryQueue = (type >= 0 && type < ImContact::ContactTypeCount && !routing.PrimaryQueue[type].empty())
                         ? routing.PrimaryQueue[type] : std::string(QueueCustomerService);
    d.Priority = form.Speed == ImContact::ProcessingSpeed::Faster ? routing.FasterPriority : 0;
    return d;
}

} // namespace ImContactReceiver
