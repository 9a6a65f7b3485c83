// Parsing JSON shaped like Postmark's: nulls, missing fields, wrong types, odd spellings.
#include "postmarkjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Postmark;

// Fixtures write "//" as "\/\/" (valid JSON): moc reads "//" in a raw string as a comment.
static QJsonObject json(const char *text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return doc.object();
}

class TestPostmarkJson : public QObject
{
    Q_OBJECT
private slots:
    void serverFull()
    {
        const auto s = PostmarkJson::parseServer(json(R"({
            "ID": 1, "Name": "Staging Testing", "ApiTokens": ["secret"], "Color": "red",
            "SmtpApiActivated": true, "RawEmailEnabled": false, "DeliveryType": "Live",
            "ServerLink": "https:\/\/account.postmarkapp.com\/servers\/1\/streams",
            "InboundAddress": "yourhash@inbound.postmarkapp.com", "InboundHookUrl": "http:\/\/hooks.example.com\/inbound",
            "BounceHookUrl": null, "OpenHookUrl": null, "DeliveryHookUrl": null,
            "PostFirstOpenOnly": false, "InboundDomain": "", "TrackOpens": false, "TrackLinks": "None"})"));
        QVERIFY(s);
        QCOMPARE(s->id, 1);
        QCOMPARE(s->name, QStringLiteral("Staging Testing"));
        QCOMPARE(s->color, QStringLiteral("Red"));
        QCOMPARE(s->deliveryType, QStringLiteral("Live"));
        QCOMPARE(s->inboundHookUrl, QStringLiteral("http://hooks.example.com/inbound"));
        QVERIFY(s->bounceHookUrl.isEmpty());
        QVERIFY(s->clickHookUrl.isEmpty()); // missing
        QVERIFY(!s->isSandboxDelivery());
    }

    void serverColors_data()
    {
        QTest::addColumn<QString>("raw");
        QTest::addColumn<QString>("expected");
        QTest::newRow("spec's misspelling") << "turqoise"
                                            << "Turquoise";
        QTest::newRow("docs") << "Turquoise"
                              << "Turquoise";
        QTest::newRow("upper") << "TURQUOISE"
                               << "Turquoise";
        QTest::newRow("purple") << "purple"
                                << "Purple";
        QTest::newRow("empty") << ""
                               << "";
    }
    void serverColors()
    {
        QFETCH(QString, raw);
        QFETCH(QString, expected);
        QCOMPARE(PostmarkJson::normalizedColor(raw), expected);
    }

    void serverLenient()
    {
        // ID as a string, no DeliveryType (older answers), Color null.
        const auto s =
            PostmarkJson::parseServer(json(R"({"ID": "42", "Name": "X", "Color": null})"));
        QVERIFY(s);
        QCOMPARE(s->id, 42);
        QCOMPARE(s->deliveryType, QStringLiteral("Live"));
        QVERIFY(s->color.isEmpty());
        const auto sandbox =
            PostmarkJson::parseServer(json(R"({"ID": 7, "Name": "S", "DeliveryType": "sandbox"})"));
        QVERIFY(sandbox && sandbox->isSandboxDelivery());
    }

    void serverRejected_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << "{}";
        QTest::newRow("no name") << R"({"ID": 1})";
        QTest::newRow("name not string") << R"({"ID": 1, "Name": 5})";
        QTest::newRow("id null") << R"({"ID": null, "Name": "x"})";
        QTest::newRow("id fraction") << R"({"ID": 1.5, "Name": "x"})";
        QTest::newRow("id huge") << R"({"ID": 1e30, "Name": "x"})";
        QTest::newRow("id object") << R"({"ID": {}, "Name": "x"})";
        QTest::newRow("error answer") << R"({"ErrorCode": 10, "Message": "nope"})";
    }
    void serverRejected()
    {
        QFETCH(QString, text);
        QVERIFY(!PostmarkJson::parseServer(json(text.toUtf8().constData())));
    }

    void streams()
    {
        const auto list = PostmarkJson::parseStreamList(json(R"({"MessageStreams": [
            {"ID": "outbound", "ServerID": 123457, "Name": "Transactional Stream",
             "Description": "This is my first transactional stream", "MessageStreamType": "Transactional",
             "CreatedAt": "2020-07-01T00:00:00-04:00", "UpdatedAt": "2020-07-01T00:00:00-04:00",
             "ArchivedAt": null, "ExpectedPurgeDate": null,
             "SubscriptionManagementConfiguration": {"UnsubscribeHandlingType": "None"}},
            {"ID": "old-news", "ServerID": 123457, "Name": "Old", "Description": null,
             "MessageStreamType": "broadcasts", "CreatedAt": "2020-07-02T00:00:00.1234567Z",
             "ArchivedAt": "2020-08-01T10:11:12.0000000-04:00", "ExpectedPurgeDate": "2020-09-15T10:11:12-04:00"},
            {"ID": "mystery", "MessageStreamType": "Carrier pigeon"},
            {"Name": "no id, skipped"},
            "not an object"
        ], "TotalCount": 5})"));
        QVERIFY(list);
        QCOMPARE(list->size(), 3);
        const MessageStream &s = list->at(0);
        QCOMPARE(s.id, QStringLiteral("outbound"));
        QCOMPARE(s.serverId, 123457);
        QCOMPARE(s.type, StreamType::Transactional);
        QVERIFY(!s.isArchived());
        QCOMPARE(s.createdAt.toUTC(), QDateTime(QDate(2020, 7, 1), QTime(4, 0), Qt::UTC));
        QCOMPARE(s.unsubscribeHandling, QStringLiteral("None"));
        const MessageStream &old = list->at(1);
        QCOMPARE(old.type, StreamType::Broadcasts);
        QVERIFY(old.isArchived());
        QVERIFY(old.description.isEmpty());
        QCOMPARE(old.createdAt.toUTC().time().msec(), 123);
        QCOMPARE(old.archivedAt.toUTC(), QDateTime(QDate(2020, 8, 1), QTime(14, 11, 12), Qt::UTC));
        QCOMPARE(list->at(2).type, StreamType::Unknown);

        QVERIFY(!PostmarkJson::parseStreamList(json(R"({"MessageStreams": null})")));
        QVERIFY(!PostmarkJson::parseStreamList(json(R"({"Streams": []})")));
        QCOMPARE(PostmarkJson::parseStreamList(json(R"({"MessageStreams": []})"))->size(), 0);
    }

    void dates_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("utc");
        const QDateTime t(QDate(2014, 2, 17), QTime(12, 25, 1, 417), Qt::UTC);
        QTest::newRow("7 digits, offset") << "2014-02-17T07:25:01.4178645-05:00" << t;
        QTest::newRow("Z") << "2014-02-17T12:25:01.4178645Z" << t;
        QTest::newRow("3 digits") << "2014-02-17T12:25:01.417Z" << t;
        QTest::newRow("no fraction") << "2014-02-17T12:25:01Z" << t.addMSecs(-417);
        QTest::newRow("garbage") << "yesterday" << QDateTime();
    }
    void dates()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, utc);
        const QDateTime parsed = PostmarkJson::parseDateTime(text);
        QCOMPARE(parsed.isValid(), utc.isValid());
        if (utc.isValid())
            QCOMPARE(parsed.toUTC(), utc);
        QVERIFY(!PostmarkJson::parseDateTime(QJsonValue()).isValid());
        QVERIFY(!PostmarkJson::parseDateTime(QJsonValue(12)).isValid());
    }

    void sendResult()
    {
        const auto r = PostmarkJson::parseSendResult(json(R"({"To": "receiver@example.com",
            "SubmittedAt": "2014-02-17T07:25:01.4178645-05:00",
            "MessageID": "0a129aee-e1cd-480d-b08d-4f48548ff48d", "ErrorCode": 0, "Message": "OK"})"));
        QVERIFY(r);
        QCOMPARE(r->messageId, QStringLiteral("0a129aee-e1cd-480d-b08d-4f48548ff48d"));
        QCOMPARE(r->message, QStringLiteral("OK"));
        QVERIFY(r->submittedAt.isValid());
        QVERIFY(!PostmarkJson::parseSendResult(json(R"({"ErrorCode": 0, "Message": "OK"})")));
        QVERIFY(!PostmarkJson::parseSendResult(json(R"({"MessageID": null})")));
    }

    void webhooks()
    {
        const auto list = PostmarkJson::parseWebhookList(json(R"({"Webhooks": [
            {"ID": 1234567, "Url": "https:\/\/www.example.com\/webhook-test-tracking",
             "MessageStream": "outbound", "HttpAuth": {"Username": "user", "Password": "pass"},
             "HttpHeaders": [{"Name": "name", "Value": "value"}],
             "Triggers": {"Open": {"Enabled": true, "PostFirstOpenOnly": false},
                          "Click": {"Enabled": true}, "Delivery": {"Enabled": true},
                          "Bounce": {"Enabled": false, "IncludeContent": false},
                          "SpamComplaint": {"Enabled": false, "IncludeContent": false},
                          "SubscriptionChange": {"Enabled": false}}},
            {"ID": 2, "Url": "https:\/\/x", "Triggers": {"Bounce": {"Enabled": "true"}, "Click": null}},
            {"Url": "no id"}]})"));
        QVERIFY(list);
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(0).id, 1234567);
        QVERIFY(list->at(0).triggers.open && list->at(0).triggers.click
                && !list->at(0).triggers.bounce);
        QVERIFY(list->at(1).triggers.bounce && !list->at(1).triggers.click);
        QVERIFY(!PostmarkJson::parseWebhookList(json(R"({"webhooks": []})")));
    }

    void errorCode()
    {
        QCOMPARE(PostmarkJson::errorCode(json(R"({"ErrorCode": 406})")), std::optional<int>(406));
        QCOMPARE(PostmarkJson::errorCode(json(R"({"ErrorCode": "10"})")), std::optional<int>(10));
        QCOMPARE(PostmarkJson::errorCode(json(R"({"Message": "x"})")), std::nullopt);
    }

    void emailToJson()
    {
        Email e;
        e.from = QStringLiteral("Shop <shop@example.com>");
        e.to = QStringLiteral("a@example.com");
        e.subject = QStringLiteral("Receipt");
        e.htmlBody = QStringLiteral("<b>Thanks</b>");
        e.messageStream = QStringLiteral("purchases");
        e.tag = QStringLiteral("receipt");
        e.metadata.insert(QStringLiteral("order"), QStringLiteral("42"));
        e.headers.append({QStringLiteral("X-Test"), QStringLiteral("1")});
        e.trackOpens = true;
        const QJsonObject o = PostmarkJson::toJson(e);
        QCOMPARE(o.value("From").toString(), e.from);
        QCOMPARE(o.value("MessageStream").toString(), QStringLiteral("purchases"));
        QCOMPARE(o.value("Tag").toString(), QStringLiteral("receipt"));
        QCOMPARE(o.value("Metadata").toObject().value("order").toString(), QStringLiteral("42"));
        QCOMPARE(o.value("Headers").toArray().at(0).toObject().value("Name").toString(),
                 QStringLiteral("X-Test"));
        QCOMPARE(o.value("TrackOpens").toBool(), true);
        QVERIFY(!o.contains("TextBody"));
        QVERIFY(!o.contains("TrackLinks"));
        QVERIFY(!o.contains("Cc"));
    }

    void streamAndWebhookToJson()
    {
        const QJsonObject s = PostmarkJson::toJson(NewMessageStream{
            QStringLiteral("sequences"), QStringLiteral("Sequences"), StreamType::Broadcasts, {}});
        QCOMPARE(s.value("MessageStreamType").toString(), QStringLiteral("Broadcasts"));
        QVERIFY(!s.contains("Description"));
        Webhook w;
        w.url = QStringLiteral("https://hooks.example/pm");
        w.messageStream = QStringLiteral("broadcast");
        w.triggers.bounce = w.triggers.subscriptionChange = true;
        const QJsonObject o = PostmarkJson::toJson(w);
        const QJsonObject t = o.value("Triggers").toObject();
        QVERIFY(t.value("Bounce").toObject().value("Enabled").toBool());
        QVERIFY(!t.value("SpamComplaint").toObject().value("Enabled").toBool());
        QVERIFY(t.value("SubscriptionChange").toObject().value("Enabled").toBool());
        QVERIFY(!o.contains("ID"));
        // What we write, we read back.
        QJsonObject withId = o;
        withId.insert("ID", 9);
        const auto back = PostmarkJson::parseWebhook(withId);
        QVERIFY(back);
        QCOMPARE(back->url, w.url);
        QVERIFY(back->triggers.bounce && back->triggers.subscriptionChange && !back->triggers.open);
    }

    void streamTypeNames()
    {
        for (StreamType t :
             {StreamType::Transactional, StreamType::Broadcasts, StreamType::Inbound})
            QCOMPARE(streamTypeFromName(streamTypeName(t)), t);
        QCOMPARE(streamTypeFromName(QStringLiteral(" transactional ")), StreamType::Transactional);
        QCOMPARE(streamTypeFromName(QStringLiteral("All")), StreamType::Unknown);
    }
};

QTEST_GUILESS_MAIN(TestPostmarkJson)
#include "tst_postmarkjson.moc"
