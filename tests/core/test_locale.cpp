// Locale: both languages complete; the product's Finnish labels verbatim.
#include <catch2/catch.hpp>

#include "imcontact/imcontact_locale.h"

#include <cstdlib>
#include <cstring>
#include <ctime>
#include <set>
#include <string>

using namespace ImContact;

TEST_CASE("every string exists in both languages and differs where it should", "[locale]")
{
    int same = 0;
    for (int i = 0; i < static_cast<int>(Str::COUNT); i++)
    {
        const char* fi = Tr(Language::Finnish, static_cast<Str>(i));
        const char* en = Tr(Language::English, static_cast<Str>(i));
        INFO("string #" << i);
        REQUIRE(fi != nullptr);
        REQUIRE(en != nullptr);
        CHECK(std::strlen(fi) > 0);
        CHECK(std::strlen(en) > 0);
        CHECK(IsValidUtf8(fi));
        CHECK(IsValidUtf8(en));
        if (std::strcmp(fi, en) == 0) same++;
    }
    CHECK(same <= 2); // only format-only strings such as "%d × %d px" may coincide
}

TEST_CASE("the ten Finnish type labels are those of the user guide, in order", "[locale]")
{
    const char* fi[] = { "Kehitysidea", "Toimintahäiriö", "Tukipyyntö", "Puhelintukipyyntö", "Myyntiasiat",
                         "Koulutusasiat", "Laskutusasiat", "Laatupalaute",
                         "Muut asiat (jos mikään muista vaihtoehdoista ei sovellu)", "Sopimusmuutos" };
    const char* en[] = { "Development idea", "Malfunction", "Support request", "Phone support request", "Sales matters",
                         "Training matters", "Billing matters", "Quality feedback",
                         "Other matters (if none of the other options fits)", "Contract change" };
    for (int i = 0; i < ContactTypeCount; i++)
    {
        CHECK(std::string(TypeLabel(Language::Finnish, static_cast<ContactType>(i))) == fi[i]);
        CHECK(std::string(TypeLabel(Language::English, static_cast<ContactType>(i))) == en[i]);
    }
}

TEST_CASE("field labels and buttons use the product's Finnish words", "[locale]")
{
    const Language F = Language::Finnish;
    CHECK(std::string(Tr(F, Str::SendButton)) == "Lähetä yhteydenotto");
    CHECK(std::string(Tr(F, Str::LabelType)) == "Tyyppi");
    CHECK(std::string(Tr(F, Str::LabelSpeed)) == "Käsittelynopeus");
    CHECK(std::string(SpeedLabel(F, ProcessingSpeed::Normal)) == "Normaali");
    CHECK(std::string(SpeedLabel(F, ProcessingSpeed::Faster)) == "Normaalia nopeammin");
    CHECK(std::string(Tr(F, Str::LabelOrganisation)) == "Organisaatio");
    CHECK(std::string(Tr(F, Str::LabelEmail)) == "Sähköpostiosoite");
    CHECK(std::string(Tr(F, Str::LabelApplication)) == "Sovellus");
    CHECK(std::string(Tr(F, Str::LabelSubApplication)) == "Alisovellus");
    CHECK(std::string(Tr(F, Str::SubApplicationReport)) == "Raportti");
    CHECK(std::string(Tr(F, Str::LabelMessage)) == "Viesti");
    CHECK(std::string(Tr(F, Str::WindowTitle)) == "Yhteydenotto");
    CHECK(std::string(Tr(Language::English, Str::SendButton)) == "Send contact request");
}

TEST_CASE("validation messages are localised and name the field and limit", "[locale]")
{
    FieldError e{ Field::Message, ErrorCode::TooShort, 10 };
    CHECK(ErrorMessage(Language::Finnish, e) == "Viesti: kirjoita vähintään 10 merkkiä.");
    CHECK(ErrorMessage(Language::English, e) == "Message: write at least 10 characters.");
    FieldError m{ Field::Email, ErrorCode::Malformed, 0 };
    CHECK(ErrorMessage(Language::Finnish, m) == "Sähköpostiosoite: osoite ei ole kelvollinen.");
    // every (field, code) pair gives a non-empty message in both languages
    std::set<std::string> seen;
    for (int f = 0; f < static_cast<int>(Field::COUNT); f++)
        for (int c = 0; c < static_cast<int>(ErrorCode::COUNT); c++)
            for (Language l : { Language::Finnish, Language::English })
            {
                std::string msg = ErrorMessage(l, { static_cast<Field>(f), static_cast<ErrorCode>(c), 5 });
                CHECK(!msg.empty());
                CHECK(msg.find('%') == std::string::npos);
                seen.insert(msg);
            }
    CHECK(seen.size() > 100);
}

TEST_CASE("language codes and status labels", "[locale]")
{
    Language l;
    REQUIRE(LanguageFromCode("en", &l));
    CHECK(l == Language::English);
    CHECK_FALSE(LanguageFromCode("sv", &l));
    CHECK(std::string(StatusLabel(Language::Finnish, "in_progress")) == "Käsittelyssä");
    CHECK(std::string(StatusLabel(Language::English, "bogus")) == "Unknown");
}

TEST_CASE("how the screenshot was sent, in both languages: codec, quality, size, any step-down", "[locale]")
{
    ScreenshotEncoding e;
    CHECK(ScreenshotEncodingText(Language::Finnish, e).empty());   // none sent
    e.Format = ImageFormat::Webp;
    e.Quality = 90;
    e.Width = 1440;
    e.Height = 900;
    e.Bytes = 146492;
    const std::string fi = ScreenshotEncodingText(Language::Finnish, e);
    CHECK(fi.find("Kuvakaappaus: WebP (laatu 90), 1440 × 900 px") == 0);
    CHECK(fi.find(FormatSize(Language::Finnish, 146492)) != std::string::npos);
    CHECK(fi.find("pienennetty") == std::string::npos);
    e.Format = ImageFormat::Png;
    e.Quality = 0;
    e.ScaleDivisor = 2;
    e.Width = 1280;
    e.Height = 720;
    const std::string en = ScreenshotEncodingText(Language::English, e);
    CHECK(en.find("Screenshot: PNG (lossless), 1280 × 720 px") == 0);
    CHECK(en.find("scaled down to 1/2 to fit the size limit") != std::string::npos);
}

// Local times (issue 8, point 7): the zone is set here, so the results do not depend on the machine.
namespace
{
struct ScopedTz
{
    std::string Old;
    bool Had = false;
    explicit ScopedTz(const char* tz)
    {
        if (const char* o = std::getenv("TZ")) { Old = o; Had = true; }
        setenv("TZ", tz, 1);
        tzset();
    }
    ~ScopedTz()
    {
        if (Had) setenv("TZ", Old.c_str(), 1);
        else unsetenv("TZ");
        tzset();
    }
};
} // namespace

TEST_CASE("times are shown in the local zone in each language's format", "[locale]")
{
    ScopedTz tz("EET-2EEST,M3.5.0/3,M10.5.0/4");   // Europe/Helsinki without the tz database
    CHECK(FormatLocalTime(Language::Finnish, "2026-12-01T15:35:07Z") == "1.12.2026 klo 17.35");
    CHECK(FormatLocalTime(Language::English, "2026-12-01T15:35:07Z") == "1 Dec 2026, 17:35");
    // summer time, a morning hour (no leading zero in Finnish), fractions and an offset
    CHECK(FormatLocalTime(Language::Finnish, "2026-06-30T06:05:59.250Z") == "30.6.2026 klo 9.05");
    CHECK(FormatLocalTime(Language::English, "2026-06-30T06:05:59.250Z") == "30 Jun 2026, 09:05");
    CHECK(FormatLocalTime(Language::Finnish, "2026-12-31T23:30:00+00:00") == "1.1.2027 klo 1.30");
    // the time of day alone ("Päivitetty 9.05"), the same clock: 2026-06-30T06:05:59Z
    CHECK(FormatLocalClock(Language::Finnish, 1782799559LL) == "9.05");
    CHECK(FormatLocalClock(Language::English, 1782799559LL) == "09:05");
    CHECK(FormatLocalClock(Language::Finnish, 1764603307LL) == "17.35");   // 2026-12-01T15:35:07Z
    CHECK(FormatLocalTime(Language::English, "2027-01-01T01:30:00+02:00") == "1 Jan 2027, 01:30");
    // a leap day
    CHECK(FormatLocalTime(Language::Finnish, "2028-02-29T10:00:00Z") == "29.2.2028 klo 12.00");
}

TEST_CASE("local times follow the zone and leave anything else as it is", "[locale]")
{
    {
        ScopedTz tz("UTC0");
        CHECK(FormatLocalTime(Language::Finnish, "2026-12-01T15:35:07Z") == "1.12.2026 klo 15.35");
    }
    {
        ScopedTz tz("EST5EDT,M3.2.0,M11.1.0");
        CHECK(FormatLocalTime(Language::English, "2026-12-01T03:35:07Z") == "30 Nov 2026, 22:35");
    }
    CHECK(FormatLocalTime(Language::Finnish, "") == "");
    CHECK(FormatLocalTime(Language::Finnish, "eilen") == "eilen");
    CHECK(FormatLocalTime(Language::English, "2026-13-01T10:00:00Z") == "2026-13-01T10:00:00Z");
    CHECK(FormatLocalTime(Language::English, "2026-12-01T10:00:00") == "2026-12-01T10:00:00");   // no zone: not guessed
}

TEST_CASE("one meaning for 'waiting' and a technical row that is not the form's application", "[locale]")
{
    CHECK(std::string(Tr(Language::Finnish, Str::StatusWaiting)) == "Odottaa lisätietoja");
    CHECK(std::string(Tr(Language::English, Str::StatusWaiting)) == "Waiting for more information");
    CHECK(std::string(Tr(Language::Finnish, Str::TechAppName)) != Tr(Language::Finnish, Str::LabelApplication));
    CHECK(std::string(Tr(Language::English, Str::TechAppName)) != Tr(Language::English, Str::LabelApplication));
    CHECK(std::string(Tr(Language::Finnish, Str::TechAppName)) == "Ohjelma");
}
