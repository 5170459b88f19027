// The bytes of one outbox file (see outbox_format.h).
#include "outbox_format.h"

#include <nlohmann/json.hpp>
#include <zlib.h>

#include <cctype>
#include <cstdio>
#include <cstring>

namespace ImContact
{
using nlohmann::json;

namespace
{
constexpr size_t TrailerSize = 16;   // "\nCRC32 xxxxxxxx\n"

uint32_t Crc32(const char* data, size_t size)
{
    uLong crc = crc32_z(0L, Z_NULL, 0);
    crc = crc32_z(crc, reinterpret_cast<const Bytef*>(data), size);
    return static_cast<uint32_t>(crc);
}

std::string MagicLine()
{
    return std::string(OutboxMagic) + std::to_string(OutboxFormatVersion) + "\n";
}

std::string HeaderLine(const OutboxRecord& r)
{
    const OutboxHeader& h = r.Header;
    json j = { { "key", h.Key },
               { "created_at", h.CreatedAt },
               { "state", OutboxStateId(h.State) },
               { "report_bytes", r.ReportJson.size() },
               { "png_bytes", r.Png.size() } };
    json list = json::array();
    for (const Attachment& a : r.Attachments) list.push_back({ { "name", a.Name }, { "type", a.MimeType }, { "bytes", a.Bytes.size() } });
    j["attachments"] = std::move(list);
    if (!h.Replaces.empty()) j["replaces"] = h.Replaces;
    if (h.State == QueuedState::NeedsAttention)
    {
        j["http_status"] = h.HttpStatus;
        j["last_error"] = h.LastError;
        j["reason"] = { { "code", h.Reason.Code }, { "field", h.Reason.Field },
                        { "message", h.Reason.Message }, { "limit", h.Reason.Limit } };
    }
    // One line: dump() escapes control characters inside strings.
    return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string Str(const json& j, const char* key)
{
    auto it = j.find(key);
    return (it != j.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

// 128-bit FNV-1a (two 64-bit lanes with different offsets): names files for keys that
// cannot be file names. Not cryptographic; the keys come from this installation.
std::string Hash128Hex(const std::string& s)
{
    uint64_t a = 0xcbf29ce484222325ull, b = 0x84222325cbf29ce4ull;
    for (unsigned char c : s)
    {
        a = (a ^ c) * 0x100000001b3ull;
        b = (b ^ static_cast<unsigned char>(c + 0x5b)) * 0x100000001b3ull;
    }
    char buf[33];
    std::snprintf(buf, sizeof(buf), "%016llx%016llx", static_cast<unsigned long long>(a), static_cast<unsigned long long>(b));
    return std::string(buf, 32);
}

bool IsSafeId(const std::string& key)
{
    if (key.empty() || key.size() > 64) return false;
    for (unsigned char c : key)
        if (!std::isalnum(c) && c != '-' && c != '_') return false;
    return true;
}
} // namespace

const char* OutboxStateId(QueuedState state)
{
    return state == QueuedState::NeedsAttention ? "needs_attention" : "pending";
}

std::string OutboxFileId(const std::string& key)
{
    return IsSafeId(key) ? key : "h" + Hash128Hex(key);
}

std::string LocalReferenceFor(const std::string& key)
{
    auto hex8 = [](const std::string& s) {
        if (s.size() < 8) return false;
        for (size_t i = 0; i < 8; ++i)
            if (!std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
        return true;
    };
    std::string digits = hex8(key) ? key.substr(0, 8) : Hash128Hex(key).substr(0, 8);
    for (char& c : digits) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return "Q-" + digits;
}

uint64_t EncodedOutboxFileSize(const OutboxRecord& record)
{
    uint64_t attachments = 0;
    for (const Attachment& a : record.Attachments) attachments += a.Bytes.size();
    return MagicLine().size() + HeaderLine(record).size() + record.ReportJson.size() + record.Png.size() + attachments + TrailerSize;
}

std::string EncodeOutboxFile(const OutboxRecord& record)
{
    std::string out = MagicLine();
    out += HeaderLine(record);
    out += record.ReportJson;
    out.append(reinterpret_cast<const char*>(record.Png.data()), record.Png.size());
    for (const Attachment& a : record.Attachments) out.append(reinterpret_cast<const char*>(a.Bytes.data()), a.Bytes.size());
    char trailer[TrailerSize + 1];
    std::snprintf(trailer, sizeof(trailer), "\nCRC32 %08x\n", static_cast<unsigned>(Crc32(out.data(), out.size())));
    out.append(trailer, TrailerSize);
    return out;
}

OutboxDecode DecodeOutboxFile(const std::string& bytes, OutboxRecord* out, Report* report, std::string* why)
{
    auto corrupt = [&](const std::string& what) {
        if (why) *why = what;
        return OutboxDecode::Corrupt;
    };
    // The version comes first: a later format may lay out everything else differently.
    const size_t magic_len = std::strlen(OutboxMagic);
    if (bytes.compare(0, magic_len, OutboxMagic) != 0) return corrupt("not an outbox file (no IMCONTACT-OUTBOX/ signature)");
    const size_t magic_end = bytes.find('\n', magic_len);
    if (magic_end == std::string::npos || magic_end > magic_len + 9) return corrupt("truncated before the header");
    const std::string version = bytes.substr(magic_len, magic_end - magic_len);
    if (version.empty() || version.find_first_not_of("0123456789") != std::string::npos)
        return corrupt("bad format version \"" + version + "\"");
    if (std::stoi(version) > OutboxFormatVersion)
    {
        if (why) *why = "format version " + version + " is newer than this library's";
        return OutboxDecode::NewerVersion;
    }
    const int format = std::stoi(version);
    if (format != 1 && format != OutboxFormatVersion) return corrupt("unknown format version " + version);

    if (bytes.size() < magic_end + 1 + TrailerSize) return corrupt("truncated (" + std::to_string(bytes.size()) + " bytes)");
    const size_t body_end = bytes.size() - TrailerSize;
    // The trailer, strictly: exactly 8 lower-case hex digits (no sign, no spaces).
    uint32_t stored = 0;
    bool trailer_ok = bytes.compare(body_end, 7, "\nCRC32 ") == 0 && bytes[bytes.size() - 1] == '\n';
    for (size_t i = body_end + 7; trailer_ok && i < bytes.size() - 1; ++i)
    {
        const char c = bytes[i];
        const int digit = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
        if (digit < 0) trailer_ok = false;
        stored = (stored << 4) | static_cast<uint32_t>(digit & 15);
    }
    if (!trailer_ok) return corrupt("truncated or torn (no checksum trailer)");
    const uint32_t actual = Crc32(bytes.data(), body_end);
    if (actual != stored)
    {
        char buf[96];
        std::snprintf(buf, sizeof(buf), "checksum mismatch (stored %08x, computed %08x)", static_cast<unsigned>(stored),
                      static_cast<unsigned>(actual));
        return corrupt(buf);
    }

    const size_t header_end = bytes.find('\n', magic_end + 1);
    if (header_end == std::string::npos || header_end > body_end) return corrupt("no header line");
    const json h = json::parse(bytes.begin() + static_cast<std::ptrdiff_t>(magic_end + 1),
                               bytes.begin() + static_cast<std::ptrdiff_t>(header_end), nullptr, false);
    if (h.is_discarded() || !h.is_object()) return corrupt("the header is not JSON");
    auto size_of = [&](const char* key, uint64_t* n) {
        auto it = h.find(key);
        if (it == h.end() || !it->is_number_unsigned()) return false;
        *n = it->get<uint64_t>();
        return true;
    };
    uint64_t report_bytes = 0, png_bytes = 0;
    if (!size_of("report_bytes", &report_bytes) || !size_of("png_bytes", &png_bytes))
        return corrupt("the header has no report_bytes/png_bytes");
    // Version 2: the attachments' names, types and lengths, in the order of their bytes.
    OutboxRecord rec;
    uint64_t attachment_bytes = 0;
    std::vector<uint64_t> attachment_sizes;
    if (format >= 2)
    {
        auto list = h.find("attachments");
        if (list == h.end() || !list->is_array()) return corrupt("the header has no attachments list");
        for (const json& a : *list)
        {
            auto n = a.is_object() ? a.find("bytes") : a.end();
            if (!a.is_object() || n == a.end() || !n->is_number_unsigned()) return corrupt("an attachment in the header has no length");
            rec.Attachments.push_back(Attachment{ Str(a, "name"), Str(a, "type"), {} });
            attachment_sizes.push_back(n->get<uint64_t>());
            if (attachment_sizes.back() > body_end) return corrupt("lengths in the header do not match the file");
            attachment_bytes += attachment_sizes.back();
        }
    }
    const uint64_t payload = body_end - (header_end + 1);
    if (report_bytes > payload || attachment_bytes > payload - report_bytes ||
        png_bytes != payload - report_bytes - attachment_bytes)
        return corrupt("lengths in the header do not match the file");

    OutboxHeader& hd = rec.Header;
    hd.Key = Str(h, "key");
    hd.CreatedAt = Str(h, "created_at");
    hd.Replaces = Str(h, "replaces");
    const std::string state = Str(h, "state");
    if (state == "pending") hd.State = QueuedState::Pending;
    else if (state == "needs_attention") hd.State = QueuedState::NeedsAttention;
    else return corrupt("unknown state \"" + state + "\"");
    if (hd.Key.empty()) return corrupt("the header has no key");
    if (hd.State == QueuedState::NeedsAttention)
    {
        auto st = h.find("http_status");
        if (st != h.end() && st->is_number_integer()) hd.HttpStatus = st->get<int>();
        hd.LastError = Str(h, "last_error");
        auto r = h.find("reason");
        if (r != h.end() && r->is_object())
        {
            hd.Reason.Code = Str(*r, "code");
            hd.Reason.Field = Str(*r, "field");
            hd.Reason.Message = Str(*r, "message");
            auto lim = r->find("limit");
            if (lim != r->end() && lim->is_number_unsigned()) hd.Reason.Limit = lim->get<size_t>();
        }
    }
    const size_t report_begin = header_end + 1;
    rec.ReportJson = bytes.substr(report_begin, static_cast<size_t>(report_bytes));
    size_t at = report_begin + static_cast<size_t>(report_bytes);
    rec.Png.assign(bytes.begin() + static_cast<std::ptrdiff_t>(at), bytes.begin() + static_cast<std::ptrdiff_t>(at + png_bytes));
    at += static_cast<size_t>(png_bytes);
    for (size_t i = 0; i < rec.Attachments.size(); ++i)
    {
        rec.Attachments[i].Bytes.assign(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                                        bytes.begin() + static_cast<std::ptrdiff_t>(at + attachment_sizes[i]));
        at += static_cast<size_t>(attachment_sizes[i]);
    }

    Report parsed;
    FieldError ferr{};
    if (!ReportFromJson(rec.ReportJson, &parsed, &ferr))
        return corrupt(std::string("the report JSON is not a report (") + FieldId(ferr.Which) + " " + ErrorCodeId(ferr.Code) + ")");
    if (parsed.IdempotencyKey != hd.Key) return corrupt("the report's idempotency key is not the header's");
    if (out) *out = std::move(rec);
    if (report) *report = std::move(parsed);
    return OutboxDecode::Ok;
}

} // namespace ImContact
