// imcontact-send: command-line parsing and the --help text.
#include "options.h"

#include <cstring>

#include "imcontact/internal/system_info.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace ImContactSend
{

namespace
{
const char* EnvOr(const char* name, const char* fallback)
{
    const char* v = std::getenv(name);
    return (v && v[0]) ? v : fallback;
}

bool StartsWithScheme(const std::string& url)
{
    std::string lower;
    for (char c : url.substr(0, 8)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return (lower.rfind("http://", 0) == 0 && url.size() > 7) || (lower.rfind("https://", 0) == 0 && url.size() > 8);
}

bool ValidKey(const std::string& key)
{
    if (key.size() < 8 || key.size() > 64) return false;
    for (char c : key)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    return true;
}

std::string TypeList()
{
    std::string s;
    for (int i = 0; i < ImContact::ContactTypeCount; ++i)
        s += std::string(i ? ", " : "") + ImContact::ContactTypeId(static_cast<ImContact::ContactType>(i));
    return s;
}
} // namespace

std::string DefaultDataDir()
{
    if (const char* d = std::getenv("IMCONTACT_SEND_DATA_DIR"); d && d[0]) return d;
    return ImContact::UserDataDir("imcontact-send");
}

std::string DefaultAttachmentType(const std::string& path)
{
    auto ends = [&](const char* ext) {
        const size_t n = std::strlen(ext);
        return path.size() > n && path.compare(path.size() - n, n, ext) == 0;
    };
    return ends(".log") || ends(".txt") ? "text/plain; charset=utf-8" : "application/octet-stream";
}

std::string UsageText()
{
    return
        "usage:\n"
        "  imcontact-send --endpoint URL --type TYPE --message TEXT [options]\n"
        "  imcontact-send --flush DIR --endpoint URL [--data-dir DIR] [--timeout SEC] [--json]\n"
        "\n"
        "Submits one contact report through a durable outbox: the report is saved on disk first\n"
        "(the line 'accepted: Q-XXXXXXXX' says so), then sent, retried on connection failures,\n"
        "timeouts, 5xx and 429 until --timeout, and removed from the outbox only when the\n"
        "receiver has answered with a ticket number ('ticket: NNNN-NNNN'). A report that is not\n"
        "delivered in time stays in the outbox ('queued: Q-XXXXXXXX'); --flush sends it later.\n"
        "Sending the same report again (same --idempotency-key) never makes a second ticket.\n"
        "\n"
        "report:\n"
        "  --endpoint URL          receiver base URL (http:// or https://)\n"
        "  --type TYPE             " + TypeList() + "\n"
        "  --message TEXT          the message (10 to 10000 characters)\n"
        "  --speed normal|faster   processing speed (default normal)\n"
        "  --organisation O        default $IMCONTACT_ORGANISATION, else \"imcontact-send\"\n"
        "  --email E               default $IMCONTACT_EMAIL, else \"imcontact-send@example.invalid\"\n"
        "  --application A         default $IMCONTACT_APPLICATION, else \"imcontact-send\"\n"
        "  --sub-application S     --reference R     --phone P (required for phone_support_request)\n"
        "  --screenshot FILE       a PNG is sent as it is; another image stb_image reads (JPEG, BMP,\n"
        "                          ...) is converted to PNG\n"
        "  --attach PATH[=TYPE]    attach a file (repeatable, at most 8; 1 MiB each, 2 MiB in all: a\n"
        "                          .log/.txt is cut to its newest lines to fit); TYPE default\n"
        "                          text/plain; charset=utf-8 for .log/.txt, else application/octet-stream\n"
        "  --attach-type TYPE      the type of the --attach before it\n"
        "  --lang fi|en            language of the confirmation (default fi)\n"
        "  --idempotency-key KEY   8 to 64 of [A-Za-z0-9_-] (default: 128 random bits)\n"
        "\n"
        "storage and timing:\n"
        "  --data-dir DIR          where \"My requests\" (tickets.json) is kept; default\n"
        "                          $IMCONTACT_SEND_DATA_DIR, else $XDG_DATA_HOME/imcontact-send,\n"
        "                          else ~/.local/share/imcontact-send\n"
        "  --outbox DIR            the outbox (default DATA-DIR/outbox); may be shared with other\n"
        "                          processes, each report is locked while it is sent\n"
        "  --flush DIR             deliver every report pending in the outbox DIR (or in DIR/outbox\n"
        "                          when DIR is a data directory), one line\n"
        "                          'delivered: Q-XXXXXXXX ticket: NNNN-NNNN' each; a DIR that is\n"
        "                          neither is refused (exit 2)\n"
        "  --max-queued N          refuse a new report when the outbox holds N (default 100)\n"
        "  --timeout SEC           how long to try before giving up (default 30)\n"
        "  --json                  JSON Lines on stdout instead of the text lines\n"
        "  --help, --version\n"
        "\n"
        "exit codes:\n"
        "  0  delivered: the receiver answered with a ticket (--flush: nothing left pending)\n"
        "  1  other error (the outcome is not known, internal error)\n"
        "  2  usage: bad command line\n"
        "  3  queued: saved in the outbox, not delivered yet (--flush: some still pending)\n"
        "  4  refused: invalid input, rejected by the receiver (4xx; kept in the outbox as\n"
        "     needing attention), outbox full, or the report could not be saved\n";
}

bool ParseOptions(int argc, char** argv, Options* out, std::string* error)
{
    Options o;
    o.Fields.Type = ImContact::ContactType::SupportRequest;
    o.Fields.Organisation = EnvOr("IMCONTACT_ORGANISATION", "imcontact-send");
    o.Fields.Email = EnvOr("IMCONTACT_EMAIL", "imcontact-send@example.invalid");
    o.Fields.Application = EnvOr("IMCONTACT_APPLICATION", "imcontact-send");
    bool have_type = false, have_message = false, have_flush = false, have_data_dir = false;

    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        std::string value;
        bool inline_value = false;
        if (arg.rfind("--", 0) == 0)
        {
            const size_t eq = arg.find('=');
            if (eq != std::string::npos)
            {
                value = arg.substr(eq + 1);
                arg = arg.substr(0, eq);
                inline_value = true;
            }
        }
        if (arg == "--help" || arg == "-h") { out->What = Options::Command::Help; return true; }
        if (arg == "--version") { out->What = Options::Command::Version; return true; }
        if (arg == "--json") { o.Json = true; continue; }

        static const char* const with_value[] = {
            "--endpoint", "--type", "--message", "--speed", "--organisation", "--email", "--application",
            "--sub-application", "--reference", "--phone", "--screenshot", "--lang", "--data-dir", "--outbox",
            "--timeout", "--flush", "--max-queued", "--idempotency-key", "--attach", "--attach-type",
        };
        bool known = false;
        for (const char* name : with_value) known = known || arg == name;
        if (!known)
        {
            *error = "unknown option '" + arg + "'";
            return false;
        }
        if (!inline_value)
        {
            if (i + 1 >= argc)
            {
                *error = arg + " needs a value";
                return false;
            }
            value = argv[++i];
        }

        if (arg == "--endpoint") o.Endpoint = value;
        else if (arg == "--type")
        {
            if (!ImContact::ContactTypeFromId(value, &o.Fields.Type))
            {
                *error = "unknown --type '" + value + "' (one of: " + TypeList() + ")";
                return false;
            }
            have_type = true;
        }
        else if (arg == "--message") { o.Fields.Message = value; have_message = true; }
        else if (arg == "--speed")
        {
            if (!ImContact::SpeedFromId(value, &o.Fields.Speed))
            {
                *error = "unknown --speed '" + value + "' (normal or faster)";
                return false;
            }
        }
        else if (arg == "--organisation") o.Fields.Organisation = value;
        else if (arg == "--email") o.Fields.Email = value;
        else if (arg == "--application") o.Fields.Application = value;
        else if (arg == "--sub-application") o.Fields.SubApplication = value;
        else if (arg == "--reference") o.Fields.Reference = value;
        else if (arg == "--phone") o.Fields.Phone = value;
        else if (arg == "--screenshot") o.ScreenshotPath = value;
        else if (arg == "--attach")
        {
            // PATH=TYPE when what follows the last '=' is a type; otherwise all of it is the path.
            Options::Attach a{ value, std::string() };
            const size_t eq = value.rfind('=');
            if (eq != std::string::npos && eq > 0 && ImContact::ValidateAttachmentMime(value.substr(eq + 1)))
                a = { value.substr(0, eq), value.substr(eq + 1) };
            if (a.MimeType.empty()) a.MimeType = DefaultAttachmentType(a.Path);
            o.Attachments.push_back(a);
        }
        else if (arg == "--attach-type")
        {
            if (o.Attachments.empty())
            {
                *error = "--attach-type must follow an --attach";
                return false;
            }
            if (!ImContact::ValidateAttachmentMime(value))
            {
                *error = "--attach-type '" + value + "' is not a type/subtype in lower case (optionally \"; charset=utf-8\")";
                return false;
            }
            o.Attachments.back().MimeType = value;
        }
        else if (arg == "--lang")
        {
            if (value != "fi" && value != "en")
            {
                *error = "--lang must be fi or en";
                return false;
            }
            o.Language = value;
        }
        else if (arg == "--data-dir") { o.DataDir = value; have_data_dir = true; }
        else if (arg == "--outbox") o.OutboxDir = value;
        else if (arg == "--flush") { o.OutboxDir = value; have_flush = true; }
        else if (arg == "--timeout")
        {
            char* end = nullptr;
            errno = 0;
            const double t = std::strtod(value.c_str(), &end);
            if (value.empty() || *end != '\0' || errno != 0 || !std::isfinite(t) || t <= 0 || t > 86400)
            {
                *error = "--timeout must be a number of seconds (0 < SEC <= 86400)";
                return false;
            }
            o.TimeoutSec = t;
        }
        else if (arg == "--max-queued")
        {
            char* end = nullptr;
            errno = 0;
            const unsigned long n = std::strtoul(value.c_str(), &end, 10);
            if (value.empty() || *end != '\0' || errno != 0 || n == 0 || n > 1000000 || value[0] == '-')
            {
                *error = "--max-queued must be a whole number from 1 to 1000000";
                return false;
            }
            o.MaxQueued = static_cast<size_t>(n);
        }
        else if (arg == "--idempotency-key")
        {
            if (!ValidKey(value))
            {
                *error = "--idempotency-key must be 8 to 64 of A-Z a-z 0-9 _ -";
                return false;
            }
            o.IdempotencyKey = value;
        }
    }

    if (o.Endpoint.empty())
    {
        *error = "--endpoint URL is required";
        return false;
    }
    if (!StartsWithScheme(o.Endpoint))
    {
        *error = "--endpoint must be an http:// or https:// URL";
        return false;
    }
    if (have_flush)
    {
        if (o.OutboxDir.empty())
        {
            *error = "--flush needs an outbox directory";
            return false;
        }
        if (have_type || have_message || !o.ScreenshotPath.empty())
        {
            *error = "--flush sends what the outbox holds; it takes no report (--type, --message, --screenshot)";
            return false;
        }
        o.What = Options::Command::Flush;
    }
    else
    {
        if (!have_type || !have_message)
        {
            *error = "--type and --message are required (or --flush DIR)";
            return false;
        }
        o.What = Options::Command::Send;
    }
    if (!have_data_dir && !have_flush) o.DataDir = DefaultDataDir();
    if (o.OutboxDir.empty()) o.OutboxDir = o.DataDir + "/outbox";
    *out = std::move(o);
    return true;
}

} // namespace ImContactSend
