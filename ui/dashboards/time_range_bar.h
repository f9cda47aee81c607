#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace dnshound::ui::dashboards {

class TimeRange;

// "Range: 10:05 – 10:20 UTC (15 min) [Reset]" above the tabs: always says what the views show.
class TimeRangeBar final : public QWidget {
    Q_OBJECT

public:
    TimeRangeBar(TimeRange* range, QWidget* parent = nullptr);

    QLabel* label() const { return m_label; }
    QPushButton* resetButton() const { return m_reset; }

private:
    void update();

    TimeRange* m_range;
    QLabel* m_label;
    QPushButton* m_reset;
};

}  // namespace dnshound::ui::dashboards
