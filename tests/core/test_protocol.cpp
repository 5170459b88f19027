// Wire protocol JSON: round trips and rejection of malformed input.
#include <catch2/catch.hpp>

#include "imcontact/imcontact_protocol.h"
#include "support/sample_report.h"

#include <cstring>

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

TEST_CASE("report JSON: nesting, value count, duplicate keys and integer ranges are limited", "[protocol]")
{
    const std::string good = ReportToJson(ImContactTest::SampleReport());
    Report r;
    FieldError e{ Field::Type, ErrorCode::Missing, 0 };
    std::string why;
    // 'extra' added as one more top-level member.
    auto with = [&](const std::string& extra) { return good.substr(0, good.size() - 1) + "," + extra + "}"; };

    const std::string nest31 = std::string(31, '[') + std::string(31, ']');   // 32 levels with the object itself
    CHECK(ReportFromJson(with("\"x\":" + nest31), &r, &e));
    const std::string nest32 = std::string(32, '[') + std::string(32, ']');
    CHECK_FALSE(ReportFromJson(with("\"x\":" + nest32), &r, &e, &why));
    CHECK(e.Which == Field::Body);
    CHECK(e.Code == ErrorCode::Malformed);
    CHECK(e.Limit == static_cast<size_t>(ReportJsonMaxDepth));
    CHECK(why.find("deeper than 32") != std::string::npos);
    CHECK_FALSE(ReportFromJson(std::string(9u << 20, '['), &r, &e));   // never closed: refused at depth 33
    CHECK(e.Limit == static_cast<size_t>(ReportJsonMaxDepth));

    std::string many = "\"x\":[0";
    for (size_t i = 0; i < ReportJsonMaxValues; i++) many += ",0";
    CHECK_FALSE(ReportFromJson(with(many + "]"), &r, &e));
    CHECK(e.Code == ErrorCode::TooMany);

    CHECK_FALSE(ReportFromJson(with("\"organisation\":\"Toinen Oy\""), &r, &e, &why));
    CHECK(e.Which == Field::Organisation);
    CHECK(e.Code == ErrorCode::Duplicate);
    CHECK(why.find("\"organisation\" appears twice") != std::string::npos);
    CHECK_FALSE(ReportFromJson(with("\"x\":{\"a\":1,\"a\":2}"), &r, &e));
    CHECK(e.Which == Field::Body);
    CHECK(e.Code == ErrorCode::Duplicate);
    std::string tech_dup = good;
    tech_dup.replace(tech_dup.find("\"os\":"), 5, "\"os\":\"x\",\"os\":");
    CHECK_FALSE(ReportFromJson(tech_dup, &r, &e));
    CHECK(e.Which == Field::Technical);
    CHECK(e.Code == ErrorCode::Duplicate);
    CHECK(ReportFromJson(with("\"x\":{\"a\":1},\"y\":{\"a\":2}"), &r, &e));   // the same key in two objects is fine

    for (const char* bad : { "4294967297", "65536", "-1", "1e3", "18446744073709551615" })
    {
        std::string j = good;
        const size_t at = j.find("\"framebuffer_width\":");
        REQUIRE(at != std::string::npos);
        const size_t v = at + 20, end = j.find_first_of(",}", v);
        j.replace(v, end - v, bad);
        INFO(j);
        CHECK_FALSE(ReportFromJson(j, &r, &e, &why));
        CHECK(e.Which == Field::Technical);
        CHECK(why.find("framebuffer_width") != std::string::npos);
        j.replace(v, std::strlen(bad), "65535");
        REQUIRE(ReportFromJson(j, &r, &e));
        CHECK(r.Technical.FramebufferWidth == 65535);
    }
}
