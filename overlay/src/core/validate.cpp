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

// Checks UTF-8 and the length of one text field; 'min_chars' > 0 makes it required.
static void CheckText(std::vector<FieldError>& out, Field field, const std::string& value,
                      size_t min_chars, size_t max_chars, bool required)
{
    if (!IsValidUtf8(value)) { out.push_back({ field, ErrorCode::InvalidUtf8, 0 }); return; }
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
        if (!IsValidUtf8(*s) || s->size() > 1024)
        {
            out.push_back({ Field::Technical, IsValidUtf8(*s) ? ErrorCode::TooLong : ErrorCode::InvalidUtf8, 1024 });
            break;
        }
    return out;
}

} // namespace ImContact
