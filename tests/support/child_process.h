// Test support: runs a program (imcontact-send) as a child process with fork + exec,
// its stdout and stderr read through pipes, optionally with a file-size limit
// (RLIMIT_FSIZE, SIGXFSZ ignored so a write over it fails with EFBIG), and kills it.
// Only async-signal-safe calls run between fork and exec (the test process has threads).
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace ImContactTest
{

struct ChildSpec
{
    std::vector<std::string> Argv;        // Argv[0] is the program path
    std::vector<std::string> Env;         // "NAME=value", added to (or replacing) the parent's
    long long FileSizeLimit = -1;         // RLIMIT_FSIZE in bytes; -1 = unchanged
};

class Child
{
public:
    Child() = default;
    ~Child()
    {
        if (pid_ > 0 && !reaped_)
        {
            ::kill(pid_, SIGKILL);
            int status = 0;
            ::waitpid(pid_, &status, 0);
        }
        if (out_fd_ >= 0) ::close(out_fd_);
        if (err_fd_ >= 0) ::close(err_fd_);
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    bool Start(const ChildSpec& spec)
    {
        if (spec.Argv.empty()) return false;
        // Everything exec needs is built before fork.
        std::vector<std::string> env_strings;
        for (char** e = environ; e && *e; ++e)
        {
            const std::string kv = *e;
            bool replaced = false;
            for (const std::string& add : spec.Env)
                if (kv.compare(0, add.find('=') + 1, add, 0, add.find('=') + 1) == 0) replaced = true;
            if (!replaced) env_strings.push_back(kv);
        }
        for (const std::string& add : spec.Env) env_strings.push_back(add);
        std::vector<char*> argv, envp;
        for (const std::string& a : spec.Argv) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        for (const std::string& e : env_strings) envp.push_back(const_cast<char*>(e.c_str()));
        envp.push_back(nullptr);

        int out_pipe[2], err_pipe[2];
        if (::pipe2(out_pipe, O_CLOEXEC) != 0) return false;
        if (::pipe2(err_pipe, O_CLOEXEC) != 0) { ::close(out_pipe[0]); ::close(out_pipe[1]); return false; }
        const long long fsize = spec.FileSizeLimit;
        started_ = std::chrono::steady_clock::now();
        const pid_t pid = ::fork();
        if (pid < 0)
        {
            for (int fd : { out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1] }) ::close(fd);
            return false;
        }
        if (pid == 0)
        {
            ::dup2(out_pipe[1], 1);
            ::dup2(err_pipe[1], 2);
            const int devnull = ::open("/dev/null", O_RDONLY);
            if (devnull >= 0) ::dup2(devnull, 0);
            if (fsize >= 0)
            {
                struct sigaction sa;
                std::memset(&sa, 0, sizeof(sa));
                sa.sa_handler = SIG_IGN;
                ::sigaction(SIGXFSZ, &sa, nullptr);
                rlimit rl{ static_cast<rlim_t>(fsize), static_cast<rlim_t>(fsize) };
                ::setrlimit(RLIMIT_FSIZE, &rl);
            }
            ::execve(argv[0], argv.data(), envp.data());
            static const char msg[] = "child: exec failed\n";
            (void)!::write(2, msg, sizeof(msg) - 1);
            ::_exit(127);
        }
        ::close(out_pipe[1]);
        ::close(err_pipe[1]);
        out_fd_ = out_pipe[0];
        err_fd_ = err_pipe[0];
        ::fcntl(out_fd_, F_SETFL, O_NONBLOCK);
        ::fcntl(err_fd_, F_SETFL, O_NONBLOCK);
        pid_ = pid;
        return true;
    }

    pid_t Pid() const { return pid_; }

    // Reads what the child wrote so far (waits at most 'timeout_ms' for something).
    void Pump(int timeout_ms = 0)
    {
        pollfd p[2] = { { out_fd_, POLLIN, 0 }, { err_fd_, POLLIN, 0 } };
        if (::poll(p, 2, timeout_ms) <= 0) return;
        Drain(out_fd_, &out_);
        Drain(err_fd_, &err_);
    }

    // True once the child has ended; 'status' as waitpid gives it. Reads its output meanwhile.
    bool Wait(int timeout_ms)
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        for (;;)
        {
            if (!reaped_)
            {
                const pid_t r = ::waitpid(pid_, &status_, WNOHANG);
                if (r == pid_) { reaped_ = true; ended_ = std::chrono::steady_clock::now(); }
            }
            if (reaped_)
            {
                // The pipes hold the rest of what it wrote.
                Drain(out_fd_, &out_);
                Drain(err_fd_, &err_);
                return true;
            }
            if (std::chrono::steady_clock::now() >= deadline) return false;
            Pump(2);
        }
    }

    void Kill(int sig = SIGKILL) { if (pid_ > 0 && !reaped_) ::kill(pid_, sig); }

    bool Exited() const { return reaped_ && WIFEXITED(status_); }
    int  ExitCode() const { return Exited() ? WEXITSTATUS(status_) : -1; }
    bool Signalled() const { return reaped_ && WIFSIGNALED(status_); }
    int  Signal() const { return Signalled() ? WTERMSIG(status_) : 0; }
    double Seconds() const { return std::chrono::duration<double>(ended_ - started_).count(); }
    const std::string& Out() const { return out_; }
    const std::string& Err() const { return err_; }

private:
    static void Drain(int fd, std::string* into)
    {
        if (fd < 0) return;
        char buf[4096];
        for (;;)
        {
            const ssize_t n = ::read(fd, buf, sizeof(buf));
            if (n > 0) { into->append(buf, static_cast<size_t>(n)); continue; }
            if (n < 0 && errno == EINTR) continue;
            return;
        }
    }

    pid_t pid_ = -1;
    int out_fd_ = -1, err_fd_ = -1;
    int status_ = 0;
    bool reaped_ = false;
    std::string out_, err_;
    std::chrono::steady_clock::time_point started_{}, ended_{};
};

// Runs a child to the end (killed after 'timeout_ms'); the finished Child is returned.
struct ChildResult
{
    bool Started = false;
    bool TimedOut = false;
    bool Exited = false;
    int  ExitCode = -1;
    int  Signal = 0;
    double Seconds = 0;
    std::string Out, Err;
};

inline ChildResult RunChild(const ChildSpec& spec, int timeout_ms)
{
    ChildResult r;
    Child c;
    if (!c.Start(spec)) return r;
    r.Started = true;
    if (!c.Wait(timeout_ms))
    {
        r.TimedOut = true;
        c.Kill(SIGKILL);
        c.Wait(10000);
    }
    r.Exited = c.Exited();
    r.ExitCode = c.ExitCode();
    r.Signal = c.Signal();
    r.Seconds = c.Seconds();
    r.Out = c.Out();
    r.Err = c.Err();
    return r;
}

} // namespace ImContactTest
