// imcontact: the bytes of one outbox file (internal to imcontact_submitter).
//
// One report per file, "<id>.report" (see OutboxFileId):
//
//   IMCONTACT-OUTBOX/2\n                      magic and format version
//   {"key":"...","created_at":"...",...}\n    header: one line of JSON (see OutboxHeader)
//   <report_bytes bytes>                      the report JSON, exactly as sent (ReportToJson)
//   <png_bytes bytes>                         the encoded screenshot (may be 0 bytes)
//   <attachment bytes, in order>              version 2: the header's "attachments" list
//                                             [{"name","type","bytes"}...] says how many each
//   \nCRC32 xxxxxxxx\n                        zlib crc32 of every byte before this 16-byte trailer
//
// Version 1 (no attachments, no "attachments" key) is still read; files are written as 2.
// A file whose trailer, checksum, header, lengths or report JSON are wrong is corrupt
// (torn, truncated, flipped bits); one with a later format version is left alone.
//
// Thread-safety: every function here is pure and may be called from any thread.
#pragma once

#include "imcontact/imcontact_protocol.h"
#include "imcontact/imcontact_types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ImContact
{

constexpr const char* OutboxMagic = "IMCONTACT-OUTBOX/";
constexpr int         OutboxFormatVersion = 2;   // written; 1 is still read
constexpr const char* OutboxReportSuffix = ".report";

struct OutboxHeader
{
    std::string Key;            // the report's idempotency key (also in the report JSON)
    std::string CreatedAt;      // ISO 8601 UTC, when it was accepted
    QueuedState State = QueuedState::Pending;   // what QueuedReport::Status shows
    std::string Replaces;       // file id of the report this one replaces (edit and send again), or empty
    int         HttpStatus = 0; // NeedsAttention: the receiver's answer
    ApiError    Reason;         // NeedsAttention: the receiver's reason
    std::string LastError;      // NeedsAttention: English, for logs
};

struct OutboxRecord
{
    OutboxHeader         Header;
    std::string          ReportJson;
    std::vector<uint8_t> Png;
    std::vector<Attachment> Attachments;   // the host's files, read when the report was accepted
};

enum class OutboxDecode
{
    Ok = 0,
    Corrupt,        // not a whole, intact outbox file: quarantine it
    NewerVersion,   // written by a later version of the library: leave it alone
};

// The whole file, checksum included.
std::string EncodeOutboxFile(const OutboxRecord& record);
// The size EncodeOutboxFile() will produce, without building it.
uint64_t    EncodedOutboxFileSize(const OutboxRecord& record);
// Checks and splits a file. Corrupt: 'why' says what is wrong (English, for logs).
// The report JSON must parse (ReportFromJson) and carry the header's key; 'report'
// receives it, with ScreenshotPng left empty (the PNG is in out->Png).
OutboxDecode DecodeOutboxFile(const std::string& bytes, OutboxRecord* out, Report* report, std::string* why);

// The file id of a key: the key itself when it is 1..64 characters of [A-Za-z0-9_-]
// (every generated key is), otherwise "h" + 32 hex digits of a 128-bit hash of it.
std::string OutboxFileId(const std::string& key);
// "Q-" + the first 8 hex digits of the key, upper case; for a key that does not start
// with 8 hex digits, the first 8 of the hash OutboxFileId uses.
std::string LocalReferenceFor(const std::string& key);

const char* OutboxStateId(QueuedState state);   // "pending" / "needs_attention"

} // namespace ImContact
