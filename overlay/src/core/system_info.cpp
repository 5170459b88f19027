// Facts about the machine (see imcontact/internal/system_info.h).
#include "imcontact/internal/system_info.h"

#include <sys/utsname.h>

#include <cstdlib>

namespace ImContact
{

std::string OsDescription()
{
    utsname u{};
    if (uname(&u) != 0) return "unknown";
    return std::string(u.sysname) + " " + u.release + " " + u.machine;
}

std::string UserDataDir(const std::string& app_folder)
{
    const char* xdg = std::getenv("XDG_DATA_HOME");
    if (xdg && xdg[0] == '/') return std::string(xdg) + "/" + app_folder;
    const char* home = std::getenv("HOME");
    if (home && home[0]) return std::string(home) + "/.local/share/" + app_folder;
    return app_folder + "-data";
}

} // namespace ImContact
