// TokenValidator against the sandbox: when checks run, what they cost, and that stale answers
// never change the state.
#include "sandbox/postmarksandbox.h"
#include "tokenvalidator.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using State = TokenValidator::State;

class TestTokenValidator : public QObject
{
    Q_OBJECT

private:
    PostmarkSandbox m_sandbox;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<Postmark::Client> m_client;
    std::unique_ptr<TokenValidator> m_validator;
    const PostmarkSandbox::DemoTokens m_tokens = PostmarkSandbox::demoTokens();

private slots:
    void initTestCase() { QVERIFY(m_sandbox.listen()); }
    void init()
    {
        m_sandbox.reset();
        m_network = std::make_unique<QNetworkAccessManager>();
        m_client = std::make_unique<Postmark::Client>(m_network.get());
        m_client->setBaseUrl(m_sandbox.baseUrl());
        m_client->setRetryDelay(10);
        m_validator = std::make_unique<TokenValidator>(m_client.get());
        m_validator->setPauseInterval(100);
    }
    void cleanup()
    {
        // Let aborted requests land before the next test resets the sandbox's counters.
        m_validator.reset();
        m_client.reset();
        m_network.reset();
        QTest::qWait(50);
    }

    void typingWaitsForAPause()
    {
        QString typed;
        for (const QChar c : m_tokens.server) {
            typed += c;
            m_validator->setText(typed);
        }
        QCOMPARE(m_validator->state(), State::Pending);
        QCOMPARE(m_sandbox.requestCount(), 0);
        QTRY_COMPARE(m_validator->state(), State::ServerToken);
        QCOMPARE(m_validator->result().server.id, 101);
        QCOMPARE(m_sandbox.requestCount(), 1);
        QVERIFY(m_validator->isUsable());
    }

    void pasteChecksAtOnceAndWhitespaceIsTrimmed()
    {
        m_validator->paste(QStringLiteral(" \t") + m_tokens.server + QStringLiteral("\r\n"));
        QCOMPARE(m_validator->state(), State::Checking);
        QCOMPARE(m_validator->token(), m_tokens.server);
        QTRY_COMPARE(m_validator->state(), State::ServerToken);
    }

    void malformedIsReportedOnlyAfterAPauseOrCommit()
    {
        m_validator->setText(QStringLiteral("abc"));
        QCOMPARE(m_validator->state(), State::Typing);
        QTRY_COMPARE(m_validator->state(), State::Malformed);
        m_validator->setText(QStringLiteral("abcd"));
        QCOMPARE(m_validator->state(), State::Typing);
        m_validator->commit();
        QCOMPARE(m_validator->state(), State::Malformed);
        m_validator->retry();
        QTest::qWait(200);
        QCOMPARE(m_sandbox.requestCount(), 0);
        m_validator->setText(QString());
        QCOMPARE(m_validator->state(), State::Empty);
    }

    void sameTextIsNotCheckedTwiceUnlessRetried()
    {
        m_validator->paste(m_tokens.server);
        QTRY_COMPARE(m_validator->state(), State::ServerToken);
        m_validator->paste(m_tokens.account);
        QTRY_COMPARE(m_validator->state(), State::AccountToken);
        QCOMPARE(m_sandbox.requestCount(), 3); // /server; /server + /servers
        m_validator->paste(m_tokens.server);
        QCOMPARE(m_validator->state(), State::ServerToken); // from this session's answer
        QCOMPARE(m_validator->result().server.name, QStringLiteral("Demo Marketing"));
        m_validator->commit();
        QTest::qWait(150);
        QCOMPARE(m_sandbox.requestCount(), 3);
        m_validator->retry();
        QCOMPARE(m_validator->state(), State::Checking);
        QTRY_COMPARE(m_validator->state(), State::ServerToken);
        QCOMPARE(m_sandbox.requestCount(), 4);
    }

    void anEditAbortsTheCheckInFlight()
    {
        m_sandbox.setLatency(400);
        QSignalSpy states(m_validator.get(), &TokenValidator::stateChanged);
        m_validator->paste(m_tokens.account);
        QCOMPARE(m_validator->state(), State::Checking);
        QTest::qWait(100);
        m_validator->paste(m_tokens.sandboxServer);
        QTRY_COMPARE_WITH_TIMEOUT(m_validator->state(), State::ServerToken, 3000);
        QVERIFY(m_validator->result().server.isSandboxDelivery());
        QTest::qWait(600); // anything from the first check would have arrived
        QCOMPARE(m_validator->state(), State::ServerToken);
        QCOMPARE(m_sandbox.requestCount(QStringLiteral("/servers")), 0);
        for (const QList<QVariant> &args : std::as_const(states))
            QVERIFY(args.first().value<State>() != State::AccountToken);
    }

    void anEditDuringTheAccountProbeWins()
    {
        // GET /server answers 401 at once; the GET /servers probe that follows hangs.
        m_sandbox.setFault(PostmarkSandbox::Fault::Hang, {QStringLiteral("/servers")});
        m_validator->paste(m_tokens.account);
        QTRY_COMPARE(m_sandbox.requestCount(QStringLiteral("/servers")), 1);
        QCOMPARE(m_validator->state(), State::Checking);
        m_validator->paste(m_tokens.server);
        QTRY_COMPARE(m_validator->state(), State::ServerToken);
        QTest::qWait(200);
        QCOMPARE(m_validator->state(), State::ServerToken);
        QCOMPARE(m_client->pendingCount(), 0); // the probe was aborted, not left hanging
    }

    void networkFailuresAreNotCached()
    {
        m_sandbox.setFault(PostmarkSandbox::Fault::Http503);
        m_validator->paste(m_tokens.server);
        QTRY_COMPARE(m_validator->state(), State::Failed);
        m_sandbox.clearFault();
        m_validator->setText(QString());
        m_validator->paste(m_tokens.server); // the same text again, once the network is back
        QTRY_COMPARE(m_validator->state(), State::ServerToken);
    }

    void outcomes_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<State>("state");
        const auto t = PostmarkSandbox::demoTokens();
        QTest::newRow("server") << t.server << State::ServerToken;
        QTest::newRow("account") << t.account << State::AccountToken;
        QTest::newRow("test") << QStringLiteral("POSTMARK_API_TEST") << State::TestToken;
        QTest::newRow("unknown") << "00000000-1111-2222-3333-444444444444" << State::InvalidToken;
    }
    void outcomes()
    {
        QFETCH(QString, token);
        QFETCH(State, state);
        m_validator->paste(token);
        QTRY_COMPARE(m_validator->state(), state);
        QCOMPARE(m_validator->isUsable(), state == State::ServerToken);
    }

    void failureThenRetry()
    {
        m_sandbox.setFault(PostmarkSandbox::Fault::Http503);
        m_validator->paste(m_tokens.server);
        QTRY_COMPARE(m_validator->state(), State::Failed);
        QCOMPARE(m_validator->error().kind, Postmark::Error::Kind::Outage);
        QVERIFY(!m_validator->isUsable());
        m_sandbox.clearFault();
        m_validator->retry();
        QTRY_COMPARE(m_validator->state(), State::ServerToken);
    }
};

QTEST_GUILESS_MAIN(TestTokenValidator)
#include "tst_tokenvalidator.moc"
