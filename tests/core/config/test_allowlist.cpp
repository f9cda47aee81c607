#include <QtTest>

#include <string>

#include "core/config/allowlist.h"
#include "core/config/config.h"

using namespace dnshound::core;

namespace {
constexpr std::int64_t kNow = 1'795'000'000'000'000;  // 2026-11-18
constexpr std::int64_t kDayUs = 86'400'000'000LL;

event::IpAddress ip(const char* text) {
    return *event::IpAddress::parse(text);
}

// The message of the ConfigError that loading `yaml` throws (empty when it loads).
std::string loadError(const std::string& yaml) {
    try {
        config::loadAllowlistText(yaml, "allow.yaml", kNow);
    } catch (const config::ConfigError& e) {
        return e.what();
    }
    return {};
}
}  // namespace

class TestAllowlist : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsEveryKind() {
        const auto list = config::loadAllowlistText(
            "# comment\n"
            "- domain: Telemetry.Example.COM.\n"
            "  reason: vendor telemetry\n"
            "- suffix: '*.cdn.example.net'\n"
            "  reason: CDN hashes\n"
            "  expires: 2099-01-31\n"
            "- client: 10.0.2.0/24\n"
            "  reason: lab subnet\n"
            "  added: 2026-11-01T08:00:00Z\n",
            "allow.yaml", kNow);
        QCOMPARE(list.entries().size(), std::size_t(3));
        QCOMPARE(list.entries()[0].value, std::string("telemetry.example.com"));
        QCOMPARE(list.entries()[0].line, 2);
        QCOMPARE(list.entries()[1].value, std::string("cdn.example.net"));
        QVERIFY(list.entries()[1].expiresUs > kNow);
        QCOMPARE(list.entries()[2].kind, config::AllowKind::Client);
        QCOMPARE(config::allowTimeText(list.entries()[2].addedUs),
                 std::string("2026-11-01T08:00:00Z"));
        QCOMPARE(list.activeCount(), std::size_t(3));
        QCOMPARE(list.expiredCount(), std::size_t(0));
        QVERIFY(config::loadAllowlistText("", "empty.yaml", kNow).empty());
    }

    void errorsNameFileAndLine() {
        QCOMPARE(loadError("- domain: a.com\n  reason: ok\n- domain: b.com\n"),
                 std::string("allow.yaml:3: a reason is required"));
        QCOMPARE(loadError("- domain: a.com\n  reason: x\n  colour: red\n"),
                 std::string("allow.yaml:3: unknown key 'colour' (expected domain, suffix or "
                             "client, reason, expires, added)"));
        QVERIFY(loadError("- client: 10.0.0.300\n  reason: x\n").find("allow.yaml:1: client") == 0);
        QVERIFY(loadError("- client: 10.0.0.0/33\n  reason: x\n").find("not an IP") !=
                std::string::npos);
        QVERIFY(loadError("- suffix: bad..name\n  reason: x\n").find("not a domain name") !=
                std::string::npos);
        QVERIFY(loadError("- domain: a.com\n  reason: x\n  expires: next week\n")
                    .find("allow.yaml:3: expires: expected YYYY-MM-DD") == 0);
        QVERIFY(loadError("- reason: x\n").find("allow.yaml:1: entry needs one of") == 0);
        QVERIFY(
            loadError("- domain: a.com\n  suffix: a.com\n  reason: x\n").find("allow.yaml:2:") ==
            0);
        QVERIFY(loadError("domain: a.com\n").find("expected a list") != std::string::npos);
        QVERIFY(loadError("- [unclosed\n").find("YAML syntax error") != std::string::npos);
        QVERIFY_THROWS_EXCEPTION(config::ConfigError,
                                 config::loadAllowlistFile("/nonexistent/allowlist.yaml", kNow));
    }

    void suffixesMatchOnLabelBoundaries() {
        const auto list = config::loadAllowlistText(
            "- suffix: example.com\n  reason: r\n- domain: exact.org\n  reason: r\n", "a", kNow);
        QVERIFY(list.matchesName("example.com"));
        QVERIFY(list.matchesName("a.example.com"));
        QVERIFY(list.matchesName("deep.a.example.com"));
        QVERIFY(!list.matchesName("badexample.com"));
        QVERIFY(!list.matchesName("example.com.evil.net"));
        QVERIFY(!list.matchesName("com"));
        QVERIFY(list.matchesName("exact.org"));
        QVERIFY(!list.matchesName("www.exact.org"));  // a domain entry is exact
        QVERIFY(!list.matchesName("xexact.org"));
    }

    void clientsMatchAddressesAndNetworks() {
        const auto list = config::loadAllowlistText(
            "- client: 10.0.2.0/24\n  reason: r\n- client: 10.0.1.5\n  reason: r\n"
            "- client: 2001:db8:10:1::/64\n  reason: r\n",
            "a", kNow);
        QVERIFY(list.matchesClient(ip("10.0.2.77")));
        QVERIFY(!list.matchesClient(ip("10.0.3.1")));
        QVERIFY(list.matchesClient(ip("10.0.1.5")));
        QVERIFY(!list.matchesClient(ip("10.0.1.6")));
        QVERIFY(list.matchesClient(ip("2001:db8:10:1:3146:6b55:f48d:46a2")));
        QVERIFY(!list.matchesClient(ip("2001:db8:10:2::1")));
    }

    void expiredEntriesAreIgnoredAndCounted() {
        const std::string yaml =
            "- domain: old.example\n  reason: r\n  expires: 2026-11-17\n"
            "- domain: today.example\n  reason: r\n  expires: 2026-11-18\n"
            "- domain: timed.example\n  reason: r\n  expires: 2026-11-18T00:00:00Z\n";
        const auto list = config::loadAllowlistText(yaml, "a", kNow);
        QCOMPARE(list.expiredCount(), std::size_t(2));
        QCOMPARE(list.activeCount(), std::size_t(1));
        QVERIFY(!list.matchesName("old.example"));
        QVERIFY(list.matchesName("today.example"));  // a date is valid through that day
        QVERIFY(!list.matchesName("timed.example"));
        const auto later = config::loadAllowlistText(yaml, "a", kNow + 2 * kDayUs);
        QCOMPARE(later.expiredCount(), std::size_t(3));
        QVERIFY(later.empty());
    }

    void appendedEntriesLoadAgain() {
        config::AllowEntry e;
        e.kind = config::AllowKind::Suffix;
        e.value = "Cdn.Example.NET";
        e.reason = "says \"hi\"\nand more";
        e.expiresUs = kNow + kDayUs;
        e.addedUs = kNow;
        e = config::normaliseAllowEntry(e, "dialog");
        const std::string text =
            "# kept comment\n- domain: a.com\n  reason: r\n" + config::allowEntryYaml(e);
        const auto list = config::loadAllowlistText(text, "a", kNow);
        QCOMPARE(list.entries().size(), std::size_t(2));
        const auto& back = list.entries()[1];
        QCOMPARE(back.value, std::string("cdn.example.net"));
        QCOMPARE(back.reason, e.reason);
        QCOMPARE(back.expiresUs, e.expiresUs);
        QCOMPARE(back.addedUs, e.addedUs);
    }
};

QTEST_APPLESS_MAIN(TestAllowlist)
#include "test_allowlist.moc"
