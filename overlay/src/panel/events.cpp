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

// The typed fields go (a report was sent or saved, or the user discarded the draft): the
// next contact starts from a clean form that keeps the type, speed and sub-application.
// The draft file goes with them.
static void StartFreshForm(Context* ctx)
{
    ctx->Draft.Message.clear();
    ctx->Draft.Reference.clear();
    ctx->Draft.Phone.clear();
    ctx->ReplacesRef.clear();
    ctx->ShowErrors = false;
    for (bool& t : ctx->Touched) t = false;
    ctx->ApplicationByHand = false;
    ctx->DraftRestored = false;
    KeepDraft(ctx, true);
}

// What of the form is kept as the draft (SavedDraft): all but the host's organisation and email.
static bool SameDraft(const Context* ctx, const SavedDraft& d)
{
    const Form& a = ctx->Draft;
    const Form& b = d.Fields;
    return a.Message == b.Message && a.Reference == b.Reference && a.Phone == b.Phone && a.Type == b.Type &&
           a.Speed == b.Speed && a.Application == b.Application && a.SubApplication == b.SubApplication &&
           ctx->ApplicationByHand == d.ApplicationByHand && ctx->ReplacesRef == d.Replaces;
}

bool FormHasTypedText(const Context* ctx)
{
    const Form& f = ctx->Draft;
    return !f.Message.empty() || !f.Reference.empty() || !f.Phone.empty();
}

void KeepDraft(Context* ctx, bool now)
{
    if (!FormHasTypedText(ctx))
    {
        // Nothing typed (sent, discarded, or erased by the user): no draft to keep.
        if (ctx->DraftOnDisk) ctx->Worker->DiscardDraft();
        ctx->DraftOnDisk = false;
        ctx->DraftHanded = SavedDraft();
        return;
    }
    if (ctx->DraftOnDisk && SameDraft(ctx, ctx->DraftHanded)) return;
    // At most once a second while the user types (the form is copied for the worker).
    if (!now && ctx->DraftHandedAt >= 0.0 && ImGui::GetTime() - ctx->DraftHandedAt < 1.0) return;
    SavedDraft d;
    d.Fields = ctx->Draft;
    d.Fields.Organisation.clear();   // the host's, never stored
    d.Fields.Email.clear();
    d.ApplicationByHand = ctx->ApplicationByHand;
    d.Replaces = ctx->ReplacesRef;
    ctx->DraftHanded = d;
    ctx->Worker->SaveDraft(std::move(d));
    ctx->DraftOnDisk = true;
    if (!now) ctx->DraftHandedAt = ImGui::GetTime();
}

void DiscardDraftForm(Context* ctx)
{
    StartFreshForm(ctx);
    FollowCurrentApplication(ctx);
}

void SendQueuedNow(Context* ctx, const std::string& local_reference)
{
    ctx->SendingNow[ctx->Worker->SendQueuedNow(local_reference)] = local_reference;
    if (ctx->SendNowFailed == local_reference) ctx->SendNowFailed.clear();
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
                StartFreshForm(ctx);   // and the draft file goes: the report is safe
                ClearScreenshot(ctx);
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
        {
            ctx->Outbox = ev.Outbox;
            auto now = ctx->SendingNow.find(ev.Job);
            if (now != ctx->SendingNow.end())
            {
                // "Send now" ended: still queued means it did not get through (or could not be tried).
                const std::string ref = now->second;
                ctx->SendingNow.erase(now);
                for (const QueuedReport& q : ctx->Outbox)
                    if (q.LocalReference == ref) ctx->SendNowFailed = ref;
            }
            break;
        }
        case SubmitterEvent::Kind::Delivered:
        {
            char buf[256];
            std::snprintf(buf, sizeof(buf), Tr(ctx->Lang, Str::DeliveredNotice), ev.LocalReference.c_str(), ev.Receipt.Ticket.c_str());
            // Kept until the user dismisses it (DrawNotice, NoticeBanner): it links the reference to the ticket.
            ctx->Notice += (ctx->Notice.empty() ? "" : "\n") + std::string(buf);
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
            ctx->ApplicationByHand = true;   // the saved report's own application, not where the user is now
            ctx->DraftRestored = false;
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
        case SubmitterEvent::Kind::DraftLoaded:
        {
            if (!ev.Ok) ctx->DraftProblem = ev.Detail;   // damaged: set aside by the worker
            if (!ev.HasDraft || FormHasTypedText(ctx)) break;   // never over what the user typed meanwhile
            // The unsent form of an earlier run, back where it was; the host's details stay the host's.
            ctx->Draft = ev.Draft.Fields;
            ctx->Draft.Organisation.clear();
            ctx->Draft.Email.clear();
            ctx->ApplicationByHand = ev.Draft.ApplicationByHand;
            ctx->ReplacesRef = ev.Draft.Replaces;
            ctx->DraftHanded = ev.Draft;
            ctx->DraftOnDisk = true;
            ctx->DraftRestored = true;
            break;
        }
        case SubmitterEvent::Kind::DraftStored:
            ctx->DraftProblem = ev.Ok ? std::string() : ev.Detail;
            break;
        }
    }
}

} // namespace ImContact
