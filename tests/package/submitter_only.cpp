// The ImGui-free route: a tool that uses only imcontact's submitter, built by run.sh with
//   g++ submitter_only.cpp $(pkg-config --cflags --libs imcontact)
// against the installed package. It validates a report (one valid, one not), constructs
// a Submitter on a temporary data directory and shuts it down.
//   submitter_only <data dir>   exit 0 when all went well
#include "imcontact/imcontact_submitter.h"

#include <cstdio>

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        std::fprintf(stderr, "usage: submitter_only <data dir>\n");
        return 1;
    }
    ImContact::Limits limits;
    ImContact::Report report;
    report.Fields.Organisation = "Esimerkki Oy";
    report.Fields.Email = "maija@example.fi";
    report.Fields.Application = "Editor";
    report.Fields.Message = "Tallennus ei onnistu verkkolevylle.";
    report.Technical.AppName = "submitter-only";
    const size_t valid_errors = ImContact::ValidateReport(report, limits).size();

    ImContact::Report bad = report;
    bad.Fields.Email = "not an address";
    bad.Fields.Message = "short";
    const size_t bad_errors = ImContact::ValidateReport(bad, limits).size();

    ImContact::SubmitterConfig cfg;
    cfg.Endpoint = "http://127.0.0.1:9";
    cfg.DataDir = argv[1];
    cfg.DeliverPendingAtStart = false;
    {
        ImContact::Submitter submitter(cfg);
        submitter.Shutdown(2000);
    }
    std::printf("submitter_only: %s, valid report: %zu errors, invalid report: %zu errors\n",
                IMCONTACT_USER_AGENT, valid_errors, bad_errors);
    if (valid_errors != 0 || bad_errors < 2)
    {
        std::fprintf(stderr, "submitter_only: FAILED: validation gave unexpected results\n");
        return 1;
    }
    std::printf("submitter_only: ok\n");
    return 0;
}
