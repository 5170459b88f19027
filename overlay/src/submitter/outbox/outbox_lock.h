// imcontact: the per-report lock of the outbox (internal to imcontact_submitter).
//
// "<id>.lock" next to "<id>.report". A process holds flock(LOCK_EX) on it for as long as
// it takes care of the report (writing it, sending it, retrying it, removing it); the
// kernel releases it when the process dies, so a report is never stranded. Every change
// of "<id>.report" (write, rewrite, removal, quarantine) happens under this lock.
//
// A lock file may be unlinked by its holder (when the report leaves the outbox). A
// process that opened the old file and gets the lock after that holds a lock nobody
// else sees, so TryLock() checks after locking that the path still names the inode it
// locked, and starts over when it does not.
//
// flock locks belong to the open file description: two Submitters in one process exclude
// each other like two processes do.
//
// Thread-safety: a ReportLock is used by one thread (the submitter's worker).
#pragma once

#include <string>

namespace ImContact
{

class ReportLock
{
public:
    enum class Result { Locked, Busy, Missing, Error };

    ReportLock() = default;
    ~ReportLock() { Release(); }
    ReportLock(ReportLock&& other) noexcept;
    ReportLock& operator=(ReportLock&& other) noexcept;
    ReportLock(const ReportLock&) = delete;
    ReportLock& operator=(const ReportLock&) = delete;

    // Takes the lock without waiting. Busy: another open file description (another
    // process, or another Submitter) holds it. create = false: Missing when there is no
    // lock file (used to clean up old lock files, never to create one). 'error' gets a
    // sentence on Error.
    Result TryLock(const std::string& path, bool create, std::string* error);
    // Unlinks the lock file while holding it, then releases it.
    void   UnlinkAndRelease();
    void   Release();
    bool   Held() const { return fd_ >= 0; }
    const std::string& Path() const { return path_; }

private:
    int         fd_ = -1;
    std::string path_;
};

} // namespace ImContact
