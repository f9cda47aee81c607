#include <QtTest>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/config/config.h"
#include "core/detect/tunnel_detector.h"
#include "core/model/dga_model.h"
#include "core/model/tunnel_model.h"
#include "core/model/tunnel_trainer.h"

using dnshound::core::model::ModelError;
using dnshound::core::model::TunnelExample;
using dnshound::core::model::TunnelModel;
using dnshound::core::model::TunnelTrainer;
namespace fs = std::filesystem;

namespace {

const std::string kShipped = DNSHOUND_SOURCE_DIR "/models/tunnel.json";
const std::string kData = DNSHOUND_SHARED_DATA;

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

}  // namespace

class TestTunnelModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shippedModelLoads() {
        const auto m = TunnelModel::load(kShipped);
        QVERIFY(m);
        QVERIFY(m->threshold() >= 0.5 && m->threshold() < 1.0);
        QCOMPARE(m->sha256().size(), std::size_t(64));
        const float s = m->score("www.example.com");
        QVERIFY(s >= 0.0f && s <= 1.0f);
    }

    void tamperedOrMissingModelIsRefused() {
        QVERIFY_THROWS_EXCEPTION(ModelError, TunnelModel::load("/nonexistent/tunnel.json"));
        QTemporaryDir dir;
        const fs::path model = fs::path(dir.path().toStdString()) / "tunnel.json";
        fs::copy_file(kShipped, model);
        fs::copy_file(DNSHOUND_SOURCE_DIR "/models/tunnel.manifest.json",
                      fs::path(dir.path().toStdString()) / "tunnel.manifest.json");
        QVERIFY(TunnelModel::load(model.string()));
        {
            std::ofstream out(model, std::ios::app);
            out << ' ';
        }
        QVERIFY_THROWS_EXCEPTION(ModelError, TunnelModel::load(model.string()));
    }

    // Held-out lab tunnel names (the trainer's test split of domurls; long payload names: short
    // polling names are the rules' job) score high; real benign log names score low.
    void scoresTunnelNamesHighAndBenignLow() {
        const std::string domurls = kData + "/tunnel/domurls/test.csv.gz";
        const std::string logs = kData + "/logs/rita_zeek";
        if (!fs::exists(domurls) || !fs::exists(logs)) QSKIP("../shared/data is absent");
        const auto m = TunnelModel::load(kShipped);
        std::vector<TunnelExample> rows;
        TunnelTrainer::readDomurls(domurls, rows);
        std::size_t total = 0, hit = 0;
        for (const TunnelExample& e : rows) {
            if (!e.tunnel || e.subdomain.size() < 24 || !TunnelTrainer::inTestSplit(e.subdomain))
                continue;
            ++total;
            hit += m->score(lower(e.subdomain) + ".tunnel-zone.net") >= m->threshold();
        }
        qInfo("long lab tunnel names at threshold: %zu of %zu", hit, total);
        QVERIFY(total > 1000);
        QVERIFY(hit >= total * 95 / 100);

        std::vector<TunnelExample> benign;
        TunnelTrainer::readLogs(logs, {"r-1x.com"}, benign);
        std::size_t fp = 0;
        for (const TunnelExample& e : benign) fp += m->score(e.subdomain + ".example.com") >= 0.9f;
        qInfo("real-log names scored >= 0.9: %zu of %zu", fp, benign.size());
        QVERIFY(benign.size() > 500);
        QVERIFY(fp * 50 <= benign.size());  // under 2 %
    }

    void detectorRunsOnRulesAloneWithoutModel() {
        const dnshound::core::config::TunnelConfig config;
        dnshound::core::detect::TunnelDetector d(config, nullptr);
        QVERIFY(d.model() == nullptr);
        QVERIFY(d.modelStatus().starts_with("rules only"));
        dnshound::core::event::NameTable names;
        const auto id = names.intern("mfrggzdfmztwq2lknnwg23tpobyxe43u.t.example.org");
        QCOMPARE(d.modelScore(id, names), -1.0f);
        dnshound::core::detect::TunnelDetector shipped(config);
        QVERIFY(shipped.model() != nullptr);
        QVERIFY(shipped.modelScore(id, names) >= 0.0f);
        QCOMPARE(shipped.stats().namesModelScored, std::uint64_t(1));
        shipped.modelScore(id, names);  // cached: scored once per distinct name
        QCOMPARE(shipped.stats().namesModelScored, std::uint64_t(1));
    }
};

QTEST_APPLESS_MAIN(TestTunnelModel)
#include "test_tunnel_model.moc"
