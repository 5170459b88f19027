// Technical details attached to reports, and platform defaults.
#include "imcontact_internal.h"
#include "imcontact/internal/clock.h"
#include "imcontact/internal/system_info.h"

namespace ImContact
{

std::string DefaultDataDir() { return UserDataDir("imcontact"); }

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
