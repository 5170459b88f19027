// The outcome views (R12, R13): sent with a ticket number, or saved in the outbox to be
// sent automatically; and the small "delivered" notification.
#include "imcontact_internal.h"
#include "panel_widgets.h"

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <cstring>

namespace ImContact
{

void DrawAttachmentOutcomes(Context* ctx)
{
    const std::string shot = ScreenshotEncodingText(ctx->Lang, ctx->LastScreenshot);
    if (ctx->LastAttachments.empty() && shot.empty()) return;
    ImGui::PushTextWrapPos(0.0f);
    if (!shot.empty())
    {
        ImGui::TextDisabled("%s", shot.c_str());   // what was sent of the screenshot (codec, size, any step-down)
        RecordItemRect(ctx, ItemKey::ScreenshotResult);
    }
    for (size_t i = 0; i < ctx->LastAttachments.size(); ++i)
    {
        const AttachmentOutcome& o = ctx->LastAttachments[i];
        const std::string line = AttachmentOutcomeText(ctx->Lang, o);
        if (o.Result == AttachmentResult::Sent) ImGui::TextDisabled("%s", line.c_str());
        else ImGui::TextUnformatted(line.c_str());
        RecordItemRect(ctx, ItemKeyIndexed(ItemKey::AttachmentResult, static_cast<int>(i)).c_str());
        if (!o.Detail.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", o.Detail.c_str());
    }
    ImGui::PopTextWrapPos();
}

// The receiver's confirmation, unless it names the ticket number (ours appends "Tikettinumero:
// X" for clients that show only this text): the view shows the number once, on its own
// (selectable), so such a text, or none, gives way to the panel's own Str::SuccessConfirmation.
std::string ConfirmationWithoutTicket(Language L, const std::string& confirmation, const std::string& ticket)
{
    if (confirmation.empty() || (!ticket.empty() && confirmation.find(ticket) != std::string::npos))
        return Tr(L, Str::SuccessConfirmation);
    return confirmation;
}

// "Uusi yhteydenotto": back to the form with a fresh screenshot of where the user is now,
// as the hotkey takes one (the panel steps aside for the capture's frame).
static void NewContact(Context* ctx)
{
    ctx->View = PanelView::Form;
    if (!(ctx->Cfg.Flags & ImContactFlags_NoScreenshot)) RequestScreenshot(ctx);
    else FollowCurrentApplication(ctx);
}

void SuccessView(Context* ctx)
{
    const Language L = ctx->Lang;
    const Receipt& r = ctx->LastReceipt;
    if (ctx->Nav.OutcomeFocused != r.Ticket)   // just sent: the focus goes to the number (Tab: copy, new contact)
    {
        ctx->Nav.OutcomeFocused = r.Ticket;
        RequestFocus(ctx, ItemKey::Ticket);
    }
    ImGui::PushStyleColor(ImGuiCol_Text, OkColor());
    ImGui::TextUnformatted(Tr(L, Str::SuccessTitle));
    ImGui::PopStyleColor();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(ConfirmationWithoutTicket(L, r.Confirmation, r.Ticket).c_str());
    ImGui::PopTextWrapPos();
    RecordItemRect(ctx, ItemKey::Confirmation);
    ImGui::Spacing();
    // "Tikettinumero: " and the number in a read-only field: selectable, Ctrl+C copies it.
    char label[96];
    std::snprintf(label, sizeof(label), Tr(L, Str::TicketNumber), "");
    Label(label);
    ImGui::SameLine(0.0f, 0.0f);
    {
        std::string number = r.Ticket;
        const ImGuiStyle& style = ImGui::GetStyle();
        ImGui::SetNextItemWidth(ImGui::CalcTextSize(number.c_str()).x + style.FramePadding.x * 2.0f + ImGui::GetFontSize());
        TabStopBefore(ctx, ItemKey::Ticket);
        InputString("##ticket", &number, ImGuiInputTextFlags_ReadOnly | ImGuiInputTextFlags_AutoSelectAll);
        RecordItemRect(ctx, ItemKey::Ticket);
        TabStop(ctx, ItemKey::Ticket, TabStopFlags_Text);
    }
    DrawAttachmentOutcomes(ctx);
    TabStopBefore(ctx, ItemKey::Copy);
    if (ImGui::Button(Tr(L, Str::CopyTicket)))
    {
        ImGui::SetClipboardText(r.Ticket.c_str());
        ctx->CopiedTicket = true;
    }
    RecordItemRect(ctx, ItemKey::Copy);
    TabStop(ctx, ItemKey::Copy);
    if (ctx->CopiedTicket)
    {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", Tr(L, Str::Copied));
    }
    ImGui::Spacing();
    TabStopBefore(ctx, ItemKey::NewContact);
    if (ImGui::Button(Tr(L, Str::NewContact))) NewContact(ctx);
    RecordItemRect(ctx, ItemKey::NewContact);
    TabStop(ctx, ItemKey::NewContact);
}

void QueuedView(Context* ctx)
{
    const Language L = ctx->Lang;
    if (ctx->Nav.OutcomeFocused != ctx->LastQueuedRef)   // just saved: the focus goes to "new contact"
    {
        ctx->Nav.OutcomeFocused = ctx->LastQueuedRef;
        RequestFocus(ctx, ItemKey::NewContact);
    }
    ImGui::PushStyleColor(ImGuiCol_Text, OkColor());
    ImGui::TextUnformatted(Tr(L, Str::QueuedTitle));
    ImGui::PopStyleColor();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text(Tr(L, Str::QueuedBody), ctx->LastQueuedRef.c_str());
    ImGui::PopTextWrapPos();
    RecordItemRect(ctx, ItemKey::QueuedBody);
    DrawAttachmentOutcomes(ctx);
    ImGui::Spacing();
    TabStopBefore(ctx, ItemKey::NewContact);
    if (ImGui::Button(Tr(L, Str::NewContact))) NewContact(ctx);
    RecordItemRect(ctx, ItemKey::NewContact);
    TabStop(ctx, ItemKey::NewContact);
}

// The notice's text and its dismiss button (inside the panel, or in the toast).
static void NoticeBody(Context* ctx, float wrap_width)
{
    ImGui::PushTextWrapPos(wrap_width);
    ImGui::TextUnformatted(ctx->Notice.c_str());
    ImGui::PopTextWrapPos();
    RecordItemRect(ctx, ItemKey::Notice);
    TabStopBefore(ctx, ItemKey::NoticeDismiss);
    if (ImGui::SmallButton(Tr(ctx->Lang, Str::NoticeDismiss))) ctx->Notice.clear();
    RecordItemRect(ctx, ItemKey::NoticeDismiss);
    TabStop(ctx, ItemKey::NoticeDismiss);
}

// While the panel is open the notice is part of it (top, above the tabs): it covers nothing.
void NoticeBanner(Context* ctx)
{
    if (ctx->Notice.empty()) return;
    ImGui::PushID("##imcontact_notice");
    ImGui::PushStyleColor(ImGuiCol_Text, OkColor());
    NoticeBody(ctx, 0.0f);
    ImGui::PopStyleColor();
    ImGui::PopID();
    ImGui::Separator();
}

// While it is closed, a small toast under the envelope icon (MenuContactButton), or in the
// bottom-right corner when the host has no icon; it stays until dismissed (or the panel
// opens and shows it). Not drawn while a screenshot is being taken.
void DrawNotice(Context* ctx, bool panel_open)
{
    if (ctx->Notice.empty() || panel_open || ctx->CapturePending) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float pad = ImGui::GetStyle().ItemSpacing.y;
    auto icon = ctx->ItemRects.find(ItemKey::Envelope);
    if (icon != ctx->ItemRects.end() && icon->second.Frame >= ImGui::GetFrameCount() - 1)
    {
        // Under the icon, growing towards the middle of the display (never past its edge).
        const ImVec4 r = icon->second.Rect;
        const bool right_half = (r.x + r.z) * 0.5f > vp->Pos.x + vp->Size.x * 0.5f;
        ImGui::SetNextWindowPos(ImVec2(right_half ? r.z : r.x, r.w + pad), ImGuiCond_Always,
                                ImVec2(right_half ? 1.0f : 0.0f, 0.0f));
    }
    else
    {
        const float edge = ImGui::GetFontSize();
        ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - edge, vp->WorkPos.y + vp->WorkSize.y - edge),
                                ImGuiCond_Always, ImVec2(1.0f, 1.0f));
    }
    ImGui::SetNextWindowBgAlpha(0.95f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                   ImGuiWindowFlags_NoNav;
    if (ImGui::Begin("##imcontact_notice", nullptr, flags)) NoticeBody(ctx, ImGui::GetFontSize() * 24.0f);
    ImGui::End();
}

// At the top of the form: the draft of an earlier run is back, with the way to discard
// it; or, once something is typed, the way to start afresh ("Tyhjennä lomake").
void DraftBanner(Context* ctx)
{
    const Language L = ctx->Lang;
    if (ctx->DraftRestored)
    {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(Tr(L, Str::DraftRestored));
        RecordItemRect(ctx, ItemKey::DraftRestored);
        ImGui::SameLine();
    }
    if (ctx->DraftRestored || FormHasTypedText(ctx))
    {
        TabStopBefore(ctx, ItemKey::DraftDiscard);
        if (ImGui::SmallButton(Tr(L, ctx->DraftRestored ? Str::DraftDiscard : Str::ClearForm))) DiscardDraftForm(ctx);
        RecordItemRect(ctx, ItemKey::DraftDiscard);
        TabStop(ctx, ItemKey::DraftDiscard);
    }
    if (!ctx->DraftProblem.empty())
    {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(ErrorColor(), "%s", Tr(L, Str::DraftProblem));
        ImGui::PopTextWrapPos();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ctx->DraftProblem.c_str());   // technical, English
    }
}
} // namespace ImContact
