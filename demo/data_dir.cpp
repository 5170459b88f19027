#include "data_dir.h"

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <filesystem>
#include <system_error>

namespace Demo
{

static std::string DefaultDir()
{
    const char* xdg = std::getenv("XDG_DATA_HOME");
    if (xdg && xdg[0] == '/') return std::string(xdg) + "/imcontact";   // relative values are ignored (XDG spec)
    const char* home = std::getenv("HOME");
    if (home && home[0]) return std::string(home) + "/.local/share/imcontact";
    return std::string();
}

bool PrepareDataDir(const std::string& requested, std::string* dir, std::string* error)
{
    *dir = requested.empty() ? DefaultDir() : requested;
    if (dir->empty())
    {
        *error = "neither XDG_DATA_HOME nor HOME is set: pass --data-dir DIR";
        return false;
    }
    std::error_code ec;
    std::filesystem::create_directories(*dir, ec);
    if (ec || !std::filesystem::is_directory(*dir))
    {
        *error = "cannot create data directory " + *dir + (ec ? ": " + ec.message() : std::string());
        return false;
    }
    return true;
}

std::string LogPath(const std::string& dir) { return dir + "/imcontact-demo.log"; }

void AppendLog(const std::string& dir, const std::string& text)
{
    std::ofstream f(LogPath(dir), std::ios::app);
    if (!f) return;   // a log that cannot be written is not worth stopping the demo for
    char when[32];
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
    f << when << " " << text << "\n";
}

} // namespace Demo
