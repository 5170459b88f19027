// Short key taps at low frame rates on Dear ImGui 1.86 (issue 8, point 14).
//
// 1.86's GLFW backend writes io.KeysDown[] from its key callback, so a key pressed and
// released between two frames (a 30 ms tap at 10 FPS) is never down when NewFrame() looks:
// the tap is lost. Dear ImGui 1.87+ queues the backend's key events and hands them over one
// per frame, so nothing is lost there and these functions do nothing. On 1.86 the demo's own
// key callback, in front of the backend's, holds such a release until the frame that saw
// the press is done. Typed characters (io.AddInputCharacter) queue on every version.
// Main thread (GLFW's callbacks and the frame loop).
#pragma once

struct GLFWwindow;

// After ImGui_ImplGlfw_InitForOpenGL(window, true): puts the demo's key callback in front of
// the backend's (which it calls).
void InstallKeyTapKeeper(GLFWwindow* window);

// Every frame before glfwPollEvents() (the last frame's widgets are done, the next
// NewFrame() is still to come): the releases held back go to the backend, so the next
// NewFrame() sees the key up, while the frame that saw the press saw its modifiers too.
void ReleaseHeldKeyTaps();
