#include "ui/dashboards/time_range_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

#include "ui/dashboards/time_range.h"

namespace dnshound::ui::dashboards {

TimeRangeBar::TimeRangeBar(TimeRange* range, QWidget* parent)
    : QWidget(parent), m_range(range), m_label(new QLabel(this)), m_reset(new QPushButton(this)) {
    m_reset->setText(tr("Reset"));
    m_reset->setToolTip(tr("Show every event again"));
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* hint = new QLabel(tr("Drag across a time plot to narrow every view to that time."), this);
    hint->setForegroundRole(QPalette::PlaceholderText);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    layout->addWidget(m_label);
    layout->addWidget(m_reset);
    layout->addStretch(1);
    layout->addWidget(hint);
    connect(m_reset, &QPushButton::clicked, m_range, &TimeRange::reset);
    connect(m_range, &TimeRange::changed, this, &TimeRangeBar::update);
    update();
}

void TimeRangeBar::update() {
    m_label->setText(tr("Range: <b>%1</b>").arg(m_range->text().toHtmlEscaped()));
    m_reset->setEnabled(m_range->isSet());
}

}  // namespace dnshound::ui::dashboards
