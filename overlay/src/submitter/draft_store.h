// imcontact: the unsent form kept across restarts (internal to imcontact_submitter).
//
// One file, DataDir/draft.json, owner-only, written atomically (durable_file.h: temporary
// file, fsync, rename, fsync of the directory), so a crash leaves the old draft or the
// whole new one:
//   {"schema":1,"type":"malfunction","speed":"normal","application":"...","application_by_hand":false,
//    "sub_application":"","reference":"","phone":"","message":"...","replaces":""}
// Organisation, email and the screenshot are never stored. A file that is not understood
// is moved aside (draft.json.corrupt-<time>) and reported; reading never throws.
//
//   SavedDraft d;
//   std::string why;
//   switch (LoadDraftFile(data_dir, &d, &why)) { case DraftLoadResult::Loaded: ... }
//
// Thread-safety: the functions keep no state; the submitter's worker is their only user.
#pragma once

#include "imcontact/imcontact_submitter.h"

#include <string>

namespace ImContact
{

constexpr const char* DraftFileName = "draft.json";

enum class DraftLoadResult : int
{
    Loaded = 0,   // read and understood
    Missing,      // no draft kept (or no DataDir)
    Corrupt,      // not understood: moved aside (or could not be: 'detail' says so)
    IoError,      // could not be read: left alone
};

// Reads DataDir/draft.json into 'out'; 'detail' gets a sentence for Corrupt and IoError.
DraftLoadResult LoadDraftFile(const std::string& data_dir, SavedDraft* out, std::string* detail);
// Writes 'draft' (creating DataDir); false + 'error' when it could not be written.
bool SaveDraftFile(const std::string& data_dir, const SavedDraft& draft, std::string* error);
// Removes DataDir/draft.json (none there is fine); false + 'error' otherwise.
bool RemoveDraftFile(const std::string& data_dir, std::string* error);

// The JSON text and back (exposed for tests). Parsing fails on anything but an object
// whose known members have the right types and whose type/speed are known ids.
std::string DraftToJson(const SavedDraft& draft);
bool DraftFromJson(const std::string& text, SavedDraft* out);

} // namespace ImContact
