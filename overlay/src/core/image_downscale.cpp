// imcontact: box-filtered downscaling. See image_downscale.h.
#include "imcontact/internal/image_downscale.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace ImContact
{

int DownscaleFactor(int width, int height, int max_side)
{
    if (width <= 0 || height <= 0 || max_side <= 0)
        return 1;
    const int longer = width > height ? width : height;
    return (longer + max_side - 1) / max_side;   // ceil(longer / f) <= max_side  <=>  f >= longer / max_side
}

RgbaImage DownscaleBox(const RgbaImage& src, int factor)
{
    if (factor <= 1 || src.Empty())
        return src;
    RgbaImage out;
    out.Width = (src.Width + factor - 1) / factor;
    out.Height = (src.Height + factor - 1) / factor;
    out.Pixels.resize(static_cast<size_t>(out.Width) * static_cast<size_t>(out.Height) * 4);

    // One output row at a time: first add up the block's source rows byte by byte (a
    // straight, vectorisable loop), then each block's columns, then divide by how many
    // pixels the block really covered (fewer at the right and bottom edges).
    const size_t src_row_bytes = static_cast<size_t>(src.Width) * 4;
    // Dividing every channel of every block costs more than all the adding: for whole
    // blocks (all but the edges) the rounded mean of each possible sum is looked up.
    const size_t block = static_cast<size_t>(factor) * static_cast<size_t>(factor);
    std::vector<uint8_t> mean_of_full_block;
    if (block <= 4096)
    {
        mean_of_full_block.resize(block * 255 + 1);
        for (size_t sum = 0; sum < mean_of_full_block.size(); sum++)
            mean_of_full_block[sum] = static_cast<uint8_t>((sum + block / 2) / block);
    }
    std::vector<uint32_t> column_sums(src_row_bytes);   // at most 'factor' rows of 255: no overflow below factor 2^24
    for (int oy = 0; oy < out.Height; oy++)
    {
        const int y0 = oy * factor;
        const int rows = (y0 + factor <= src.Height) ? factor : src.Height - y0;
        std::fill(column_sums.begin(), column_sums.end(), 0u);
        for (int y = y0; y < y0 + rows; y++)
        {
            const uint8_t* row = src.Pixels.data() + static_cast<size_t>(y) * src_row_bytes;
            uint32_t* acc = column_sums.data();
            for (size_t i = 0; i < src_row_bytes; i++)
                acc[i] += row[i];
        }
        const bool full_rows = rows == factor;
        uint8_t* dst = out.Pixels.data() + static_cast<size_t>(oy) * static_cast<size_t>(out.Width) * 4;
        const uint32_t* acc = column_sums.data();
        for (int ox = 0; ox < out.Width; ox++)
        {
            const int cols = (ox * factor + factor <= src.Width) ? factor : src.Width - ox * factor;
            uint64_t sum[4] = { 0, 0, 0, 0 };
            for (int k = 0; k < cols; k++, acc += 4)
                for (int c = 0; c < 4; c++)
                    sum[c] += acc[c];
            if (full_rows && cols == factor && !mean_of_full_block.empty())
            {
                for (int c = 0; c < 4; c++)
                    dst[ox * 4 + c] = mean_of_full_block[static_cast<size_t>(sum[c])];
                continue;
            }
            const uint64_t n = static_cast<uint64_t>(cols) * static_cast<uint64_t>(rows);
            for (int c = 0; c < 4; c++)
                dst[ox * 4 + c] = static_cast<uint8_t>((sum[c] + n / 2) / n);
        }
    }
    return out;
}

} // namespace ImContact
