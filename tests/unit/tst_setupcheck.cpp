// SetupCheck against the sandbox over real loopback sockets: one test per finding code (the
// sandbox made to produce each condition), the result and exit code, concurrency, the automatic
// fixes (idempotent webhook set-up), and the exports: JSON read back field by field, and the
// token absent from every format.
#include "apitoken.h"
#include "captured.h"
#include "emailcategory.h"
#include "sandbox/postmarksandbox.h"
#include "setupcheck.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTest>

using namespace Postmark;
using Fault = PostmarkSandbox::Fault;
using Input = SetupCheck::Input;

namespace {

const QString kHookUrl = QStringLiteral("https://platform.example/postmark/events");

QStringList codes(const SetupReport &r)
{
    QStringList list;
    for (const Finding &f : r.findings)
        list << QStringLiteral("%1:%2:%3")
                    .arg(SetupReportFormat::severityName(f.severity), f.code, f.subject);
    return list;
}

StreamMapping::Mapping defaultMapping()
{
    StreamMapping::Mapping m;
    for (const EmailCategory &c : EmailCategory::all())
        m.insert(c.id,
                 c.type == StreamType::Broadcasts ? QStringLiteral("broadcast")
                                                  : QStringLiteral("outbound"));
    return m;
}

} // namespace

class TestSetupCheck : public QObject
{
    Q_OBJECT

private:
    PostmarkSandbox m_sandbox;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<Client> m_client;
    std::unique_ptr<SetupCheck> m_check;
    const PostmarkSandbox::DemoTokens m_tokens = PostmarkSandbox::demoTokens();

    Input unsaved(const QString &token) const
    {
        Input in;
        in.token = token;
        in.keychainBackend = QStringLiteral("test");
        return in;
    }
    Input saved(const QString &token,
                const StreamMapping::Mapping &mapping = defaultMapping()) const
    {
        Input in = unsaved(token);
        in.saved = true;
        in.config.id = QStringLiteral("0123456789abcdef0123456789abcdef");
        in.config.name = QStringLiteral("Main");
        in.config.serverId = 101;
        in.config.serverName = QStringLiteral("Demo Marketing");
        in.config.senderName = QStringLiteral("Demo");
        in.config.fromAddress = QStringLiteral("hello@demo-marketing.example");
        in.config.mapping = mapping;
        return in;
    }

    SetupReport check(const Input &in)
    {
        QSignalSpy finished(m_check.get(), &SetupCheck::finished);
        m_check->run(in);
        if (!finished.wait(15000))
            QTest::qFail("the check did not finish", __FILE__, __LINE__);
        if (finished.size() != 1)
            QTest::qFail("finished() was not emitted exactly once", __FILE__, __LINE__);
        return m_check->report();
    }

    // Runs a fix and waits for it; returns (ok, summary).
    QPair<bool, QString> fix(const std::function<void()> &start)
    {
        QSignalSpy done(m_check.get(), &SetupCheck::fixFinished);
        start();
        if (!done.wait(15000)) {
            QTest::qFail("the fix did not finish", __FILE__, __LINE__);
            return {false, {}};
        }
        return {done.first().at(0).toBool(), done.first().at(1).toString()};
    }

    void setUpWebhooks(const QString &token, const StreamMapping::Mapping &mapping)
    {
        const auto [ok, summary] = fix([&] { m_check->setUpWebhooks(token, mapping, kHookUrl); });
        QVERIFY2(ok, qPrintable(summary));
    }

    QList<Webhook> webhooks(const QString &token, const QString &stream)
    {
        Captured<QList<Webhook>> got;
        m_client->listWebhooks(token, stream, this, got.callback());
        if (!QTest::qWaitFor([&] { return got.done(); }, 10000) || !got.result->ok())
            QTest::qFail("listing webhooks failed", __FILE__, __LINE__);
        return got.done() ? got.value() : QList<Webhook>();
    }

    Webhook createWebhook(const QString &stream, const QString &url, WebhookTriggers triggers)
    {
        Webhook w;
        w.url = url;
        w.messageStream = stream;
        w.triggers = triggers;
        Captured<Webhook> got;
        m_client->createWebhook(m_tokens.server, w, this, got.callback());
        if (!QTest::qWaitFor([&] { return got.done(); }, 10000) || !got.result->ok())
            QTest::qFail("creating a webhook failed", __FILE__, __LINE__);
        return got.done() ? got.value() : Webhook();
    }

    void addDedicatedStreams(const QString &token)
    {
        for (const EmailCategory &c : EmailCategory::all()) {
            if (c.hasDedicatedStream())
                QVERIFY(m_sandbox.addStream(token, c.dedicatedStreamId, c.dedicatedStreamName,
                                            streamTypeName(c.type)));
        }
    }

private slots:
    void initTestCase() { QVERIFY(m_sandbox.listen()); }

    void init()
    {
        m_sandbox.reset();
        m_check.reset();
        m_network = std::make_unique<QNetworkAccessManager>(); // no connection from earlier tests
        m_client = std::make_unique<Client>(m_network.get());
        m_client->setBaseUrl(m_sandbox.baseUrl());
        m_client->setRetryDelay(10);
        m_client->setTimeout(3000);
        m_check = std::make_unique<SetupCheck>(m_client.get());
    }
    void cleanup()
    {
        // Requests a test abandoned may still be on their way: let them land before the next
        // test resets the sandbox's counters.
        m_check.reset();
        m_client.reset();
        m_network.reset();
        QTest::qWait(50);
    }

    // ---- the whole report -------------------------------------------------------------------

    void healthyGatewayIsOk()
    {
        addDedicatedStreams(m_tokens.server);
        // The recommended mapping once the dedicated streams exist.
        Captured<QList<MessageStream>> streams;
        m_client->listStreams(m_tokens.server, true, this, streams.callback());
        QTRY_VERIFY(streams.done());
        Input good = saved(m_tokens.server);
        good.config.mapping = StreamMapping::recommended(streams.value());
        good.webhookUrl = kHookUrl;
        setUpWebhooks(m_tokens.server, good.config.mapping);

        const SetupReport r = check(good);
        QVERIFY2(r.result == SetupReport::Result::Ok, qPrintable(codes(r).join(", ")));
        QCOMPARE(r.exitCode(), 0);
        QCOMPARE(r.count(Finding::Severity::Error), 0);
        QCOMPARE(r.count(Finding::Severity::Warning), 0);
        QVERIFY(r.hasFinding("mapping-ok"));
        QVERIFY(r.hasFinding("webhooks-ok"));
        QCOMPARE(r.tokenKind, QStringLiteral("server"));
        QCOMPARE(r.tokenRedacted, ApiToken::redacted(m_tokens.server));
        QVERIFY(r.serverChecked);
        QCOMPARE(r.server.id, 101);
        QCOMPARE(r.server.name, QStringLiteral("Demo Marketing"));
        QCOMPARE(r.streams.size(), 8);
        QCOMPARE(r.categories.size(), EmailCategory::all().size());
        for (const CategoryCheck &c : r.categories)
            QCOMPARE(c.status, StreamMapping::MappingStatus::Ok);
        QCOMPARE(r.webhooks.size(), 7); // 7 distinct streams, one per category
        QVERIFY(r.saved);
        QCOMPARE(r.gatewayName, QStringLiteral("Main"));
        QVERIFY(!r.appVersion.isEmpty());
        QVERIFY(!r.os.isEmpty());
        QCOMPARE(r.keychainBackend, QStringLiteral("test"));
        QVERIFY(r.checkedAt.isValid());
    }

    void unsavedTokenUsesRecommendedMapping()
    {
        const SetupReport r = check(unsaved(m_tokens.server));
        QVERIFY(!r.saved);
        QVERIFY(r.gatewayId.isEmpty());
        for (const CategoryCheck &c : r.categories) {
            QCOMPARE(c.status, StreamMapping::MappingStatus::Ok);
            QCOMPARE(c.streamId,
                     EmailCategory::find(c.categoryId)->type == StreamType::Broadcasts
                         ? QStringLiteral("broadcast")
                         : QStringLiteral("outbound"));
        }
        // A fresh server: the dedicated streams are missing (info, fixable) and no webhooks.
        const Finding *streams = r.finding("recommended-streams-missing");
        QVERIFY(streams);
        QCOMPARE(streams->severity, Finding::Severity::Info);
        QVERIFY(streams->fixable);
        QCOMPARE(streams->fix, Finding::fixCreateStreams());
        QCOMPARE(r.result, SetupReport::Result::Problems); // the webhooks
        QCOMPARE(r.exitCode(), 1);
    }

    void findingsAreSortedBySeverity()
    {
        Input in = saved(m_tokens.server);
        in.config.mapping.insert(QStringLiteral("purchases"), QStringLiteral("nope"));
        const SetupReport r = check(in);
        QVERIFY(r.findings.size() >= 3);
        for (int i = 1; i < r.findings.size(); ++i)
            QVERIFY(r.findings[i - 1].severity >= r.findings[i].severity);
        for (const Finding &f : r.findings) {
            QVERIFY(!f.code.isEmpty());
            QVERIFY(!f.message.isEmpty());
            QVERIFY(!f.nextStep.isEmpty());
        }
    }

    // ---- token ------------------------------------------------------------------------------

    void tokenInvalid_data()
    {
        QTest::addColumn<QString>("token");
        QTest::newRow("unknown uuid") << QStringLiteral("00000000-1111-2222-3333-444444444444");
        QTest::newRow("malformed") << QStringLiteral("not-a-token-at-all");
    }
    void tokenInvalid()
    {
        QFETCH(QString, token);
        const SetupReport r = check(unsaved(token));
        QVERIFY(r.hasFinding("token-invalid"));
        QCOMPARE(r.finding("token-invalid")->severity, Finding::Severity::Error);
        QCOMPARE(r.tokenKind, QStringLiteral("invalid"));
        QCOMPARE(r.result, SetupReport::Result::Unchecked);
        QCOMPARE(r.exitCode(), 2);
        QVERIFY(!r.serverChecked);
        QVERIFY(r.streams.isEmpty());
    }

    void tokenIsAccountToken()
    {
        const SetupReport r = check(unsaved(m_tokens.account));
        QVERIFY(r.hasFinding("token-is-account-token"));
        QCOMPARE(r.tokenKind, QStringLiteral("account"));
        QCOMPARE(r.exitCode(), 2);
        QCOMPARE(m_sandbox.requestCount(QStringLiteral("/message-streams")), 0);
    }

    void tokenIsTestToken()
    {
        const SetupReport r = check(unsaved(ApiToken::testToken()));
        QVERIFY(r.hasFinding("token-is-test-token"));
        QCOMPARE(r.tokenKind, QStringLiteral("test"));
        QCOMPARE(r.exitCode(), 2);
        QCOMPARE(m_sandbox.requestCount(), 0);
    }

    void tokenMissing()
    {
        Input in = saved(QString());
        in.tokenProblem = QStringLiteral("there is no keychain");
        const SetupReport r = check(in);
        QVERIFY(r.hasFinding("token-missing"));
        QVERIFY(r.finding("token-missing")->message.contains(in.tokenProblem));
        QCOMPARE(r.exitCode(), 2);
        QCOMPARE(m_sandbox.requestCount(), 0);
    }

    // ---- server -----------------------------------------------------------------------------

    void serverSandboxMode()
    {
        const SetupReport r = check(unsaved(m_tokens.sandboxServer));
        QVERIFY(r.hasFinding("server-sandbox-mode"));
        QCOMPARE(r.finding("server-sandbox-mode")->severity, Finding::Severity::Warning);
        QCOMPARE(r.server.deliveryType, QStringLiteral("Sandbox"));
        QCOMPARE(r.result, SetupReport::Result::Problems);
        QCOMPARE(r.exitCode(), 1);
    }

    void serverMismatch()
    {
        Input in = saved(m_tokens.server);
        in.config.serverId = 999;
        const SetupReport r = check(in);
        QVERIFY(r.hasFinding("server-mismatch"));
        QVERIFY(!check(saved(m_tokens.server)).hasFinding("server-mismatch"));
    }

    // ---- streams and categories -------------------------------------------------------------

    void streamMissing()
    {
        StreamMapping::Mapping m = defaultMapping();
        m.insert(QStringLiteral("purchases"), QStringLiteral("purchases")); // not created yet
        m.insert(QStringLiteral("helpdesk"), QStringLiteral("gone"));
        const SetupReport r = check(saved(m_tokens.server, m));
        const Finding *f = r.finding("stream-missing", "purchases");
        QVERIFY(f);
        QCOMPARE(f->severity, Finding::Severity::Error);
        QVERIFY(f->fixable); // creating the recommended streams creates it
        QCOMPARE(f->fix, Finding::fixCreateStreams());
        const Finding *gone = r.finding("stream-missing", "helpdesk");
        QVERIFY(gone);
        QVERIFY(!gone->fixable);
        QCOMPARE(r.exitCode(), 1);
        // Only existing streams get their webhooks checked.
        QVERIFY(!r.webhooks.contains("purchases"));
    }

    void streamArchived()
    {
        QVERIFY(m_sandbox.addStream(m_tokens.server, "purchases", "Purchases", "Transactional"));
        QVERIFY(m_sandbox.archiveStream(m_tokens.server, "purchases"));
        StreamMapping::Mapping m = defaultMapping();
        m.insert(QStringLiteral("purchases"), QStringLiteral("purchases"));
        const SetupReport r = check(saved(m_tokens.server, m));
        QVERIFY(r.finding("stream-archived", "purchases"));
        QCOMPARE(r.finding("stream-archived")->severity, Finding::Severity::Error);
        const auto it = std::find_if(r.streams.begin(), r.streams.end(),
                                     [](const MessageStream &s) { return s.id == "purchases"; });
        QVERIFY(it != r.streams.end()); // archived streams are listed too
        QVERIFY(it->isArchived());
        QVERIFY(!r.webhooks.contains("purchases"));
    }

    void streamWrongType()
    {
        StreamMapping::Mapping m = defaultMapping();
        m.insert(QStringLiteral("purchases"), QStringLiteral("broadcast"));
        m.insert(QStringLiteral("sequences"), QStringLiteral("outbound"));
        const SetupReport r = check(saved(m_tokens.server, m));
        QVERIFY(r.finding("stream-wrong-type", "purchases"));
        QVERIFY(r.finding("stream-wrong-type", "sequences"));
        QCOMPARE(r.finding("stream-wrong-type")->severity, Finding::Severity::Error);
        QVERIFY(!r.hasFinding("mapping-ok"));
    }

    void streamInbound()
    {
        StreamMapping::Mapping m = defaultMapping();
        m.insert(QStringLiteral("optins"), QStringLiteral("inbound"));
        const SetupReport r = check(saved(m_tokens.server, m));
        QVERIFY(r.finding("stream-inbound", "optins"));
        QVERIFY(!r.webhooks.contains("inbound")); // no webhooks on Inbound streams
    }

    void categoryUnmapped()
    {
        StreamMapping::Mapping m = defaultMapping();
        m.remove(QStringLiteral("notifications"));
        m.insert(QStringLiteral("broadcasts"), QString());
        const SetupReport r = check(saved(m_tokens.server, m));
        QVERIFY(r.finding("category-unmapped", "notifications"));
        QVERIFY(r.finding("category-unmapped", "broadcasts"));
        const auto it =
            std::find_if(r.categories.begin(), r.categories.end(),
                         [](const CategoryCheck &c) { return c.categoryId == "notifications"; });
        QVERIFY(it != r.categories.end());
        QVERIFY(it->streamId.isEmpty());
        QCOMPARE(it->status, StreamMapping::MappingStatus::Unmapped);
    }

    // ---- webhooks ---------------------------------------------------------------------------

    void webhookMissing()
    {
        const SetupReport r = check(saved(m_tokens.server));
        const Finding *f = r.finding("webhook-missing", "outbound");
        QVERIFY(f);
        QCOMPARE(f->severity, Finding::Severity::Warning);
        QCOMPARE(f->fix, Finding::fixSetUpWebhooks());
        QVERIFY(r.finding("webhook-missing", "broadcast"));
        QVERIFY(r.webhooks.value("outbound").isEmpty());
        QVERIFY(!r.hasFinding("webhooks-ok"));
    }

    void webhookMissingAtPlatformUrl()
    {
        // A webhook to another tool does not count once the platform's URL is known.
        WebhookTriggers all;
        all.bounce = all.spamComplaint = all.subscriptionChange = true;
        createWebhook("outbound", "https://other-tool.example/hook", all);
        createWebhook("broadcast", "https://other-tool.example/hook", all);
        Input in = saved(m_tokens.server);
        QVERIFY(!check(in).hasFinding("webhook-missing")); // URL unknown: any webhook counts
        in.webhookUrl = kHookUrl;
        const SetupReport r = check(in);
        QVERIFY(r.finding("webhook-missing", "outbound"));
        QVERIFY(r.finding("webhook-missing", "outbound")->message.contains(kHookUrl));
        QCOMPARE(r.webhooks.value("outbound").size(), 1);
    }

    void webhookTriggerMissing()
    {
        WebhookTriggers bounceOnly;
        bounceOnly.bounce = true;
        createWebhook("outbound", kHookUrl, bounceOnly);
        WebhookTriggers noUnsubscribes;
        noUnsubscribes.bounce = noUnsubscribes.spamComplaint = true;
        createWebhook("broadcast", kHookUrl, noUnsubscribes);
        Input in = saved(m_tokens.server);
        in.webhookUrl = kHookUrl;
        const SetupReport r = check(in);
        const Finding *outbound = r.finding("webhook-trigger-missing", "outbound");
        QVERIFY(outbound);
        QCOMPARE(outbound->severity, Finding::Severity::Warning);
        QVERIFY(outbound->message.contains("SpamComplaint"));
        QVERIFY(!outbound->message.contains("SubscriptionChange: "));
        const Finding *broadcast = r.finding("webhook-trigger-missing", "broadcast");
        QVERIFY(broadcast);
        QVERIFY(broadcast->message.contains("SubscriptionChange"));
        QVERIFY(!r.hasFinding("webhook-missing"));
        QVERIFY(r.webhooks.value("outbound").first().triggers.bounce);
    }

    void webhookTriggersMayBeSplit()
    {
        // Documented choice: the union of the stream's webhooks at the platform URL counts.
        WebhookTriggers bounce;
        bounce.bounce = true;
        WebhookTriggers spam;
        spam.spamComplaint = true;
        createWebhook("outbound", kHookUrl, bounce);
        createWebhook("outbound", kHookUrl + "/", spam); // same endpoint
        StreamMapping::Mapping m;
        for (const EmailCategory &c : EmailCategory::all()) {
            if (c.type == StreamType::Transactional)
                m.insert(c.id, QStringLiteral("outbound"));
        }
        Input in = saved(m_tokens.server, m);
        in.webhookUrl = kHookUrl;
        const SetupReport r = check(in);
        QVERIFY(!r.hasFinding("webhook-trigger-missing"));
        QVERIFY(!r.hasFinding("webhook-missing"));
    }

    // ---- network ----------------------------------------------------------------------------

    void networkUnreachable()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        m_client->setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        const SetupReport r = check(unsaved(m_tokens.server));
        QVERIFY2(r.hasFinding("network-unreachable"), qPrintable(codes(r).join(", ")));
        QCOMPARE(r.tokenKind, QStringLiteral("unknown"));
        QCOMPARE(r.result, SetupReport::Result::Unchecked);
        QCOMPARE(r.exitCode(), 2);
    }

    void networkNotPostmark_data()
    {
        QTest::addColumn<Fault>("fault");
        QTest::newRow("html 403") << Fault::Html403;
        QTest::newRow("malformed json") << Fault::MalformedJson;
        QTest::newRow("oversized") << Fault::Oversized;
    }
    void networkNotPostmark()
    {
        QFETCH(Fault, fault);
        m_sandbox.setFault(fault);
        const SetupReport r = check(unsaved(m_tokens.server));
        QVERIFY2(r.hasFinding("network-not-postmark"), qPrintable(codes(r).join(", ")));
        QCOMPARE(r.exitCode(), 2);
    }

    void networkFailureAfterTokenCheck()
    {
        // The token is fine, then the stream list hits a proxy: still "could not check".
        m_sandbox.setFault(Fault::Html403, {QStringLiteral("/message-streams")});
        const SetupReport r = check(unsaved(m_tokens.server));
        QVERIFY(r.hasFinding("network-not-postmark"));
        QCOMPARE(r.tokenKind, QStringLiteral("server"));
        QVERIFY(r.serverChecked);
        QCOMPARE(r.result, SetupReport::Result::Unchecked);
    }

    void tlsFailed()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        // TLS to a plain-HTTP port: the handshake fails.
        QUrl url = m_sandbox.baseUrl();
        url.setScheme(QStringLiteral("https"));
        m_client->setBaseUrl(url);
        const SetupReport r = check(unsaved(m_tokens.server));
        QVERIFY2(r.hasFinding("tls-failed"), qPrintable(codes(r).join(", ")));
        QCOMPARE(r.exitCode(), 2);
    }

    void timeout()
    {
        m_sandbox.setFault(Fault::Hang);
        m_client->setTimeout(300);
        const SetupReport r = check(unsaved(m_tokens.server));
        QVERIFY2(r.hasFinding("timeout"), qPrintable(codes(r).join(", ")));
        QCOMPARE(r.exitCode(), 2);
    }

    void rateLimited()
    {
        m_sandbox.setFault(Fault::Http429);
        const SetupReport r = check(unsaved(m_tokens.server));
        QVERIFY2(r.hasFinding("rate-limited"), qPrintable(codes(r).join(", ")));
        QCOMPARE(r.exitCode(), 2);
    }

    void postmarkOutage_data()
    {
        QTest::addColumn<Fault>("fault");
        QTest::newRow("503 maintenance") << Fault::Http503;
        QTest::newRow("500 internal error") << Fault::Http500;
    }
    void postmarkOutage()
    {
        QFETCH(Fault, fault);
        m_sandbox.setFault(fault);
        const SetupReport r = check(unsaved(m_tokens.server));
        QVERIFY2(r.hasFinding("postmark-outage"), qPrintable(codes(r).join(", ")));
        QCOMPARE(r.exitCode(), 2);
    }

    // ---- test sends -------------------------------------------------------------------------

    void sendTest()
    {
        Input in = saved(m_tokens.server);
        in.sendTestTo = QStringLiteral("someone@demo-marketing.example");
        const SetupReport r = check(in);
        QCOMPARE(m_sandbox.sentCount(m_tokens.server), 2); // outbound and broadcast
        QCOMPARE(r.testSendsNow.size(), 2);
        QStringList streams;
        for (const TestSendRecord &t : r.testSendsNow) {
            QVERIFY(t.ok);
            QVERIFY(!t.messageId.isEmpty());
            QVERIFY(t.at.isValid());
            QVERIFY(EmailCategory::find(t.categoryId));
            streams << t.streamId;
        }
        streams.sort();
        QCOMPARE(streams, QStringList({"broadcast", "outbound"}));
        QVERIFY(r.hasFinding("test-send-ok"));
        QVERIFY(!r.hasFinding("test-send-failed"));
    }

    void testSendFailed()
    {
        Input in = saved(m_tokens.server);
        in.sendTestTo = QStringLiteral("bounced@demo-marketing.example"); // inactive: 406
        const SetupReport r = check(in);
        const Finding *f = r.finding("test-send-failed", "outbound");
        QVERIFY(f);
        QCOMPARE(f->severity, Finding::Severity::Error);
        QVERIFY(f->message.contains("outbound"));
        QVERIFY(f->message.contains("bounced@demo-marketing.example"));
        QVERIFY(r.finding("test-send-failed", "broadcast"));
        QCOMPARE(r.testSendsNow.size(), 2);
        QVERIFY(!r.testSendsNow.first().ok);
        QCOMPARE(r.testSendsNow.first().errorCode, QStringLiteral("postmark-406"));
        QCOMPARE(r.exitCode(), 1);
    }

    void testSendThatCannotReachPostmarkIsUnchecked()
    {
        Input in = saved(m_tokens.server);
        in.sendTestTo = QStringLiteral("someone@demo-marketing.example");
        m_sandbox.setFault(PostmarkSandbox::Fault::Http503, {QStringLiteral("/email")});
        const SetupReport r = check(in);
        QVERIFY(r.hasFinding("postmark-outage"));
        QVERIFY(!r.hasFinding("test-send-failed"));
        QCOMPARE(r.result, SetupReport::Result::Unchecked);
        QCOMPARE(r.exitCode(), 2);
    }

    void lastTestSendFailed()
    {
        Input in = saved(m_tokens.server);
        TestSendRecord failed;
        failed.streamId = QStringLiteral("outbound");
        failed.categoryId = QStringLiteral("purchases");
        failed.at = QDateTime(QDate(2024, 5, 1), QTime(10, 0), Qt::UTC);
        failed.errorCode = QStringLiteral("postmark-400");
        failed.errorMessage = QStringLiteral("The From address is not a sender signature.");
        TestSendRecord ok;
        ok.streamId = QStringLiteral("broadcast");
        ok.categoryId = QStringLiteral("broadcasts");
        ok.at = failed.at;
        ok.ok = true;
        ok.messageId = QStringLiteral("abc");
        in.lastTestSends = {ok, failed};
        const SetupReport r = check(in);
        const Finding *f = r.finding("test-send-failed", "outbound");
        QVERIFY(f);
        QCOMPARE(f->severity, Finding::Severity::Warning); // history: may have been fixed since
        QVERIFY(f->message.contains("postmark-400"));
        QVERIFY(!r.finding("test-send-failed", "broadcast"));
        QCOMPARE(r.lastTestSends.size(), 2);

        // A test sent now through the stream replaces the old result.
        in.sendTestTo = QStringLiteral("someone@demo-marketing.example");
        QVERIFY(!check(in).hasFinding("test-send-failed"));
    }

    // ---- behaviour --------------------------------------------------------------------------

    void streamsAreCheckedConcurrently()
    {
        addDedicatedStreams(m_tokens.server); // 7 distinct mapped streams
        m_sandbox.setLatency(250);
        QElapsedTimer timer;
        timer.start();
        const SetupReport r = check(unsaved(m_tokens.server));
        const qint64 elapsed = timer.elapsed();
        QCOMPARE(r.webhooks.size(), 7);
        QCOMPARE(m_sandbox.requestCount(QStringLiteral("/webhooks")), 7);
        // One after the other, the 7 webhook lists would share one keep-alive connection (and
        // take 9 × 250 ms in all); at once, the network manager opens several.
        QVERIFY2(m_sandbox.connectionCount() > 2,
                 qPrintable(QString::number(m_sandbox.connectionCount())));
        qInfo("setup check with 250 ms latency: %lld ms", elapsed);
    }

    void newRunAbandonsThePrevious()
    {
        m_sandbox.setLatency(150);
        QSignalSpy finished(m_check.get(), &SetupCheck::finished);
        m_check->run(unsaved(m_tokens.account));
        m_check->run(unsaved(m_tokens.sandboxServer));
        QVERIFY(m_check->isRunning());
        QVERIFY(finished.wait(10000));
        QTest::qWait(400);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(m_check->report().tokenKind, QStringLiteral("server"));
        QVERIFY(m_check->report().hasFinding("server-sandbox-mode"));
        QVERIFY(!m_check->isRunning());
    }

    void finishedIsAsynchronous()
    {
        QSignalSpy finished(m_check.get(), &SetupCheck::finished);
        m_check->run(saved(QString()));
        QCOMPARE(finished.size(), 0);
        QVERIFY(finished.wait(5000));
    }

    // ---- fixes ------------------------------------------------------------------------------

    void createMissingStreams()
    {
        const auto [ok, summary] = fix([&] { m_check->createMissingStreams(m_tokens.server); });
        QVERIFY2(ok, qPrintable(summary));
        const QStringList ids = m_sandbox.streamIds(m_tokens.server);
        for (const char *id : {"purchases", "memberships", "optins", "helpdesk", "sequences"})
            QVERIFY2(ids.contains(QLatin1String(id)), id);
        QCOMPARE(ids.size(), 8);
        const StreamMapping::Mapping m = m_check->recommendedMapping();
        QCOMPARE(m.value("purchases"), QStringLiteral("purchases"));
        QCOMPARE(m.value("notifications"), QStringLiteral("outbound"));
        QCOMPARE(m.value("sequences"), QStringLiteral("sequences"));

        // The check of the resulting mapping has no stream finding left.
        const SetupReport r = check(saved(m_tokens.server, m));
        QVERIFY(r.hasFinding("mapping-ok"));
        QVERIFY(!r.hasFinding("recommended-streams-missing"));

        // Again: nothing to create.
        const int requests = m_sandbox.requestCount(QStringLiteral("/message-streams"));
        const auto [again, againSummary] =
            fix([&] { m_check->createMissingStreams(m_tokens.server); });
        QVERIFY(again);
        QCOMPARE(m_sandbox.streamIds(m_tokens.server).size(), 8);
        QCOMPARE(m_sandbox.requestCount(QStringLiteral("/message-streams")), requests + 2); // GETs
        QVERIFY(!againSummary.isEmpty());
    }

    void createMissingStreamsWithinTheLimit()
    {
        for (int i = 0; i < 6; ++i) // 3 defaults + 6 = 9 of 10
            QVERIFY(m_sandbox.addStream(m_tokens.server, QStringLiteral("extra%1").arg(i), "Extra",
                                        "Transactional"));
        const auto [ok, summary] = fix([&] { m_check->createMissingStreams(m_tokens.server); });
        QVERIFY2(ok, qPrintable(summary));
        QCOMPARE(m_sandbox.streamIds(m_tokens.server, true).size(), 10);
        QVERIFY(m_sandbox.streamIds(m_tokens.server).contains("purchases"));
        const StreamMapping::Mapping m = m_check->recommendedMapping();
        QCOMPARE(m.value("memberships"), QStringLiteral("outbound")); // fell back
        QVERIFY(summary.contains(EmailCategory::find("memberships")->name));
    }

    void setUpWebhooksIsIdempotent()
    {
        const StreamMapping::Mapping m = defaultMapping();
        const auto [ok, summary] =
            fix([&] { m_check->setUpWebhooks(m_tokens.server, m, kHookUrl); });
        QVERIFY2(ok, qPrintable(summary));
        QCOMPARE(m_sandbox.webhookCount(m_tokens.server), 2);
        const QList<Webhook> outbound = webhooks(m_tokens.server, "outbound");
        QCOMPARE(outbound.size(), 1);
        QCOMPARE(outbound.first().url, kHookUrl);
        QVERIFY(outbound.first().triggers.bounce);
        QVERIFY(outbound.first().triggers.spamComplaint);
        QVERIFY(!outbound.first().triggers.subscriptionChange);
        const QList<Webhook> broadcast = webhooks(m_tokens.server, "broadcast");
        QCOMPARE(broadcast.size(), 1);
        QVERIFY(broadcast.first().triggers.bounce);
        QVERIFY(broadcast.first().triggers.spamComplaint);
        QVERIFY(broadcast.first().triggers.subscriptionChange);

        // Twice: nothing new, nothing changed.
        const int puts = m_sandbox.requestCount(QStringLiteral("/webhooks/1"))
            + m_sandbox.requestCount(QStringLiteral("/webhooks/2"));
        const auto [again, againSummary] =
            fix([&] { m_check->setUpWebhooks(m_tokens.server, m, kHookUrl); });
        QVERIFY2(again, qPrintable(againSummary));
        QCOMPARE(m_sandbox.webhookCount(m_tokens.server), 2);
        QCOMPARE(m_sandbox.requestCount(QStringLiteral("/webhooks/1"))
                     + m_sandbox.requestCount(QStringLiteral("/webhooks/2")),
                 puts);

        Input in = saved(m_tokens.server, m);
        in.webhookUrl = kHookUrl;
        const SetupReport r = check(in);
        QVERIFY(!r.hasFinding("webhook-missing"));
        QVERIFY(!r.hasFinding("webhook-trigger-missing"));
        QVERIFY(r.hasFinding("webhooks-ok"));
    }

    void setUpWebhooksCompletesAnExistingWebhook()
    {
        WebhookTriggers bounceAndOpen;
        bounceAndOpen.bounce = true;
        bounceAndOpen.open = true;
        const Webhook existing = createWebhook("outbound", kHookUrl, bounceAndOpen);
        WebhookTriggers other;
        other.delivery = true;
        createWebhook("outbound", "https://other-tool.example/hook", other);

        StreamMapping::Mapping m;
        m.insert(QStringLiteral("purchases"), QStringLiteral("outbound"));
        m.insert(QStringLiteral("optins"), QStringLiteral("inbound")); // skipped, not an error
        const auto [ok, summary] =
            fix([&] { m_check->setUpWebhooks(m_tokens.server, m, kHookUrl); });
        QVERIFY2(ok, qPrintable(summary));
        QVERIFY(summary.contains("inbound"));
        QCOMPARE(m_sandbox.webhookCount(m_tokens.server), 2); // completed, not created
        const QList<Webhook> hooks = webhooks(m_tokens.server, "outbound");
        QCOMPARE(hooks.size(), 2);
        for (const Webhook &w : hooks) {
            if (w.id == existing.id) {
                QVERIFY(w.triggers.bounce);
                QVERIFY(w.triggers.spamComplaint);
                QVERIFY(w.triggers.open); // kept
            } else {
                QCOMPARE(w.url, QStringLiteral("https://other-tool.example/hook"));
                QVERIFY(!w.triggers.bounce); // another tool's webhook is left alone
                QVERIFY(w.triggers.delivery);
            }
        }
    }

    void setUpWebhooksNeedsAUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::newRow("empty") << QString();
        QTest::newRow("not a url") << QStringLiteral("platform webhook");
        QTest::newRow("ftp") << QStringLiteral("ftp://platform.example/hook");
    }
    void setUpWebhooksNeedsAUrl()
    {
        QFETCH(QString, url);
        const auto [ok, summary] =
            fix([&] { m_check->setUpWebhooks(m_tokens.server, defaultMapping(), url); });
        QVERIFY(!ok);
        QVERIFY(!summary.isEmpty());
        QCOMPARE(m_sandbox.requestCount(), 0);
    }

    void requiredTriggers()
    {
        WebhookTriggers none;
        QCOMPARE(SetupCheck::missingTriggers(StreamType::Transactional, none),
                 QStringList({"Bounce", "SpamComplaint"}));
        QCOMPARE(SetupCheck::missingTriggers(StreamType::Broadcasts, none),
                 QStringList({"Bounce", "SpamComplaint", "SubscriptionChange"}));
        QVERIFY(SetupCheck::sameWebhookUrl("https://A.example/hook/", "https://a.example/hook"));
        QVERIFY(!SetupCheck::sameWebhookUrl("https://a.example/hook", "https://a.example/other"));
        QVERIFY(!SetupCheck::sameWebhookUrl(QString(), QString()));
    }

    // ---- exports ----------------------------------------------------------------------------

    void jsonFieldByField()
    {
        WebhookTriggers bounceOnly;
        bounceOnly.bounce = true;
        createWebhook("outbound", kHookUrl, bounceOnly);
        Input in = saved(m_tokens.server);
        in.webhookUrl = kHookUrl;
        in.keychainBackend = QStringLiteral("Secret Service");
        in.sendTestTo = QStringLiteral("someone@demo-marketing.example");
        TestSendRecord last;
        last.streamId = QStringLiteral("outbound");
        last.categoryId = QStringLiteral("purchases");
        last.at = QDateTime(QDate(2024, 5, 1), QTime(10, 0), Qt::UTC);
        last.ok = true;
        last.messageId = QStringLiteral("m-1");
        in.lastTestSends = {last};
        const SetupReport r = check(in);

        // Through bytes and back, as a script would read it.
        const QByteArray bytes = QJsonDocument(SetupReportFormat::toJson(r)).toJson();
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(bytes, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);

        QCOMPARE(o.value("schema").toInt(), 1);
        const QJsonObject app = o.value("app").toObject();
        QCOMPARE(app.value("version").toString(), r.appVersion);
        QCOMPARE(app.value("os").toString(), r.os);
        QCOMPARE(app.value("keychain").toString(), QStringLiteral("Secret Service"));
        QCOMPARE(
            QDateTime::fromString(o.value("checkedAt").toString(), Qt::ISODate).toSecsSinceEpoch(),
            r.checkedAt.toSecsSinceEpoch());
        const QJsonObject gateway = o.value("gateway").toObject();
        QCOMPARE(gateway.value("id").toString(), in.config.id);
        QCOMPARE(gateway.value("name").toString(), QStringLiteral("Main"));
        QCOMPARE(gateway.value("saved").toBool(), true);
        const QJsonObject token = o.value("token").toObject();
        QCOMPARE(token.value("kind").toString(), QStringLiteral("server"));
        QCOMPARE(token.value("redacted").toString(), ApiToken::redacted(m_tokens.server));
        QCOMPARE(token.keys(), QStringList({"kind", "redacted"}));
        const QJsonObject server = o.value("server").toObject();
        QCOMPARE(server.value("id").toInt(), 101);
        QCOMPARE(server.value("name").toString(), QStringLiteral("Demo Marketing"));
        QCOMPARE(server.value("color").toString(), QStringLiteral("Turquoise"));
        QCOMPARE(server.value("deliveryType").toString(), QStringLiteral("Live"));
        QVERIFY(server.value("serverLink").toString().startsWith("https://"));
        QCOMPARE(server.keys(), QStringList({"color", "deliveryType", "id", "name", "serverLink"}));

        const QJsonArray streams = o.value("streams").toArray();
        QCOMPARE(streams.size(), r.streams.size());
        for (int i = 0; i < streams.size(); ++i) {
            const QJsonObject s = streams.at(i).toObject();
            QCOMPARE(s.value("id").toString(), r.streams.at(i).id);
            QCOMPARE(s.value("name").toString(), r.streams.at(i).name);
            QCOMPARE(s.value("type").toString(), streamTypeName(r.streams.at(i).type));
            QCOMPARE(s.value("archived").toBool(), false);
        }
        const QJsonArray categories = o.value("categories").toArray();
        QCOMPARE(categories.size(), 7);
        const QJsonObject purchases = categories.at(0).toObject();
        QCOMPARE(purchases.value("id").toString(), QStringLiteral("purchases"));
        QCOMPARE(purchases.value("name").toString(), EmailCategory::find("purchases")->name);
        QCOMPARE(purchases.value("stream").toString(), QStringLiteral("outbound"));
        QCOMPARE(purchases.value("status").toString(), QStringLiteral("ok"));

        const QJsonObject webhooks = o.value("webhooks").toObject();
        QCOMPARE(webhooks.keys(), QStringList({"broadcast", "outbound"}));
        QCOMPARE(webhooks.value("broadcast").toArray().size(), 0);
        const QJsonObject hook = webhooks.value("outbound").toArray().at(0).toObject();
        QCOMPARE(hook.value("id").toInt(), 1);
        QCOMPARE(hook.value("url").toString(), kHookUrl);
        const QJsonObject triggers = hook.value("triggers").toObject();
        QCOMPARE(triggers.value("bounce").toBool(), true);
        QCOMPARE(triggers.value("spamComplaint").toBool(), false);
        QCOMPARE(triggers.value("subscriptionChange").toBool(), false);
        for (const char *key : {"open", "click", "delivery"})
            QVERIFY2(triggers.value(key).isBool(), key);

        const QJsonArray lastSends = o.value("lastTestSends").toArray();
        QCOMPARE(lastSends.size(), 1);
        const QJsonObject l = lastSends.at(0).toObject();
        QCOMPARE(l.value("stream").toString(), QStringLiteral("outbound"));
        QCOMPARE(l.value("category").toString(), QStringLiteral("purchases"));
        QCOMPARE(l.value("at").toString(), QStringLiteral("2024-05-01T10:00:00Z"));
        QCOMPARE(l.value("ok").toBool(), true);
        QCOMPARE(l.value("messageId").toString(), QStringLiteral("m-1"));
        QVERIFY(l.value("errorCode").isNull());
        const QJsonArray now = o.value("testSendsNow").toArray();
        QCOMPARE(now.size(), 2);
        QCOMPARE(now.at(0).toObject().value("ok").toBool(), true);

        const QJsonArray findings = o.value("findings").toArray();
        QCOMPARE(findings.size(), r.findings.size());
        for (int i = 0; i < findings.size(); ++i) {
            const QJsonObject f = findings.at(i).toObject();
            const Finding &expected = r.findings.at(i);
            QCOMPARE(f.value("severity").toString(),
                     SetupReportFormat::severityName(expected.severity));
            QCOMPARE(f.value("code").toString(), expected.code);
            QCOMPARE(f.value("message").toString(), expected.message);
            QCOMPARE(f.value("nextStep").toString(), expected.nextStep);
            QCOMPARE(f.value("subject").toString(), expected.subject);
            QCOMPARE(f.value("fix").toString(), expected.fix);
        }
        const QJsonObject first = findings.at(0).toObject();
        QCOMPARE(first.value("severity").toString(), QStringLiteral("warning"));
        QCOMPARE(o.value("result").toString(), QStringLiteral("problems"));

        // Several gateways.
        const QJsonObject several = SetupReportFormat::toJson(QList<SetupReport>{r, r});
        QCOMPARE(several.value("gateways").toArray().size(), 2);
        QCOMPARE(SetupReportFormat::exitCode({r, SetupReport()}), 2);
    }

    void jsonOfAnUncheckedReport()
    {
        const SetupReport r = check(unsaved(m_tokens.account));
        const QJsonObject o = SetupReportFormat::toJson(r);
        QVERIFY(o.value("server").isNull());
        QVERIFY(o.value("gateway").toObject().value("id").isNull());
        QCOMPARE(o.value("gateway").toObject().value("saved").toBool(), false);
        QCOMPARE(o.value("result").toString(), QStringLiteral("unchecked"));
        QCOMPARE(o.value("token").toObject().value("kind").toString(), QStringLiteral("account"));
        QCOMPARE(o.value("streams").toArray().size(), 0);
    }

    void tokenAbsentFromEveryFormat_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<bool>("sendTest");
        QTest::newRow("server") << m_tokens.server << true;
        QTest::newRow("sandbox server") << m_tokens.sandboxServer << false;
        QTest::newRow("account") << m_tokens.account << false;
        QTest::newRow("invalid") << QStringLiteral("00000000-1111-2222-3333-444444444444") << false;
        QTest::newRow("test token") << ApiToken::testToken() << false;
    }
    void tokenAbsentFromEveryFormat()
    {
        QFETCH(QString, token);
        QFETCH(bool, sendTest);
        Input in = saved(token);
        if (sendTest)
            in.sendTestTo = QStringLiteral("bounced@demo-marketing.example");
        const SetupReport r = check(in);
        const QString head = token.left(token.size() - 4);
        const QStringList outputs{
            SetupReportFormat::toText(r),
            SetupReportFormat::toMarkdown(r),
            QString::fromUtf8(QJsonDocument(SetupReportFormat::toJson(r)).toJson()),
            SetupReportFormat::toText(QList<SetupReport>{r}),
            SetupReportFormat::toMarkdown(QList<SetupReport>{r}),
            QString::fromUtf8(
                QJsonDocument(SetupReportFormat::toJson(QList<SetupReport>{r})).toJson())};
        for (const QString &out : outputs) {
            QVERIFY(!out.isEmpty());
            QVERIFY2(!out.contains(token), qPrintable(out));
            QVERIFY2(!out.contains(head), qPrintable(out));
            // None of the other demo tokens either (Postmark's ApiTokens never reach the report).
            for (const QString &other : {m_tokens.server, m_tokens.sandboxServer,
                                         m_tokens.pendingServer, m_tokens.account})
                QVERIFY(!out.contains(other));
        }
        if (token != ApiToken::testToken())
            QVERIFY(SetupReportFormat::toText(r).contains(ApiToken::redacted(token)));
    }

    void urlsAreRedactedInReports()
    {
        const QString url = QStringLiteral("https://hook:s3cret@platform.example/pm?key=k3y&x=1");
        const QString shown = SetupReportFormat::redactedUrl(url);
        QVERIFY(!shown.contains(QStringLiteral("s3cret")));
        QVERIFY(!shown.contains(QStringLiteral("k3y")));
        QVERIFY(shown.startsWith(QStringLiteral("https://platform.example/pm?key=")));
        // Through a whole report: a webhook with a secret in its URL.
        WebhookTriggers triggers;
        triggers.bounce = triggers.spamComplaint = true;
        createWebhook(QStringLiteral("outbound"), url, triggers);
        Input in = saved(m_tokens.server);
        in.webhookUrl = url;
        const SetupReport r = check(in);
        QCOMPARE(r.webhooks.value(QStringLiteral("outbound")).size(), 1); // it is in the report
        for (const QString &text :
             {SetupReportFormat::toText(r), SetupReportFormat::toMarkdown(r),
              QString::fromUtf8(QJsonDocument(SetupReportFormat::toJson(r)).toJson())}) {
            QVERIFY(!text.contains(QStringLiteral("s3cret")));
            QVERIFY(!text.contains(QStringLiteral("k3y")));
        }
    }

    void textAndMarkdownHoldTheDetails()
    {
        addDedicatedStreams(m_tokens.server);
        QVERIFY(m_sandbox.archiveStream(m_tokens.server, "helpdesk"));
        StreamMapping::Mapping m = defaultMapping();
        m.insert(QStringLiteral("helpdesk"), QStringLiteral("helpdesk"));
        const SetupReport r = check(saved(m_tokens.server, m));
        const QString text = SetupReportFormat::toText(r);
        const QString md = SetupReportFormat::toMarkdown(r);
        for (const QString &out : {text, md}) {
            QVERIFY(out.contains("stream-archived"));
            QVERIFY(out.contains("Demo Marketing"));
            QVERIFY(out.contains("sequences"));
            QVERIFY(out.contains(EmailCategory::find("helpdesk")->name));
            QVERIFY(out.contains(r.os));
        }
        // Markdown: the findings first, then tables that paste into a ticket.
        QVERIFY(md.indexOf("stream-archived") < md.indexOf("Demo Marketing"));
        QVERIFY(md.contains("|---|---|---|---|"));
        QVERIFY(md.contains("| helpdesk |"));
        QVERIFY(text.indexOf("stream-archived") < text.indexOf("Demo Marketing"));
    }
};

QTEST_GUILESS_MAIN(TestSetupCheck)
#include "tst_setupcheck.moc"
