// Test support: a small real HTTP/1.1 server on loopback for the faults the real
// receiver cannot produce on demand: 4xx/5xx answers, canned receipts, stalls, trickles.
// Raw POSIX sockets, one thread per connection; every connection is closed after one
// answer. Not a mock of libcurl: the submitter talks to it over TCP like to any server.
// Its sockets and HTTP framing are fault_http.h, shared with the fault proxy
// (fault_proxy.h), which puts the same kinds of fault in front of the real receiver.
//
//   ImContactTest::FaultServer srv;
//   REQUIRE(srv.Start());
//   srv.Respond(503, R"({"error":{"code":"internal","message":"down"}})");
//   cfg.Endpoint = srv.Url();
//   ... srv.Requests() ...
//   srv.Stop();   // also the destructor; releases stalled connections
#pragma once

#include "fault_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ImContactTest
{

struct RecordedRequest
{
    std::string Method;
    std::string Path;
    std::vector<std::pair<std::string, std::string>> Headers;   // names lower-cased
    std::string Body;

    std::string Header(const std::string& lower_name) const
    {
        for (const auto& h : Headers)
            if (h.first == lower_name) return h.second;
        return std::string();
    }
};

struct Reply
{
    int Status = 200;
    std::string Body;
    std::string ContentType = "application/json";
};

struct MultipartPart
{
    std::string Name, FileName, ContentType, Data;
};

// Splits a multipart/form-data body. Empty on malformed input.
inline std::vector<MultipartPart> ParseMultipart(const std::string& content_type, const std::string& body)
{
    std::vector<MultipartPart> parts;
    const size_t b = content_type.find("boundary=");
    if (b == std::string::npos) return parts;
    std::string boundary = content_type.substr(b + 9);
    if (!boundary.empty() && boundary.front() == '"') boundary = boundary.substr(1, boundary.find('"', 1) - 1);
    const std::string delim = "--" + boundary;
    size_t pos = body.find(delim);
    while (pos != std::string::npos)
    {
        pos += delim.size();
        if (body.compare(pos, 2, "--") == 0) break;
        pos += 2;   // CRLF
        const size_t head_end = body.find("\r\n\r\n", pos);
        if (head_end == std::string::npos) return {};
        const std::string head = body.substr(pos, head_end - pos);
        const size_t next = body.find("\r\n" + delim, head_end + 4);
        if (next == std::string::npos) return {};
        MultipartPart part;
        part.Data = body.substr(head_end + 4, next - head_end - 4);
        auto attr = [&](const std::string& key) {
            const size_t k = head.find(key + "=\"");
            if (k == std::string::npos) return std::string();
            const size_t start = k + key.size() + 2;
            return head.substr(start, head.find('"', start) - start);
        };
        part.Name = attr("name");
        part.FileName = attr("filename");
        std::string lower = head;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        const size_t ct = lower.find("content-type:");
        if (ct != std::string::npos)
        {
            size_t start = ct + 13;
            while (start < head.size() && head[start] == ' ') ++start;
            const size_t end = head.find("\r\n", start);
            part.ContentType = head.substr(start, end == std::string::npos ? std::string::npos : end - start);
        }
        parts.push_back(std::move(part));
        pos = next + 2;
    }
    return parts;
}

class FaultServer
{
public:
    enum class Mode
    {
        Respond,            // read the request, answer with the reply (after ResponseDelayMs)
        StallAfterRequest,  // read the request, never answer (until Stop)
        StallBeforeRead,    // accept, read nothing, never answer (until Stop)
        Trickle,            // read the request, send headers, then one body byte every TrickleMs
    };

    FaultServer() = default;
    ~FaultServer() { Stop(); }
    FaultServer(const FaultServer&) = delete;
    FaultServer& operator=(const FaultServer&) = delete;

    bool Start()
    {
        listen_fd_ = FaultHttp::LoopbackSocket(0);
        if (listen_fd_ < 0) return false;
        if (::listen(listen_fd_, 16) != 0)
        {
            ::close(listen_fd_);
            listen_fd_ = -1;
            return false;
        }
        port_ = FaultHttp::PortOf(listen_fd_);
        accept_thread_ = std::thread([this] { AcceptLoop(); });
        return true;
    }

    void Stop()
    {
        stop_.store(true);
        if (accept_thread_.joinable()) accept_thread_.join();
        std::vector<std::thread> threads;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            threads.swap(connections_);
        }
        for (std::thread& t : threads) t.join();
        if (listen_fd_ >= 0) { ::close(listen_fd_); listen_fd_ = -1; }
    }

    int Port() const { return port_; }
    std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    void SetMode(Mode mode) { std::lock_guard<std::mutex> lock(mutex_); mode_ = mode; }
    void Respond(int status, std::string body, std::string content_type = "application/json")
    {
        std::lock_guard<std::mutex> lock(mutex_);
        mode_ = Mode::Respond;
        handler_ = nullptr;
        reply_ = Reply{ status, std::move(body), std::move(content_type) };
    }
    // Computes the reply from the request (Respond mode).
    void SetHandler(std::function<Reply(const RecordedRequest&)> handler)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        mode_ = Mode::Respond;
        handler_ = std::move(handler);
    }
    void SetResponseDelayMs(int ms) { std::lock_guard<std::mutex> lock(mutex_); delay_ms_ = ms; }
    void SetTrickleMs(int ms) { std::lock_guard<std::mutex> lock(mutex_); trickle_ms_ = ms; }

    int Connections() const { return connections_seen_.load(); }
    std::vector<RecordedRequest> Requests() const { std::lock_guard<std::mutex> lock(mutex_); return requests_; }
    size_t RequestCount() const { std::lock_guard<std::mutex> lock(mutex_); return requests_.size(); }

private:
    void AcceptLoop()
    {
        while (!stop_.load())
        {
            pollfd p{ listen_fd_, POLLIN, 0 };
            if (::poll(&p, 1, 20) <= 0) continue;
            const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) continue;
            connections_seen_.fetch_add(1);
            std::lock_guard<std::mutex> lock(mutex_);
            connections_.emplace_back([this, fd] { Serve(fd); ::close(fd); });
        }
    }

    // Waits for 'fd' to become readable or writable, in short slices so that Stop() is seen.
    bool WaitFor(int fd, short events)
    {
        return FaultHttp::PollFor(fd, events, [this] { return !stop_.load(); });
    }

    void SleepMs(int ms)
    {
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
        while (!stop_.load() && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }

    void HoldUntilStop()
    {
        while (!stop_.load()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }

    bool SendAll(int fd, const std::string& data)
    {
        return FaultHttp::SendAll(fd, data.data(), data.size(), [this](int f) { return WaitFor(f, POLLOUT); });
    }

    bool ReadRequest(int fd, RecordedRequest* req)
    {
        std::string data;
        char buf[65536];
        size_t head_end = std::string::npos;
        size_t content_length = 0;
        for (;;)
        {
            if (head_end == std::string::npos)
            {
                head_end = data.find("\r\n\r\n");
                if (head_end != std::string::npos)
                {
                    ParseHead(data.substr(0, head_end), req);
                    const std::string cl = req->Header("content-length");
                    content_length = cl.empty() ? 0 : std::stoul(cl);
                }
            }
            if (head_end != std::string::npos && data.size() >= head_end + 4 + content_length)
            {
                req->Body = data.substr(head_end + 4, content_length);
                return true;
            }
            if (!WaitFor(fd, POLLIN)) return false;
            const ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
            if (n <= 0) return false;
            data.append(buf, static_cast<size_t>(n));
        }
    }

    static void ParseHead(const std::string& head, RecordedRequest* req)
    {
        const std::string first = head.substr(0, head.find("\r\n"));
        const size_t sp1 = first.find(' ');
        const size_t sp2 = first.find(' ', sp1 + 1);
        req->Method = first.substr(0, sp1);
        req->Path = first.substr(sp1 + 1, sp2 - sp1 - 1);
        req->Headers = FaultHttp::HeaderLines(head);
    }

    void Serve(int fd)
    {
        Mode mode;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            mode = mode_;
        }
        if (mode == Mode::StallBeforeRead) return HoldUntilStop();

        RecordedRequest req;
        if (!ReadRequest(fd, &req)) return;
        Reply reply;
        int delay = 0, trickle = 0;
        std::function<Reply(const RecordedRequest&)> handler;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            requests_.push_back(req);
            reply = reply_;
            handler = handler_;
            delay = delay_ms_;
            trickle = trickle_ms_;
        }
        if (mode == Mode::StallAfterRequest) return HoldUntilStop();
        if (mode == Mode::Trickle)
        {
            const std::string head = "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n";
            if (!SendAll(fd, head)) return;
            while (!stop_.load())
            {
                if (!SendAll(fd, " ")) return;
                SleepMs(trickle);
            }
            return;
        }
        if (handler) reply = handler(req);
        if (delay > 0) SleepMs(delay);
        std::string out = "HTTP/1.1 " + std::to_string(reply.Status) + " " + FaultHttp::ReasonPhrase(reply.Status) + "\r\n";
        out += "Content-Type: " + reply.ContentType + "\r\n";
        out += "Content-Length: " + std::to_string(reply.Body.size()) + "\r\nConnection: close\r\n\r\n";
        out += reply.Body;
        SendAll(fd, out);
        ::shutdown(fd, SHUT_WR);
        // Let the client read everything before the close.
        char sink[4096];
        while (WaitFor(fd, POLLIN) && ::recv(fd, sink, sizeof(sink), 0) > 0) {}
    }

    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{ false };
    std::atomic<int> connections_seen_{ 0 };
    std::thread accept_thread_;
    mutable std::mutex mutex_;
    std::vector<std::thread> connections_;
    std::vector<RecordedRequest> requests_;
    Mode mode_ = Mode::Respond;
    Reply reply_;
    std::function<Reply(const RecordedRequest&)> handler_;
    int delay_ms_ = 0;
    int trickle_ms_ = 100;
};

// A loopback port where nothing listens: the socket is bound but never listens, so a
// connection is refused at once (and no other test can take the port meanwhile).
class ClosedPort
{
public:
    ClosedPort()
    {
        fd_ = FaultHttp::LoopbackSocket(0);
        port_ = FaultHttp::PortOf(fd_);
    }
    ~ClosedPort() { if (fd_ >= 0) ::close(fd_); }
    ClosedPort(const ClosedPort&) = delete;
    ClosedPort& operator=(const ClosedPort&) = delete;
    int Port() const { return port_; }
    std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    int fd_ = -1;
    int port_ = 0;
};

} // namespace ImContactTest
