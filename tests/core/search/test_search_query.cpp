#include <QtTest>

#include <filesystem>
#include <variant>

#include "core/event/dns_event.h"
#include "core/search/alert_filter.h"
#include "core/search/search_query.h"
#include "core/search/sql_filter.h"
#include "core/store/sqlite_connection.h"

using namespace dnshound::core;
using search::Comparison;
using search::Field;
using search::SearchQuery;

namespace {

store::AlertRecord alert(std::string kind, std::string client, std::string domain, double score,
                         std::string state = "new") {
    store::AlertRecord a;
    a.kind = std::move(kind);
    a.client = std::move(client);
    a.domain = std::move(domain);
    a.score = score;
    a.count = 12;
    a.state = std::move(state);
    return a;
}

search::AlertFilter alertFilter(const char* text) {
    const auto parsed = SearchQuery::parse(text);
    if (parsed.error) qFatal("unexpected parse error: %s", parsed.error->describe().c_str());
    search::AlertFilter filter;
    if (auto error = search::AlertFilter::compile(parsed.query, filter)) {
        qFatal("unexpected compile error: %s", error->describe().c_str());
    }
    return filter;
}

}  // namespace

class TestSearchQuery : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesEveryField() {
        const auto parsed = SearchQuery::parse(
            "client:10.0.0.5 kind:DGA score:>0.9 domain:*.Example.com rcode:NXDOMAIN state:new "
            "qtype:txt count:<=3 -kind:tunnel  evil");
        QVERIFY2(!parsed.error, parsed.error ? parsed.error->describe().c_str() : "");
        const auto& t = parsed.query.terms();
        QCOMPARE(t.size(), std::size_t(10));
        QCOMPARE(t[0].field, Field::Client);
        QCOMPARE(t[0].text, std::string("10.0.0.5"));
        QCOMPARE(t[1].text, std::string("dga"));  // lower-cased
        QCOMPARE(t[2].field, Field::Score);
        QCOMPARE(t[2].comparison, Comparison::Greater);
        QCOMPARE(t[2].number, 0.9);
        QCOMPARE(t[3].field, Field::Domain);
        QVERIFY(t[3].wildcard);
        QCOMPARE(t[3].text, std::string("*.example.com"));
        QCOMPARE(t[4].number, static_cast<double>(event::kRcodeNxDomain));
        QCOMPARE(t[5].field, Field::State);
        QCOMPARE(t[6].field, Field::Qtype);
        QCOMPARE(t[6].number, 16.0);  // TXT
        QCOMPARE(t[7].comparison, Comparison::LessEqual);
        QCOMPARE(t[7].number, 3.0);
        QVERIFY(t[8].negated);
        QCOMPARE(t[8].position, std::size_t(102));
        QCOMPARE(t[9].field, Field::Text);
        QCOMPARE(t[9].position, std::size_t(116));
    }

    void quotedValuesAndIpv6() {
        const auto parsed =
            SearchQuery::parse("client:2001:db8::1 \"two words\" domain:\"a\\\"b.com\" fe80::1");
        QVERIFY(!parsed.error);
        const auto& t = parsed.query.terms();
        QCOMPARE(t.size(), std::size_t(4));
        QCOMPARE(t[0].text, std::string("2001:db8::1"));
        QCOMPARE(t[1].text, std::string("two words"));
        QCOMPARE(t[2].text, std::string("a\"b.com"));
        QCOMPARE(t[3].field, Field::Text);  // digits before ':' make a bare word
        QVERIFY(SearchQuery::parse("   ").query.empty());
        QVERIFY(!SearchQuery::parse("   ").error);
    }

    void reportsErrorsWithPosition_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<int>("position");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown field") << "kind:dga colour:red" << 9 << "unknown field 'colour'";
        QTest::newRow("missing number") << "score:>" << 7 << "expected a number after 'score:>'";
        QTest::newRow("bad number") << "score:>high" << 7 << "found 'high'";
        QTest::newRow("empty value") << "client: x" << 7 << "expected a value after 'client:'";
        QTest::newRow("bad rcode") << "rcode:NXDOMAINS" << 6 << "unknown response code 'NXDOMAINS'";
        QTest::newRow("bad qtype") << "qtype:AAA" << 6 << "unknown record type 'AAA'";
        QTest::newRow("open quote") << "kind:dga \"abc" << 9 << "unterminated quote";
        QTest::newRow("lonely minus") << "kind:dga - x" << 10 << "expected a term after '-'";
        QTest::newRow("wildcard kind") << "kind:dg*" << 5 << "wildcards";
    }
    void reportsErrorsWithPosition() {
        QFETCH(QString, input);
        QFETCH(int, position);
        QFETCH(QString, expected);
        const auto parsed = SearchQuery::parse(input.toStdString());
        QVERIFY(parsed.error.has_value());
        QCOMPARE(static_cast<int>(parsed.error->position), position);
        QVERIFY2(QString::fromStdString(parsed.error->message).contains(expected),
                 parsed.error->message.c_str());
        QVERIFY(parsed.error->describe().starts_with("column " + std::to_string(position + 1)));
        QVERIFY(parsed.query.empty());
    }

    void globMatching() {
        QVERIFY(search::globMatch("*.example.com", "a.b.EXAMPLE.com"));
        QVERIFY(!search::globMatch("*.example.com", "example.com"));
        QVERIFY(search::globMatch("10.0.0.?", "10.0.0.7"));
        QVERIFY(!search::globMatch("10.0.0.?", "10.0.0.17"));
        QVERIFY(search::globMatch("*", ""));
        QVERIFY(search::globMatch("a*b*c", "axxbyyc"));
        QVERIFY(!search::globMatch("a*b*c", "axxbyy"));
    }

    void alertPredicate() {
        const auto a = alert("dga", "10.0.0.5", "qxkzv.example.com", 0.97);
        const auto b = alert("tunnel", "10.0.0.6", "t.tunnel.net", 0.8, "acknowledged");
        QVERIFY(alertFilter("").matches(a));
        QVERIFY(alertFilter("client:10.0.0.5").matches(a));
        QVERIFY(!alertFilter("client:10.0.0.5").matches(b));
        QVERIFY(!alertFilter("client:10.0.0").matches(a));  // exact without wildcards
        QVERIFY(alertFilter("client:10.0.0.*").matches(b));
        QVERIFY(alertFilter("kind:dga score:>0.9").matches(a));
        QVERIFY(!alertFilter("kind:dga score:>0.97").matches(a));
        QVERIFY(alertFilter("score:0.97").matches(a));  // bare number: at least
        QVERIFY(alertFilter("domain:*.example.com").matches(a));
        QVERIFY(!alertFilter("domain:*.example.com").matches(b));
        QVERIFY(alertFilter("-kind:dga").matches(b));
        QVERIFY(!alertFilter("-kind:dga").matches(a));
        QVERIFY(alertFilter("state:ACKNOWLEDGED").matches(b));
        QVERIFY(alertFilter("QXKZ").matches(a));  // bare word: substring, any case
        QVERIFY(alertFilter("count:>=12 count:<13").matches(a));
        auto withEvidence = b;
        withEvidence.evidence = {"x.example.com"};
        QVERIFY(alertFilter("domain:*.example.com").matches(withEvidence));

        search::AlertFilter filter;
        const auto error = search::AlertFilter::compile(
            SearchQuery::parse("kind:dga rcode:NXDOMAIN").query, filter);
        QVERIFY(error.has_value());
        QCOMPARE(error->position, std::size_t(9));
        QVERIFY(error->message.find("does not apply to alerts") != std::string::npos);
    }

    void sqlFragmentBindsValues() {
        const auto parsed = SearchQuery::parse(
            "domain:*.ex%_ample.com score:>0.5 rcode:NXDOMAIN -qtype:A x'); DROP TABLE q;--");
        QVERIFY(!parsed.error);
        search::SqlFilter filter;
        QVERIFY(!search::compileSql(parsed.query, search::queryTableColumns(), filter));
        // User text never reaches the SQL text.
        QVERIFY(filter.where.find("DROP") == std::string::npos);
        QVERIFY(filter.where.find("ex") == std::string::npos);
        const auto placeholders = std::count(filter.where.begin(), filter.where.end(), '?');
        QCOMPARE(static_cast<std::size_t>(placeholders), filter.values.size());
        QCOMPARE(std::get<std::string>(filter.values[0]), std::string("%.ex\\%\\_ample.com"));
        QCOMPARE(std::get<double>(filter.values[1]), 0.5);
        QCOMPARE(std::get<std::int64_t>(filter.values[2]), std::int64_t(3));
        QCOMPARE(std::get<std::string>(filter.values[4]), std::string("%x');%"));
        QVERIFY(filter.where.find("IS NOT TRUE") != std::string::npos);

        search::SqlFilter refused;
        const auto error = search::compileSql(SearchQuery::parse("kind:dga").query,
                                              search::queryTableColumns(), refused);
        QVERIFY(error.has_value());
        QVERIFY(error->message.find("does not apply to queries") != std::string::npos);
    }

    void sqlFragmentRunsInSqlite() {
        // The fragment against a real table: the same rows the words describe.
        const auto path =
            std::filesystem::temp_directory_path() /
            ("dnshound-search-" + std::to_string(QRandomGenerator::global()->generate()));
        {
            store::SqliteConnection db(path.string(),
                                       store::SqliteConnection::Mode::ReadWriteCreate);
            db.exec(
                "CREATE TABLE clients(id INTEGER PRIMARY KEY, ip TEXT);"
                "CREATE TABLE domains(id INTEGER PRIMARY KEY, name TEXT);"
                "CREATE TABLE domain_scores(domain_id INTEGER PRIMARY KEY, dga_score REAL);"
                "CREATE TABLE queries(client_id INT, domain_id INT, rcode INT, qtype INT);"
                "INSERT INTO clients VALUES(1, '10.0.0.5');"
                "INSERT INTO domains VALUES(1, 'a.example.com'), (2, 'x_y.example.com'),"
                "(3, 'xay.example.com'), (4, 'plain.org');"
                "INSERT INTO domain_scores VALUES(1, 0.1), (2, 0.95), (3, 0.99);"
                "INSERT INTO queries VALUES(1, 1, 0, 1), (1, 2, 3, 1), (1, 3, 3, 16), (1, 4, 0, "
                "1);");
            const auto count = [&db](const char* text) {
                search::SqlFilter filter;
                const auto parsed = SearchQuery::parse(text);
                if (parsed.error ||
                    search::compileSql(parsed.query, search::queryTableColumns(), filter)) {
                    return -1;
                }
                auto st = db.prepare(
                    "SELECT count(*) FROM queries q JOIN clients c ON c.id = q.client_id "
                    "LEFT JOIN domains d ON d.id = q.domain_id "
                    "LEFT JOIN domain_scores s ON s.domain_id = q.domain_id WHERE " +
                    filter.where);
                int index = 1;
                for (const auto& value : filter.values) {
                    std::visit([&](const auto& v) { st.bind(index, v); }, value);
                    ++index;
                }
                return st.step() ? static_cast<int>(st.int64(0)) : -1;
            };
            QCOMPARE(count(""), 4);
            QCOMPARE(count("domain:*.example.com"), 3);
            QCOMPARE(count("x_y"), 1);  // '_' is literal, not LIKE's any-character
            QCOMPARE(count("score:>0.9"), 2);
            QCOMPARE(count("-score:>0.9"), 2);  // unscored plain.org stays
            QCOMPARE(count("rcode:NXDOMAIN qtype:TXT"), 1);
            QCOMPARE(count("client:10.0.0.5 domain:A.EXAMPLE.COM"), 1);
            QCOMPARE(count("client:10.0.0.*"), 4);
        }
        std::filesystem::remove(path);
    }
};

QTEST_APPLESS_MAIN(TestSearchQuery)
#include "test_search_query.moc"
