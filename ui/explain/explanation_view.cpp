#include "ui/explain/explanation_view.h"

#include <QLabel>
#include <QVBoxLayout>

#include "core/explain/domain_explainer.h"
#include "ui/explain/benign_strip_widget.h"
#include "ui/explain/shap_bar_plot.h"

namespace dnshound::ui::explain {

ExplanationView::ExplanationView(QWidget* parent)
    : QWidget(parent),
      m_source(new ExplanationSource(this)),
      m_header(new QLabel(this)),
      m_shap(new ShapBarPlot(this)),
      m_strips(new BenignStripWidget(this)) {
    m_header->setWordWrap(true);
    m_header->setTextFormat(Qt::RichText);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_header);
    layout->addWidget(m_shap, 3);
    layout->addWidget(m_strips, 0);
    connect(m_source, &ExplanationSource::domainExplained, this, &ExplanationView::apply);
    clear();
}

QString ExplanationView::headerText() const {
    return m_header->text();
}

void ExplanationView::setAnalysis(const QString& dbPath) {
    m_source->setAnalysis(dbPath);
}

void ExplanationView::clear() {
    m_domain.clear();
    m_result = {};
    m_header->setText(tr("Select a domain to see why the model scored it."));
    showPlots(false);
}

// Empty axes say nothing: without an explanation the plots give their room to the header and
// whatever the view is docked above.
void ExplanationView::showPlots(bool shown) {
    if (!shown) {
        m_shap->clear();
        m_strips->setFeatures({}, 0);
    }
    m_shap->setVisible(shown);
    m_strips->setVisible(shown);
}

void ExplanationView::showDomain(const QString& domain) {
    m_domain = domain;
    m_header->setText(tr("Explaining <b>%1</b>…").arg(domain.toHtmlEscaped()));
    m_source->requestDomain(domain);
}

void ExplanationView::apply(const DomainExplanationResult& result) {
    if (result.domain != m_domain) return;  // superseded by a newer request
    m_result = result;
    if (!result.error.isEmpty()) {
        m_header->setText(tr("No explanation for <b>%1</b>: %2")
                              .arg(result.domain.toHtmlEscaped(), result.error.toHtmlEscaped()));
        showPlots(false);
        Q_EMIT explained(result.domain);
        return;
    }
    const auto& e = result.explanation;
    const bool dga = e.score >= e.threshold;
    QString text =
        tr("<b>%1</b>: DGA score <b>%2</b> (%3 the model threshold %4).<br>Margin %5 = bias %6 "
           "+ the contributions below (log-odds; red pushes towards DGA, blue towards benign).")
            .arg(result.domain.toHtmlEscaped())
            .arg(static_cast<double>(e.score), 0, 'f', 4)
            .arg(dga ? tr("at or above") : tr("below"))
            .arg(e.threshold, 0, 'f', 4)
            .arg(static_cast<double>(e.margin), 0, 'f', 3)
            .arg(static_cast<double>(e.bias), 0, 'f', 3);
    // The family only means something for a name the model calls DGA.
    if (dga && !e.resemblesFamily.empty()) {
        const QString family = QString::fromStdString(e.resemblesFamily).toHtmlEscaped();
        const double margin = static_cast<double>(e.familyMargin);
        text += QStringLiteral("<br>") +
                (e.familyConfident
                     ? tr("Resembles the known DGA family <b>%1</b> (%2 nats likelier than under "
                          "any other family).")
                           .arg(family)
                           .arg(margin, 0, 'f', 1)
                     : tr("Closest known DGA family: %1, but others fit nearly as well (%2 nats "
                          "ahead): no family is attributed.")
                           .arg(family)
                           .arg(margin, 0, 'f', 1));
    }
    text += QStringLiteral("<br><small>") +
            tr("Benign reference: %1.").arg(result.benignSource.toHtmlEscaped()) +
            QStringLiteral("</small>");
    if (!result.warning.isEmpty()) {
        text += QStringLiteral("<br><small><b>%1</b></small>").arg(result.warning.toHtmlEscaped());
    }
    m_header->setText(text);
    showPlots(true);
    m_shap->setExplanation(e, kTopBars);
    m_strips->setFeatures(
        core::explain::DomainExplainer::topContributions(e, static_cast<std::size_t>(kStrips)),
        e.benignSampleSize);
    Q_EMIT explained(result.domain);
}

}  // namespace dnshound::ui::explain
