// Benchmarks that print figures (not run by CTest): how long the things a user waits for take
// against the sandbox on loopback, what parsing costs, and the process's peak memory.
// Run: tools/bench.sh
#include "postmarkjson.h"
#include "sandbox/postmarksandbox.h"
#include "setupcheck.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Postmark;

class BenchPostmark : public QObject
{
    Q_OBJECT

private:
    PostmarkSandbox m_sandbox;
    QNetworkAccessManager m_network;
    Client m_client{&m_network};
    const PostmarkSandbox::DemoTokens m_tokens = PostmarkSandbox::demoTokens();

    static QJsonObject streamList(int count)
    {
        QJsonArray streams;
        for (int i = 0; i < count; ++i)
            streams.append(
                QJsonObject{{"ID", QStringLiteral("stream%1").arg(i)},
                            {"ServerID", 101},
                            {"Name", QStringLiteral("Stream %1").arg(i)},
                            {"Description", QJsonValue()},
                            {"MessageStreamType", i % 2 ? "Broadcasts" : "Transactional"},
                            {"CreatedAt", "2026-11-20T10:15:30.1234567-05:00"},
                            {"UpdatedAt", "2026-11-20T10:15:30.1234567-05:00"},
                            {"ArchivedAt", QJsonValue()},
                            {"ExpectedPurgeDate", QJsonValue()},
                            {"SubscriptionManagementConfiguration",
                             QJsonObject{{"UnsubscribeHandlingType", "None"}}}});
        return {{"MessageStreams", streams}, {"TotalCount", count}};
    }

    // Waits in an event loop that the callback ends: no polling interval in the figure.
    TokenKind validate(const QString &token)
    {
        QEventLoop loop;
        TokenKind kind = TokenKind::Invalid;
        m_client.validateToken(token, this, [&](const Result<TokenCheck> &r) {
            kind = r.value.kind;
            loop.quit();
        });
        loop.exec();
        return kind;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_sandbox.listen());
        m_client.setBaseUrl(m_sandbox.baseUrl());
    }

    void parseStreamList()
    {
        const QJsonObject json = streamList(10);
        QBENCHMARK
        {
            const auto streams = PostmarkJson::parseStreamList(json);
            QCOMPARE(streams->size(), 10);
        }
    }

    void validateTokenRoundTrip() // what the user waits for after pasting a key
    {
        QBENCHMARK
        {
            QCOMPARE(validate(m_tokens.server), TokenKind::Server);
        }
    }

    void accountTokenRoundTrip() // two requests: GET /server, then the GET /servers probe
    {
        QBENCHMARK
        {
            QCOMPARE(validate(m_tokens.account), TokenKind::Account);
        }
    }

    void fullSetupCheck() // token, streams, and the webhooks of every mapped stream
    {
        SetupCheck check(&m_client);
        SetupCheck::Input input;
        input.token = m_tokens.server;
        QBENCHMARK
        {
            QSignalSpy finished(&check, &SetupCheck::finished);
            check.run(input);
            QVERIFY(finished.wait(5000));
        }
    }

    void cleanupTestCase()
    {
        QFile status(QStringLiteral("/proc/self/status"));
        if (status.open(QIODevice::ReadOnly)) {
            for (const QByteArray &line : status.readAll().split('\n'))
                if (line.startsWith("VmHWM") || line.startsWith("VmRSS"))
                    qInfo("%s", line.simplified().constData());
        }
        qInfo("requests: %d over %d TCP connections", m_sandbox.requestCount(),
              m_sandbox.connectionCount());
    }
};

QTEST_GUILESS_MAIN(BenchPostmark)
#include "bench_postmark.moc"
