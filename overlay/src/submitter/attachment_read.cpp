// Reading the host's attachment sources (see attachment_read.h).
#include "attachment_read.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <set>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ImContact
{

namespace
{
std::string ErrnoText(int err) { return std::strerror(err); }

AttachmentOutcome NotAttached(AttachmentOutcome o, AttachmentReason why, std::string detail)
{
    o.Result = AttachmentResult::NotAttached;
    o.Reason = why;
    o.SentBytes = 0;
    o.Detail = std::move(detail);
    return o;
}

// realpath(), or empty with errno set.
std::string Resolve(const std::string& path)
{
    char buf[PATH_MAX];
    if (!::realpath(path.c_str(), buf)) return std::string();
    return buf;
}

bool UnderOneOf(const std::string& resolved, const std::vector<std::string>& allowed_dirs)
{
    for (const std::string& dir : allowed_dirs)
    {
        const std::string real = Resolve(dir);
        if (real.empty()) continue;   // a directory that does not exist allows nothing
        const std::string prefix = real == "/" ? real : real + "/";
        if (resolved.size() > prefix.size() && resolved.compare(0, prefix.size(), prefix) == 0) return true;
    }
    return false;
}

// Reads [offset, offset + size) with pread; stops early at end of file (it shrank).
bool ReadRange(int fd, uint64_t offset, size_t size, std::vector<uint8_t>* out, int* err)
{
    out->resize(size);
    size_t got = 0;
    while (got < size)
    {
        const ssize_t n = ::pread(fd, out->data() + got, size - got, static_cast<off_t>(offset + got));
        if (n < 0)
        {
            if (errno == EINTR) continue;
            *err = errno;
            return false;
        }
        if (n == 0) break;
        got += static_cast<size_t>(n);
    }
    out->resize(got);
    return true;
}

// A file source: checked against the allowed directories, then a snapshot of at most the
// size seen at open (its tail when the source has one).
bool ReadFileSource(const AttachmentSource& src, const std::vector<std::string>& allowed_dirs, size_t cap,
                    std::vector<uint8_t>* out, AttachmentOutcome* o)
{
    errno = 0;
    const std::string resolved = Resolve(src.Path());
    if (resolved.empty())
    {
        const int err = errno;
        *o = NotAttached(*o, err == ENOENT || err == ENOTDIR ? AttachmentReason::Missing : AttachmentReason::Unreadable,
                         src.Path() + ": " + ErrnoText(err));
        return false;
    }
    if (!UnderOneOf(resolved, allowed_dirs))
    {
        *o = NotAttached(*o, AttachmentReason::OutsideAllowed,
                         src.Path() + " resolves to " + resolved + ", outside the directories the application allows; not read");
        return false;
    }
    // O_NOFOLLOW: the last component cannot have become a symlink since realpath();
    // O_NONBLOCK: a FIFO put there does not block the open (it is refused below).
    const int fd = ::open(resolved.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
    {
        const int err = errno;
        *o = NotAttached(*o, err == ENOENT ? AttachmentReason::Missing : AttachmentReason::Unreadable, src.Path() + ": " + ErrnoText(err));
        return false;
    }
    struct Closer { int fd; ~Closer() { ::close(fd); } } closer{ fd };
    // A directory above it swapped for a symlink after realpath(): what was opened is not
    // what was checked.
    char linked[PATH_MAX];
    const std::string proc = "/proc/self/fd/" + std::to_string(fd);
    const ssize_t ln = ::readlink(proc.c_str(), linked, sizeof(linked) - 1);
    if (ln > 0 && std::string(linked, static_cast<size_t>(ln)) != resolved)
    {
        *o = NotAttached(*o, AttachmentReason::OutsideAllowed, src.Path() + " changed while it was opened; not read");
        return false;
    }
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    {
        *o = NotAttached(*o, AttachmentReason::Unreadable, src.Path() + " is not a regular file");
        return false;
    }
    const uint64_t size = static_cast<uint64_t>(st.st_size);   // the snapshot: never more than this
    o->SourceBytes = size;
    uint64_t start = 0;
    if (size > cap)
    {
        if (src.TailBytes() == 0)
        {
            *o = NotAttached(*o, AttachmentReason::TooLarge,
                             std::to_string(size) + " bytes, over the limit of " + std::to_string(cap) + " for one attachment");
            return false;
        }
        start = size - cap;
    }
    // One byte before the tail tells whether the tail starts a line.
    const uint64_t read_from = start > 0 ? start - 1 : 0;
    int err = 0;
    if (!ReadRange(fd, read_from, static_cast<size_t>(size - read_from), out, &err))
    {
        *o = NotAttached(*o, AttachmentReason::Unreadable, src.Path() + ": " + ErrnoText(err));
        return false;
    }
    if (start > 0)
    {
        const size_t keep = out->size() > 0 ? out->size() - 1 : 0;
        out->erase(out->begin(), out->begin() + static_cast<std::ptrdiff_t>(TailCutOffset(*out, keep)));
        o->Result = AttachmentResult::Truncated;
        o->Reason = AttachmentReason::TailLimit;
    }
    struct stat after;
    if (::fstat(fd, &after) == 0 && static_cast<uint64_t>(after.st_size) != size)
    {
        o->Grew = true;
        o->Detail = "it changed size while read (" + std::to_string(size) + " bytes at open, " +
                    std::to_string(static_cast<uint64_t>(after.st_size)) + " after); what it held at open was sent";
    }
    return true;
}

bool ReadCallbackSource(const AttachmentSource& src, std::vector<uint8_t>* out, AttachmentOutcome* o)
{
    std::string why;
    bool ok = false;
    try
    {
        ok = src.Reader()(out, &why);
    }
    catch (const std::exception& e)
    {
        why = std::string("the callback threw: ") + e.what();
    }
    catch (...)
    {
        why = "the callback threw";
    }
    if (!ok)
    {
        out->clear();
        *o = NotAttached(*o, AttachmentReason::CallbackFailed, why.empty() ? "the callback returned false" : why);
        return false;
    }
    o->SourceBytes = out->size();
    return true;
}

// Keeps the tail of 'bytes' that fits 'cap', cut at a line start.
void CutTail(std::vector<uint8_t>* bytes, size_t cap)
{
    if (bytes->size() <= cap) return;
    bytes->erase(bytes->begin(), bytes->begin() + static_cast<std::ptrdiff_t>(TailCutOffset(*bytes, cap)));
}

bool IsTail(const AttachmentSource& src) { return src.TailBytes() > 0; }

// The attachment named 'name' among the first 'count' (those the report came with), or
// list.begin() + count.
std::vector<Attachment>::iterator FindSaved(std::vector<Attachment>& list, size_t count, const std::string& name)
{
    const auto end = list.begin() + static_cast<std::ptrdiff_t>(count);
    return std::find_if(list.begin(), end, [&](const Attachment& a) { return a.Name == name; });
}
} // namespace

size_t TailCutOffset(const std::vector<uint8_t>& bytes, size_t keep)
{
    if (keep >= bytes.size()) return 0;
    const size_t start = bytes.size() - keep;
    if (bytes[start - 1] == '\n') return start;
    for (size_t i = start; i < bytes.size(); ++i)
        if (bytes[i] == '\n') return i + 1;
    // No line starts in the tail: at least start at a character.
    size_t i = start;
    while (i < bytes.size() && (bytes[i] & 0xC0) == 0x80) ++i;
    return i;
}

size_t MultipartFramingBytes(size_t parts)
{
    // A boundary line and Content-Disposition (a name, a filename of up to 100 code points
    // of up to 4 bytes each) and Content-Type per part, well under 1 KiB; the closing
    // boundary.
    return 256 + parts * 1024;
}

void ReadAttachments(const std::vector<AttachmentSource>& sources, const std::vector<std::string>& allowed_dirs,
                     const AttachmentSelection& selection, const Limits& limits, std::vector<Attachment>* attachments,
                     std::vector<AttachmentOutcome>* outcomes)
{
    outcomes->clear();
    std::set<std::string> names;
    size_t total = 0;
    for (const Attachment& a : *attachments)
    {
        names.insert(a.Name);
        total += a.Bytes.size();
    }
    size_t first_new = attachments->size();
    const size_t one_cap = limits.AttachmentMaxBytes;
    struct Taken { size_t Outcome; size_t Index; bool Tail; };
    std::vector<Taken> taken;

    for (size_t i = 0; i < sources.size(); ++i)
    {
        const AttachmentSource& src = sources[i];
        AttachmentOutcome o;
        o.Name = src.Name();
        o.MimeType = src.MimeType();
        o.Result = AttachmentResult::Sent;
        if (!selection.Includes(i))
        {
            // Unticked on a restored report: what was saved of it goes too.
            const auto saved = FindSaved(*attachments, first_new, src.Name());
            if (saved != attachments->begin() + static_cast<std::ptrdiff_t>(first_new))
            {
                total -= saved->Bytes.size();
                attachments->erase(saved);
                names.erase(src.Name());
                --first_new;
            }
            outcomes->push_back(NotAttached(o, AttachmentReason::Unticked, "left out by the user"));
            continue;
        }
        if (!ValidateAttachmentName(src.Name(), limits.AttachmentNameMaxChars) || !ValidateAttachmentMime(src.MimeType()))
        {
            outcomes->push_back(NotAttached(o, AttachmentReason::InvalidSource, "its name or type breaks the rules of an attachment"));
            continue;
        }
        if (names.count(src.Name()))
        {
            // A report restored from the outbox ("edit and send again") carries what was
            // read then: those bytes are sent, not read again.
            const auto kept = FindSaved(*attachments, first_new, src.Name());
            if (kept != attachments->begin() + static_cast<std::ptrdiff_t>(first_new))
            {
                o.SentBytes = o.SourceBytes = kept->Bytes.size();
                o.Detail = "the bytes saved with the report";
                outcomes->push_back(std::move(o));
            }
            else
                outcomes->push_back(NotAttached(o, AttachmentReason::InvalidSource, "a second attachment of the same name"));
            continue;
        }
        if (attachments->size() >= limits.AttachmentsMaxCount)
        {
            outcomes->push_back(NotAttached(o, AttachmentReason::InvalidSource,
                                            "more than " + std::to_string(limits.AttachmentsMaxCount) + " attachments"));
            continue;
        }
        const size_t cap = IsTail(src) ? std::min(src.TailBytes(), one_cap) : one_cap;
        std::vector<uint8_t> bytes;
        const bool read = src.IsFile() ? ReadFileSource(src, allowed_dirs, cap, &bytes, &o) : ReadCallbackSource(src, &bytes, &o);
        if (!read)
        {
            outcomes->push_back(std::move(o));
            continue;
        }
        if (AttachmentIsText(src.MimeType()))
        {
            const std::string text(bytes.begin(), bytes.end());
            if (!IsValidUtf8(text))
            {
                const std::string fixed = ReplaceInvalidUtf8(text);
                bytes.assign(fixed.begin(), fixed.end());
                o.Utf8Replaced = true;
            }
        }
        if (bytes.size() > cap)   // a callback's bytes, or text that grew by its U+FFFDs
        {
            if (!IsTail(src) && !o.Utf8Replaced)
            {
                outcomes->push_back(NotAttached(o, AttachmentReason::TooLarge,
                                                std::to_string(bytes.size()) + " bytes, over the limit of " + std::to_string(cap) +
                                                    " for one attachment"));
                continue;
            }
            CutTail(&bytes, cap);
            o.Result = AttachmentResult::Truncated;
            o.Reason = AttachmentReason::TailLimit;
        }
        o.SentBytes = bytes.size();
        total += bytes.size();
        names.insert(src.Name());
        taken.push_back({ outcomes->size(), attachments->size(), IsTail(src) || AttachmentIsText(src.MimeType()) });
        attachments->push_back(Attachment{ src.Name(), src.MimeType(), std::move(bytes) });
        outcomes->push_back(std::move(o));
    }

    // Step-down: over the total, text is cut from the front (the newest lines stay), the
    // largest first; only then are binaries dropped, the last first.
    if (total > limits.AttachmentsMaxBytes)
    {
        std::vector<Taken> texts;
        for (const Taken& t : taken)
            if (t.Tail) texts.push_back(t);
        std::stable_sort(texts.begin(), texts.end(), [&](const Taken& a, const Taken& b) {
            return (*attachments)[a.Index].Bytes.size() > (*attachments)[b.Index].Bytes.size();
        });
        for (const Taken& t : texts)
        {
            if (total <= limits.AttachmentsMaxBytes) break;
            std::vector<uint8_t>& bytes = (*attachments)[t.Index].Bytes;
            const size_t excess = total - limits.AttachmentsMaxBytes;
            const size_t before = bytes.size();
            CutTail(&bytes, before > excess ? before - excess : 0);
            total -= before - bytes.size();
            AttachmentOutcome& o = (*outcomes)[t.Outcome];
            o.SentBytes = bytes.size();
            if (bytes.empty())
                o = NotAttached(o, AttachmentReason::TotalLimit, "no room left under the limit of all attachments together");
            else
            {
                o.Result = AttachmentResult::Truncated;
                o.Reason = AttachmentReason::TotalLimit;
            }
        }
        for (auto it = taken.rbegin(); it != taken.rend() && total > limits.AttachmentsMaxBytes; ++it)
        {
            std::vector<uint8_t>& bytes = (*attachments)[it->Index].Bytes;
            if (it->Tail || bytes.empty()) continue;
            total -= bytes.size();
            bytes.clear();
            AttachmentOutcome& o = (*outcomes)[it->Outcome];
            o = NotAttached(o, AttachmentReason::TotalLimit,
                            "dropped: all attachments together were over " + std::to_string(limits.AttachmentsMaxBytes) + " bytes");
        }
        // What was cut away entirely is not sent at all (an empty part would say nothing).
        std::vector<Attachment> kept(attachments->begin(), attachments->begin() + static_cast<std::ptrdiff_t>(first_new));
        for (const Taken& t : taken)
        {
            if ((*outcomes)[t.Outcome].Result == AttachmentResult::NotAttached) continue;
            kept.push_back(std::move((*attachments)[t.Index]));
        }
        *attachments = std::move(kept);
    }
}

} // namespace ImContact
