// Validation of forms and reports. The receiver runs the same code on what it receives.
#include "imcontact/imcontact_model.h"

namespace ImContact
{

static bool IsBlank(const std::string& s)
{
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
    return true;
}

// Decodes one UTF-8 code point at s[*i] (valid input assumed: callers check IsValidUtf8).
static uint32_t NextCodePoint(const std::string& s, size_t* i)
{
    const unsigned char c = static_cast<unsigned char>(s[*i]);
    const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (int k = 1; k < n && *i + k < s.size(); k++) cp = (cp << 6) | (static_cast<unsigned char>(s[*i + k]) & 0x3Fu);
    *i += n;
    return cp;
}

// C0, DEL, C1 and the bidi controls that reorder or hide text (U+061C, U+200E/F,
// U+202A-202E, U+2066-2069).
static bool IsControlOrBidi(uint32_t cp)
{
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return true;
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

bool HasOnlyPrintable(const std::string& s, bool multiline)
{
    for (size_t i = 0; i < s.size();)
    {
        const uint32_t cp = NextCodePoint(s, &i);
        if (multiline && (cp == '\n' || cp == '\t')) continue;
        if (multiline && cp == '\r' && i < s.size() && s[i] == '\n') continue;   // CR only as part of CRLF
        if (IsControlOrBidi(cp)) return false;
    }
    return true;
}

// Checks UTF-8, control characters and the length of one text field; 'min_chars' > 0 makes it required.
static void CheckText(std::vector<FieldError>& out, Field field, const std::string& value,
                      size_t min_chars, size_t max_chars, bool required)
{
    if (!IsValidUtf8(value)) { out.push_back({ field, ErrorCode::InvalidUtf8, 0 }); return; }
    if (!HasOnlyPrintable(value, field == Field::Message)) { out.push_back({ field, ErrorCode::ControlCharacter, 0 }); return; }
    if (IsBlank(value))
    {
        if (required) out.push_back({ field, ErrorCode::Missing, min_chars });
        return;
    }
    const size_t len = Utf8Length(value);
    if (min_chars > 0 && len < min_chars) out.push_back({ field, ErrorCode::TooShort, min_chars });
    else if (len > max_chars) out.push_back({ field, ErrorCode::TooLong, max_chars });
}

std::vector<FieldError> ValidateForm(const Form& f, const Limits& lim)
{
    std::vector<FieldError> out;
    const int type = static_cast<int>(f.Type);
    if (type < 0 || type >= ContactTypeCount) out.push_back({ Field::Type, ErrorCode::Unknown, 0 });
    const int speed = static_cast<int>(f.Speed);
    if (speed < 0 || speed >= static_cast<int>(ProcessingSpeed::COUNT)) out.push_back({ Field::Speed, ErrorCode::Unknown, 0 });

    CheckText(out, Field::Organisation, f.Organisation, 0, lim.OrganisationMaxChars, true);
    CheckText(out, Field::Email, f.Email, 0, lim.EmailMaxChars, true);
    if (!IsBlank(f.Email) && IsValidUtf8(f.Email) && Utf8Length(f.Email) <= lim.EmailMaxChars && !IsPlausibleEmail(f.Email))
        out.push_back({ Field::Email, ErrorCode::Malformed, 0 });
    CheckText(out, Field::Application, f.Application, 0, lim.ApplicationMaxChars, true);
    CheckText(out, Field::SubApplication, f.SubApplication, 0, lim.ApplicationMaxChars, false);
    CheckText(out, Field::Reference, f.Reference, 0, lim.ReferenceMaxChars, false);
    CheckText(out, Field::Message, f.Message, lim.MessageMinChars, lim.MessageMaxChars, true);

    const bool phone_required = type >= 0 && type < ContactTypeCount && TypeRequiresPhone(f.Type);
    CheckText(out, Field::Phone, f.Phone, 0, lim.PhoneMaxChars, phone_required);
    if (!IsBlank(f.Phone) && IsValidUtf8(f.Phone) && Utf8Length(f.Phone) <= lim.PhoneMaxChars &&
        !IsPlausiblePhone(f.Phone, lim.PhoneMinDigits))
        out.push_back({ Field::Phone, ErrorCode::Malformed, lim.PhoneMinDigits });
    return out;
}

bool ValidateAttachmentName(const std::string& name, size_t max_chars)
{
    if (name.empty() || !IsValidUtf8(name) || Utf8Length(name) > max_chars) return false;
    if (name == "." || name == "..") return false;
    for (size_t i = 0; i < name.size();)
    {
        const uint32_t cp = NextCodePoint(name, &i);
        if (IsControlOrBidi(cp)) return false;
        if (cp == '/' || cp == '\\' || cp == '"') return false;                           // a path or a quote
    }
    return true;
}

static bool IsMimeTokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-';
}

bool ValidateAttachmentMime(const std::string& mime)
{
    static const char kCharset[] = "; charset=utf-8";
    std::string type = mime;
    const size_t semi = mime.find(';');
    if (semi != std::string::npos)
    {
        if (mime.compare(semi, std::string::npos, kCharset) != 0) return false;
        type = mime.substr(0, semi);
    }
    if (type.size() > 100) return false;
    const size_t slash = type.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == type.size()) return false;
    for (size_t i = 0; i < type.size(); i++)
        if (i != slash && !IsMimeTokenChar(type[i])) return false;
    return true;
}

bool AttachmentIsText(const std::string& mime) { return mime.compare(0, 5, "text/") == 0; }

static void CheckAttachments(std::vector<FieldError>& out, const std::vector<Attachment>& list, const Limits& lim)
{
    if (list.size() > lim.AttachmentsMaxCount)
    {
        out.push_back({ Field::Attachment, ErrorCode::TooMany, lim.AttachmentsMaxCount });
        return;
    }
    size_t total = 0;
    for (size_t i = 0; i < list.size(); i++)
    {
        const Attachment& a = list[i];
        const int idx = static_cast<int>(i);
        total += a.Bytes.size();
        if (!ValidateAttachmentName(a.Name, lim.AttachmentNameMaxChars))
            out.push_back({ Field::Attachment, ErrorCode::Malformed, lim.AttachmentNameMaxChars, idx });
        else if (!ValidateAttachmentMime(a.MimeType))
            out.push_back({ Field::Attachment, ErrorCode::Unknown, 0, idx });
        else if (a.Bytes.size() > lim.AttachmentMaxBytes)
            out.push_back({ Field::Attachment, ErrorCode::TooLarge, lim.AttachmentMaxBytes, idx });
        else if (AttachmentIsText(a.MimeType) &&
                 !IsValidUtf8(std::string(reinterpret_cast<const char*>(a.Bytes.data()), a.Bytes.size())))
            out.push_back({ Field::Attachment, ErrorCode::InvalidUtf8, 0, idx });
        else
            for (size_t j = 0; j < i; j++)
                if (list[j].Name == a.Name)
                {
                    out.push_back({ Field::Attachment, ErrorCode::Duplicate, 0, idx });
                    break;
                }
    }
    if (total > lim.AttachmentsMaxBytes) out.push_back({ Field::Attachment, ErrorCode::TooLarge, lim.AttachmentsMaxBytes });
}

std::vector<FieldError> ValidateReport(const Report& r, const Limits& lim)
{
    std::vector<FieldError> out = ValidateForm(r.Fields, lim);
    if (r.Language != "fi" && r.Language != "en") out.push_back({ Field::Language, ErrorCode::Unknown, 0 });
    if (!r.ScreenshotPng.empty())
    {
        if (r.ScreenshotPng.size() > lim.ScreenshotMaxBytes)
            out.push_back({ Field::Screenshot, ErrorCode::TooLarge, lim.ScreenshotMaxBytes });
        else if (SniffImageFormat(r.ScreenshotPng) == ImageFormat::None)   // PNG or WebP
            out.push_back({ Field::Screenshot, ErrorCode::NotPng, 0 });
    }
    const TechnicalDetails& t = r.Technical;
    for (const std::string* s : { &t.AppName, &t.AppVersion, &t.Os, &t.GlVendor, &t.GlRenderer, &t.GlVersion, &t.Locale, &t.TimeUtc })
        if (!IsValidUtf8(*s) || s->size() > 1024 || !HasOnlyPrintable(*s, false))
        {
            const ErrorCode code = !IsValidUtf8(*s) ? ErrorCode::InvalidUtf8 : s->size() > 1024 ? ErrorCode::TooLong : ErrorCode::ControlCharacter;
            out.push_back({ Field::Technical, code, code == ErrorCode::ControlCharacter ? 0u : 1024u });
            break;
        }
    CheckAttachments(out, r.Attachments, lim);
    return out;
}

} // namespace ImContact
