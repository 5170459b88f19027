// Where the demo keeps its files: "My requests" (the library) and receiver.db (the embedded receiver).
#pragma once

#include <string>

namespace Demo
{

// 'requested' if not empty, else $XDG_DATA_HOME/imcontact, else ~/.local/share/imcontact.
// Creates the directory (and its parents). False + message if it cannot be created.
bool PrepareDataDir(const std::string& requested, std::string* dir, std::string* error);

// The demo's own log, DIR/imcontact-demo.log: a line "<UTC time> <text>" appended (the
// file is created when missing). The panel attaches its tail to every report
// (Config::Attachments). Small and rare writes (start-up, view changes), so the render
// thread writes them itself; a real application would log from wherever it logs.
std::string LogPath(const std::string& dir);
void        AppendLog(const std::string& dir, const std::string& text);

} // namespace Demo
