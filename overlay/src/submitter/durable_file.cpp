// Durable file operations shared by the outbox and "My requests" (see durable_file.h).
#include "durable_file.h"

#include "imcontact/internal/clock.h"
#include "imcontact/internal/random.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ImContact
{
namespace fs = std::filesystem;

bool MoveAsideCorrupt(const std::string& path, std::string* moved_to, int* err_no)
{
    const std::string stamp = FormatNowUtc("%Y%m%dT%H%M%SZ");
    std::string backup = path + ".corrupt-" + stamp;
    for (int i = 1; i < 1000 && ::access(backup.c_str(), F_OK) == 0; ++i)
        backup = path + ".corrupt-" + stamp + "-" + std::to_string(i);
    if (moved_to) *moved_to = backup;
    if (::rename(path.c_str(), backup.c_str()) == 0) return true;
    if (err_no) *err_no = errno;
    return false;
}

std::string JoinPath(const std::string& dir, const std::string& name)
{
    return (fs::path(dir) / name).string();
}

bool EnsureDirectory(const std::string& dir, std::string* error)
{
    struct stat st{};
    if (::stat(dir.c_str(), &st) == 0)
    {
        if (S_ISDIR(st.st_mode)) return true;
        if (error) *error = dir + " is not a directory";
        return false;
    }
    const fs::path parent = fs::path(dir).parent_path();
    std::error_code ec;
    if (!parent.empty()) fs::create_directories(parent, ec);
    if (ec)
    {
        if (error) *error = "could not create " + parent.string() + ": " + ec.message();
        return false;
    }
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    {
        if (error) *error = "could not create " + dir + ": " + std::strerror(errno);
        return false;
    }
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    {
        if (error) *error = dir + " is not a directory";
        return false;
    }
    return true;
}

static FileStamp StampOf(const struct stat& st)
{
    FileStamp s;
    s.Dev = static_cast<uint64_t>(st.st_dev);
    s.Ino = static_cast<uint64_t>(st.st_ino);
    s.Size = static_cast<uint64_t>(st.st_size);
    s.MtimeNs = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return s;
}

bool StatFile(const std::string& path, FileStamp* stamp, bool* regular)
{
    struct stat st{};
    if (::lstat(path.c_str(), &st) != 0) return false;
    if (stamp) *stamp = StampOf(st);
    if (regular) *regular = S_ISREG(st.st_mode);
    return true;
}

int ReadFileLimited(const std::string& path, uint64_t max_bytes, std::string* out, FileStamp* stamp)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) return errno;
    struct stat st{};
    if (::fstat(fd, &st) != 0)
    {
        const int err = errno;
        ::close(fd);
        return err;
    }
    if (!S_ISREG(st.st_mode))
    {
        ::close(fd);
        return S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
    }
    if (stamp) *stamp = StampOf(st);
    if (static_cast<uint64_t>(st.st_size) > max_bytes)
    {
        ::close(fd);
        return EFBIG;
    }
    std::string data;
    data.reserve(static_cast<size_t>(st.st_size));
    char buf[65536];
    for (;;)
    {
        const ssize_t n = ::read(fd, buf, sizeof(buf));
        if (n < 0)
        {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd);
            return err;
        }
        if (n == 0) break;
        data.append(buf, static_cast<size_t>(n));
        if (data.size() > max_bytes)
        {
            ::close(fd);
            return EFBIG;
        }
    }
    ::close(fd);
    *out = std::move(data);
    return 0;
}

bool SyncDirectory(const std::string& dir)
{
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return false;
    const bool ok = ::fsync(dfd) == 0;
    ::close(dfd);
    return ok;
}

static bool WriteAll(int fd, const std::string& data)
{
    size_t done = 0;
    while (done < data.size())
    {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0)
        {
            if (errno == EINTR) continue;
            return false;
        }
        if (n == 0)
        {
            errno = EIO;
            return false;
        }
        done += static_cast<size_t>(n);
    }
    return true;
}

bool WriteFileAtomically(const std::string& dir, const std::string& name, const std::string& bytes,
                         std::string* error, int* err_no, bool* in_place)
{
    if (in_place) *in_place = false;
    auto fail = [&](const std::string& what, int err) {
        if (error) *error = what + ": " + std::strerror(err);
        if (err_no) *err_no = err;
        return false;
    };
    const std::string path = JoinPath(dir, name);
    char suffix[48];
    std::snprintf(suffix, sizeof(suffix), "%s%ld-%08x", TempInfix, static_cast<long>(::getpid()), static_cast<unsigned>(RandomU32()));
    const std::string tmp = path + suffix;

    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return fail("could not create " + tmp, errno);
    if (!WriteAll(fd, bytes) || ::fsync(fd) != 0)
    {
        const int err = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        return fail("could not write " + tmp, err);
    }
    if (::close(fd) != 0)
    {
        const int err = errno;
        ::unlink(tmp.c_str());
        return fail("could not write " + tmp, err);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0)
    {
        const int err = errno;
        ::unlink(tmp.c_str());
        return fail("could not rename " + tmp + " to " + path, err);
    }
    if (!SyncDirectory(dir))
    {
        // The new file is in place, but not known to survive a crash: the caller decides.
        if (in_place) *in_place = true;
        return fail("could not sync the directory " + dir, errno);
    }
    return true;
}

} // namespace ImContact
