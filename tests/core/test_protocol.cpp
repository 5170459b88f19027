// Wire protocol JSON: round trips and rejection of malformed input.
#include <catch2/catch.hpp>

#include "imcontact/imcontact_protocol.h"
#include "support/sample_report.h"

using namespace ImContact;

TEST_CASE("report JSON round-trips every field", "[protocol]")
{
    Report r = ImContactTest::SampleReport();   // SubApplication "Raportti"
    r.Fields.Type = ContactType::PhoneSupportRequest;
    r.Fields.Speed = ProcessingSpeed::Faster;
    r.Fields.Message = "Viesti \"lainausmerkein\" ja rivinvaihdolla\n";
    r.Fields.Phone = "+358 40 1234567";
    r.Language = "en";
    r.IdempotencyKey = "0123456789abcdef";
    r.Technical.FramebufferWidth = 2560;
    r.Technical.FramebufferHeight = 1440;
    Report back;
    FieldError err{};
    REQUIRE(ReportFromJson(ReportToJson(r), &back, &err));
    CHECK(back.Fields.Type == r.Fields.Type);
    CHECK(back.Fields.Speed == r.Fields.Speed);
    CHECK(back.Fields.Organisation == r.Fields.Organisation);
    CHECK(back.Fields.SubApplication == "Raportti");
    CHECK(back.Fields.Reference == r.Fields.Reference);
    CHECK(back.Fields.Message == r.Fields.Message);
    CHECK(back.Fields.Phone == r.Fields.Phone);
    CHECK(back.Language == "en");
    CHECK(back.IdempotencyKey == r.IdempotencyKey);
    CHECK(back.Technical.FramebufferWidth == 2560);
    CHECK(back.Technical.TimeUtc == r.Technical.TimeUtc);
}

TEST_CASE("malformed report JSON names the field", "[protocol]")
{
    Report r;
    FieldError err{};
    CHECK_FALSE(ReportFromJson("not json", &r, &err));
    CHECK(err.Which == Field::Body);
    CHECK_FALSE(ReportFromJson(R"({"organisation":"x","email":"a@b.fi","application":"x","message":"m"})", &r, &err));
    CHECK((err.Which == Field::Type && err.Code == ErrorCode::Missing));
    CHECK_FALSE(ReportFromJson(R"({"type":"complaint"})", &r, &err));
    CHECK((err.Which == Field::Type && err.Code == ErrorCode::Unknown));
    CHECK_FALSE(ReportFromJson(R"({"type":"malfunction","organisation":"x","email":"a@b.fi","application":"x"})", &r, &err));
    CHECK((err.Which == Field::Message && err.Code == ErrorCode::Missing));
    CHECK_FALSE(ReportFromJson(R"({"type":"malfunction","organisation":"x","email":5,"application":"x","message":"m"})", &r, &err));
    CHECK((err.Which == Field::Email && err.Code == ErrorCode::Malformed));
    CHECK_FALSE(ReportFromJson(R"({"type":"malfunction","speed":"urgent"})", &r, &err));
    CHECK(err.Which == Field::Speed);
}

TEST_CASE("receipt, status and error JSON round-trip", "[protocol]")
{
    Receipt rc;
    rc.Ticket = "4827-3915";
    rc.StatusToken = "secret";
    rc.Confirmation = "Viestisi on vastaanotettu.";
    rc.Status = "received";
    rc.Priority = 1;
    rc.PrimaryQueue = "application_maintenance";
    rc.Queues = { "customer_service", "application_maintenance" };
    Receipt rb;
    REQUIRE(ParseReceipt(ReceiptToJson(rc), &rb));
    CHECK(rb.Ticket == rc.Ticket);
    CHECK(rb.StatusToken == rc.StatusToken);
    CHECK(rb.Priority == 1);
    CHECK(rb.Queues == rc.Queues);
    CHECK_FALSE(ParseReceipt(R"({"status_token":"x","confirmation":"y"})", &rb));

    TicketStatus ts;
    ts.Ticket = "4827-3915";
    ts.Status = "in_progress";
    ts.History = { { "2026-11-26T10:00:00Z", "received", "" }, { "2026-11-26T11:00:00Z", "in_progress", "Otettu käsittelyyn" } };
    TicketStatus tb;
    REQUIRE(ParseTicketStatus(TicketStatusToJson(ts), &tb));
    CHECK(tb.Status == "in_progress");
    REQUIRE(tb.History.size() == 2);
    CHECK(tb.History[1].Note == "Otettu käsittelyyn");

    ApiError e{ "too_short", "message", "message too short", 10 };
    ApiError eb;
    REQUIRE(ParseApiError(ApiErrorToJson(e), &eb));
    CHECK(eb.Code == "too_short");
    CHECK(eb.Field == "message");
    CHECK(eb.Limit == 10);
    CHECK_FALSE(ParseApiError("{}", &eb));
    CHECK(IsKnownTicketStatus("waiting_for_customer"));
    CHECK_FALSE(IsKnownTicketStatus("lost"));
}
