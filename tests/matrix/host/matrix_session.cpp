#include "matrix_session.h"

#include <cstdio>
#include <cstdlib>
#include <set>

void MatrixHostAssertFailed(const char* expr, const char* file, int line)
{
    std::fprintf(stderr, "[matrix] the host's IM_ASSERT failed: %s (%s:%d)\n", expr, file, line);
    std::abort();
}

namespace MatrixHost
{

// The message's second line: what must reach the receiver byte for byte (scripts/matrix
// finds it in `imcontact-receiver show`): a combining acute (e + U+0301), Hebrew and Arabic
// (right to left), Devanagari with a virama, a BMP ideograph; with a 32-bit ImWchar also
// U+1F600, a ZWJ sequence (woman + ZWJ + laptop) and U+1D11E, all above U+FFFF. A 16-bit
// ImWchar cannot carry those (the panel refuses them: tests/panel/test_panel_text.cpp).
static const char* const kFirstLine = "Matriisin testi: raportti lähetetään ImGuin omasta esimerkkiohjelmasta.\n";
static const char* const kBmpLine = "Ääkköset: åäö ÅÄÖ, cafe\xCC\x81 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 "
                                    "\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7 \xE6\xBC\xA2";
static const char* const kAstral = " \xF0\x9F\x98\x80 \xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB \xF0\x9D\x84\x9E.";

// The line this host types after kFirstLine: everything its ImWchar can carry.
static std::string TypedLine() { return std::string(kBmpLine) + (sizeof(ImWchar) >= 4 ? kAstral : "."); }

static std::string Required(const char* name)
{
    const char* v = std::getenv(name);
    if (!v || !*v)
    {
        std::fprintf(stderr, "[matrix] $%s is not set (the matrix script sets it)\n", name);
        std::exit(2);
    }
    return v;
}

std::string Endpoint() { return Required("IMCONTACT_MATRIX_ENDPOINT"); }
std::string DataDir() { return Required("IMCONTACT_MATRIX_DATA_DIR"); }

Session::Session(ImContact::Context* contact, ImContact::GLLoaderFunc loader)
    : contact_(contact), loader_(loader), driver_(contact, "[matrix]")
{
    BuildSteps();
}

// The GL entry points the check needs, from the host's loader (no GL headers here).
typedef unsigned char (*IsTextureFn)(unsigned int);
typedef void (*GetIntegervFn)(unsigned int, int*);
typedef void (*BindTextureFn)(unsigned int, unsigned int);
typedef void (*GetTexLevelParameterivFn)(unsigned int, int, unsigned int, int*);
static const unsigned int kTexture2D = 0x0DE1, kTextureBinding2D = 0x8069, kTextureWidth = 0x1000, kTextureHeight = 0x1001;

// True when the frame just drawn used a GL texture the size of the framebuffer shrunk by
// an integer factor (the screenshot's thumbnail; the font atlas never has that shape).
bool Session::FindThumbnailTexture(int* w, int* h) const
{
    ImVec2 a, b;
    if (!ImContact::GetItemRect(contact_, ImContact::ItemKey::Thumbnail, &a, &b) || fbWidth_ <= 0 || fbHeight_ <= 0) return false;
    const ImDrawData* dd = ImGui::GetDrawData();
    auto isTexture = reinterpret_cast<IsTextureFn>(loader_("glIsTexture"));
    auto getIntegerv = reinterpret_cast<GetIntegervFn>(loader_("glGetIntegerv"));
    auto bindTexture = reinterpret_cast<BindTextureFn>(loader_("glBindTexture"));
    auto getLevel = reinterpret_cast<GetTexLevelParameterivFn>(loader_("glGetTexLevelParameteriv"));
    if (!dd || !isTexture || !getIntegerv || !bindTexture || !getLevel) return false;
    std::set<unsigned int> ids;
#if IMGUI_VERSION_NUM >= 18980
    const int lists = dd->CmdLists.Size;   // 1.89.8 made CmdLists an ImVector; 1.92 obsoleted CmdListsCount
#else
    const int lists = dd->CmdListsCount;
#endif
    for (int i = 0; i < lists; i++)
        for (const ImDrawCmd& cmd : dd->CmdLists[i]->CmdBuffer)
            if (!cmd.UserCallback) ids.insert(static_cast<unsigned int>((intptr_t)cmd.GetTexID()));
    int bound = 0;
    getIntegerv(kTextureBinding2D, &bound);
    bool found = false;
    for (unsigned int id : ids)
    {
        if (!id || !isTexture(id)) continue;
        int tw = 0, th = 0;
        bindTexture(kTexture2D, id);
        getLevel(kTexture2D, 0, kTextureWidth, &tw);
        getLevel(kTexture2D, 0, kTextureHeight, &th);
        for (int f = 1; f <= 16 && !found; f++)
            if (tw == (fbWidth_ + f - 1) / f && th == (fbHeight_ + f - 1) / f)
            {
                *w = tw;
                *h = th;
                found = true;
            }
    }
    bindTexture(kTexture2D, static_cast<unsigned int>(bound));
    return found;
}

void Session::FrameRendered(int framebuffer_width, int framebuffer_height)
{
    frames_++;
    fbWidth_ = framebuffer_width;
    fbHeight_ = framebuffer_height;
    if (!FindThumbnailTexture(&thumbWidth_, &thumbHeight_)) thumbWidth_ = thumbHeight_ = 0;
    if (thumbWidth_ > 0) thumbSeen_ = std::to_string(thumbWidth_) + "x" + std::to_string(thumbHeight_);
    if (!driver_.Finished() || resultWritten_ || !driver_.Succeeded()) return;
    resultWritten_ = true;
    const std::string path = Required("IMCONTACT_MATRIX_RESULT");
    FILE* f = std::fopen(path.c_str(), "w");
    if (!f) return;
    std::fprintf(f, "ticket=%s\nframebuffer=%dx%d\nthumbnail=%s\nimgui=%s %d\nwchar=%zu\ndrawidx=%zu\ntyped=%s\n", ticket_.c_str(),
                 fbWidth_, fbHeight_, thumbSeen_.c_str(), IMGUI_VERSION, IMGUI_VERSION_NUM, sizeof(ImWchar), sizeof(ImDrawIdx),
                 TypedLine().c_str());
    resultWritten_ = std::fclose(f) == 0;
}

int Session::ExitCode() const
{
    if (!driver_.Finished()) std::fprintf(stderr, "[matrix] the session did not finish in %d frames\n", kMaxFrames);
    return driver_.Succeeded() && resultWritten_ ? 0 : 1;
}

void Session::BuildSteps()
{
    using Status = ImContactTest::PanelDriver::Status;
    ImContact::Context* ctx = contact_;
    ImContactTest::PanelDriver& d = driver_;

    if (const char* v = std::getenv("IMCONTACT_MATRIX_VIEWPORTS"); v && *v == '1')
        d.AddCheck("the host runs with docking and multi-viewports", [&d]() {
#ifdef IMGUI_HAS_VIEWPORT
            const ImGuiConfigFlags want = ImGuiConfigFlags_DockingEnable | ImGuiConfigFlags_ViewportsEnable;
            if ((ImGui::GetIO().ConfigFlags & want) == want) return true;
            d.Fail("io.ConfigFlags lacks DockingEnable | ViewportsEnable");
#else
            d.Fail("this Dear ImGui has no multi-viewports (IMGUI_HAS_VIEWPORT)");
#endif
            return false;
        });
    d.AddWait("first frames rendered", 10.0, [this]() { return frames_ >= 5; });
    d.AddKey("press F8", IMCONTACT_DEFAULT_HOTKEY);
    d.AddWait("panel opens", 10.0, [ctx]() {
        ImVec2 a, b;
        return ImContact::IsOpen(ctx) && ImContact::GetItemRect(ctx, ImContact::ItemKey::Window, &a, &b) && ImContact::GetItemRect(ctx, ImContact::ItemKey::Send, &a, &b);
    });
    d.AddReveal("panel shows the screenshot", ImContact::ItemKey::Thumbnail);
    d.AddWait("the thumbnail is drawn from a GL texture of the framebuffer's shape", 5.0,
              [this]() { return thumbWidth_ > 0; });
    d.AddClick("open the Tyyppi list", ImContact::ItemKey::Type, +1);
    d.AddClick("choose Toimintahäiriö", ImContact::ItemKeyIndexed(ImContact::ItemKey::Type, 1));
    d.AddClick("choose Normaalia nopeammin", ImContact::ItemKeyIndexed(ImContact::ItemKey::Speed, 1));
    d.AddClick("focus the message field", ImContact::ItemKey::Message);
    d.AddType("type the message", kFirstLine + TypedLine());
    d.AddClick("press Lähetä yhteydenotto", ImContact::ItemKey::Send);
    d.Add("send starts", 5.0, [ctx, &d]() {
        ImVec2 a, b;
        if (ImContact::IsSending(ctx) || ImContact::LastTicketNumber(ctx)[0] || ImContact::GetItemRect(ctx, ImContact::ItemKey::Failure, &a, &b))
            return Status::Done;
        if (ImContact::GetItemRect(ctx, ImContact::ItemKey::WhyDisabled, &a, &b)) return d.Fail("the send button is disabled: the form is invalid");
        return Status::Running;
    });
    d.Add("ticket number received", 30.0, [this, ctx, &d]() {
        ImVec2 a, b;
        if (ImContact::LastTicketNumber(ctx)[0])
        {
            ticket_ = ImContact::LastTicketNumber(ctx);
            return ImContact::GetItemRect(ctx, ImContact::ItemKey::Ticket, &a, &b) ? Status::Done : Status::Running;
        }
        if (!ImContact::IsSending(ctx) && ImContact::GetItemRect(ctx, ImContact::ItemKey::Failure, &a, &b))
            return d.Fail("the panel shows a send failure");
        return Status::Running;
    });
}

} // namespace MatrixHost
