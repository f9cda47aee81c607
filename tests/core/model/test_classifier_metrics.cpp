#include <QtTest>

#include <array>
#include <memory>

#include "core/model/classifier_metrics.h"

using namespace dnshound::core::model;

class TestClassifierMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void auc() {
        const std::array<float, 4> perfect = {0.1f, 0.2f, 0.8f, 0.9f};
        const std::array<bool, 4> labels = {false, false, true, true};
        QCOMPARE(rocAuc(perfect, labels), 1.0);
        const std::array<float, 4> inverted = {0.9f, 0.8f, 0.2f, 0.1f};
        QCOMPARE(rocAuc(inverted, labels), 0.0);
        const std::array<float, 4> ties = {0.5f, 0.5f, 0.5f, 0.5f};
        QCOMPARE(rocAuc(ties, labels), 0.5);
        // One of four positive/negative pairs misordered.
        const std::array<float, 4> mixed = {0.1f, 0.6f, 0.5f, 0.9f};
        QCOMPARE(rocAuc(mixed, labels), 0.75);
    }

    void thresholdKeepsFprAtTarget() {
        std::vector<float> scores;
        for (int i = 0; i < 1000; ++i) {
            scores.push_back(static_cast<float>(i) / 1000.0f);  // benign 0.000 .. 0.999
        }
        const auto labels = std::make_unique<bool[]>(1000);  // all benign
        const double t = thresholdForFpr(scores, std::span<const bool>(labels.get(), 1000), 0.01);
        const Confusion c = confusionAt(scores, std::span<const bool>(labels.get(), 1000), t);
        QCOMPARE(c.fp, std::size_t{10});  // floor(0.01 * 1000) allowed, no more
        QVERIFY(c.fpr() <= 0.01);
    }

    void confusion() {
        const std::array<float, 5> s = {0.9f, 0.7f, 0.2f, 0.6f, 0.1f};
        const std::array<bool, 5> l = {true, true, true, false, false};
        const Confusion c = confusionAt(s, l, 0.5);
        QCOMPARE(c.tp, std::size_t{2});
        QCOMPARE(c.fn, std::size_t{1});
        QCOMPARE(c.fp, std::size_t{1});
        QCOMPARE(c.tn, std::size_t{1});
        QCOMPARE(c.precision(), 2.0 / 3);
        QCOMPARE(c.recall(), 2.0 / 3);
        QCOMPARE(c.f1(), 2.0 / 3);
    }
};

QTEST_APPLESS_MAIN(TestClassifierMetrics)
#include "test_classifier_metrics.moc"
