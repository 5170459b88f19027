// imcontact: the library's version, in one place.
//
// CMake reads the project version from this file (CMakeLists.txt), the package config
// and pkg-config file carry it, and the submitter's default user agent is built from it.
// Compare with IMCONTACT_VERSION_NUM in code: major * 10000 + minor * 100 + patch.
#pragma once

#define IMCONTACT_VERSION       "0.2.0"
#define IMCONTACT_VERSION_NUM   200
#define IMCONTACT_USER_AGENT    "imcontact/" IMCONTACT_VERSION
