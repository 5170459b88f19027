// Test support: the loopback socket and HTTP/1.1 framing helpers that the two network
// fakes share (fault_server.h, a canned-answer HTTP server; fault_proxy.h, a fault-
// injecting proxy in front of the real receiver): one copy of binding, polling in short
// slices, sending, and reading/parsing an HTTP head.
//
// Thread-safety: every function is reentrant; a socket belongs to the caller's thread.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace ImContactTest
{
namespace FaultHttp
{

// A TCP socket bound to 127.0.0.1:'port' (0 = any free port), SO_REUSEADDR, not yet
// listening; -1 on failure. The caller owns it.
inline int LoopbackSocket(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0)
    {
        ::close(fd);
        return -1;
    }
    return fd;
}

// The port a bound socket got; 0 on failure.
inline int PortOf(int fd)
{
    sockaddr_in addr{};
    socklen_t len = sizeof(addr);
    if (fd < 0 || ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return 0;
    return ntohs(addr.sin_port);
}

// Waits for 'events' on 'fd' in 10 ms slices while 'keep_waiting()' is true. True when
// ready; false on an error or once 'keep_waiting' says stop.
template <class KeepWaiting> bool PollFor(int fd, short events, KeepWaiting&& keep_waiting)
{
    while (keep_waiting())
    {
        pollfd p{ fd, events, 0 };
        const int r = ::poll(&p, 1, 10);
        if (r > 0) return true;
        if (r < 0 && errno != EINTR) return false;
    }
    return false;
}

// Sends all of 'data', waiting for the socket through 'wait_writable(fd)'. False when the
// peer is gone or the wait gave up.
template <class WaitWritable> bool SendAll(int fd, const char* data, size_t size, WaitWritable&& wait_writable)
{
    size_t done = 0;
    while (done < size)
    {
        if (!wait_writable(fd)) return false;
        const ssize_t n = ::send(fd, data + done, size - done, MSG_NOSIGNAL);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) return false;
        done += static_cast<size_t>(n);
    }
    return true;
}

inline std::string Lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// The header lines of an HTTP head (after its first line), names lower-cased, values
// without leading blanks.
inline std::vector<std::pair<std::string, std::string>> HeaderLines(const std::string& head)
{
    std::vector<std::pair<std::string, std::string>> out;
    size_t pos = head.find("\r\n");
    while (pos != std::string::npos && pos + 2 < head.size())
    {
        const size_t start = pos + 2;
        const size_t end = head.find("\r\n", start);
        const std::string line = head.substr(start, end == std::string::npos ? std::string::npos : end - start);
        const size_t colon = line.find(':');
        if (colon != std::string::npos)
        {
            size_t v = colon + 1;
            while (v < line.size() && line[v] == ' ') ++v;
            out.emplace_back(Lower(line.substr(0, colon)), line.substr(v));
        }
        pos = end;
    }
    return out;
}

// The value of header 'lower_name' in an HTTP head, or empty.
inline std::string HeaderValue(const std::string& head, const std::string& lower_name)
{
    for (const auto& h : HeaderLines(head))
        if (h.first == lower_name) return h.second;
    return std::string();
}

// The status code of a response head ("HTTP/1.1 503 ..."), 0 when there is none.
inline int StatusOf(const std::string& head)
{
    const size_t sp = head.find(' ');
    return sp == std::string::npos ? 0 : std::atoi(head.c_str() + sp + 1);
}

inline const char* ReasonPhrase(int status)
{
    switch (status)
    {
    case 200: return "OK";
    case 201: return "Created";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default:  return "Status";
    }
}

} // namespace FaultHttp
} // namespace ImContactTest
