#pragma once

#include <QDialog>
#include <QStringList>

class QDialogButtonBox;
class QListWidget;
class QPushButton;
class QRadioButton;

namespace dnshound::ui::analysis {

struct AnalysisJob;

// File > Open with ground truth…: the DNS logs to analyse and where their ground truth comes from
// (none, the logs' own label column, or truth files: a labelled domain CSV or the sample's truth
// JSON). The analysis then runs in datatest mode and the Dataset tab shows the confusion matrices.
// File pickers open with open(), never exec().
class GroundTruthDialog final : public QDialog {
    Q_OBJECT

public:
    enum Source { NoTruth, LabelColumn, TruthFiles };

    explicit GroundTruthDialog(QWidget* parent = nullptr);

    void setInputs(const QStringList& paths);
    QStringList inputs() const;
    void setSource(Source source);
    Source source() const;
    void setTruthFiles(const QStringList& paths);
    QStringList truthFiles() const;
    // Copies the chosen truth into `job` (truthFiles, labelColumn).
    void applyTo(AnalysisJob& job) const;

    QPushButton* okButton() const;
    QRadioButton* sourceButton(Source source) const;

private:
    void addInputs();
    void addTruthFiles();
    void updateState();

    QListWidget* m_inputs;
    QListWidget* m_truthFiles;
    QRadioButton* m_sources[3] = {};
    QPushButton* m_addTruth;
    QPushButton* m_removeTruth;
    QDialogButtonBox* m_buttons;
};

}  // namespace dnshound::ui::analysis
