// Compiled as part of the panel's target (target_sources in the test projects, or in the
// plain-files command line next to the panel's sources): the panel's view of ImGui.
#include "layout_probe.h"

ImContactPackageTest::Layout ImContactPackageTest::LibraryLayout()
{
    return LayoutInThisUnit();
}
