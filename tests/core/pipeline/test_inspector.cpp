#include <QtTest>

#include "core/pipeline/inspector.h"

using namespace dnshound::core;

namespace {
// A batch of one subnet with `perMinute[i]` relevant events in minute i after `startMin`.
pipeline::SubnetBatch batchWith(const std::vector<int>& perMinute, int startMin) {
    pipeline::SubnetBatch b;
    b.subnet = *event::IpAddress::parse("10.0.0.0");
    for (std::size_t m = 0; m < perMinute.size(); ++m) {
        for (int k = 0; k < perMinute[m]; ++k) {
            event::DnsEvent e;
            e.client = *event::IpAddress::parse("10.0.0.7");
            e.timeUs = (static_cast<std::int64_t>(startMin + static_cast<int>(m)) * 60 + k % 60) *
                       1'000'000;
            e.rcode = event::kRcodeNxDomain;
            b.relevant.push_back(static_cast<std::uint32_t>(b.events.size()));
            b.events.push_back(e);
        }
    }
    return b;
}
}  // namespace

class TestInspector : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void passThroughForwardsRelevantBatches() {
        config::InspectorConfig cfg;
        cfg.mode = config::InspectorMode::PassThrough;
        pipeline::Inspector in(cfg);
        auto b = batchWith({1}, 0);
        in.inspect(b);
        QVERIFY(b.forwarded);
        pipeline::SubnetBatch empty;
        in.inspect(empty);
        QVERIFY(!empty.forwarded);
    }

    void quietSubnetIsNotForwarded() {
        config::InspectorConfig cfg;
        pipeline::Inspector in(cfg);
        // One or two NXDOMAINs a minute: below min_bin_count, never anomalous.
        for (int round = 0; round < 5; ++round) {
            auto b = batchWith({1, 2, 1, 0, 1}, round * 5);
            in.inspect(b);
            QVERIFY(!b.forwarded);
        }
        QCOMPARE(in.stats().batchesForwarded, std::uint64_t(0));
    }

    void burstAgainstBaselineIsForwarded() {
        config::InspectorConfig cfg;
        pipeline::Inspector in(cfg);
        for (int round = 0; round < 4; ++round) {
            auto b = batchWith({1, 1, 2, 1, 1}, round * 5);
            in.inspect(b);
        }
        auto burst = batchWith({1, 40, 35, 1, 1}, 20);
        in.inspect(burst);
        QVERIFY(burst.forwarded);
        QCOMPARE(burst.anomalousBins, 2u);
        QCOMPARE(burst.inspectedBins, 5u);
    }

    // A DGA burst of six minutes, arriving one minute per batch: held-out anomalous bins keep
    // the baseline where it was, so every minute of the burst is forwarded. With
    // adapt_after_bins 0 (every bin joins the baseline at once) the burst teaches the baseline
    // its own rate and its later minutes are no longer forwarded.
    void aBurstStaysForwardedWhileItLasts() {
        auto run = [](std::uint32_t adaptAfter) {
            config::InspectorConfig cfg;
            cfg.adaptAfterBins = adaptAfter;
            pipeline::Inspector in(cfg);
            for (int round = 0; round < 4; ++round) {
                auto b = batchWith({1, 1, 2, 1, 1}, round * 5);
                in.inspect(b);
            }
            int forwarded = 0;
            for (int minute = 20; minute < 26; ++minute) {  // six minutes
                auto b = batchWith({30}, minute);
                in.inspect(b);
                forwarded += b.forwarded ? 1 : 0;
            }
            return forwarded;
        };
        QCOMPARE(config::InspectorConfig{}.adaptAfterBins, 5u);
        QCOMPARE(run(5), 6);  // five held out, the sixth judged before it joins
        const int adapting = run(0);
        QVERIFY2(adapting < 6, qPrintable(QString::number(adapting)));
        QVERIFY(adapting >= 1);  // its first minutes still are
    }

    // Past adapt_after_bins anomalous bins in a row, the rate becomes the baseline.
    void aLastingChangeOfRateIsLearnt() {
        config::InspectorConfig cfg;
        cfg.adaptAfterBins = 3;
        pipeline::Inspector in(cfg);
        for (int round = 0; round < 4; ++round) {
            auto b = batchWith({1, 1, 2, 1, 1}, round * 5);
            in.inspect(b);
        }
        bool lastForwarded = true;
        for (int minute = 20; minute < 200; ++minute) {
            auto b = batchWith({30}, minute);
            in.inspect(b);
            lastForwarded = b.forwarded;
        }
        QVERIFY(!lastForwarded);
    }

    void steadyHighRateBecomesBaseline() {
        config::InspectorConfig cfg;
        cfg.ewmaAlpha = 0.3;
        pipeline::Inspector in(cfg);
        bool lastForwarded = true;
        for (int round = 0; round < 20; ++round) {
            auto b = batchWith({20, 20, 20, 20, 20}, round * 5);
            in.inspect(b);
            lastForwarded = b.forwarded;
        }
        // The gate adapts: a constant rate stops being an anomaly (the documented recall cost).
        QVERIFY(!lastForwarded);
        QVERIFY(in.stats().batchesForwarded >= 1);
    }

    void evictsBaselinesBeyondCap() {
        config::InspectorConfig cfg;
        cfg.maxSubnets = 4;
        pipeline::Inspector in(cfg);
        for (int s = 0; s < 10; ++s) {
            auto b = batchWith({6}, 0);
            b.subnet = event::IpAddress::fromV4(0x0a000000u + static_cast<std::uint32_t>(s << 8));
            in.inspect(b);
        }
        QVERIFY(in.stats().subnetsEvicted > 0);
    }
};

QTEST_APPLESS_MAIN(TestInspector)
#include "test_inspector.moc"
