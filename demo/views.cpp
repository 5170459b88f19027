#include "views.h"

#include "chrome.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace Demo
{

const char* ViewName(int view)
{
    switch (view)
    {
    case ViewModelEditor: return "Mallieditori";
    case ViewVisualiser: return "Visualisointi";
    case ViewReports: return "Raportit";
    default: return "";
    }
}

const char* ViewDescription(int view, bool english)
{
    switch (view)
    {
    case ViewModelEditor: return english ? "Model editor" : "Mallin muokkaus";
    case ViewVisualiser: return english ? "Field visualiser" : "Kentän visualisointi";
    case ViewReports: return english ? "Invoices and reports" : "Laskut ja raportit";
    default: return "";
    }
}

static bool CtrlDigitPressed(int digit)
{
    const ImGuiIO& io = ImGui::GetIO();
    if (!io.KeyCtrl || io.WantTextInput) return false;
#if IMGUI_VERSION_NUM >= 18700
    return ImGui::IsKeyPressed(static_cast<ImGuiKey>(ImGuiKey_0 + digit), false);
#else
    return ImGui::IsKeyPressed('0' + digit, false);   // imgui_impl_glfw: GLFW_KEY_0.. == '0'..
#endif
}

// A fixed panel docked to the left edge of the work area, below the tabs.
static bool BeginSidePanel(const AppState& app, const char* title, float top)
{
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float w = ImGui::GetFontSize() * 19.0f;
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x, top));
    ImGui::SetNextWindowSize(ImVec2(w, vp->Pos.y + vp->Size.y - StatusBarHeight() - top));
    (void)app;
    const bool open = ImGui::Begin(title, nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                                       ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PushItemWidth(-ImGui::GetFontSize() * 7.0f);   // room for the labels on the right
    return open;
}

static void EndSidePanel()
{
    ImGui::PopItemWidth();
    ImGui::End();
}

static void CameraControls(AppState& app)
{
    if (!ImGui::CollapsingHeader(Tx(app, "Kamera", "Camera"), ImGuiTreeNodeFlags_DefaultOpen)) return;
    ImGui::SliderAngle(Tx(app, "Kierto", "Orbit"), &app.Scene.Orbit, -180.0f, 180.0f);
    ImGui::SliderAngle(Tx(app, "Korkeus", "Elevation"), &app.Scene.Elevation, 5.0f, 80.0f);
    ImGui::SliderFloat(Tx(app, "Etäisyys", "Distance"), &app.Scene.Distance, 3.0f, 10.0f, "%.1f");
    ImGui::Checkbox(Tx(app, "Ruudukko", "Grid"), &app.Scene.ShowGrid);
}

static void ModelEditorPanel(AppState& app, float top)
{
    if (BeginSidePanel(app, Tx(app, "Ominaisuudet###side", "Properties###side"), top))
    {
        static int selected = 1;
        if (ImGui::CollapsingHeader(Tx(app, "Kokoonpano", "Assembly"), ImGuiTreeNodeFlags_DefaultOpen))
        {
            const char* parts[] = { "Runko R-100", "Solmuosa 2-3", "Kiinnike K-12", "Kiinnike K-13" };
            for (int i = 0; i < 4; i++)
                if (ImGui::Selectable(parts[i], selected == i)) selected = i;
        }
        if (ImGui::CollapsingHeader(Tx(app, "Ulkoasu", "Appearance"), ImGuiTreeNodeFlags_DefaultOpen))
        {
            ImGui::ColorEdit3(Tx(app, "Väri", "Colour"), app.Scene.ModelColor);
            ImGui::SliderFloat(Tx(app, "Pyörimisnopeus", "Spin speed"), &app.Scene.SpinSpeed, 0.0f, 2.0f, "%.2f rad/s");
            ImGui::Checkbox(Tx(app, "Rautalankamalli", "Wireframe"), &app.Scene.Wireframe);
        }
        CameraControls(app);
        if (ImGui::CollapsingHeader(Tx(app, "Tilastot", "Statistics"), ImGuiTreeNodeFlags_DefaultOpen))
        {
            ImGui::Text("%s: 10 469", Tx(app, "Kärkiä", "Vertices"));
            ImGui::Text("%s: 20 160", Tx(app, "Kolmioita", "Triangles"));
            ImGui::Text("%s: %s", Tx(app, "Valittu", "Selected"), selected == 1 ? "Solmuosa 2-3" : "-");
        }
    }
    EndSidePanel();
}

static void VisualiserPanel(AppState& app, float top)
{
    if (BeginSidePanel(app, Tx(app, "Parametrit###side", "Parameters###side"), top))
    {
        if (ImGui::CollapsingHeader(Tx(app, "Kenttä", "Field"), ImGuiTreeNodeFlags_DefaultOpen))
        {
            ImGui::SliderFloat(Tx(app, "Amplitudi", "Amplitude"), &app.Scene.Amplitude, 0.05f, 1.2f, "%.2f");
            ImGui::SliderFloat(Tx(app, "Taajuus", "Frequency"), &app.Scene.Frequency, 0.5f, 6.0f, "%.2f");
            ImGui::SliderFloat(Tx(app, "Virtausnopeus", "Flow speed"), &app.Scene.FlowSpeed, 0.0f, 3.0f, "%.2f");
            const char* maps[] = { "Viridis", app.English ? "Thermal" : "Lämpö", app.English ? "Grey" : "Harmaa" };
            ImGui::Combo(Tx(app, "Väriskaala", "Colour map"), &app.Scene.Colormap, maps, 3);
            ImGui::Checkbox(Tx(app, "Korkeuskäyrät", "Contour lines"), &app.Scene.Contours);
        }
        CameraControls(app);
        if (ImGui::CollapsingHeader(Tx(app, "Poikkileikkaus z = 0", "Cross-section z = 0"), ImGuiTreeNodeFlags_DefaultOpen))
        {
            // The same waves as heightfield.vert, sampled along x at z = 0 (approximately: the scene's own clock).
            float samples[96];
            const float t = static_cast<float>(ImGui::GetTime()) * app.Scene.FlowSpeed, f = app.Scene.Frequency;
            for (int i = 0; i < 96; i++)
            {
                const float x = -1.0f + 2.0f * static_cast<float>(i) / 95.0f;
                samples[i] = app.Scene.Amplitude * (std::sin(x * f * 1.7f + t * 1.3f) * 0.45f + std::sin(-t * 0.9f) * 0.35f +
                                                    std::sin(x * f * 1.1f + t * 0.7f) * 0.30f);
            }
            // (PlotLines takes no negative width in Dear ImGui 1.86: pass the available width.)
            ImGui::PlotLines("##section", samples, 96, 0, nullptr, -1.2f, 1.2f,
                             ImVec2(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 6.0f));
        }
    }
    EndSidePanel();
}

struct Invoice
{
    const char* Number;
    const char* Customer;
    double      Amount;
    const char* StatusFi;
    const char* StatusEn;
};

static const Invoice kInvoices[] = {
    { "LASKU-2024-00037", "Rakennus Virtanen Oy", 12480.00, "Maksettu", "Paid" },
    { "LASKU-2024-00038", "Konepaja Niemi Ky", 3260.40, "Maksettu", "Paid" },
    { "LASKU-2024-00039", "Esimerkki Oy", 845.90, "Avoin", "Open" },
    { "LASKU-2024-00040", "Sähkö-Laine Oy", 5120.00, "Erääntynyt", "Overdue" },
    { "LASKU-2024-00041", "Puutalo Mäkinen", 2310.75, "Avoin", "Open" },
    { "LASKU-2024-00042", "Esimerkki Oy", 1840.50, "Kiistetty", "Disputed" },
    { "LASKU-2024-00043", "Valimo Heikkinen Oy", 9675.20, "Avoin", "Open" },
};

static void ReportsView(AppState& app, float top)
{
    static int month_from = 0, month_to = 11;
    static bool only_open = false;
    if (BeginSidePanel(app, Tx(app, "Rajaus###side", "Filter###side"), top))
    {
        const char* months[] = { "1/2024", "2/2024", "3/2024", "4/2024", "5/2024", "6/2024",
                                 "7/2024", "8/2024", "9/2024", "10/2024", "11/2024", "12/2024" };
        ImGui::Combo(Tx(app, "Alkaen", "From"), &month_from, months, 12);
        ImGui::Combo(Tx(app, "Päättyen", "To"), &month_to, months, 12);
        ImGui::Checkbox(Tx(app, "Vain avoimet", "Open only"), &only_open);
        ImGui::Spacing();
        if (ImGui::Button(Tx(app, "Tulosta", "Print"))) ShowNotice(app, Tx(app, "Raportti lähetetty tulostimelle", "Report sent to the printer"));
        ImGui::SameLine();
        if (ImGui::Button(Tx(app, "Vie CSV", "Export CSV"))) ShowNotice(app, Tx(app, "Raportti viety: raportti.csv", "Report exported: report.csv"));
    }
    EndSidePanel();

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float side = ImGui::GetFontSize() * 19.0f;
    const float pad = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + side + pad, top + pad));
    ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x - side - 2.0f * pad, vp->Pos.y + vp->Size.y - StatusBarHeight() - top - 2.0f * pad));
    if (ImGui::Begin(Tx(app, "Laskutusraportti###report", "Billing report###report"), nullptr,
                     ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                         ImGuiWindowFlags_NoBringToFrontOnFocus))
    {
        static const float sales[12] = { 31.2f, 28.4f, 35.9f, 40.1f, 38.7f, 44.0f, 22.5f, 30.8f, 47.3f, 51.0f, 49.6f, 55.2f };
        float shown[12];
        for (int i = 0; i < 12; i++) shown[i] = (i >= month_from && i <= month_to) ? sales[i] : 0.0f;
        ImGui::TextUnformatted(Tx(app, "Myynti kuukausittain (t€)", "Sales per month (k€)"));
        ImGui::PlotHistogram("##sales", shown, 12, 0, nullptr, 0.0f, 60.0f, ImVec2(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 9.0f));
        ImGui::Spacing();
        const ImGuiTableFlags tf = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_Resizable;
        if (ImGui::BeginTable("##invoices", 4, tf))
        {
            ImGui::TableSetupColumn(Tx(app, "Laskunumero", "Invoice number"));
            ImGui::TableSetupColumn(Tx(app, "Asiakas", "Customer"));
            ImGui::TableSetupColumn(Tx(app, "Summa (€)", "Amount (€)"));
            ImGui::TableSetupColumn(Tx(app, "Tila", "Status"));
            ImGui::TableHeadersRow();
            double total = 0.0;
            // The union of one column's cells, as drawn this frame (AppState::CustomerCells...).
            auto cell = [](ScreenRect& r) {
                const ImVec2 a = ImGui::GetCursorScreenPos();
                const ImVec2 b(a.x + ImGui::GetContentRegionAvail().x, a.y + ImGui::GetTextLineHeight());
                if (r.Frame != ImGui::GetFrameCount()) r = { a, b, ImGui::GetFrameCount() };
                r.Min = ImVec2(std::min(r.Min.x, a.x), std::min(r.Min.y, a.y));
                r.Max = ImVec2(std::max(r.Max.x, b.x), std::max(r.Max.y, b.y));
            };
            for (const Invoice& inv : kInvoices)
            {
                if (only_open && inv.StatusEn[0] == 'P') continue;
                total += inv.Amount;
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(inv.Number);
                ImGui::TableNextColumn();
                cell(app.CustomerCells);
                ImGui::TextUnformatted(inv.Customer);
                ImGui::TableNextColumn();
                cell(app.AmountCells);
                ImGui::Text("%10.2f", inv.Amount);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(app.English ? inv.StatusEn : inv.StatusFi);
            }
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", Tx(app, "Yhteensä", "Total"));
            ImGui::TableNextColumn();
            ImGui::TableNextColumn();
            ImGui::Text("%10.2f", total);
            ImGui::EndTable();
        }
        ImGui::TextDisabled("%s", Tx(app, "Ongelma raportissa? Valitse yhteydenotossa alisovellukseksi Raportti.",
                                     "A problem with a report? Choose Report as the sub-application when contacting support."));
    }
    ImGui::End();
}

// Tabs below the menu bar; returns the y coordinate where the views start.
static float ViewTabs(AppState& app)
{
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float h = ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y * 2.0f;
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x, h));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    if (ImGui::Begin("##viewtabs", nullptr, flags))
    {
        for (int v = 0; v < ViewCount; v++)
            if (CtrlDigitPressed(v + 1)) app.RequestedView = v;
        if (ImGui::BeginTabBar("##views"))
        {
            for (int v = 0; v < ViewCount; v++)
            {
                const ImGuiTabItemFlags f = app.RequestedView == v ? ImGuiTabItemFlags_SetSelected : 0;
                const bool open = ImGui::BeginTabItem(ViewName(v), nullptr, f);
                app.ViewTabs[v] = { ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), ImGui::GetFrameCount() };
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (Ctrl+%d)", ViewDescription(v, app.English), v + 1);
                if (open)
                {
                    app.View = v;
                    ImGui::EndTabItem();
                }
            }
            ImGui::EndTabBar();
        }
        app.RequestedView = -1;
    }
    ImGui::End();
    ImGui::PopStyleVar();
    return vp->WorkPos.y + h;
}

void DrawViews(AppState& app)
{
    const float top = ViewTabs(app);
    switch (app.View)
    {
    case ViewModelEditor:
        app.Scene.Kind = SceneKind::Model;
        if (app.ShowSidePanel) ModelEditorPanel(app, top);
        break;
    case ViewVisualiser:
        app.Scene.Kind = SceneKind::HeightField;
        if (app.ShowSidePanel) VisualiserPanel(app, top);
        break;
    case ViewReports:
        app.Scene.Kind = SceneKind::Backdrop;
        ReportsView(app, top);
        break;
    default: break;
    }
}

} // namespace Demo
