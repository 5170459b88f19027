#include "window_png.h"

#include "gl.h"

#include "stb_image_write.h"   // the implementation is compiled into Debian's libstb

#include <cstring>
#include <vector>

namespace Demo
{

bool SaveWindowPng(const std::string& path, int w, int h, std::string* error)
{
    if (w <= 0 || h <= 0)
    {
        *error = "empty framebuffer";
        return false;
    }
    while (glGetError() != GL_NO_ERROR) {}   // errors of earlier calls are not ours
    std::vector<unsigned char> rows(static_cast<size_t>(w) * static_cast<size_t>(h) * 3u);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    glReadBuffer(GL_BACK);
    glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, rows.data());
    if (glGetError() != GL_NO_ERROR)
    {
        *error = "glReadPixels failed";
        return false;
    }
    // GL's rows go bottom-up; PNG's top-down.
    const size_t stride = static_cast<size_t>(w) * 3u;
    std::vector<unsigned char> line(stride);
    for (int y = 0; y < h / 2; y++)
    {
        unsigned char* a = rows.data() + static_cast<size_t>(y) * stride;
        unsigned char* b = rows.data() + static_cast<size_t>(h - 1 - y) * stride;
        std::memcpy(line.data(), a, stride);
        std::memcpy(a, b, stride);
        std::memcpy(b, line.data(), stride);
    }
    if (!stbi_write_png(path.c_str(), w, h, 3, rows.data(), static_cast<int>(stride)))
    {
        *error = "cannot write " + path;
        return false;
    }
    return true;
}

} // namespace Demo
