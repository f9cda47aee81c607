#include <QTest>

#include "core/report/report_export.h"
#include "core/report/report_text.h"

using namespace dnshound::core::report;

class TestReportText final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesUtcTimes();
    void formatsForReaders();
    void csvQuotesWhatNeedsIt();
};

void TestReportText::parsesUtcTimes() {
    constexpr std::int64_t kDay = 1'795'737'600;  // 2026-11-27T00:00:00Z
    QCOMPARE(parseUtc("2026-11-27"), std::optional<std::int64_t>(kDay * 1'000'000));
    QCOMPARE(parseUtc("2026-11-27T10:00:00Z"),
             std::optional<std::int64_t>((kDay + 36'000) * 1'000'000));
    QCOMPARE(parseUtc("2026-11-27 10:05"),
             std::optional<std::int64_t>((kDay + 36'300) * 1'000'000));
    QCOMPARE(parseUtc("1795737600"), std::optional<std::int64_t>(kDay * 1'000'000));
    for (const char* bad : {"", "yesterday", "2026-13-01", "2026-11-27T25:00", "2026-11-27T10",
                            "2026-11-27T10:00:00+02:00", "2026/11/27", "99999999999999999999"})
        QVERIFY2(!parseUtc(bad).has_value(), bad);
    QCOMPARE(utcText(kDay * 1'000'000 + 36'000'000'000), std::string("2026-11-27 10:00:00 UTC"));
    QCOMPARE(isoTime(kDay * 1'000'000 + 1'500), std::string("2026-11-27T00:00:00.001Z"));
}

void TestReportText::formatsForReaders() {
    QCOMPARE(durationText(42'000'000), std::string("42 s"));
    QCOMPARE(durationText(300'000'000), std::string("5 min"));
    QCOMPARE(durationText(305'000'000), std::string("5 min 5 s"));
    QCOMPARE(durationText(7'800'000'000), std::string("2 h 10 min"));
    QCOMPARE(countText(1'234'567), std::string("1,234,567"));
    QCOMPARE(countText(-1000), std::string("-1,000"));
    QCOMPARE(percentText(1, 8), std::string("12.5 %"));
    QCOMPARE(percentText(1, 0), std::string("-"));
    QCOMPARE(scoreText(-1.0), std::string("not scored"));
}

void TestReportText::csvQuotesWhatNeedsIt() {
    IncidentReport r;
    dnshound::core::store::AlertRecord a;
    a.id = 4;
    a.kind = "dga";
    a.client = "10.0.0.5";
    a.domain = "odd,\"name\".example";
    r.alerts.push_back(a);
    const std::string csv = reportCsv(r);
    QVERIFY(csv.find("\"odd,\"\"name\"\".example\"") != std::string::npos);
    QCOMPARE(std::count(csv.begin(), csv.end(), '\n'), 2);  // header + one alert
    const std::string json = reportJson(r);
    QVERIFY(json.find("\"domain\":\"odd,\\\"name\\\".example\"") != std::string::npos);
}

QTEST_APPLESS_MAIN(TestReportText)
#include "test_report_text.moc"
