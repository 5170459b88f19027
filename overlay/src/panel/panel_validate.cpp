// The form as the panel will send it, and everything wrong with it: the core's rules
// (ValidateForm, the same on the receiver) plus what only the panel can know, because it
// depends on the host's Dear ImGui build.
#include "imcontact_internal.h"

#include <cstring>

namespace ImContact
{

Form FormToSend(const Context* ctx)
{
    Form f = ctx->Draft;
    f.Organisation = ctx->Organisation;
    f.Email = ctx->Email;
    if (!TypeRequiresPhone(f.Type)) f.Phone.clear();
    return f;
}

size_t ReplacedAsTyped(const std::string& typed)
{
    if (sizeof(ImWchar) >= 4) return 0;   // IMGUI_USE_WCHAR32: every code point arrives as typed
    static const char kReplacement[] = "\xEF\xBF\xBD";   // U+FFFD, what ImGui puts in place of a character above U+FFFF
    size_t n = 0;
    for (size_t at = typed.find(kReplacement); at != std::string::npos; at = typed.find(kReplacement, at + 3)) n++;
    return n;
}

std::vector<FieldError> ValidateDraft(const Context* ctx)
{
    const Form f = FormToSend(ctx);
    std::vector<FieldError> errors = ValidateForm(f, ctx->Cfg.Limits);
    // Only what the user typed into the panel's own text fields (organisation, email and
    // the applications come from the host as UTF-8 and never pass through ImWchar).
    const std::pair<Field, const std::string*> typed[] = {
        { Field::Reference, &f.Reference }, { Field::Phone, &f.Phone }, { Field::Message, &f.Message },
    };
    for (const auto& t : typed)
        if (const size_t n = ReplacedAsTyped(*t.second)) errors.push_back({ t.first, ErrorCode::UnsupportedCharacter, n });
    return errors;
}

} // namespace ImContact
