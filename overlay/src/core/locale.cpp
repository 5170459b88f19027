// Finnish and English string tables.
#include "imcontact/imcontact_locale.h"
#include "imcontact/imcontact_types.h"

#include <cstdio>
#include <ctime>

namespace ImContact
{

struct Entry { Str Id; const char* Fi; const char* En; };

// Order must follow enum Str; checked at start-up by TableIsOrdered() and by the tests.
static constexpr Entry kStrings[] = {
    { Str::WindowTitle, "Yhteydenotto", "Contact" },
    { Str::MenuContact, "Yhteydenotto", "Contact support" },
    { Str::Intro, "Tukipyynnöt, sopimusmuutokset, myynti- ja laskutusasiat sekä muut yhteydenotot ohjautuvat suoraan asiakaspalveluun ja sovellusten ylläpitoon.",
      "Support requests, contract changes, sales and billing matters and other contacts go straight to customer service and application maintenance." },
    { Str::IntroFaster, "Huom! Yhteydenotot käsitellään nopeammin lomakkeen kautta kuin puhelimitse tai sähköpostitse toimitetut.",
      "Note: contacts sent through this form are handled faster than those sent by phone or email." },
    { Str::LabelType, "Tyyppi", "Type" },
    { Str::LabelSpeed, "Käsittelynopeus", "Processing speed" },
    { Str::SpeedNormal, "Normaali", "Normal" },
    { Str::SpeedFaster, "Normaalia nopeammin", "Faster than normal" },
    { Str::LabelOrganisation, "Organisaatio", "Organisation" },
    { Str::LabelEmail, "Sähköpostiosoite", "Email address" },
    { Str::ChangeDetails, "Muuta omia tietoja", "Change your details" },
    { Str::ChangeDetailsHint, "Organisaatio ja sähköpostiosoite tulevat omista tiedoistasi. Ohje omien tietojen muuttamiseen löytyy erikseen.",
      "Organisation and email address come from your own details. Instructions for changing them are found separately." },
    { Str::LabelApplication, "Sovellus", "Application" },
    { Str::LabelSubApplication, "Alisovellus", "Sub-application" },
    { Str::SubApplicationNone, "(ei valittu)", "(none)" },
    { Str::SubApplicationReport, "Raportti", "Report" },
    { Str::LabelReference, "Kohdistustieto", "Reference" },
    { Str::HintReference, "esim. laskunumero (valinnainen)", "e.g. invoice number (optional)" },
    { Str::LabelMessage, "Viesti", "Message" },
    { Str::GuideDefault, "Kirjoita mahdollisimman tarkka kuvaus asiasta.", "Describe the matter as precisely as possible." },
    { Str::GuideSupport, "Kuvaile tilanne mahdollisimman yksityiskohtaisesti: mitä yritit tehdä ja mitä tapahtui.",
      "Describe the situation in as much detail as possible: what you tried to do and what happened." },
    { Str::GuideMalfunction, "Kerro, missä tilanteessa häiriö esiintyy tai esiintyi, jotta ongelma voidaan paikantaa ja korjata nopeammin. Kuvakaappaus nopeuttaa selvittämistä.",
      "Tell in what situation the malfunction occurs or occurred, so that the problem can be located and fixed faster. A screenshot speeds up the investigation." },
    { Str::GuideDevelopmentIdea, "Kuvaile ideasi mahdollisimman yksityiskohtaisesti: mitä haluaisit tehdä ja miksi.",
      "Describe your idea in as much detail as possible: what you would like to do and why." },
    { Str::LabelPhone, "Puhelinnumero", "Phone number" },
    { Str::HintPhone, "Numero, johon tuki soittaa", "The number support will call" },
    { Str::LabelScreenshot, "Kuvakaappaus", "Screenshot" },
    { Str::ScreenshotAttach, "Liitä kuvakaappaus", "Attach screenshot" },
    { Str::ScreenshotRetake, "Ota uusi", "Retake" },
    { Str::LabelAttachments, "Liitteet", "Attachments" },
    { Str::ScreenshotRemove, "Poista", "Remove" },
    { Str::ScreenshotNone, "Ei kuvakaappausta", "No screenshot" },
    { Str::ScreenshotFailed, "Kuvakaappausta ei voitu ottaa tästä sovelluksesta.", "A screenshot could not be taken of this application." },
    { Str::ScreenshotTaking, "Kuvakaappausta otetaan…", "Taking the screenshot…" },
    { Str::ScreenshotSize, "%d × %d px", "%d × %d px" },
    { Str::ScreenshotOpenHint, "Avaa kuvakaappaus täysikokoisena: tarkista se ja piilota osia.",
      "Open the screenshot at full size: check it and hide parts of it." },
    { Str::ScreenshotHiddenCount, "Piilotettuja alueita: %d", "Hidden areas: %d" },
    { Str::ScreenshotAutoHidden, "Sovellus piilotti itse %d aluetta, joita ei voi palauttaa.",
      "The application itself hid %d areas, which cannot be shown." },
    { Str::ScreenshotCropped, "Rajattu: %d × %d px", "Cropped: %d × %d px" },
    { Str::EditorTitle, "Kuvakaappauksen tarkistus", "Check the screenshot" },
    { Str::EditorHelp, "Vedä hiirellä alue. Rulla tai +/- zoomaa, 0 sovittaa. Oikea tai keskimmäinen painike tai välilyönti ja veto siirtää. Ctrl+Z kumoaa, Ctrl+Y tekee uudelleen.",
      "Drag with the mouse to mark an area. Wheel or +/- zooms, 0 fits. Right or middle button, or space and drag, pans. Ctrl+Z undoes, Ctrl+Y redoes." },
    { Str::EditorToolHide, "Piilota", "Hide" },
    { Str::EditorToolPixelate, "Pikselöi", "Pixelate" },
    { Str::EditorToolHighlight, "Korosta", "Highlight" },
    { Str::EditorToolArrow, "Nuoli", "Arrow" },
    { Str::EditorToolCrop, "Rajaa", "Crop" },
    { Str::EditorUndo, "Kumoa", "Undo" },
    { Str::EditorRedo, "Tee uudelleen", "Redo" },
    { Str::EditorReset, "Palauta alkuperäinen", "Reset to original" },
    { Str::EditorFit, "Sovita", "Fit" },
    { Str::EditorDone, "Valmis", "Done" },
    { Str::EditorSentAsShown, "Kuvakaappaus lähetetään juuri tällaisena.", "The screenshot is sent exactly as shown." },
    { Str::EditorNoTexture, "Kuvaa ei voi näyttää tässä sovelluksessa; merkinnät tehdään silti.",
      "The picture cannot be shown in this application; the marks are still applied." },
    { Str::TechScreenshot, "Kuvakaappaus", "Screenshot" },
    { Str::TechScreenshotValue, "%d × %d px, piilotettuja alueita %d", "%d × %d px, %d areas hidden" },
    { Str::TechScreenshotNone, "ei liitetä", "not attached" },
    { Str::AttachmentsHint, "Sovellus liittää nämä tiedostot. Poista rasti, jos et halua lähettää jotakin niistä.",
      "The application attaches these files. Untick any you do not want to send." },
    { Str::AttachmentSent, "%s: mukana (%s)", "%s: included (%s)" },   // delivered, saved offline or kept after a failure alike
    { Str::AttachmentTruncated, "%s: lyhennetty, lähetettiin uusin osa (%s / %s)", "%s: shortened, the newest part was sent (%s of %s)" },
    { Str::AttachmentNotAttached, "%s: ei liitetty, koska %s", "%s: not attached: %s" },
    { Str::AttachmentUtf8Replaced, "virheelliset merkit korvattiin merkillä \xEF\xBF\xBD", "invalid characters were replaced with \xEF\xBF\xBD" },
    { Str::AttachmentGrew, "tiedosto muuttui lukemisen aikana; mukana on sen sisältö avaushetkellä",
      "the file changed while it was read; its content when it was opened was sent" },
    { Str::ScreenshotSentLossless, "Kuvakaappaus: PNG (häviötön), %d × %d px, %s", "Screenshot: PNG (lossless), %d × %d px, %s" },
    { Str::ScreenshotSentLossy, "Kuvakaappaus: WebP (laatu %d), %d × %d px, %s", "Screenshot: WebP (quality %d), %d × %d px, %s" },
    { Str::ScreenshotScaledDown, "pienennetty 1/%d-kokoon, jotta se mahtuu kokorajaan", "scaled down to 1/%d to fit the size limit" },
    { Str::AttachmentWhyUnticked, "jätit sen pois", "you left it out" },
    { Str::AttachmentWhyMissing, "tiedostoa ei löytynyt", "the file does not exist" },
    { Str::AttachmentWhyUnreadable, "tiedostoa ei voitu lukea", "the file could not be read" },
    { Str::AttachmentWhyOutside, "tiedosto on sallittujen kansioiden ulkopuolella", "the file is outside the folders the application allows" },
    { Str::AttachmentWhyCallback, "sovellus ei antanut sen sisältöä", "the application could not provide it" },
    { Str::AttachmentWhyTooLarge, "tiedosto on liian suuri", "the file is too large" },
    { Str::AttachmentWhyTotal, "liitteiden yhteiskoko olisi ylittänyt rajan", "all attachments together would have been over the limit" },
    { Str::AttachmentWhyInvalid, "liitteen nimi tai tyyppi ei kelpaa", "its name or type is not valid" },
    { Str::SizeBytes, "%llu tavua", "%llu bytes" },
    { Str::SizeKilobytes, "%.1f kt", "%.1f KB" },
    { Str::SizeMegabytes, "%.1f Mt", "%.1f MB" },
    { Str::WhatIsSent, "Mitä lähetetään", "What is sent" },
    { Str::TechAppName, "Ohjelma", "Program" },
    { Str::TechAppVersion, "Versio", "Version" },
    { Str::TechOs, "Käyttöjärjestelmä", "Operating system" },
    { Str::TechGlVendor, "OpenGL-toimittaja", "OpenGL vendor" },
    { Str::TechGlRenderer, "OpenGL-renderöijä", "OpenGL renderer" },
    { Str::TechGlVersion, "OpenGL-versio", "OpenGL version" },
    { Str::TechFramebuffer, "Kehyspuskuri", "Framebuffer" },
    { Str::TechLocale, "Kieli", "Language" },
    { Str::TechTime, "Aika (UTC)", "Time (UTC)" },
    { Str::SendButton, "Lähetä yhteydenotto", "Send contact request" },
    { Str::Sending, "Lähetetään… %d %%", "Sending… %d %%" },
    { Str::Cancel, "Peruuta", "Cancel" },
    { Str::Close, "Sulje", "Close" },
    { Str::WhyDisabledInvalid, "Korjaa merkityt kentät ennen lähettämistä.", "Fix the marked fields before sending." },
    { Str::WhyDisabledSending, "Lähetys on kesken.", "A send is in progress." },
    { Str::WhyDisabledScreenshot, "Odotetaan kuvakaappausta.", "Waiting for the screenshot." },
    { Str::ErrMissing, "%s: pakollinen tieto puuttuu.", "%s: required." },
    { Str::ErrTooShort, "%s: kirjoita vähintään %zu merkkiä.", "%s: write at least %zu characters." },
    { Str::ErrTooLong, "%s: enintään %zu merkkiä.", "%s: at most %zu characters." },
    { Str::ErrMalformedEmail, "%s: osoite ei ole kelvollinen.", "%s: not a valid address." },
    { Str::ErrMalformedPhone, "%s: anna puhelinnumero numeroina (vähintään %zu numeroa).", "%s: enter a phone number in digits (at least %zu digits)." },
    { Str::ErrInvalidUtf8, "%s: sisältää virheellisiä merkkejä.", "%s: contains invalid characters." },
    { Str::ErrTooLarge, "%s: liian suuri (enintään %zu tavua).", "%s: too large (at most %zu bytes)." },
    { Str::ErrNotPng, "%s: ei ole PNG-kuva.", "%s: not a PNG image." },
    { Str::ErrUnknownValue, "%s: tuntematon arvo.", "%s: unknown value." },
    { Str::ErrTooMany, "%s: liian monta (enintään %zu).", "%s: too many (at most %zu)." },
    { Str::ErrDuplicate, "%s: sama nimi on jo käytössä.", "%s: the same name twice." },
    { Str::ErrControlCharacter, "%s: sisältää ohjausmerkkejä tai rivinvaihtoja, jotka eivät kuulu tähän kenttään.",
      "%s: contains control characters or line breaks that do not belong in this field." },
    { Str::ErrUnsupportedCharacter,
      "%s: %zu merkkiä (esimerkiksi emojeja) ei voi kirjoittaa tässä ohjelmassa, ja ne näkyvät kysymysmerkkeinä. "
      "Poista ne tai kuvaa ne sanoin; muuten ne saapuisivat perille korvausmerkkeinä.",
      "%s: %zu characters (emoji, for example) cannot be typed in this program and show as question marks. "
      "Remove them or describe them in words; otherwise they would arrive as replacement characters." },
    { Str::SuccessTitle, "Yhteydenotto lähetetty", "Contact request sent" },
    { Str::SuccessConfirmation, "Viestisi on vastaanotettu.", "Your message has been received." },
    { Str::TicketNumber, "Tikettinumero: %s", "Ticket number: %s" },
    { Str::CopyTicket, "Kopioi tikettinumero", "Copy ticket number" },
    { Str::Copied, "Kopioitu leikepöydälle", "Copied to the clipboard" },
    { Str::NewContact, "Uusi yhteydenotto", "New contact request" },
    { Str::FailTitle, "Lähetys epäonnistui", "Sending failed" },
    { Str::FailUnreachable, "Palvelimeen ei saatu yhteyttä.", "Could not reach the server." },
    { Str::FailTimeout, "Palvelin ei vastannut ajoissa.", "The server did not answer in time." },
    { Str::FailRejected, "Palvelin hylkäsi yhteydenoton: %s", "The server rejected the request: %s" },
    { Str::FailServer, "Palvelimella tapahtui virhe (%d).", "The server had an error (%d)." },
    { Str::FailCancelled, "Lähetys peruutettiin.", "Sending was cancelled." },
    { Str::FailConfig, "Yhteydenottopalvelun asetuksissa on virhe (%s). Ota yhteyttä sovelluksen ylläpitoon.",
      "The contact service is not set up correctly (%s). Please tell your application's administrators." },
    { Str::FailBadResponse, "Palvelimen vastausta ei voitu tulkita.", "The server's answer could not be understood." },
    { Str::FailKept, "Kirjoittamasi tiedot ovat tallessa, voit yrittää uudelleen.", "Everything you wrote is kept; you can try again." },
    { Str::Retry, "Yritä uudelleen", "Try again" },
    { Str::FailStorage, "Yhteydenottoa ei voitu tallentaa tälle koneelle (%s). Mitään ei lähetetty.",
      "The request could not be saved on this computer (%s). Nothing was sent." },
    { Str::FailOutboxFull, "Lähettämättömiä yhteydenottoja on jo liikaa. Uusi yhteydenotto voidaan tallentaa, kun aiemmat on lähetetty.",
      "There are too many unsent requests already. A new one can be saved once earlier ones have been sent." },
    { Str::QueuedTitle, "Yhteydenotto tallennettu", "Contact request saved" },
    { Str::QueuedBody, "Palvelimeen ei juuri nyt saatu yhteyttä. Yhteydenottosi on tallennettu ja se lähetetään automaattisesti. Viite: %s. Tikettinumero näkyy Omat yhteydenotot -välilehdellä, kun lähetys onnistuu.",
      "The server could not be reached just now. Your request is saved and will be sent automatically. Reference: %s. The ticket number appears under My requests once it is delivered." },
    { Str::DeliveredNotice, "Tallennettu yhteydenotto %s on lähetetty. Tikettinumero: %s", "Saved request %s has been delivered. Ticket number: %s" },
    { Str::StatusQueued, "Odottaa lähetystä", "Waiting to be sent" },
    { Str::StatusNeedsAttention, "Vaatii toimenpiteitä", "Needs your attention" },
    { Str::EditAndResend, "Muokkaa ja lähetä uudelleen", "Edit and send again" },
    { Str::Discard, "Hylkää", "Discard" },
    { Str::QuarantinedNotice, "Vioittunut tallennettu yhteydenotto siirrettiin sivuun.", "A damaged saved request was set aside." },
    { Str::ReplacingNotice, "Muokkaat tallennettua yhteydenottoa %s.", "You are editing saved request %s." },
    { Str::TabNew, "Uusi yhteydenotto", "New contact" },
    { Str::TabMyRequests, "Omat yhteydenotot", "My requests" },
    { Str::MyRequestsEmpty, "Tästä asennuksesta ei ole vielä lähetetty yhteydenottoja.", "No contact requests have been sent from this installation yet." },
    { Str::MyRequestsFileProblem, "Omien yhteydenottojen luetteloa ei voitu lukea tai tallentaa; tämän istunnon yhteydenotot näkyvät silti.",
      "The list of your requests could not be read or saved; this session's requests are still shown." },
    { Str::Refresh, "Päivitä tilat", "Refresh status" },
    { Str::StatusUpdatedAt, "Päivitetty %s", "Updated %s" },
    { Str::StatusOffline, "Ei yhteyttä palvelimeen – tilat päivitetään, kun yhteys palaa",
      "No connection to the server – statuses will be updated when it is back" },
    { Str::UnseenMark, "Uusi", "New" },
    { Str::LookUp, "Hae", "Look up" },
    { Str::LookUpHint, "Tikettinumero", "Ticket number" },
    { Str::LookUpNotFound, "Tikettiä ei löytynyt tästä asennuksesta.", "No such ticket was sent from this installation." },
    { Str::ColTicket, "Tiketti", "Ticket" },
    { Str::ColType, "Tyyppi", "Type" },
    { Str::ColSent, "Lähetetty", "Sent" },
    { Str::ColStatus, "Tila", "Status" },
    { Str::StatusReceived, "Vastaanotettu", "Received" },
    { Str::StatusInProgress, "Käsittelyssä", "In progress" },
    { Str::StatusWaiting, "Odottaa lisätietoja", "Waiting for more information" },
    { Str::StatusResolved, "Ratkaistu", "Resolved" },
    { Str::StatusClosed, "Suljettu", "Closed" },
    { Str::StatusUnknown, "Tuntematon", "Unknown" },
    { Str::History, "Käsittelyhistoria", "History" },
    { Str::TimeWritten, "Kirjoitettu %s", "Written %s" },
    { Str::TimeDelivered, "Toimitettu %s", "Delivered %s" },
    { Str::LanguageName, "Suomi", "English" },
    { Str::OpenQueued, "Avaa lomakkeelle", "Open in the form" },
    { Str::OpenQueuedBlocked, "Lähetä tai hylkää ensin lomakkeella oleva luonnos.", "Send or discard the draft in the form first." },
    { Str::SendNow, "Lähetä nyt", "Send now" },
    { Str::SendingNow, "Lähetetään…", "Sending…" },
    { Str::SendNowFailed, "Lähetys ei vielä onnistunut; yritetään uudelleen automaattisesti.",
      "Not delivered yet; it will be tried again automatically." },
    { Str::NoticeDismiss, "Sulje", "Dismiss" },
    { Str::DraftRestored, "Keskeneräinen luonnos palautettu.", "Unsent draft restored." },
    { Str::DraftDiscard, "Hylkää luonnos", "Discard draft" },
    { Str::ClearForm, "Tyhjennä lomake", "Clear form" },
    { Str::DraftProblem, "Luonnosta ei voitu tallentaa tai lukea; lomakkeen teksti on tallessa vain tässä istunnossa.",
      "The draft could not be saved or read; the form's text is kept for this session only." },
};
static_assert(sizeof(kStrings) / sizeof(kStrings[0]) == static_cast<size_t>(Str::COUNT), "every Str needs an entry");

static constexpr bool TableIsOrdered()
{
    for (size_t i = 0; i < sizeof(kStrings) / sizeof(kStrings[0]); i++)
        if (static_cast<size_t>(kStrings[i].Id) != i) return false;
    return true;
}
static_assert(TableIsOrdered(), "kStrings must follow the order of enum Str");

// R2: the labels of the product's user guide, verbatim and in its order.
static const char* const kTypeFi[ContactTypeCount] = {
    "Kehitysidea", "Toimintahäiriö", "Tukipyyntö", "Puhelintukipyyntö", "Myyntiasiat",
    "Koulutusasiat", "Laskutusasiat", "Laatupalaute",
    "Muut asiat (jos mikään muista vaihtoehdoista ei sovellu)", "Sopimusmuutos",
};
static const char* const kTypeEn[ContactTypeCount] = {
    "Development idea", "Malfunction", "Support request", "Phone support request", "Sales matters",
    "Training matters", "Billing matters", "Quality feedback",
    "Other matters (if none of the other options fits)", "Contract change",
};

const char* LanguageCode(Language lang) { return lang == Language::English ? "en" : "fi"; }

bool LanguageFromCode(const std::string& code, Language* out)
{
    if (code == "fi") { *out = Language::Finnish; return true; }
    if (code == "en") { *out = Language::English; return true; }
    return false;
}

const char* Tr(Language lang, Str s)
{
    const int i = static_cast<int>(s);
    if (i < 0 || i >= static_cast<int>(Str::COUNT)) return "?";
    return lang == Language::English ? kStrings[i].En : kStrings[i].Fi;
}

const char* TypeLabel(Language lang, ContactType type)
{
    const int i = static_cast<int>(type);
    if (i < 0 || i >= ContactTypeCount) return "?";
    return lang == Language::English ? kTypeEn[i] : kTypeFi[i];
}

const char* SpeedLabel(Language lang, ProcessingSpeed speed)
{
    return Tr(lang, speed == ProcessingSpeed::Faster ? Str::SpeedFaster : Str::SpeedNormal);
}

const char* FieldLabel(Language lang, Field field)
{
    switch (field)
    {
    case Field::Type: return Tr(lang, Str::LabelType);
    case Field::Speed: return Tr(lang, Str::LabelSpeed);
    case Field::Organisation: return Tr(lang, Str::LabelOrganisation);
    case Field::Email: return Tr(lang, Str::LabelEmail);
    case Field::Application: return Tr(lang, Str::LabelApplication);
    case Field::SubApplication: return Tr(lang, Str::LabelSubApplication);
    case Field::Reference: return Tr(lang, Str::LabelReference);
    case Field::Message: return Tr(lang, Str::LabelMessage);
    case Field::Phone: return Tr(lang, Str::LabelPhone);
    case Field::Screenshot: return Tr(lang, Str::LabelScreenshot);
    case Field::Language: return Tr(lang, Str::TechLocale);
    case Field::Technical: return Tr(lang, Str::WhatIsSent);
    case Field::Attachment: return Tr(lang, Str::LabelAttachments);
    case Field::Body: case Field::COUNT: break;
    }
    return Tr(lang, Str::WindowTitle);
}

const char* StatusLabel(Language lang, const std::string& status)
{
    if (status == "received") return Tr(lang, Str::StatusReceived);
    if (status == "in_progress") return Tr(lang, Str::StatusInProgress);
    if (status == "waiting_for_customer") return Tr(lang, Str::StatusWaiting);
    if (status == "resolved") return Tr(lang, Str::StatusResolved);
    if (status == "closed") return Tr(lang, Str::StatusClosed);
    return Tr(lang, Str::StatusUnknown);
}

std::string ErrorMessage(Language lang, const FieldError& e)
{
    Str fmt = Str::ErrUnknownValue;
    switch (e.Code)
    {
    case ErrorCode::Missing: fmt = Str::ErrMissing; break;
    case ErrorCode::TooShort: fmt = Str::ErrTooShort; break;
    case ErrorCode::TooLong: fmt = Str::ErrTooLong; break;
    case ErrorCode::Malformed:
        fmt = e.Which == Field::Phone ? Str::ErrMalformedPhone : e.Which == Field::Email ? Str::ErrMalformedEmail : Str::ErrUnknownValue;
        break;
    case ErrorCode::InvalidUtf8: fmt = Str::ErrInvalidUtf8; break;
    case ErrorCode::TooLarge: fmt = Str::ErrTooLarge; break;
    case ErrorCode::NotPng: fmt = Str::ErrNotPng; break;
    case ErrorCode::TooMany: fmt = Str::ErrTooMany; break;
    case ErrorCode::Duplicate: fmt = Str::ErrDuplicate; break;
    case ErrorCode::ControlCharacter: fmt = Str::ErrControlCharacter; break;
    case ErrorCode::UnsupportedCharacter: fmt = Str::ErrUnsupportedCharacter; break;
    case ErrorCode::Unknown: case ErrorCode::COUNT: fmt = Str::ErrUnknownValue; break;
    }
    char buf[512];
    const char* label = FieldLabel(lang, e.Which);
    const bool has_limit = fmt == Str::ErrTooShort || fmt == Str::ErrTooLong || fmt == Str::ErrTooLarge || fmt == Str::ErrMalformedPhone ||
                           fmt == Str::ErrTooMany || fmt == Str::ErrUnsupportedCharacter;
    if (has_limit) std::snprintf(buf, sizeof(buf), Tr(lang, fmt), label, e.Limit);
    else std::snprintf(buf, sizeof(buf), Tr(lang, fmt), label);
    return buf;
}

std::string FormatSize(Language lang, uint64_t bytes)
{
    char buf[64];
    if (bytes < 1024) std::snprintf(buf, sizeof(buf), Tr(lang, Str::SizeBytes), static_cast<unsigned long long>(bytes));
    else if (bytes < 1024u * 1024u) std::snprintf(buf, sizeof(buf), Tr(lang, Str::SizeKilobytes), static_cast<double>(bytes) / 1024.0);
    else std::snprintf(buf, sizeof(buf), Tr(lang, Str::SizeMegabytes), static_cast<double>(bytes) / (1024.0 * 1024.0));
    std::string s = buf;
    if (lang == Language::Finnish)
        for (char& c : s)
            if (c == '.') c = ',';   // Finnish decimal comma
    return s;
}

// Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days inverse).
static long long DaysFromCivil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

// "YYYY-MM-DDTHH:MM:SS" then optional ".fff", then "Z" or "+00:00" (or another offset).
static bool ParseIsoUtc(const std::string& s, time_t* out)
{
    int y, mo, d, h, mi, sec, n = 0;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6 || n != 19) return false;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 || h < 0 || mi < 0 || sec < 0) return false;
    size_t i = 19;
    if (i < s.size() && s[i] == '.')
        for (i++; i < s.size() && s[i] >= '0' && s[i] <= '9'; i++) {}
    long long offset = 0;
    if (i + 1 == s.size() && (s[i] == 'Z' || s[i] == 'z')) {}
    else if (i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':')
    {
        int oh, om;
        if (std::sscanf(s.c_str() + i + 1, "%2d:%2d", &oh, &om) != 2) return false;
        offset = (s[i] == '-' ? -1 : 1) * (oh * 3600LL + om * 60LL);
    }
    else return false;
    const long long t = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400LL + h * 3600LL + mi * 60LL + sec - offset;
    *out = static_cast<time_t>(t);
    return true;
}

// The time of day of 'local' in the language's format (FormatLocalTime, FormatLocalClock).
static std::string ClockText(Language lang, const struct tm& local)
{
    char buf[16];
    std::snprintf(buf, sizeof(buf), lang == Language::English ? "%02d:%02d" : "%d.%02d", local.tm_hour, local.tm_min);
    return buf;
}

std::string FormatLocalTime(Language lang, const std::string& iso_utc)
{
    time_t t;
    struct tm local;
    if (!ParseIsoUtc(iso_utc, &t) || !localtime_r(&t, &local)) return iso_utc;
    static const char* const kMonthsEn[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    char buf[64];
    if (lang == Language::English)
        std::snprintf(buf, sizeof(buf), "%d %s %d, ", local.tm_mday, kMonthsEn[local.tm_mon], local.tm_year + 1900);
    else
        std::snprintf(buf, sizeof(buf), "%d.%d.%d klo ", local.tm_mday, local.tm_mon + 1, local.tm_year + 1900);
    return buf + ClockText(lang, local);
}

std::string FormatLocalClock(Language lang, long long unix_time)
{
    const time_t t = static_cast<time_t>(unix_time);
    struct tm local;
    if (!localtime_r(&t, &local)) return std::string();
    return ClockText(lang, local);
}

std::string AttachmentOutcomeText(Language lang, const AttachmentOutcome& o)
{
    char buf[768];
    switch (o.Result)
    {
    case AttachmentResult::Sent:
        std::snprintf(buf, sizeof(buf), Tr(lang, Str::AttachmentSent), o.Name.c_str(), FormatSize(lang, o.SentBytes).c_str());
        break;
    case AttachmentResult::Truncated:
        std::snprintf(buf, sizeof(buf), Tr(lang, Str::AttachmentTruncated), o.Name.c_str(), FormatSize(lang, o.SentBytes).c_str(),
                      FormatSize(lang, o.SourceBytes).c_str());
        break;
    case AttachmentResult::NotAttached:
    {
        Str why = Str::AttachmentWhyInvalid;
        switch (o.Reason)
        {
        case AttachmentReason::Unticked: why = Str::AttachmentWhyUnticked; break;
        case AttachmentReason::Missing: why = Str::AttachmentWhyMissing; break;
        case AttachmentReason::Unreadable: why = Str::AttachmentWhyUnreadable; break;
        case AttachmentReason::OutsideAllowed: why = Str::AttachmentWhyOutside; break;
        case AttachmentReason::CallbackFailed: why = Str::AttachmentWhyCallback; break;
        case AttachmentReason::TooLarge: why = Str::AttachmentWhyTooLarge; break;
        case AttachmentReason::TotalLimit: why = Str::AttachmentWhyTotal; break;
        case AttachmentReason::None: case AttachmentReason::TailLimit: case AttachmentReason::InvalidSource: break;
        }
        std::snprintf(buf, sizeof(buf), Tr(lang, Str::AttachmentNotAttached), o.Name.c_str(), Tr(lang, why));
        break;
    }
    }
    std::string line = buf;
    if (o.Result != AttachmentResult::NotAttached)
    {
        if (o.Utf8Replaced) line += std::string("; ") + Tr(lang, Str::AttachmentUtf8Replaced);
        if (o.Grew) line += std::string("; ") + Tr(lang, Str::AttachmentGrew);
    }
    return line;
}

std::string ScreenshotEncodingText(Language lang, const ScreenshotEncoding& e)
{
    if (e.Format == ImageFormat::None) return "";
    char buf[256];
    const std::string size = FormatSize(lang, e.Bytes);
    if (e.Quality == 0) std::snprintf(buf, sizeof(buf), Tr(lang, Str::ScreenshotSentLossless), e.Width, e.Height, size.c_str());
    else std::snprintf(buf, sizeof(buf), Tr(lang, Str::ScreenshotSentLossy), e.Quality, e.Width, e.Height, size.c_str());
    std::string line = buf;
    if (e.ScaleDivisor > 1)
    {
        std::snprintf(buf, sizeof(buf), Tr(lang, Str::ScreenshotScaledDown), e.ScaleDivisor);
        line += std::string("; ") + buf;
    }
    return line;
}

} // namespace ImContact
