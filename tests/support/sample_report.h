// Test support: one sample of a valid contact, for the tests that need "a report" and
// not particular values. Tests that depend on a value set it themselves, except these,
// which tests check as they are here: Type (malfunction), Organisation, Application,
// SubApplication, Reference, Technical.AppVersion, Technical.Os, Technical.FramebufferWidth.
#pragma once

#include "imcontact/imcontact_model.h"

namespace ImContactTest
{

// A valid form: a malfunction report with the required fields only (no phone).
inline ImContact::Form SampleForm()
{
    ImContact::Form f;
    f.Type = ImContact::ContactType::Malfunction;
    f.Organisation = "Esimerkki Oy";
    f.Email = "maija.meikalainen@example.fi";
    f.Application = "Kirjanpito";
    f.Message = "Raportti kaatuu, kun valitsen kuukauden.";
    return f;
}

// SampleForm() with the optional fields, the language and the technical details filled
// in, as a host sends it; no idempotency key and no screenshot.
inline ImContact::Report SampleReport()
{
    ImContact::Report r;
    r.Fields = SampleForm();
    r.Fields.SubApplication = "Raportti";
    r.Fields.Reference = "LASKU-123";
    r.Language = "fi";
    r.Technical.AppName = "demo";
    r.Technical.AppVersion = "1.2.3";
    r.Technical.Os = "Linux";
    r.Technical.FramebufferWidth = 64;
    r.Technical.FramebufferHeight = 48;
    r.Technical.Locale = "fi";
    r.Technical.TimeUtc = "2026-11-26T17:00:00Z";
    return r;
}

} // namespace ImContactTest
