#include "chrome.h"

#include "imcontact/imcontact.h"

#include <cstdio>
#include <cstring>

namespace Demo
{

// Right edge of the current window's content region, window-local: what
// GetWindowContentRegionMax().x returned before Dear ImGui 1.91.0 obsoleted it.
static float ContentRegionRight()
{
    return ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x - ImGui::GetWindowPos().x;
}

void ShowNotice(AppState& app, const std::string& text)
{
    app.Notice = text;
    app.NoticeUntil = ImGui::GetTime() + 4.0;
}

void OpenOwnDetails(void* app_state)
{
    static_cast<AppState*>(app_state)->ShowOwnDetails = true;
}

static void FileMenu(AppState& app)
{
    if (!ImGui::BeginMenu(Tx(app, "Tiedosto", "File"))) return;
    if (ImGui::MenuItem(Tx(app, "Uusi malli", "New model"))) ShowNotice(app, Tx(app, "Uusi malli luotu", "New model created"));
    if (ImGui::MenuItem(Tx(app, "Avaa…", "Open…"))) ShowNotice(app, Tx(app, "Avaaminen ei ole käytössä demossa", "Opening is not available in the demo"));
    if (ImGui::MenuItem(Tx(app, "Tallenna", "Save"))) ShowNotice(app, Tx(app, "Malli tallennettu", "Model saved"));
    ImGui::Separator();
    if (ImGui::MenuItem(Tx(app, "Lopeta", "Quit"))) app.WantQuit = true;
    ImGui::EndMenu();
}

static void ViewMenu(AppState& app)
{
    if (!ImGui::BeginMenu(Tx(app, "Näkymä", "View"))) return;
    for (int v = 0; v < ViewCount; v++)
    {
        char shortcut[8];
        std::snprintf(shortcut, sizeof(shortcut), "Ctrl+%d", v + 1);
        if (ImGui::MenuItem(ViewName(v), shortcut, app.View == v)) app.RequestedView = v;
    }
    ImGui::Separator();
    ImGui::MenuItem(Tx(app, "Sivupaneeli", "Side panel"), nullptr, &app.ShowSidePanel);
    ImGui::MenuItem(Tx(app, "Ruudukko", "Grid"), nullptr, &app.Scene.ShowGrid);
    if (ImGui::BeginMenu(Tx(app, "Kieli", "Language")))
    {
        // The panel follows the host's language; it also has its own fi/en switch.
        if (ImGui::MenuItem("Suomi", nullptr, !app.English))
        {
            app.English = false;
            ImContact::SetLanguage(app.Contact, ImContact::Language::Finnish);
        }
        if (ImGui::MenuItem("English", nullptr, app.English))
        {
            app.English = true;
            ImContact::SetLanguage(app.Contact, ImContact::Language::English);
        }
        ImGui::EndMenu();
    }
    ImGui::EndMenu();
}

static void HelpMenu(AppState& app)
{
    if (!ImGui::BeginMenu(Tx(app, "Ohje", "Help"))) return;
    ImContact::MenuItemContact(app.Contact);   // "✉ Yhteydenotto", F8 (R1)
    if (ImGui::MenuItem(Tx(app, "Omat tiedot…", "My details…"))) app.ShowOwnDetails = true;
    ImGui::Separator();
    if (ImGui::MenuItem(Tx(app, "Tietoja", "About"))) app.ShowAbout = true;
    ImGui::EndMenu();
}

void DrawMainMenuBar(AppState& app)
{
    if (!ImGui::BeginMainMenuBar()) return;
    FileMenu(app);
    ViewMenu(app);
    HelpMenu(app);
    // The envelope at the right end of the menu bar, with the user's name before it.
    const float envelope_w = ImGui::GetFrameHeight() * 1.25f;
    const float name_w = ImGui::CalcTextSize(app.UserName.c_str()).x;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float right = ContentRegionRight();
    const float x = right - envelope_w - name_w - spacing * 2.0f;
    if (x > ImGui::GetCursorPosX())
    {
        ImGui::SetCursorPosX(x);
        ImGui::TextDisabled("%s", app.UserName.c_str());
    }
    ImGui::SetCursorPosX(right - envelope_w);
    ImContact::MenuContactButton(app.Contact);
    ImGui::EndMainMenuBar();
}

float StatusBarHeight() { return ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y; }

void DrawStatusBar(AppState& app)
{
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float h = StatusBarHeight();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + vp->Size.y - h));
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x, h));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ImGui::GetStyle().WindowPadding.x, ImGui::GetStyle().WindowPadding.y * 0.5f));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    if (ImGui::Begin("##statusbar", nullptr, flags))
    {
        ImGui::AlignTextToFramePadding();
        ImGui::Text("%s  ·  %s", app.Organisation.c_str(), app.Email.c_str());
        ImGui::SameLine(0.0f, 24.0f);
        ImGui::TextDisabled("|");
        ImGui::SameLine(0.0f, 24.0f);
        ImGui::Text("%s: %s", Tx(app, "Näkymä", "View"), ViewName(app.View));
        ImGui::SameLine(0.0f, 24.0f);
        ImGui::TextDisabled("|");
        ImGui::SameLine(0.0f, 24.0f);
        if (ImContact::IsSending(app.Contact)) ImGui::TextUnformatted(Tx(app, "Lähetetään yhteydenottoa…", "Sending contact request…"));
        else if (ImContact::LastTicketNumber(app.Contact)[0])
            ImGui::Text("%s %s", Tx(app, "Viimeisin tiketti:", "Last ticket:"), ImContact::LastTicketNumber(app.Contact));
        else ImGui::TextDisabled("%s", Tx(app, "Yhteydenotto: F8 tai kirjekuori", "Contact: F8 or the envelope"));
        if (!app.Notice.empty() && ImGui::GetTime() < app.NoticeUntil)
        {
            ImGui::SameLine(0.0f, 24.0f);
            ImGui::TextDisabled("|");
            ImGui::SameLine(0.0f, 24.0f);
            ImGui::TextUnformatted(app.Notice.c_str());
        }
        // Right end: receiver and frame rate, as much as fits
        const float used = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + 24.0f;
        char fps[32], right[256];
        std::snprintf(fps, sizeof(fps), "%.0f FPS", static_cast<double>(ImGui::GetIO().Framerate));
        std::snprintf(right, sizeof(right), "%s %s   %s",
                      app.ReceiverEmbedded ? Tx(app, "Vastaanotin:", "Receiver:") : Tx(app, "Palvelin:", "Server:"),
                      app.ReceiverUrl.c_str(), fps);
        const char* text = ImGui::CalcTextSize(right).x + used < ContentRegionRight() ? right : fps;
        const float x = ContentRegionRight() - ImGui::CalcTextSize(text).x;
        if (x > used)
        {
            ImGui::SameLine(x);
            ImGui::TextDisabled("%s", text);
        }
    }
    ImGui::End();
    ImGui::PopStyleVar(2);
}

void DrawOwnDetailsWindow(AppState& app)
{
    AppState::DetailsDraft& d = app.OwnDetailsDraft;
    if (!app.ShowOwnDetails)
    {
        d.Loaded = false;
        return;
    }
    if (!d.Loaded)   // (re)opened: edit a copy of the current details
    {
        std::snprintf(d.Name, sizeof(d.Name), "%s", app.UserName.c_str());
        std::snprintf(d.Organisation, sizeof(d.Organisation), "%s", app.Organisation.c_str());
        std::snprintf(d.Email, sizeof(d.Email), "%s", app.Email.c_str());
        ImGui::SetNextWindowFocus();
        d.Loaded = true;
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.35f),
                            ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 28.0f, 0.0f), ImGuiCond_Appearing);
    char title[64];
    std::snprintf(title, sizeof(title), "%s###own_details", Tx(app, "Omat tiedot", "My details"));
    if (ImGui::Begin(title, &app.ShowOwnDetails, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings))
    {
        ImGui::TextWrapped("%s", Tx(app, "Yhteydenottolomake täyttää organisaation ja sähköpostiosoitteen näistä tiedoista.",
                                    "The contact form fills in the organisation and email address from these details."));
        ImGui::Spacing();
        ImGui::InputText(Tx(app, "Nimi", "Name"), d.Name, sizeof(d.Name));
        ImGui::InputText(Tx(app, "Organisaatio", "Organisation"), d.Organisation, sizeof(d.Organisation));
        ImGui::InputText(Tx(app, "Sähköpostiosoite", "Email address"), d.Email, sizeof(d.Email));
        const bool email_ok = ImContact::IsPlausibleEmail(d.Email);
        const bool org_ok = d.Organisation[0] != '\0';
        if (!email_ok) ImGui::TextColored(ImVec4(0.95f, 0.45f, 0.35f, 1.0f), "%s", Tx(app, "Tarkista sähköpostiosoite.", "Check the email address."));
        if (!org_ok) ImGui::TextColored(ImVec4(0.95f, 0.45f, 0.35f, 1.0f), "%s", Tx(app, "Organisaatio puuttuu.", "The organisation is missing."));
        ImGui::Spacing();
        ImGui::BeginDisabled(!email_ok || !org_ok);
        if (ImGui::Button(Tx(app, "Tallenna", "Save")))
        {
            app.UserName = d.Name;
            app.Organisation = d.Organisation;
            app.Email = d.Email;
            ImContact::SetUser(app.Contact, app.Organisation.c_str(), app.Email.c_str());
            app.ShowOwnDetails = false;
            ShowNotice(app, Tx(app, "Omat tiedot tallennettu", "Details saved"));
        }
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (ImGui::Button(Tx(app, "Peruuta", "Cancel"))) app.ShowOwnDetails = false;
        app.OwnDetailsCancel = { ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), ImGui::GetFrameCount() };
    }
    ImGui::End();
}

void DrawAboutWindow(AppState& app)
{
    if (!app.ShowAbout) return;
    char title[64];
    std::snprintf(title, sizeof(title), "%s###about", Tx(app, "Tietoja", "About"));
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 26.0f, 0.0f), ImGuiCond_Appearing);
    if (ImGui::Begin(title, &app.ShowAbout, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings))
    {
        ImGui::Text("imcontact-demo %s", IMCONTACT_DEMO_VERSION);
        ImGui::TextWrapped("%s", Tx(app, "Esimerkkisovellus, joka näyttää imcontact-yhteydenottopaneelin käytön Dear ImGui- ja OpenGL-ohjelmassa.",
                                    "An example tool that shows the imcontact contact panel in a Dear ImGui + OpenGL program."));
        ImGui::Separator();
        ImGui::Text("Dear ImGui %s", IMGUI_VERSION);
        ImGui::TextDisabled("%s %s", app.ReceiverEmbedded ? Tx(app, "Sisäänrakennettu vastaanotin:", "Embedded receiver:")
                                                          : Tx(app, "Palvelin:", "Server:"),
                            app.ReceiverUrl.c_str());
    }
    ImGui::End();
}

} // namespace Demo
