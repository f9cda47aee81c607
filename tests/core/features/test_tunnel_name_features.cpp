#include <QtTest>

#include <array>
#include <string>
#include <vector>

#include "core/features/tunnel_name_features.h"
#include "core/model/tunnel_trainer.h"

using dnshound::core::features::TunnelNameFeatures;
using dnshound::core::model::TunnelExample;
using dnshound::core::model::TunnelTrainer;

namespace {

using Row = std::array<float, TunnelNameFeatures::kCount>;

Row serve(const std::string& name) {
    Row r{};
    TunnelNameFeatures::extract(name, r);
    return r;
}

Row train(const std::string& subdomain) {
    Row r{};
    TunnelNameFeatures::extractSubdomain(subdomain, r);
    return r;
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

float feature(const Row& r, std::string_view name) {
    const auto& names = TunnelNameFeatures::names();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return r[i];
    qFatal("no feature %.*s", static_cast<int>(name.size()), name.data());
}

}  // namespace

class TestTunnelNameFeatures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void namesAreUniqueAndCounted() {
        const auto& names = TunnelNameFeatures::names();
        QCOMPARE(names.size(), TunnelNameFeatures::count());
        for (std::size_t i = 0; i < names.size(); ++i)
            for (std::size_t j = i + 1; j < names.size(); ++j) QVERIFY(names[i] != names[j]);
    }

    // The zone never reaches the model: the same payload under any zone, or none, is one vector.
    void zoneIsStripped() {
        const std::string payload = "mfrggzdfmztwq2lknnwg23tpobyxe43u.aaaeaqqcwzbp";
        const Row a = serve(payload + ".hidemyself.org");
        const Row b = serve(payload + ".example.co.uk");
        const Row c = train(payload);
        QCOMPARE(a, c);
        QCOMPARE(b, c);
        QCOMPARE(TunnelNameFeatures::subdomainOf("a.b.example.co.uk"), std::string_view("a.b"));
    }

    void bareRegistrableDomainIsAllZero() {
        const Row r = serve("example.com");
        for (float v : r) QCOMPARE(v, 0.0f);
    }

    // Training reads mixed-case lab names; serving sees lower-cased names from resolvers.
    void caseNeverMatters() {
        QCOMPARE(train("q+aHTYdlBA.Mx9Z"), train("q+ahtydlba.mx9z"));
        QCOMPARE(train("dIUEABDE6DRAAAQ"), serve("diueabde6draaaq.tuns.org"));
    }

    void measuresWhatItSays() {
        const Row r = train("ab12.cdef0123456789.x-y");
        QCOMPARE(feature(r, "sub_labels"), 3.0f);
        QCOMPARE(feature(r, "sub_longest_label"), 14.0f);
        QCOMPARE(feature(r, "sub_length"), 23.0f);
        QCOMPARE(feature(r, "sub_longest_digit_run"), 10.0f);
        QCOMPARE(feature(r, "sub_longest_hex_run"), 14.0f);
        QCOMPARE(feature(r, "sub_first_label"), 4.0f);
        QCOMPARE(feature(r, "sub_long_labels"), 1.0f);
        // "\200" escapes and raw high bytes are one binary character each.
        const Row e = train("a\\200\\201b");
        QCOMPARE(feature(e, "sub_length"), 10.0f);
        QCOMPARE(feature(e, "sub_binary_ratio"), 0.5f);
        const Row h = train(std::string("a\x80\x81") + "b");
        QCOMPARE(feature(h, "sub_binary_ratio"), 0.5f);
        QVERIFY(feature(train("abcdefgh"), "sub_entropy") >
                feature(train("aaaaaaaa"), "sub_entropy"));
    }

    // The trainer's reader and the detector's path give the same vector for every lab name.
    void trainAndServePathsAgreeOnRealData() {
        const std::string path = DNSHOUND_SHARED_DATA "/tunnel/domurls/test.csv.gz";
        if (!QFile::exists(QString::fromStdString(path)))
            QSKIP("../shared/data/tunnel/domurls is absent");
        std::vector<TunnelExample> rows;
        QVERIFY(TunnelTrainer::readDomurls(path, rows) > 10000);
        std::size_t compared = 0;
        for (const TunnelExample& e : rows) {
            if (!e.tunnel) continue;
            const Row t = train(e.subdomain);
            const Row s = serve(lower(e.subdomain) + ".example.org");
            if (t != s) QFAIL(("vectors differ for " + e.subdomain).c_str());
            ++compared;
        }
        QVERIFY(compared > 10000);
    }
};

QTEST_APPLESS_MAIN(TestTunnelNameFeatures)
#include "test_tunnel_name_features.moc"
