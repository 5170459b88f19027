// Command line of imcontact-demo.
#pragma once

#include <string>

namespace Demo
{

// Process exit codes (also listed by --help).
enum ExitCode : int
{
    ExitOk = 0,            // normal exit; --headless: every step passed
    ExitStepFailed = 1,    // --headless: a step of the scripted session failed
    ExitUsage = 2,         // bad command line
    ExitStartup = 3,       // window, OpenGL, shaders, data directory or the embedded receiver failed
};

struct Options
{
    bool        Headless = false;
    bool        Help = false;
    std::string Endpoint;        // empty: start the embedded receiver
    std::string DataDir;         // empty: $XDG_DATA_HOME/imcontact or ~/.local/share/imcontact
    std::string Language = "fi";
    int         Width = 1440, Height = 900;
    std::string ShaderDir;       // empty: IMCONTACT_DEMO_SHADER_DIR (the source tree)
    std::string ScreenshotOut;   // --headless: PNG of the window with the filled-in panel
};

// Parses argv. False with a message in *error on bad input.
bool ParseOptions(int argc, char** argv, Options* out, std::string* error);
void PrintHelp(const char* argv0);

} // namespace Demo
