// The compatibility matrix's scripted session, for ImGui's own example programs
// (tests/matrix/example_*.patch adds the README's embedding lines and these calls).
//
// Usage (render thread):
//   MatrixHost::Session session(contact, loader);     // after ImContact::CreateContext()
//   each frame: session.BeforeNewFrame();             // after the backends' NewFrame, before ImGui::NewFrame()
//               session.FrameRendered(fb_w, fb_h);    // after ImContact::FrameRendered(), before the swap
//               leave the main loop when session.Finished()
//   return session.ExitCode();                        // after ImContact::DestroyContext()
//
// The session presses F8, waits for the screenshot's thumbnail, checks that the drawn
// thumbnail is a GL texture the size of the host's framebuffer shrunk by an integer
// factor, fills in the form and sends it to the receiver at $IMCONTACT_MATRIX_ENDPOINT.
// It writes what the script then checks against the receiver's database to
// $IMCONTACT_MATRIX_RESULT: "ticket=...", "framebuffer=WxH", "thumbnail=WxH", "imgui=...".
// $IMCONTACT_MATRIX_VIEWPORTS=1: the host must run with docking and multi-viewports.
#pragma once

#include "imcontact/imcontact.h"
#include "support/panel_driver.h"

#include <string>

namespace MatrixHost
{

// From the environment the matrix script sets; abort with a message when missing.
std::string Endpoint();   // $IMCONTACT_MATRIX_ENDPOINT
std::string DataDir();    // $IMCONTACT_MATRIX_DATA_DIR

class Session
{
public:
    // 'contact' is borrowed (destroy it after the main loop, before ExitCode()); 'loader'
    // is the host's GL loader, used to inspect the textures the frame was drawn with.
    Session(ImContact::Context* contact, ImContact::GLLoaderFunc loader);

    void BeforeNewFrame() { driver_.BeforeNewFrame(); }
    void FrameRendered(int framebuffer_width, int framebuffer_height);
    bool Finished() const { return driver_.Finished() || frames_ > kMaxFrames; }
    int  ExitCode() const;   // 0: every step passed and the result file was written

private:
    static const int kMaxFrames = 20000;   // a host that never finishes still exits
    void BuildSteps();
    bool FindThumbnailTexture(int* w, int* h) const;

    ImContact::Context* contact_;
    ImContact::GLLoaderFunc loader_;
    ImContactTest::PanelDriver driver_;
    int frames_ = 0;
    int fbWidth_ = 0, fbHeight_ = 0;
    int thumbWidth_ = 0, thumbHeight_ = 0;   // of the last frame's drawn thumbnail, 0 if none
    std::string thumbSeen_;                  // "WxH" of the thumbnail texture once it was drawn
    std::string ticket_;
    bool resultWritten_ = false;
};

} // namespace MatrixHost

// The host imconfig's IM_ASSERT handler (matrix_imconfig.h): prints and aborts.
void MatrixHostAssertFailed(const char* expr, const char* file, int line);
