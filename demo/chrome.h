// The host's window chrome: main menu bar (File / View / Help + the envelope icon),
// status bar, "Omat tiedot" (own details) and About windows.
#pragma once

#include "app_state.h"

namespace Demo
{

void DrawMainMenuBar(AppState& app);
void DrawStatusBar(AppState& app);
float StatusBarHeight();
void DrawOwnDetailsWindow(AppState& app);
void DrawAboutWindow(AppState& app);
void ShowNotice(AppState& app, const std::string& text);

// Config::OnChangeDetails: the panel's "change own details" button (R5) opens "Omat tiedot".
void OpenOwnDetails(void* app_state);

} // namespace Demo
