//-----------------------------------------------------------------------------
// imcontact compile-time options.
// Edit this file, or #define IMCONTACT_USER_CONFIG "my_imcontact_config.h" in your
// build so that imcontact.h includes your own file instead of this one.
// Every option is off unless uncommented; the run-time ImContact::Config covers
// most needs.
//-----------------------------------------------------------------------------
#pragma once

//---- Default receiver URL used when Config::Endpoint is empty.
//#define IMCONTACT_DEFAULT_ENDPOINT "https://support.example.com"

//---- Default bound (milliseconds) of DestroyContext() while a send is in flight.
//#define IMCONTACT_DEFAULT_SHUTDOWN_TIMEOUT_MS 2000

//---- Leave out the hotkey handling entirely (the host opens the panel itself).
//#define IMCONTACT_DISABLE_HOTKEY
