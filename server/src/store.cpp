// Store: the public, single-connection view of the database (CLI, tests).
#include "imcontact_receiver.h"

#include "ticket_db.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace ImContactReceiver
{

struct Store::Impl
{
    TicketDb Db;
    bool Open = false;
};

Store::Store() : impl_(std::make_unique<Impl>()) {}
Store::~Store() = default;

bool Store::Open(const std::string& db_path, std::string* error)
{
    impl_ = std::make_unique<Impl>();
    impl_->Open = impl_->Db.Open(db_path, true, error);
    return impl_->Open;
}

std::vector<TicketSummary> Store::List(const std::string& queue, const std::string& status)
{
    if (!impl_->Open) return {};
    return impl_->Db.List(queue, status);
}

bool Store::Show(const std::string& ticket, TicketDetails* out)
{
    return impl_->Open && impl_->Db.Show(ticket, out);
}

bool Store::SetStatus(const std::string& ticket, const std::string& status, const std::string& note, std::string* error)
{
    if (!impl_->Open)
    {
        if (error) *error = "the database is not open";
        return false;
    }
    return impl_->Db.SetStatus(ticket, status, note, error);
}

// Writes 'bytes' to 'path'; 'exclusive': only if no file is there yet (O_EXCL), else
// replacing one. A partly written file is removed.
static bool WriteBytes(const std::string& path, const std::vector<uint8_t>& bytes, bool exclusive, std::string* error)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC), 0644);
    if (fd < 0)
    {
        const int e = errno;
        if (error) *error = e == EEXIST ? path + " exists; not overwritten" : "cannot write " + path + ": " + std::strerror(e);
        return false;
    }
    size_t done = 0;
    while (done < bytes.size())
    {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<size_t>(n);
    }
    const bool closed = ::close(fd) == 0;
    if (done != bytes.size() || !closed)
    {
        ::unlink(path.c_str());
        if (error) *error = "cannot write " + path;
        return false;
    }
    return true;
}

bool Store::ExportScreenshot(const std::string& ticket, const std::string& png_path, std::string* error)
{
    if (!impl_->Open)
    {
        if (error) *error = "the database is not open";
        return false;
    }
    std::vector<uint8_t> png;
    if (!impl_->Db.Screenshot(ticket, &png, error)) return false;
    return WriteBytes(png_path, png, false, error);
}

bool Store::ExportAttachment(const std::string& ticket, size_t index, const std::string& path, std::string* error)
{
    if (!impl_->Open)
    {
        if (error) *error = "the database is not open";
        return false;
    }
    TicketDetails d;
    if (!impl_->Db.Show(ticket, &d))
    {
        if (error) *error = "no ticket " + ticket;
        return false;
    }
    if (index >= d.Report.Attachments.size())
    {
        if (error) *error = "ticket " + ticket + " has no attachment " + std::to_string(index + 1) + " (it has " +
                            std::to_string(d.Report.Attachments.size()) + ")";
        return false;
    }
    return WriteBytes(path, d.Report.Attachments[index].Bytes, true, error);
}

int Store::CountTickets()
{
    return impl_->Open ? impl_->Db.Count() : -1;
}

} // namespace ImContactReceiver
