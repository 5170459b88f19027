// State of the demo host application shared by its UI, the scene and the scripted session.
#pragma once

#include "scene.h"

#include "imgui.h"

#include <string>

namespace ImContact { struct Context; }

namespace Demo
{

// The "applications" (views) of the tool; their names are the panel's "Sovellus" choices (R6).
enum View : int { ViewModelEditor = 0, ViewVisualiser, ViewReports, ViewCount };
const char* ViewName(int view);            // "Mallieditori", "Visualisointi", "Raportit"
const char* ViewDescription(int view, bool english);

struct ScreenRect
{
    ImVec2 Min, Max;
    int    Frame = -1;   // ImGui frame it was drawn in
};

struct AppState
{
    ImContact::Context* Contact = nullptr;
    bool English = false;            // host UI language (the panel follows it)
    int  View = ViewModelEditor;
    int  RequestedView = -1;         // from the View menu: selects the tab on the next frame
    SceneParams Scene;

    // Logged-in user (R4, R5), edited in "Omat tiedot".
    std::string Organisation = "Esimerkki Oy";
    std::string Email = "maija.meikalainen@example.fi";
    std::string UserName = "Maija Meikäläinen";
    bool ShowOwnDetails = false;
    struct DetailsDraft                 // what "Omat tiedot" edits until saved
    {
        char Name[128] = "", Organisation[201] = "", Email[255] = "";
        bool Loaded = false;
    } OwnDetailsDraft;
    bool ShowAbout = false;
    bool ShowSidePanel = true;
    bool WantQuit = false;

    std::string ReceiverUrl;         // shown in the status bar
    bool ReceiverEmbedded = false;
    std::string Notice;              // last host action, shown in the status bar
    double NoticeUntil = 0.0;

    // For the scripted session
    ScreenRect ViewTabs[ViewCount];
    ScreenRect OwnDetailsCancel;
    // The Raportit table's customer and amount cells (all invoice rows): what the scripted
    // session hides and pixelates in the screenshot, wherever the layout put them.
    ScreenRect CustomerCells, AmountCells;
};

// Host UI text in the current language.
inline const char* Tx(const AppState& s, const char* fi, const char* en) { return s.English ? en : fi; }

} // namespace Demo
