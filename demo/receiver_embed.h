// The receiver the demo starts in-process on 127.0.0.1 (ephemeral port), and direct
// look-ups in its database for the scripted session. Built without the receiver
// (-DIMCONTACT_BUILD_SERVER=OFF), Start() fails and the demo needs --endpoint.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace Demo
{

// One ticket as stored by the receiver.
struct StoredTicket
{
    std::string Type, Speed, Application, SubApplication, Reference, Message, Status, PrimaryQueue;
    size_t      QueueCount = 0;
    size_t      ScreenshotBytes = 0;
    bool        HasScreenshot = false;
};

class EmbeddedReceiver
{
public:
    EmbeddedReceiver();
    ~EmbeddedReceiver();   // stops the receiver
    static bool Available();   // false when built without imcontact::receiver

    bool Start(const std::string& db_path, std::string* error);
    void Stop();
    bool Running() const;
    std::string Url() const;
    const std::string& DbPath() const { return dbPath_; }

    // Reads the ticket straight from the database (ImContactReceiver::Store).
    bool LookUp(const std::string& ticket, StoredTicket* out, std::string* error) const;
    // What an agent does with `imcontact-receiver set-status`: a new status and a note to the user.
    bool SetStatus(const std::string& ticket, const std::string& status, const std::string& note, std::string* error);

    struct Impl;
private:
    std::unique_ptr<Impl> impl_;
    std::string dbPath_;
};

} // namespace Demo
