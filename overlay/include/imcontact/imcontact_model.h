// imcontact: the form model (core; no ImGui, no GL, no network).
//
// What a contact report holds, the ten contact types of the product (R2) with their
// stable wire identifiers, the processing speeds (R3), the limits that both the
// library and the receiver enforce, and validation.
//
// Thread-safety: every function in this header is pure or reads only constant
// tables, and may be called from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ImContact
{

// R2: exactly these ten types, in this order (the seed document's order).
enum class ContactType : int
{
    DevelopmentIdea = 0,   // Kehitysidea
    Malfunction,           // Toimintahäiriö
    SupportRequest,        // Tukipyyntö
    PhoneSupportRequest,   // Puhelintukipyyntö
    Sales,                 // Myyntiasiat
    Training,              // Koulutusasiat
    Billing,               // Laskutusasiat
    QualityFeedback,       // Laatupalaute
    Other,                 // Muut asiat (jos mikään muista vaihtoehdoista ei sovellu)
    ContractChange,        // Sopimusmuutos
    COUNT
};
constexpr int ContactTypeCount = static_cast<int>(ContactType::COUNT);

// R3: processing speed.
enum class ProcessingSpeed : int { Normal = 0, Faster, COUNT };

// Stable wire identifiers ("malfunction", "faster", ...). Never translated.
const char* ContactTypeId(ContactType type);
bool        ContactTypeFromId(const std::string& id, ContactType* out);
const char* SpeedId(ProcessingSpeed speed);
bool        SpeedFromId(const std::string& id, ProcessingSpeed* out);

// True for the types whose message guidance asks for a detailed description (R8).
bool TypeWantsDetailedDescription(ContactType type);
// True where the form shows and requires a phone number (Puhelintukipyyntö).
bool TypeRequiresPhone(ContactType type);

// Limits enforced by the library before sending and again by the receiver.
// Lengths count Unicode code points of UTF-8 text.
struct Limits
{
    size_t MessageMinChars      = 10;
    size_t MessageMaxChars      = 10000;
    size_t OrganisationMaxChars = 200;
    size_t EmailMaxChars        = 254;
    size_t ApplicationMaxChars  = 100;
    size_t ReferenceMaxChars    = 100;
    size_t PhoneMaxChars        = 32;
    size_t PhoneMinDigits       = 5;
    size_t ScreenshotMaxBytes   = 8u * 1024u * 1024u;   // encoded image (the sender steps down to fit)
    size_t ScreenshotMaxPixels  = 40u * 1000u * 1000u;  // width x height (an 8K frame is 33 Mpx); the receiver verifies every pixel
    size_t AttachmentsMaxCount  = 8;                    // files the host attaches (Report::Attachments)
    size_t AttachmentMaxBytes   = 1u * 1024u * 1024u;   // one attachment
    size_t AttachmentsMaxBytes  = 2u * 1024u * 1024u;   // all attachments together (the sender cuts log tails to fit)
    size_t AttachmentNameMaxChars = 100;                // code points of Attachment::Name
    size_t RequestMaxBytes      = 11u * 1024u * 1024u;  // whole multipart body: screenshot + attachments + report
};

// Technical details attached to every report and shown to the user in the
// "what is sent" section.
struct TechnicalDetails
{
    std::string AppName;
    std::string AppVersion;
    std::string Os;
    std::string GlVendor;
    std::string GlRenderer;
    std::string GlVersion;
    int         FramebufferWidth  = 0;
    int         FramebufferHeight = 0;
    std::string Locale;        // "fi" / "en"
    std::string TimeUtc;       // ISO 8601, e.g. 2026-11-26T17:12:43Z
};

// The fields of the form, as the user (and the host) filled them.
struct Form
{
    ContactType Type  = ContactType::SupportRequest;
    ProcessingSpeed Speed = ProcessingSpeed::Normal;
    std::string Organisation;     // R4, host-supplied, read-only in the UI
    std::string Email;            // R5, host-supplied, read-only in the UI
    std::string Application;      // R6
    std::string SubApplication;   // R6 (may be empty)
    std::string Reference;        // R7, optional
    std::string Message;          // R8
    std::string Phone;            // required for PhoneSupportRequest only
};

// One report as it travels: the form, the technical details, the UI language,
// an idempotency key (client-generated, may be empty) and the encoded screenshot.
// A file the host attaches to a report: the tail of its log, a settings file, a small
// data file. Sent as one multipart part named "attachment" (filename = Name, Content-Type
// = MimeType); the receiver stores it as it came and checks it with the same
// ValidateReport. Rules (both ends):
//   Name      a file name, no path: valid UTF-8, 1..Limits::AttachmentNameMaxChars code
//             points, no control characters (C0, DEL, C1), no bidi controls, none of
//             / \ " , not "." or ".." (ValidateAttachmentName); unique within a report.
//   MimeType  "type/subtype" in lower case from [a-z0-9.+-], optionally followed by
//             "; charset=utf-8" (ValidateAttachmentMime); text/* bytes must be valid UTF-8.
//   Bytes     at most Limits::AttachmentMaxBytes each, Limits::AttachmentsMaxBytes in all.
struct Attachment
{
    std::string          Name;
    std::string          MimeType = "text/plain; charset=utf-8";
    std::vector<uint8_t> Bytes;
};

struct Report
{
    Form                 Fields;
    TechnicalDetails     Technical;
    std::string          Language = "fi";   // "fi" or "en": language of the confirmation
    std::string          IdempotencyKey;
    std::vector<uint8_t> ScreenshotPng;     // the encoded screenshot, PNG or WebP (SniffImageFormat); empty = none
    std::vector<Attachment> Attachments;    // the host's files, in order (multipart parts named "attachment")
};

// How a screenshot is encoded for sending (the core's EncodeScreenshot decides).
//   ImageFormat      what the bytes are; the multipart part's Content-Type (ImageMimeType)
//   ScreenshotCodec  what the host allows: Auto = per frame, lossless PNG for UI-like
//                    frames and lossy WebP for photographic ones; Lossless = always PNG
//                    (resolution is still halved if a frame would be over the size limit)
enum class ImageFormat : int { None = 0, Png, Webp };
enum class ScreenshotCodec : int { Auto = 0, Lossless };

// "image/png", "image/webp"; "" for None.
const char* ImageMimeType(ImageFormat format);
// ".png", ".webp"; "" for None.
const char* ImageFileExtension(ImageFormat format);
// The format the bytes' header names (PNG signature, RIFF....WEBP); None otherwise.
ImageFormat SniffImageFormat(const uint8_t* data, size_t size);
inline ImageFormat SniffImageFormat(const std::vector<uint8_t>& bytes) { return SniffImageFormat(bytes.data(), bytes.size()); }
// "image/png" / "image/webp" (case-insensitive, parameters ignored) to a format; None otherwise.
ImageFormat ImageFormatFromMime(const std::string& mime);

// What was done to fit a screenshot into the report (SubmitterEvent::Screenshot, the
// panel's "what is sent"). Quality 0 = lossless; ScaleDivisor 1 = full size, 2 = half
// width and height, ...
struct ScreenshotEncoding
{
    ImageFormat Format = ImageFormat::None;   // None: no screenshot
    int         Quality = 0;
    int         ScaleDivisor = 1;
    int         Width = 0;                    // what is sent
    int         Height = 0;
    size_t      Bytes = 0;
};

// An uncompressed screenshot: RGBA8, Width*Height*4 bytes, top row first, rows
// tightly packed. What the GL capture produces and the submitter encodes to PNG.
struct RgbaImage
{
    int Width = 0;
    int Height = 0;
    std::vector<uint8_t> Pixels;
    bool Empty() const { return Width <= 0 || Height <= 0 || Pixels.empty(); }
};

// Which field a validation error is about. Wire names via FieldId().
enum class Field : int
{
    Type = 0, Speed, Organisation, Email, Application, SubApplication,
    Reference, Message, Phone, Screenshot, Language, Technical, Body, Attachment, COUNT
};
const char* FieldId(Field field);
bool        FieldFromId(const std::string& id, Field* out);

enum class ErrorCode : int
{
    Missing = 0,   // required and empty
    TooShort,
    TooLong,
    Malformed,     // e.g. not an email address, not a phone number
    InvalidUtf8,
    TooLarge,      // bytes (screenshot, body)
    NotPng,
    Unknown,       // unknown enum value (type, speed, language)
    TooMany,       // more items than allowed (attachments)
    Duplicate,     // a second item with the same name (attachments)
    ControlCharacter, // a control character (C0, C1, DEL, CR/LF in a one-line field) or a bidi control
    UnsupportedCharacter, // the panel only: characters this Dear ImGui build replaced with U+FFFD as they were
                      // typed (a 16-bit ImWchar has nothing above U+FFFF); Limit = how many
    COUNT
};
const char* ErrorCodeId(ErrorCode code);
bool        ErrorCodeFromId(const std::string& id, ErrorCode* out);

struct FieldError
{
    Field     Which;
    ErrorCode Code;
    size_t    Limit = 0;    // the limit broken (chars, bytes, count), 0 if none applies
    int       Index = -1;   // which item of a list field (Field::Attachment: Report::Attachments[i]); -1 = the field
};

// Validate a form. Returns every problem found (empty = valid).
std::vector<FieldError> ValidateForm(const Form& form, const Limits& limits);
// Validate a whole report: the form, language, and the screenshot (PNG signature, size).
std::vector<FieldError> ValidateReport(const Report& report, const Limits& limits);

// One attachment's name and type, as described at Attachment (used by ValidateReport, the
// receiver and the host's sources). 'name' is what would be stored.
bool ValidateAttachmentName(const std::string& name, size_t max_chars);
bool ValidateAttachmentMime(const std::string& mime);
// True for "text/..." types: their bytes must be valid UTF-8.
bool AttachmentIsText(const std::string& mime);

// UTF-8 helpers used by validation (exposed for the receiver and tests).
bool   IsValidUtf8(const std::string& s);
size_t Utf8Length(const std::string& s);         // code points; invalid bytes count as one each
// 's' with every byte that does not start a valid sequence replaced by U+FFFD (EF BF BD);
// *replaced (optional) tells whether any was. Valid input comes back unchanged.
std::string ReplaceInvalidUtf8(const std::string& s, bool* replaced = nullptr);
bool   IsPlausibleEmail(const std::string& s);   // local@domain.tld, no spaces, one '@'
bool   IsPlausiblePhone(const std::string& s, size_t min_digits); // digits, spaces, + - ( )
bool   HasPngSignature(const uint8_t* data, size_t size);
// False when valid UTF-8 text 's' holds a C0 or C1 control, DEL or a bidi control
// (U+061C, U+200E/F, U+202A-202E, U+2066-2069). 'multiline' text may hold "\n", "\r\n"
// and "\t" (the message); one-line fields may not. Invalid UTF-8 is not judged here.
bool   HasOnlyPrintable(const std::string& s, bool multiline);

} // namespace ImContact
