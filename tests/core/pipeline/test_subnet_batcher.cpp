#include <QtTest>

#include "core/pipeline/subnet_batcher.h"

using namespace dnshound::core;

namespace {
event::DnsEvent ev(const char* ip, std::int64_t secs, event::NameId name = 0) {
    event::DnsEvent e;
    e.client = *event::IpAddress::parse(ip);
    e.timeUs = secs * 1'000'000;
    e.name = name;
    return e;
}
std::size_t total(const std::vector<pipeline::SubnetBatch>& bs) {
    std::size_t n = 0;
    for (const auto& b : bs) n += b.events.size();
    return n;
}
}  // namespace

class TestSubnetBatcher : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void groupsBySlash24AndSlash64() {
        config::BatchConfig cfg;
        pipeline::SubnetBatcher b(cfg);
        std::vector<event::DnsEvent> in{ev("10.0.0.5", 0), ev("10.0.0.77", 1), ev("10.0.1.5", 1),
                                        ev("2001:db8::1", 2), ev("2001:db8::ffff:1", 2),
                                        ev("2001:db8:0:1::1", 3)};
        std::vector<pipeline::SubnetBatch> ready;
        b.add(in, ready);
        QCOMPARE(ready.size(), std::size_t(0));
        b.flushAll(ready);
        QCOMPARE(ready.size(), std::size_t(4));
        QCOMPARE(total(ready), in.size());
        for (const auto& batch : ready) {
            if (batch.subnet == *event::IpAddress::parse("10.0.0.0")) {
                QCOMPARE(batch.events.size(), std::size_t(2));
            }
            if (batch.subnet == *event::IpAddress::parse("2001:db8::")) {
                QCOMPARE(batch.events.size(), std::size_t(2));
            }
        }
    }

    void flushesAtBatchSize() {
        config::BatchConfig cfg;
        cfg.maxEvents = 3;
        pipeline::SubnetBatcher b(cfg);
        std::vector<event::DnsEvent> in;
        for (int i = 0; i < 7; ++i) in.push_back(ev("192.168.1.10", i));
        std::vector<pipeline::SubnetBatch> ready;
        b.add(in, ready);
        QCOMPARE(ready.size(), std::size_t(2));
        QCOMPARE(ready[0].events.size(), std::size_t(3));
        QCOMPARE(b.bufferedEvents(), std::size_t(1));
        QCOMPARE(b.stats().batchesBySize, std::uint64_t(2));
        b.flushAll(ready);
        QCOMPARE(total(ready), std::size_t(7));
    }

    void flushesOnEventTimeTimeout() {
        config::BatchConfig cfg;
        cfg.timeoutUs = 30'000'000;
        pipeline::SubnetBatcher b(cfg);
        std::vector<pipeline::SubnetBatch> ready;
        std::vector<event::DnsEvent> first{ev("10.1.1.1", 100), ev("10.1.1.2", 110)};
        b.add(first, ready);
        QCOMPARE(ready.size(), std::size_t(0));
        // Another subnet's traffic moves event time on; the idle subnet's batch expires.
        std::vector<event::DnsEvent> later{ev("10.2.2.2", 131)};
        b.add(later, ready);
        QCOMPARE(ready.size(), std::size_t(1));
        QCOMPARE(ready[0].events.size(), std::size_t(2));
        QCOMPARE(b.stats().batchesByTimeout, std::uint64_t(1));
    }

    void boundedBufferFlushesLargest() {
        config::BatchConfig cfg;
        cfg.maxBufferedEvents = 10;
        pipeline::SubnetBatcher b(cfg);
        std::vector<event::DnsEvent> in;
        for (int i = 0; i < 8; ++i) in.push_back(ev("10.0.0.1", 0));
        for (int i = 0; i < 4; ++i) in.push_back(ev("10.0.9.1", 0));
        std::vector<pipeline::SubnetBatch> ready;
        b.add(in, ready);
        QVERIFY(b.bufferedEvents() <= 10);
        QCOMPARE(ready.size(), std::size_t(1));
        QCOMPARE(ready[0].events.size(), std::size_t(8));
        b.flushAll(ready);
        QCOMPARE(total(ready), in.size());
    }
};

QTEST_APPLESS_MAIN(TestSubnetBatcher)
#include "test_subnet_batcher.moc"
