// imcontact: durable file operations shared by the outbox and "My requests" (internal to imcontact_submitter).
//
// WriteFileAtomically: temporary file in the same directory ("<name>.tmp-<pid>-<random>",
// owner-only), write, fsync, rename over "<name>", fsync of the directory. A crash at any
// instant leaves either the old file or the whole new one (and maybe a temporary file,
// which the outbox scan removes). On an error the temporary file is removed and "<name>"
// is left as it was, except when only the directory fsync failed: then the new file is
// in place but not known to be durable, and 'in_place' says so (the caller decides).
//
// Thread-safety: the functions keep no state; callers serialise access to one file.
#pragma once

#include <cstdint>
#include <string>

namespace ImContact
{

constexpr const char* TempInfix = ".tmp-";   // "<final name>.tmp-<pid>-<random>"

// Identifies one version of a file: a rewrite (rename over it) changes the inode.
struct FileStamp
{
    uint64_t Dev = 0, Ino = 0, Size = 0;
    int64_t  MtimeNs = 0;
    bool operator==(const FileStamp& o) const { return Dev == o.Dev && Ino == o.Ino && Size == o.Size && MtimeNs == o.MtimeNs; }
    bool operator!=(const FileStamp& o) const { return !(*this == o); }
};

// Creates 'dir' (owner-only) and its parents. False + a sentence when it is not, or
// cannot become, a directory.
bool EnsureDirectory(const std::string& dir, std::string* error);

// Reads a whole regular file of at most 'max_bytes' (symbolic links are not followed).
// Returns 0, or an errno (EFBIG when larger, EISDIR/EINVAL when not a regular file).
// 'stamp' (optional) describes the file that was read.
int  ReadFileLimited(const std::string& path, uint64_t max_bytes, std::string* out, FileStamp* stamp = nullptr);
// The stamp of 'path' (not following a symbolic link); false with errno set when none.
bool StatFile(const std::string& path, FileStamp* stamp, bool* regular = nullptr);

// See above. 'error' gets a sentence with the path and strerror; 'err_no' the errno.
bool WriteFileAtomically(const std::string& dir, const std::string& name, const std::string& bytes,
                         std::string* error, int* err_no = nullptr, bool* in_place = nullptr);

// fsync of a directory, so that renames and unlinks in it survive a crash.
bool SyncDirectory(const std::string& dir);

// Renames a file that could not be understood to "<path>.corrupt-<UTC time>[-n]" (a name
// not taken yet), so a human can look at it and the caller starts afresh. False with
// 'err_no' set when it could not be moved; 'moved_to' gets the new path.
bool MoveAsideCorrupt(const std::string& path, std::string* moved_to, int* err_no);

std::string JoinPath(const std::string& dir, const std::string& name);

} // namespace ImContact
