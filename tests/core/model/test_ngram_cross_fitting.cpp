#include <QtTest>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "core/features/domain_features.h"
#include "core/model/ngram_cross_fitting.h"

using namespace dnshound::core::model;
using dnshound::core::features::DomainFeatures;

namespace {

// Benign: two words and .com; family "hexa": 14 hex digits and .net; family "vowels": 10 letters
// alternating consonant and vowel and .org. Families in name order: hexa (group 0), vowels
// (group 1), so each family's stand-ins get models that never saw that family.
struct Dataset {
    std::vector<std::string> names, families;
    std::vector<bool> dga;
};

Dataset dataset(std::size_t perClass) {
    const char* words[] = {"green", "house", "cloud", "media", "shop", "news", "world", "smart",
                           "home",  "book",  "music", "sport", "city", "food", "game",  "tech"};
    std::mt19937 rng(5);
    Dataset d;
    auto add = [&](std::string name, const char* family, bool dga) {
        d.names.push_back(std::move(name));
        d.families.push_back(family);
        d.dga.push_back(dga);
    };
    for (std::size_t i = 0; i < perClass; ++i) {
        add(std::string(words[rng() % 16]) + words[rng() % 16] + std::to_string(i) + ".com",
            "legit", false);
        std::string hex, cv;
        for (int j = 0; j < 14; ++j) hex.push_back("0123456789abcdef"[rng() % 16]);
        for (int j = 0; j < 10; ++j)
            cv.push_back(j % 2 ? "aeiou"[rng() % 5] : "bdfgkmprst"[rng() % 10]);
        add(hex + ".net", "hexa", true);
        add(cv + ".org", "vowels", true);
    }
    return d;
}

std::size_t column(const char* name) {
    const auto& names = DomainFeatures::names();
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

}  // namespace

class TestNgramCrossFitting : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unseenFamilyStandInsGetModelsWithoutTheirFamily() {
        const Dataset d = dataset(600);
        const CrossFittedFeatures none = crossFitFeatures(d.names, d.dga, d.families, 0.0);
        const CrossFittedFeatures half = crossFitFeatures(d.names, d.dga, d.families, 0.5);
        const CrossFittedFeatures all = crossFitFeatures(d.names, d.dga, d.families, 1.0);
        const std::size_t cols = DomainFeatures::count();
        QCOMPARE(none.features.size(), d.names.size() * cols);
        QCOMPARE(all.features.size(), none.features.size());
        auto row = [&](const CrossFittedFeatures& f, std::size_t i) {
            return std::vector<float>(
                f.features.begin() + static_cast<std::ptrdiff_t>(i * cols),
                f.features.begin() + static_cast<std::ptrdiff_t>((i + 1) * cols));
        };
        auto same = [](const std::vector<float>& a, const std::vector<float>& b) {
            for (std::size_t k = 0; k < a.size(); ++k)
                if (!(a[k] == b[k] || (std::isnan(a[k]) && std::isnan(b[k])))) return false;
            return true;
        };
        const std::size_t familyLlr = column("sld_family_llr");
        QVERIFY(familyLlr < cols);
        std::size_t halfChanged = 0, dgaRows = 0;
        double seenLlr = 0, unseenLlr = 0;
        for (std::size_t i = 0; i < d.names.size(); ++i) {
            if (!d.dga[i]) {
                // Benign rows keep their fold models whatever the share.
                QVERIFY(same(row(none, i), row(all, i)));
                QVERIFY(same(row(none, i), row(half, i)));
                continue;
            }
            ++dgaRows;
            // Half's rows are either a stand-in (as with share 1) or not (as with share 0).
            const bool asNone = same(row(half, i), row(none, i));
            const bool asAll = same(row(half, i), row(all, i));
            QVERIFY(asNone || asAll);
            halfChanged += !asNone;
            seenLlr += none.features[i * cols + familyLlr];
            unseenLlr += all.features[i * cols + familyLlr];
        }
        // About half the DGA rows stand in for unseen families.
        QVERIFY2(halfChanged > dgaRows * 4 / 10 && halfChanged < dgaRows * 6 / 10,
                 qPrintable(QString::number(halfChanged) + QStringLiteral(" of ") +
                            QString::number(dgaRows)));
        // A family the models never saw fits no profile as well as a family they know.
        QVERIFY2(
            unseenLlr / static_cast<double>(dgaRows) + 5 < seenLlr / static_cast<double>(dgaRows),
            qPrintable(QString::number(unseenLlr / static_cast<double>(dgaRows)) +
                       QStringLiteral(" vs ") +
                       QString::number(seenLlr / static_cast<double>(dgaRows))));
        // The shipped models saw every family whatever the share.
        for (std::size_t i = 0; i < d.names.size(); i += 97) {
            std::vector<float> a(cols), b(cols);
            DomainFeatures::extract(d.names[i], a, none.models.get());
            DomainFeatures::extract(d.names[i], b, all.models.get());
            QVERIFY(same(a, b));
        }
    }
};

QTEST_APPLESS_MAIN(TestNgramCrossFitting)
#include "test_ngram_cross_fitting.moc"
