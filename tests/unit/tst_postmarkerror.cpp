// The error catalogue: every kind and every Postmark ErrorCode the wizard must explain has words
// that say what happened and whom to ask.
#include "postmarkerror.h"

#include <QTest>

using namespace Postmark;
using K = Error::Kind;

class TestPostmarkError : public QObject
{
    Q_OBJECT
private slots:
    void everyKindHasAMessageAndCode()
    {
        QSet<QString> codes;
        for (K kind : {K::InsecureUrl, K::MalformedToken, K::NoNetwork, K::HostNotFound,
                       K::ConnectionRefused, K::ConnectionClosed, K::Tls, K::Timeout, K::Redirect,
                       K::TooLarge, K::NotPostmark, K::BadResponse, K::RateLimited, K::ServerError,
                       K::Outage, K::Network}) {
            const Error e = Error::ofKind(kind, QStringLiteral("detail"));
            QVERIFY(e.isError());
            QVERIFY2(e.message().size() > 30, qPrintable(e.code()));
            QVERIFY(!codes.contains(e.code()));
            codes.insert(e.code());
        }
        QVERIFY(!Error().isError());
        QVERIFY(Error().message().isEmpty());
        QVERIFY(!Error::ofKind(K::Superseded).isError());
        QVERIFY(Error::ofKind(K::Superseded).isSuperseded());
    }

    void everyApiCodeIsExplained_data()
    {
        QTest::addColumn<int>("code");
        for (int code :
             {10,   11,   100,  101,  300,  400,  401,  402,  403,  405,  406,  409,  410,
              411,  412,  413,  1220, 1221, 1222, 1223, 1224, 1225, 1226, 1227, 1228, 1229,
              1230, 1233, 1235, 1236, 1301, 1350, 1351, 1352, 1359, 1364, 1480})
            QTest::newRow(qPrintable(QString::number(code))) << code;
    }
    void everyApiCodeIsExplained()
    {
        QFETCH(int, code);
        const Error e = Error::api(422, code, QStringLiteral("Postmark's words"));
        QCOMPARE(e.code(), QStringLiteral("postmark-%1").arg(code));
        const QString m = e.message();
        QVERIFY(m.size() > 30);
        // Most codes have their own words; the fallback quotes Postmark's message instead.
        const bool specific = !m.contains(QStringLiteral("(error %1)").arg(code));
        if (code != 100 && code != 101)
            QVERIFY2(specific, qPrintable(m));
    }

    void whomToAsk()
    {
        QVERIFY(Error::api(401, 10, {}).message().contains(QStringLiteral("platform's support")));
        QVERIFY(Error::api(422, 412, {}).message().contains(QStringLiteral("Postmark support")));
        QVERIFY(Error::ofKind(K::NotPostmark)
                    .message()
                    .contains(QStringLiteral("network administrator")));
        QVERIFY(Error::api(401, 10, {}).isAuthFailure());
        QVERIFY(!Error::api(422, 406, {}).isAuthFailure());
    }

    void unknownCodeQuotesPostmark()
    {
        const Error e = Error::api(422, 9999, QStringLiteral("Something new."));
        QVERIFY(e.message().contains(QStringLiteral("Something new.")));
        QVERIFY(e.message().contains(QStringLiteral("9999")));
    }

    void inactiveAddresses_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QStringList>("addresses");
        QTest::newRow("one")
            << "You tried to send to recipient(s) that have been marked as inactive. "
               "Found inactive addresses: a@example.com. Inactive recipients are "
               "ones that have generated a hard bounce, a spam complaint, or a "
               "manual suppression."
            << QStringList{"a@example.com"};
        QTest::newRow("two")
            << "Found inactive addresses: a@example.com, b.c@example.org. Inactive..."
            << QStringList{"a@example.com", "b.c@example.org"};
        QTest::newRow("at end") << "Found inactive addresses: x@y.example."
                                << QStringList{"x@y.example"};
        QTest::newRow("none named") << "Inactive recipient." << QStringList{};
    }
    void inactiveAddresses()
    {
        QFETCH(QString, message);
        QFETCH(QStringList, addresses);
        QCOMPARE(Error::api(422, 406, message).inactiveAddresses(), addresses);
        QVERIFY(Error::api(422, 300, message).inactiveAddresses().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPostmarkError)
#include "tst_postmarkerror.moc"
