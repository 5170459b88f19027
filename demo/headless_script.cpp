#include "headless_script.h"

#include "receiver_embed.h"

#include <algorithm>
#include <cstdio>

namespace Demo
{

static const char* const kReference = "LASKU-2024-00042";
static const char* const kMessage =
    "Raportin tulostus jähmettää ohjelman noin 5 sekunniksi.\n"
    "Tapahtuu joka kerta: Raportit > lasku 2024-00042 > Tulosta.\n"
    "Kuvakaappaus on Raportit-näkymästä juuri ennen tätä (asiakkaiden tiedot peitetty).";

// What the agent asks in the scripted session (set-status with a note).
static const char* const kAgentNote =
    "Kiitos raportista! Voitteko kertoa, mikä PDF-lukija teillä on käytössä ja tapahtuuko jähmettyminen "
    "myös, kun tulostatte toisen laskun? Tarkistamme sillä välin tulostuspalvelun lokit.";
static const char* const kOfflineMessage =
    "Raportit-näkymän vienti Exceliin ei käynnisty: painike ei tee mitään. Lähetetty, kun verkko oli poikki.";

static double Now() { return ImContactTest::Seconds(); }

HeadlessScript::HeadlessScript(ImContact::Context* contact, AppState* app, EmbeddedReceiver* receiver,
                               const std::vector<std::string>& sub_applications, const std::string& window_png)
    : contact_(contact), app_(app), receiver_(receiver), subApplications_(sub_applications), pngBase_(window_png),
      driver_(contact, "[headless]")
{
    BuildSteps();
}

// A widget of the host UI, as recorded in AppState in the last frame.
HeadlessScript::RectFn HeadlessScript::HostRect(const ScreenRect* r)
{
    return [r](ImVec2* a, ImVec2* b) {
        if (r->Frame < ImGui::GetFrameCount() - 1) return false;
        *a = r->Min;
        *b = r->Max;
        return true;
    };
}

// The screenshot as the editor shows it at zoom 1: fit and centred in its canvas, with
// the frame's aspect (the screenshot is the whole frame).
HeadlessScript::RectFn HeadlessScript::PictureRect() const
{
    ImContact::Context* ctx = contact_;
    return [ctx](ImVec2* a, ImVec2* b) {
        ImVec2 ca, cb;
        if (!ImContact::GetItemRect(ctx, ImContact::ItemKey::EditorCanvas, &ca, &cb)) return false;
        const ImVec2 frame = ImGui::GetIO().DisplaySize;
        if (frame.x <= 0.0f || frame.y <= 0.0f) return false;
        const float s = std::min((cb.x - ca.x) / frame.x, (cb.y - ca.y) / frame.y);
        const ImVec2 c((ca.x + cb.x) * 0.5f, (ca.y + cb.y) * 0.5f);
        *a = ImVec2(c.x - frame.x * s * 0.5f, c.y - frame.y * s * 0.5f);
        *b = ImVec2(c.x + frame.x * s * 0.5f, c.y + frame.y * s * 0.5f);
        return true;
    };
}

// A host area (screen coordinates of the frame the screenshot is of) where the editor shows
// it in the picture, a little larger so that the edit covers its edges.
HeadlessScript::RectFn HeadlessScript::HostAreaInPicture(const ScreenRect* area) const
{
    const RectFn picture = PictureRect();
    return [picture, area](ImVec2* a, ImVec2* b) {
        ImVec2 pa, pb;
        const ImVec2 frame = ImGui::GetIO().DisplaySize;
        if (area->Frame < 0 || !picture(&pa, &pb) || frame.x <= 0.0f || frame.y <= 0.0f) return false;
        const float sx = (pb.x - pa.x) / frame.x, sy = (pb.y - pa.y) / frame.y, pad = 3.0f;
        *a = ImVec2(pa.x + (area->Min.x - pad) * sx, pa.y + (area->Min.y - pad) * sy);
        *b = ImVec2(pa.x + (area->Max.x + pad) * sx, pa.y + (area->Max.y + pad) * sy);
        return true;
    };
}

const ImContact::LocalTicket* HeadlessScript::FindTicket() const
{
    for (const ImContact::LocalTicket& t : ImContact::GetTickets(contact_))
        if (t.Ticket == ticket_) return &t;
    return nullptr;
}

void HeadlessScript::BuildSteps()
{
    ImContact::Context* ctx = contact_;
    AppState* app = app_;

    driver_.AddWait("start: first frames rendered", 10.0, [this]() { return driver_.Frames() >= 10; });
    driver_.AddClickRect("switch to the view Raportit", HostRect(&app->ViewTabs[ViewReports]));
    driver_.AddWait("view Raportit is shown", 5.0, [app]() { return app->View == ViewReports; });

    // R1, R9: the hotkey opens the panel with a fresh screenshot of the frame.
    driver_.AddKey("press F8", IMCONTACT_DEFAULT_HOTKEY);
    driver_.AddWait("panel opens", 10.0, [ctx]() {
        ImVec2 a, b;
        return ImContact::IsOpen(ctx) && ImContact::GetItemRect(ctx, ImContact::ItemKey::Window, &a, &b) && ImContact::GetItemRect(ctx, ImContact::ItemKey::Send, &a, &b);
    });
    driver_.AddReveal("panel shows the screenshot", ImContact::ItemKey::Thumbnail);

    // The screenshot at full size: the customers' names hidden, the invoice sums pixelated.
    driver_.AddClick("open the screenshot in the editor", ImContact::ItemKey::Thumbnail);
    driver_.AddWait("the editor opens", 5.0, [ctx]() {
        ImVec2 a, b;
        return ImContact::GetItemRect(ctx, ImContact::ItemKey::EditorCanvas, &a, &b);
    });
    // The Raportit table's Asiakas and Summa cells, where the view laid them out at this
    // window size, found in the picture (the whole frame).
    driver_.AddDragRect("hide the customers' names (the default tool)", HostAreaInPicture(&app->CustomerCells), ImVec2(0, 0), ImVec2(1, 1));
    driver_.AddClick("choose Pikselöi", ImContact::ItemKeyIndexed(ImContact::ItemKey::EditorTool, static_cast<int>(ImContact::ImageEditKind::Pixelate)));
    driver_.AddDragRect("pixelate the invoice sums", HostAreaInPicture(&app->AmountCells), ImVec2(0, 0), ImVec2(1, 1));
    AddSaveWindowPng("save the window with the editor open", "-editor");
    driver_.AddClick("close the editor (Valmis)", ImContact::ItemKey::EditorDone);
    driver_.AddWait("the editor closes", 5.0, [ctx]() {
        ImVec2 a, b;
        return !ImContact::GetItemRect(ctx, ImContact::ItemKey::Editor, &a, &b);
    });
    driver_.AddReveal("panel shows the edited screenshot", ImContact::ItemKey::Thumbnail);
    AddSaveWindowPng("save the window with the edited thumbnail", "-thumbnail");

    // R5: the panel's "change own details" opens the host's "Omat tiedot" (Config::OnChangeDetails).
    driver_.AddClick("press Muuta omia tietoja", ImContact::ItemKey::ChangeDetails, +1);   // above the screenshot: search upwards
    driver_.AddWait("Omat tiedot opens", 5.0, [app]() { return app->ShowOwnDetails; });
    driver_.AddClickRect("close Omat tiedot (Peruuta)", HostRect(&app->OwnDetailsCancel));
    driver_.AddWait("Omat tiedot closes", 5.0, [app]() { return !app->ShowOwnDetails; });

    // R2 type, R3 speed, R6 sub-application, R7 reference, R8 message
    driver_.AddClick("open the Tyyppi list", ImContact::ItemKey::Type, +1);   // the top of the form
    driver_.AddClick("choose Toimintahäiriö", ImContact::ItemKeyIndexed(ImContact::ItemKey::Type, 1));
    driver_.AddClick("choose Normaalia nopeammin", ImContact::ItemKeyIndexed(ImContact::ItemKey::Speed, 1));
    driver_.AddClick("open the Alisovellus list", ImContact::ItemKey::SubApplication);
    size_t report_index = subApplications_.size();   // "Raportti" is appended when the host does not list it
    for (size_t i = 0; i < subApplications_.size(); i++)
        if (subApplications_[i] == "Raportti") report_index = i;
    driver_.AddClick("choose Raportti", ImContact::ItemKeyIndexed(ImContact::ItemKey::SubApplication, report_index + 1));   // item 0 is "(none)"
    driver_.AddClick("focus the reference field", ImContact::ItemKey::Reference);
    driver_.AddType("type the reference", kReference);
    driver_.AddClick("focus the message field", ImContact::ItemKey::Message);
    driver_.AddType("type the message", kMessage);
    // "What is sent": the technical details and the demo's log as an attachment (ticked).
    driver_.AddClick("open what is sent", ImContact::ItemKey::WhatIsSent);
    driver_.AddReveal("the log is listed as an attachment", ImContact::ItemKeyIndexed(ImContact::ItemKey::AttachmentCheck, 0));
    AddSaveWindowPng("save the window as PNG", "");

    // R10 send, R12 confirmation, R13 ticket number
    driver_.AddClick("press Lähetä yhteydenotto", ImContact::ItemKey::Send);
    driver_.Add("send starts", 5.0, [this, ctx]() {
        ImVec2 a, b;
        if (ImContact::IsSending(ctx) || ImContact::LastTicketNumber(ctx)[0] || ImContact::GetItemRect(ctx, ImContact::ItemKey::Failure, &a, &b))
            return Status::Done;
        if (ImContact::GetItemRect(ctx, ImContact::ItemKey::WhyDisabled, &a, &b))
        {
            return driver_.Fail("the send button is disabled: the panel finds the form invalid");
        }
        return Status::Running;
    });
    driver_.Add("ticket number received", 30.0, [this, ctx]() {
        ImVec2 a, b;
        if (ImContact::LastTicketNumber(ctx)[0])
        {
            ticket_ = ImContact::LastTicketNumber(ctx);
            return ImContact::GetItemRect(ctx, ImContact::ItemKey::Ticket, &a, &b) ? Status::Done : Status::Running;
        }
        if (!ImContact::IsSending(ctx) && ImContact::GetItemRect(ctx, ImContact::ItemKey::Failure, &a, &b))
        {
            return driver_.Fail("the panel shows a send failure (see the window); is the receiver at the endpoint running?");
        }
        return Status::Running;
    });
    AddSaveWindowPng("save the confirmation", "-sent");
    driver_.Add("ticket is in My requests (GetTickets)", 5.0, [this]() {
        const ImContact::LocalTicket* t = FindTicket();
        if (!t) return Status::Running;
        if (t->Type != "malfunction")
        {
            return driver_.Fail("the ticket's type is '" + t->Type + "', expected 'malfunction'");
        }
        checkedBefore_ = t->LastChecked;
        return Status::Done;
    });

    // R14 tracking
    driver_.AddClick("open the My requests tab", ImContact::ItemKey::TabMine);
    driver_.AddWait("My requests is shown", 5.0, [ctx]() {
        ImVec2 a, b;
        return ImContact::GetItemRect(ctx, ImContact::ItemKey::Refresh, &a, &b);
    });
    driver_.AddClick("press Refresh", ImContact::ItemKey::Refresh);
    driver_.Add("status of the ticket is 'received'", 30.0, [this, ctx]() {
        if (statusWaitStart_ == 0.0) statusWaitStart_ = Now();
        const ImContact::LocalTicket* t = FindTicket();
        ImVec2 a, b;
        if (!t || !ImContact::GetItemRect(ctx, ImContact::ItemKeyFor(ImContact::ItemKey::Status, ticket_).c_str(), &a, &b)) return Status::Running;
        // A fetched status: LastChecked is set (or, when it was already set, changes or a moment passes).
        const bool fetched = !t->LastChecked.empty() && (checkedBefore_.empty() || t->LastChecked != checkedBefore_ || Now() - statusWaitStart_ > 2.0);
        if (!fetched) return Status::Running;
        if (t->LastStatus != "received")
        {
            return driver_.Fail("status is '" + t->LastStatus + "', expected 'received'");
        }
        return Status::Done;
    });

    // The receiver's own view of the ticket (embedded receiver only).
    if (receiver_)
        driver_.AddCheck("ticket stored by the receiver, with the screenshot", [this]() {
            StoredTicket s;
            std::string err;
            if (!receiver_->LookUp(ticket_, &s, &err))
            {
                driver_.Fail(err);
                return false;
            }
            std::string wrong;
            if (s.Type != "malfunction") wrong += " type=" + s.Type;
            if (s.Speed != "faster") wrong += " speed=" + s.Speed;
            if (s.Application != ViewName(ViewReports)) wrong += " application=" + s.Application;
            if (s.SubApplication != "Raportti") wrong += " sub_application=" + s.SubApplication;
            if (s.Reference != kReference) wrong += " reference=" + s.Reference;
            if (s.Message != kMessage) wrong += " message differs";
            if (s.Status != "received") wrong += " status=" + s.Status;
            if (s.QueueCount < 2) wrong += " not seen by both customer service and maintenance (R11)";
            if (!s.HasScreenshot || s.ScreenshotBytes == 0) wrong += " no screenshot";
            if (!wrong.empty()) driver_.Fail("stored ticket differs:" + wrong);
            else std::fprintf(stderr, "[headless]   stored: %s, %s, %s / %s, screenshot %zu bytes, %zu queues (primary %s)\n",
                              s.Type.c_str(), s.Speed.c_str(), s.Application.c_str(), s.SubApplication.c_str(), s.ScreenshotBytes,
                              s.QueueCount, s.PrimaryQueue.c_str());
            return wrong.empty();
        });
    if (receiver_) AddAgentAndOfflineSteps();
}

// With the embedded receiver: an agent asks the user a question, the panel shows it in
// My requests; then the receiver goes away and the next report is kept in the outbox.
void HeadlessScript::AddAgentAndOfflineSteps()
{
    ImContact::Context* ctx = contact_;
    driver_.AddCheck("an agent asks a question (waiting_for_customer with a note)", [this]() {
        std::string err;
        if (receiver_->SetStatus(ticket_, "waiting_for_customer", kAgentNote, &err)) return true;
        driver_.Fail(err);
        return false;
    });
    driver_.AddClick("press Refresh", ImContact::ItemKey::Refresh);
    driver_.AddWait("the panel shows the agent's question", 30.0, [this]() {
        const ImContact::LocalTicket* t = FindTicket();
        return t && t->LastStatus == "waiting_for_customer" && !t->History.empty() && t->History.back().Note == kAgentNote;
    });
    driver_.AddClickRect("open the ticket", [this, ctx](ImVec2* a, ImVec2* b) {   // its number is known only once sent
        return ImContact::GetItemRect(ctx, ImContact::ItemKeyFor(ImContact::ItemKey::Row, ticket_).c_str(), a, b);
    });
    AddSaveWindowPng("save My requests with the agent's note", "-requests");

    driver_.AddCheck("the receiver goes away", [this]() {
        receiver_->Stop();
        return true;
    });
    driver_.AddClick("back to the New contact tab", ImContact::ItemKey::TabNew);
    driver_.AddClick("press New contact", ImContact::ItemKey::NewContact);
    driver_.AddClick("open the Tyyppi list", ImContact::ItemKey::Type, +1);
    driver_.AddClick("choose Toimintahäiriö", ImContact::ItemKeyIndexed(ImContact::ItemKey::Type, 1));
    driver_.AddClick("focus the message field", ImContact::ItemKey::Message);
    driver_.AddType("type the message", kOfflineMessage);
    driver_.AddClick("press Lähetä yhteydenotto", ImContact::ItemKey::Send);
    driver_.AddWait("the report is kept in the outbox (Queued view)", 30.0, [ctx]() {
        ImVec2 a, b;
        return ImContact::GetItemRect(ctx, ImContact::ItemKey::QueuedBody, &a, &b);
    });
    AddSaveWindowPng("save the report kept while offline", "-offline");
}

// The PNG path given with the suffix before its extension: "out/panel.png", "-editor" ->
// "out/panel-editor.png".
void HeadlessScript::AddSaveWindowPng(const std::string& name, const std::string& suffix)
{
    if (pngBase_.empty()) return;
    std::string path = pngBase_;
    const size_t dot = path.rfind('.'), slash = path.rfind('/');
    path.insert(dot != std::string::npos && (slash == std::string::npos || dot > slash) ? dot : path.size(), suffix);
    driver_.Add(name, 10.0, [this, path]() {
        if (!pngRequested_)
        {
            pngRequested_ = true;
            pngDone_ = false;
            pngPath_ = path;
        }
        if (!pngDone_) return Status::Running;
        pngRequested_ = false;
        return pngOk_ ? Status::Done : driver_.Fail(pngError_);
    });
}

void HeadlessScript::WindowPngSaved(bool ok, const std::string& error)
{
    pngDone_ = true;
    pngOk_ = ok;
    pngError_ = error;
}

} // namespace Demo
