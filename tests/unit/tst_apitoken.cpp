#include "apitoken.h"

#include <QTest>

class TestApiToken : public QObject
{
    Q_OBJECT
private slots:
    void normalized()
    {
        QCOMPARE(ApiToken::normalized(QStringLiteral("  1f2e3d4c-0000-4000-8000-aaaaaaaaaaaa\n")),
                 QStringLiteral("1f2e3d4c-0000-4000-8000-aaaaaaaaaaaa"));
        QCOMPARE(ApiToken::normalized(QStringLiteral("1f2e3d4c-0000-\r\n4000-8000-\taaaaaaaaaaaa")),
                 QStringLiteral("1f2e3d4c-0000-4000-8000-aaaaaaaaaaaa"));
        QCOMPARE(
            ApiToken::normalized(QString(QChar(0xFEFF)) + QStringLiteral("ab") + QChar(0x200B)),
            QStringLiteral("ab"));
    }

    void wellFormed_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<bool>("ok");
        QTest::newRow("uuid") << "1f2e3d4c-0000-4000-8000-aaaaaaaaaaaa" << true;
        QTest::newRow("upper") << "1F2E3D4C-0000-4000-8000-AAAAAAAAAAAA" << true;
        QTest::newRow("test token") << "POSTMARK_API_TEST" << true;
        QTest::newRow("test token lower") << "postmark_api_test" << false;
        QTest::newRow("short") << "1f2e3d4c-0000-4000-8000-aaaaaaaaaaa" << false;
        QTest::newRow("long") << "1f2e3d4c-0000-4000-8000-aaaaaaaaaaaaa" << false;
        QTest::newRow("no dashes") << "1f2e3d4c000040008000aaaaaaaaaaaa" << false;
        QTest::newRow("not hex") << "1f2e3d4c-0000-4000-8000-aaaaaaaaaaag" << false;
        QTest::newRow("newline") << "1f2e3d4c-0000-4000-8000-aaaaaaaaaaaa\n" << false;
        QTest::newRow("empty") << "" << false;
    }
    void wellFormed()
    {
        QFETCH(QString, token);
        QFETCH(bool, ok);
        QCOMPARE(ApiToken::isWellFormed(token), ok);
    }

    void redacted()
    {
        QCOMPARE(ApiToken::redacted(QStringLiteral("1f2e3d4c-0000-4000-8000-aaaaaaaa1234")),
                 QStringLiteral("…1234"));
        QCOMPARE(ApiToken::redacted(QString()), QString());
        QCOMPARE(ApiToken::redacted(QStringLiteral("abcd")), QStringLiteral("…"));
    }
};

QTEST_GUILESS_MAIN(TestApiToken)
#include "tst_apitoken.moc"
