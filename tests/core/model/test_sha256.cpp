#include <QtTest>

#include <fstream>

#include "core/model/sha256.h"

using dnshound::core::model::Sha256;

class TestSha256 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void knownVectors() {
        // FIPS 180-4 examples and the empty string.
        QCOMPARE(Sha256::ofString(""),
                 std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(Sha256::ofString("abc"),
                 std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(Sha256::ofString("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                 std::string("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
        QCOMPARE(Sha256::ofString(std::string(1000000, 'a')),
                 std::string("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
    }

    void incrementalEqualsOneShot() {
        std::string data;
        for (int i = 0; i < 1000; ++i) data.push_back(static_cast<char>(i * 7));
        Sha256 h;
        for (std::size_t i = 0; i < data.size(); i += 13) h.update(data.substr(i, 13));
        QCOMPARE(h.hexDigest(), Sha256::ofString(data));
    }

    void file() {
        const std::string path = DNSHOUND_TEST_ARTIFACTS "/sha256_input.bin";
        {
            std::ofstream f(path, std::ios::binary);
            f << "abc";
        }
        QCOMPARE(Sha256::ofFile(path), Sha256::ofString("abc"));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 Sha256::ofFile(DNSHOUND_TEST_ARTIFACTS "/no/such/file"));
    }
};

QTEST_APPLESS_MAIN(TestSha256)
#include "test_sha256.moc"
