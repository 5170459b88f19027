#include "options.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace Demo
{

static bool ParseSize(const std::string& s, int* w, int* h)
{
    int a = 0, b = 0;
    char extra = 0;
    if (std::sscanf(s.c_str(), "%dx%d%c", &a, &b, &extra) != 2) return false;
    if (a < 320 || b < 240 || a > 16384 || b > 16384) return false;
    *w = a;
    *h = b;
    return true;
}

bool ParseOptions(int argc, char** argv, Options* o, std::string* error)
{
    for (int i = 1; i < argc; i++)
    {
        const std::string arg = argv[i];
        auto value = [&](std::string* out) {
            if (i + 1 >= argc || argv[i + 1][0] == '\0')
            {
                *error = arg + " needs a value";
                return false;
            }
            *out = argv[++i];
            return true;
        };
        if (arg == "-h" || arg == "--help") o->Help = true;
        else if (arg == "--headless") o->Headless = true;
        else if (arg == "--endpoint") { if (!value(&o->Endpoint)) return false; }
        else if (arg == "--data-dir") { if (!value(&o->DataDir)) return false; }
        else if (arg == "--shaders") { if (!value(&o->ShaderDir)) return false; }
        else if (arg == "--screenshot-out") { if (!value(&o->ScreenshotOut)) return false; }
        else if (arg == "--lang")
        {
            if (!value(&o->Language)) return false;
            if (o->Language != "fi" && o->Language != "en")
            {
                *error = "--lang must be fi or en";
                return false;
            }
        }
        else if (arg == "--size")
        {
            std::string s;
            if (!value(&s)) return false;
            if (!ParseSize(s, &o->Width, &o->Height))
            {
                *error = "--size must be WIDTHxHEIGHT (at least 320x240), got '" + s + "'";
                return false;
            }
        }
        else
        {
            *error = "unknown argument '" + arg + "' (see --help)";
            return false;
        }
    }
    if (!o->Endpoint.empty() && o->Endpoint.rfind("http://", 0) != 0 && o->Endpoint.rfind("https://", 0) != 0)
    {
        *error = "--endpoint must start with http:// or https://";
        return false;
    }
    if (!o->ScreenshotOut.empty() && !o->Headless)
    {
        *error = "--screenshot-out is only used with --headless";
        return false;
    }
    return true;
}

void PrintHelp(const char* argv0)
{
    std::printf(
        "Usage: %s [options]\n"
        "\n"
        "A GLFW + OpenGL 3.3 engineering tool that hosts the imcontact contact panel.\n"
        "Open the panel with the envelope icon in the menu bar, Help > Contact, or F8.\n"
        "\n"
        "Options:\n"
        "  --endpoint URL        send to the receiver at URL (no embedded receiver)\n"
        "  --data-dir DIR        where \"My requests\" and the embedded receiver's database\n"
        "                        (DIR/receiver.db) live; default $XDG_DATA_HOME/imcontact,\n"
        "                        else ~/.local/share/imcontact\n"
        "  --lang fi|en          user interface language (default fi)\n"
        "  --size WxH            window size in screen coordinates (default 1440x900)\n"
        "  --shaders DIR         GLSL directory (default: shaders/ of the source tree)\n"
        "  --headless            run the scripted session: open the panel with F8, fill it in,\n"
        "                        send, follow the ticket in \"My requests\"; prints\n"
        "                        'ticket: <NUMBER>' on stdout, progress on stderr\n"
        "  --screenshot-out PNG  with --headless: save the window with the filled-in panel\n"
        "                        (and NAME-editor.png, NAME-thumbnail.png: the screenshot\n"
        "                        editor open, the panel with the edited thumbnail)\n"
        "  -h, --help            this text\n"
        "\n"
        "By default an embedded receiver listens on 127.0.0.1 (ephemeral port).\n"
        "\n"
        "Exit codes:\n"
        "  0  normal exit (--headless: every step passed)\n"
        "  1  --headless: a step failed (named on stderr)\n"
        "  2  bad command line\n"
        "  3  start-up failed: window, OpenGL 3.3, shaders, data directory or receiver\n",
        argv0);
}

} // namespace Demo
