#include "ui/analysis/ground_truth_dialog.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include "ui/analysis/analysis_types.h"

namespace dnshound::ui::analysis {

namespace {

QStringList itemTexts(const QListWidget* list) {
    QStringList out;
    for (int row = 0; row < list->count(); ++row) out << list->item(row)->text();
    return out;
}

void addUnique(QListWidget* list, const QStringList& paths) {
    const QStringList present = itemTexts(list);
    for (const QString& path : paths)
        if (!present.contains(path)) list->addItem(path);
}

// Opens a non-blocking multi-file picker; `done` gets the chosen files.
template <typename Done>
void pickFiles(QWidget* parent, const QString& title, const QString& filter, Done done) {
    auto* picker = new QFileDialog(parent, title, {}, filter);
    picker->setAttribute(Qt::WA_DeleteOnClose);
    picker->setFileMode(QFileDialog::ExistingFiles);
    QObject::connect(picker, &QFileDialog::filesSelected, parent, done);
    picker->open();
}

}  // namespace

GroundTruthDialog::GroundTruthDialog(QWidget* parent)
    : QDialog(parent),
      m_inputs(new QListWidget(this)),
      m_truthFiles(new QListWidget(this)),
      m_addTruth(new QPushButton(tr("Add truth files…"), this)),
      m_removeTruth(new QPushButton(tr("Remove"), this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(tr("Open with ground truth"));

    auto* logs = new QGroupBox(tr("DNS logs"), this);
    auto* addLogs = new QPushButton(tr("Add logs…"), logs);
    auto* removeLogs = new QPushButton(tr("Remove"), logs);
    auto* logButtons = new QHBoxLayout;
    logButtons->addWidget(addLogs);
    logButtons->addWidget(removeLogs);
    logButtons->addStretch();
    auto* logLayout = new QVBoxLayout(logs);
    logLayout->addWidget(m_inputs);
    logLayout->addLayout(logButtons);

    auto* truth = new QGroupBox(tr("Ground truth"), this);
    m_sources[NoTruth] = new QRadioButton(tr("None (plain analysis)"), truth);
    m_sources[LabelColumn] = new QRadioButton(
        tr("Label column in the logs (Zeek `label` column, heiDGAF label field)"), truth);
    m_sources[TruthFiles] =
        new QRadioButton(tr("Truth files (labelled domains CSV, truth JSON)"), truth);
    auto* group = new QButtonGroup(this);
    for (int id = NoTruth; id <= TruthFiles; ++id) group->addButton(m_sources[id], id);
    m_sources[NoTruth]->setChecked(true);
    auto* truthButtons = new QHBoxLayout;
    truthButtons->addWidget(m_addTruth);
    truthButtons->addWidget(m_removeTruth);
    truthButtons->addStretch();
    auto* truthLayout = new QVBoxLayout(truth);
    for (QRadioButton* button : m_sources) truthLayout->addWidget(button);
    truthLayout->addWidget(m_truthFiles);
    truthLayout->addLayout(truthButtons);
    auto* hint = new QLabel(
        tr("With ground truth the run is scored against it and the Dataset tab shows the "
           "confusion matrices per query name and per client."),
        truth);
    hint->setWordWrap(true);
    truthLayout->addWidget(hint);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(logs);
    layout->addWidget(truth);
    layout->addWidget(m_buttons);

    connect(addLogs, &QPushButton::clicked, this, &GroundTruthDialog::addInputs);
    connect(removeLogs, &QPushButton::clicked, this, [this] {
        qDeleteAll(m_inputs->selectedItems());
        updateState();
    });
    connect(m_addTruth, &QPushButton::clicked, this, &GroundTruthDialog::addTruthFiles);
    connect(m_removeTruth, &QPushButton::clicked, this, [this] {
        qDeleteAll(m_truthFiles->selectedItems());
        updateState();
    });
    connect(group, &QButtonGroup::idToggled, this, [this](int, bool) { updateState(); });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_inputs->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_truthFiles->setSelectionMode(QAbstractItemView::ExtendedSelection);
    resize(560, 480);
    updateState();
}

void GroundTruthDialog::setInputs(const QStringList& paths) {
    m_inputs->clear();
    addUnique(m_inputs, paths);
    updateState();
}

QStringList GroundTruthDialog::inputs() const {
    return itemTexts(m_inputs);
}

void GroundTruthDialog::setSource(Source source) {
    m_sources[source]->setChecked(true);
    updateState();
}

GroundTruthDialog::Source GroundTruthDialog::source() const {
    for (int id = NoTruth; id <= TruthFiles; ++id)
        if (m_sources[id]->isChecked()) return static_cast<Source>(id);
    return NoTruth;
}

void GroundTruthDialog::setTruthFiles(const QStringList& paths) {
    m_truthFiles->clear();
    addUnique(m_truthFiles, paths);
    updateState();
}

QStringList GroundTruthDialog::truthFiles() const {
    return itemTexts(m_truthFiles);
}

void GroundTruthDialog::applyTo(AnalysisJob& job) const {
    job.labelColumn = source() == LabelColumn;
    job.truthFiles = source() == TruthFiles ? truthFiles() : QStringList();
}

QPushButton* GroundTruthDialog::okButton() const {
    return m_buttons->button(QDialogButtonBox::Ok);
}

QRadioButton* GroundTruthDialog::sourceButton(Source source) const {
    return m_sources[source];
}

void GroundTruthDialog::addInputs() {
    pickFiles(this, tr("DNS logs"),
              tr("DNS logs and captures (*.log *.txt *.gz *.tsv *.json *.pcap *.pcapng *.cap);;"
                 "All files (*)"),
              [this](const QStringList& paths) {
                  addUnique(m_inputs, paths);
                  updateState();
              });
}

void GroundTruthDialog::addTruthFiles() {
    pickFiles(this, tr("Truth files"), tr("Truth files (*.csv *.json *.gz);;All files (*)"),
              [this](const QStringList& paths) {
                  addUnique(m_truthFiles, paths);
                  updateState();
              });
}

void GroundTruthDialog::updateState() {
    const bool files = source() == TruthFiles;
    m_truthFiles->setEnabled(files);
    m_addTruth->setEnabled(files);
    m_removeTruth->setEnabled(files);
    okButton()->setEnabled(m_inputs->count() > 0 && (!files || m_truthFiles->count() > 0));
}

}  // namespace dnshound::ui::analysis
