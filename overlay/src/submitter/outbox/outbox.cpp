// The outbox directory (see outbox.h).
#include "outbox.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>

#include <dirent.h>
#include <unistd.h>

namespace ImContact
{

namespace
{
constexpr const char* LockSuffix = ".lock";
constexpr const char* QuarantineDirName = "quarantine";

bool EndsWith(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string Upper(std::string s)
{
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

bool SameIdsAndStamps(const std::vector<OutboxEntry>& a, const std::vector<OutboxEntry>& b)
{
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].Id != b[i].Id || a[i].Stamp != b[i].Stamp) return false;
    return true;
}

// What the outbox lists of a report, from its file's record and the report it holds (the
// file's stamp is the caller's).
OutboxEntry EntryFor(const std::string& id, const OutboxRecord& record, const Report& report)
{
    OutboxEntry e;
    e.Id = id;
    e.LocalReference = LocalReferenceFor(record.Header.Key);
    e.Type = ContactTypeId(report.Fields.Type);
    e.Application = report.Fields.Application;
    e.Header = record.Header;
    return e;
}
} // namespace

Outbox::Outbox(std::string dir, uint64_t max_file_bytes) : dir_(std::move(dir)), max_file_bytes_(max_file_bytes) {}

std::string Outbox::ReportPath(const std::string& id) const
{
    return JoinPath(dir_, id + OutboxReportSuffix);
}

const OutboxEntry* Outbox::Find(const std::string& id) const
{
    for (const OutboxEntry& e : entries_)
        if (e.Id == id) return &e;
    return nullptr;
}

const OutboxEntry* Outbox::Resolve(const std::string& reference) const
{
    if (reference.empty()) return nullptr;
    const std::string upper = Upper(reference);
    for (const OutboxEntry& e : entries_)
        if (e.Id == reference || e.Header.Key == reference || e.LocalReference == upper) return &e;
    return nullptr;
}

bool Outbox::List(Listing* out, std::string* error) const
{
    *out = Listing();
    DIR* d = ::opendir(dir_.c_str());
    if (!d)
    {
        const int err = errno;
        if (err == ENOENT) return true;   // nothing written yet
        if (error) *error = "could not list the outbox " + dir_ + ": " + std::strerror(err);
        return false;
    }
    out->Exists = true;
    const std::string report_suffix = OutboxReportSuffix;
    const std::string temp_marker = report_suffix + TempInfix;
    while (const dirent* de = ::readdir(d))
    {
        const std::string name = de->d_name;
        if (name.empty() || name[0] == '.') continue;
        const size_t temp_at = name.find(temp_marker);
        if (temp_at != std::string::npos && temp_at > 0)
        {
            out->Temps.emplace_back(name, name.substr(0, temp_at));
        }
        else if (EndsWith(name, report_suffix) && name.size() > report_suffix.size())
        {
            FileStamp stamp;
            if (StatFile(JoinPath(dir_, name), &stamp)) out->Reports[name.substr(0, name.size() - report_suffix.size())] = stamp;
        }
        else if (EndsWith(name, LockSuffix) && name.size() > std::strlen(LockSuffix))
        {
            out->Locks.push_back(name.substr(0, name.size() - std::strlen(LockSuffix)));
        }
    }
    ::closedir(d);
    return true;
}

ReportLock::Result Outbox::Lock(const std::string& id, std::string* error)
{
    if (Holds(id)) return ReportLock::Result::Locked;
    ReportLock lock;
    const ReportLock::Result r = lock.TryLock(JoinPath(dir_, id + LockSuffix), true, error);
    if (r == ReportLock::Result::Locked) locks_.emplace(id, std::move(lock));
    return r;
}

void Outbox::Release(const std::string& id)
{
    locks_.erase(id);   // ~ReportLock closes the descriptor
}

void Outbox::ReleaseUnused(const std::string& id)
{
    auto it = locks_.find(id);
    if (it == locks_.end()) return;
    if (::access(ReportPath(id).c_str(), F_OK) != 0) it->second.UnlinkAndRelease();
    locks_.erase(it);
}

void Outbox::ReleaseAll()
{
    locks_.clear();
}

std::vector<std::string> Outbox::HeldIds() const
{
    std::vector<std::string> ids;
    for (const auto& kv : locks_) ids.push_back(kv.first);
    return ids;
}

void Outbox::Upsert(OutboxEntry entry)
{
    Forget(entry.Id);
    auto older = [](const OutboxEntry& a, const OutboxEntry& b) {
        return a.Header.CreatedAt != b.Header.CreatedAt ? a.Header.CreatedAt < b.Header.CreatedAt : a.Id < b.Id;
    };
    entries_.insert(std::upper_bound(entries_.begin(), entries_.end(), entry, older), std::move(entry));
}

void Outbox::Forget(const std::string& id)
{
    entries_.erase(std::remove_if(entries_.begin(), entries_.end(), [&](const OutboxEntry& e) { return e.Id == id; }),
                   entries_.end());
}

Outbox::ReadResult Outbox::Read(const std::string& id, OutboxRecord* record, Report* report, std::string* why)
{
    std::string bytes;
    FileStamp stamp;
    const int err = ReadFileLimited(ReportPath(id), max_file_bytes_, &bytes, &stamp);
    if (err == ENOENT) return ReadResult::Missing;
    if (err != 0)
    {
        if (why) *why = std::string("it cannot be read as a report (") + std::strerror(err) + ")";
        return ReadResult::Corrupt;
    }
    OutboxRecord rec;
    Report parsed;
    std::string problem;
    const OutboxDecode d = DecodeOutboxFile(bytes, &rec, &parsed, &problem);
    if (d == OutboxDecode::NewerVersion)
    {
        if (why) *why = problem;
        return ReadResult::NewerVersion;
    }
    if (d != OutboxDecode::Ok)
    {
        if (why) *why = problem;
        return ReadResult::Corrupt;
    }
    if (OutboxFileId(rec.Header.Key) != id)
    {
        if (why) *why = "its file name does not match its idempotency key";
        return ReadResult::Corrupt;
    }
    // Keep the entry list current with what was just read.
    OutboxEntry e = EntryFor(id, rec, parsed);
    e.Stamp = stamp;
    Upsert(std::move(e));
    if (record) *record = std::move(rec);
    if (report) *report = std::move(parsed);
    return ReadResult::Ok;
}

bool Outbox::Write(const std::string& id, const OutboxRecord& record, std::string* error, int* err_no)
{
    if (err_no) *err_no = 0;
    if (!Holds(id))
    {
        if (error) *error = "internal: writing " + id + " without its lock";
        return false;
    }
    if (!EnsureDirectory(dir_, error))
    {
        if (err_no) *err_no = ENOTDIR;
        return false;
    }
    const bool rewrite = Find(id) != nullptr;
    const std::string name = id + OutboxReportSuffix;
    bool in_place = false;
    if (!WriteFileAtomically(dir_, name, EncodeOutboxFile(record), error, err_no, &in_place))
    {
        // A new report that is not known to be durable is taken back: the caller says
        // it was not saved, so it must not turn up later. A rewrite keeps its new version.
        if (in_place && !rewrite)
        {
            ::unlink(ReportPath(id).c_str());
            SyncDirectory(dir_);
        }
        return false;
    }
    Report parsed;
    FieldError ferr{};
    ReportFromJson(record.ReportJson, &parsed, &ferr);
    OutboxEntry e = EntryFor(id, record, parsed);
    StatFile(ReportPath(id), &e.Stamp);
    Upsert(std::move(e));
    return true;
}

bool Outbox::Remove(const std::string& id, std::string* error)
{
    auto it = locks_.find(id);
    if (it == locks_.end())
    {
        if (error) *error = "internal: removing " + id + " without its lock";
        return false;
    }
    if (::unlink(ReportPath(id).c_str()) != 0 && errno != ENOENT)
    {
        if (error) *error = "could not remove " + ReportPath(id) + ": " + std::strerror(errno);
        return false;
    }
    SyncDirectory(dir_);
    it->second.UnlinkAndRelease();
    locks_.erase(it);
    Forget(id);
    return true;
}

bool Outbox::Quarantine(const std::string& id, const std::string& why, std::string* detail)
{
    auto it = locks_.find(id);
    if (it == locks_.end()) return false;
    const std::string from = ReportPath(id);
    const std::string qdir = JoinPath(dir_, QuarantineDirName);
    std::string error;
    bool moved = false;
    std::string to;
    if (EnsureDirectory(qdir, &error))
    {
        const std::string base = JoinPath(qdir, id + OutboxReportSuffix);
        to = base;
        for (int n = 1; n < 1000 && ::access(to.c_str(), F_OK) == 0; ++n) to = base + "." + std::to_string(n);
        moved = ::rename(from.c_str(), to.c_str()) == 0;
        if (!moved) error = std::strerror(errno);
    }
    if (moved)
    {
        SyncDirectory(dir_);
        SyncDirectory(qdir);
        if (detail) *detail = "outbox file " + from + " is corrupt (" + why + "); moved to " + to;
        it->second.UnlinkAndRelease();
    }
    else
    {
        if (detail) *detail = "outbox file " + from + " is corrupt (" + why + ") and could not be moved to quarantine: " + error;
        FileStamp stamp;
        if (StatFile(from, &stamp)) unmovable_.push_back(stamp);   // not reported again
        it->second.Release();
    }
    locks_.erase(it);
    Forget(id);
    return moved;
}

bool Outbox::Usage(const std::vector<std::string>& except, size_t* count, uint64_t* bytes, std::string* error)
{
    Listing listing;
    if (!List(&listing, error)) return false;
    *count = 0;
    *bytes = 0;
    for (const auto& kv : listing.Reports)
    {
        if (std::find(except.begin(), except.end(), kv.first) != except.end()) continue;
        *count += 1;
        *bytes += kv.second.Size;
    }
    return true;
}

void Outbox::Scan(OutboxScanResult* out)
{
    *out = OutboxScanResult();
    Listing listing;
    std::string error;
    if (!List(&listing, &error)) return;   // keep what was known; the next scan tries again
    const std::vector<OutboxEntry> before = entries_;

    // Reports: keep what is unchanged, read what is new or changed.
    std::vector<std::pair<std::string, std::string>> corrupt;   // id, why
    std::set<std::string> present;
    for (const auto& kv : listing.Reports)
    {
        const std::string& id = kv.first;
        const OutboxEntry* known = Find(id);
        if (known && known->Stamp == kv.second)
        {
            present.insert(id);
            continue;
        }
        if (std::find(unmovable_.begin(), unmovable_.end(), kv.second) != unmovable_.end()) continue;
        std::string why;
        switch (Read(id, nullptr, nullptr, &why))
        {
        case ReadResult::Ok: present.insert(id); break;
        case ReadResult::Corrupt: corrupt.emplace_back(id, why); break;
        case ReadResult::Missing:
        case ReadResult::NewerVersion: break;   // gone meanwhile / not ours to judge
        }
    }
    // Forget what is no longer there (or no longer readable as a report).
    entries_.erase(std::remove_if(entries_.begin(), entries_.end(), [&](const OutboxEntry& e) { return !present.count(e.Id); }),
                   entries_.end());

    // Corrupt files: judged again under the lock (a writer may have just replaced them).
    for (const auto& c : corrupt)
    {
        const bool had = Holds(c.first);
        if (Lock(c.first, nullptr) != ReportLock::Result::Locked) continue;
        std::string why;
        const ReadResult again = Read(c.first, nullptr, nullptr, &why);
        if (again == ReadResult::Corrupt)
        {
            OutboxScanResult::Note note;
            note.Moved = Quarantine(c.first, why, &note.Detail);
            out->Quarantined.push_back(std::move(note));
            continue;
        }
        if (!had) Release(c.first);
    }

    // Temporary files: a write in progress holds the report's lock; without it, a crash
    // left the file behind.
    for (const auto& t : listing.Temps)
    {
        const std::string& id = t.second;
        const bool had = Holds(id);   // ours: this worker is not writing it right now
        if (!had && Lock(id, nullptr) != ReportLock::Result::Locked) continue;
        ::unlink(JoinPath(dir_, t.first).c_str());
        if (had) continue;
        if (::access(ReportPath(id).c_str(), F_OK) != 0) locks_[id].UnlinkAndRelease();
        Release(id);
    }

    // Lock files whose report is gone (a crash between removing the two).
    for (const std::string& id : listing.Locks)
    {
        if (listing.Reports.count(id) || Holds(id)) continue;
        ReportLock lock;
        if (lock.TryLock(JoinPath(dir_, id + LockSuffix), false, nullptr) != ReportLock::Result::Locked) continue;
        if (::access(ReportPath(id).c_str(), F_OK) != 0) lock.UnlinkAndRelease();
    }

    // A report replaced by another ("edit and send again") goes, even when the process
    // that wrote the replacement died before removing it; it is never sent.
    std::vector<std::string> replaced;
    for (const OutboxEntry& e : entries_)
        if (!e.Header.Replaces.empty() && e.Header.Replaces != e.Id && Find(e.Header.Replaces)) replaced.push_back(e.Header.Replaces);
    for (const std::string& id : replaced)
    {
        if (Lock(id, nullptr) == ReportLock::Result::Locked) Remove(id, nullptr);
        else Forget(id);   // someone else holds it; not listed, and not ours to send
    }

    out->Changed = !SameIdsAndStamps(before, entries_) || !out->Quarantined.empty();
}

} // namespace ImContact
