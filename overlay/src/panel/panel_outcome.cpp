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

// The receiver's confirmation without the ticket number, which the view shows once on its
// own (selectable): our receiver appends "Tikettinumero: X" (ConfirmationText) in the
// report's language; another wording that still names the number gives way to ours.
std::string ConfirmationWithoutTicket(Language L, const std::string& confirmation, const std::string& ticket)
{
    if (confirmation.empty() || ticket.empty()) return confirmation.empty() ? Tr(L, Str::SuccessConfirmation) : confirmation;
    std::string text = confirmation;
    for (Language lang : { Language::Finnish, Language::English })
    {
        char number[160];
        std::snprintf(number, sizeof(number), Tr(lang, Str::TicketNumber), ticket.c_str());
        const size_t at = text.find(number);
        if (at == std::string::npos) continue;
        size_t from = at;
        while (from > 0 && text[from - 1] == ' ') --from;   // and the space before it
        text.erase(from, at + std::strlen(number) - from);
    }
    if (text.find(ticket) != std::string::npos || text.empty()) return Tr(L, Str::SuccessConfirmation);
    return text;
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
    if (ImGui::Button(Tr(L, Str::NewContact))) ctx->View = PanelView::Form;
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
    if (ImGui::Button(Tr(L, Str::NewContact))) ctx->View = PanelView::Form;
    RecordItemRect(ctx, ItemKey::NewContact);
    TabStop(ctx, ItemKey::NewContact);
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
        RecordItemRect(ctx, ItemKey::Notice);
    }
    ImGui::End();
}
} // namespace ImContact
