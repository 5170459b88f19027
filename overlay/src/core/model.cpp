// Contact types, speeds, field and error identifiers: constant tables.
#include "imcontact/imcontact_model.h"
#include "imcontact/imcontact_types.h"

#include <cstring>
#include <utility>

namespace ImContact
{

static const char* const kTypeIds[ContactTypeCount] = {
    "development_idea", "malfunction", "support_request", "phone_support_request", "sales",
    "training", "billing", "quality_feedback", "other", "contract_change",
};
static const char* const kSpeedIds[] = { "normal", "faster" };
static const char* const kFieldIds[] = {
    "type", "speed", "organisation", "email", "application", "sub_application",
    "reference", "message", "phone", "screenshot", "language", "technical", "body", "attachment",
};
static const char* const kErrorIds[] = {
    "missing", "too_short", "too_long", "malformed", "invalid_utf8", "too_large", "not_png", "unknown", "too_many", "duplicate",
    "control_character", "unsupported_character",
};
static_assert(sizeof(kSpeedIds) / sizeof(kSpeedIds[0]) == static_cast<size_t>(ProcessingSpeed::COUNT), "speed table");
static_assert(sizeof(kFieldIds) / sizeof(kFieldIds[0]) == static_cast<size_t>(Field::COUNT), "field table");
static_assert(sizeof(kErrorIds) / sizeof(kErrorIds[0]) == static_cast<size_t>(ErrorCode::COUNT), "error table");

template <typename E, size_t N>
static const char* IdOf(const char* const (&table)[N], E value)
{
    const int i = static_cast<int>(value);
    return (i >= 0 && static_cast<size_t>(i) < N) ? table[i] : "";
}

template <typename E, size_t N>
static bool FromId(const char* const (&table)[N], const std::string& id, E* out)
{
    for (size_t i = 0; i < N; i++)
        if (id == table[i])
        {
            *out = static_cast<E>(i);
            return true;
        }
    return false;
}

const char* ContactTypeId(ContactType t) { return IdOf(kTypeIds, t); }
bool ContactTypeFromId(const std::string& id, ContactType* out) { return FromId(kTypeIds, id, out); }
const char* SpeedId(ProcessingSpeed s) { return IdOf(kSpeedIds, s); }
bool SpeedFromId(const std::string& id, ProcessingSpeed* out) { return FromId(kSpeedIds, id, out); }
const char* FieldId(Field f) { return IdOf(kFieldIds, f); }
bool FieldFromId(const std::string& id, Field* out) { return FromId(kFieldIds, id, out); }
const char* ErrorCodeId(ErrorCode c) { return IdOf(kErrorIds, c); }
bool ErrorCodeFromId(const std::string& id, ErrorCode* out) { return FromId(kErrorIds, id, out); }

bool TypeWantsDetailedDescription(ContactType t)
{
    return t == ContactType::SupportRequest || t == ContactType::Malfunction || t == ContactType::DevelopmentIdea;
}

bool TypeRequiresPhone(ContactType t) { return t == ContactType::PhoneSupportRequest; }

} // namespace ImContact

namespace ImContact
{

AttachmentSource AttachmentSource::File(std::string name, std::string mime_type, std::string path, size_t tail_bytes)
{
    AttachmentSource s;
    s.name_ = std::move(name);
    s.mime_ = std::move(mime_type);
    s.path_ = std::move(path);
    s.tail_ = tail_bytes;
    return s;
}

AttachmentSource AttachmentSource::Callback(std::string name, std::string mime_type, ReadFunc read, size_t tail_bytes)
{
    AttachmentSource s;
    s.name_ = std::move(name);
    s.mime_ = std::move(mime_type);
    s.read_ = read ? std::move(read) : ReadFunc([](std::vector<uint8_t>*, std::string* why) {
        if (why) *why = "no callback was given";
        return false;
    });
    s.tail_ = tail_bytes;
    return s;
}

} // namespace ImContact
