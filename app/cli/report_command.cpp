#include <cstdio>
#include <filesystem>
#include <string>

#include "app/cli/command_line.h"
#include "app/cli/commands.h"
#include "app/cli/result_json.h"
#include "core/report/report_builder.h"
#include "core/report/report_export.h"
#include "core/report/report_text.h"

#ifdef DNSHOUND_CLI_RENDERS_REPORTS
#include <QByteArray>
#include <QGuiApplication>
#include <QString>

#include "ui/report/report_file_writer.h"
#endif

namespace dnshound::app::cli {

namespace {

core::report::ReportSelection selectionFrom(const CommandLine& cl) {
    using core::report::ReportSelection;
    ReportSelection selection;
    const int chosen = (cl.value("--alert") ? 1 : 0) + (cl.value("--client") ? 1 : 0) +
                       ((cl.value("--from") || cl.value("--to")) ? 1 : 0);
    if (chosen > 1) throw UsageError("choose one of --alert, --client or --from/--to");
    if (auto id = cl.value("--alert")) {
        selection.scope = ReportSelection::Scope::Alert;
        try {
            std::size_t used = 0;
            selection.alertId = std::stoll(*id, &used);
            if (used != id->size()) throw std::invalid_argument("trailing text");
        } catch (const std::exception&) {
            throw UsageError("--alert needs an alert number, not '" + *id + "'");
        }
    } else if (auto ip = cl.value("--client")) {
        selection.scope = ReportSelection::Scope::Client;
        selection.client = *ip;
    } else {
        selection.scope = ReportSelection::Scope::TimeRange;
        const auto time = [&](const char* option, std::int64_t fallback) {
            const auto text = cl.value(option);
            if (!text) return fallback;
            const auto us = core::report::parseUtc(*text);
            if (!us)
                throw UsageError(std::string(option) + ": '" + *text +
                                 "' is not a UTC time like 2026-11-27T10:00:00Z");
            return *us;
        };
        selection.fromUs = time("--from", 0);
        selection.toUs = time("--to", 0);
        if (cl.value("--from") && !cl.value("--to")) selection.toUs = INT64_MAX / 2;
        if (cl.value("--to") && !cl.value("--from")) selection.fromUs = 1;
    }
    return selection;
}

}  // namespace

int runReport(const std::vector<std::string>& args) {
    const CommandLine cl(
        args, {"--analysis", "--alert", "--client", "--from", "--to", "--format", "--out"},
        {"--quiet"});
    if (!cl.positional().empty())
        throw UsageError("unexpected argument '" + cl.positional().front() + "'");
    const std::string analysis = cl.required("--analysis");
    const std::string out = cl.required("--out");
    if (!std::filesystem::is_regular_file(analysis))
        throw UsageError("no such analysis file: " + analysis);
    std::string format = cl.value("--format").value_or("");
    if (format.empty())
        format = std::filesystem::path(out).extension().string().substr(
            std::filesystem::path(out).has_extension() ? 1 : 0);
    if (format != "html" && format != "pdf" && format != "csv" && format != "json")
        throw UsageError("--format must be html, pdf, csv or json");
    const auto selection = selectionFrom(cl);

    core::report::IncidentReport report;
    try {
        report = core::report::buildIncidentReport(analysis, selection);
    } catch (const core::report::ReportError& e) {
        throw UsageError(e.what());
    }

    if (format == "csv") {
        writeOutputFile(out, core::report::reportCsv(report));
    } else if (format == "json") {
        writeOutputFile(out, core::report::reportJson(report));
    } else {
#ifdef DNSHOUND_CLI_RENDERS_REPORTS
        // Charts and PDF pages need fonts, which need a QGuiApplication; the CLI never shows a
        // window, so it uses the offscreen platform unless the caller chose another.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", QByteArrayLiteral("offscreen"));
        int argc = 1;
        char name[] = "dnshound-cli";
        char* argv[] = {name, nullptr};
        QGuiApplication app(argc, argv);
        const QString error = ui::report::writeReportFile(
            report,
            format == "pdf" ? ui::report::ReportFormat::Pdf : ui::report::ReportFormat::Html,
            QString::fromStdString(out));
        if (!error.isEmpty()) throw UsageError(error.toStdString());
#else
        throw UsageError(
            "this dnshound-cli was built without the GUI libraries: use --format "
            "csv or json, or export HTML/PDF from the dnshound app");
#endif
    }
    if (!cl.flag("--quiet"))
        std::printf("%s report on %s: %zu alert(s), %zu evidence queries listed, written to %s\n",
                    format.c_str(), report.scopeText.c_str(), report.alerts.size(),
                    report.evidenceQueries.size(), out.c_str());
    return 0;
}

}  // namespace dnshound::app::cli
