// "My requests" (R14): the reports waiting in the outbox, the tickets sent from this
// installation with their statuses and history, and a look-up by ticket number.
#include "imcontact_internal.h"
#include "panel_widgets.h"

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <cstring>

namespace ImContact
{

// Reports saved in the outbox and not delivered yet (R14 while offline).
static void QueuedList(Context* ctx)
{
    const Language L = ctx->Lang;
    if (!ctx->OutboxNote.empty())
    {
        ImGui::TextColored(ErrorColor(), "%s", Tr(L, Str::QuarantinedNotice));
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
        RecordItemRect(ctx, ItemKeyFor(ItemKey::Queued, q.LocalReference).c_str());
        ImGui::TableNextColumn();
        ContactType type;
        ImGui::TextUnformatted(ContactTypeFromId(q.Type, &type) ? TypeLabel(L, type) : q.Type.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(CompactTime(q.CreatedAt).c_str());
        ImGui::TableNextColumn();
        const bool attention = q.Status == QueuedReport::State::NeedsAttention;
        if (attention) ImGui::TextColored(ErrorColor(), "%s", Tr(L, Str::StatusNeedsAttention));
        else ImGui::TextUnformatted(Tr(L, Str::StatusQueued));
        RecordItemRect(ctx, ItemKeyFor(ItemKey::QueuedStatus, q.LocalReference).c_str());
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
    // What the user can do with each saved report: open it in the form (edit and send
    // again: sending replaces it), try it now (a waiting one), or discard it.
    const bool typed = FormHasTypedText(ctx);
    for (const QueuedReport& q : ctx->Outbox)
    {
        const bool attention = q.Status == QueuedReport::State::NeedsAttention;
        ImGui::PushID(q.LocalReference.c_str());
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(q.LocalReference.c_str());
        ImGui::SameLine();
        // Opening replaces the form: never over other text the user has not sent.
        const bool blocked = typed && ctx->ReplacesRef != q.LocalReference;
        ImGui::BeginDisabled(blocked);
        if (ImGui::Button(Tr(L, attention ? Str::EditAndResend : Str::OpenQueued))) ctx->Worker->RestoreQueued(q.LocalReference);
        ImGui::EndDisabled();
        RecordItemRect(ctx, ItemKeyFor(ItemKey::Edit, q.LocalReference).c_str());
        if (blocked && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", Tr(L, Str::OpenQueuedBlocked));
        if (!attention)
        {
            bool sending = false;
            for (const auto& job : ctx->SendingNow) sending |= job.second == q.LocalReference;
            ImGui::SameLine();
            ImGui::BeginDisabled(sending);
            if (ImGui::Button(Tr(L, sending ? Str::SendingNow : Str::SendNow))) SendQueuedNow(ctx, q.LocalReference);
            ImGui::EndDisabled();
            RecordItemRect(ctx, ItemKeyFor(ItemKey::SendNow, q.LocalReference).c_str());
        }
        ImGui::SameLine();
        if (ImGui::Button(Tr(L, Str::Discard))) ctx->Worker->DiscardQueued(q.LocalReference);
        RecordItemRect(ctx, ItemKeyFor(ItemKey::Discard, q.LocalReference).c_str());
        if (ctx->SendNowFailed == q.LocalReference)
        {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextDisabled("%s", Tr(L, Str::SendNowFailed));
            ImGui::PopTextWrapPos();
            if (!q.LastError.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", q.LastError.c_str());   // English
        }
        ImGui::PopID();
    }
    ImGui::Spacing();
}

std::string TicketCellText(const LocalTicket& t)
{
    // The id stays the ticket number; a ticket that waited in the outbox also names its "Q-…".
    return (t.LocalReference.empty() ? t.Ticket : t.Ticket + "  " + t.LocalReference) + "###" + t.Ticket;
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

void MyRequestsView(Context* ctx)
{
    const Language L = ctx->Lang;
    ImGui::BeginDisabled(ctx->Tickets.empty());
    if (ImGui::Button(Tr(L, Str::Refresh)))
        for (const LocalTicket& t : ctx->Tickets) RefreshStatus(ctx, t.Ticket);
    ImGui::EndDisabled();
    RecordItemRect(ctx, ItemKey::Refresh);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
    const bool enter = ImGui::InputTextWithHint("##lookup", Tr(L, Str::LookUpHint), ctx->LookupBuf, sizeof(ctx->LookupBuf),
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    RecordItemRect(ctx, ItemKey::Lookup);
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
    RecordItemRect(ctx, ItemKey::LookupButton);
    if (ctx->LookupNotFound) ImGui::TextColored(ErrorColor(), "%s", Tr(L, Str::LookUpNotFound));
    if (ctx->StatusJobsPending > 0)
    {
        ImGui::SameLine();
        ImGui::TextDisabled("…");
    }

    QueuedList(ctx);
    if (!ctx->TicketsFileProblem.empty())
    {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(ErrorColor(), "%s", Tr(L, Str::MyRequestsFileProblem));
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
            if (ImGui::Selectable(TicketCellText(t).c_str(), selected, ImGuiSelectableFlags_SpanAllColumns))
                ctx->LookupTicket = t.Ticket;
            const std::string key = ItemKeyFor(ItemKey::Row, t.Ticket);
            RecordItemRect(ctx, key.c_str());
            ImGui::TableNextColumn();
            ContactType type;
            ImGui::TextUnformatted(ContactTypeFromId(t.Type, &type) ? TypeLabel(L, type) : t.Type.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(CompactTime(t.SentAt).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(StatusLabel(L, t.LastStatus));
            const std::string skey = ItemKeyFor(ItemKey::Status, t.Ticket);
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
} // namespace ImContact
