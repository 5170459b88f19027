// matrix_check_screenshot FILE.png WIDTH HEIGHT
// Checks a screenshot exported from the receiver (imcontact-receiver export-screenshot):
// it decodes, it is WIDTH x HEIGHT (the host's framebuffer: the main viewport), it is
// not blank (many colours), and it shows the host's frame: at least a tenth of it is the
// clear colour of ImGui's examples, ImVec4(0.45f, 0.55f, 0.60f, 1.00f).
// Exit 0 when it passes, 1 with a sentence on stderr otherwise, 2 on bad usage.
#include "imcontact/internal/png_codec.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>

int main(int argc, char** argv)
{
    if (argc != 4)
    {
        std::fprintf(stderr, "usage: matrix_check_screenshot FILE.png WIDTH HEIGHT\n");
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ImContact::RgbaImage img;
    std::string why;
    if (!ImContact::DecodeImage(bytes, 64ull << 20, &img, &why))
    {
        std::fprintf(stderr, "screenshot %s: %s\n", argv[1], why.c_str());
        return 1;
    }
    const int w = std::atoi(argv[2]), h = std::atoi(argv[3]);
    if (img.Width != w || img.Height != h)
    {
        std::fprintf(stderr, "screenshot is %dx%d, the host's framebuffer %dx%d\n", img.Width, img.Height, w, h);
        return 1;
    }
    // Clear colour as the example writes it (0.45, 0.55, 0.60) in 8 bits, +-2 for rounding.
    const int clear[3] = { 115, 140, 153 };
    std::set<uint32_t> colours;
    size_t clear_pixels = 0;
    const size_t n = static_cast<size_t>(w) * static_cast<size_t>(h);
    for (size_t i = 0; i < n; i++)
    {
        const uint8_t* p = &img.Pixels[i * 4];
        if (colours.size() < 1000) colours.insert(uint32_t(p[0]) << 16 | uint32_t(p[1]) << 8 | p[2]);
        if (std::abs(p[0] - clear[0]) <= 2 && std::abs(p[1] - clear[1]) <= 2 && std::abs(p[2] - clear[2]) <= 2) clear_pixels++;
    }
    if (colours.size() < 16)
    {
        std::fprintf(stderr, "screenshot is blank: %zu colours\n", colours.size());
        return 1;
    }
    if (clear_pixels * 10 < n)
    {
        std::fprintf(stderr, "screenshot is not the host's frame: %zu of %zu pixels have its clear colour\n", clear_pixels, n);
        return 1;
    }
    std::printf("%dx%d, %s%zu colours, %.0f %% clear colour\n", w, h, colours.size() >= 1000 ? ">=" : "", colours.size(),
                100.0 * double(clear_pixels) / double(n));
    return 0;
}
