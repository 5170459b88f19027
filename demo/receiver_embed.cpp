#include "receiver_embed.h"

#if IMCONTACT_DEMO_HAS_RECEIVER
#include "imcontact_receiver.h"
#endif

namespace Demo
{

#if IMCONTACT_DEMO_HAS_RECEIVER

struct EmbeddedReceiver::Impl
{
    std::unique_ptr<ImContactReceiver::Receiver> Rx;
    bool Running = false;
};

bool EmbeddedReceiver::Available() { return true; }

bool EmbeddedReceiver::Start(const std::string& db_path, std::string* error)
{
    Stop();
    ImContactReceiver::Options opt;
    opt.DbPath = db_path;
    opt.Host = "127.0.0.1";
    opt.Port = 0;
    impl_->Rx.reset(new ImContactReceiver::Receiver(opt));
    std::string err;
    if (!impl_->Rx->Start(&err))
    {
        *error = "embedded receiver (" + db_path + "): " + err;
        impl_->Rx.reset();
        return false;
    }
    impl_->Running = true;
    dbPath_ = db_path;
    return true;
}

void EmbeddedReceiver::Stop()
{
    if (impl_->Rx) impl_->Rx->Stop();
    impl_->Rx.reset();
    impl_->Running = false;
}

std::string EmbeddedReceiver::Url() const { return impl_->Rx ? impl_->Rx->Url() : std::string(); }

bool EmbeddedReceiver::LookUp(const std::string& ticket, StoredTicket* out, std::string* error) const
{
    ImContactReceiver::Store store;
    if (!store.Open(dbPath_, error)) return false;
    ImContactReceiver::TicketDetails d;
    if (!store.Show(ticket, &d))
    {
        *error = "ticket " + ticket + " is not in " + dbPath_;
        return false;
    }
    const ImContact::Form& f = d.Report.Fields;
    out->Type = ImContact::ContactTypeId(f.Type);
    out->Speed = ImContact::SpeedId(f.Speed);
    out->Application = f.Application;
    out->SubApplication = f.SubApplication;
    out->Reference = f.Reference;
    out->Message = f.Message;
    out->Status = d.Summary.Status;
    out->PrimaryQueue = d.Summary.PrimaryQueue;
    out->QueueCount = d.Queues.size();
    out->ScreenshotBytes = d.Report.ScreenshotPng.size();
    out->HasScreenshot = d.Summary.HasScreenshot;
    return true;
}

bool EmbeddedReceiver::SetStatus(const std::string& ticket, const std::string& status, const std::string& note,
                                 std::string* error)
{
    ImContactReceiver::Store store;
    if (!store.Open(dbPath_, error)) return false;
    return store.SetStatus(ticket, status, note, error);
}

#else // built without imcontact::receiver

struct EmbeddedReceiver::Impl
{
    bool Running = false;
};

bool EmbeddedReceiver::Available() { return false; }

bool EmbeddedReceiver::Start(const std::string&, std::string* error)
{
    *error = "this build has no embedded receiver (IMCONTACT_BUILD_SERVER=OFF): pass --endpoint URL";
    return false;
}

void EmbeddedReceiver::Stop() {}
std::string EmbeddedReceiver::Url() const { return std::string(); }

bool EmbeddedReceiver::LookUp(const std::string&, StoredTicket*, std::string* error) const
{
    *error = "no embedded receiver";
    return false;
}

bool EmbeddedReceiver::SetStatus(const std::string&, const std::string&, const std::string&, std::string* error)
{
    *error = "no embedded receiver";
    return false;
}

#endif

EmbeddedReceiver::EmbeddedReceiver() : impl_(new Impl()) {}
EmbeddedReceiver::~EmbeddedReceiver() { Stop(); }
bool EmbeddedReceiver::Running() const { return impl_->Running; }

} // namespace Demo
