// Technical details attached to reports, and platform defaults.
#include "imcontact_internal.h"
#include "ticket_store.h"   // NowUtcIso8601

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

std::string DefaultDataDir()
{
    const char* xdg = std::getenv("XDG_DATA_HOME");
    if (xdg && xdg[0] == '/') return std::string(xdg) + "/imcontact";
    const char* home = std::getenv("HOME");
    if (home && home[0]) return std::string(home) + "/.local/share/imcontact";
    return "imcontact-data";
}

TechnicalDetails CollectTechnical(const Context* ctx)
{
    TechnicalDetails t;
    t.Locale = LanguageCode(ctx->Lang);
    t.TimeUtc = NowUtcIso8601();
    if (ctx->Cfg.Flags & ImContactFlags_NoTechnicalInfo) return t;
    t.AppName = ctx->Cfg.AppName;
    t.AppVersion = ctx->Cfg.AppVersion;
    t.Os = ctx->Os;
    t.GlVendor = ctx->GlVendor;
    t.GlRenderer = ctx->GlRenderer;
    t.GlVersion = ctx->GlVersion;
    t.FramebufferWidth = ctx->FramebufferWidth;
    t.FramebufferHeight = ctx->FramebufferHeight;
    return t;
}

} // namespace ImContact
