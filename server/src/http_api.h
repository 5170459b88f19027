// The HTTP API of the receiver, installed on a cpp-httplib server.
//
//   POST /v1/contacts          multipart: "report" (JSON) + optional "screenshot" (PNG or WebP)
//                              + optional "attachment" parts (filename, Content-Type), in order
//   GET  /v1/contacts/{ticket} header X-Status-Token
//   GET  /healthz
// Every error answer is JSON (ImContact::ApiErrorToJson), including httplib's own
// (404 for unknown paths, 413 for oversize bodies, 400 for broken multipart).
//
// Thread-safety: the handlers run on httplib's worker threads; ApiContext must be
// fully set up before InstallApi() and outlive the server.
#pragma once

#include "connection_pool.h"
#include "imcontact_receiver.h"

namespace httplib { class Server; }

namespace ImContactReceiver
{

struct ApiContext
{
    ImContact::Limits Limits;
    ImContactReceiver::Routing Routes;
    ConnectionPool* Pool = nullptr;
    bool LogRequests = true;
};

void InstallApi(httplib::Server& server, const ApiContext* ctx);

// The confirmation of receipt (R12) in 'language' ("fi"/"en"), with the ticket number.
std::string ConfirmationText(const std::string& language, const std::string& ticket);

} // namespace ImContactReceiver
