// The unsent form in DataDir/draft.json (see draft_store.h).
#include "draft_store.h"
#include "durable_file.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ImContact
{
using nlohmann::json;

std::string DraftToJson(const SavedDraft& d)
{
    const Form& f = d.Fields;
    json doc = { { "schema", 1 },
                 { "type", ContactTypeId(f.Type) },
                 { "speed", SpeedId(f.Speed) },
                 { "application", f.Application },
                 { "application_by_hand", d.ApplicationByHand },
                 { "sub_application", f.SubApplication },
                 { "reference", f.Reference },
                 { "phone", f.Phone },
                 { "message", f.Message },
                 { "replaces", d.Replaces } };
    // The user's text is kept byte for byte; invalid UTF-8 (never made by the panel) is replaced rather than lost whole.
    return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

bool DraftFromJson(const std::string& text, SavedDraft* out)
{
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return false;
    SavedDraft d;
    bool ok = true;
    // A member that is there must have its type; a missing one keeps the default.
    auto str = [&](const char* key, std::string* v) {
        auto it = doc.find(key);
        if (it == doc.end()) return;
        if (it->is_string()) *v = it->get<std::string>();
        else ok = false;
    };
    std::string type = ContactTypeId(d.Fields.Type), speed = SpeedId(d.Fields.Speed);
    str("type", &type);
    str("speed", &speed);
    str("application", &d.Fields.Application);
    str("sub_application", &d.Fields.SubApplication);
    str("reference", &d.Fields.Reference);
    str("phone", &d.Fields.Phone);
    str("message", &d.Fields.Message);
    str("replaces", &d.Replaces);
    auto by_hand = doc.find("application_by_hand");
    if (by_hand != doc.end())
    {
        if (by_hand->is_boolean()) d.ApplicationByHand = by_hand->get<bool>();
        else ok = false;
    }
    if (!ok || !ContactTypeFromId(type, &d.Fields.Type) || !SpeedFromId(speed, &d.Fields.Speed)) return false;
    if (out) *out = std::move(d);
    return true;
}

DraftLoadResult LoadDraftFile(const std::string& data_dir, SavedDraft* out, std::string* detail)
{
    *out = SavedDraft();
    if (detail) detail->clear();
    if (data_dir.empty()) return DraftLoadResult::Missing;
    const std::string path = JoinPath(data_dir, DraftFileName);
    std::string text;
    const int err = ReadFileLimited(path, 16u * 1024u * 1024u, &text);
    if (err == ENOENT) return DraftLoadResult::Missing;
    if (err != 0)
    {
        if (detail) *detail = "could not read " + path + ": " + std::strerror(err);
        return DraftLoadResult::IoError;
    }
    if (DraftFromJson(text, out)) return DraftLoadResult::Loaded;
    *out = SavedDraft();
    std::string backup;
    int rerr = 0;
    if (!MoveAsideCorrupt(path, &backup, &rerr))
    {
        if (detail) *detail = path + " is damaged and could not be moved aside (" + std::strerror(rerr) + ")";
        return DraftLoadResult::Corrupt;
    }
    if (detail) *detail = path + " is damaged; kept as " + backup + "; the form starts empty";
    return DraftLoadResult::Corrupt;
}

bool SaveDraftFile(const std::string& data_dir, const SavedDraft& draft, std::string* error)
{
    if (data_dir.empty()) return true;   // nothing is kept without a data directory
    if (!EnsureDirectory(data_dir, error)) return false;
    // When only the directory fsync failed the new draft is in place: that counts as saved.
    bool in_place = false;
    return WriteFileAtomically(data_dir, DraftFileName, DraftToJson(draft), error, nullptr, &in_place) || in_place;
}

bool RemoveDraftFile(const std::string& data_dir, std::string* error)
{
    if (data_dir.empty()) return true;
    const std::string path = JoinPath(data_dir, DraftFileName);
    if (::remove(path.c_str()) != 0)
    {
        if (errno == ENOENT) return true;
        if (error) *error = "could not remove " + path + ": " + std::strerror(errno);
        return false;
    }
    SyncDirectory(data_dir);   // the removal survives a crash (best effort)
    return true;
}

} // namespace ImContact
