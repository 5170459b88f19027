// Form model and validation (core, no GL).
#include <catch2/catch.hpp>

#include "imcontact/imcontact_locale.h"
#include "imcontact/imcontact_model.h"
#include "support/sample_report.h"

using namespace ImContact;
using ImContactTest::SampleForm;

static bool HasError(const std::vector<FieldError>& errs, Field f, ErrorCode c)
{
    for (const FieldError& e : errs)
        if (e.Which == f && e.Code == c) return true;
    return false;
}

TEST_CASE("type and speed identifiers round-trip in the seed's order", "[model]")
{
    const char* expected[] = { "development_idea", "malfunction", "support_request", "phone_support_request", "sales",
                               "training", "billing", "quality_feedback", "other", "contract_change" };
    REQUIRE(ContactTypeCount == 10);
    for (int i = 0; i < ContactTypeCount; i++)
    {
        CHECK(std::string(ContactTypeId(static_cast<ContactType>(i))) == expected[i]);
        ContactType t;
        REQUIRE(ContactTypeFromId(expected[i], &t));
        CHECK(static_cast<int>(t) == i);
    }
    ContactType t;
    CHECK_FALSE(ContactTypeFromId("complaint", &t));
    ProcessingSpeed s;
    REQUIRE(SpeedFromId("faster", &s));
    CHECK(s == ProcessingSpeed::Faster);
    CHECK_FALSE(SpeedFromId("urgent", &s));
    Field fld;
    REQUIRE(FieldFromId("sub_application", &fld));
    CHECK(fld == Field::SubApplication);
}

TEST_CASE("a complete form is valid", "[model]")
{
    CHECK(ValidateForm(SampleForm(), Limits{}).empty());
}

TEST_CASE("message: empty, blank, too short, too long", "[model]")
{
    Limits lim;
    Form f = SampleForm();
    f.Message = "";
    CHECK(HasError(ValidateForm(f, lim), Field::Message, ErrorCode::Missing));
    f.Message = "   \n\t ";
    CHECK(HasError(ValidateForm(f, lim), Field::Message, ErrorCode::Missing));
    f.Message = "lyhyt";
    CHECK(HasError(ValidateForm(f, lim), Field::Message, ErrorCode::TooShort));
    // 10 code points of two bytes each: long enough although 20 bytes
    f.Message = "ääääääääää";
    CHECK(ValidateForm(f, lim).empty());
    f.Message = "äääääääää";
    CHECK(HasError(ValidateForm(f, lim), Field::Message, ErrorCode::TooShort));
    f.Message = std::string(lim.MessageMaxChars + 1, 'x');
    auto errs = ValidateForm(f, lim);
    REQUIRE(HasError(errs, Field::Message, ErrorCode::TooLong));
    CHECK(errs[0].Limit == lim.MessageMaxChars);
}

TEST_CASE("email must be present and plausible", "[model]")
{
    Form f = SampleForm();
    for (const char* bad : { "maija", "maija@", "@example.fi", "maija@example", "maija@@example.fi", "maija @example.fi", "a@b.c" })
    {
        f.Email = bad;
        INFO(bad);
        CHECK(HasError(ValidateForm(f, Limits{}), Field::Email, ErrorCode::Malformed));
    }
    f.Email = "";
    CHECK(HasError(ValidateForm(f, Limits{}), Field::Email, ErrorCode::Missing));
    f.Email = "first.last+tag@sub.example.co.uk";
    CHECK(ValidateForm(f, Limits{}).empty());
}

TEST_CASE("phone appears only for phone support and is then required", "[model]")
{
    Form f = SampleForm();
    CHECK_FALSE(TypeRequiresPhone(f.Type));
    f.Type = ContactType::PhoneSupportRequest;
    REQUIRE(TypeRequiresPhone(f.Type));
    CHECK(HasError(ValidateForm(f, Limits{}), Field::Phone, ErrorCode::Missing));
    f.Phone = "call me";
    CHECK(HasError(ValidateForm(f, Limits{}), Field::Phone, ErrorCode::Malformed));
    f.Phone = "123";
    CHECK(HasError(ValidateForm(f, Limits{}), Field::Phone, ErrorCode::Malformed));
    f.Phone = "+358 40 123 4567";
    CHECK(ValidateForm(f, Limits{}).empty());
}

TEST_CASE("length limits on every text field and UTF-8 checks", "[model]")
{
    Limits lim;
    Form f = SampleForm();
    f.Reference = std::string(lim.ReferenceMaxChars + 1, '1');
    CHECK(HasError(ValidateForm(f, lim), Field::Reference, ErrorCode::TooLong));
    f = SampleForm();
    f.Organisation = std::string(lim.OrganisationMaxChars + 1, 'o');
    CHECK(HasError(ValidateForm(f, lim), Field::Organisation, ErrorCode::TooLong));
    f = SampleForm();
    f.Application = "";
    CHECK(HasError(ValidateForm(f, lim), Field::Application, ErrorCode::Missing));
    f = SampleForm();
    f.Message = std::string("Viesti jossa \xC3\x28 rikkinäinen merkki");
    CHECK(HasError(ValidateForm(f, lim), Field::Message, ErrorCode::InvalidUtf8));
}

TEST_CASE("one-line fields refuse controls, line breaks and bidi controls; the message keeps newlines and tabs", "[model]")
{
    Limits lim;
    using namespace std::string_literals;
    const std::string bad[] = { "Oy\rAb", "Oy\nAb", "Oy\r\nBcc: x@example.com", "Oy\0Ab"s, "Oy\x7f" "Ab",
                                "Oy\tAb", "Oy\x1b[31mAb", "Oy\xC2\x85" "Ab", "Oy\xE2\x80\xAE" "bA", "Oy\xE2\x81\xA6" "Ab",
                                "Oy\xE2\x80\x8F" "Ab", "Oy\xD8\x9C" "Ab" };
    struct { Field field; std::string Form::*member; } fields[] = {
        { Field::Organisation, &Form::Organisation }, { Field::Email, &Form::Email }, { Field::Application, &Form::Application },
        { Field::SubApplication, &Form::SubApplication }, { Field::Reference, &Form::Reference }, { Field::Phone, &Form::Phone },
    };
    for (auto& fd : fields)
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        {
            const std::string& value = bad[i];
            Form f = SampleForm();
            f.Type = ContactType::PhoneSupportRequest;
            f.Phone = "+358 40 1234567";
            f.*fd.member = value;
            INFO(FieldId(fd.field) << " #" << i);
            CHECK(HasError(ValidateForm(f, lim), fd.field, ErrorCode::ControlCharacter));
        }
    Form f = SampleForm();
    f.Organisation = "Örkki Oy \xE2\x80\x94 Åbo (ΑΒΓ) 日本";   // ordinary non-ASCII text is fine
    f.Message = "Rivi yksi\nrivi kaksi\r\n\tsisennetty rivi kolme";
    CHECK(ValidateForm(f, lim).empty());
    for (const char* m : { "Viesti, jossa \rpelkkä CR", "Viesti, jossa \x1b[2J pakote", "Viesti \xE2\x80\xAE takaperin",
                           "Viesti, jossa \x7f DEL" })
    {
        f.Message = m;
        INFO(m);
        CHECK(HasError(ValidateForm(f, lim), Field::Message, ErrorCode::ControlCharacter));
    }
    f.Message = "Viesti, jossa NUL \0 keskell\xC3\xA4"s;
    CHECK(HasError(ValidateForm(f, lim), Field::Message, ErrorCode::ControlCharacter));
    Report r;
    r.Fields = SampleForm();
    r.Language = "fi";
    r.Technical.GlRenderer = "Mesa\r\nX-Injected: 1";
    CHECK(HasError(ValidateReport(r, lim), Field::Technical, ErrorCode::ControlCharacter));
    CHECK(ErrorMessage(Language::Finnish, { Field::Organisation, ErrorCode::ControlCharacter, 0 }) ==
          "Organisaatio: sisältää ohjausmerkkejä tai rivinvaihtoja, jotka eivät kuulu tähän kenttään.");
    CHECK(std::string(ErrorCodeId(ErrorCode::ControlCharacter)) == "control_character");
}

TEST_CASE("UTF-8 helpers reject overlong forms and surrogates", "[model]")
{
    CHECK(IsValidUtf8("Lähetä yhteydenotto"));
    CHECK(IsValidUtf8("\xF0\x9F\x93\xA7")); // envelope emoji
    CHECK_FALSE(IsValidUtf8("\xC0\xAF"));       // overlong '/'
    CHECK_FALSE(IsValidUtf8("\xED\xA0\x80"));   // UTF-16 surrogate
    CHECK_FALSE(IsValidUtf8("\xF4\x90\x80\x80")); // > U+10FFFF
    CHECK_FALSE(IsValidUtf8("\xE2\x82"));       // truncated
    CHECK(Utf8Length("Lähetä") == 6);
}

TEST_CASE("report: screenshot must be a PNG within the size limit; language known", "[model]")
{
    Limits lim;
    lim.ScreenshotMaxBytes = 64;
    Report r;
    r.Fields = SampleForm();
    CHECK(ValidateReport(r, lim).empty());
    r.ScreenshotPng = { 'G', 'I', 'F', '8', '9', 'a', 0, 0, 0 };
    CHECK(HasError(ValidateReport(r, lim), Field::Screenshot, ErrorCode::NotPng));
    r.ScreenshotPng = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0 };
    CHECK(ValidateReport(r, lim).empty());
    r.ScreenshotPng.resize(65);
    CHECK(HasError(ValidateReport(r, lim), Field::Screenshot, ErrorCode::TooLarge));
    r.ScreenshotPng.clear();
    r.Language = "sv";
    CHECK(HasError(ValidateReport(r, lim), Field::Language, ErrorCode::Unknown));
}

static Attachment TextAttachment(const std::string& name, const std::string& text)
{
    Attachment a;
    a.Name = name;
    a.Bytes.assign(text.begin(), text.end());
    return a;
}

static bool HasAttachmentError(const std::vector<FieldError>& errs, ErrorCode c, int index)
{
    for (const FieldError& e : errs)
        if (e.Which == Field::Attachment && e.Code == c && e.Index == index) return true;
    return false;
}

TEST_CASE("attachment names are file names: no path, no control or bidi characters", "[model]")
{
    const size_t max = Limits().AttachmentNameMaxChars;
    for (const char* ok : { "app.log", "asetukset (1).json", "lokitiedosto-äö.txt", ".hidden", "a" })
        CHECK(ValidateAttachmentName(ok, max));
    for (const char* bad : { "", ".", "..", "../etc/passwd", "dir/file", "c:\\x.txt", "say\"hi\".txt", "tab\there",
                             "nl\nhere", "del\x7f", "\xc2\x85next-line", "evil\xe2\x80\xaetxt.exe", "iso\xe2\x81\xa6x",
                             "\xff\xfe.txt" })
        CHECK_FALSE(ValidateAttachmentName(bad, max));
    CHECK(ValidateAttachmentName(std::string(max, 'x'), max));
    CHECK_FALSE(ValidateAttachmentName(std::string(max + 1, 'x'), max));
}

TEST_CASE("attachment types: type/subtype in lower case, only a UTF-8 charset parameter", "[model]")
{
    for (const char* ok : { "text/plain", "text/plain; charset=utf-8", "application/json", "application/vnd.app+xml",
                            "application/octet-stream" })
        CHECK(ValidateAttachmentMime(ok));
    for (const char* bad : { "", "text", "/plain", "text/", "Text/Plain", "text/plain; charset=latin1",
                             "text/plain\r\nX-Injected: 1", "text/plain;charset=utf-8", "text/pl ain", "a/b/c" })
        CHECK_FALSE(ValidateAttachmentMime(bad));
    CHECK(AttachmentIsText("text/plain; charset=utf-8"));
    CHECK_FALSE(AttachmentIsText("application/json"));
}

TEST_CASE("a report's attachments: count, sizes, UTF-8 of text, unique names, each error names its index", "[model]")
{
    const Limits lim;
    Report r = ImContactTest::SampleReport();
    r.Attachments.push_back(TextAttachment("app.log", "rivi 1\nrivi 2\n"));
    Attachment bin;
    bin.Name = "dump.bin";
    bin.MimeType = "application/octet-stream";
    bin.Bytes = { 0xff, 0x00, 0xfe };
    r.Attachments.push_back(bin);
    CHECK(ValidateReport(r, lim).empty());

    Report bad = r;
    bad.Attachments[0].Bytes.push_back(0xff);                          // text that is not UTF-8
    CHECK(HasAttachmentError(ValidateReport(bad, lim), ErrorCode::InvalidUtf8, 0));

    bad = r;
    bad.Attachments[1].Name = "app.log";
    CHECK(HasAttachmentError(ValidateReport(bad, lim), ErrorCode::Duplicate, 1));

    bad = r;
    bad.Attachments[1].MimeType = "application/octet-stream\r\nX: y";
    CHECK(HasAttachmentError(ValidateReport(bad, lim), ErrorCode::Unknown, 1));

    bad = r;
    bad.Attachments[1].Bytes.assign(lim.AttachmentMaxBytes + 1, 0);
    CHECK(HasAttachmentError(ValidateReport(bad, lim), ErrorCode::TooLarge, 1));

    bad = r;
    bad.Attachments[0].Bytes.assign(lim.AttachmentMaxBytes, 'a');
    bad.Attachments[1].Bytes.assign(lim.AttachmentMaxBytes, 0);
    bad.Attachments.push_back(TextAttachment("more.log", "x"));
    CHECK(HasAttachmentError(ValidateReport(bad, lim), ErrorCode::TooLarge, -1));    // all together

    bad = r;
    bad.Attachments.clear();
    for (size_t i = 0; i <= lim.AttachmentsMaxCount; i++) bad.Attachments.push_back(TextAttachment("f" + std::to_string(i), "x"));
    CHECK(HasAttachmentError(ValidateReport(bad, lim), ErrorCode::TooMany, -1));
    CHECK(std::string(FieldId(Field::Attachment)) == "attachment");
    CHECK(std::string(ErrorCodeId(ErrorCode::TooMany)) == "too_many");
}
