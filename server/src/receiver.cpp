// Receiver: owns the httplib server, its listening thread and the connection pool.
#include "imcontact_receiver.h"

#include "connection_pool.h"
#include "http_api.h"
#include "tsan_defaults.h"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

namespace ImContactReceiver
{

// Timeouts of one connection. Keep-alive is short so that Stop() is prompt: an idle
// keep-alive connection holds a worker thread (and Stop()) for at most this long.
static constexpr int kReadTimeoutSec = 10;
static constexpr int kWriteTimeoutSec = 10;
static constexpr int kKeepAliveTimeoutSec = 1;
static constexpr int kStartTimeoutMs = 5000;

struct Receiver::Impl
{
    Options Opt;
    std::mutex Lifecycle;                       // serialises Start() and Stop()
    std::unique_ptr<ConnectionPool> Pool;
    std::unique_ptr<ApiContext> Context;
    std::unique_ptr<httplib::Server> Server;
    std::thread Thread;
    std::atomic<bool> ThreadDone{ false };
    std::atomic<int> BoundPort{ 0 };

    void StopLocked()
    {
        if (Thread.joinable())
        {
            // httplib's stop() acts only once the accept loop runs: wait for that.
            while (!Server->is_running() && !ThreadDone) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            Server->stop();
            Thread.join();
        }
        Server.reset();
        Context.reset();
        Pool.reset();
        BoundPort = 0;
    }
};

Receiver::Receiver(Options options) : impl_(std::make_unique<Impl>())
{
    LinkTsanDefaults();
    impl_->Opt = std::move(options);
}

Receiver::~Receiver() { Stop(); }

bool Receiver::Start(std::string* error)
{
    Impl& s = *impl_;
    std::lock_guard<std::mutex> lock(s.Lifecycle);
    if (s.Server)
    {
        if (error) *error = "the receiver is already running";
        return false;
    }
    auto fail = [&](const std::string& what) {   // undoes a half-done start
        if (error) *error = what;
        s.StopLocked();
        return false;
    };
    if (s.Opt.DbPath.empty()) return fail("no database path given");

    auto context = std::make_unique<ApiContext>();
    context->Limits = s.Opt.Limits;
    context->LogRequests = s.Opt.LogRequests;
    context->Routes = DefaultRouting();
    std::string err;
    if (!s.Opt.RoutingPath.empty() && !LoadRouting(s.Opt.RoutingPath, &context->Routes, &err)) return fail(err);

    // Open (create, migrate) the database now, so that a bad file fails Start().
    s.Pool = std::make_unique<ConnectionPool>(s.Opt.DbPath);
    {
        ConnectionPool::Lease first = s.Pool->Acquire(&err);
        if (!first) return fail(err);
    }
    context->Pool = s.Pool.get();
    s.Context = std::move(context);

    s.Server = std::make_unique<httplib::Server>();
    httplib::Server& svr = *s.Server;
    // SO_REUSEADDR only: httplib's default SO_REUSEPORT would let a second receiver
    // bind the same port and silently share its connections.
    svr.set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    svr.set_read_timeout(kReadTimeoutSec, 0);
    svr.set_write_timeout(kWriteTimeoutSec, 0);
    svr.set_keep_alive_timeout(kKeepAliveTimeoutSec);
    svr.set_payload_max_length(s.Opt.Limits.RequestMaxBytes);
    svr.set_tcp_nodelay(true);
    InstallApi(svr, s.Context.get());

    int port = -1;
    if (s.Opt.Port == 0) port = svr.bind_to_any_port(s.Opt.Host);
    else if (s.Opt.Port > 0 && s.Opt.Port < 65536 && svr.bind_to_port(s.Opt.Host, s.Opt.Port)) port = s.Opt.Port;
    if (port <= 0)
        return fail("cannot listen on " + s.Opt.Host + ":" + std::to_string(s.Opt.Port) +
                    " (address in use, or not an address of this machine)");

    s.ThreadDone = false;
    s.Thread = std::thread([&s, &svr] {
        svr.listen_after_bind();
        s.ThreadDone = true;
    });
    // Listening when Start() returns; also makes Stop() safe (httplib's stop() only
    // acts once the accept loop runs).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kStartTimeoutMs);
    while (!svr.is_running() && !s.ThreadDone && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (!svr.is_running())
    {
        return fail("the HTTP server did not start on " + s.Opt.Host + ":" + std::to_string(port));
    }
    s.BoundPort = port;
    return true;
}

void Receiver::Stop()
{
    std::lock_guard<std::mutex> lock(impl_->Lifecycle);
    impl_->StopLocked();
}

int Receiver::Port() const { return impl_->BoundPort; }

std::string Receiver::Url() const
{
    const std::string& host = impl_->Opt.Host;
    const bool v6 = host.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(impl_->BoundPort.load());
}

} // namespace ImContactReceiver
