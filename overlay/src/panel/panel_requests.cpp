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
        ImGui::TextUnformatted(FormatLocalTime(L, q.CreatedAt).c_str());
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
        const std::string edit_key = ItemKeyFor(ItemKey::Edit, q.LocalReference);
        TabStopBefore(ctx, edit_key.c_str());
        if (ImGui::Button(Tr(L, attention ? Str::EditAndResend : Str::OpenQueued))) ctx->Worker->RestoreQueued(q.LocalReference);
        TabStop(ctx, edit_key.c_str());
        ImGui::EndDisabled();
        RecordItemRect(ctx, edit_key.c_str());
        if (blocked && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", Tr(L, Str::OpenQueuedBlocked));
        if (!attention)
        {
            bool sending = false;
            for (const auto& job : ctx->SendingNow) sending |= job.second == q.LocalReference;
            ImGui::SameLine();
            ImGui::BeginDisabled(sending);
            const std::string now_key = ItemKeyFor(ItemKey::SendNow, q.LocalReference);
            TabStopBefore(ctx, now_key.c_str());
            if (ImGui::Button(Tr(L, sending ? Str::SendingNow : Str::SendNow))) SendQueuedNow(ctx, q.LocalReference);
            TabStop(ctx, now_key.c_str());
            ImGui::EndDisabled();
            RecordItemRect(ctx, now_key.c_str());
        }
        ImGui::SameLine();
        const std::string discard_key = ItemKeyFor(ItemKey::Discard, q.LocalReference);
        TabStopBefore(ctx, discard_key.c_str());
        if (ImGui::Button(Tr(L, Str::Discard))) ctx->Worker->DiscardQueued(q.LocalReference);
        RecordItemRect(ctx, discard_key.c_str());
        TabStop(ctx, discard_key.c_str());
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

std::string WrittenTimeText(Language lang, const LocalTicket& t)
{
    if (t.WrittenAt.empty()) return "";
    const std::string written = FormatLocalTime(lang, t.WrittenAt);
    if (written == FormatLocalTime(lang, t.SentAt)) return "";   // the same minute: one time says it
    char buf[128];
    std::snprintf(buf, sizeof(buf), Tr(lang, Str::TimeWritten), written.c_str());
    return buf;
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

// The end of the refresh row: the offline indication, or when the statuses were last confirmed.
static void RefreshState(Context* ctx)
{
    const Language L = ctx->Lang;
    if (ctx->StatusOffline)
    {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%s", Tr(L, Str::StatusOffline));
        ImGui::PopTextWrapPos();
        RecordItemRect(ctx, ItemKey::StatusOffline);
    }
    else if (ctx->StatusUpdatedAt != 0)
    {
        char buf[64];
        std::snprintf(buf, sizeof(buf), Tr(L, Str::StatusUpdatedAt), FormatLocalClock(L, ctx->StatusUpdatedAt).c_str());
        ImGui::TextDisabled("%s", buf);
        RecordItemRect(ctx, ItemKey::StatusUpdated);
    }
    else
        ImGui::TextUnformatted("");   // the line is kept: the list under it does not move when the first answer comes
}

void MyRequestsView(Context* ctx)
{
    const Language L = ctx->Lang;
    ImGui::BeginDisabled(ctx->Tickets.empty());
    TabStopBefore(ctx, ItemKey::Refresh);
    if (ImGui::Button(Tr(L, Str::Refresh)))
        for (const LocalTicket& t : ctx->Tickets) RefreshStatus(ctx, t.Ticket);
    RecordItemRect(ctx, ItemKey::Refresh);
    TabStop(ctx, ItemKey::Refresh);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
    TabStopBefore(ctx, ItemKey::Lookup);
    const bool enter = ImGui::InputTextWithHint("##lookup", Tr(L, Str::LookUpHint), ctx->LookupBuf, sizeof(ctx->LookupBuf),
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    RecordItemRect(ctx, ItemKey::Lookup);
    TabStop(ctx, ItemKey::Lookup, TabStopFlags_Text);
    ImGui::SameLine();
    TabStopBefore(ctx, ItemKey::LookupButton);
    const bool look_up = ImGui::Button(Tr(L, Str::LookUp));
    TabStop(ctx, ItemKey::LookupButton);
    if (look_up || enter)
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
    RefreshState(ctx);

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
            if (t.Unseen)
            {
                ImGui::TextColored(OkColor(), "%s", Tr(L, Str::UnseenMark));   // changed since last opened
                RecordItemRect(ctx, ItemKeyFor(ItemKey::Unseen, t.Ticket).c_str());
                ImGui::SameLine();
            }
            const bool selected = ctx->LookupTicket == t.Ticket;
            const std::string key = ItemKeyFor(ItemKey::Row, t.Ticket);
            TabStopBefore(ctx, key.c_str());
            if (ImGui::Selectable(TicketCellText(t).c_str(), selected, ImGuiSelectableFlags_SpanAllColumns))
            {
                ctx->LookupTicket = t.Ticket;
                RefreshStatus(ctx, t.Ticket);   // opened: its latest status and history (a 304 if unchanged)
            }
            RecordItemRect(ctx, key.c_str());
            TabStop(ctx, key.c_str());
            ImGui::TableNextColumn();
            ContactType type;
            ImGui::TextUnformatted(ContactTypeFromId(t.Type, &type) ? TypeLabel(L, type) : t.Type.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(FormatLocalTime(L, t.SentAt).c_str());
            const std::string written = WrittenTimeText(L, t);   // saved offline, delivered later: both
            if (!written.empty())
            {
                ImGui::PushTextWrapPos(0.0f);
                ImGui::TextDisabled("%s", written.c_str());
                ImGui::PopTextWrapPos();
                RecordItemRect(ctx, ItemKeyFor(ItemKey::Written, t.Ticket).c_str());
            }
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", StatusLabel(L, t.LastStatus));   // wraps in a narrow column ("Waiting for more information")
            const std::string skey = ItemKeyFor(ItemKey::Status, t.Ticket);
            RecordItemRect(ctx, skey.c_str());
        }
        ImGui::EndTable();
    }
    if (const LocalTicket* t = FindTicket(ctx, ctx->LookupTicket))
    {
        if (t->Unseen) MarkSeen(ctx, t->Ticket);   // the user is looking at it now
        ImGui::Separator();
        ImGui::Text(Tr(L, Str::TicketNumber), t->Ticket.c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("%s", StatusLabel(L, t->LastStatus));
        const std::string written = WrittenTimeText(L, *t);
        if (!written.empty())
        {
            char delivered[128];
            std::snprintf(delivered, sizeof(delivered), Tr(L, Str::TimeDelivered), FormatLocalTime(L, t->SentAt).c_str());
            ImGui::TextDisabled("%s, %s", written.c_str(), delivered);
        }
        ImGui::TextUnformatted(Tr(L, Str::History));
        // The receiver's words wrap at the panel's edge, each entry under its bullet.
        ImGui::PushTextWrapPos(0.0f);
        for (size_t i = 0; i < t->History.size(); i++)
        {
            const HistoryEntry& h = t->History[i];
            ImGui::Bullet();
            ImGui::TextWrapped("%s  %s%s%s", FormatLocalTime(L, h.At).c_str(), StatusLabel(L, h.Status), h.Note.empty() ? "" : " — ",
                               h.Note.c_str());
            // unclipped, so that a test sees a line that runs past the edge
            ctx->ItemRects[ItemKeyIndexed(ItemKey::HistoryEntry, static_cast<int>(i))] = {
                ImVec4(ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectMax().x, ImGui::GetItemRectMax().y),
                ImGui::GetFrameCount() };
        }
        ImGui::PopTextWrapPos();
    }
}
} // namespace ImContact
