// imcontact receiver: HTTP service (cpp-httplib) + SQLite storage for contact reports.
//
// Used by the imcontact-receiver binary, embedded by the demo on a loopback port,
// and started in-process by the tests. Protocol: overlay/include/imcontact/imcontact_protocol.h.
//
//   ImContactReceiver::Options opt;
//   opt.DbPath = "/tmp/contacts.db";
//   ImContactReceiver::Receiver rx(opt);
//   if (!rx.Start(&err)) ...;            // listening when it returns
//   std::string url = rx.Url();          // "http://127.0.0.1:PORT"
//   ...
//   rx.Stop();                           // also done by the destructor
//
// Thread-safety: Receiver's methods may be called from any thread; Store is not
// thread-safe (one Store per thread; SQLite handles concurrency between them).
// A Store may be open on the database of a running Receiver (WAL mode).
#pragma once

#include "imcontact/imcontact_model.h"
#include "imcontact/imcontact_protocol.h"

#include <memory>
#include <string>
#include <vector>

namespace ImContactReceiver
{

// Queues of the people handling tickets. Every ticket is visible in both (R11);
// routing picks the primary one per contact type.
constexpr const char* QueueCustomerService = "customer_service";
constexpr const char* QueueMaintenance     = "application_maintenance";

struct Routing
{
    std::string PrimaryQueue[ImContact::ContactTypeCount];  // per type
    int FasterPriority = 1;                                  // priority of "Faster than normal"
};
Routing DefaultRouting();
// Reads a routing file (JSON: {"routes": {"malfunction": "application_maintenance", ...},
// "faster_priority": 1}); types not named keep their default. False + error on bad input.
bool LoadRouting(const std::string& path, Routing* out, std::string* error);

struct Options
{
    std::string DbPath;          // SQLite file; created if missing
    std::string RoutingPath;     // empty: DefaultRouting()
    std::string Host = "127.0.0.1";
    int         Port = 0;        // 0: an ephemeral port, see Receiver::Port()
    ImContact::Limits Limits;
    bool        LogRequests = true;   // one line per request on stderr: method, path, status, ticket
};

struct TicketSummary
{
    std::string Ticket, Type, Status, PrimaryQueue, Organisation, Email, Application, CreatedAt, UpdatedAt;
    int  Priority = 0;
    bool HasScreenshot = false;
};

struct TicketDetails
{
    TicketSummary Summary;
    ImContact::Report Report;            // as received, screenshot and attachments (in order) included
    std::vector<std::string> Queues;     // every queue that sees it
    std::vector<ImContact::HistoryEntry> History;
};

// Direct access to the database, for the CLI and for tests.
//   Store st; if (!st.Open(path, &err)) ...;   // creates and migrates a missing file
//   for (const TicketSummary& t : st.List("", "received")) ...
class Store
{
public:
    Store();
    ~Store();
    bool Open(const std::string& db_path, std::string* error);
    // Filters may be empty. Newest first.
    std::vector<TicketSummary> List(const std::string& queue, const std::string& status);
    bool Show(const std::string& ticket, TicketDetails* out);
    bool SetStatus(const std::string& ticket, const std::string& status, const std::string& note, std::string* error);
    bool ExportScreenshot(const std::string& ticket, const std::string& png_path, std::string* error);
    // Writes attachment 'index' (0-based, Report::Attachments order) of 'ticket' to 'path',
    // which must not exist yet (O_EXCL: never overwrites). False + error otherwise.
    bool ExportAttachment(const std::string& ticket, size_t index, const std::string& path, std::string* error);
    int  CountTickets();
    struct Impl;
private:
    std::unique_ptr<Impl> impl_;
};

class Receiver
{
public:
    explicit Receiver(Options options);
    ~Receiver();
    // Opens the database (a bad file, bad routing file or busy port: false + error),
    // binds and starts serving on a background thread. May be called again after Stop().
    bool Start(std::string* error);
    // Stops serving; waits for the listening thread and the requests in flight
    // (at most about a second for idle keep-alive connections). Idempotent.
    void Stop();
    int  Port() const;                // the bound port while running, else 0
    std::string Url() const;          // "http://HOST:PORT"
    struct Impl;
private:
    std::unique_ptr<Impl> impl_;
};

} // namespace ImContactReceiver
