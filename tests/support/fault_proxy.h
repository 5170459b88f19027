// Test support: a fault-injecting TCP proxy on loopback, in front of a real HTTP server
// (the real receiver). Raw POSIX sockets, one thread per client connection, one upstream
// connection per client connection (HTTP/1.1 keep-alive is kept on both sides).
//
// The proxy understands just enough HTTP/1.1 to find where a request and a response end
// (Content-Length; a response without one ends when the server closes), so that a fault
// can hit one request at a chosen moment:
//   Pass            forward the request, forward the answer (after the configured delays)
//   CloseAtOnce     the request arrives: reset the connection (RST) without reading it
//   ResetMidUpload  forward the first ResetAfterBytes bytes of the request to the server,
//                   then reset both connections (the server sees a truncated upload)
//   Stall           read nothing, answer nothing, until ReleaseStalled() or Stop()
//   Trickle         read the request (not forwarded), answer one byte every TrickleMs
//                   (status line, headers and a body that never ends)
//   SlowUpload      read the request at TrickleBytes every TrickleMs, forwarding it, then
//                   forward the answer
//   Respond         read the request (not forwarded), answer Status (+ Retry-After) itself
//   DropResponse    forward the whole request, read the server's whole answer, then close
//                   the client's connection without sending any of it (the server has
//                   committed; the client never hears about it)
// and, for the listener, StopListening() (connections are refused: the port stays bound
// but does not listen) and StartListening().
//
// Which fault hits which request: Then(f) queues faults, one per request in arrival
// order; when the queue is empty, the default (SetDefault, Pass at first) applies.
//
//   ImContactTest::FaultProxy proxy;
//   REQUIRE(proxy.Start(receiver.Port()));
//   proxy.Then(Fault::Respond(503, "2")).Then(Fault::Of(FaultProxy::Mode::DropResponse));
//   cfg.Endpoint = proxy.Url();
//   ... proxy.Requests(), proxy.WaitForRequests(2, 5000) ...
//   proxy.Stop();   // also the destructor; releases stalled connections
//
// Its sockets and HTTP framing are fault_http.h, shared with the canned-answer server
// (fault_server.h) that the submitter's own tests use where no real receiver is wanted.
//
// Thread-safety: every public method may be called from any thread.
#pragma once

#include "fault_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <list>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace ImContactTest
{

class FaultProxy
{
public:
    enum class Mode { Pass, CloseAtOnce, ResetMidUpload, Stall, Trickle, SlowUpload, Respond, DropResponse };

    struct Fault
    {
        Mode        What = Mode::Pass;
        int         Status = 503;           // Respond
        std::string RetryAfter;             // Respond: value of a Retry-After header (empty: none)
        std::string Body;                   // Respond: body (empty: an ApiError JSON)
        size_t      ResetAfterBytes = 4096; // ResetMidUpload: request bytes (head included) forwarded first
        int         TrickleMs = 100;        // Trickle, SlowUpload
        size_t      TrickleBytes = 1;       // Trickle, SlowUpload: bytes per TrickleMs

        static Fault Of(Mode m) { Fault f; f.What = m; return f; }
        static Fault Respond(int status, std::string retry_after = std::string(), std::string body = std::string())
        {
            Fault f;
            f.What = Mode::Respond;
            f.Status = status;
            f.RetryAfter = std::move(retry_after);
            f.Body = std::move(body);
            return f;
        }
        static Fault ResetAfter(size_t bytes) { Fault f; f.What = Mode::ResetMidUpload; f.ResetAfterBytes = bytes; return f; }
        static Fault TrickleEvery(int ms, size_t bytes = 1) { Fault f; f.What = Mode::Trickle; f.TrickleMs = ms; f.TrickleBytes = bytes; return f; }
        static Fault SlowUploadOf(size_t bytes, int ms) { Fault f; f.What = Mode::SlowUpload; f.TrickleMs = ms; f.TrickleBytes = bytes; return f; }
    };

    using Clock = std::chrono::steady_clock;

    // One request as the proxy saw it.
    struct Request
    {
        int               Index = 0;            // arrival order, from 0
        int               Connection = 0;       // which client connection (from 0)
        Mode              Applied = Mode::Pass; // what was done to it
        Clock::time_point Arrived{};            // first byte of the request seen
        Clock::time_point WholeAt{};            // the whole request read from the client (else unset)
        Clock::time_point UpstreamAt{};         // the server's whole answer read (else unset)
        std::string       Method, Path;         // empty when the head was never read (Stall, CloseAtOnce)
        size_t            ContentLength = 0;
        size_t            BytesFromClient = 0;  // head + body bytes read from the client
        size_t            BytesForwarded = 0;   // head + body bytes written to the server
        bool              ClientGone = false;   // the client closed or reset before the request was whole
        bool              RequestForwarded = false;  // the whole request reached the server
        int               UpstreamStatus = 0;   // the server's status code, 0 when none arrived
        std::string       UpstreamBody;         // the server's answer body (also when it was dropped)
        bool              Answered = false;     // an answer (the server's or the proxy's) was sent whole
        std::string       BodyStart;            // the first 64 KiB of the request body
    };

    FaultProxy() = default;
    ~FaultProxy() { Stop(); }
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    // Listens on an ephemeral loopback port, forwarding to 127.0.0.1:upstream_port.
    bool Start(int upstream_port)
    {
        upstream_port_.store(upstream_port);
        listen_fd_ = FaultHttp::LoopbackSocket(0);
        if (listen_fd_ < 0) return false;
        if (::listen(listen_fd_, 128) != 0) { ::close(listen_fd_); listen_fd_ = -1; return false; }
        sockaddr_in addr{};
        socklen_t len = sizeof(addr);
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        listening_ = want_listening_ = true;
        accept_thread_ = std::thread([this] { AcceptLoop(); });
        return true;
    }

    void Stop()
    {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_.store(true);
        }
        cv_.notify_all();
        if (accept_thread_.joinable()) accept_thread_.join();
        std::list<Worker> workers;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            workers.swap(workers_);
        }
        for (Worker& w : workers) w.Thread.join();
        if (listen_fd_ >= 0) { ::close(listen_fd_); listen_fd_ = -1; }
    }

    int Port() const { return port_; }
    std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    void SetUpstream(int port) { upstream_port_.store(port); }

    // Connections are refused (the port stays bound, so no one else takes it) until
    // StartListening(). Both return once the listener has changed.
    void StopListening() { SetListening(false); }
    void StartListening() { SetListening(true); }

    void SetDefault(const Fault& f) { std::lock_guard<std::mutex> lock(mutex_); default_ = f; }
    void SetDefault(Mode m) { SetDefault(Fault::Of(m)); }
    FaultProxy& Then(const Fault& f) { std::lock_guard<std::mutex> lock(mutex_); script_.push_back(f); return *this; }
    FaultProxy& Then(Mode m) { return Then(Fault::Of(m)); }
    void ClearScript() { std::lock_guard<std::mutex> lock(mutex_); script_.clear(); }
    size_t ScriptLeft() const { std::lock_guard<std::mutex> lock(mutex_); return script_.size(); }

    // Random delays (uniform in [min, max] ms) before a request is forwarded to the server
    // and before the server's answer is forwarded to the client (Pass, SlowUpload), and the
    // seed they are drawn from.
    void SetDelays(int forward_min_ms, int forward_max_ms, int answer_min_ms, int answer_max_ms, unsigned seed = 1)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        fwd_min_ = forward_min_ms; fwd_max_ = std::max(forward_min_ms, forward_max_ms);
        ans_min_ = answer_min_ms; ans_max_ = std::max(answer_min_ms, answer_max_ms);
        rng_.seed(seed);
    }

    // Closes the connections held by Stall and Trickle.
    void ReleaseStalled() { release_gen_.fetch_add(1); }
    // Cuts every connection open now, both sides, with an RST (what a client had sent but
    // the proxy had not forwarded is lost, as on a cable pulled out). Returns at once.
    void AbortAll() { abort_gen_.fetch_add(1); }

    int Connections() const { return connections_seen_.load(); }
    std::vector<Request> Requests() const { std::lock_guard<std::mutex> lock(mutex_); return requests_; }
    size_t RequestCount() const { std::lock_guard<std::mutex> lock(mutex_); return requests_.size(); }
    // Requests that reached the server whole.
    size_t ForwardedCount() const
    {
        std::lock_guard<std::mutex> lock(mutex_);
        return static_cast<size_t>(std::count_if(requests_.begin(), requests_.end(), [](const Request& r) { return r.RequestForwarded; }));
    }
    // Waits until at least 'n' requests have arrived.
    bool WaitForRequests(size_t n, int timeout_ms) const
    {
        std::unique_lock<std::mutex> lock(mutex_);
        return cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return requests_.size() >= n; });
    }
    // Waits until no connection is being served (every worker thread has finished).
    bool WaitIdle(int timeout_ms) const
    {
        std::unique_lock<std::mutex> lock(mutex_);
        return cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return active_ == 0; });
    }
    void ClearRecords() { std::lock_guard<std::mutex> lock(mutex_); requests_.clear(); }

private:
    struct Worker
    {
        std::thread Thread;
        std::shared_ptr<std::atomic<bool>> Done;
    };

    // Owns a socket; Abort() closes it with an RST (SO_LINGER 0).
    class Fd
    {
    public:
        explicit Fd(int fd = -1) : fd_(fd) {}
        ~Fd() { Close(); }
        Fd(const Fd&) = delete;
        Fd& operator=(const Fd&) = delete;
        int Get() const { return fd_; }
        bool Valid() const { return fd_ >= 0; }
        void Reset(int fd) { Close(); fd_ = fd; }
        void Close() { if (fd_ >= 0) { ::close(fd_); fd_ = -1; } }
        void Abort()
        {
            if (fd_ < 0) return;
            linger l{ 1, 0 };
            ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
            Close();
        }
    private:
        int fd_;
    };

    void SetListening(bool on)
    {
        std::unique_lock<std::mutex> lock(mutex_);
        want_listening_ = on;
        cv_.wait(lock, [&] { return listening_ == on || stop_.load(); });
    }

    // The accept thread owns the listening socket; it also carries out StopListening /
    // StartListening, so no other thread ever polls a socket that is being replaced.
    void AcceptLoop()
    {
        while (!stop_.load())
        {
            bool want = true, have = true;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                want = want_listening_;
                have = listening_;
            }
            if (want != have)
            {
                bool changed = false;
                if (!want)
                {
                    // Closing the listener resets what waits in its backlog; the new socket is
                    // bound to the same port but does not listen: connect() is refused.
                    ::close(listen_fd_);
                    listen_fd_ = -1;
                    for (int i = 0; i < 200 && listen_fd_ < 0 && !stop_.load(); ++i)
                    {
                        listen_fd_ = FaultHttp::LoopbackSocket(port_);
                        if (listen_fd_ < 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
                    }
                    changed = listen_fd_ >= 0;
                }
                else
                {
                    changed = listen_fd_ >= 0 && ::listen(listen_fd_, 128) == 0;
                }
                {
                    std::lock_guard<std::mutex> lock(mutex_);
                    if (changed) listening_ = want;
                }
                cv_.notify_all();
                if (!changed) std::this_thread::sleep_for(std::chrono::milliseconds(5));
                continue;
            }
            ReapWorkers();
            if (!have)
            {
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
                continue;
            }
            pollfd p{ listen_fd_, POLLIN, 0 };
            if (::poll(&p, 1, 10) <= 0) continue;
            const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) continue;
            const int conn = connections_seen_.fetch_add(1);
            auto done = std::make_shared<std::atomic<bool>>(false);
            std::lock_guard<std::mutex> lock(mutex_);
            ++active_;
            workers_.push_back(Worker{ std::thread([this, fd, conn, done] {
                                           Serve(fd, conn);
                                           {
                                               std::lock_guard<std::mutex> l(mutex_);
                                               --active_;
                                           }
                                           cv_.notify_all();
                                           done->store(true);
                                       }),
                                       done });
        }
    }

    void ReapWorkers()
    {
        std::list<Worker> finished;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            for (auto it = workers_.begin(); it != workers_.end();)
            {
                if (it->Done->load()) { finished.splice(finished.end(), workers_, it++); }
                else ++it;
            }
        }
        for (Worker& w : finished) w.Thread.join();
    }

    // Waits for 'events' on 'fd' in short slices; false on stop, release (when
    // 'release_gen' is given and changes), error or the deadline.
    bool WaitFor(int fd, short events, Clock::time_point deadline = Clock::time_point::max(), const int* release_gen = nullptr)
    {
        return FaultHttp::PollFor(fd, events, [&] {
            return !stop_.load() && !Aborted() && !(release_gen && release_gen_.load() != *release_gen) &&
                   Clock::now() < deadline;
        });
    }

    void SleepMs(int ms, const int* release_gen = nullptr)
    {
        const auto until = Clock::now() + std::chrono::milliseconds(ms);
        while (!stop_.load() && !Aborted() && Clock::now() < until)
        {
            if (release_gen && release_gen_.load() != *release_gen) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(std::min(5, ms)));
        }
    }

    bool SendAll(int fd, const char* data, size_t size)
    {
        return FaultHttp::SendAll(fd, data, size, [this](int f) { return WaitFor(f, POLLOUT); });
    }
    bool SendAll(int fd, const std::string& s) { return SendAll(fd, s.data(), s.size()); }

    // Reads what is there (at most 'max'); 0 on EOF, -1 on error or stop.
    ssize_t RecvSome(int fd, std::string* into, size_t max = 65536, const int* release_gen = nullptr)
    {
        if (!WaitFor(fd, POLLIN, Clock::time_point::max(), release_gen)) return -1;
        char buf[65536];
        const ssize_t n = ::recv(fd, buf, std::min(max, sizeof(buf)), 0);
        if (n > 0) into->append(buf, static_cast<size_t>(n));
        return n < 0 ? -1 : n;
    }

    // Reads an HTTP head (through "\r\n\r\n") into 'head'; what was read past it stays in 'buf'.
    bool ReadHead(int fd, std::string* buf, std::string* head, size_t* from_client = nullptr, const int* release_gen = nullptr)
    {
        for (;;)
        {
            const size_t end = buf->find("\r\n\r\n");
            if (end != std::string::npos)
            {
                *head = buf->substr(0, end + 4);
                buf->erase(0, end + 4);
                return true;
            }
            if (buf->size() > 256 * 1024) return false;
            const ssize_t n = RecvSome(fd, buf, 65536, release_gen);
            if (n <= 0) return false;
            if (from_client) *from_client += static_cast<size_t>(n);
        }
    }

    Fault NextFault()
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (script_.empty()) return default_;
        Fault f = script_.front();
        script_.pop_front();
        return f;
    }

    int Draw(int lo, int hi)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (hi <= lo) return lo;
        return std::uniform_int_distribution<int>(lo, hi)(rng_);
    }

    // Records a new request; returns its index. Updates go through Update().
    int AddRequest(const Request& r)
    {
        int index;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            index = static_cast<int>(requests_.size());
            requests_.push_back(r);
            requests_.back().Index = index;
        }
        cv_.notify_all();
        return index;
    }
    template <class F> void Update(int index, F&& f)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (index >= 0 && static_cast<size_t>(index) < requests_.size()) f(requests_[static_cast<size_t>(index)]);
    }

    bool ConnectUpstream(Fd* up)
    {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) return false;
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(static_cast<uint16_t>(upstream_port_.load()));
        if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) { ::close(fd); return false; }
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        up->Reset(fd);
        return true;
    }

    // Reads one whole answer from the server: head + body (Content-Length, or up to the
    // close when there is none). Interim 1xx answers are skipped.
    bool ReadResponse(int fd, std::string* buf, std::string* head, std::string* body, bool* server_closes)
    {
        for (;;)
        {
            if (!ReadHead(fd, buf, head)) return false;
            if (head->compare(0, 10, "HTTP/1.1 1") != 0 && head->compare(0, 10, "HTTP/1.0 1") != 0) break;
        }
        const std::string cl = FaultHttp::HeaderValue(*head, "content-length");
        *server_closes = FaultHttp::Lower(FaultHttp::HeaderValue(*head, "connection")) == "close" || head->compare(0, 8, "HTTP/1.0") == 0;
        if (!cl.empty())
        {
            const size_t len = std::stoul(cl);
            while (buf->size() < len)
                if (RecvSome(fd, buf) <= 0) return false;
            *body = buf->substr(0, len);
            buf->erase(0, len);
            return true;
        }
        *server_closes = true;
        for (;;)
        {
            const ssize_t n = RecvSome(fd, buf);
            if (n == 0) break;
            if (n < 0) return false;
        }
        *body = *buf;
        buf->clear();
        return true;
    }

    // The AbortAll() generation a connection thread started in.
    static int& ThreadAbortGen()
    {
        static thread_local int gen = 0;
        return gen;
    }
    bool Aborted() const { return abort_gen_.load() != ThreadAbortGen(); }

    void Serve(int raw_fd, int conn)
    {
        ThreadAbortGen() = abort_gen_.load();
        Fd client(raw_fd);
        Fd up;
        ServeConnection(client, up, conn);
        if (Aborted())
        {
            client.Abort();
            up.Abort();
        }
    }

    // One client connection: requests in turn, each with the fault it draws.
    void ServeConnection(Fd& client, Fd& up, int conn)
    {
        const int raw_fd = client.Get();
        std::string client_buf, up_buf;
        int one = 1;
        ::setsockopt(raw_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        while (!stop_.load() && !Aborted())
        {
            // The next request starts with its first byte (or the connection ends).
            if (client_buf.empty())
            {
                if (!WaitFor(client.Get(), POLLIN)) return;
                char c;
                const ssize_t n = ::recv(client.Get(), &c, 1, MSG_PEEK);
                if (n <= 0) return;
            }
            const Fault fault = NextFault();
            Request rec;
            rec.Connection = conn;
            rec.Applied = fault.What;
            rec.Arrived = Clock::now();
            const int gen = release_gen_.load();

            if (fault.What == Mode::Stall)
            {
                AddRequest(rec);
                while (!stop_.load() && !Aborted() && release_gen_.load() == gen) std::this_thread::sleep_for(std::chrono::milliseconds(5));
                return;
            }
            if (fault.What == Mode::CloseAtOnce)
            {
                AddRequest(rec);
                client.Abort();
                return;
            }

            std::string head;
            size_t from_client = 0;
            if (!ReadHead(client.Get(), &client_buf, &head, &from_client))
            {
                if (!client_buf.empty() || from_client > 0) { rec.ClientGone = true; rec.BytesFromClient = from_client; AddRequest(rec); }
                return;
            }
            const size_t line_end = head.find("\r\n");
            const std::string first = head.substr(0, line_end);
            const size_t sp1 = first.find(' ');
            const size_t sp2 = first.find(' ', sp1 + 1);
            rec.Method = first.substr(0, sp1);
            rec.Path = sp1 == std::string::npos ? std::string() : first.substr(sp1 + 1, sp2 - sp1 - 1);
            const std::string cl = FaultHttp::HeaderValue(head, "content-length");
            rec.ContentLength = cl.empty() ? 0 : std::stoul(cl);
            const bool client_closes = FaultHttp::Lower(FaultHttp::HeaderValue(head, "connection")) == "close";
            rec.BytesFromClient = head.size();
            const int index = AddRequest(rec);

            // Reads the body from the client (what ReadHead read ahead first), passing each
            // piece to 'sink'; at most 'per_read' bytes a read, 'pause_ms' between reads.
            size_t body_left = rec.ContentLength;
            auto pump_body = [&](auto&& sink, size_t per_read, int pause_ms) -> bool {
                while (body_left > 0)
                {
                    if (client_buf.empty())
                    {
                        if (pause_ms > 0)
                        {
                            SleepMs(pause_ms);
                            // A slow link loses what a client that went away had not got
                            // through yet (the kernel would otherwise hand it over slowly).
                            pollfd p{ client.Get(), POLLRDHUP, 0 };
                            if (::poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)))
                            {
                                Update(index, [](Request& r) { r.ClientGone = true; });
                                return false;
                            }
                        }
                        std::string got;
                        const ssize_t n = RecvSome(client.Get(), &got, std::min(per_read, body_left));
                        if (n <= 0)
                        {
                            Update(index, [](Request& r) { r.ClientGone = true; });
                            return false;
                        }
                        client_buf = std::move(got);
                    }
                    const size_t take = std::min({ client_buf.size(), body_left, per_read });
                    const std::string piece = client_buf.substr(0, take);
                    client_buf.erase(0, take);
                    body_left -= take;
                    Update(index, [&](Request& r) {
                        r.BytesFromClient += take;
                        if (r.BodyStart.size() < 65536) r.BodyStart += piece.substr(0, 65536 - r.BodyStart.size());
                    });
                    if (!sink(piece)) return false;
                }
                return true;
            };
            auto discard = [](const std::string&) { return true; };

            if (fault.What == Mode::Respond || fault.What == Mode::Trickle)
            {
                if (!pump_body(discard, 65536, 0)) return;
                Update(index, [](Request& r) { r.WholeAt = Clock::now(); });
                if (fault.What == Mode::Trickle)
                {
                    const std::string answer = "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                                               "Content-Length: 1000000\r\nConnection: close\r\n\r\n";
                    size_t sent = 0;
                    while (!stop_.load() && !Aborted() && release_gen_.load() == gen)
                    {
                        const size_t n = std::max<size_t>(1, fault.TrickleBytes);
                        const std::string piece = sent < answer.size() ? answer.substr(sent, n) : std::string(n, ' ');
                        if (!SendAll(client.Get(), piece)) return;
                        sent += piece.size();
                        SleepMs(fault.TrickleMs, &gen);
                    }
                    return;
                }
                const std::string body = fault.Body.empty()
                    ? std::string("{\"error\":{\"code\":\"internal\",\"field\":\"\",\"message\":\"fault proxy: ") +
                          std::to_string(fault.Status) + "\",\"limit\":0}}"
                    : fault.Body;
                std::string out = "HTTP/1.1 " + std::to_string(fault.Status) + " " + FaultHttp::ReasonPhrase(fault.Status) + "\r\n";
                out += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
                if (!fault.RetryAfter.empty()) out += "Retry-After: " + fault.RetryAfter + "\r\n";
                out += "Connection: close\r\n\r\n" + body;
                const bool sent = SendAll(client.Get(), out);
                Update(index, [&](Request& r) { r.Answered = sent; });
                // Let the client read the answer before the close.
                ::shutdown(client.Get(), SHUT_WR);
                std::string sink;
                const auto until = Clock::now() + std::chrono::seconds(2);
                while (WaitFor(client.Get(), POLLIN, until) && RecvSome(client.Get(), &sink) > 0) sink.clear();
                return;
            }

            // Every other fault forwards (some of) the request.
            if (fault.What == Mode::Pass || fault.What == Mode::DropResponse || fault.What == Mode::SlowUpload)
            {
                int fwd_min, fwd_max;
                {
                    std::lock_guard<std::mutex> lock(mutex_);
                    fwd_min = fwd_min_;
                    fwd_max = fwd_max_;
                }
                const int delay = Draw(fwd_min, fwd_max);
                if (delay > 0) SleepMs(delay);
            }
            // A kept-alive server connection that the server has closed meanwhile is replaced.
            if (up.Valid())
            {
                pollfd p{ up.Get(), POLLIN, 0 };
                if (::poll(&p, 1, 0) != 0) { up.Close(); up_buf.clear(); }
            }
            if (!up.Valid() && !ConnectUpstream(&up))
            {
                // Nothing listens behind the proxy: the client sees a reset, as from a dead host.
                client.Abort();
                return;
            }
            size_t forwarded = 0;
            bool upstream_ok = true;
            auto forward = [&](const std::string& piece) {
                if (fault.What == Mode::ResetMidUpload && forwarded + piece.size() >= fault.ResetAfterBytes)
                {
                    const size_t part = fault.ResetAfterBytes > forwarded ? fault.ResetAfterBytes - forwarded : 0;
                    if (part > 0) SendAll(up.Get(), piece.data(), part);
                    forwarded += part;
                    Update(index, [&](Request& r) { r.BytesForwarded = forwarded; });
                    return false;
                }
                if (!SendAll(up.Get(), piece)) { upstream_ok = false; return false; }
                forwarded += piece.size();
                Update(index, [&](Request& r) { r.BytesForwarded = forwarded; });
                return true;
            };
            const size_t per_read = fault.What == Mode::SlowUpload ? std::max<size_t>(1, fault.TrickleBytes) : 65536;
            const int pause = fault.What == Mode::SlowUpload ? fault.TrickleMs : 0;
            const bool whole = forward(head) && pump_body(forward, per_read, pause);
            if (!whole)
            {
                // Reset mid-upload, a client that went away, or a server that did: the other
                // side learns it at once, with an RST, and never sees a whole request.
                up.Abort();
                client.Abort();
                return;
            }
            Update(index, [](Request& r) { r.RequestForwarded = true; r.WholeAt = Clock::now(); });

            std::string rhead, rbody;
            bool server_closes = false;
            if (!upstream_ok || !ReadResponse(up.Get(), &up_buf, &rhead, &rbody, &server_closes))
            {
                up.Abort();
                client.Abort();
                return;
            }
            Update(index, [&](Request& r) {
                r.UpstreamStatus = FaultHttp::StatusOf(rhead);
                r.UpstreamBody = rbody;
                r.UpstreamAt = Clock::now();
            });
            if (server_closes) { up.Close(); up_buf.clear(); }

            if (fault.What == Mode::DropResponse)
            {
                // The server has answered (and committed); the client hears nothing.
                up.Close();
                client.Close();
                return;
            }
            int ans_min, ans_max;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                ans_min = ans_min_;
                ans_max = ans_max_;
            }
            const int delay = Draw(ans_min, ans_max);
            if (delay > 0) SleepMs(delay);
            if (!SendAll(client.Get(), rhead) || !SendAll(client.Get(), rbody)) return;
            Update(index, [](Request& r) { r.Answered = true; });
            if (server_closes || client_closes)
            {
                ::shutdown(client.Get(), SHUT_WR);
                std::string sink;
                const auto until = Clock::now() + std::chrono::seconds(2);
                while (WaitFor(client.Get(), POLLIN, until) && RecvSome(client.Get(), &sink) > 0) sink.clear();
                return;
            }
        }
    }

    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<int> upstream_port_{ 0 };
    std::atomic<bool> stop_{ false };
    std::atomic<int> connections_seen_{ 0 };
    std::atomic<int> release_gen_{ 0 };
    std::atomic<int> abort_gen_{ 0 };
    std::thread accept_thread_;

    mutable std::mutex mutex_;                 // guards everything below
    mutable std::condition_variable cv_;
    bool want_listening_ = false;
    bool listening_ = false;
    std::list<Worker> workers_;
    int active_ = 0;
    std::vector<Request> requests_;
    std::deque<Fault> script_;
    Fault default_;
    int fwd_min_ = 0, fwd_max_ = 0, ans_min_ = 0, ans_max_ = 0;
    std::mt19937 rng_{ 1 };
};

} // namespace ImContactTest
