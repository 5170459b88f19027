// The tool's three applications ("Mallieditori", "Visualisointi", "Raportit"): the
// view tabs under the menu bar and what each view draws besides the 3D scene.
#pragma once

#include "app_state.h"

namespace Demo
{

// Tabs + the current view's panels. Sets app.View and app.Scene.Kind.
void DrawViews(AppState& app);

} // namespace Demo
