// Postmark::Client against the sandbox over real loopback sockets: every outcome of token
// validation, every endpoint, every request rule and every fault mode.
#include "apitoken.h"
#include "captured.h"
#include "postmarkclient.h"
#include "rawhttpserver.h"
#include "sandbox/postmarksandbox.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QTest>

using namespace Postmark;
using Fault = PostmarkSandbox::Fault;

class TestPostmarkClient : public QObject
{
    Q_OBJECT

private:
    PostmarkSandbox m_sandbox;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<Client> m_client;
    const PostmarkSandbox::DemoTokens m_tokens = PostmarkSandbox::demoTokens();

    template<typename T> void waitFor(const Captured<T> &captured, int ms = 10000)
    {
        QTRY_VERIFY_WITH_TIMEOUT(captured.done(), ms);
    }
    Email demoEmail(const QString &to = QStringLiteral("someone@demo-marketing.example"))
    {
        Email e;
        e.from = QStringLiteral("Demo <hello@demo-marketing.example>");
        e.to = to;
        e.subject = QStringLiteral("Test");
        e.textBody = QStringLiteral("Hello");
        e.tag = QStringLiteral("gateway-test");
        e.metadata.insert(QStringLiteral("category"), QStringLiteral("purchases"));
        return e;
    }

private slots:
    void initTestCase() { QVERIFY(m_sandbox.listen()); }

    void init()
    {
        m_sandbox.reset();
        m_network = std::make_unique<QNetworkAccessManager>();
        m_client = std::make_unique<Client>(m_network.get());
        m_client->setBaseUrl(m_sandbox.baseUrl());
        m_client->setRetryDelay(20);
        m_client->setTimeout(3000);
    }

    void cleanup()
    {
        // Requests a test aborted may still be on their way to the sandbox: let them land before
        // the next test resets its counters.
        m_client.reset();
        m_network.reset();
        QTest::qWait(50);
    }

    void serverToken()
    {
        Captured<TokenCheck> got;
        m_client->validateToken(m_tokens.server, this, got.callback());
        waitFor(got);
        QVERIFY2(got.result->ok(), qPrintable(got.error().message()));
        QCOMPARE(got.value().kind, TokenKind::Server);
        QCOMPARE(got.value().server.id, 101);
        QCOMPARE(got.value().server.name, QStringLiteral("Demo Marketing"));
        QCOMPARE(got.value().server.color, QStringLiteral("Turquoise"));
        QVERIFY(!got.value().server.isSandboxDelivery());
        QVERIFY(got.value().server.serverLink.startsWith(QStringLiteral("https://")));
        QCOMPARE(m_sandbox.requestCount(), 1);
        QCOMPARE(m_sandbox.requestCount(QStringLiteral("/server")), 1);
    }

    void sandboxServerToken()
    {
        Captured<TokenCheck> got;
        m_client->validateToken(m_tokens.sandboxServer, this, got.callback());
        waitFor(got);
        QCOMPARE(got.value().kind, TokenKind::Server);
        QVERIFY(got.value().server.isSandboxDelivery());
    }

    void accountToken()
    {
        Captured<TokenCheck> got;
        m_client->validateToken(m_tokens.account, this, got.callback());
        waitFor(got);
        QVERIFY2(got.result->ok(), qPrintable(got.error().message()));
        QCOMPARE(got.value().kind, TokenKind::Account);
        QVERIFY(got.value().accountServerCount >= 3);
        QCOMPARE(m_sandbox.requestCount(QStringLiteral("/server")), 1);
        QCOMPARE(m_sandbox.requestCount(QStringLiteral("/servers")), 1);
    }

    void testTokenIsRecognisedWithoutRequest()
    {
        Captured<TokenCheck> got;
        m_client->validateToken(ApiToken::testToken(), this, got.callback());
        QVERIFY(!got.done()); // never synchronously
        waitFor(got);
        QCOMPARE(got.value().kind, TokenKind::Test);
        QCOMPARE(m_sandbox.requestCount(), 0);
    }

    void unknownTokenIsInvalid()
    {
        Captured<TokenCheck> got;
        m_client->validateToken(QStringLiteral("00000000-1111-2222-3333-444444444444"), this,
                                got.callback());
        waitFor(got);
        QVERIFY(got.result->ok());
        QCOMPARE(got.value().kind, TokenKind::Invalid);
        QCOMPARE(m_sandbox.requestCount(), 2); // /server, then the /servers probe
    }

    void malformedTokenCostsNoRequest_data()
    {
        QTest::addColumn<QString>("token");
        QTest::newRow("short") << QStringLiteral("abc");
        QTest::newRow("empty") << QString();
        QTest::newRow("header injection")
            << QStringLiteral("00000000-1111-2222-3333-444444444444\r\nX-Evil: 1");
        QTest::newRow("not hex") << QStringLiteral("zzzzzzzz-1111-2222-3333-444444444444");
    }
    void malformedTokenCostsNoRequest()
    {
        QFETCH(QString, token);
        Captured<TokenCheck> got;
        m_client->validateToken(token, this, got.callback());
        waitFor(got);
        QCOMPARE(got.value().kind, TokenKind::Invalid);
        Captured<QList<MessageStream>> streams;
        m_client->listStreams(token, false, this, streams.callback());
        waitFor(streams);
        QCOMPARE(streams.error().kind, Error::Kind::MalformedToken);
        QCOMPARE(m_sandbox.requestCount(), 0);
    }

    void listStreams()
    {
        Captured<QList<MessageStream>> got;
        m_client->listStreams(m_tokens.server, false, this, got.callback());
        waitFor(got);
        QVERIFY2(got.result->ok(), qPrintable(got.error().message()));
        QMap<QString, StreamType> types;
        for (const MessageStream &s : got.value()) {
            types.insert(s.id, s.type);
            QCOMPARE(s.serverId, 101);
            QVERIFY(!s.isArchived());
            QVERIFY(s.createdAt.isValid());
        }
        QCOMPARE(types.value(QStringLiteral("outbound")), StreamType::Transactional);
        QCOMPARE(types.value(QStringLiteral("inbound")), StreamType::Inbound);
        QCOMPARE(types.value(QStringLiteral("broadcast")), StreamType::Broadcasts);
        QCOMPARE(types.size(), 3);
    }

    void createAndArchiveStream()
    {
        Captured<MessageStream> created;
        m_client->createStream(m_tokens.server,
                               {QStringLiteral("purchases"), QStringLiteral("Purchases & receipts"),
                                StreamType::Transactional, QStringLiteral("Receipts")},
                               this, created.callback());
        waitFor(created);
        QVERIFY2(created.result->ok(), qPrintable(created.error().message()));
        QCOMPARE(created.value().id, QStringLiteral("purchases"));
        QCOMPARE(created.value().type, StreamType::Transactional);

        Captured<MessageStream> duplicate;
        m_client->createStream(
            m_tokens.server,
            {QStringLiteral("purchases"), QStringLiteral("Again"), StreamType::Transactional, {}},
            this, duplicate.callback());
        waitFor(duplicate);
        QCOMPARE(duplicate.error().kind, Error::Kind::Api);
        QCOMPARE(duplicate.error().apiCode, 1230);
        QVERIFY(!duplicate.error().message().isEmpty());

        Captured<QDateTime> archived;
        m_client->archiveStream(m_tokens.server, QStringLiteral("purchases"), this,
                                archived.callback());
        waitFor(archived);
        QVERIFY2(archived.result->ok(), qPrintable(archived.error().message()));
        QVERIFY(archived.value() > QDateTime::currentDateTimeUtc().addDays(30));

        Captured<QList<MessageStream>> all;
        m_client->listStreams(m_tokens.server, true, this, all.callback());
        waitFor(all);
        const auto it = std::find_if(all.value().cbegin(), all.value().cend(),
                                     [](const MessageStream &s) { return s.id == "purchases"; });
        QVERIFY(it != all.value().cend());
        QVERIFY(it->isArchived());

        Captured<QDateTime> defaultStream;
        m_client->archiveStream(m_tokens.server, QStringLiteral("outbound"), this,
                                defaultStream.callback());
        waitFor(defaultStream);
        QCOMPARE(defaultStream.error().apiCode, 1229);
    }

    void streamLimit()
    {
        for (int i = 0; i < 7; ++i)
            QVERIFY(m_sandbox.addStream(m_tokens.server, QStringLiteral("extra%1").arg(i),
                                        QStringLiteral("Extra"), QStringLiteral("Transactional")));
        Captured<MessageStream> got;
        m_client->createStream(
            m_tokens.server,
            {QStringLiteral("one-too-many"), QStringLiteral("More"), StreamType::Broadcasts, {}},
            this, got.callback());
        waitFor(got);
        QCOMPARE(got.error().apiCode, 1225);
        QVERIFY(got.error().message().contains(QStringLiteral("10")));
    }

    void sendEmail()
    {
        Captured<SendResult> got;
        Email email = demoEmail();
        email.messageStream = QStringLiteral("outbound");
        m_client->sendEmail(m_tokens.server, email, this, got.callback());
        waitFor(got);
        QVERIFY2(got.result->ok(), qPrintable(got.error().message()));
        QVERIFY(!got.value().messageId.isEmpty());
        QVERIFY(got.value().submittedAt.isValid());
        QCOMPARE(got.value().to, email.to);
        QCOMPARE(m_sandbox.sentCount(m_tokens.server), 1);
    }

    void sendWithTestToken()
    {
        Captured<SendResult> got;
        m_client->sendEmail(ApiToken::testToken(), demoEmail(), this, got.callback());
        waitFor(got);
        QVERIFY2(got.result->ok(), qPrintable(got.error().message()));
        QCOMPARE(got.value().message, QStringLiteral("Test job accepted"));
    }

    void sendErrors_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("stream");
        QTest::addColumn<int>("apiCode");
        const PostmarkSandbox::DemoTokens t = PostmarkSandbox::demoTokens();
        const QString from = QStringLiteral("hello@demo-marketing.example");
        const QString to = QStringLiteral("a@demo-marketing.example");
        QTest::newRow("no sender signature") << t.server << "x@unknown.example" << to << "" << 400;
        QTest::newRow("unconfirmed signature")
            << t.server << "pending@other.example" << to << "" << 401;
        QTest::newRow("inactive") << t.server << from << "bounced@demo-marketing.example"
                                  << "" << 406;
        QTest::newRow("pending approval") << t.pendingServer << from << "x@elsewhere.example"
                                          << "" << 412;
        QTest::newRow("unknown stream") << t.server << from << to << "nope" << 1235;
        QTest::newRow("inbound stream") << t.server << from << to << "inbound" << 1236;
        QTest::newRow("no recipient") << t.server << from << ""
                                      << "" << 300;
    }
    void sendErrors()
    {
        QFETCH(QString, token);
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, stream);
        QFETCH(int, apiCode);
        Email email = demoEmail(to);
        email.from = from;
        email.messageStream = stream;
        Captured<SendResult> got;
        m_client->sendEmail(token, email, this, got.callback());
        waitFor(got);
        QCOMPARE(got.error().kind, Error::Kind::Api);
        QCOMPARE(got.error().apiCode, apiCode);
        QVERIFY(!got.error().message().isEmpty());
        QVERIFY(!got.error().message().contains(token));
        if (apiCode == 406) {
            QCOMPARE(got.error().inactiveAddresses(),
                     QStringList{QStringLiteral("bounced@demo-marketing.example")});
            QVERIFY(
                got.error().message().contains(QStringLiteral("bounced@demo-marketing.example")));
        }
    }

    void webhooks()
    {
        Webhook hook;
        hook.url = QStringLiteral("https://platform.example/postmark/hook");
        hook.messageStream = QStringLiteral("broadcast");
        hook.triggers.bounce = hook.triggers.spamComplaint = hook.triggers.subscriptionChange =
            true;
        Captured<Webhook> created;
        m_client->createWebhook(m_tokens.server, hook, this, created.callback());
        waitFor(created);
        QVERIFY2(created.result->ok(), qPrintable(created.error().message()));
        QVERIFY(created.value().id > 0);

        Captured<QList<Webhook>> listed;
        m_client->listWebhooks(m_tokens.server, QStringLiteral("broadcast"), this,
                               listed.callback());
        waitFor(listed);
        QVERIFY(listed.result->ok());
        QCOMPARE(listed.value().size(), 1);
        const Webhook &w = listed.value().first();
        QCOMPARE(w.url, hook.url);
        QCOMPARE(w.messageStream, QStringLiteral("broadcast"));
        QVERIFY(w.triggers.bounce && w.triggers.spamComplaint && w.triggers.subscriptionChange);
        QVERIFY(!w.triggers.open && !w.triggers.click && !w.triggers.delivery);

        Webhook changed = w;
        changed.triggers.delivery = true;
        Captured<Webhook> updated;
        m_client->updateWebhook(m_tokens.server, changed, this, updated.callback());
        waitFor(updated);
        QVERIFY2(updated.result->ok(), qPrintable(updated.error().message()));
        QVERIFY(updated.value().triggers.delivery);
        QCOMPARE(m_sandbox.webhookCount(m_tokens.server), 1);

        Captured<QList<Webhook>> none;
        m_client->listWebhooks(m_tokens.server, QStringLiteral("outbound"), this, none.callback());
        waitFor(none);
        QVERIFY(none.result->ok());
        QVERIFY(none.value().isEmpty());
    }

    // --- request rules ---

    void timeout()
    {
        m_sandbox.setLatency(1500);
        m_client->setTimeout(200);
        Captured<TokenCheck> got;
        QElapsedTimer clock;
        clock.start();
        m_client->validateToken(m_tokens.server, this, got.callback());
        waitFor(got);
        QCOMPARE(got.error().kind, Error::Kind::Timeout);
        QVERIFY(clock.elapsed() < 1500);
        QCOMPARE(got.error().code(), QStringLiteral("timeout"));
    }

    void retryThenSuccess_data()
    {
        QTest::addColumn<Fault>("fault");
        QTest::newRow("500") << Fault::Http500;
        QTest::newRow("503") << Fault::Http503;
        QTest::newRow("429") << Fault::Http429;
        QTest::newRow("drop-connection") << Fault::DropConnection;
    }
    void retryThenSuccess()
    {
        QFETCH(Fault, fault);
        m_sandbox.setFault(fault, {QStringLiteral("/server")}, 2);
        Captured<TokenCheck> got;
        m_client->validateToken(m_tokens.server, this, got.callback());
        waitFor(got);
        QVERIFY2(got.result->ok(), qPrintable(got.error().message()));
        QCOMPARE(got.value().kind, TokenKind::Server);
        QVERIFY(m_sandbox.requestCount(QStringLiteral("/server")) >= 3);
    }

    void retriesAreBounded_data()
    {
        QTest::addColumn<Fault>("fault");
        QTest::addColumn<Error::Kind>("kind");
        QTest::newRow("500") << Fault::Http500 << Error::Kind::ServerError;
        QTest::newRow("503") << Fault::Http503 << Error::Kind::Outage;
        QTest::newRow("429") << Fault::Http429 << Error::Kind::RateLimited;
    }
    void retriesAreBounded()
    {
        QFETCH(Fault, fault);
        QFETCH(Error::Kind, kind);
        m_sandbox.setFault(fault);
        Captured<QList<MessageStream>> got;
        m_client->listStreams(m_tokens.server, false, this, got.callback());
        waitFor(got);
        QCOMPARE(got.error().kind, kind);
        QCOMPARE(m_sandbox.requestCount(QStringLiteral("/message-streams")), 3); // 1 + 2 retries
    }

    void sendIsNeverRetried_data()
    {
        QTest::addColumn<Fault>("fault");
        QTest::newRow("500") << Fault::Http500;
        QTest::newRow("503") << Fault::Http503;
        QTest::newRow("429") << Fault::Http429;
        // The send may have been delivered before the connection broke: never again.
        QTest::newRow("drop-connection") << Fault::DropConnection;
        QTest::newRow("hang") << Fault::Hang;
    }
    void sendIsNeverRetried()
    {
        QFETCH(Fault, fault);
        m_client->setTimeout(300);
        m_sandbox.setFault(fault, {QStringLiteral("/email")});
        Captured<SendResult> got;
        m_client->sendEmail(m_tokens.server, demoEmail(), this, got.callback());
        waitFor(got);
        QVERIFY(got.error().isError());
        QCOMPARE(m_sandbox.requestCount(QStringLiteral("/email")), 1);
        QCOMPARE(m_sandbox.sentCount(m_tokens.server), 0);
    }

    void supersededRequestIsAborted()
    {
        m_sandbox.setLatency(400);
        Captured<TokenCheck> first;
        Captured<TokenCheck> second;
        m_client->validateToken(m_tokens.account, this, first.callback(), QStringLiteral("key"));
        QTest::qWait(50);
        m_client->validateToken(m_tokens.server, this, second.callback(), QStringLiteral("key"));
        waitFor(second);
        QVERIFY(first.done());
        QCOMPARE(first.error().kind, Error::Kind::Superseded);
        QVERIFY(!first.error().isError());
        QCOMPARE(first.calls, 1);
        QVERIFY2(second.result->ok(), qPrintable(second.error().message()));
        QCOMPARE(second.value().kind, TokenKind::Server);
        QTest::qWait(500); // the aborted request's answer, if any, must change nothing
        QCOMPARE(first.calls, 1);
        QCOMPARE(second.calls, 1);
        QCOMPARE(m_sandbox.requestCount(QStringLiteral("/servers")), 0);
    }

    void explicitAbort()
    {
        m_sandbox.setLatency(300);
        Captured<QList<MessageStream>> got;
        m_client->listStreams(m_tokens.server, false, this, got.callback(), QStringLiteral("s"));
        m_client->abort(QStringLiteral("s"));
        waitFor(got);
        QCOMPARE(got.error().kind, Error::Kind::Superseded);
        QCOMPARE(m_client->pendingCount(), 0);
    }

    void abortDuringBackoff()
    {
        m_client->setRetryDelay(1000);
        m_sandbox.setFault(Fault::Http503);
        Captured<QList<MessageStream>> got;
        m_client->listStreams(m_tokens.server, false, this, got.callback(), QStringLiteral("s"));
        QTRY_COMPARE(m_sandbox.requestCount(QStringLiteral("/message-streams")), 1);
        QTest::qWait(100); // the 503 has come back: waiting to retry
        QCOMPARE(m_client->pendingCount(), 1);
        m_client->abort(QStringLiteral("s"));
        waitFor(got, 500);
        QCOMPARE(got.error().kind, Error::Kind::Superseded);
        QTest::qWait(1300); // the retry would have gone out by now
        QCOMPARE(m_sandbox.requestCount(QStringLiteral("/message-streams")), 1);
        QCOMPARE(got.calls, 1);
    }

    void destroyedContextGetsNoCallback()
    {
        m_sandbox.setLatency(200);
        Captured<TokenCheck> got;
        auto *context = new QObject;
        m_client->validateToken(m_tokens.server, context, got.callback());
        delete context;
        QTRY_COMPARE(m_client->pendingCount(), 0);
        QTest::qWait(50);
        QVERIFY(!got.done());
    }

    void oversizedAnswerIsAborted()
    {
        m_sandbox.setFault(Fault::Oversized);
        Captured<TokenCheck> got;
        m_client->validateToken(m_tokens.server, this, got.callback());
        waitFor(got);
        QCOMPARE(got.error().kind, Error::Kind::TooLarge);
    }

    void oversizedAnswerWithoutLengthIsAborted()
    {
        // No Content-Length: only the bytes counted as they arrive can stop it.
        QByteArray answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                            "Connection: close\r\n\r\n{\"Padding\":\"";
        answer += QByteArray(3 * 1024 * 1024, 'x');
        answer += "\"}";
        RawHttpServer server(answer);
        m_client->setBaseUrl(server.url());
        Captured<TokenCheck> got;
        m_client->validateToken(m_tokens.server, this, got.callback());
        waitFor(got);
        QCOMPARE(got.error().kind, Error::Kind::TooLarge);
    }

    void faultModes_data()
    {
        QTest::addColumn<Fault>("fault");
        QTest::addColumn<Error::Kind>("kind");
        QTest::newRow("500") << Fault::Http500 << Error::Kind::ServerError;
        QTest::newRow("503") << Fault::Http503 << Error::Kind::Outage;
        QTest::newRow("429") << Fault::Http429 << Error::Kind::RateLimited;
        QTest::newRow("html-403") << Fault::Html403 << Error::Kind::NotPostmark;
        QTest::newRow("malformed-json") << Fault::MalformedJson << Error::Kind::BadResponse;
        QTest::newRow("oversized") << Fault::Oversized << Error::Kind::TooLarge;
        QTest::newRow("drop-connection") << Fault::DropConnection << Error::Kind::ConnectionClosed;
        QTest::newRow("hang") << Fault::Hang << Error::Kind::Timeout;
    }
    void faultModes()
    {
        QFETCH(Fault, fault);
        QFETCH(Error::Kind, kind);
        m_client->setTimeout(500);
        m_sandbox.setFault(fault);
        Captured<SendResult> got;
        m_client->sendEmail(m_tokens.server, demoEmail(), this, got.callback());
        waitFor(got);
        QCOMPARE(got.error().kind, kind);
        QVERIFY(got.error().isTransport());
        const QString message = got.error().message();
        QVERIFY(!message.isEmpty());
        QVERIFY(!message.contains(m_tokens.server));
        QVERIFY(!got.error().detail.contains(m_tokens.server));
        if (fault == Fault::Html403)
            QCOMPARE(got.error().httpStatus, 403);
    }

    void insecureUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("acceptable");
        QTest::newRow("https") << "https://api.postmarkapp.com" << true;
        QTest::newRow("http localhost") << "http://localhost:8080" << true;
        QTest::newRow("http 127.0.0.1") << "http://127.0.0.1:1" << true;
        QTest::newRow("http 127.1.2.3") << "http://127.1.2.3" << true;
        QTest::newRow("http ::1") << "http://[::1]:99" << true;
        QTest::newRow("http public") << "http://api.postmarkapp.com" << false;
        QTest::newRow("http private") << "http://10.0.0.1" << false;
        QTest::newRow("http lookalike") << "http://127.0.0.1.example.com" << false;
        QTest::newRow("ftp") << "ftp://127.0.0.1" << false;
        QTest::newRow("credentials") << "https://user:pw@api.postmarkapp.com" << false;
        QTest::newRow("garbage") << "not a url" << false;
    }
    void insecureUrls()
    {
        QFETCH(QString, url);
        QFETCH(bool, acceptable);
        QCOMPARE(Client::isAcceptableBaseUrl(QUrl(url)), acceptable);
        if (acceptable)
            return;
        m_client->setBaseUrl(QUrl(url));
        Captured<TokenCheck> got;
        m_client->validateToken(m_tokens.server, this, got.callback());
        waitFor(got, 2000);
        QCOMPARE(got.error().kind, Error::Kind::InsecureUrl);
    }

    void redirectIsNotFollowed()
    {
        RawHttpServer target("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        const QByteArray location = target.url().toString().toLatin1() + "/server";
        RawHttpServer redirector("HTTP/1.1 302 Found\r\nLocation: " + location
                                 + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        m_client->setBaseUrl(redirector.url());
        Captured<TokenCheck> got;
        m_client->validateToken(m_tokens.server, this, got.callback());
        waitFor(got);
        QCOMPARE(got.error().kind, Error::Kind::Redirect);
        QCOMPARE(redirector.connections(), 1);
        QCOMPARE(target.connections(), 0);
    }

    void requestHeaders()
    {
        RawHttpServer server("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
        m_client->setBaseUrl(server.url());
        Captured<SendResult> got;
        m_client->sendEmail(m_tokens.server, demoEmail(), this, got.callback());
        waitFor(got);
        QCOMPARE(got.error().kind, Error::Kind::BadResponse); // {} has no MessageID
        QCOMPARE(server.header("Accept"), QByteArray("application/json"));
        QCOMPARE(server.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(server.header("X-Postmark-Server-Token"), m_tokens.server.toLatin1());
        QVERIFY(server.header("X-Postmark-Account-Token").isEmpty());
        QVERIFY(server.received().contains("\"MessageStream\"") == false); // default: not sent
        QVERIFY(server.received().contains("\"Tag\":\"gateway-test\""));
        QVERIFY(server.received().contains("\"Metadata\":{\"category\":\"purchases\"}"));
    }

    void connectionRefused()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close(); // nothing listens there now
        m_client->setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        m_client->setMaxRetries(0);
        Captured<TokenCheck> got;
        m_client->validateToken(m_tokens.server, this, got.callback());
        waitFor(got);
        QCOMPARE(got.error().kind, Error::Kind::ConnectionRefused);
    }

    void keepAlive()
    {
        QNetworkAccessManager network; // no connection left from earlier tests
        Client client(&network);
        client.setBaseUrl(m_sandbox.baseUrl());
        m_sandbox.resetCounters();
        for (int i = 0; i < 4; ++i) {
            Captured<QList<MessageStream>> got;
            client.listStreams(m_tokens.server, false, this, got.callback());
            waitFor(got);
            QVERIFY(got.result->ok());
        }
        QCOMPARE(m_sandbox.requestCount(), 4);
        QCOMPARE(m_sandbox.connectionCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestPostmarkClient)
#include "tst_postmarkclient.moc"
