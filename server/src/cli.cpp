// Command-line parsing and the commands of imcontact-receiver.
#include "cli.h"

#include "imcontact/imcontact_locale.h"
#include "imcontact_receiver.h"
#include "png_info.h"
#include "ticket_number.h"

#include <algorithm>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <ostream>
#include <pthread.h>
#include <set>
#include <string>
#include <vector>

namespace ImContactReceiver
{

static const char* const kUsage =
    "usage: imcontact-receiver COMMAND --db FILE [options]\n"
    "\n"
    "Receives contact reports over HTTP, stores them in a SQLite database and lets\n"
    "the support staff list, inspect and update them.\n"
    "\n"
    "commands:\n"
    "  serve --db FILE [--listen HOST:PORT] [--routing FILE] [--quiet]\n"
    "        Serve the HTTP API (POST /v1/contacts, GET /v1/contacts/TICKET, GET /healthz).\n"
    "        --listen defaults to 127.0.0.1:8080; port 0 picks a free port. Prints the URL\n"
    "        it listens on; stops on SIGINT or SIGTERM. --routing: JSON file\n"
    "        {\"routes\": {\"malfunction\": \"application_maintenance\", ...}, \"faster_priority\": 1}.\n"
    "        --quiet: no request log on stderr. The database is created if missing.\n"
    "  list --db FILE [--queue QUEUE] [--status STATUS]\n"
    "        Table of tickets, newest first. QUEUE: customer_service or\n"
    "        application_maintenance. STATUS: see below.\n"
    "  show --db FILE TICKET\n"
    "        Every field of a ticket, its queues, its history, its screenshot and its\n"
    "        attachments (position, name, type, size).\n"
    "  set-status --db FILE TICKET STATUS [--note TEXT]\n"
    "        Change the status the user sees in \"My requests\"; appends to the history.\n"
    "  export-screenshot --db FILE TICKET FILE.png\n"
    "        Write the ticket's screenshot (PNG or WebP) to FILE.png; a .png or .webp\n"
    "        name is given the screenshot's own extension.\n"
    "  export-attachment --db FILE TICKET N|NAME [--out PATH]\n"
    "        Write the bytes of attachment N (its position in show, from 1) or of the one\n"
    "        named NAME (a NAME of digits only is read as N) to PATH, by default its stored\n"
    "        name in the current directory. Never overwrites: an existing PATH fails.\n"
    "\n"
    "TICKET is a ticket number such as 4827-3915. STATUS is one of: received, in_progress,\n"
    "waiting_for_customer, resolved, closed.\n"
    "Exit status: 0 success, 1 the operation failed, 2 bad usage.\n";

struct Command
{
    const char* Name;
    std::set<std::string> Options;      // options taking a value
    std::set<std::string> Flags;        // options without a value
    std::vector<const char*> Positional;
};

static const std::vector<Command>& Commands()
{
    static const std::vector<Command> commands = {
        { "serve", { "db", "listen", "routing" }, { "quiet" }, {} },
        { "list", { "db", "queue", "status" }, {}, {} },
        { "show", { "db" }, {}, { "TICKET" } },
        { "set-status", { "db", "note" }, {}, { "TICKET", "STATUS" } },
        { "export-screenshot", { "db" }, {}, { "TICKET", "FILE.png" } },
        { "export-attachment", { "db", "out" }, {}, { "TICKET", "N|NAME" } },
    };
    return commands;
}

struct Args
{
    const Command* Cmd = nullptr;
    std::map<std::string, std::string> Values;
    std::set<std::string> Flags;
    std::vector<std::string> Positional;
};

// Text from the database, made safe for a terminal: control characters (C0, DEL and
// C1, which some terminals treat as escape sequences) become '?'. Newlines are kept
// if asked, and indented.
static std::string Printable(const std::string& s, bool keep_newlines = false, const char* indent = "")
{
    std::string out;
    for (size_t i = 0; i < s.size(); i++)
    {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '\n' && keep_newlines) { out += "\n"; out += indent; continue; }
        if (c < 0x20 || c == 0x7f) { out += '?'; continue; }
        if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
            static_cast<unsigned char>(s[i + 1]) <= 0x9f)
        {
            out += '?';
            i++;
            continue;
        }
        out += static_cast<char>(c);
    }
    return out;
}

static std::string Pad(const std::string& s, size_t width)
{
    const size_t len = ImContact::Utf8Length(s);
    return len >= width ? s : s + std::string(width - len, ' ');
}

static int Usage(std::ostream& err, const std::string& message)
{
    err << "imcontact-receiver: " << message << "\n(see imcontact-receiver --help)\n";
    return 2;
}

static int Failure(std::ostream& err, const std::string& message)
{
    err << "imcontact-receiver: " << message << "\n";
    return 1;
}

static bool IsFlagName(const std::string& name)
{
    for (const Command& c : Commands())
        if (c.Flags.count(name)) return true;
    return false;
}

static bool IsOptionName(const std::string& name)
{
    for (const Command& c : Commands())
        if (c.Options.count(name) || c.Flags.count(name)) return true;
    return false;
}

// Parses argv into 'a'. Returns -1 to go on, else the exit code to return.
// --help anywhere (where an option may stand) wins over any other problem.
static int ParseArgs(int argc, const char* const* argv, Args* a, std::ostream& out, std::ostream& err)
{
    const std::vector<std::string> words(argv + 1, argv + argc);
    std::string problem;   // the first one found
    auto note = [&](const std::string& p) { if (problem.empty()) problem = p; };
    bool help = false, options_done = false;
    const std::string no_value("\x01");
    std::vector<std::pair<std::string, std::string>> options;   // checked once the command is known
    for (size_t i = 0; i < words.size(); i++)
    {
        const std::string& w = words[i];
        if (!options_done && w == "--") { options_done = true; continue; }
        if (!options_done && (w == "--help" || w == "-h")) { help = true; continue; }
        if (!options_done && w.size() > 2 && w.compare(0, 2, "--") == 0)
        {
            std::string name = w.substr(2), value = no_value;
            const size_t eq = name.find('=');
            if (eq != std::string::npos) { value = name.substr(eq + 1); name.resize(eq); }
            if (!IsOptionName(name)) { note("unknown option --" + Printable(name)); continue; }
            if (eq == std::string::npos && !IsFlagName(name))
            {
                if (i + 1 < words.size()) value = words[++i];
                else note("option --" + Printable(name) + " needs a value");
            }
            options.push_back({ name, value });
            continue;
        }
        if (!options_done && w.size() > 1 && w[0] == '-') { note("unknown option " + Printable(w)); continue; }
        if (!a->Cmd)
        {
            if (i == 0 && w == "help") { help = true; continue; }
            for (const Command& c : Commands())
                if (w == c.Name) a->Cmd = &c;
            if (!a->Cmd) note("unknown command \"" + Printable(w) + "\"");
            continue;
        }
        a->Positional.push_back(w);
    }
    if (help)
    {
        out << kUsage;
        return 0;
    }
    if (!problem.empty()) return Usage(err, problem);
    if (!a->Cmd) return Usage(err, "no command given");
    for (const auto& o : options)
    {
        if (a->Cmd->Flags.count(o.first))
        {
            if (o.second != no_value) return Usage(err, "option --" + o.first + " takes no value");
            a->Flags.insert(o.first);
        }
        else if (a->Cmd->Options.count(o.first))
        {
            if (o.second == no_value) return Usage(err, "option --" + o.first + " needs a value");
            if (a->Values.count(o.first)) return Usage(err, "option --" + o.first + " given twice");
            a->Values[o.first] = o.second;
        }
        else
        {
            return Usage(err, "unknown option --" + Printable(o.first) + " for " + a->Cmd->Name);
        }
    }
    if (a->Positional.size() < a->Cmd->Positional.size())
        return Usage(err, std::string(a->Cmd->Name) + ": missing " + a->Cmd->Positional[a->Positional.size()]);
    if (a->Positional.size() > a->Cmd->Positional.size())
        return Usage(err, std::string(a->Cmd->Name) + ": unexpected argument \"" +
                              Printable(a->Positional[a->Cmd->Positional.size()]) + "\"");
    if (!a->Values.count("db") || a->Values["db"].empty()) return Usage(err, std::string(a->Cmd->Name) + ": --db FILE is required");
    return -1;
}

static bool OpenExisting(const std::string& path, Store* store, std::ostream& err, int* code)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
    {
        *code = Failure(err, "database " + path + " does not exist");
        return false;
    }
    std::string error;
    if (!store->Open(path, &error))
    {
        *code = Failure(err, error);
        return false;
    }
    return true;
}

static std::string StatusList()
{
    std::string s;
    for (const std::string& st : ImContact::TicketStatuses()) s += (s.empty() ? "" : ", ") + st;
    return s;
}

static int CmdServe(const Args& a, std::ostream& out, std::ostream& err)
{
    Options opt;
    opt.DbPath = a.Values.at("db");
    if (a.Values.count("routing")) opt.RoutingPath = a.Values.at("routing");
    opt.LogRequests = !a.Flags.count("quiet");
    const std::string listen = a.Values.count("listen") ? a.Values.at("listen") : "127.0.0.1:8080";
    const size_t colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size())
        return Usage(err, "--listen wants HOST:PORT, e.g. 127.0.0.1:8080");
    opt.Host = listen.substr(0, colon);
    if (opt.Host.size() > 2 && opt.Host.front() == '[' && opt.Host.back() == ']') opt.Host = opt.Host.substr(1, opt.Host.size() - 2);
    const std::string port = listen.substr(colon + 1);
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535)
        return Usage(err, "--listen: \"" + Printable(port) + "\" is not a port number");
    opt.Port = std::stoi(port);

    // Block the stop signals in every thread (the server's threads inherit the mask)
    // and wait for them here.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);

    Receiver rx(opt);
    std::string error;
    if (!rx.Start(&error)) return Failure(err, error);
    out << "imcontact-receiver listening on " << rx.Url() << std::endl;
    int sig = 0;
    sigwait(&stop, &sig);
    err << "imcontact-receiver: " << (sig == SIGINT ? "SIGINT" : "SIGTERM") << ", stopping" << std::endl;
    rx.Stop();
    return 0;
}

static int CmdList(const Args& a, std::ostream& out, std::ostream& err)
{
    const std::string queue = a.Values.count("queue") ? a.Values.at("queue") : "";
    const std::string status = a.Values.count("status") ? a.Values.at("status") : "";
    if (!queue.empty() && queue != QueueCustomerService && queue != QueueMaintenance)
        return Usage(err, "list: unknown queue \"" + Printable(queue) + "\" (customer_service or application_maintenance)");
    if (!status.empty() && !ImContact::IsKnownTicketStatus(status))
        return Usage(err, "list: unknown status \"" + Printable(status) + "\" (one of: " + StatusList() + ")");
    Store store;
    int code = 0;
    if (!OpenExisting(a.Values.at("db"), &store, err, &code)) return code;

    const std::vector<TicketSummary> tickets = store.List(queue, status);
    std::vector<std::vector<std::string>> rows = { { "TICKET", "CREATED", "TYPE", "PRIORITY", "PRIMARY QUEUE", "STATUS", "ORGANISATION" } };
    for (const TicketSummary& t : tickets)
        rows.push_back({ t.Ticket, t.CreatedAt, t.Type, std::to_string(t.Priority), t.PrimaryQueue, t.Status, Printable(t.Organisation) });
    std::vector<size_t> width(rows[0].size(), 0);
    for (const auto& r : rows)
        for (size_t c = 0; c < r.size(); c++) width[c] = std::max(width[c], ImContact::Utf8Length(r[c]));
    for (const auto& r : rows)
    {
        std::string line;
        for (size_t c = 0; c < r.size(); c++) line += c + 1 < r.size() ? Pad(r[c], width[c]) + "  " : r[c];
        out << line << "\n";
    }
    out << tickets.size() << (tickets.size() == 1 ? " ticket" : " tickets") << "\n";
    return 0;
}

static bool CheckTicket(const std::string& ticket, std::ostream& err, int* code)
{
    if (IsTicketNumberFormat(ticket)) return true;
    *code = Usage(err, "\"" + Printable(ticket) + "\" is not a ticket number (NNNN-NNNN)");
    return false;
}

static int CmdShow(const Args& a, std::ostream& out, std::ostream& err)
{
    const std::string& ticket = a.Positional[0];
    int code = 0;
    if (!CheckTicket(ticket, err, &code)) return code;
    Store store;
    if (!OpenExisting(a.Values.at("db"), &store, err, &code)) return code;
    TicketDetails d;
    if (!store.Show(ticket, &d)) return Failure(err, "no ticket " + ticket);

    const ImContact::Report& r = d.Report;
    const ImContact::TechnicalDetails& t = r.Technical;
    auto field = [&](const char* label, const std::string& value) {
        out << (value.empty() ? std::string(label) : Pad(label, 17) + Printable(value)) << "\n";
    };
    std::string queues;
    for (const std::string& q : d.Queues) queues += (queues.empty() ? "" : ", ") + q;
    field("Ticket:", d.Summary.Ticket);
    field("Status:", d.Summary.Status);
    field("Type:", d.Summary.Type + " (" + ImContact::TypeLabel(ImContact::Language::Finnish, r.Fields.Type) + " / " +
                       ImContact::TypeLabel(ImContact::Language::English, r.Fields.Type) + ")");
    field("Speed:", ImContact::SpeedId(r.Fields.Speed));
    field("Priority:", std::to_string(d.Summary.Priority));
    field("Primary queue:", d.Summary.PrimaryQueue);
    field("Queues:", queues);
    field("Created:", d.Summary.CreatedAt);
    field("Updated:", d.Summary.UpdatedAt);
    field("Language:", r.Language);
    field("Organisation:", r.Fields.Organisation);
    field("Email:", r.Fields.Email);
    field("Phone:", r.Fields.Phone);
    field("Application:", r.Fields.Application);
    field("Sub-application:", r.Fields.SubApplication);
    field("Reference:", r.Fields.Reference);
    field("Idempotency key:", r.IdempotencyKey);
    if (r.ScreenshotPng.empty())
    {
        field("Screenshot:", "none");
    }
    else
    {
        int w = 0, h = 0;
        ImContact::ImageFormat format = ImContact::ImageFormat::None;
        std::string s = "stored, " + std::to_string(r.ScreenshotPng.size()) + " bytes";
        if (ScreenshotInfo(r.ScreenshotPng, &format, &w, &h))
            s += ", " + std::string(ImContact::ImageMimeType(format)) + ", " + std::to_string(w) + " x " + std::to_string(h) + " px";
        field("Screenshot:", s);
    }
    if (r.Attachments.empty()) field("Attachments:", "none");
    else out << "Attachments:\n";
    for (size_t i = 0; i < r.Attachments.size(); i++)
    {
        const ImContact::Attachment& at = r.Attachments[i];
        out << "  " << i + 1 << "  " << Printable(at.Name) << "  " << Printable(at.MimeType) << "  " << at.Bytes.size()
            << " bytes\n";
    }
    out << "Technical:\n";
    auto join = [](std::initializer_list<std::string> parts, const char* sep) {
        std::string s;
        for (const std::string& p : parts)
            if (!p.empty()) s += (s.empty() ? "" : sep) + p;
        return s;
    };
    field("  Application:", join({ t.AppName, t.AppVersion }, " "));
    field("  OS:", t.Os);
    field("  GL:", join({ t.GlVendor, t.GlRenderer, t.GlVersion }, " / "));
    field("  Framebuffer:", std::to_string(t.FramebufferWidth) + " x " + std::to_string(t.FramebufferHeight));
    field("  Locale:", t.Locale);
    field("  Client time:", t.TimeUtc);
    out << "Message:\n  " << Printable(r.Fields.Message, true, "  ") << "\n";
    out << "History:\n";
    for (const ImContact::HistoryEntry& h : d.History)
        out << "  " << Printable(h.At) << "  "
            << (h.Note.empty() ? Printable(h.Status) : Pad(Printable(h.Status), 21) + "  " + Printable(h.Note)) << "\n";
    return 0;
}

static int CmdSetStatus(const Args& a, std::ostream& out, std::ostream& err)
{
    const std::string& ticket = a.Positional[0];
    const std::string& status = a.Positional[1];
    int code = 0;
    if (!CheckTicket(ticket, err, &code)) return code;
    if (!ImContact::IsKnownTicketStatus(status))
        return Usage(err, "set-status: unknown status \"" + Printable(status) + "\" (one of: " + StatusList() + ")");
    Store store;
    if (!OpenExisting(a.Values.at("db"), &store, err, &code)) return code;
    TicketDetails before;
    if (!store.Show(ticket, &before)) return Failure(err, "no ticket " + ticket);
    std::string error;
    const std::string note = a.Values.count("note") ? a.Values.at("note") : "";
    if (!store.SetStatus(ticket, status, note, &error)) return Failure(err, error);
    out << ticket << ": " << before.Summary.Status << " -> " << status << "\n";
    return 0;
}

static int CmdExportScreenshot(const Args& a, std::ostream& out, std::ostream& err)
{
    const std::string& ticket = a.Positional[0];
    const std::string& requested = a.Positional[1];
    int code = 0;
    if (!CheckTicket(ticket, err, &code)) return code;
    Store store;
    if (!OpenExisting(a.Values.at("db"), &store, err, &code)) return code;
    // A .png or .webp path that names the other format gets the screenshot's extension.
    std::string path = requested;
    TicketDetails details;
    if (store.Show(ticket, &details))
    {
        const ImContact::ImageFormat format = ImContact::SniffImageFormat(details.Report.ScreenshotPng);
        const std::filesystem::path p(requested);
        const std::string ext = p.extension().string();
        if (format != ImContact::ImageFormat::None && (ext == ".png" || ext == ".webp") && ext != ImContact::ImageFileExtension(format))
            path = std::filesystem::path(p).replace_extension(ImContact::ImageFileExtension(format)).string();
    }
    std::string error;
    if (!store.ExportScreenshot(ticket, path, &error)) return Failure(err, error);
    std::error_code ec;
    out << "wrote " << std::filesystem::file_size(path, ec) << " bytes to " << path << "\n";
    return 0;
}

static int CmdExportAttachment(const Args& a, std::ostream& out, std::ostream& err)
{
    const std::string& ticket = a.Positional[0];
    const std::string& which = a.Positional[1];
    int code = 0;
    if (!CheckTicket(ticket, err, &code)) return code;
    Store store;
    if (!OpenExisting(a.Values.at("db"), &store, err, &code)) return code;
    TicketDetails d;
    if (!store.Show(ticket, &d)) return Failure(err, "no ticket " + ticket);
    const std::vector<ImContact::Attachment>& list = d.Report.Attachments;
    size_t index = list.size();
    if (!which.empty() && which.size() <= 9 && which.find_first_not_of("0123456789") == std::string::npos)
    {
        const size_t n = std::stoul(which);
        if (n < 1 || n > list.size())
            return Failure(err, "ticket " + ticket + " has no attachment " + which + " (it has " + std::to_string(list.size()) + ")");
        index = n - 1;
    }
    else
    {
        for (size_t i = 0; i < list.size(); i++)
            if (list[i].Name == which) index = i;
        if (index == list.size()) return Failure(err, "ticket " + ticket + " has no attachment named \"" + Printable(which) + "\"");
    }
    // The default path is the stored name, which validation made a plain file name
    // (no '/', not "." or ".."); checked again so an edited database cannot aim elsewhere.
    std::string path;
    if (a.Values.count("out")) path = a.Values.at("out");
    else if (ImContact::ValidateAttachmentName(list[index].Name, ImContact::Limits().AttachmentNameMaxChars)) path = list[index].Name;
    else return Failure(err, "the stored name of attachment " + std::to_string(index + 1) + " is not a plain file name; give --out PATH");
    if (path.empty()) return Usage(err, "export-attachment: --out needs a path");
    std::string error;
    if (!store.ExportAttachment(ticket, index, path, &error)) return Failure(err, error);
    out << "wrote " << list[index].Bytes.size() << " bytes to " << Printable(path) << "\n";
    return 0;
}

int RunCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err)
{
    Args a;
    const int parsed = ParseArgs(argc, argv, &a, out, err);
    if (parsed >= 0) return parsed;
    const std::string name = a.Cmd->Name;
    if (name == "serve") return CmdServe(a, out, err);
    if (name == "list") return CmdList(a, out, err);
    if (name == "show") return CmdShow(a, out, err);
    if (name == "set-status") return CmdSetStatus(a, out, err);
    if (name == "export-attachment") return CmdExportAttachment(a, out, err);
    return CmdExportScreenshot(a, out, err);
}

} // namespace ImContactReceiver
