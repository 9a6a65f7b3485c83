// `gateway-wizard check`: the real binary, started with QProcess against the in-process sandbox,
// without a display (DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM removed from its environment).
// Covers the options, the exit codes, the three formats (JSON read back field by field), the
// token absent from every output, --send-test, and saved gateways (one, --gateway, --all) whose
// tokens live in the keychain: registered to run under tools/with-keyring.sh, which provides a
// private, unlocked one; without it those tests are skipped.
#include "apitoken.h"
#include "gatewaysettings.h"
#include "keychainsecretstore.h"
#include "postmarkclient.h"
#include "sandbox/postmarksandbox.h"
#include "setupcheck.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#ifndef GATEWAY_WIZARD_BIN
#error "GATEWAY_WIZARD_BIN must be the path of the gateway-wizard executable"
#endif

using Fault = PostmarkSandbox::Fault;

namespace {

const QString kHookUrl = QStringLiteral("https://platform.example/postmark/events");

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    qint64 ms = 0;
    QString all() const { return QString::fromUtf8(out + err); }
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

StreamMapping::Mapping defaultMapping()
{
    StreamMapping::Mapping m;
    for (const EmailCategory &c : EmailCategory::all())
        m.insert(c.id,
                 c.type == Postmark::StreamType::Broadcasts ? QStringLiteral("broadcast")
                                                            : QStringLiteral("outbound"));
    return m;
}

} // namespace

class TestCheckCommand : public QObject
{
    Q_OBJECT

private:
    PostmarkSandbox m_sandbox;
    QNetworkAccessManager m_network;
    std::unique_ptr<QTemporaryDir> m_config;
    const PostmarkSandbox::DemoTokens m_tokens = PostmarkSandbox::demoTokens();
    QString m_keychainService = KeychainSecretStore::defaultService();
    QStringList m_keychainKeys; // written by this run, removed at the end

    // Runs `gateway-wizard check ARGS` without a display; the sandbox keeps answering meanwhile.
    Run check(const QStringList &args, const QByteArray &input = {})
    {
        Run run;
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QLatin1String(name));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        process.setProcessEnvironment(env);
        QSignalSpy finished(&process, &QProcess::finished);
        QElapsedTimer timer;
        timer.start();
        process.start(QStringLiteral(GATEWAY_WIZARD_BIN), QStringList{"check"} + args);
        if (!process.waitForStarted(10000)) {
            QTest::qFail("gateway-wizard did not start", __FILE__, __LINE__);
            return run;
        }
        if (!input.isEmpty())
            process.write(input);
        process.closeWriteChannel();
        if (!finished.wait(30000)) {
            process.kill();
            process.waitForFinished(5000);
            QTest::qFail("gateway-wizard check did not finish", __FILE__, __LINE__);
            return run;
        }
        run.ms = timer.elapsed();
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    }
    Run checkToken(const QString &token, const QStringList &args = {})
    {
        return check(QStringList{"--token-stdin", "--api-url", m_sandbox.baseUrl().toString(),
                                 "--config", m_config->path()}
                         + args,
                     token.toUtf8() + '\n');
    }
    QStringList api() const
    {
        return {"--api-url", m_sandbox.baseUrl().toString(), "--config", m_config->path()};
    }

    void setUpWebhooks(const QString &token)
    {
        Postmark::Client client(&m_network);
        client.setBaseUrl(m_sandbox.baseUrl());
        SetupCheck fixer(&client);
        QSignalSpy done(&fixer, &SetupCheck::fixFinished);
        fixer.setUpWebhooks(token, defaultMapping(), kHookUrl);
        QVERIFY(done.wait(10000));
        QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
    }

    GatewayConfig saveGateway(const QString &name)
    {
        GatewaySettings settings(m_config->path());
        GatewayConfig g;
        g.name = name;
        g.serverId = 101;
        g.serverName = QStringLiteral("Demo Marketing");
        g.deliveryType = QStringLiteral("Live");
        g.senderName = QStringLiteral("Demo");
        g.fromAddress = QStringLiteral("hello@demo-marketing.example");
        g.mapping = defaultMapping();
        QString error;
        if (!settings.save(g, &error))
            QTest::qFail(qPrintable(error), __FILE__, __LINE__);
        return g;
    }

    // Stores the token in the real keychain; false (and the test skipped) without one.
    bool storeToken(const GatewayConfig &g, const QString &token)
    {
        KeychainSecretStore keychain(m_keychainService);
        std::optional<SecretResult> result;
        keychain.write(g.secretKey(), token, this,
                       [&result](const SecretResult &r) { result = r; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000)) {
            QTest::qFail("the keychain did not answer", __FILE__, __LINE__);
            return false;
        }
        if (result->status == SecretResult::Status::NoBackend)
            return false;
        if (!result->ok()) {
            QTest::qFail(qPrintable(result->message), __FILE__, __LINE__);
            return false;
        }
        m_keychainKeys << g.secretKey();
        return true;
    }

private slots:
    void initTestCase() { QVERIFY(m_sandbox.listen()); }

    void init()
    {
        m_sandbox.reset();
        m_config = std::make_unique<QTemporaryDir>();
        QVERIFY(m_config->isValid());
    }

    void cleanupTestCase()
    {
        KeychainSecretStore keychain(m_keychainService);
        int pending = int(m_keychainKeys.size());
        for (const QString &key : std::as_const(m_keychainKeys))
            keychain.remove(key, this, [&pending](const SecretResult &) { --pending; });
        QTRY_COMPARE_WITH_TIMEOUT(pending, 0, 20000);
    }

    // ---- usage ------------------------------------------------------------------------------

    void help()
    {
        const Run r = check({"--help"});
        QCOMPARE(r.exitCode, 0);
        const QString text = QString::fromUtf8(r.out);
        for (const char *option : {"--gateway NAME", "--all", "--token-stdin", "--api-url URL",
                                   "--config DIR", "--format", "text", "markdown", "json",
                                   "--send-test ADDRESS", "--timeout SECONDS", "64"})
            QVERIFY2(text.contains(QLatin1String(option)), option);
        QVERIFY(text.contains("Exit status"));
    }

    void badUsage_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("message");
        const QByteArray token = m_tokens.server.toUtf8();
        QTest::newRow("unknown option") << QStringList{"--colour"} << token << "colour";
        QTest::newRow("stray argument") << QStringList{"--all", "now"} << token << "now";
        QTest::newRow("all and gateway")
            << QStringList{"--all", "--gateway", "Main"} << token << "--all";
        QTest::newRow("all and token-stdin")
            << QStringList{"--all", "--token-stdin"} << token << "--all";
        QTest::newRow("empty stdin")
            << QStringList{"--token-stdin"} << QByteArray() << "standard input";
        QTest::newRow("blank stdin")
            << QStringList{"--token-stdin"} << QByteArray(" \n\t\n") << "standard input";
        QTest::newRow("bad format")
            << QStringList{"--token-stdin", "--format", "xml"} << token << "xml";
        QTest::newRow("plain http elsewhere")
            << QStringList{"--token-stdin", "--api-url", "http://api.example.com"} << token
            << "--api-url";
        QTest::newRow("bad send-test")
            << QStringList{"--token-stdin", "--send-test", "nobody"} << token << "--send-test";
        QTest::newRow("bad timeout")
            << QStringList{"--token-stdin", "--timeout", "soon"} << token << "--timeout";
        QTest::newRow("nan timeout")
            << QStringList{"--token-stdin", "--timeout", "nan"} << token << "--timeout";
        QTest::newRow("missing value") << QStringList{"--gateway"} << token << "gateway";
        QTest::newRow("nothing saved, no option") << QStringList{} << token << "--token-stdin";
        QTest::newRow("nothing saved, --all") << QStringList{"--all"} << token << "--all";
    }
    void badUsage()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, input);
        QFETCH(QString, message);
        const Run r = check(args + QStringList{"--config", m_config->path()}, input);
        QCOMPARE(r.exitCode, 64);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QCOMPARE(m_sandbox.requestCount(), 0);
    }

    void unknownGatewayListsTheNames()
    {
        saveGateway(QStringLiteral("Main"));
        saveGateway(QStringLiteral("Second shop"));
        const Run r = check(QStringList{"--gateway", "Nope"} + api());
        QCOMPARE(r.exitCode, 64);
        const QString err = QString::fromUtf8(r.err);
        QVERIFY(err.contains("Nope"));
        QVERIFY(err.contains("Main"));
        QVERIFY(err.contains("Second shop"));
        // Several saved and no option: which one?
        const Run which = check(api());
        QCOMPARE(which.exitCode, 64);
        QVERIFY(QString::fromUtf8(which.err).contains("Second shop"));
    }

    // ---- exit codes -------------------------------------------------------------------------

    void exitCodes_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<bool>("webhooks");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("code");
        QTest::newRow("all good") << m_tokens.server << true << 0 << "webhooks-ok";
        QTest::newRow("no webhooks") << m_tokens.server << false << 1 << "webhook-missing";
        QTest::newRow("sandbox server")
            << m_tokens.sandboxServer << false << 1 << "server-sandbox-mode";
        QTest::newRow("account token")
            << m_tokens.account << false << 2 << "token-is-account-token";
        QTest::newRow("test token") << ApiToken::testToken() << false << 2 << "token-is-test-token";
        QTest::newRow("unknown token")
            << "00000000-1111-2222-3333-444444444444" << false << 2 << "token-invalid";
    }
    void exitCodes()
    {
        QFETCH(QString, token);
        QFETCH(bool, webhooks);
        QFETCH(int, exitCode);
        QFETCH(QString, code);
        if (webhooks)
            setUpWebhooks(token);
        const Run r = checkToken(token, {"--format", "json"});
        QVERIFY2(r.exitCode == exitCode, r.out.constData());
        QVERIFY(r.err.isEmpty());
        bool found = false;
        for (const QJsonValue &f : r.json().value("findings").toArray())
            found = found || f.toObject().value("code").toString() == code;
        QVERIFY2(found, r.out.constData());
        const QString result = exitCode == 0 ? "ok" : exitCode == 1 ? "problems" : "unchecked";
        QCOMPARE(r.json().value("result").toString(), result);
    }

    void networkUnreachable()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(closed.serverPort());
        closed.close();
        const Run r = check({"--token-stdin", "--api-url", url, "--config", m_config->path()},
                            m_tokens.server.toUtf8());
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.all().contains("network-unreachable"));
        QVERIFY(r.all().contains("could not check"));
    }

    void timeoutOption()
    {
        m_sandbox.setFault(Fault::Hang);
        const Run r = checkToken(m_tokens.server, {"--timeout", "0.5"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.all().contains("timeout"));
        QVERIFY2(r.ms < 8000, qPrintable(QString::number(r.ms)));
    }

    // ---- formats ----------------------------------------------------------------------------

    void jsonFieldByField()
    {
        setUpWebhooks(m_tokens.server);
        const Run r = checkToken(m_tokens.server, {"--format", "json"});
        QCOMPARE(r.exitCode, 0);
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(r.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(o.value("schema").toInt(), 1);
        QVERIFY(o.value("app").toObject().value("version").toString().contains('.'));
        QVERIFY(!o.value("app").toObject().value("os").toString().isEmpty());
        QVERIFY(!o.value("app").toObject().value("keychain").toString().isEmpty());
        QVERIFY(QDateTime::fromString(o.value("checkedAt").toString(), Qt::ISODate).isValid());
        const QJsonObject gateway = o.value("gateway").toObject();
        QVERIFY(gateway.value("id").isNull());
        QCOMPARE(gateway.value("saved").toBool(true), false);
        const QJsonObject token = o.value("token").toObject();
        QCOMPARE(token.value("kind").toString(), QStringLiteral("server"));
        QCOMPARE(token.value("redacted").toString(), ApiToken::redacted(m_tokens.server));
        const QJsonObject server = o.value("server").toObject();
        QCOMPARE(server.value("id").toInt(), 101);
        QCOMPARE(server.value("name").toString(), QStringLiteral("Demo Marketing"));
        QCOMPARE(server.value("deliveryType").toString(), QStringLiteral("Live"));
        QCOMPARE(server.value("color").toString(), QStringLiteral("Turquoise"));
        QVERIFY(server.value("serverLink").toString().startsWith("https://"));
        const QJsonArray streams = o.value("streams").toArray();
        QCOMPARE(streams.size(), 3);
        QStringList ids;
        for (const QJsonValue &v : streams) {
            const QJsonObject s = v.toObject();
            ids << s.value("id").toString();
            QVERIFY(!s.value("name").toString().isEmpty());
            QVERIFY(QStringList({"Transactional", "Broadcasts", "Inbound"})
                        .contains(s.value("type").toString()));
            QCOMPARE(s.value("archived").toBool(true), false);
        }
        ids.sort();
        QCOMPARE(ids, QStringList({"broadcast", "inbound", "outbound"}));
        const QJsonArray categories = o.value("categories").toArray();
        QCOMPARE(categories.size(), 7);
        for (const QJsonValue &v : categories) {
            const QJsonObject c = v.toObject();
            QVERIFY(EmailCategory::find(c.value("id").toString()));
            QVERIFY(!c.value("name").toString().isEmpty());
            QCOMPARE(c.value("status").toString(), QStringLiteral("ok"));
            QCOMPARE(c.value("stream").toString(),
                     EmailCategory::find(c.value("id").toString())->type
                             == Postmark::StreamType::Broadcasts
                         ? QStringLiteral("broadcast")
                         : QStringLiteral("outbound"));
        }
        const QJsonObject webhooks = o.value("webhooks").toObject();
        QCOMPARE(webhooks.keys(), QStringList({"broadcast", "outbound"}));
        const QJsonObject broadcastHook = webhooks.value("broadcast").toArray().at(0).toObject();
        QCOMPARE(broadcastHook.value("url").toString(), kHookUrl);
        QVERIFY(broadcastHook.value("id").toInt() > 0);
        const QJsonObject triggers = broadcastHook.value("triggers").toObject();
        QCOMPARE(triggers.value("bounce").toBool(), true);
        QCOMPARE(triggers.value("spamComplaint").toBool(), true);
        QCOMPARE(triggers.value("subscriptionChange").toBool(), true);
        QCOMPARE(triggers.value("open").toBool(true), false);
        QCOMPARE(o.value("lastTestSends").toArray().size(), 0);
        QCOMPARE(o.value("testSendsNow").toArray().size(), 0);
        const QJsonArray findings = o.value("findings").toArray();
        QVERIFY(!findings.isEmpty());
        for (const QJsonValue &v : findings) {
            const QJsonObject f = v.toObject();
            QCOMPARE(f.value("severity").toString(), QStringLiteral("info"));
            QVERIFY(!f.value("code").toString().isEmpty());
            QVERIFY(!f.value("message").toString().isEmpty());
            QVERIFY(!f.value("nextStep").toString().isEmpty());
            QVERIFY(f.contains("subject"));
            QVERIFY(f.contains("fix"));
        }
        QCOMPARE(o.value("result").toString(), QStringLiteral("ok"));
    }

    void textAndMarkdown()
    {
        const Run text = checkToken(m_tokens.server);
        QCOMPARE(text.exitCode, 1);
        const QString t = QString::fromUtf8(text.out);
        QVERIFY(t.contains("webhook-missing"));
        QVERIFY(t.contains("Demo Marketing"));
        QVERIFY(t.indexOf("webhook-missing") < t.indexOf("Demo Marketing")); // findings first
        const Run md = checkToken(m_tokens.server, {"--format", "markdown"});
        QCOMPARE(md.exitCode, 1);
        const QString m = QString::fromUtf8(md.out);
        QVERIFY(m.startsWith("## "));
        QVERIFY(m.contains("| `webhook-missing` |"));
        QVERIFY(m.contains("|---|"));
    }

    void tokenAbsentFromEveryFormat_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("format");
        for (const char *format : {"text", "markdown", "json"}) {
            QTest::addRow("server %s", format) << m_tokens.server << format;
            QTest::addRow("account %s", format) << m_tokens.account << format;
            QTest::addRow("sandbox %s", format) << m_tokens.sandboxServer << format;
            QTest::addRow("unknown %s", format)
                << QStringLiteral("00000000-1111-2222-3333-444444444444") << format;
        }
    }
    void tokenAbsentFromEveryFormat()
    {
        QFETCH(QString, token);
        QFETCH(QString, format);
        const Run r = checkToken(
            token, {"--format", format, "--send-test", "bounced@demo-marketing.example"});
        QVERIFY(!r.out.isEmpty());
        const QString all = r.all();
        QVERIFY2(!all.contains(token), qPrintable(all));
        QVERIFY(!all.contains(token.left(8)));
        for (const QString &other :
             {m_tokens.server, m_tokens.sandboxServer, m_tokens.pendingServer, m_tokens.account})
            QVERIFY(!all.contains(other));
        QVERIFY(all.contains(ApiToken::redacted(token)));
    }

    // ---- --send-test ------------------------------------------------------------------------

    void sendTest()
    {
        const Run r = checkToken(
            m_tokens.server, {"--format", "json", "--send-test", "someone@demo-marketing.example"});
        QCOMPARE(m_sandbox.sentCount(m_tokens.server), 2);
        const QJsonArray now = r.json().value("testSendsNow").toArray();
        QCOMPARE(now.size(), 2);
        for (const QJsonValue &v : now) {
            QCOMPARE(v.toObject().value("ok").toBool(), true);
            QVERIFY(!v.toObject().value("messageId").toString().isEmpty());
        }
        QCOMPARE(r.exitCode, 1); // the webhooks are still missing

        const Run failed = checkToken(
            m_tokens.server, {"--format", "json", "--send-test", "bounced@demo-marketing.example"});
        QCOMPARE(failed.exitCode, 1);
        QVERIFY(failed.all().contains("test-send-failed"));
        QVERIFY(failed.all().contains("postmark-406"));
        QCOMPARE(m_sandbox.sentCount(m_tokens.server), 2);
    }

    // ---- saved gateways (keychain) ----------------------------------------------------------

    void savedGatewayByName()
    {
        const GatewayConfig main = saveGateway(QStringLiteral("Main"));
        saveGateway(QStringLiteral("Other"));
        if (!storeToken(main, m_tokens.server))
            QSKIP("no keychain: run this test through tools/with-keyring.sh");
        TestSendRecord failed;
        failed.streamId = QStringLiteral("outbound");
        failed.categoryId = QStringLiteral("purchases");
        failed.at = QDateTime::currentDateTimeUtc();
        failed.errorCode = QStringLiteral("postmark-400");
        failed.errorMessage = QStringLiteral("Not a sender signature.");
        QVERIFY(GatewaySettings(m_config->path()).recordTestSend(main.id, failed));

        const Run r = check(QStringList{"--gateway", " main ", "--format", "json"} + api());
        QCOMPARE(r.exitCode, 1);
        const QJsonObject o = r.json();
        QCOMPARE(o.value("gateway").toObject().value("id").toString(), main.id);
        QCOMPARE(o.value("gateway").toObject().value("name").toString(), QStringLiteral("Main"));
        QCOMPARE(o.value("gateway").toObject().value("saved").toBool(), true);
        QCOMPARE(o.value("app").toObject().value("keychain").toString(),
                 KeychainSecretStore().backendName());
        QCOMPARE(o.value("token").toObject().value("redacted").toString(),
                 ApiToken::redacted(m_tokens.server));
        const QJsonArray last = o.value("lastTestSends").toArray();
        QCOMPARE(last.size(), 1);
        QCOMPARE(last.at(0).toObject().value("errorCode").toString(),
                 QStringLiteral("postmark-400"));
        QVERIFY(r.all().contains("test-send-failed"));
        QVERIFY(!r.all().contains(m_tokens.server));
    }

    void onlySavedGatewayWithoutOptions()
    {
        const GatewayConfig main = saveGateway(QStringLiteral("Main"));
        if (!storeToken(main, m_tokens.sandboxServer))
            QSKIP("no keychain: run this test through tools/with-keyring.sh");
        const Run r = check(api());
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.all().contains("server-sandbox-mode"));
        QVERIFY(r.all().contains("Main"));
    }

    void savedGatewayWithoutToken()
    {
        const GatewayConfig lost = saveGateway(QStringLiteral("Lost"));
        const GatewayConfig probe = saveGateway(QStringLiteral("Probe"));
        if (!storeToken(probe, m_tokens.server)) // only to learn whether there is a keychain
            QSKIP("no keychain: run this test through tools/with-keyring.sh");
        const Run r = check(QStringList{"--gateway", "Lost"} + api());
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.all().contains("token-missing"));
        QCOMPARE(m_sandbox.requestCount(), 0);

        // The token can come from standard input instead.
        const Run withStdin =
            check(QStringList{"--gateway", "Lost", "--token-stdin", "--format", "json"} + api(),
                  m_tokens.server.toUtf8());
        QCOMPARE(withStdin.exitCode, 1);
        QCOMPARE(withStdin.json().value("gateway").toObject().value("id").toString(), lost.id);
        QCOMPARE(withStdin.json().value("token").toObject().value("kind").toString(),
                 QStringLiteral("server"));
    }

    void allGateways()
    {
        const GatewayConfig main = saveGateway(QStringLiteral("Main"));
        const GatewayConfig sandbox = saveGateway(QStringLiteral("Sandbox"));
        const GatewayConfig pending = saveGateway(QStringLiteral("Pending"));
        if (!storeToken(main, m_tokens.server))
            QSKIP("no keychain: run this test through tools/with-keyring.sh");
        QVERIFY(storeToken(sandbox, m_tokens.sandboxServer));
        QVERIFY(storeToken(pending, m_tokens.pendingServer));
        setUpWebhooks(m_tokens.server);
        m_sandbox.setLatency(400);

        const Run r = check(QStringList{"--all", "--format", "json"} + api());
        QCOMPARE(r.exitCode, 1); // the highest of 0, 1, 1
        const QJsonArray gateways = r.json().value("gateways").toArray();
        QCOMPARE(gateways.size(), 3);
        QMap<QString, QJsonObject> byName;
        for (const QJsonValue &v : gateways)
            byName.insert(v.toObject().value("gateway").toObject().value("name").toString(),
                          v.toObject());
        QCOMPARE(byName.keys(), QStringList({"Main", "Pending", "Sandbox"}));
        QCOMPARE(byName.value("Main").value("result").toString(), QStringLiteral("ok"));
        QCOMPARE(byName.value("Sandbox").value("result").toString(), QStringLiteral("problems"));
        QCOMPARE(byName.value("Pending").value("result").toString(), QStringLiteral("problems"));
        QCOMPARE(byName.value("Sandbox").value("server").toObject().value("deliveryType"),
                 QJsonValue("Sandbox"));
        // Concurrently: one gateway takes 3 rounds of 400 ms (/server, /message-streams, then
        // its webhook lists side by side); 3 gateways one after the other would take 3.6 s.
        QVERIFY2(r.ms < 3000, qPrintable(QString::number(r.ms)));
        m_sandbox.setLatency(0);

        // A gateway that cannot be checked makes the whole run "could not check".
        saveGateway(QStringLiteral("Lost"));
        const Run text = check(QStringList{"--all"} + api());
        QCOMPARE(text.exitCode, 2);
        const QString out = QString::fromUtf8(text.out);
        for (const char *name : {"Lost", "Main", "Pending", "Sandbox"})
            QVERIFY2(out.contains(QStringLiteral("‘%1’").arg(QLatin1String(name))), name);
        QVERIFY(out.contains("token-missing"));
        const Run md = check(QStringList{"--all", "--format", "markdown"} + api());
        QCOMPARE(md.exitCode, 2);
        QCOMPARE(QString::fromUtf8(md.out).count("\n## "), 3); // 4 sections, the first at 0
        for (const QString &token :
             {m_tokens.server, m_tokens.sandboxServer, m_tokens.pendingServer})
            QVERIFY(!(text.all() + md.all() + r.all()).contains(token));
    }
};

QTEST_GUILESS_MAIN(TestCheckCommand)
#include "tst_checkcommand.moc"
