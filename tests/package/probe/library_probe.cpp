// Compiled as part of the panel's target (target_sources in the test projects, or on the
// plain-files command line next to the panel's sources): the panel's view of the imconfig.
#include "imconfig_probe.h"

bool ImContactPackageTest::LibrarySawHostImconfig()
{
    return HostImconfigSeenHere();
}
