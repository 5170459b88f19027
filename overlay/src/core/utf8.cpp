// UTF-8 and field-format helpers used by validation on both sides of the wire.
#include "imcontact/imcontact_model.h"

namespace ImContact
{

// Length of the UTF-8 sequence starting at s[i], or 0 if it is not a valid one
// (overlong forms, surrogates and code points above U+10FFFF are rejected).
static size_t Utf8SequenceLength(const std::string& s, size_t i)
{
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    unsigned int cp = 0;
    if (c < 0x80) return 1;
    else if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07; }
    else return 0;
    if (i + n > s.size()) return 0;
    for (size_t k = 1; k < n; k++)
    {
        const unsigned char cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000)) return 0;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

bool IsValidUtf8(const std::string& s)
{
    for (size_t i = 0; i < s.size();)
    {
        const size_t n = Utf8SequenceLength(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::string ReplaceInvalidUtf8(const std::string& s, bool* replaced)
{
    std::string out;
    out.reserve(s.size());
    bool any = false;
    for (size_t i = 0; i < s.size();)
    {
        const size_t n = Utf8SequenceLength(s, i);
        if (n == 0)
        {
            out += "\xEF\xBF\xBD";   // U+FFFD for the one byte that does not start a valid sequence
            any = true;
            i += 1;
            continue;
        }
        out.append(s, i, n);
        i += n;
    }
    if (replaced) *replaced = any;
    return out;
}

size_t Utf8Length(const std::string& s)
{
    size_t count = 0;
    for (size_t i = 0; i < s.size(); count++)
    {
        const size_t n = Utf8SequenceLength(s, i);
        i += n ? n : 1;
    }
    return count;
}

bool IsPlausibleEmail(const std::string& s)
{
    const size_t at = s.find('@');
    if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos) return false;
    for (char c : s)
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '<' || c == '>' || c == ',' || c == ';')
            return false;
    const std::string domain = s.substr(at + 1);
    const size_t dot = domain.rfind('.');
    if (dot == std::string::npos || dot == 0 || dot + 3 > domain.size()) return false; // TLD of 2+ chars
    if (domain.find("..") != std::string::npos || domain.front() == '-' || domain.back() == '.') return false;
    return true;
}

bool IsPlausiblePhone(const std::string& s, size_t min_digits)
{
    size_t digits = 0;
    for (size_t i = 0; i < s.size(); i++)
    {
        const char c = s[i];
        if (c >= '0' && c <= '9') digits++;
        else if (c == '+' && i == 0) continue;
        else if (c == ' ' || c == '-' || c == '(' || c == ')') continue;
        else return false;
    }
    return digits >= min_digits && digits <= 15; // E.164 allows at most 15 digits
}

bool HasPngSignature(const uint8_t* data, size_t size)
{
    static const uint8_t sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    if (size < 8 || data == nullptr) return false;
    for (int i = 0; i < 8; i++)
        if (data[i] != sig[i]) return false;
    return true;
}

} // namespace ImContact
