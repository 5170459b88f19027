#include "data_dir.h"

#include <cstdlib>
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

} // namespace Demo
