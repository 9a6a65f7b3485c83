// Drives an in-process PostmarkSandbox over real loopback sockets (QNetworkAccessManager and raw
// QTcpSocket) and checks Postmark's status codes, ErrorCodes, JSON shapes, faults and HTTP
// handling.
#include "sandbox/postmarksandbox.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QUuid>

#include <memory>

using Headers = QList<QPair<QByteArray, QByteArray>>;

struct Result
{
    bool finished = false;
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QJsonObject json;
    bool isJson = false;
    QByteArray contentType;
    QByteArray apiErrorCode;
    QByteArray connection;
    qint64 elapsedMs = 0;

    int errorCode() const { return json.value("ErrorCode").toInt(-1); }
    QString message() const { return json.value("Message").toString(); }
};

// A raw client for what QNetworkAccessManager will not send.
struct RawClient
{
    QTcpSocket socket;
    QByteArray received;

    bool connectTo(quint16 port)
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket,
                         [this] { received += socket.readAll(); });
        QSignalSpy connected(&socket, &QTcpSocket::connected);
        socket.connectToHost(QHostAddress::LocalHost, port);
        return connected.wait(5000);
    }
    bool closed() const { return socket.state() == QAbstractSocket::UnconnectedState; }
    int answers() const { return int(received.count("HTTP/1.1 ")); }
};

class TestPostmarkSandbox : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void faultNamesRoundTrip();
    void demoTokensAndSummary();
    void serverPerTokenKind();
    void unauthorized();
    void accountServers();
    void messageStreamsListing();
    void createStreamRules();
    void archiveAndUnarchive();
    void sendEmailSuccess();
    void sendEmailValidation();
    void sendEmailSignaturesAndRecipients();
    void sendEmailStreams();
    void pendingApproval412();
    void testToken();
    void invalidJson402();
    void jsonHeaders415();
    void unknownPathAndMethod();
    void webhooksCrud();
    void webhookErrors();
    void httpErrorFaults_data();
    void httpErrorFaults();
    void malformedJsonFault();
    void oversizedFault();
    void dropConnectionFault();
    void hangFault();
    void faultCountAndPaths();
    void latency();
    void latencyWithClientGone();
    void keepAlive();
    void connectionClose();
    void adminEndpoints();
    void garbageInput();
    void badHeadersAndBodies();
    void pipelinedRequests();
    void resetRestoresSeed();

private:
    Result request(const QByteArray &verb, const QString &pathAndQuery, const Headers &headers,
                   const QByteArray &body = {}, int transferTimeoutMs = 0);
    Result get(const QString &path, const QString &serverToken);
    Result send(const QByteArray &verb, const QString &path, const QString &serverToken,
                const QJsonObject &body);
    Result post(const QString &path, const QString &serverToken, const QJsonObject &body)
    {
        return send("POST", path, serverToken, body);
    }
    Result sendEmail(const QString &token, const QJsonObject &fields);
    static void settle(int ms) // lets the event loop run for ms
    {
        QTimer timer;
        timer.setSingleShot(true);
        QSignalSpy timeout(&timer, &QTimer::timeout);
        timer.start(ms);
        QVERIFY(timeout.wait(ms + 5000));
    }

    std::unique_ptr<PostmarkSandbox> m_sandbox;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    const PostmarkSandbox::DemoTokens m_tokens = PostmarkSandbox::demoTokens();
};

void TestPostmarkSandbox::init()
{
    m_sandbox = std::make_unique<PostmarkSandbox>();
    QVERIFY2(m_sandbox->listen(), qPrintable(m_sandbox->errorString()));
    QVERIFY(m_sandbox->port() != 0);
    m_nam = std::make_unique<QNetworkAccessManager>();
    m_nam->setProxy(QNetworkProxy::NoProxy);
}

void TestPostmarkSandbox::cleanup()
{
    m_nam.reset();
    m_sandbox.reset();
}

Result TestPostmarkSandbox::request(const QByteArray &verb, const QString &pathAndQuery,
                                    const Headers &headers, const QByteArray &body,
                                    int transferTimeoutMs)
{
    QNetworkRequest req(QUrl(m_sandbox->baseUrl().toString() + pathAndQuery));
    for (const auto &h : headers)
        req.setRawHeader(h.first, h.second);
    if (transferTimeoutMs > 0)
        req.setTransferTimeout(transferTimeoutMs);
    QElapsedTimer timer;
    timer.start();
    std::unique_ptr<QNetworkReply> reply(body.isEmpty() && verb == "GET"
                                             ? m_nam->get(req)
                                             : m_nam->sendCustomRequest(req, verb, body));
    Result r;
    if (!reply->isFinished()) {
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        finished.wait(10000);
    }
    r.finished = reply->isFinished();
    r.elapsedMs = timer.elapsed();
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.error = reply->error();
    if (reply->isOpen())
        r.body = reply->readAll();
    r.contentType = reply->rawHeader("Content-Type");
    r.apiErrorCode = reply->rawHeader("X-PM-ApiErrorCode");
    r.connection = reply->rawHeader("Connection");
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(r.body, &parseError);
    r.isJson = parseError.error == QJsonParseError::NoError && doc.isObject();
    r.json = doc.object();
    return r;
}

Result TestPostmarkSandbox::get(const QString &path, const QString &serverToken)
{
    Headers headers{{"Accept", "application/json"}};
    if (!serverToken.isNull())
        headers.append({"X-Postmark-Server-Token", serverToken.toUtf8()});
    return request("GET", path, headers);
}

Result TestPostmarkSandbox::send(const QByteArray &verb, const QString &path,
                                 const QString &serverToken, const QJsonObject &body)
{
    const Headers headers{{"Accept", "application/json"},
                          {"Content-Type", "application/json"},
                          {"X-Postmark-Server-Token", serverToken.toUtf8()}};
    return request(verb, path, headers, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

Result TestPostmarkSandbox::sendEmail(const QString &token, const QJsonObject &fields)
{
    QJsonObject message{{"From", "Demo Team <hello@demo-marketing.example>"},
                        {"To", "customer@example.net"},
                        {"Subject", "Hello"},
                        {"TextBody", "Hi there"}};
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (it.value().isNull())
            message.remove(it.key());
        else
            message.insert(it.key(), it.value());
    }
    return post("/email", token, message);
}

// ---------------------------------------------------------------------------------------------

void TestPostmarkSandbox::faultNamesRoundTrip()
{
    const QStringList names = PostmarkSandbox::faultNames();
    QCOMPARE(names.size(), 9);
    for (const QString &name : names) {
        const auto fault = PostmarkSandbox::faultFromName(name);
        QVERIFY2(fault.has_value(), qPrintable(name));
        QCOMPARE(PostmarkSandbox::faultName(*fault), name);
    }
    QVERIFY(PostmarkSandbox::faultFromName("HTML-403").has_value());
    QVERIFY(!PostmarkSandbox::faultFromName("404").has_value());
    QVERIFY(!PostmarkSandbox::faultFromName("").has_value());
}

void TestPostmarkSandbox::demoTokensAndSummary()
{
    static const QRegularExpression uuid(
        "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    const QStringList tokens{m_tokens.server, m_tokens.sandboxServer, m_tokens.pendingServer,
                             m_tokens.account};
    for (const QString &t : tokens)
        QVERIFY2(uuid.match(t).hasMatch(), qPrintable(t));
    QCOMPARE(QSet<QString>(tokens.begin(), tokens.end()).size(), 4);
    QCOMPARE(PostmarkSandbox::demoTokens().server, m_tokens.server); // stable

    const QString summary = m_sandbox->demoSummary();
    QVERIFY(summary.contains(m_sandbox->baseUrl().toString()));
    for (const QString &t : tokens)
        QVERIFY(summary.contains(t));
    QVERIFY(summary.contains("hello@demo-marketing.example"));
    QVERIFY(summary.contains("demo-marketing.example"));
    QVERIFY(summary.contains("bounced@demo-marketing.example"));
    QVERIFY(summary.contains("complained@demo-marketing.example"));
    QVERIFY(m_sandbox->baseUrl().toString().startsWith("http://127.0.0.1:"));
}

void TestPostmarkSandbox::serverPerTokenKind()
{
    struct Expect
    {
        QString token;
        int id;
        QString name;
        QString color;
        QString deliveryType;
    };
    const QList<Expect> expected{
        {m_tokens.server, 101, "Demo Marketing", "Turquoise", "Live"},
        {m_tokens.sandboxServer, 102, "Demo Sandbox", "Purple", "Sandbox"},
        {m_tokens.pendingServer, 103, "Pending Approval", "Orange", "Live"},
    };
    for (const Expect &e : expected) {
        const Result r = get("/server", e.token);
        QCOMPARE(r.status, 200);
        QVERIFY(r.isJson);
        QCOMPARE(r.contentType, QByteArray("application/json; charset=utf-8"));
        QVERIFY(r.apiErrorCode.isEmpty());
        const QJsonObject &o = r.json;
        QCOMPARE(o.value("ID").toInt(), e.id);
        QCOMPARE(o.value("Name").toString(), e.name);
        QCOMPARE(o.value("Color").toString(), e.color);
        QCOMPARE(o.value("DeliveryType").toString(), e.deliveryType);
        QCOMPARE(o.value("ApiTokens").toArray(), QJsonArray{e.token});
        QCOMPARE(o.value("ServerLink").toString(),
                 QString("https://account.postmarkapp.com/servers/%1/streams").arg(e.id));
        QCOMPARE(o.value("SmtpApiActivated").toBool(false), true);
        QCOMPARE(o.value("RawEmailEnabled").toBool(true), false);
        const QString hash = o.value("InboundHash").toString();
        QCOMPARE(hash.size(), 32);
        QCOMPARE(o.value("InboundAddress").toString(), hash + "@inbound.postmarkapp.com");
        for (const char *hook :
             {"InboundHookUrl", "BounceHookUrl", "OpenHookUrl", "DeliveryHookUrl", "ClickHookUrl"})
            QVERIFY2(o.value(hook).isNull(), hook);
        QCOMPARE(o.value("InboundDomain").toString("x"), QString());
        QCOMPARE(o.value("InboundSpamThreshold").toInt(), 5);
        QCOMPARE(o.value("TrackOpens").toBool(true), false);
        QCOMPARE(o.value("TrackLinks").toString(), QString("None"));
        QCOMPARE(o.value("PostFirstOpenOnly").toBool(true), false);
        QCOMPARE(o.value("IncludeBounceContentInHook").toBool(false), true);
        QCOMPARE(o.value("EnableSmtpApiErrorHooks").toBool(true), false);
    }
    QCOMPARE(m_sandbox->requestCount("/server"), 3);
}

void TestPostmarkSandbox::unauthorized()
{
    const QString noToken = "Request does not contain a valid Server token.";
    Result r = get("/server", QString());
    QCOMPARE(r.status, 401);
    QCOMPARE(r.errorCode(), 10);
    QCOMPARE(r.message(), noToken);
    QCOMPARE(r.apiErrorCode, QByteArray("10"));

    r = get("/server", QUuid::createUuid().toString(QUuid::WithoutBraces));
    QCOMPARE(r.status, 401);
    QCOMPARE(r.errorCode(), 10);
    QCOMPARE(r.message(), noToken);

    r = get("/server", m_tokens.account); // account token on a server endpoint
    QCOMPARE(r.status, 401);
    QCOMPARE(r.errorCode(), 10);
    QCOMPARE(r.message(), noToken);

    r = get("/message-streams", "POSTMARK_API_TEST");
    QCOMPARE(r.status, 401);
    QCOMPARE(r.errorCode(), 10);

    r = request("GET", "/server",
                {{"Accept", "application/json"},
                 {"X-Postmark-Server-Token", m_tokens.server.toUtf8()},
                 {"X-Postmark-Account-Token", m_tokens.account.toUtf8()}});
    QCOMPARE(r.status, 401);
    QCOMPARE(r.errorCode(), 10);
    QCOMPARE(r.message(),
             QString("Please do not include Account API Token for Server API Token calls"));
}

void TestPostmarkSandbox::accountServers()
{
    const Headers account{{"Accept", "application/json"},
                          {"X-Postmark-Account-Token", m_tokens.account.toUtf8()}};
    Result r = request("GET", "/servers?count=1&offset=0", account);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("TotalCount").toInt(), 3);
    QCOMPARE(r.json.value("Servers").toArray().size(), 1);
    QCOMPARE(r.json.value("Servers").toArray().at(0).toObject().value("ID").toInt(), 101);

    r = request("GET", "/servers?count=100&offset=1", account);
    QCOMPARE(r.status, 200);
    const QJsonArray servers = r.json.value("Servers").toArray();
    QCOMPARE(servers.size(), 2);
    QCOMPARE(servers.at(0).toObject().value("ApiTokens").toArray(),
             QJsonArray{m_tokens.sandboxServer});
    QCOMPARE(servers.at(1).toObject().value("Name").toString(), QString("Pending Approval"));

    r = request("GET", "/servers", account); // count defaults to 100
    QCOMPARE(r.json.value("Servers").toArray().size(), 3);

    const int id = m_sandbox->addServer("Extra", "11111111-2222-4333-8444-555555555555");
    QVERIFY(id > 103);
    r = request("GET", "/servers?count=10&offset=0", account);
    QCOMPARE(r.json.value("TotalCount").toInt(), 4);

    // A server token is not an account token.
    r = request(
        "GET", "/servers?count=1&offset=0",
        {{"Accept", "application/json"}, {"X-Postmark-Account-Token", m_tokens.server.toUtf8()}});
    QCOMPARE(r.status, 401);
    QCOMPARE(r.errorCode(), 10);
    QCOMPARE(r.message(), QString("Request does not contain a valid Account token."));
    r = get("/servers?count=1&offset=0", m_tokens.server);
    QCOMPARE(r.status, 401);
    QCOMPARE(r.errorCode(), 10);
}

void TestPostmarkSandbox::messageStreamsListing()
{
    Result r =
        get("/message-streams?MessageStreamType=All&IncludeArchivedStreams=false", m_tokens.server);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("TotalCount").toInt(), 3);
    const QJsonArray all = r.json.value("MessageStreams").toArray();
    QCOMPARE(all.size(), 3);
    const QJsonObject outbound = all.at(0).toObject();
    QCOMPARE(outbound.value("ID").toString(), QString("outbound"));
    QCOMPARE(outbound.value("ServerID").toInt(), 101);
    QCOMPARE(outbound.value("Name").toString(), QString("Default Transactional Stream"));
    QCOMPARE(outbound.value("MessageStreamType").toString(), QString("Transactional"));
    QVERIFY(outbound.contains("Description"));
    QVERIFY(outbound.value("ArchivedAt").isNull());
    QVERIFY(outbound.value("ExpectedPurgeDate").isNull());
    QVERIFY(
        QDateTime::fromString(outbound.value("CreatedAt").toString(), Qt::ISODateWithMs).isValid());
    QVERIFY(outbound.value("UpdatedAt").isString());
    QCOMPARE(outbound.value("SubscriptionManagementConfiguration")
                 .toObject()
                 .value("UnsubscribeHandlingType")
                 .toString(),
             QString("None"));

    r = get("/message-streams?MessageStreamType=Broadcasts", m_tokens.server);
    QCOMPARE(r.json.value("TotalCount").toInt(), 1);
    const QJsonObject broadcast = r.json.value("MessageStreams").toArray().at(0).toObject();
    QCOMPARE(broadcast.value("ID").toString(), QString("broadcast"));
    QCOMPARE(broadcast.value("Name").toString(), QString("Default Broadcast Stream"));
    QCOMPARE(broadcast.value("SubscriptionManagementConfiguration")
                 .toObject()
                 .value("UnsubscribeHandlingType")
                 .toString(),
             QString("Postmark"));

    r = get("/message-streams?MessageStreamType=Inbound", m_tokens.server);
    QCOMPARE(r.json.value("TotalCount").toInt(), 1);
    QCOMPARE(r.json.value("MessageStreams").toArray().at(0).toObject().value("ID").toString(),
             QString("inbound"));
    r = get("/message-streams?MessageStreamType=Transactional", m_tokens.server);
    QCOMPARE(r.json.value("TotalCount").toInt(), 1);

    QVERIFY(m_sandbox->addStream(m_tokens.server, "old-news", "Old news", "Broadcasts"));
    QVERIFY(m_sandbox->archiveStream(m_tokens.server, "old-news"));
    r = get("/message-streams?MessageStreamType=Broadcasts&IncludeArchivedStreams=false",
            m_tokens.server);
    QCOMPARE(r.json.value("TotalCount").toInt(), 1);
    r = get("/message-streams?MessageStreamType=Broadcasts&IncludeArchivedStreams=true",
            m_tokens.server);
    QCOMPARE(r.json.value("TotalCount").toInt(), 2);
    const QJsonObject archived = r.json.value("MessageStreams").toArray().at(1).toObject();
    QCOMPARE(archived.value("ID").toString(), QString("old-news"));
    QVERIFY(archived.value("ArchivedAt").isString());
    QVERIFY(archived.value("ExpectedPurgeDate").isString());

    r = get("/message-streams/outbound", m_tokens.server);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("ID").toString(), QString("outbound"));
    r = get("/message-streams/nope", m_tokens.server);
    QCOMPARE(r.status, 404);
    QCOMPARE(r.errorCode(), 1226);
    QCOMPARE(r.message(), QString("The message stream for the provided 'ID' was not found."));
    r = get("/message-streams?MessageStreamType=Bogus", m_tokens.server);
    QCOMPARE(r.status, 422);
    QCOMPARE(r.errorCode(), 1221);

    // Each server has its own streams.
    r = get("/message-streams", m_tokens.sandboxServer);
    QCOMPARE(r.json.value("TotalCount").toInt(), 3);
    QCOMPARE(r.json.value("MessageStreams").toArray().at(0).toObject().value("ServerID").toInt(),
             102);
}

void TestPostmarkSandbox::createStreamRules()
{
    const auto create = [this](const QJsonObject &body) {
        return post("/message-streams", m_tokens.server, body);
    };
    Result r = create({{"ID", "newsletter-2"},
                       {"Name", "Newsletter"},
                       {"MessageStreamType", "Broadcasts"},
                       {"Description", "Monthly news"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("ID").toString(), QString("newsletter-2"));
    QCOMPARE(r.json.value("ServerID").toInt(), 101);
    QCOMPARE(r.json.value("Name").toString(), QString("Newsletter"));
    QCOMPARE(r.json.value("Description").toString(), QString("Monthly news"));
    QCOMPARE(r.json.value("MessageStreamType").toString(), QString("Broadcasts"));
    QVERIFY(r.json.value("ArchivedAt").isNull());
    QVERIFY(m_sandbox->streamIds(m_tokens.server).contains("newsletter-2"));

    const auto expectError = [&](const QJsonObject &body, int code) {
        const Result e = create(body);
        if (e.status != 422 || e.errorCode() != code) {
            qWarning() << body << e.status << e.body;
            return false;
        }
        return true;
    };
    QVERIFY(expectError({{"Name", "No ID"}, {"MessageStreamType", "Transactional"}}, 1222));
    QVERIFY(expectError({{"ID", "no-name"}, {"MessageStreamType", "Transactional"}}, 1223));
    QVERIFY(expectError(
        {{"ID", "long-name"}, {"Name", QString(101, 'n')}, {"MessageStreamType", "Transactional"}},
        1224));
    QVERIFY(expectError(
        {{"ID", "second-inbound"}, {"Name", "In"}, {"MessageStreamType", "Inbound"}}, 1228));
    QVERIFY(expectError(
        {{"ID", "weird"}, {"Name", "Weird"}, {"MessageStreamType", "Carrier pigeon"}}, 1221));
    for (const QString &badId :
         {QString("1starts-with-digit"), QString("Upper"), QString("has space"),
          QString("dots.not.ok"), QString(31, 'a'), QString("all")})
        QVERIFY2(
            expectError({{"ID", badId}, {"Name", "Bad"}, {"MessageStreamType", "Transactional"}},
                        1227),
            qPrintable(badId));
    QVERIFY(expectError(
        {{"ID", "pm-mine"}, {"Name", "Reserved"}, {"MessageStreamType", "Transactional"}}, 1233));
    QVERIFY(expectError(
        {{"ID", "outbound"}, {"Name", "Dup"}, {"MessageStreamType", "Transactional"}}, 1230));
    QVERIFY(m_sandbox->archiveStream(m_tokens.server, "newsletter-2"));
    QVERIFY(expectError(
        {{"ID", "newsletter-2"}, {"Name", "Dup of archived"}, {"MessageStreamType", "Broadcasts"}},
        1230));

    // 10 streams at most, archived ones included.
    for (int i = static_cast<int>(m_sandbox->streamIds(m_tokens.server, true).size()); i < 10; ++i)
        QVERIFY(m_sandbox->addStream(m_tokens.server, QString("extra-%1").arg(i), "Extra",
                                     "Transactional"));
    QCOMPARE(m_sandbox->streamIds(m_tokens.server, true).size(), 10);
    r = create(
        {{"ID", "one-too-many"}, {"Name", "Too many"}, {"MessageStreamType", "Transactional"}});
    QCOMPARE(r.status, 422);
    QCOMPARE(r.errorCode(), 1225);
    QCOMPARE(r.message(), QString("You have reached the maximum number of message streams."));
    QCOMPARE(r.apiErrorCode, QByteArray("1225"));
}

void TestPostmarkSandbox::archiveAndUnarchive()
{
    Result r = post("/message-streams/broadcast/archive", m_tokens.server, {});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("ID").toString(), QString("broadcast"));
    QCOMPARE(r.json.value("ServerID").toInt(), 101);
    const QDateTime purge =
        QDateTime::fromString(r.json.value("ExpectedPurgeDate").toString(), Qt::ISODateWithMs);
    QVERIFY(purge.isValid());
    const qint64 days = QDateTime::currentDateTimeUtc().daysTo(purge.toUTC());
    QVERIFY2(days >= 44 && days <= 45, qPrintable(QString::number(days)));
    QCOMPARE(m_sandbox->streamIds(m_tokens.server), QStringList({"outbound", "inbound"}));

    r = get("/message-streams/broadcast", m_tokens.server);
    QVERIFY(r.json.value("ArchivedAt").isString());

    r = post("/message-streams/broadcast/unarchive", m_tokens.server, {});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("ID").toString(), QString("broadcast"));
    QVERIFY(r.json.value("ArchivedAt").isNull());
    QVERIFY(r.json.value("ExpectedPurgeDate").isNull());
    QCOMPARE(m_sandbox->streamIds(m_tokens.server).size(), 3);

    for (const char *id : {"outbound", "inbound"}) {
        r = post(QString("/message-streams/%1/archive").arg(id), m_tokens.server, {});
        QCOMPARE(r.status, 422);
        QCOMPARE(r.errorCode(), 1229);
    }
    r = post("/message-streams/missing/archive", m_tokens.server, {});
    QCOMPARE(r.errorCode(), 1226);

    // With no body and no Content-Type at all, as some clients send it.
    r = request(
        "POST", "/message-streams/broadcast/archive",
        {{"Accept", "application/json"}, {"X-Postmark-Server-Token", m_tokens.server.toUtf8()}});
    QCOMPARE(r.status, 200);
}

void TestPostmarkSandbox::sendEmailSuccess()
{
    Result r =
        sendEmail(m_tokens.server,
                  {{"To", "Customer <customer@example.net>, other@example.org"},
                   {"Cc", "\"Doe, Jane\" <jane@example.com>"},
                   {"HtmlBody", "<p>Hi</p>"},
                   {"Tag", "welcome"},
                   {"TrackOpens", true},
                   {"TrackLinks", "HtmlAndText"},
                   {"Metadata", QJsonObject{{"k", "v"}}},
                   {"Headers", QJsonArray{QJsonObject{{"Name", "X-Test"}, {"Value", "1"}}}}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.errorCode(), 0);
    QCOMPARE(r.message(), QString("OK"));
    QCOMPARE(r.json.value("To").toString(),
             QString("Customer <customer@example.net>, other@example.org"));
    QVERIFY(!QUuid::fromString(r.json.value("MessageID").toString()).isNull());
    const QString submitted = r.json.value("SubmittedAt").toString();
    QVERIFY2(QDateTime::fromString(submitted, Qt::ISODateWithMs).isValid(), qPrintable(submitted));
    QVERIFY(submitted.endsWith("-05:00"));
    QCOMPARE(m_sandbox->sentCount(m_tokens.server), 1);

    // Any address on the verified domain, a bare address, and a Broadcasts stream.
    r = sendEmail(m_tokens.server,
                  {{"From", "news@demo-marketing.example"}, {"MessageStream", "broadcast"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(m_sandbox->sentCount(m_tokens.server), 2);
    const QString firstId = r.json.value("MessageID").toString();
    r = sendEmail(m_tokens.sandboxServer, {});
    QCOMPARE(r.status, 200);
    QVERIFY(r.json.value("MessageID").toString() != firstId);
    QCOMPARE(m_sandbox->sentCount(m_tokens.sandboxServer), 1);
    QCOMPARE(m_sandbox->sentCount(m_tokens.server), 2);
}

void TestPostmarkSandbox::sendEmailValidation()
{
    const auto expect300 = [&](const QJsonObject &fields, const QString &messageStart) {
        const Result r = sendEmail(m_tokens.server, fields);
        if (r.status != 422 || r.errorCode() != 300 || !r.message().startsWith(messageStart)) {
            qWarning() << fields << r.status << r.body;
            return false;
        }
        return true;
    };
    QVERIFY(expect300({{"From", QJsonValue::Null}}, "Invalid 'From' address"));
    QVERIFY(expect300({{"From", "not an address"}}, "Invalid 'From' address"));
    QVERIFY(expect300({{"To", QJsonValue::Null}}, "Zero recipients specified"));
    QVERIFY(expect300({{"To", ""}, {"Cc", ""}}, "Zero recipients specified"));
    QVERIFY(expect300({{"To", "nobody-at-example.net"}}, "Invalid 'To' address"));
    QVERIFY(expect300({{"TextBody", QJsonValue::Null}},
                      "Provide either email TextBody or HtmlBody or both."));
    QStringList many;
    for (int i = 0; i < 51; ++i)
        many << QString("r%1@example.net").arg(i);
    QVERIFY(expect300({{"To", many.mid(0, 30).join(",")}, {"Bcc", many.mid(30).join(",")}},
                      "Maximum of 50"));
    QCOMPARE(m_sandbox->sentCount(m_tokens.server), 0);

    // 50 is fine.
    many.removeLast();
    const Result r = sendEmail(m_tokens.server, {{"To", many.join(", ")}});
    QCOMPARE(r.status, 200);
}

void TestPostmarkSandbox::sendEmailSignaturesAndRecipients()
{
    Result r = sendEmail(m_tokens.server, {{"From", "Someone <someone@unknown.example>"}});
    QCOMPARE(r.status, 422);
    QCOMPARE(r.errorCode(), 400);
    QVERIFY(r.message().startsWith(
        "The 'From' address you supplied (Someone <someone@unknown.example>) is "
        "not a Sender Signature on your account."));
    QCOMPARE(r.apiErrorCode, QByteArray("400"));

    r = sendEmail(m_tokens.server, {{"From", "pending@other.example"}});
    QCOMPARE(r.status, 422);
    QCOMPARE(r.errorCode(), 401);
    QVERIFY(r.message().startsWith("Sender signature not confirmed"));

    m_sandbox->addSenderSignature("pending@other.example", true);
    r = sendEmail(m_tokens.server, {{"From", "pending@other.example"}});
    QCOMPARE(r.status, 200);

    r = sendEmail(m_tokens.server,
                  {{"To", "ok@example.net, Bounced <bounced@demo-marketing.example>"},
                   {"Bcc", "complained@demo-marketing.example"}});
    QCOMPARE(r.status, 422);
    QCOMPARE(r.errorCode(), 406);
    QVERIFY2(r.message().contains("Found inactive addresses: bounced@demo-marketing.example, "
                                  "complained@demo-marketing.example."),
             qPrintable(r.message()));
    QVERIFY(r.message().startsWith(
        "You tried to send to recipient(s) that have been marked as inactive."));

    m_sandbox->addInactiveRecipient("Gone@Example.net");
    r = sendEmail(m_tokens.server, {{"To", "gone@example.net"}});
    QCOMPARE(r.errorCode(), 406);
    QVERIFY(r.message().contains("gone@example.net"));
    QCOMPARE(m_sandbox->sentCount(m_tokens.server), 1);
}

void TestPostmarkSandbox::sendEmailStreams()
{
    Result r = sendEmail(m_tokens.server, {{"MessageStream", "does-not-exist"}});
    QCOMPARE(r.status, 422);
    QCOMPARE(r.errorCode(), 1235);
    QCOMPARE(r.message(), QString("The 'MessageStream' provided does not exist on this server."));

    QVERIFY(m_sandbox->archiveStream(m_tokens.server, "broadcast"));
    r = sendEmail(m_tokens.server, {{"MessageStream", "broadcast"}});
    QCOMPARE(r.errorCode(), 1235);

    r = sendEmail(m_tokens.server, {{"MessageStream", "inbound"}});
    QCOMPARE(r.status, 422);
    QCOMPARE(r.errorCode(), 1236);
    QCOMPARE(r.message(), QString("Sending is not supported on the selected message stream type."));
    QCOMPARE(m_sandbox->sentCount(m_tokens.server), 0);
}

void TestPostmarkSandbox::pendingApproval412()
{
    Result r = sendEmail(m_tokens.pendingServer,
                         {{"To", "colleague@demo-marketing.example, someone@example.net"}});
    QCOMPARE(r.status, 422);
    QCOMPARE(r.errorCode(), 412);
    QCOMPARE(r.message(),
             QString("While your account is pending approval, all recipients must share the "
                     "same domain as the 'From' address."));
    r = sendEmail(m_tokens.pendingServer, {{"To", "colleague@demo-marketing.example"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(m_sandbox->sentCount(m_tokens.pendingServer), 1);
    // The Live server is not restricted.
    r = sendEmail(m_tokens.server, {{"To", "someone@example.net"}});
    QCOMPARE(r.status, 200);
}

void TestPostmarkSandbox::testToken()
{
    Result r =
        sendEmail("POSTMARK_API_TEST",
                  {{"From", "anyone@unsigned.example"}, {"MessageStream", "no-such-stream"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.errorCode(), 0);
    QCOMPARE(r.message(), QString("Test job accepted"));
    QCOMPARE(r.json.value("To").toString(), QString("customer@example.net"));
    QVERIFY(!QUuid::fromString(r.json.value("MessageID").toString()).isNull());
    QVERIFY(r.json.value("SubmittedAt").isString());
    // Still validated.
    r = sendEmail("POSTMARK_API_TEST", {{"TextBody", QJsonValue::Null}});
    QCOMPARE(r.errorCode(), 300);
    r = get("/server", "POSTMARK_API_TEST");
    QCOMPARE(r.status, 401);
    QCOMPARE(r.errorCode(), 10);
    QCOMPARE(m_sandbox->sentCount(m_tokens.server), 0);
}

void TestPostmarkSandbox::invalidJson402()
{
    const Headers headers{{"Accept", "application/json"},
                          {"Content-Type", "application/json"},
                          {"X-Postmark-Server-Token", m_tokens.server.toUtf8()}};
    for (const QByteArray &body :
         {QByteArray("{not json"), QByteArray("[1,2]"), QByteArray("{\"From\": 12}")}) {
        const Result r = request("POST", "/email", headers, body);
        QCOMPARE(r.status, 422);
        QCOMPARE(r.errorCode(), 402);
        QCOMPARE(r.message(), QString("Received invalid JSON input."));
    }
    const Result r = request("POST", "/message-streams", headers, "{\"ID\":");
    QCOMPARE(r.errorCode(), 402);
}

void TestPostmarkSandbox::jsonHeaders415()
{
    Result r = request("GET", "/server", {{"X-Postmark-Server-Token", m_tokens.server.toUtf8()}});
    QCOMPARE(r.status, 415);
    QCOMPARE(r.errorCode(), 409);
    QCOMPARE(r.message(), QString("JSON required"));
    QCOMPARE(r.apiErrorCode, QByteArray("409"));

    r = request("POST", "/email",
                {{"Accept", "application/json"},
                 {"Content-Type", "text/plain"},
                 {"X-Postmark-Server-Token", m_tokens.server.toUtf8()}},
                "{}");
    QCOMPARE(r.status, 415);
    QCOMPARE(r.errorCode(), 409);

    r = request("POST", "/email",
                {{"Accept", "text/html"},
                 {"Content-Type", "application/json"},
                 {"X-Postmark-Server-Token", m_tokens.server.toUtf8()}},
                "{}");
    QCOMPARE(r.status, 415);
    // Parameters and case are fine.
    r = request("GET", "/server",
                {{"Accept", "Application/JSON; charset=utf-8"},
                 {"X-Postmark-Server-Token", m_tokens.server.toUtf8()}});
    QCOMPARE(r.status, 200);
}

void TestPostmarkSandbox::unknownPathAndMethod()
{
    Result r = get("/no/such/thing", m_tokens.server);
    QCOMPARE(r.status, 404);
    QCOMPARE(r.errorCode(), 404);
    QCOMPARE(r.message(), QString("The requested resource was not found."));
    r = get("/email/batch/x", m_tokens.server);
    QCOMPARE(r.status, 404);

    r = send("DELETE", "/server", m_tokens.server, {});
    QCOMPARE(r.status, 405);
    QVERIFY(r.isJson);
    r = get("/email", m_tokens.server);
    QCOMPARE(r.status, 405);
    QCOMPARE(m_sandbox->requestCount("/no/such/thing"), 1);
}

void TestPostmarkSandbox::webhooksCrud()
{
    const QJsonObject triggers{
        {"Open", QJsonObject{{"Enabled", true}, {"PostFirstOpenOnly", true}}},
        {"Bounce", QJsonObject{{"Enabled", true}, {"IncludeContent", true}}},
        {"SpamComplaint", QJsonObject{{"Enabled", true}, {"IncludeContent", false}}},
    };
    Result r = post("/webhooks", m_tokens.server,
                    {{"Url", "https://crm.example.com/postmark/events"},
                     {"MessageStream", "outbound"},
                     {"HttpAuth", QJsonObject{{"Username", "user"}, {"Password", "secret"}}},
                     {"HttpHeaders", QJsonArray{QJsonObject{{"Name", "X-Key"}, {"Value", "v"}}}},
                     {"Triggers", triggers}});
    QCOMPARE(r.status, 200);
    const int id = r.json.value("ID").toInt();
    QVERIFY(id > 0);
    QCOMPARE(r.json.value("Url").toString(), QString("https://crm.example.com/postmark/events"));
    QCOMPARE(r.json.value("MessageStream").toString(), QString("outbound"));
    QCOMPARE(r.json.value("HttpAuth").toObject().value("Username").toString(), QString("user"));
    QCOMPARE(r.json.value("HttpHeaders").toArray().size(), 1);
    QJsonObject t = r.json.value("Triggers").toObject();
    QCOMPARE(t.value("Open").toObject().value("Enabled").toBool(), true);
    QCOMPARE(t.value("Open").toObject().value("PostFirstOpenOnly").toBool(), true);
    QCOMPARE(t.value("Click").toObject().value("Enabled").toBool(true), false);
    QCOMPARE(t.value("Delivery").toObject().value("Enabled").toBool(true), false);
    QCOMPARE(t.value("Bounce").toObject().value("IncludeContent").toBool(), true);
    QCOMPARE(t.value("SpamComplaint").toObject().value("Enabled").toBool(), true);
    QCOMPARE(t.value("SubscriptionChange").toObject().value("Enabled").toBool(true), false);

    r = post("/webhooks", m_tokens.server,
             {{"Url", "http://crm.example.com/broadcast"},
              {"MessageStream", "broadcast"},
              {"Triggers", QJsonObject{{"SubscriptionChange", QJsonObject{{"Enabled", true}}}}}});
    QCOMPARE(r.status, 200);
    const int second = r.json.value("ID").toInt();
    QVERIFY(second != id);
    r = post("/webhooks", m_tokens.server, {{"Url", "https://crm.example.com/default"}});
    QCOMPARE(r.json.value("MessageStream").toString(), QString("outbound")); // default stream
    QCOMPARE(m_sandbox->webhookCount(m_tokens.server), 3);
    QCOMPARE(m_sandbox->webhookCount(m_tokens.sandboxServer), 0);

    r = get("/webhooks?MessageStream=outbound", m_tokens.server);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("Webhooks").toArray().size(), 2);
    r = get("/webhooks?MessageStream=broadcast", m_tokens.server);
    QCOMPARE(r.json.value("Webhooks").toArray().size(), 1);
    QCOMPARE(r.json.value("Webhooks").toArray().at(0).toObject().value("ID").toInt(), second);
    r = get("/webhooks", m_tokens.server);
    QCOMPARE(r.json.value("Webhooks").toArray().size(), 3);
    r = get("/webhooks", m_tokens.sandboxServer);
    QCOMPARE(r.json.value("Webhooks").toArray().size(), 0);

    r = get(QString("/webhooks/%1").arg(id), m_tokens.server);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("ID").toInt(), id);
    r = get(QString("/webhooks/%1").arg(id), m_tokens.sandboxServer); // another server's
    QCOMPARE(r.status, 404);
    QCOMPARE(r.errorCode(), 1352);

    r = send("PUT", QString("/webhooks/%1").arg(id), m_tokens.server,
             {{"Url", "https://crm.example.com/v2"},
              {"Triggers",
               QJsonObject{{"Click", QJsonObject{{"Enabled", true}}},
                           {"Open", QJsonObject{{"Enabled", false}}}}}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("Url").toString(), QString("https://crm.example.com/v2"));
    t = r.json.value("Triggers").toObject();
    QCOMPARE(t.value("Click").toObject().value("Enabled").toBool(), true);
    QCOMPARE(t.value("Open").toObject().value("Enabled").toBool(true), false);
    QCOMPARE(t.value("Bounce").toObject().value("Enabled").toBool(), true); // untouched
    QCOMPARE(r.json.value("MessageStream").toString(), QString("outbound"));

    r = send("PUT", "/webhooks/99999", m_tokens.server, {{"Url", "https://x.example.com"}});
    QCOMPARE(r.status, 404);
    QCOMPARE(r.errorCode(), 1352);

    r = request(
        "DELETE", QString("/webhooks/%1").arg(id),
        {{"Accept", "application/json"}, {"X-Postmark-Server-Token", m_tokens.server.toUtf8()}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.errorCode(), 0);
    QCOMPARE(r.message(), QString("Webhook %1 removed.").arg(id));
    QCOMPARE(m_sandbox->webhookCount(m_tokens.server), 2);
    r = get(QString("/webhooks/%1").arg(id), m_tokens.server);
    QCOMPARE(r.status, 404);
    QCOMPARE(r.errorCode(), 1352);
}

void TestPostmarkSandbox::webhookErrors()
{
    const auto create = [this](const QJsonObject &body) {
        return post("/webhooks", m_tokens.server, body);
    };
    Result r = create({{"MessageStream", "outbound"}});
    QCOMPARE(r.status, 422);
    QCOMPARE(r.errorCode(), 1364);
    r = create({{"Url", "ftp://crm.example.com/x"}});
    QCOMPARE(r.errorCode(), 1364);
    r = create({{"Url", "https://unreachable.example.com/hook"}});
    QCOMPARE(r.errorCode(), 1364);
    QVERIFY(r.message().contains("verification failed"));
    r = create({{"Url", "https://crm.example.com/x"}, {"MessageStream", "missing"}});
    QCOMPARE(r.errorCode(), 1226);
    r = create({{"Url", "https://crm.example.com/x"}, {"MessageStream", "inbound"}});
    QCOMPARE(r.errorCode(), 1351);
    QVERIFY(m_sandbox->archiveStream(m_tokens.server, "broadcast"));
    r = create({{"Url", "https://crm.example.com/x"}, {"MessageStream", "broadcast"}});
    QCOMPARE(r.errorCode(), 1350);
    QCOMPARE(m_sandbox->webhookCount(m_tokens.server), 0);

    for (int i = 0; i < 10; ++i) {
        r = create({{"Url", QString("https://crm.example.com/%1").arg(i)}});
        QCOMPARE(r.status, 200);
    }
    r = create({{"Url", "https://crm.example.com/11"}});
    QCOMPARE(r.status, 422);
    QCOMPARE(r.errorCode(), 1359);
    QCOMPARE(m_sandbox->webhookCount(m_tokens.server), 10);
}

void TestPostmarkSandbox::httpErrorFaults_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("errorCode");
    QTest::newRow("500") << "500" << 500 << 101;
    QTest::newRow("503") << "503" << 503 << 100;
    QTest::newRow("429") << "429" << 429 << 429;
    QTest::newRow("html-403") << "html-403" << 403 << -1;
}

void TestPostmarkSandbox::httpErrorFaults()
{
    QFETCH(QString, mode);
    QFETCH(int, status);
    QFETCH(int, errorCode);
    m_sandbox->setFault(*PostmarkSandbox::faultFromName(mode));
    for (const QString &path : {QString("/server"), QString("/message-streams")}) {
        const Result r = get(path, m_tokens.server);
        QCOMPARE(r.status, status);
        if (errorCode >= 0) {
            QVERIFY(r.isJson);
            QCOMPARE(r.errorCode(), errorCode);
            QCOMPARE(r.apiErrorCode, QByteArray::number(errorCode));
            QVERIFY(r.contentType.startsWith("application/json"));
        } else {
            QVERIFY(r.contentType.startsWith("text/html"));
            QVERIFY(!r.isJson);
            QVERIFY(r.body.contains("Access denied"));
            QVERIFY(r.apiErrorCode.isEmpty());
        }
    }
    // The sandbox's own endpoints are never faulted, nor counted.
    const Result stats = request("GET", "/__sandbox/stats", {});
    QCOMPARE(stats.status, 200);
    QCOMPARE(stats.json.value("Fault").toString(), mode);
    QCOMPARE(stats.json.value("Requests").toInt(), 2);
}

void TestPostmarkSandbox::malformedJsonFault()
{
    m_sandbox->setFault(PostmarkSandbox::Fault::MalformedJson, {"/server"});
    const Result r = get("/server", m_tokens.server);
    QCOMPARE(r.status, 200);
    QVERIFY(r.contentType.startsWith("application/json"));
    QVERIFY(!r.body.isEmpty());
    QVERIFY(!r.isJson);
    QJsonParseError error;
    QJsonDocument::fromJson(r.body, &error);
    QVERIFY(error.error != QJsonParseError::NoError);
    QCOMPARE(get("/message-streams", m_tokens.server).status, 200); // other paths unaffected
}

void TestPostmarkSandbox::oversizedFault()
{
    m_sandbox->setFault(PostmarkSandbox::Fault::Oversized, {}, 1);
    Result r = get("/server", m_tokens.server);
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.size() > 3 * 1024 * 1024);
    QVERIFY(r.isJson);
    r = get("/server", m_tokens.server); // count 1: back to normal, on the same connection
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("ID").toInt(), 101);
}

void TestPostmarkSandbox::dropConnectionFault()
{
    m_sandbox->setFault(PostmarkSandbox::Fault::DropConnection, {"/email"});
    const Result r = sendEmail(m_tokens.server, {});
    QVERIFY(r.finished);
    QCOMPARE(r.error, QNetworkReply::RemoteHostClosedError);
    QCOMPARE(r.status, 0);
    QVERIFY(m_sandbox->requestCount("/email") >= 1);
    QCOMPARE(m_sandbox->sentCount(m_tokens.server), 0);

    // Raw: the full request is read, then the socket closes without a byte of answer.
    RawClient raw;
    QVERIFY(raw.connectTo(m_sandbox->port()));
    const QByteArray body = "{}";
    raw.socket.write("POST /email HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n" + body);
    QTRY_VERIFY_WITH_TIMEOUT(raw.closed(), 5000);
    QVERIFY(raw.received.isEmpty());
    QCOMPARE(get("/server", m_tokens.server).status, 200);
}

void TestPostmarkSandbox::hangFault()
{
    m_sandbox->setFault(PostmarkSandbox::Fault::Hang, {"/server"}, 1);
    Result r = request(
        "GET", "/server",
        {{"Accept", "application/json"}, {"X-Postmark-Server-Token", m_tokens.server.toUtf8()}}, {},
        300);
    QVERIFY(r.finished);
    QCOMPARE(r.error, QNetworkReply::OperationCanceledError);
    QVERIFY2(r.elapsedMs >= 250, // QNAM's timeout timer is coarse (up to 5% early)
             qPrintable(QString::number(r.elapsedMs)));
    QCOMPARE(m_sandbox->requestCount("/server"), 1);
    r = get("/server", m_tokens.server);
    QCOMPARE(r.status, 200);
}

void TestPostmarkSandbox::faultCountAndPaths()
{
    m_sandbox->setFault(PostmarkSandbox::Fault::Http500, {"/server"}, 2);
    QCOMPARE(get("/message-streams", m_tokens.server).status,
             200); // not matching: not counted down
    QCOMPARE(get("/server", m_tokens.server).status, 500);
    Result r = request("GET", "/__sandbox/stats", {});
    QCOMPARE(r.json.value("Fault").toString(), QString("500"));
    QCOMPARE(get("/server", m_tokens.server).status, 500);
    QCOMPARE(get("/server", m_tokens.server).status, 200);
    QCOMPARE(get("/server", m_tokens.server).status, 200);
    r = request("GET", "/__sandbox/stats", {});
    QCOMPARE(r.json.value("Fault").toString(), QString("none"));

    // Forever, then cleared.
    m_sandbox->setFault(PostmarkSandbox::Fault::Http503, {"/email", "/webhooks"});
    QCOMPARE(sendEmail(m_tokens.server, {}).status, 503);
    QCOMPARE(sendEmail(m_tokens.server, {}).status, 503);
    QCOMPARE(get("/webhooks", m_tokens.server).status, 503);
    QCOMPARE(get("/server", m_tokens.server).status, 200);
    m_sandbox->clearFault();
    QCOMPARE(sendEmail(m_tokens.server, {}).status, 200);
}

void TestPostmarkSandbox::latency()
{
    m_sandbox->setLatency(300);
    QCOMPARE(m_sandbox->latency(), 300);
    Result r = get("/server", m_tokens.server);
    QCOMPARE(r.status, 200);
    QVERIFY2(r.elapsedMs >= 300, qPrintable(QString::number(r.elapsedMs)));

    // Through the admin endpoint, which itself answers without delay.
    r = request("POST", "/__sandbox/latency", {{"Content-Type", "application/json"}}, "{\"Ms\":0}");
    QCOMPARE(r.status, 200);
    QVERIFY2(r.elapsedMs < 300, qPrintable(QString::number(r.elapsedMs)));
    QCOMPARE(m_sandbox->latency(), 0);
    r = request("POST", "/__sandbox/latency", {{"Content-Type", "application/json"}},
                "{\"Ms\":200}");
    QCOMPARE(r.json.value("LatencyMs").toInt(), 200);
    r = get("/server", m_tokens.server);
    QVERIFY2(r.elapsedMs >= 200, qPrintable(QString::number(r.elapsedMs)));
}

void TestPostmarkSandbox::latencyWithClientGone()
{
    m_sandbox->setLatency(150);
    {
        RawClient raw;
        QVERIFY(raw.connectTo(m_sandbox->port()));
        raw.socket.write("GET /server HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(m_sandbox->requestCount(), 1, 5000);
        raw.socket.abort();
    }
    // The delayed answer finds no socket and is dropped; the sandbox keeps serving.
    settle(250);
    const Result r = get("/server", m_tokens.server);
    QCOMPARE(r.status, 200);
}

void TestPostmarkSandbox::keepAlive()
{
    for (int i = 0; i < 5; ++i) {
        const Result r = get(i % 2 ? "/server" : "/message-streams", m_tokens.server);
        QCOMPARE(r.status, 200);
    }
    QCOMPARE(sendEmail(m_tokens.server, {}).status, 200);
    QCOMPARE(get("/nope", m_tokens.server).status, 404); // errors keep the connection too
    QCOMPARE(get("/server", m_tokens.server).status, 200);
    QCOMPARE(m_sandbox->requestCount(), 8);
    QCOMPARE(m_sandbox->connectionCount(), 1);
    const Result stats = request("GET", "/__sandbox/stats", {});
    QCOMPARE(stats.json.value("Connections").toInt(), 1);
}

void TestPostmarkSandbox::connectionClose()
{
    RawClient raw;
    QVERIFY(raw.connectTo(m_sandbox->port()));
    raw.socket.write("GET /server HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n"
                     "x-postmark-server-token: "
                     + m_tokens.server.toUtf8() + "\r\nConnection: close\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(raw.closed(), 5000);
    QVERIFY(raw.received.startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(raw.received.contains("\r\nConnection: close\r\n"));
    QVERIFY(raw.received.contains("\r\nDate: "));
    QVERIFY(raw.received.contains("\r\nContent-Type: application/json; charset=utf-8\r\n"));
    const int headerEnd = int(raw.received.indexOf("\r\n\r\n"));
    const QByteArray body = raw.received.mid(headerEnd + 4);
    QVERIFY(
        raw.received.contains("\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n"));
    QCOMPARE(QJsonDocument::fromJson(body).object().value("ID").toInt(), 101);

    // HTTP/1.0 closes by default.
    RawClient old;
    QVERIFY(old.connectTo(m_sandbox->port()));
    old.socket.write("GET /__sandbox/stats HTTP/1.0\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(old.closed(), 5000);
    QVERIFY(old.received.startsWith("HTTP/1.1 200 OK"));
}

void TestPostmarkSandbox::adminEndpoints()
{
    QCOMPARE(get("/server", m_tokens.server).status, 200);
    QCOMPARE(get("/server", m_tokens.server).status, 200);
    QCOMPARE(get("/message-streams?MessageStreamType=All", m_tokens.server).status, 200);

    Result r = request("GET", "/__sandbox/stats", {});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("Requests").toInt(), 3);
    QCOMPARE(r.json.value("Connections").toInt(), 1);
    QCOMPARE(r.json.value("Paths").toObject().value("/server").toInt(), 2);
    QCOMPARE(r.json.value("Paths").toObject().value("/message-streams").toInt(), 1);
    QCOMPARE(r.json.value("LatencyMs").toInt(), 0);
    QCOMPARE(r.json.value("Fault").toString(), QString("none"));
    QCOMPARE(m_sandbox->requestCount(), 3);

    const Headers json{{"Content-Type", "application/json"}};
    r = request("POST", "/__sandbox/fault", json,
                R"({"Mode":"500","Paths":["/server"],"Count":1})");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("Fault").toString(), QString("500"));
    QCOMPARE(get("/message-streams", m_tokens.server).status, 200);
    QCOMPARE(get("/server", m_tokens.server).status, 500);
    QCOMPARE(get("/server", m_tokens.server).status, 200);

    r = request("POST", "/__sandbox/fault", json, R"({"Mode":"hang"})");
    QCOMPARE(r.json.value("Fault").toString(), QString("hang"));
    r = request("POST", "/__sandbox/fault", json, R"({"Mode":"none"})");
    QCOMPARE(r.json.value("Fault").toString(), QString("none"));
    r = request("POST", "/__sandbox/fault", json, R"({"Mode":"explode"})");
    QCOMPARE(r.status, 400);
    r = request("POST", "/__sandbox/latency", json, R"({"Ms":-5})");
    QCOMPARE(r.status, 400);
    r = request("GET", "/__sandbox/nothing", {});
    QCOMPARE(r.status, 404);

    QVERIFY(m_sandbox->addStream(m_tokens.server, "extra", "Extra", "Transactional"));
    m_sandbox->setLatency(50);
    r = request("POST", "/__sandbox/reset", {});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("Requests").toInt(), 0);
    QCOMPARE(r.json.value("LatencyMs").toInt(), 0);
    QCOMPARE(m_sandbox->streamIds(m_tokens.server).size(), 3);
    QCOMPARE(m_sandbox->requestCount(), 0);
}

void TestPostmarkSandbox::garbageInput()
{
    const QList<QByteArray> garbage{
        QByteArray("\x00\x01\x02\xff\xfe garbage\r\n\r\n", 18),
        "hello there\r\n\r\n",
        "GET\r\n\r\n",
        "GET /server\r\n\r\n",
        "GET server HTTP/1.1\r\n\r\n",
        "GET /server FTP/1.1\r\n\r\n",
        "get /server HTTP/1.1\r\n\r\n",
        QByteArray(20000, 'A'),
    };
    for (const QByteArray &bytes : garbage) {
        RawClient raw;
        QVERIFY(raw.connectTo(m_sandbox->port()));
        raw.socket.write(bytes);
        QTRY_VERIFY_WITH_TIMEOUT(raw.closed(), 5000);
        QVERIFY2(raw.received.startsWith("HTTP/1.1 400 Bad Request\r\n"),
                 bytes.left(40).toHex().constData());
    }
    RawClient raw;
    QVERIFY(raw.connectTo(m_sandbox->port()));
    raw.socket.write("GET /server HTTP/2.0\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(raw.closed(), 5000);
    QVERIFY(raw.received.startsWith("HTTP/1.1 505 "));

    QCOMPARE(m_sandbox->requestCount(), 0);
    QCOMPARE(get("/server", m_tokens.server).status, 200); // still serving
}

void TestPostmarkSandbox::badHeadersAndBodies()
{
    struct Case
    {
        QByteArray bytes;
        QByteArray statusLine;
    };
    const QList<Case> cases{
        {"GET /server HTTP/1.1\r\nNoColonHere\r\n\r\n", "HTTP/1.1 400 "},
        {"GET /server HTTP/1.1\r\nBad Name: x\r\n\r\n", "HTTP/1.1 400 "},
        {"POST /email HTTP/1.1\r\nContent-Length: abc\r\n\r\n", "HTTP/1.1 400 "},
        {"POST /email HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", "HTTP/1.1 400 "},
        {"POST /email HTTP/1.1\r\nContent-Length: 10485761\r\n\r\n", "HTTP/1.1 413 "},
        {"POST /email HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
         "HTTP/1.1 413 "},
    };
    for (const Case &c : cases) {
        RawClient raw;
        QVERIFY(raw.connectTo(m_sandbox->port()));
        raw.socket.write(c.bytes);
        QTRY_VERIFY_WITH_TIMEOUT(raw.closed(), 5000);
        QVERIFY2(raw.received.startsWith(c.statusLine), c.bytes.constData());
    }
    // A body that arrives in pieces.
    RawClient raw;
    QVERIFY(raw.connectTo(m_sandbox->port()));
    const QByteArray body = QJsonDocument(QJsonObject{{"ID", "split-body"},
                                                      {"Name", "Split"},
                                                      {"MessageStreamType", "Transactional"}})
                                .toJson(QJsonDocument::Compact);
    raw.socket.write("POST /message-streams HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n"
                     "Content-Type: application/json\r\nX-Postmark-Server-Token: "
                     + m_tokens.server.toUtf8() + "\r\nContent-Length: "
                     + QByteArray::number(body.size()) + "\r\n\r\n" + body.left(10));
    QTRY_COMPARE_WITH_TIMEOUT(m_sandbox->connectionCount(), int(cases.size()) + 1, 5000);
    settle(50);
    QVERIFY(raw.received.isEmpty());
    raw.socket.write(body.mid(10));
    QTRY_VERIFY_WITH_TIMEOUT(raw.received.contains("split-body"), 5000);
    QVERIFY(raw.received.startsWith("HTTP/1.1 200 OK"));
    QVERIFY(!raw.closed());
    QVERIFY(m_sandbox->streamIds(m_tokens.server).contains("split-body"));
}

void TestPostmarkSandbox::pipelinedRequests()
{
    m_sandbox->setLatency(30); // answers in order even when delayed
    RawClient raw;
    QVERIFY(raw.connectTo(m_sandbox->port()));
    const QByteArray token = m_tokens.server.toUtf8();
    raw.socket.write("GET /server HTTP/1.1\r\nAccept: application/json\r\nX-Postmark-Server-Token: "
                     + token
                     + "\r\n\r\nGET /nope HTTP/1.1\r\nAccept: application/json\r\n"
                       "X-Postmark-Server-Token: "
                     + token
                     + "\r\n\r\nGET /message-streams HTTP/1.1\r\nAccept: application/json\r\n"
                       "X-Postmark-Server-Token: "
                     + token + "\r\nConnection: close\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(raw.closed(), 5000);
    QCOMPARE(raw.answers(), 3);
    const int first = int(raw.received.indexOf("HTTP/1.1 200"));
    const int second = int(raw.received.indexOf("HTTP/1.1 404"));
    const int third = int(raw.received.indexOf("HTTP/1.1 200", second));
    QVERIFY(first == 0 && second > first && third > second);
    QVERIFY(raw.received.contains("X-PM-ApiErrorCode: 404"));
    QCOMPARE(m_sandbox->requestCount(), 3);
    QCOMPARE(m_sandbox->connectionCount(), 1);
}

void TestPostmarkSandbox::resetRestoresSeed()
{
    QVERIFY(m_sandbox->addStream(m_tokens.server, "extra", "Extra", "Broadcasts"));
    QVERIFY(!m_sandbox->addStream(m_tokens.server, "extra", "Dup", "Broadcasts"));
    QVERIFY(!m_sandbox->addStream("unknown-token", "x", "X", "Broadcasts"));
    QCOMPARE(sendEmail(m_tokens.server, {}).status, 200);
    QCOMPARE(post("/webhooks", m_tokens.server, {{"Url", "https://a.example.com"}}).status, 200);
    m_sandbox->addInactiveRecipient("customer@example.net");
    m_sandbox->setFault(PostmarkSandbox::Fault::Http500);
    m_sandbox->setLatency(10);

    m_sandbox->reset();
    QCOMPARE(m_sandbox->streamIds(m_tokens.server),
             QStringList({"outbound", "inbound", "broadcast"}));
    QCOMPARE(m_sandbox->sentCount(m_tokens.server), 0);
    QCOMPARE(m_sandbox->webhookCount(m_tokens.server), 0);
    QCOMPARE(m_sandbox->requestCount(), 0);
    QCOMPARE(m_sandbox->connectionCount(), 0);
    QCOMPARE(m_sandbox->latency(), 0);
    QCOMPARE(sendEmail(m_tokens.server, {}).status, 200); // no longer inactive, no fault

    m_sandbox->close();
    QVERIFY(!m_sandbox->isListening());
    QVERIFY(m_sandbox->listen());
    QCOMPARE(get("/server", m_tokens.server).status, 200);
}

QTEST_GUILESS_MAIN(TestPostmarkSandbox)
#include "tst_postmarksandbox.moc"
