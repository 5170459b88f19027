// imcontact: reading the host's attachment sources for one report (internal to
// imcontact_submitter).
//
// The one place that turns SubmitterConfig::Attachments into Report::Attachments and says
// what was done with each (AttachmentOutcome): the user's choice, the rules of a name and
// type, the allowed directories (after realpath), a consistent snapshot of a file that
// grows while read, text tails cut at a line start, invalid UTF-8 in text replaced by
// U+FFFD, each attachment's cap, and the step-down when all together are over
// Limits::AttachmentsMaxBytes (text tails cut from the front first, then the last binaries
// dropped).
//
// Thread-safety: runs on the submitter's worker (it reads files and calls the host's
// callbacks); no state of its own. Bounded: at most Limits::AttachmentMaxBytes (+1 byte)
// is read from a file, whatever its size.
#pragma once

#include "imcontact/imcontact_types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ImContact
{

// Appends the ticked sources to 'attachments' (what the report already carries is kept
// and counts against the limits) and writes one outcome per source, in source order, into
// 'outcomes'.
void ReadAttachments(const std::vector<AttachmentSource>& sources, const std::vector<std::string>& allowed_dirs,
                     const AttachmentSelection& selection, const Limits& limits, std::vector<Attachment>* attachments,
                     std::vector<AttachmentOutcome>* outcomes);

// Where the last 'keep' bytes of 'bytes' begin when cut to a whole first line: the start
// of the first line that begins in them (or, when no line starts there, the first UTF-8
// character boundary). bytes.size() when nothing is left. Exposed for tests.
size_t TailCutOffset(const std::vector<uint8_t>& bytes, size_t keep);

// The multipart body's framing (boundaries, part headers) for 'parts' parts, an upper
// bound: used for the request limit and the screenshot's share of it.
size_t MultipartFramingBytes(size_t parts);

} // namespace ImContact
