// The demo's OpenGL declarations. The demo is the host program: it links libOpenGL
// (GLVND) and calls the core 3.3 entry points directly. The imcontact library gets
// its GL functions through Config::GLGetProcAddress instead (see main.cpp).
#pragma once

#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/glcorearb.h>
