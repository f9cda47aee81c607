#pragma once

#include <QFutureWatcher>
#include <QString>
#include <QWidget>
#include <optional>
#include <vector>

#include "core/store/domain_answer_query.h"
#include "core/store/drilldown_records.h"

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace dnshound::ui::explain {
class ExplanationView;
}

namespace dnshound::ui::domain {

class DomainAnswerModel;
class DomainClientModel;

// What the domain view shows, read on a worker thread.
struct DomainDetails {
    std::optional<core::store::DomainSummary> summary;
    std::vector<core::store::DomainClientRow> clients;
    std::vector<core::store::DomainAnswerRow> answers;
    double dgaThreshold = -1.0;  // the run's model threshold, < 0 when not recorded
    QString error;
};

// Drill-down for one name: when and how often it was asked for, the answers' response codes,
// the answers it got, every client that asked, and why the model scored it as it did.
class DomainView final : public QWidget {
    Q_OBJECT

public:
    DomainView(const QString& dbPath, const QString& domain, QWidget* parent = nullptr);
    ~DomainView() override;

    QString domain() const { return m_domain; }
    DomainClientModel* clientModel() const { return m_clientModel; }
    DomainAnswerModel* answerModel() const { return m_answerModel; }
    explain::ExplanationView* explanation() const { return m_explanation; }
    bool isLoaded() const { return m_loaded; }

    static constexpr std::size_t kClientRows = 10000;
    static constexpr std::size_t kAnswerRows = 10000;

Q_SIGNALS:
    void detailsLoaded();
    void clientRequested(const QString& ip);

private:
    void applyDetails(const DomainDetails& details);

    QString m_domain;
    bool m_loaded = false;
    QLabel* m_title;
    QLabel* m_summary;
    DomainClientModel* m_clientModel;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
    DomainAnswerModel* m_answerModel;
    QSortFilterProxyModel* m_answerProxy;
    QTableView* m_answerTable;
    explain::ExplanationView* m_explanation;
    QFutureWatcher<DomainDetails> m_watcher;
};

}  // namespace dnshound::ui::domain
