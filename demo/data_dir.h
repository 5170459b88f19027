// Where the demo keeps its files: "My requests" (the library) and receiver.db (the embedded receiver).
#pragma once

#include <string>

namespace Demo
{

// 'requested' if not empty, else $XDG_DATA_HOME/imcontact, else ~/.local/share/imcontact.
// Creates the directory (and its parents). False + message if it cannot be created.
bool PrepareDataDir(const std::string& requested, std::string* dir, std::string* error);

} // namespace Demo
