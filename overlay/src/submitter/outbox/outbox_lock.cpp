// The per-report lock of the outbox (see outbox_lock.h).
#include "outbox_lock.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ImContact
{

ReportLock::ReportLock(ReportLock&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_))
{
    other.fd_ = -1;
}

ReportLock& ReportLock::operator=(ReportLock&& other) noexcept
{
    if (this != &other)
    {
        Release();
        fd_ = other.fd_;
        path_ = std::move(other.path_);
        other.fd_ = -1;
    }
    return *this;
}

ReportLock::Result ReportLock::TryLock(const std::string& path, bool create, std::string* error)
{
    Release();
    // A few rounds: each lost race against an unlink means the holder just finished.
    for (int round = 0; round < 8; ++round)
    {
        const int flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0);
        const int fd = ::open(path.c_str(), flags, 0600);
        if (fd < 0)
        {
            const int err = errno;
            if (err == ENOENT && !create) return Result::Missing;
            if (err == EINTR) continue;
            if (error) *error = "could not open the lock " + path + ": " + std::strerror(err);
            return Result::Error;
        }
        int rc;
        do rc = ::flock(fd, LOCK_EX | LOCK_NB);
        while (rc != 0 && errno == EINTR);
        if (rc != 0)
        {
            const int err = errno;
            ::close(fd);
            if (err == EWOULDBLOCK) return Result::Busy;
            if (error) *error = "could not lock " + path + ": " + std::strerror(err);
            return Result::Error;
        }
        struct stat locked{}, named{};
        if (::fstat(fd, &locked) == 0 && ::stat(path.c_str(), &named) == 0 &&
            locked.st_dev == named.st_dev && locked.st_ino == named.st_ino)
        {
            fd_ = fd;
            path_ = path;
            return Result::Locked;
        }
        // The holder unlinked it after we opened it: that file locks nothing any more.
        ::close(fd);
        if (!create && ::access(path.c_str(), F_OK) != 0) return Result::Missing;
    }
    if (error) *error = "could not lock " + path + ": it keeps being replaced";
    return Result::Error;
}

void ReportLock::UnlinkAndRelease()
{
    if (fd_ < 0) return;
    ::unlink(path_.c_str());
    Release();
}

void ReportLock::Release()
{
    if (fd_ >= 0) ::close(fd_);   // closing the only descriptor releases the flock
    fd_ = -1;
    path_.clear();
}

} // namespace ImContact
