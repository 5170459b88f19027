// imcontact: the outbox directory (internal to imcontact_submitter).
//
//   OutboxDir/<id>.report                 one report (outbox_format.h), written atomically
//   OutboxDir/<id>.report.tmp-<pid>-<r>   a write in progress, or left by a crash
//   OutboxDir/<id>.lock                   its lock (outbox_lock.h)
//   OutboxDir/quarantine/<id>.report[.N]  files found torn or corrupt, kept for a human
//
// Every change of "<id>.report" happens under "<id>.lock". Reading needs no lock: a file
// at a final name is complete (it got there by rename) and is never modified in place.
//
// Scan() lists the directory, verifies files it has not seen (by device, inode, size and
// mtime), quarantines corrupt ones it can lock, removes temporary files whose report no
// live process holds, lock files without a report, and reports that a later report
// replaces ("edit and send again"; the replacement names them in its header).
//
// Thread-safety: an Outbox belongs to one thread (the submitter's worker); several
// Outbox objects (in this or other processes) may share one directory.
#pragma once

#include "outbox_format.h"
#include "durable_file.h"
#include "outbox_lock.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ImContact
{

// One intact report of the outbox, as last seen.
struct OutboxEntry
{
    std::string  Id;
    std::string  LocalReference;
    std::string  Type;          // wire id of the contact type
    std::string  Application;
    OutboxHeader Header;        // key, created, state, reason, replaces
    FileStamp    Stamp;
};

struct OutboxScanResult
{
    struct Note
    {
        bool        Moved = false;   // false: corrupt, but it could not be moved (reported once)
        std::string Detail;          // the file, what is wrong, where it went
    };
    bool Changed = false;            // Entries() differ from before the scan
    std::vector<Note> Quarantined;   // one per corrupt file found
};

class Outbox
{
public:
    // 'max_file_bytes': larger files are not read (and are quarantined as not reports).
    Outbox(std::string dir, uint64_t max_file_bytes);
    ~Outbox() = default;
    Outbox(const Outbox&) = delete;
    Outbox& operator=(const Outbox&) = delete;

    const std::string& Dir() const { return dir_; }
    std::string ReportPath(const std::string& id) const;

    void Scan(OutboxScanResult* out);
    const std::vector<OutboxEntry>& Entries() const { return entries_; }   // oldest first
    const OutboxEntry* Find(const std::string& id) const;
    // By local reference (case-insensitive), idempotency key or file id.
    const OutboxEntry* Resolve(const std::string& reference) const;

    // What the outbox holds right now (a fresh listing of every "*.report", whoever wrote
    // it), not counting the ids in 'except'. False + sentence when the directory exists
    // but cannot be listed.
    bool Usage(const std::vector<std::string>& except, size_t* count, uint64_t* bytes, std::string* error);

    // The report's lock. Locked also when this Outbox holds it already.
    ReportLock::Result Lock(const std::string& id, std::string* error);
    bool Holds(const std::string& id) const { return locks_.count(id) != 0; }
    void Release(const std::string& id);
    // Releases the lock, and removes its lock file when there is no report (a refused or
    // failed write, a report that went away).
    void ReleaseUnused(const std::string& id);
    void ReleaseAll();
    std::vector<std::string> HeldIds() const;

    // Writes (or rewrites) "<id>.report" atomically, creating the directory when missing.
    // The lock must be held. On failure nothing is left at the final name by a new
    // report; 'err_no' gets the errno when there is one.
    bool Write(const std::string& id, const OutboxRecord& record, std::string* error, int* err_no = nullptr);

    enum class ReadResult { Ok, Missing, Corrupt, NewerVersion };
    // Reads and verifies "<id>.report"; 'why' says what is wrong. An unreadable file counts
    // as corrupt. 'report' (optional) gets the parsed report without its PNG.
    ReadResult Read(const std::string& id, OutboxRecord* record, Report* report, std::string* why);

    // Removes "<id>.report" and its lock file, then releases the lock (which must be held).
    bool Remove(const std::string& id, std::string* error);
    // Moves "<id>.report" to quarantine/ and releases the lock (which must be held).
    // 'detail' gets the sentence for the Quarantined event.
    bool Quarantine(const std::string& id, const std::string& why, std::string* detail);

private:
    struct Listing
    {
        std::map<std::string, FileStamp> Reports;          // id -> stamp
        std::vector<std::pair<std::string, std::string>> Temps;   // file name, id
        std::vector<std::string> Locks;                    // ids
        bool Exists = false;
    };
    bool List(Listing* out, std::string* error) const;
    void Upsert(OutboxEntry entry);   // keeps entries_ oldest first
    void Forget(const std::string& id);
    bool LockedForCleanup(const std::string& id, ReportLock* out);   // ours or freshly taken

    std::string dir_;
    uint64_t    max_file_bytes_;
    std::vector<OutboxEntry> entries_;
    std::map<std::string, ReportLock> locks_;
    std::vector<FileStamp> unmovable_;   // corrupt files quarantine could not move: reported once
};

} // namespace ImContact
