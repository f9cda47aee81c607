#include "ui/triage/alert_triage_panel.h"

#include <QButtonGroup>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTextBrowser>
#include <QTimeZone>
#include <QVBoxLayout>

#include "core/store/triage_records.h"
#include "ui/display/display_text.h"
#include "ui/explain/explanation_view.h"

namespace dnshound::ui::triage {

namespace {

// Tunnel alerts carry `reason` and `details` (JSON) once the tunnel detector lands; read them
// only where the record has them, so this builds with and without those fields.
template <typename Alert>
QString alertReason(const Alert& alert) {
    if constexpr (requires { alert.reason; }) {
        return QString::fromStdString(alert.reason);
    } else {
        return {};
    }
}
template <typename Alert>
QString alertDetails(const Alert& alert) {
    if constexpr (requires { alert.details; }) {
        return QString::fromStdString(alert.details);
    } else {
        return {};
    }
}

QString wallTime(std::int64_t timeUs) {
    return QDateTime::fromMSecsSinceEpoch(timeUs / 1000, QTimeZone::utc())
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

}  // namespace

AlertTriagePanel::AlertTriagePanel(AlertTriage* triage, QWidget* parent)
    : QWidget(parent),
      m_triage(triage),
      m_header(new QLabel(this)),
      m_evidence(new QLabel(this)),
      m_stateButtons(new QButtonGroup(this)),
      m_explanation(new explain::ExplanationView(this)),
      m_history(new QTextBrowser(this)),
      m_noteEdit(new QPlainTextEdit(this)),
      m_addNote(new QPushButton(tr("Add note"), this)) {
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);
    m_evidence->setTextFormat(Qt::RichText);
    m_evidence->setWordWrap(true);
    m_evidence->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* states = new QHBoxLayout;
    states->addWidget(new QLabel(tr("State:"), this));
    const std::pair<const char*, const char*> shortcuts[] = {
        {"new", "U"}, {"acknowledged", "A"}, {"false_positive", "F"}, {"escalated", "E"}};
    int id = 0;
    for (const auto& [state, key] : shortcuts) {
        auto* button = new QPushButton(AlertTriage::stateLabel(QString::fromLatin1(state)), this);
        button->setCheckable(true);
        button->setProperty("triageState", QString::fromLatin1(state));
        button->setToolTip(tr("Shortcut in the alerts table: %1").arg(QString::fromLatin1(key)));
        m_stateButtons->addButton(button, id++);
        states->addWidget(button);
    }
    m_stateButtons->setExclusive(true);
    states->addStretch(1);

    m_history->setOpenLinks(false);
    m_history->setPlaceholderText(tr("No notes yet."));
    m_noteEdit->setPlaceholderText(tr("Write a note (Ctrl+Return adds it)"));
    m_noteEdit->setMaximumHeight(m_noteEdit->fontMetrics().height() * 5);
    auto* noteRow = new QHBoxLayout;
    noteRow->addWidget(m_noteEdit, 1);
    noteRow->addWidget(m_addNote, 0, Qt::AlignBottom);

    auto* notesBox = new QWidget(this);
    auto* notesLayout = new QVBoxLayout(notesBox);
    notesLayout->setContentsMargins(0, 0, 0, 0);
    notesLayout->addWidget(new QLabel(tr("Notes and triage history"), notesBox));
    notesLayout->addWidget(m_history, 1);
    notesLayout->addLayout(noteRow);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_explanation);
    splitter->addWidget(notesBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_header);
    layout->addLayout(states);
    layout->addWidget(m_evidence);
    layout->addWidget(splitter, 1);

    connect(m_stateButtons, &QButtonGroup::idClicked, this, [this](int button) {
        if (!m_alert) return;
        const QString state = m_stateButtons->button(button)->property("triageState").toString();
        m_triage->setState(m_alert->id, state);
    });
    connect(m_addNote, &QPushButton::clicked, this, &AlertTriagePanel::submitNote);
    auto* submit = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), m_noteEdit);
    submit->setContext(Qt::WidgetShortcut);
    connect(submit, &QShortcut::activated, this, &AlertTriagePanel::submitNote);
    connect(m_triage, &AlertTriage::historyLoaded, this, &AlertTriagePanel::showHistory);
    connect(m_triage, &AlertTriage::noteAdded, this, [this](qint64 alertId) {
        if (m_alert && m_alert->id == alertId) m_triage->loadHistory(alertId);
    });
    connect(m_triage, &AlertTriage::stateChanged, this, [this](qint64 alertId, const QString& s) {
        if (!m_alert || m_alert->id != alertId) return;
        m_alert->state = s.toStdString();
        updateStateButtons();
        m_triage->loadHistory(alertId);
    });
    clearAlert();
}

void AlertTriagePanel::setAnalysis(const QString& dbPath) {
    m_explanation->setAnalysis(dbPath);
    clearAlert();
}

std::optional<std::int64_t> AlertTriagePanel::alertId() const {
    return m_alert ? std::optional<std::int64_t>(m_alert->id) : std::nullopt;
}

void AlertTriagePanel::clearAlert() {
    m_alert.reset();
    m_shown = {};
    m_header->setText(tr("Select an alert to triage it."));
    m_evidence->clear();
    m_history->clear();
    m_explanation->clear();
    setEnabled(false);
    updateStateButtons();
}

void AlertTriagePanel::setAlert(const core::store::AlertRecord& alert) {
    m_alert = alert;
    setEnabled(true);
    const QString kind = QString::fromStdString(alert.kind);
    m_header->setText(
        tr("<b>%1 alert #%2</b> · client <b>%3</b> · top name <b>%4</b> · score %5 · %6 "
           "evidence · %7 – %8 UTC")
            .arg(kind.toUpper())
            .arg(alert.id)
            .arg(QString::fromStdString(alert.client).toHtmlEscaped(),
                 QString::fromStdString(alert.domain).toHtmlEscaped(), display::score(alert.score),
                 display::count(static_cast<quint64>(alert.count)),
                 display::eventTime(alert.firstSeenUs), display::eventTime(alert.lastSeenUs)));
    QStringList evidence;
    if (const QString reason = alertReason(alert); !reason.isEmpty()) {
        evidence.push_back(tr("Reason: %1").arg(reason.toHtmlEscaped()));
    }
    if (const QString details = alertDetails(alert); !details.isEmpty()) {
        evidence.push_back(tr("Details: <code>%1</code>").arg(details.toHtmlEscaped()));
    }
    QStringList names;
    for (const std::string& name : alert.evidence) {
        names.push_back(QString::fromStdString(name).toHtmlEscaped());
    }
    if (!names.isEmpty())
        evidence.push_back(tr("Evidence: %1").arg(names.join(QStringLiteral(", "))));
    m_evidence->setText(evidence.join(QStringLiteral("<br>")));
    updateStateButtons();
    m_history->clear();
    m_shown = {};
    if (alert.kind == "dga" && !alert.domain.empty()) {
        m_explanation->setVisible(true);
        m_explanation->showDomain(QString::fromStdString(alert.domain));
    } else {
        m_explanation->clear();
        m_explanation->setVisible(false);
    }
    m_triage->loadHistory(alert.id);
}

void AlertTriagePanel::updateStateButtons() {
    const QString state = m_alert ? QString::fromStdString(m_alert->state) : QString();
    for (QAbstractButton* button : m_stateButtons->buttons()) {
        button->setChecked(button->property("triageState").toString() == state);
    }
}

void AlertTriagePanel::focusNoteEditor() {
    if (m_alert) m_noteEdit->setFocus(Qt::ShortcutFocusReason);
}

void AlertTriagePanel::submitNote() {
    const QString text = m_noteEdit->toPlainText().trimmed();
    if (!m_alert || text.isEmpty()) return;
    m_triage->addNote(m_alert->id, text);
    m_noteEdit->clear();
}

void AlertTriagePanel::showHistory(const TriageHistory& history) {
    if (!m_alert || history.alertId != m_alert->id) return;
    m_shown = history;
    if (!history.error.isEmpty()) {
        m_history->setPlainText(tr("Notes could not be read: %1").arg(history.error));
        return;
    }
    // Notes and state changes interleaved by time.
    struct Entry {
        std::int64_t timeUs;
        QString html;
    };
    std::vector<Entry> entries;
    for (const auto& note : history.notes) {
        entries.push_back(
            {note.timeUs,
             tr("<p><b>%1</b> · %2<br>%3</p>")
                 .arg(QString::fromStdString(note.author).toHtmlEscaped(), wallTime(note.timeUs),
                      QString::fromStdString(note.text).toHtmlEscaped().replace(
                          QLatin1Char('\n'), QStringLiteral("<br>")))});
    }
    for (const auto& change : history.changes) {
        entries.push_back(
            {change.timeUs,
             tr("<p><i>%1 · %2: state %3 → %4</i></p>")
                 .arg(QString::fromStdString(change.author).toHtmlEscaped(),
                      wallTime(change.timeUs),
                      AlertTriage::stateLabel(QString::fromStdString(change.fromState)),
                      AlertTriage::stateLabel(QString::fromStdString(change.toState)))});
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return a.timeUs < b.timeUs; });
    QString html;
    for (const Entry& e : entries) html += e.html;
    m_history->setHtml(html);
    Q_EMIT historyShown(history.alertId);
}

}  // namespace dnshound::ui::triage
