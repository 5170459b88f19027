// The hand-over to the worker (StartSend) and the reducer of the worker's events
// (PollWorker, once a frame from ShowContactWindow): what each outcome does to the panel.
#include "imcontact_internal.h"

#include <cstdio>
#include <ctime>
#include <utility>

namespace ImContact
{

void StartSend(Context* ctx)
{
    if (ctx->Readback.Pending()) return;   // the screenshot the user sees coming is not there yet
    if (!ValidateDraft(ctx).empty())   // never sent as it stands (e.g. a character ImGui replaced as it was typed)
    {
        ctx->ShowErrors = true;
        return;
    }
    Report r;
    r.Fields = FormToSend(ctx);
    r.Language = LanguageCode(ctx->Lang);
    r.Technical = CollectTechnical(ctx);
    std::shared_ptr<const RgbaImage> shot;
    std::vector<ImageEdit> edits;
    if (ctx->AttachScreenshot && ctx->Shot)
    {
        shot = ctx->Shot;   // shared, not copied: the form keeps it for a retry
        edits = EditsToSend(ctx);   // applied on the worker before encoding
    }
    AttachmentSelection attach;
    attach.Include = ctx->AttachInclude;   // the user's ticks; the files are read on the worker
    ctx->LastFailure = SubmitterEvent();
    ctx->LastAttachments.clear();
    ctx->LastScreenshot = ScreenshotEncoding();
    ctx->CopiedTicket = false;
    if (!ctx->ReplacesRef.empty())
        ctx->SendJob = ctx->Worker->SubmitReplacement(std::move(r), std::move(shot), ctx->ReplacesRef, std::move(edits), std::move(attach));
    else
        ctx->SendJob = ctx->Worker->SubmitReport(std::move(r), std::move(shot), std::move(edits), std::move(attach));
}

// What a status look-up says about the receiver, for the refresh row of "My requests".
static void NoteStatusLookup(Context* ctx, StatusOutcome outcome)
{
    switch (outcome)
    {
    case StatusOutcome::Updated:
    case StatusOutcome::Unchanged:
    case StatusOutcome::NotFound:      // an answer all the same
        ctx->StatusOffline = false;
        ctx->StatusUpdatedAt = static_cast<long long>(std::time(nullptr));
        break;
    case StatusOutcome::Unreachable:
        ctx->StatusOffline = true;
        break;
    case StatusOutcome::None:
    case StatusOutcome::Failed:
    case StatusOutcome::Cancelled:
        break;
    }
}

// The worker refreshes statuses by itself while the panel is open (it owns the schedule).
static void SyncStatusRefresh(Context* ctx)
{
    const bool want = ctx->OpenInternal && !(ctx->Cfg.Flags & ImContactFlags_NoTracking);
    if (want == ctx->StatusRefreshOn) return;
    ctx->StatusRefreshOn = want;
    ctx->Worker->SetStatusRefresh(want);
}

void MarkSeen(Context* ctx, const std::string& ticket)
{
    for (LocalTicket& t : ctx->Tickets)
        if (t.Ticket == ticket && t.Unseen)
        {
            t.Unseen = false;   // at once here; the worker writes tickets.json and sends the list back
            ctx->Worker->MarkTicketSeen(ticket);
        }
}

int UnreadCount(Context* ctx)
{
    int n = 0;
    for (const LocalTicket& t : ctx->Tickets) n += t.Unseen ? 1 : 0;
    return n;
}

void PollWorker(Context* ctx)
{
    SyncStatusRefresh(ctx);
    SubmitterEvent ev;
    while (ctx->Worker->PollEvent(&ev))
    {
        switch (ev.What)
        {
        case SubmitterEvent::Kind::TicketsLoaded:
            ctx->Tickets = ev.Tickets;
            ctx->TicketsFileProblem = ev.Ok ? std::string() : ev.Detail;
            break;
        case SubmitterEvent::Kind::StatusFinished:
            if (ev.Job != 0 && ctx->StatusJobsPending > 0) ctx->StatusJobsPending--;   // Job 0: the background refresh
            NoteStatusLookup(ctx, ev.StatusResult);
            break;
        case SubmitterEvent::Kind::SendFinished:
            if (ev.Job != ctx->SendJob) break;
            ctx->SendJob = 0;
            ctx->LastAttachments = ev.Attachments;   // shown in the outcome and in "what is sent"
            ctx->LastScreenshot = ev.Screenshot;
            if (ev.Outcome == SendOutcome::Delivered || ev.Outcome == SendOutcome::SavedWillRetry)
            {
                // Delivered, or saved in the outbox to be sent automatically: either way the
                // report is safe and the next contact starts from a clean form.
                const bool delivered = ev.Outcome == SendOutcome::Delivered;
                if (delivered) ctx->LastReceipt = ev.Receipt;
                ctx->LastQueuedRef = delivered ? std::string() : ev.LocalReference;
                ctx->View = delivered ? PanelView::Success : PanelView::Queued;
                ctx->Draft.Message.clear();
                ctx->Draft.Reference.clear();
                ctx->Draft.Phone.clear();
                ctx->ReplacesRef.clear();
                ClearScreenshot(ctx);
                ctx->ShowErrors = false;
                for (bool& t : ctx->Touched) t = false;
                ctx->AttachInclude.assign(ctx->Cfg.Attachments.size(), true);   // the next report: all ticked again
            }
            else
            {
                ctx->LastFailure = ev;   // the form keeps every field
                // A rejected report stays in the outbox (needs attention): sending the edited
                // form again replaces it rather than leaving both.
                if (ev.Outcome == SendOutcome::NeedsAttention) ctx->ReplacesRef = ev.LocalReference;
            }
            break;
        case SubmitterEvent::Kind::OutboxChanged:
            ctx->Outbox = ev.Outbox;
            break;
        case SubmitterEvent::Kind::Delivered:
        {
            char buf[256];
            std::snprintf(buf, sizeof(buf), Tr(ctx->Lang, Str::DeliveredNotice), ev.LocalReference.c_str(), ev.Receipt.Ticket.c_str());
            ctx->Notice = buf;
            ctx->NoticeUntil = ImGui::GetTime() + 8.0;
            if (ctx->View == PanelView::Queued && ctx->LastQueuedRef == ev.LocalReference)
            {
                ctx->LastReceipt = ev.Receipt;
                ctx->View = PanelView::Success;
            }
            break;
        }
        case SubmitterEvent::Kind::ReportRestored:
        {
            // "Edit and send again": the saved report back in the form, with its screenshot.
            ctx->Draft = ev.Restored.Fields;
            ctx->ReplacesRef = ev.LocalReference;
            if (!ev.RestoredScreenshot.Empty())
                InstallScreenshot(ctx, std::make_shared<RgbaImage>(std::move(ev.RestoredScreenshot)));
            else
                ClearScreenshot(ctx);
            ctx->AttachScreenshot = ctx->Shot != nullptr;
            ctx->LastFailure = SubmitterEvent();
            ctx->View = PanelView::Form;
            ctx->Tab = 0;
            ctx->SelectTab = true;
            break;
        }
        case SubmitterEvent::Kind::Quarantined:
            ctx->OutboxNote = ev.Detail;
            break;
        }
    }
}

} // namespace ImContact
