// imcontact internal: facts about the machine the library runs on (core).
//
// [Internal] No compatibility promise, like imgui_internal.h: for imcontact's own layers,
// the receiver, the tools and the tests. May change in any release.
//
// Thread-safety: any thread; OsDescription asks the kernel each call, so callers that
// need it every frame ask once and keep the answer (the panel does, at CreateContext).
#pragma once

#include <string>

namespace ImContact
{

// "Linux 6.1.0-18-amd64 x86_64": system name, release and machine; "unknown" if the
// system does not say.
std::string OsDescription();

// The per-user data directory for 'app_folder': $XDG_DATA_HOME/<app_folder> when
// XDG_DATA_HOME is an absolute path, else ~/.local/share/<app_folder>, else
// "<app_folder>-data" in the working directory.
std::string UserDataDir(const std::string& app_folder);

} // namespace ImContact
