#include <QtTest>

#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "core/store/answer_tally.h"

using dnshound::core::event::DnsEvent;
using dnshound::core::event::IpAddress;
using dnshound::core::event::kNoName;
using dnshound::core::event::NameId;
using dnshound::core::store::AnswerTally;

namespace {

DnsEvent answered(NameId name, std::uint32_t answer, std::int64_t timeUs) {
    DnsEvent e;
    e.name = name;
    e.answer = IpAddress::fromV4(answer);
    e.timeUs = timeUs;
    return e;
}

}  // namespace

class TestAnswerTally : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void countsClientsAndTimesPerNameAndAddress() {
        AnswerTally tally;
        std::vector<DnsEvent> events = {
            answered(7, 0x0a000001, 500), answered(7, 0x0a000001, 100),
            answered(7, 0x0a000002, 300),              // a second answer of name 7
            answered(3, 0x0a000001, 200), DnsEvent{},  // no name: not tallied
        };
        DnsEvent unanswered;
        unanswered.name = 9;  // no answer: not tallied
        events.push_back(unanswered);
        const std::vector<std::uint32_t> clients = {1, 2, 1, 1, 1, 1};
        tally.add(events, clients);
        // The same client again, and a new one, in a later batch.
        const std::vector<DnsEvent> later = {answered(7, 0x0a000001, 900),
                                             answered(7, 0x0a000001, 950)};
        tally.add(later, std::vector<std::uint32_t>{2, 3});

        const auto& entries = tally.entries();
        QCOMPARE(entries.size(), std::size_t{3});
        // First-seen order.
        QCOMPARE(entries[0].name, NameId{7});
        QCOMPARE(entries[0].address, IpAddress::fromV4(0x0a000001));
        QCOMPARE(entries[0].count, std::int64_t{4});
        QCOMPARE(entries[0].clients, std::int64_t{3});  // clients 1, 2, 3
        QCOMPARE(entries[0].firstSeenUs, std::int64_t{100});
        QCOMPARE(entries[0].lastSeenUs, std::int64_t{950});
        QCOMPARE(entries[1].name, NameId{7});
        QCOMPARE(entries[1].address, IpAddress::fromV4(0x0a000002));
        QCOMPARE(entries[1].count, std::int64_t{1});
        QCOMPARE(entries[1].clients, std::int64_t{1});
        QCOMPARE(entries[2].name, NameId{3});
        QCOMPARE(entries[2].count, std::int64_t{1});
    }

    void dirtyListsChangedEntriesOnceInFirstChangeOrder() {
        AnswerTally tally;
        tally.add(std::vector<DnsEvent>{answered(1, 0x01010101, 1), answered(2, 0x02020202, 2),
                                        answered(1, 0x01010101, 3)},
                  std::vector<std::uint32_t>{0, 0, 0});
        QCOMPARE(tally.dirty(), (std::vector<std::uint32_t>{0, 1}));
        tally.clearDirty();
        QVERIFY(tally.dirty().empty());
        tally.add(std::vector<DnsEvent>{answered(2, 0x02020202, 4), answered(5, 0x05050505, 5)},
                  std::vector<std::uint32_t>{0, 0});
        QCOMPARE(tally.dirty(), (std::vector<std::uint32_t>{1, 2}));
        QVERIFY(!tally.entries()[0].dirty);
        QVERIFY(tally.entries()[1].dirty);
    }

    void matchesASimpleMapOnManyEvents() {
        // Many names, several answers each, clients in runs: the tally equals a plain count.
        AnswerTally tally;
        std::map<std::pair<NameId, std::uint32_t>,
                 std::tuple<std::int64_t, std::set<std::uint32_t>>>
            expected;
        std::uint64_t state = 12345;
        auto next = [&] {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            return static_cast<std::uint32_t>(state >> 33);
        };
        for (int batch = 0; batch < 200; ++batch) {
            std::vector<DnsEvent> events;
            std::vector<std::uint32_t> clients;
            const std::uint32_t client = next() % 50;
            for (int i = 0; i < 60; ++i) {
                const NameId name = next() % 3000;
                const std::uint32_t answer = 1 + name % 7 + next() % 2;
                events.push_back(answered(name, answer, batch * 100 + i));
                clients.push_back(client + (i % 10 == 9 ? 1u : 0u));
                auto& [count, seen] = expected[{name, answer}];
                ++count;
                seen.insert(clients.back());
            }
            tally.add(events, clients);
        }
        QCOMPARE(tally.entries().size(), expected.size());
        for (const auto& e : tally.entries()) {
            const auto it = expected.find({e.name, e.address.bytes[15] | 0u});
            QVERIFY(it != expected.end());
            QCOMPARE(e.count, std::get<0>(it->second));
            QCOMPARE(e.clients, static_cast<std::int64_t>(std::get<1>(it->second).size()));
        }
    }
};

QTEST_APPLESS_MAIN(TestAnswerTally)
#include "test_answer_tally.moc"
