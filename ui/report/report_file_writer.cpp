#include "ui/report/report_file_writer.h"

#include <QFileInfo>
#include <QSaveFile>

#include "core/report/report_export.h"
#include "ui/report/report_chart.h"
#include "ui/report/report_html_writer.h"
#include "ui/report/report_pdf_renderer.h"

namespace dnshound::ui::report {

std::optional<ReportFormat> reportFormatFromName(const QString& name) {
    const QString n = name.toLower();
    if (n == QLatin1String("html") || n == QLatin1String("htm")) return ReportFormat::Html;
    if (n == QLatin1String("pdf")) return ReportFormat::Pdf;
    if (n == QLatin1String("csv")) return ReportFormat::Csv;
    if (n == QLatin1String("json")) return ReportFormat::Json;
    return std::nullopt;
}

std::optional<ReportFormat> reportFormatForPath(const QString& path) {
    return reportFormatFromName(QFileInfo(path).suffix());
}

QString writeReportFile(const core::report::IncidentReport& report, ReportFormat format,
                        const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    switch (format) {
        case ReportFormat::Html:
            file.write(ReportHtmlWriter().write(report, renderReportCharts(report)).toUtf8());
            break;
        case ReportFormat::Pdf:
            ReportPdfRenderer().render(report, file);
            break;
        case ReportFormat::Csv: {
            const std::string text = core::report::reportCsv(report);
            file.write(text.data(), static_cast<qint64>(text.size()));
            break;
        }
        case ReportFormat::Json: {
            const std::string text = core::report::reportJson(report);
            file.write(text.data(), static_cast<qint64>(text.size()));
            break;
        }
    }
    if (!file.commit()) return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return {};
}

}  // namespace dnshound::ui::report
