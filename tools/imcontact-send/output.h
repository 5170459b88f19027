// imcontact-send: what goes to stdout (text lines or JSON Lines) and stderr.
#pragma once

#include "imcontact/imcontact_protocol.h"
#include "imcontact/imcontact_submitter.h"

#include <string>
#include <vector>

namespace ImContactSend
{

// Every stdout line is flushed at once: a script (or a test that kills the process)
// sees "accepted:" as soon as the report is in the outbox.
//   text                                   --json
//   accepted: Q-XXXXXXXX                   {"event":"accepted","local_reference":..,"idempotency_key":..}
//   ticket: NNNN-NNNN                      {"event":"delivered","ticket":..,"status_token":..,"replayed":..,...}
//   queued: Q-XXXXXXXX                     {"event":"queued","local_reference":..,"reason":..}
//   delivered: Q-XXXXXXXX ticket: N-N      (--flush) {"event":"delivered",...}
//   (stderr) imcontact-send: refused: ..   {"event":"refused","reason":..,"field_errors":[..],"http_status":..}
class Printer
{
public:
    explicit Printer(bool json) : json_(json) {}

    void Accepted(const std::string& local_reference, const std::string& key);
    // A send: "ticket: N". A flush: "delivered: Q ticket: N".
    void Delivered(const ImContact::Receipt& receipt, const std::string& local_reference, const std::string& key,
                   bool flush_line);
    void Queued(const std::string& local_reference, const std::string& reason);
    void Refused(const std::string& reason, const std::vector<ImContact::FieldError>& fields, int http_status,
                 const ImContact::ApiError& api_error, const std::string& local_reference);
    // What was done with one --attach: text on stderr ("imcontact-send: attachment: app.log:
    // included (1.2 KB)"), --json a line {"event":"attachment","name","result","reason",
    // "sent_bytes","source_bytes","detail"} on stdout. Before the outcome's line.
    void Attachment(const ImContact::AttachmentOutcome& outcome);
    void Failed(const std::string& reason);             // exit 1
    void Warning(const std::string& text);              // stderr only
    void FlushSummary(int delivered, int pending, int attention, int quarantined);

private:
    void Out(const std::string& line);
    bool json_;
};

// "message too_short (10)" for a field error.
std::string DescribeFieldError(const ImContact::FieldError& e);

} // namespace ImContactSend
