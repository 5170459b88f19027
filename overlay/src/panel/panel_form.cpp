// The form view (R2-R10): type, speed, user details, application, message, reference,
// phone, screenshot and what is sent, the send row and the failure banner.
#include "imcontact_internal.h"
#include "panel_widgets.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace ImContact
{

static const char* FailureText(Context* ctx, const SubmitterEvent& f, char* buf, size_t size)
{
    const Language L = ctx->Lang;
    switch (f.Why)
    {
    case Failure::Unreachable: return Tr(L, Str::FailUnreachable);
    case Failure::Timeout: return Tr(L, Str::FailTimeout);
    case Failure::Cancelled: return Tr(L, Str::FailCancelled);
    case Failure::ServerError: std::snprintf(buf, size, Tr(L, Str::FailServer), f.HttpStatus); return buf;
    case Failure::Invalid:
        if (f.FieldErrors.empty() && f.Error.Field.empty())   // not the form: the set-up (endpoint...)
        {
            std::snprintf(buf, size, Tr(L, Str::FailConfig), f.Detail.c_str());
            return buf;
        }
        // fall through
    case Failure::Rejected:
    {
        std::string reason;
        if (!f.FieldErrors.empty()) reason = ErrorMessage(L, f.FieldErrors.front());
        else
        {
            Field fld;
            ErrorCode code;
            if (FieldFromId(f.Error.Field, &fld) && ErrorCodeFromId(f.Error.Code, &code))
                reason = ErrorMessage(L, { fld, code, f.Error.Limit });
            else
                reason = f.Error.Message.empty() ? f.Detail : f.Error.Message;
        }
        std::snprintf(buf, size, Tr(L, Str::FailRejected), reason.c_str());
        return buf;
    }
    case Failure::Storage: std::snprintf(buf, size, Tr(L, Str::FailStorage), f.Detail.c_str()); return buf;
    case Failure::OutboxFull: return Tr(L, Str::FailOutboxFull);
    case Failure::BadResponse: return Tr(L, Str::FailBadResponse);
    case Failure::NotFound: return Tr(L, Str::LookUpNotFound);
    case Failure::None: break;
    }
    return "";
}

static void FailureBanner(Context* ctx)
{
    if (ctx->LastFailure.Why == Failure::None) return;
    char buf[600];
    ImGui::PushStyleColor(ImGuiCol_Text, ErrorColor());
    ImGui::TextUnformatted(Tr(ctx->Lang, Str::FailTitle));
    ImGui::TextWrapped("%s", FailureText(ctx, ctx->LastFailure, buf, sizeof(buf)));
    ImGui::PopStyleColor();
    ImGui::TextWrapped("%s", Tr(ctx->Lang, Str::FailKept));
    RecordItemRect(ctx, ItemKey::Failure);
    ImGui::Separator();
}

static void ScreenshotSection(Context* ctx)
{
    const Language L = ctx->Lang;
    const float em = ImGui::GetFontSize();
    Label(Tr(L, Str::LabelScreenshot));
    const float section_top = ImGui::GetCursorPosY();
    if (ctx->Shot)
    {
        TabStopBefore(ctx, ItemKey::Attach);
        ImGui::Checkbox(Tr(L, Str::ScreenshotAttach), &ctx->AttachScreenshot);
        RecordItemRect(ctx, ItemKey::Attach);
        TabStop(ctx, ItemKey::Attach);
        {
            // What is sent: the cropped part with the edits drawn over the texture (grey
            // without one); a click opens the full-size editor.
            const std::vector<ImageEdit> edits = EditsToSend(ctx);
            const PixelRect crop = EditCrop(edits, ctx->Shot->Width, ctx->Shot->Height);
            const float w = 16.0f * em;
            const float scale = w / static_cast<float>(crop.Width());
            const float h = scale * static_cast<float>(crop.Height());
            TabStopBefore(ctx, ItemKey::Thumbnail);
#if IMGUI_VERSION_NUM >= 19100
            const ImGuiButtonFlags thumb_flags = ImGuiButtonFlags_EnableNav;   // 1.91 took InvisibleButton out of navigation
#else
            const ImGuiButtonFlags thumb_flags = ImGuiButtonFlags_None;
#endif
            if (ImGui::InvisibleButton("##thumbnail", ImVec2(w, h), thumb_flags)) OpenEditor(ctx);
            RecordItemRect(ctx, ItemKey::Thumbnail);
            TabStop(ctx, ItemKey::Thumbnail);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", Tr(L, Str::ScreenshotOpenHint));
            ImDrawList* dl = ImGui::GetWindowDrawList();
            const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
            DrawEditedImage(ctx, dl, ctx->ShotTexture, a, scale, crop, false);
            if (!ctx->AttachScreenshot) dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_WindowBg, 0.65f));
            dl->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Border));
            ImGui::TextDisabled(Tr(L, Str::ScreenshotSize), crop.Width(), crop.Height());
            const int hidden = HiddenAreaCount(edits, ctx->Shot->Width, ctx->Shot->Height);
            if (hidden > 0)
            {
                ImGui::SameLine();
                ImGui::TextDisabled(Tr(L, Str::ScreenshotHiddenCount), hidden);
                RecordItemRect(ctx, ItemKey::HiddenCount);
            }
            if (!ctx->AutoEdits.empty())
            {
                ImGui::PushTextWrapPos(0.0f);
                ImGui::TextDisabled(Tr(L, Str::ScreenshotAutoHidden), static_cast<int>(ctx->AutoEdits.size()));
                ImGui::PopTextWrapPos();
            }
        }
        ctx->ShotSectionHeight = ImGui::GetCursorPosY() - section_top;
    }
    else if (ctx->Readback.Pending())
    {
        ImGui::TextDisabled("%s", Tr(L, Str::ScreenshotTaking));
        RecordItemRect(ctx, ItemKey::ScreenshotTaking);
        // A retake keeps the place of the screenshot it replaces: a shorter form would clamp
        // (jump) the scroll position while the new one is on its way.
        const float used = ImGui::GetCursorPosY() - section_top;
        if (ctx->ShotSectionHeight > used) ImGui::Dummy(ImVec2(1.0f, ctx->ShotSectionHeight - used));
    }
    else
    {
        ctx->ShotSectionHeight = 0.0f;
        ImGui::TextDisabled("%s", Tr(L, Str::ScreenshotNone));
        if (!ctx->CaptureError.empty())
        {
            ImGui::TextDisabled("%s", Tr(L, Str::ScreenshotFailed));
            RecordItemRect(ctx, ItemKey::ScreenshotFailed);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ctx->CaptureError.c_str());   // technical, English
        }
    }
    if (!(ctx->Cfg.Flags & ImContactFlags_NoScreenshot))
    {
        TabStopBefore(ctx, ItemKey::Retake);
        if (ImGui::Button(Tr(L, Str::ScreenshotRetake))) RequestScreenshot(ctx);
        RecordItemRect(ctx, ItemKey::Retake);
        TabStop(ctx, ItemKey::Retake);
    }
    if (ctx->Shot)
    {
        ImGui::SameLine();
        TabStopBefore(ctx, ItemKey::Remove);
        if (ImGui::Button(Tr(L, Str::ScreenshotRemove))) ClearScreenshot(ctx);
        RecordItemRect(ctx, ItemKey::Remove);
        TabStop(ctx, ItemKey::Remove);
    }
}

// The host's files (Config::Attachments): a checkbox each, ticked by default. Nothing
// here touches the disk: sizes and problems are shown only once the worker reported them.
static void AttachmentsList(Context* ctx)
{
    const Language L = ctx->Lang;
    if (ctx->Cfg.Attachments.empty()) return;
    ctx->AttachInclude.resize(ctx->Cfg.Attachments.size(), true);
    ImGui::Spacing();
    Label(Tr(L, Str::LabelAttachments));
    ImGui::TextDisabled("%s", Tr(L, Str::AttachmentsHint));
    for (size_t i = 0; i < ctx->Cfg.Attachments.size(); ++i)
    {
        const AttachmentSource& src = ctx->Cfg.Attachments[i];
        bool ticked = ctx->AttachInclude[i];
        ImGui::PushID(static_cast<int>(i));
        const std::string key = ItemKeyIndexed(ItemKey::AttachmentCheck, static_cast<int>(i));
        TabStopBefore(ctx, key.c_str());
        if (ImGui::Checkbox(src.Name().c_str(), &ticked)) ctx->AttachInclude[i] = ticked;
        RecordItemRect(ctx, key.c_str());
        TabStop(ctx, key.c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("%s", src.MimeType().c_str());
        ImGui::PopID();
    }
    if (ctx->LastFailure.Why != Failure::None) DrawAttachmentOutcomes(ctx);   // after a failed send: what was done with each
}

static void TechnicalSection(Context* ctx)
{
    const Language L = ctx->Lang;
    const bool tech = !(ctx->Cfg.Flags & ImContactFlags_NoTechnicalInfo);
    if (!tech && ctx->Cfg.Attachments.empty()) return;
    TabStopBefore(ctx, ItemKey::WhatIsSent);
    const bool open = ImGui::CollapsingHeader(Tr(L, Str::WhatIsSent));
    RecordItemRect(ctx, ItemKey::WhatIsSent);   // also while closed: it is what opens it
    TabStop(ctx, ItemKey::WhatIsSent);
    if (!open) return;
    if (!tech) return AttachmentsList(ctx);
    const TechnicalDetails t = CollectTechnical(ctx);
    char fb[48];
    std::snprintf(fb, sizeof(fb), "%d × %d", t.FramebufferWidth, t.FramebufferHeight);
    char shot[96];
    std::snprintf(shot, sizeof(shot), "%s", Tr(L, Str::TechScreenshotNone));
    if (ctx->Shot && ctx->AttachScreenshot)
    {
        const std::vector<ImageEdit> edits = EditsToSend(ctx);
        const PixelRect crop = EditCrop(edits, ctx->Shot->Width, ctx->Shot->Height);
        std::snprintf(shot, sizeof(shot), Tr(L, Str::TechScreenshotValue), crop.Width(), crop.Height(),
                      HiddenAreaCount(edits, ctx->Shot->Width, ctx->Shot->Height));
    }
    const std::pair<Str, std::string> rows[] = {
        { Str::TechScreenshot, shot },
        { Str::TechAppName, t.AppName }, { Str::TechAppVersion, t.AppVersion }, { Str::TechOs, t.Os },
        { Str::TechGlVendor, t.GlVendor }, { Str::TechGlRenderer, t.GlRenderer }, { Str::TechGlVersion, t.GlVersion },
        { Str::TechFramebuffer, fb }, { Str::TechLocale, t.Locale }, { Str::TechTime, t.TimeUtc },
    };
    if (ImGui::BeginTable("##tech", 2, ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_RowBg))
    {
        for (const auto& r : rows)
        {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(Tr(L, r.first));
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", r.second.empty() ? "-" : r.second.c_str());
        }
        ImGui::EndTable();
    }
    AttachmentsList(ctx);
}

// The bar under the message box: drag it to make the box taller or shorter (never under
// 'min_h'); a double-click gives the box back its default, the rest of the form's height.
static void MessageGrip(Context* ctx, float box_h, float min_h)
{
    const float em = ImGui::GetFontSize();
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const float w = std::max(ImGui::GetContentRegionAvail().x, 1.0f);
    const float h = std::max(4.0f, em * 0.5f);
    // a mouse handle, not a Tab stop (the box fills the form without it)
#if IMGUI_VERSION_NUM >= 19100
    ImGui::PushItemFlag(ImGuiItemFlags_NoTabStop, true);
#elif IMGUI_VERSION_NUM >= 18940
    ImGui::PushTabStop(false);
#else
    ImGui::PushAllowKeyboardFocus(false);
#endif
    ImGui::InvisibleButton("##message_grip", ImVec2(w, h));
#if IMGUI_VERSION_NUM >= 19100
    ImGui::PopItemFlag();
#elif IMGUI_VERSION_NUM >= 18940
    ImGui::PopTabStop();
#else
    ImGui::PopAllowKeyboardFocus();
#endif
    RecordItemRect(ctx, ItemKey::MessageGrip);
    const bool hot = ImGui::IsItemHovered() || ImGui::IsItemActive();
    if (hot) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeNS);
    if (ImGui::IsItemActive() && ImGui::GetIO().MouseDelta.y != 0.0f)
        ctx->MessageHeight = std::max(box_h + ImGui::GetIO().MouseDelta.y, min_h);
    if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(0)) ctx->MessageHeight = 0.0f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 col = ImGui::GetColorU32(hot ? ImGuiCol_SeparatorHovered : ImGuiCol_Separator);
    const float cx = a.x + w * 0.5f, cy = a.y + h * 0.5f;
    dl->AddLine(ImVec2(cx - em, cy - 1.0f), ImVec2(cx + em, cy - 1.0f), col);
    dl->AddLine(ImVec2(cx - em, cy + 1.0f), ImVec2(cx + em, cy + 1.0f), col);
}

// The form's fields in reading order, with the control that takes the focus when the field
// is wrong (none: the host's read-only values).
static const struct { Field Which; const char* Key; } FormFields[] = {
    { Field::Type, ItemKey::Type }, { Field::Speed, nullptr }, { Field::Organisation, nullptr }, { Field::Email, nullptr },
    { Field::Application, ItemKey::Application }, { Field::SubApplication, ItemKey::SubApplication },
    { Field::Reference, ItemKey::Reference }, { Field::Phone, ItemKey::Phone }, { Field::Message, ItemKey::Message },
};

// Send pressed (the button, Enter on it, Ctrl+Enter in the message): a valid form goes to the
// worker; otherwise every error is shown on its field and the first fixable field takes the focus.
static void TrySend(Context* ctx, const std::vector<FieldError>& errors)
{
    if (errors.empty()) return StartSend(ctx);
    ctx->ShowErrors = true;
    for (const auto& f : FormFields)
        if (f.Key && std::any_of(errors.begin(), errors.end(), [&](const FieldError& e) { return e.Which == f.Which; }))
            return RequestFocus(ctx, f.Key);
}

static void SendRow(Context* ctx, const std::vector<FieldError>& errors)
{
    const Language L = ctx->Lang;
    const bool sending = ctx->SendJob != 0;
    const bool capturing = ctx->Readback.Pending();   // a frame or two: the GPU is copying the screenshot
    if (sending)
    {
        const SendProgress p = ctx->Worker->Progress();
        const float frac = (p.Job == ctx->SendJob && p.Total > 0) ? static_cast<float>(p.Sent) / static_cast<float>(p.Total) : 0.0f;
        char overlay[64];
        std::snprintf(overlay, sizeof(overlay), Tr(L, Str::Sending), static_cast<int>(frac * 100.0f + 0.5f));
        ImGui::ProgressBar(frac, ImVec2(-1.0f, 0.0f), overlay);
        RecordItemRect(ctx, ItemKey::Progress);
    }
    // Enabled with an invalid form too, as in a mail client: pressing it shows what to fix.
    ImGui::BeginDisabled(sending || capturing);
    TabStopBefore(ctx, ItemKey::Send);
    const bool pressed = ImGui::Button(Tr(L, Str::SendButton), ImVec2(ImGui::GetFontSize() * 12.0f, 0.0f));
    RecordItemRect(ctx, ItemKey::Send);
    TabStop(ctx, ItemKey::Send);
    ImGui::EndDisabled();
    if (pressed) TrySend(ctx, errors);
    bool marked = false;   // a field shows an error: the hint says so
    for (const FieldError& e : errors) marked = marked || FieldMarked(ctx, errors, e.Which);
    ImGui::SameLine();
    if (sending)
    {
        TabStopBefore(ctx, ItemKey::Cancel);
        if (ImGui::Button(Tr(L, Str::Cancel))) ctx->Worker->Cancel(ctx->SendJob);
        RecordItemRect(ctx, ItemKey::Cancel);
        TabStop(ctx, ItemKey::Cancel);
        ImGui::SameLine();
        ImGui::TextDisabled("%s", Tr(L, Str::WhyDisabledSending));
    }
    else if (marked)
    {
        ImGui::PushStyleColor(ImGuiCol_Text, ErrorColor());
        ImGui::TextUnformatted(Tr(L, Str::WhyDisabledInvalid));
        ImGui::PopStyleColor();
        RecordItemRect(ctx, ItemKey::WhyDisabled);
    }
    else if (capturing)
    {
        ImGui::TextDisabled("%s", Tr(L, Str::WhyDisabledScreenshot));
        RecordItemRect(ctx, ItemKey::WhyDisabled);
    }
}

// One labelled text field of the form: label column, the field, its rect for automation,
// and its validation messages underneath. An editable field is a tab stop and outlined
// while it shows an error; a read-only one (the host's values) looks read-only and is no stop.
static void TextFieldRow(Context* ctx, const std::vector<FieldError>& errors, float label_w, Str label, Field field,
                         const char* key, std::string* value, ImGuiInputTextFlags flags = 0, const char* hint = nullptr)
{
    const bool read_only = (flags & ImGuiInputTextFlags_ReadOnly) != 0;
    Label(Tr(ctx->Lang, label));
    ImGui::SameLine(label_w);
    char id[48];
    std::snprintf(id, sizeof(id), "##%s", key);
    if (read_only)
    {
        const ImGuiStyle& style = ImGui::GetStyle();
        ImGui::PushStyleColor(ImGuiCol_Text, style.Colors[ImGuiCol_TextDisabled]);
        ImGui::PushStyleColor(ImGuiCol_FrameBg, style.Colors[ImGuiCol_WindowBg]);   // no field to type in: a framed value
        ImGui::PushStyleColor(ImGuiCol_FrameBgHovered, style.Colors[ImGuiCol_WindowBg]);
        ImGui::PushStyleColor(ImGuiCol_FrameBgActive, style.Colors[ImGuiCol_WindowBg]);
        ImGui::PushStyleColor(ImGuiCol_Border, style.Colors[ImGuiCol_Separator]);
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
    }
    else TabStopBefore(ctx, key);
    InputString(id, value, flags, hint);
    if (read_only)
    {
        ImGui::PopStyleVar();
        ImGui::PopStyleColor(5);
    }
    RecordItemRect(ctx, key);
    if (!read_only)
    {
        TabStop(ctx, key, TabStopFlags_Text);
        MarkTouched(ctx, field);
    }
    if (FieldMarked(ctx, errors, field)) MarkFieldRect(ImGui::GetWindowDrawList(), ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    ErrorsFor(ctx, errors, field);
}

void FormView(Context* ctx)
{
    const Language L = ctx->Lang;
    Form& d = ctx->Draft;
    const float em = ImGui::GetFontSize();
    const float label_w = 10.0f * em;

    // Fields scroll; the send row stays visible at the bottom.
    const float footer_h = ImGui::GetFrameHeightWithSpacing() * 2.0f + ImGui::GetStyle().ItemSpacing.y * 2.0f;
    BeginNavFlattenedChild("##form", ImVec2(0.0f, -footer_h));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(Tr(L, Str::Intro));
    ImGui::TextDisabled("%s", Tr(L, Str::IntroFaster));
    ImGui::PopTextWrapPos();
    ImGui::Separator();
    if (!ctx->ReplacesRef.empty())
    {
        ImGui::TextDisabled(Tr(L, Str::ReplacingNotice), ctx->ReplacesRef.c_str());
        RecordItemRect(ctx, ItemKey::Replacing);
    }
    DraftBanner(ctx);   // panel_outcome.cpp: a draft restored at start, with "discard"
    FailureBanner(ctx);

    const std::vector<FieldError> errors = ValidateDraft(ctx);
    const bool sending = ctx->SendJob != 0;

    ImGui::BeginDisabled(sending);
    ImGui::PushItemWidth(-1.0f);

    // R2 type
    Label(Tr(L, Str::LabelType));
    ImGui::SameLine(label_w);
    {
        std::vector<std::pair<std::string, std::string>> items;
        for (int i = 0; i < ContactTypeCount; i++)
            items.push_back({ ContactTypeId(static_cast<ContactType>(i)), TypeLabel(L, static_cast<ContactType>(i)) });
        std::string value = ContactTypeId(d.Type);
        if (StringCombo(ctx, "##type", ItemKey::Type, &value, items)) ContactTypeFromId(value, &d.Type);
    }

    // R3 speed
    Label(Tr(L, Str::LabelSpeed));
    ImGui::SameLine(label_w);
    int speed = static_cast<int>(d.Speed);
    const std::string speed0 = ItemKeyIndexed(ItemKey::Speed, 0), speed1 = ItemKeyIndexed(ItemKey::Speed, 1);
    TabStopBefore(ctx, speed0.c_str());
    if (ImGui::RadioButton(Tr(L, Str::SpeedNormal), &speed, 0)) d.Speed = ProcessingSpeed::Normal;
    RecordItemRect(ctx, speed0.c_str());
    TabStop(ctx, speed0.c_str());
    ImGui::SameLine();
    TabStopBefore(ctx, speed1.c_str());
    if (ImGui::RadioButton(Tr(L, Str::SpeedFaster), &speed, 1)) d.Speed = ProcessingSpeed::Faster;
    RecordItemRect(ctx, speed1.c_str());
    TabStop(ctx, speed1.c_str());

    // R4, R5 organisation and email: from the host, read-only
    TextFieldRow(ctx, errors, label_w, Str::LabelOrganisation, Field::Organisation, ItemKey::Organisation, &ctx->Organisation,
                 ImGuiInputTextFlags_ReadOnly);
    TextFieldRow(ctx, errors, label_w, Str::LabelEmail, Field::Email, ItemKey::Email, &ctx->Email, ImGuiInputTextFlags_ReadOnly);
    ImGui::SetCursorPosX(label_w);   // under the fields, like SameLine(label_w)
    if (ctx->Cfg.OnChangeDetails)
    {
        TabStopBefore(ctx, ItemKey::ChangeDetails);
        if (ImGui::SmallButton(Tr(L, Str::ChangeDetails))) ctx->Cfg.OnChangeDetails(ctx->Cfg.UserData);
        RecordItemRect(ctx, ItemKey::ChangeDetails);
        TabStop(ctx, ItemKey::ChangeDetails);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", Tr(L, Str::ChangeDetailsHint));
    }
    else
    {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%s", Tr(L, Str::ChangeDetailsHint));
        ImGui::PopTextWrapPos();
    }

    // R6 application and sub-application
    Label(Tr(L, Str::LabelApplication));
    ImGui::SameLine(label_w);
    {
        std::vector<std::pair<std::string, std::string>> items;
        for (const std::string& a : ctx->Cfg.Applications) items.push_back({ a, a });
        if (!d.Application.empty() && std::find_if(items.begin(), items.end(), [&](const std::pair<std::string, std::string>& p) { return p.first == d.Application; }) == items.end())
            items.push_back({ d.Application, d.Application });
        if (StringCombo(ctx, "##app", ItemKey::Application, &d.Application, items, FieldMarked(ctx, errors, Field::Application)))
            ctx->ApplicationByHand = true;
        ErrorsFor(ctx, errors, Field::Application);
    }
    Label(Tr(L, Str::LabelSubApplication));
    ImGui::SameLine(label_w);
    {
        const std::string report = Tr(Language::Finnish, Str::SubApplicationReport);   // stable value on the wire
        std::vector<std::pair<std::string, std::string>> items = { { "", Tr(L, Str::SubApplicationNone) } };
        bool has_report = false;
        for (const std::string& s : ctx->Cfg.SubApplications)
        {
            items.push_back({ s, s == report ? Tr(L, Str::SubApplicationReport) : s });
            has_report |= s == report;
        }
        if (!has_report) items.push_back({ report, Tr(L, Str::SubApplicationReport) });
        StringCombo(ctx, "##subapp", ItemKey::SubApplication, &d.SubApplication, items);
    }

    // R7 reference
    TextFieldRow(ctx, errors, label_w, Str::LabelReference, Field::Reference, ItemKey::Reference, &d.Reference, 0,
                 Tr(L, Str::HintReference));

    // phone, for Puhelintukipyyntö only
    if (TypeRequiresPhone(d.Type))
        TextFieldRow(ctx, errors, label_w, Str::LabelPhone, Field::Phone, ItemKey::Phone, &d.Phone, 0, Tr(L, Str::HintPhone));

    // R8 message with type-specific guidance
    Label(Tr(L, Str::LabelMessage));
    Str guide = Str::GuideDefault;
    if (d.Type == ContactType::SupportRequest) guide = Str::GuideSupport;
    else if (d.Type == ContactType::Malfunction) guide = Str::GuideMalfunction;
    else if (d.Type == ContactType::DevelopmentIdea) guide = Str::GuideDevelopmentIdea;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", Tr(L, guide));
    ImGui::PopTextWrapPos();
    RecordItemRect(ctx, ItemKey::Guidance);
    TabStopBefore(ctx, ItemKey::Message);
    // The box takes what is left of the form's height (at least six lines, then the form
    // scrolls) unless the user set its height with the grip; the text wraps at its width.
    const float min_h = ImGui::GetTextLineHeight() * 6.0f + ImGui::GetStyle().FramePadding.y * 2.0f;
    // (what lies below it is measured as it is drawn: until it was, the box keeps its minimum,
    // so that the first frame does not push the screenshot section out of sight)
    const float fill_h = ctx->MessageBelow > 0.0f ? ImGui::GetContentRegionAvail().y - ctx->MessageBelow : min_h;
    const float box_h = std::floor(std::max(ctx->MessageHeight > 0.0f ? ctx->MessageHeight : fill_h, min_h));
    InputStringWrapped("##message", &d.Message, &ctx->MessageEdit, ImVec2(0.0f, box_h));
    RecordItemRect(ctx, ItemKey::Message);
    TabStop(ctx, ItemKey::Message, TabStopFlags_Text);
    // Ctrl+Enter sends from the message (ImGui's multi-line field leaves on it, adding no line).
    const bool send_from_message = (ImGui::IsItemActive() || ImGui::IsItemDeactivated()) && ImGui::GetIO().KeyCtrl && EnterPressed();
    MarkTouched(ctx, Field::Message);
    if (FieldMarked(ctx, errors, Field::Message)) MarkFieldRect(ImGui::GetWindowDrawList(), ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    MessageGrip(ctx, box_h, min_h);
    const float below_from = ImGui::GetCursorPosY();
    ImGui::TextDisabled("%zu / %zu", Utf8Length(d.Message), ctx->Cfg.Limits.MessageMaxChars);
    ErrorsFor(ctx, errors, Field::Message);
    ImGui::PopItemWidth();

    // R9 screenshot
    ImGui::Separator();
    ScreenshotSection(ctx);
    ImGui::EndDisabled();
    // what the message box leaves room for: the rest down to the "what is sent" header (its
    // open content scrolls)
    ctx->MessageBelow = ImGui::GetCursorPosY() - below_from + ImGui::GetFrameHeightWithSpacing();

    TechnicalSection(ctx);
    ImGui::EndChild();
    ImGui::Separator();
    // R10 send
    SendRow(ctx, errors);
    if (send_from_message && !sending) TrySend(ctx, errors);
}
} // namespace ImContact
