// GLSL programs loaded from the shader directory (shaders/ in the source tree, or --shaders DIR).
#pragma once

#include <string>

namespace Demo
{

// Compiles and links "<dir>/<name>.vert" + "<dir>/<name>.frag". Returns the program
// name, or 0 with a readable message (file, compile or link log) in *error.
unsigned int LoadProgram(const std::string& dir, const std::string& name, std::string* error);

// Reads a whole file; false if it cannot be opened.
bool ReadTextFile(const std::string& path, std::string* out);

} // namespace Demo
