// Store: the public, single-connection view of the database (CLI, tests).
#include "imcontact_receiver.h"

#include "ticket_db.h"

#include <cstdio>

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

bool Store::ExportScreenshot(const std::string& ticket, const std::string& png_path, std::string* error)
{
    if (!impl_->Open)
    {
        if (error) *error = "the database is not open";
        return false;
    }
    std::vector<uint8_t> png;
    if (!impl_->Db.Screenshot(ticket, &png, error)) return false;
    FILE* f = std::fopen(png_path.c_str(), "wb");
    if (!f)
    {
        if (error) *error = "cannot write " + png_path;
        return false;
    }
    const bool written = std::fwrite(png.data(), 1, png.size(), f) == png.size();
    const bool closed = std::fclose(f) == 0;
    if (!written || !closed)
    {
        std::remove(png_path.c_str());
        if (error) *error = "cannot write " + png_path;
        return false;
    }
    return true;
}

int Store::CountTickets()
{
    return impl_->Open ? impl_->Db.Count() : -1;
}

} // namespace ImContactReceiver
