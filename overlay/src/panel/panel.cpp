// The contact panel: form (R2–R10), outcome (R12, R13) and "My requests" (R14).
#include "imcontact_internal.h"

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <cstring>

namespace ImContact
{

// ---------------------------------------------------------------------------
// Small widgets
// ---------------------------------------------------------------------------

static int ResizeCallback(ImGuiInputTextCallbackData* data)
{
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize)
    {
        std::string* str = static_cast<std::string*>(data->UserData);
        str->resize(static_cast<size_t>(data->BufTextLen));
        data->Buf = &(*str)[0];
    }
    return 0;
}

// InputText bound to a std::string (grows as the user types).
static bool InputString(const char* label, std::string* str, ImGuiInputTextFlags flags = 0, const char* hint = nullptr,
                        bool multiline = false, ImVec2 size = ImVec2(0, 0))
{
    flags |= ImGuiInputTextFlags_CallbackResize;
    if (str->capacity() < 16) str->reserve(16);
    char* buf = &(*str)[0];
    const size_t cap = str->capacity() + 1;
    if (multiline) return ImGui::InputTextMultiline(label, buf, cap, size, flags, ResizeCallback, str);
    if (hint) return ImGui::InputTextWithHint(label, hint, buf, cap, flags, ResizeCallback, str);
    return ImGui::InputText(label, buf, cap, flags, ResizeCallback, str);
}

// A child window that keyboard navigation enters and leaves as if it were part of the
// parent. Dear ImGui 1.90.9 moved NavFlattened from the window flags to the child flags.
static void BeginNavFlattenedChild(const char* id, const ImVec2& size)
{
#if IMGUI_VERSION_NUM >= 19090
    ImGui::BeginChild(id, size, ImGuiChildFlags_NavFlattened);
#else
    ImGui::BeginChild(id, size, false, ImGuiWindowFlags_NavFlattened);
#endif
}

static bool EscapePressed()
{
#if IMGUI_VERSION_NUM >= 18700
    return ImGui::IsKeyPressed(ImGuiKey_Escape, false);
#else
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
#endif
}

// Records the visible part of a rectangle (scrolled lists, clipped popups); a widget
// scrolled out of view has no rect.
static void RecordRect(Context* ctx, const char* key, ImVec2 a, ImVec2 b)
{
    const ImVec2 clip_min = ImGui::GetWindowDrawList()->GetClipRectMin();
    const ImVec2 clip_max = ImGui::GetWindowDrawList()->GetClipRectMax();
    a = ImVec2(a.x > clip_min.x ? a.x : clip_min.x, a.y > clip_min.y ? a.y : clip_min.y);
    b = ImVec2(b.x < clip_max.x ? b.x : clip_max.x, b.y < clip_max.y ? b.y : clip_max.y);
    if (a.x >= b.x || a.y >= b.y) { ctx->ItemRects.erase(key); return; }
    ctx->ItemRects[key] = { ImVec4(a.x, a.y, b.x, b.y), ImGui::GetFrameCount() };
}

void RecordItemRect(Context* ctx, const char* key)
{
    RecordRect(ctx, key, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

static const ImVec4 kErrorColor(0.95f, 0.35f, 0.30f, 1.0f);
static const ImVec4 kOkColor(0.35f, 0.85f, 0.45f, 1.0f);

static void Label(const char* text)
{
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text);
}

static void ErrorsFor(Context* ctx, const std::vector<FieldError>& errors, Field field)
{
    if (!ctx->ShowErrors && !ctx->Touched[static_cast<int>(field)]) return;
    for (const FieldError& e : errors)
        if (e.Which == field)
        {
            ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
            ImGui::TextWrapped("%s", ErrorMessage(ctx->Lang, e).c_str());
            ImGui::PopStyleColor();
        }
}

static void MarkTouched(Context* ctx, Field f)
{
    if (ImGui::IsItemDeactivatedAfterEdit() || ImGui::IsItemEdited()) ctx->Touched[static_cast<int>(f)] = true;
}

// A combo over a list of strings; 'key' records rects "key" and "key:i" for tests.
static bool StringCombo(Context* ctx, const char* id, const char* key, std::string* value,
                        const std::vector<std::pair<std::string, std::string>>& items /* value, shown */)
{
    const char* preview = value->c_str();
    for (const auto& it : items)
        if (it.first == *value) preview = it.second.c_str();
    bool changed = false;
    // The combo's own rect, taken before BeginCombo() (which, when open, ends inside the popup).
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    RecordRect(ctx, key, pos, ImVec2(pos.x + ImGui::CalcItemWidth(), pos.y + ImGui::GetFrameHeight()));
    if (ImGui::BeginCombo(id, preview, ImGuiComboFlags_HeightLargest))
    {
        for (size_t i = 0; i < items.size(); i++)
        {
            const bool selected = items[i].first == *value;
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable(items[i].second.c_str(), selected))
            {
                *value = items[i].first;
                changed = true;
            }
            char k[64];
            std::snprintf(k, sizeof(k), "%s:%zu", key, i);
            RecordItemRect(ctx, k);
            if (selected) ImGui::SetItemDefaultFocus();
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    return changed;
}

// ---------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------

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
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextUnformatted(Tr(ctx->Lang, Str::FailTitle));
    ImGui::TextWrapped("%s", FailureText(ctx, ctx->LastFailure, buf, sizeof(buf)));
    ImGui::PopStyleColor();
    ImGui::TextWrapped("%s", Tr(ctx->Lang, Str::FailKept));
    RecordItemRect(ctx, "failure");
    ImGui::Separator();
}

static void ScreenshotSection(Context* ctx)
{
    const Language L = ctx->Lang;
    const float em = ImGui::GetFontSize();
    Label(Tr(L, Str::LabelScreenshot));
    if (ctx->Shot)
    {
        ImGui::Checkbox(Tr(L, Str::ScreenshotAttach), &ctx->AttachScreenshot);
        RecordItemRect(ctx, "attach");
        if (ctx->ShotTexture)
        {
            const float w = 16.0f * em;
            const float h = w * static_cast<float>(ctx->Shot->Height) / static_cast<float>(ctx->Shot->Width);
            // The four-argument Image() exists in every Dear ImGui version (1.91.9 dropped tint/border).
            ImGui::Image((ImTextureID)(intptr_t)ctx->ShotTexture, ImVec2(w, h), ImVec2(0, 0), ImVec2(1, 1));
            RecordItemRect(ctx, "thumbnail");
            ImDrawList* dl = ImGui::GetWindowDrawList();
            const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
            if (!ctx->AttachScreenshot) dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_WindowBg, 0.65f));
            dl->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Border));
        }
        ImGui::TextDisabled(Tr(L, Str::ScreenshotSize), ctx->Shot->Width, ctx->Shot->Height);
    }
    else if (ctx->Readback.Pending())
    {
        ImGui::TextDisabled("%s", Tr(L, Str::ScreenshotTaking));
        RecordItemRect(ctx, "screenshot_taking");
    }
    else
    {
        ImGui::TextDisabled("%s", Tr(L, Str::ScreenshotNone));
        if (!ctx->CaptureError.empty())
        {
            ImGui::TextDisabled("%s", Tr(L, Str::ScreenshotFailed));
            RecordItemRect(ctx, "screenshot_failed");
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ctx->CaptureError.c_str());   // technical, English
        }
    }
    if (!(ctx->Cfg.Flags & ImContactFlags_NoScreenshot))
    {
        if (ImGui::Button(Tr(L, Str::ScreenshotRetake))) RequestScreenshot(ctx);
        RecordItemRect(ctx, "retake");
    }
    if (ctx->Shot)
    {
        ImGui::SameLine();
        if (ImGui::Button(Tr(L, Str::ScreenshotRemove))) ClearScreenshot(ctx);
        RecordItemRect(ctx, "remove");
    }
}

static void TechnicalSection(Context* ctx)
{
    const Language L = ctx->Lang;
    if (!ImGui::CollapsingHeader(Tr(L, Str::WhatIsSent))) return;
    RecordItemRect(ctx, "what_is_sent");
    const TechnicalDetails t = CollectTechnical(ctx);
    char fb[48];
    std::snprintf(fb, sizeof(fb), "%d × %d", t.FramebufferWidth, t.FramebufferHeight);
    const std::pair<Str, std::string> rows[] = {
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
}

static void SendRow(Context* ctx, const std::vector<FieldError>& errors)
{
    const Language L = ctx->Lang;
    const bool sending = ctx->SendJob != 0;
    const bool invalid = !errors.empty();
    const bool capturing = ctx->Readback.Pending();   // a frame or two: the GPU is copying the screenshot
    if (sending)
    {
        const SendProgress p = ctx->Worker->Progress();
        const float frac = (p.Job == ctx->SendJob && p.Total > 0) ? static_cast<float>(p.Sent) / static_cast<float>(p.Total) : 0.0f;
        char overlay[64];
        std::snprintf(overlay, sizeof(overlay), Tr(L, Str::Sending), static_cast<int>(frac * 100.0f + 0.5f));
        ImGui::ProgressBar(frac, ImVec2(-1.0f, 0.0f), overlay);
        RecordItemRect(ctx, "progress");
    }
    ImGui::BeginDisabled(sending || invalid || capturing);
    const bool pressed = ImGui::Button(Tr(L, Str::SendButton), ImVec2(ImGui::GetFontSize() * 12.0f, 0.0f));
    ImGui::EndDisabled();
    RecordItemRect(ctx, "send");
    if (pressed) StartSend(ctx);
    // The user can press the disabled button to see every problem at once.
    if (invalid && !sending && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled) && ImGui::IsMouseClicked(0))
        ctx->ShowErrors = true;
    ImGui::SameLine();
    if (sending)
    {
        if (ImGui::Button(Tr(L, Str::Cancel))) ctx->Worker->Cancel(ctx->SendJob);
        RecordItemRect(ctx, "cancel");
        ImGui::SameLine();
        ImGui::TextDisabled("%s", Tr(L, Str::WhyDisabledSending));
    }
    else if (invalid)
    {
        ImGui::TextDisabled("%s", Tr(L, Str::WhyDisabledInvalid));
        RecordItemRect(ctx, "why_disabled");
    }
    else if (capturing)
    {
        ImGui::TextDisabled("%s", Tr(L, Str::WhyDisabledScreenshot));
        RecordItemRect(ctx, "why_disabled");
    }
}

// One labelled text field of the form: label column, the field, its rect for automation,
// and its validation messages underneath.
static void TextFieldRow(Context* ctx, const std::vector<FieldError>& errors, float label_w, Str label, Field field,
                         const char* key, std::string* value, ImGuiInputTextFlags flags = 0, const char* hint = nullptr)
{
    Label(Tr(ctx->Lang, label));
    ImGui::SameLine(label_w);
    char id[48];
    std::snprintf(id, sizeof(id), "##%s", key);
    InputString(id, value, flags, hint);
    RecordItemRect(ctx, key);
    if (!(flags & ImGuiInputTextFlags_ReadOnly)) MarkTouched(ctx, field);
    ErrorsFor(ctx, errors, field);
}

static void FormView(Context* ctx)
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
        RecordItemRect(ctx, "replacing");
    }
    FailureBanner(ctx);

    Form check = d;
    check.Organisation = ctx->Organisation;
    check.Email = ctx->Email;
    if (!TypeRequiresPhone(check.Type)) check.Phone.clear();
    const std::vector<FieldError> errors = ValidateForm(check, ctx->Cfg.Limits);
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
        if (StringCombo(ctx, "##type", "type", &value, items)) ContactTypeFromId(value, &d.Type);
    }

    // R3 speed
    Label(Tr(L, Str::LabelSpeed));
    ImGui::SameLine(label_w);
    int speed = static_cast<int>(d.Speed);
    if (ImGui::RadioButton(Tr(L, Str::SpeedNormal), &speed, 0)) d.Speed = ProcessingSpeed::Normal;
    RecordItemRect(ctx, "speed:0");
    ImGui::SameLine();
    if (ImGui::RadioButton(Tr(L, Str::SpeedFaster), &speed, 1)) d.Speed = ProcessingSpeed::Faster;
    RecordItemRect(ctx, "speed:1");

    // R4, R5 organisation and email: from the host, read-only
    TextFieldRow(ctx, errors, label_w, Str::LabelOrganisation, Field::Organisation, "organisation", &ctx->Organisation,
                 ImGuiInputTextFlags_ReadOnly);
    TextFieldRow(ctx, errors, label_w, Str::LabelEmail, Field::Email, "email", &ctx->Email, ImGuiInputTextFlags_ReadOnly);
    ImGui::SetCursorPosX(label_w);   // under the fields, like SameLine(label_w)
    if (ctx->Cfg.OnChangeDetails)
    {
        if (ImGui::SmallButton(Tr(L, Str::ChangeDetails))) ctx->Cfg.OnChangeDetails(ctx->Cfg.UserData);
        RecordItemRect(ctx, "change_details");
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
        StringCombo(ctx, "##app", "application", &d.Application, items);
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
        StringCombo(ctx, "##subapp", "sub_application", &d.SubApplication, items);
    }

    // R7 reference
    TextFieldRow(ctx, errors, label_w, Str::LabelReference, Field::Reference, "reference", &d.Reference, 0,
                 Tr(L, Str::HintReference));

    // phone, for Puhelintukipyyntö only
    if (TypeRequiresPhone(d.Type))
        TextFieldRow(ctx, errors, label_w, Str::LabelPhone, Field::Phone, "phone", &d.Phone, 0, Tr(L, Str::HintPhone));

    // R8 message with type-specific guidance
    Label(Tr(L, Str::LabelMessage));
    Str guide = Str::GuideDefault;
    if (d.Type == ContactType::SupportRequest) guide = Str::GuideSupport;
    else if (d.Type == ContactType::Malfunction) guide = Str::GuideMalfunction;
    else if (d.Type == ContactType::DevelopmentIdea) guide = Str::GuideDevelopmentIdea;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", Tr(L, guide));
    ImGui::PopTextWrapPos();
    RecordItemRect(ctx, "guidance");
    InputString("##message", &d.Message, 0, nullptr, true, ImVec2(-1.0f, 8.0f * em));
    RecordItemRect(ctx, "message");
    MarkTouched(ctx, Field::Message);
    ImGui::TextDisabled("%zu / %zu", Utf8Length(d.Message), ctx->Cfg.Limits.MessageMaxChars);
    ErrorsFor(ctx, errors, Field::Message);
    ImGui::PopItemWidth();

    // R9 screenshot
    ImGui::Separator();
    ScreenshotSection(ctx);
    ImGui::EndDisabled();

    if (!(ctx->Cfg.Flags & ImContactFlags_NoTechnicalInfo)) TechnicalSection(ctx);
    ImGui::EndChild();
    ImGui::Separator();
    // R10 send
    SendRow(ctx, errors);
}

static void SuccessView(Context* ctx)
{
    const Language L = ctx->Lang;
    const Receipt& r = ctx->LastReceipt;
    ImGui::PushStyleColor(ImGuiCol_Text, kOkColor);
    ImGui::TextUnformatted(Tr(L, Str::SuccessTitle));
    ImGui::PopStyleColor();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(r.Confirmation.empty() ? Tr(L, Str::SuccessConfirmation) : r.Confirmation.c_str());
    ImGui::PopTextWrapPos();
    RecordItemRect(ctx, "confirmation");
    ImGui::Spacing();
    ImGui::Text(Tr(L, Str::TicketNumber), r.Ticket.c_str());
    RecordItemRect(ctx, "ticket");
    if (ImGui::Button(Tr(L, Str::CopyTicket)))
    {
        ImGui::SetClipboardText(r.Ticket.c_str());
        ctx->CopiedTicket = true;
    }
    RecordItemRect(ctx, "copy");
    if (ctx->CopiedTicket)
    {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", Tr(L, Str::Copied));
    }
    ImGui::Spacing();
    if (ImGui::Button(Tr(L, Str::NewContact))) ctx->View = PanelView::Form;
    RecordItemRect(ctx, "new_contact");
}


// "2026-11-26T17:12:43Z" -> "2026-11-26 17:12" (UTC; the history shows the full time).
static std::string CompactTime(const std::string& iso)
{
    if (iso.size() < 16 || iso[10] != 'T') return iso;
    std::string out = iso.substr(0, 16);
    out[10] = ' ';
    return out;
}

static void QueuedView(Context* ctx)
{
    const Language L = ctx->Lang;
    ImGui::PushStyleColor(ImGuiCol_Text, kOkColor);
    ImGui::TextUnformatted(Tr(L, Str::QueuedTitle));
    ImGui::PopStyleColor();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text(Tr(L, Str::QueuedBody), ctx->LastQueuedRef.c_str());
    ImGui::PopTextWrapPos();
    RecordItemRect(ctx, "queued_body");
    ImGui::Spacing();
    if (ImGui::Button(Tr(L, Str::NewContact))) ctx->View = PanelView::Form;
    RecordItemRect(ctx, "new_contact");
}

// Reports saved in the outbox and not delivered yet (R14 while offline).
static void QueuedList(Context* ctx)
{
    const Language L = ctx->Lang;
    if (!ctx->OutboxNote.empty())
    {
        ImGui::TextColored(kErrorColor, "%s", Tr(L, Str::QuarantinedNotice));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ctx->OutboxNote.c_str());
    }
    if (ctx->Outbox.empty()) return;
    if (!ImGui::BeginTable("##queued", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) return;
    ImGui::TableSetupColumn(Tr(L, Str::ColTicket));
    ImGui::TableSetupColumn(Tr(L, Str::ColType));
    ImGui::TableSetupColumn(Tr(L, Str::ColSent));
    ImGui::TableSetupColumn(Tr(L, Str::ColStatus));
    ImGui::TableHeadersRow();
    for (const QueuedReport& q : ctx->Outbox)
    {
        ImGui::PushID(q.LocalReference.c_str());
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(q.LocalReference.c_str());
        RecordItemRect(ctx, ("queued:" + q.LocalReference).c_str());
        ImGui::TableNextColumn();
        ContactType type;
        ImGui::TextUnformatted(ContactTypeFromId(q.Type, &type) ? TypeLabel(L, type) : q.Type.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(CompactTime(q.CreatedAt).c_str());
        ImGui::TableNextColumn();
        const bool attention = q.Status == QueuedReport::State::NeedsAttention;
        if (attention) ImGui::TextColored(kErrorColor, "%s", Tr(L, Str::StatusNeedsAttention));
        else ImGui::TextUnformatted(Tr(L, Str::StatusQueued));
        RecordItemRect(ctx, ("queued_status:" + q.LocalReference).c_str());
        if (attention)
        {
            Field fld;
            ErrorCode code;
            if (FieldFromId(q.Reason.Field, &fld) && ErrorCodeFromId(q.Reason.Code, &code))
                ImGui::TextWrapped("%s", ErrorMessage(L, { fld, code, q.Reason.Limit }).c_str());
            else if (!q.Reason.Message.empty())
                ImGui::TextWrapped("%s", q.Reason.Message.c_str());
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
    // What the user can do with a report the receiver refused: full-width actions under the table.
    for (const QueuedReport& q : ctx->Outbox)
    {
        if (q.Status != QueuedReport::State::NeedsAttention) continue;
        ImGui::PushID(q.LocalReference.c_str());
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(q.LocalReference.c_str());
        ImGui::SameLine();
        if (ImGui::Button(Tr(L, Str::EditAndResend))) ctx->Worker->RestoreQueued(q.LocalReference);
        RecordItemRect(ctx, ("edit:" + q.LocalReference).c_str());
        ImGui::SameLine();
        if (ImGui::Button(Tr(L, Str::Discard))) ctx->Worker->DiscardQueued(q.LocalReference);
        RecordItemRect(ctx, ("discard:" + q.LocalReference).c_str());
        ImGui::PopID();
    }
    ImGui::Spacing();
}

void DrawNotice(Context* ctx)
{
    if (ctx->Notice.empty()) return;
    if (ImGui::GetTime() > ctx->NoticeUntil)
    {
        ctx->Notice.clear();
        return;
    }
    // Bottom-right corner; takes no input, so it never gets in the host's way.
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float pad = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - pad, vp->WorkPos.y + vp->WorkSize.y - pad),
                            ImGuiCond_Always, ImVec2(1.0f, 1.0f));
    ImGui::SetNextWindowBgAlpha(0.9f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs;
    if (ImGui::Begin("##imcontact_notice", nullptr, flags))
    {
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24.0f);
        ImGui::TextUnformatted(ctx->Notice.c_str());
        ImGui::PopTextWrapPos();
        RecordItemRect(ctx, "notice");
    }
    ImGui::End();
}

static const LocalTicket* FindTicket(const Context* ctx, const std::string& number)
{
    for (const LocalTicket& t : ctx->Tickets)
        if (t.Ticket == number) return &t;
    return nullptr;
}

static void RefreshStatus(Context* ctx, const std::string& ticket)
{
    ctx->Worker->RequestStatus(ticket);
    ctx->StatusJobsPending++;
}

static void MyRequestsView(Context* ctx)
{
    const Language L = ctx->Lang;
    ImGui::BeginDisabled(ctx->Tickets.empty());
    if (ImGui::Button(Tr(L, Str::Refresh)))
        for (const LocalTicket& t : ctx->Tickets) RefreshStatus(ctx, t.Ticket);
    ImGui::EndDisabled();
    RecordItemRect(ctx, "refresh");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
    const bool enter = ImGui::InputTextWithHint("##lookup", Tr(L, Str::LookUpHint), ctx->LookupBuf, sizeof(ctx->LookupBuf),
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    RecordItemRect(ctx, "lookup");
    ImGui::SameLine();
    if (ImGui::Button(Tr(L, Str::LookUp)) || enter)
    {
        const std::string wanted = ctx->LookupBuf;
        ctx->LookupNotFound = FindTicket(ctx, wanted) == nullptr;
        if (!ctx->LookupNotFound)
        {
            ctx->LookupTicket = wanted;
            RefreshStatus(ctx, wanted);
        }
    }
    RecordItemRect(ctx, "lookup_button");
    if (ctx->LookupNotFound) ImGui::TextColored(kErrorColor, "%s", Tr(L, Str::LookUpNotFound));
    if (ctx->StatusJobsPending > 0)
    {
        ImGui::SameLine();
        ImGui::TextDisabled("…");
    }

    QueuedList(ctx);
    if (!ctx->TicketsFileProblem.empty())
    {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(kErrorColor, "%s", Tr(L, Str::MyRequestsFileProblem));
        ImGui::PopTextWrapPos();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ctx->TicketsFileProblem.c_str());
    }
    if (ctx->Tickets.empty())
    {
        if (ctx->Outbox.empty()) ImGui::TextDisabled("%s", Tr(L, Str::MyRequestsEmpty));
        return;
    }
    const ImGuiTableFlags tf = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
    if (ImGui::BeginTable("##tickets", 4, tf, ImVec2(0.0f, ImGui::GetFontSize() * 12.0f)))
    {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(Tr(L, Str::ColTicket));
        ImGui::TableSetupColumn(Tr(L, Str::ColType));
        ImGui::TableSetupColumn(Tr(L, Str::ColSent));
        ImGui::TableSetupColumn(Tr(L, Str::ColStatus));
        ImGui::TableHeadersRow();
        for (size_t i = ctx->Tickets.size(); i-- > 0;)   // newest first
        {
            const LocalTicket& t = ctx->Tickets[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const bool selected = ctx->LookupTicket == t.Ticket;
            if (ImGui::Selectable(t.Ticket.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns))
                ctx->LookupTicket = t.Ticket;
            const std::string key = "row:" + t.Ticket;
            RecordItemRect(ctx, key.c_str());
            ImGui::TableNextColumn();
            ContactType type;
            ImGui::TextUnformatted(ContactTypeFromId(t.Type, &type) ? TypeLabel(L, type) : t.Type.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(CompactTime(t.SentAt).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(StatusLabel(L, t.LastStatus));
            const std::string skey = "status:" + t.Ticket;
            RecordItemRect(ctx, skey.c_str());
        }
        ImGui::EndTable();
    }
    if (const LocalTicket* t = FindTicket(ctx, ctx->LookupTicket))
    {
        ImGui::Separator();
        ImGui::Text(Tr(L, Str::TicketNumber), t->Ticket.c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("%s", StatusLabel(L, t->LastStatus));
        ImGui::TextUnformatted(Tr(L, Str::History));
        for (const HistoryEntry& h : t->History)
            ImGui::BulletText("%s  %s%s%s", h.At.c_str(), StatusLabel(L, h.Status), h.Note.empty() ? "" : " — ", h.Note.c_str());
    }
}

// ---------------------------------------------------------------------------

void DrawPanel(Context* ctx, bool* p_open)
{
    const Language L = ctx->Lang;
    const float em = ImGui::GetFontSize();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImVec2 want(40.0f * em, 60.0f * em);
    ImGui::SetNextWindowSize(ImVec2(want.x < vp->WorkSize.x * 0.95f ? want.x : vp->WorkSize.x * 0.95f,
                                    want.y < vp->WorkSize.y * 0.9f ? want.y : vp->WorkSize.y * 0.9f), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                            ImGuiCond_FirstUseEver, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(24.0f * em, 16.0f * em), ImVec2(FLT_MAX, FLT_MAX));
    if (ctx->FocusOnOpen)
    {
        ImGui::SetNextWindowFocus();
        ImGui::SetNextWindowCollapsed(false);
    }
    char title[128];
    std::snprintf(title, sizeof(title), "%s###imcontact_panel", Tr(L, Str::WindowTitle));
    const bool visible = ImGui::Begin(title, p_open);
    {
        const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
        ctx->ItemRects["window"] = { ImVec4(pos.x, pos.y, pos.x + size.x, pos.y + size.y), ImGui::GetFrameCount() };
    }
    // Escape closes the panel before any text field sees it (ImGui's InputText would
    // revert the edit on Escape); every field keeps what was typed.
    if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) && EscapePressed() && !ctx->FocusOnOpen)
    {
        *p_open = false;
        ImGui::End();
        return;
    }
    ctx->FocusOnOpen = false;
    if (!visible)
    {
        ImGui::End();
        return;
    }
    if (!(ctx->Cfg.Flags & ImContactFlags_NoLanguageSwitch))
    {
        // fi / en switch at the top right
        const char* other = Tr(L == Language::Finnish ? Language::English : Language::Finnish, Str::LanguageName);
        const float w = ImGui::CalcTextSize(other).x + ImGui::GetStyle().FramePadding.x * 2.0f;
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - w);
        if (ImGui::SmallButton(other)) ctx->Lang = (L == Language::Finnish) ? Language::English : Language::Finnish;
        RecordItemRect(ctx, "language");
    }
    if (ImGui::BeginTabBar("##imcontact_tabs"))
    {
        const ImGuiTabItemFlags f0 = (ctx->SelectTab && ctx->Tab == 0) ? ImGuiTabItemFlags_SetSelected : 0;
        const ImGuiTabItemFlags f1 = (ctx->SelectTab && ctx->Tab == 1) ? ImGuiTabItemFlags_SetSelected : 0;
        ctx->SelectTab = false;
        char tab0[96], tab1[96];
        std::snprintf(tab0, sizeof(tab0), "%s###tab_new", Tr(ctx->Lang, Str::TabNew));
        std::snprintf(tab1, sizeof(tab1), "%s###tab_mine", Tr(ctx->Lang, Str::TabMyRequests));
        if (ImGui::BeginTabItem(tab0, nullptr, f0))
        {
            RecordItemRect(ctx, "tab:new");
            ctx->Tab = 0;
            if (ctx->View == PanelView::Success) SuccessView(ctx);
            else if (ctx->View == PanelView::Queued) QueuedView(ctx);
            else FormView(ctx);
            ImGui::EndTabItem();
        }
        else RecordItemRect(ctx, "tab:new");
        if (!(ctx->Cfg.Flags & ImContactFlags_NoTracking))
        {
            const bool mine = ImGui::BeginTabItem(tab1, nullptr, f1);
            RecordItemRect(ctx, "tab:mine");
            if (mine)
            {
                ctx->Tab = 1;
                MyRequestsView(ctx);
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
    ImGui::End();
}

} // namespace ImContact
