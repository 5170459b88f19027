// imcontact-send: command-line options.
#pragma once

#include "imcontact/imcontact_model.h"

#include <cstddef>
#include <string>
#include <vector>

namespace ImContactSend
{

// Exit codes (documented in --help and README.md).
enum ExitCode : int
{
    ExitDelivered = 0,   // the receiver answered with a ticket (--flush: nothing is left pending)
    ExitOther     = 1,   // anything else: the report's fate is not known, an internal error
    ExitUsage     = 2,   // bad command line
    ExitQueued    = 3,   // saved in the outbox, not delivered before the timeout (sent later)
    ExitRefused   = 4,   // refused: invalid input, 4xx from the receiver, outbox full, could not save
};

struct Options
{
    enum class Command { Send, Flush, Help, Version };
    Command     What = Command::Send;

    std::string Endpoint;
    std::string DataDir;          // "My requests" (tickets.json); default DefaultDataDir()
    std::string OutboxDir;        // default DataDir + "/outbox"; --flush DIR sets it
    double      TimeoutSec = 30.0;
    bool        Json = false;
    size_t      MaxQueued = 0;    // 0: the library's default
    std::string IdempotencyKey;   // empty: a random one

    // The report (Send).
    ImContact::Form Fields;
    std::string Language = "fi";
    std::string ScreenshotPath;
    // --attach PATH[=TYPE] (repeatable; --attach-type TYPE sets the type of the one before):
    // read when the report is accepted, like a host's AttachmentSource::File.
    struct Attach { std::string Path, MimeType; };
    std::vector<Attach> Attachments;
};

// Parses argv. On a usage problem returns false with a sentence in 'error'.
// Organisation, email and application default to $IMCONTACT_ORGANISATION,
// $IMCONTACT_EMAIL and $IMCONTACT_APPLICATION, then to placeholders that validate.
bool ParseOptions(int argc, char** argv, Options* out, std::string* error);

// The type an attachment gets without --attach-type: text/plain; charset=utf-8 for .log and
// .txt, else application/octet-stream.
std::string DefaultAttachmentType(const std::string& path);

// The --help text.
std::string UsageText();

// $IMCONTACT_SEND_DATA_DIR, else $XDG_DATA_HOME/imcontact-send, else
// ~/.local/share/imcontact-send.
std::string DefaultDataDir();

} // namespace ImContactSend
