#include "ui/report/report_pdf_renderer.h"

#include <QMarginsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>
#include <QUrl>

#include "ui/report/report_chart.h"
#include "ui/report/report_html_writer.h"

namespace dnshound::ui::report {

namespace {
constexpr int kPdfDpi = 300;
constexpr qreal kMarginMm = 15.0;
}  // namespace

int ReportPdfRenderer::render(const core::report::IncidentReport& report, QIODevice& device) const {
    const std::vector<ReportChart> charts = renderReportCharts(report);
    QTextDocument document;
    document.setDefaultFont(QFont(QStringLiteral("sans-serif"), 9));
    for (const auto& chart : charts)
        document.addResource(QTextDocument::ImageResource, QUrl(chart.name), chart.image);
    document.setHtml(ReportHtmlWriter(ReportHtmlWriter::Images::ByName).write(report, charts));

    QPdfWriter pdf(&device);
    pdf.setTitle(
        QStringLiteral("DNS Hound incident report: %1").arg(QString::fromStdString(report.title)));
    pdf.setCreator(QStringLiteral("DNS Hound"));
    pdf.setResolution(kPdfDpi);
    pdf.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                  QMarginsF(kMarginMm, kMarginMm, kMarginMm, kMarginMm),
                                  QPageLayout::Millimeter));
    document.print(&pdf);
    return document.pageCount();
}

}  // namespace dnshound::ui::report
