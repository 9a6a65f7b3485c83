// The mapping rules of PRODUCT.md: which stream each email category may use, what is recommended,
// and which streams to create within Postmark's limit of 10 per server.
#include "streammapping.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace StreamMapping;
using Postmark::MessageStream;
using Postmark::StreamType;

namespace {

MessageStream stream(const QString &id, StreamType type, bool archived = false,
                     const QString &name = {})
{
    MessageStream s;
    s.id = id;
    s.name = name.isEmpty() ? id : name;
    s.type = type;
    if (archived) {
        s.archivedAt = QDateTime(QDate(2024, 1, 2), QTime(3, 4), Qt::UTC);
        s.expectedPurgeDate = s.archivedAt.addDays(45);
    }
    return s;
}

// A new Postmark server's three streams.
QList<MessageStream> freshServer()
{
    return {stream(QStringLiteral("outbound"), StreamType::Transactional, false,
                   QStringLiteral("Default Transactional Stream")),
            stream(QStringLiteral("inbound"), StreamType::Inbound, false,
                   QStringLiteral("Default Inbound Stream")),
            stream(QStringLiteral("broadcast"), StreamType::Broadcasts, false,
                   QStringLiteral("Broadcasts"))};
}

// freshServer() plus transactional streams other1, other2, … up to `total` streams in all
QList<MessageStream> serverWith(int total, bool archivedExtras = false)
{
    QList<MessageStream> streams = freshServer();
    for (int i = 1; streams.size() < total; ++i)
        streams.append(
            stream(QStringLiteral("other%1").arg(i), StreamType::Transactional, archivedExtras));
    return streams;
}

QStringList ids(const QList<Postmark::NewMessageStream> &streams)
{
    QStringList result;
    for (const auto &s : streams)
        result.append(s.id);
    return result;
}

QStringList ids(const QList<MessageStream> &streams)
{
    QStringList result;
    for (const auto &s : streams)
        result.append(s.id);
    return result;
}

QList<MessageStream> afterPlan(const QList<MessageStream> &streams, const Plan &plan)
{
    QList<MessageStream> result = streams;
    for (const auto &s : plan.toCreate)
        result.append(stream(s.id, s.type, false, s.name));
    return result;
}

const EmailCategory &cat(const char *id)
{
    const EmailCategory *c = EmailCategory::find(QLatin1String(id));
    if (!c)
        qFatal("no category %s", id);
    return *c;
}

const QStringList allCategoryIds{"purchases",     "memberships", "optins",   "helpdesk",
                                 "notifications", "broadcasts",  "sequences"};

} // namespace

class TestStreamMapping : public QObject
{
    Q_OBJECT
private slots:
    void categories()
    {
        const QList<EmailCategory> &all = EmailCategory::all();
        QCOMPARE(all.size(), 7);
        QStringList seen;
        for (const EmailCategory &c : all) {
            seen.append(c.id);
            QVERIFY(!c.name.isEmpty());
            QVERIFY(!c.examples.isEmpty());
            QCOMPARE(EmailCategory::find(c.id), &c);
            QCOMPARE(c.hasDedicatedStream(), !c.dedicatedStreamName.isEmpty());
        }
        QCOMPARE(seen, allCategoryIds);

        QCOMPARE(cat("purchases").name, QStringLiteral("Purchases & receipts"));
        QCOMPARE(cat("purchases").examples,
                 QStringLiteral("receipts, invoices, subscription and failed-payment notices"));
        QCOMPARE(cat("purchases").dedicatedStreamName, QStringLiteral("Purchases & receipts"));
        for (const char *id : {"purchases", "memberships", "optins", "helpdesk", "notifications"})
            QCOMPARE(cat(id).type, StreamType::Transactional);
        for (const char *id : {"broadcasts", "sequences"})
            QCOMPARE(cat(id).type, StreamType::Broadcasts);
        for (const char *id : {"purchases", "memberships", "optins", "helpdesk", "sequences"})
            QCOMPARE(cat(id).dedicatedStreamId, QLatin1String(id));
        QVERIFY(cat("notifications").dedicatedStreamId.isEmpty());
        QVERIFY(cat("broadcasts").dedicatedStreamId.isEmpty());

        QCOMPARE(EmailCategory::find(QStringLiteral("nope")), nullptr);
        QCOMPARE(EmailCategory::find(QString()), nullptr);
        QCOMPARE(EmailCategory::find(QStringLiteral("Purchases")), nullptr);
    }

    void checkEachStatus()
    {
        const QList<MessageStream> streams{
            stream("outbound", StreamType::Transactional),
            stream("inbound", StreamType::Inbound),
            stream("broadcast", StreamType::Broadcasts),
            stream("old", StreamType::Transactional, true),
            stream("oldnews", StreamType::Broadcasts, true),
            stream("weird", StreamType::Unknown),
        };
        const EmailCategory &purchases = cat("purchases");
        const EmailCategory &sequences = cat("sequences");
        QCOMPARE(check(purchases, "outbound", streams), MappingStatus::Ok);
        QCOMPARE(check(sequences, "broadcast", streams), MappingStatus::Ok);
        QCOMPARE(check(purchases, QString(), streams), MappingStatus::Unmapped);
        QCOMPARE(check(purchases, "purchases", streams), MappingStatus::Missing);
        QCOMPARE(check(purchases, "OUTBOUND", streams), MappingStatus::Missing);
        QCOMPARE(check(purchases, "old", streams), MappingStatus::Archived);
        QCOMPARE(check(sequences, "oldnews", streams), MappingStatus::Archived);
        QCOMPARE(check(purchases, "inbound", streams), MappingStatus::Inbound);
        QCOMPARE(check(sequences, "inbound", streams), MappingStatus::Inbound);
        QCOMPARE(check(purchases, "broadcast", streams), MappingStatus::WrongType);
        QCOMPARE(check(sequences, "outbound", streams), MappingStatus::WrongType);
        QCOMPARE(check(purchases, "weird", streams), MappingStatus::WrongType);
        // Unarchiving would not fix the type: WrongType wins over Archived.
        QCOMPARE(check(purchases, "oldnews", streams), MappingStatus::WrongType);
        QCOMPARE(check(purchases, "outbound", {}), MappingStatus::Missing);
    }

    void statusCodesAndTexts()
    {
        QCOMPARE(statusCode(MappingStatus::Ok), QStringLiteral("ok"));
        QCOMPARE(statusCode(MappingStatus::Unmapped), QStringLiteral("category-unmapped"));
        QCOMPARE(statusCode(MappingStatus::Missing), QStringLiteral("stream-missing"));
        QCOMPARE(statusCode(MappingStatus::Archived), QStringLiteral("stream-archived"));
        QCOMPARE(statusCode(MappingStatus::Inbound), QStringLiteral("stream-inbound"));
        QCOMPARE(statusCode(MappingStatus::WrongType), QStringLiteral("stream-wrong-type"));

        const EmailCategory &purchases = cat("purchases");
        QCOMPARE(statusText(MappingStatus::Ok, purchases, "outbound"), QStringLiteral("Ready"));
        QCOMPARE(statusLabel(MappingStatus::Ok), QStringLiteral("Ready"));
        QSet<QString> labels;
        for (MappingStatus s :
             {MappingStatus::Unmapped, MappingStatus::Missing, MappingStatus::Archived,
              MappingStatus::Inbound, MappingStatus::WrongType}) {
            const QString text = statusText(s, purchases, "xyz");
            QVERIFY2(text.size() > 40, qPrintable(text));
            QVERIFY2(text.contains(QStringLiteral("Pick")), qPrintable(text)); // what to do
            if (s != MappingStatus::Unmapped)
                QVERIFY2(text.contains(QStringLiteral("‘xyz’")), qPrintable(text));
            QVERIFY(!statusLabel(s).isEmpty());
            labels.insert(statusLabel(s));
        }
        QCOMPARE(labels.size(), 5);
        QVERIFY(statusText(MappingStatus::Unmapped, purchases, {})
                    .contains(QStringLiteral("Purchases & receipts")));

        const QString wrong = statusText(MappingStatus::WrongType, purchases, "broadcast");
        QVERIFY2(wrong.startsWith(QStringLiteral(
                     "‘broadcast’ is a Broadcasts stream: Purchases & receipts are transactional")),
                 qPrintable(wrong));
        QVERIFY(wrong.contains(QStringLiteral("Postmark pauses servers")));
        QVERIFY(wrong.endsWith(QStringLiteral("Pick a Transactional stream.")));

        const QString marketing =
            statusText(MappingStatus::WrongType, cat("broadcasts"), "outbound");
        QVERIFY(marketing.startsWith(QStringLiteral("‘outbound’ is a Transactional stream")));
        QVERIFY(marketing.endsWith(QStringLiteral("Pick a Broadcasts stream.")));

        // With the streams, the text names the stream's real type.
        const QString unknown = statusText(MappingStatus::WrongType, purchases, "weird",
                                           {stream("weird", StreamType::Unknown)});
        QVERIFY2(!unknown.contains(QStringLiteral("Broadcasts stream")), qPrintable(unknown));
        QVERIFY(unknown.endsWith(QStringLiteral("Pick a Transactional stream.")));
    }

    void defaultStreamPreferences()
    {
        QCOMPARE(defaultStreamId(StreamType::Transactional, freshServer()),
                 QStringLiteral("outbound"));
        QCOMPARE(defaultStreamId(StreamType::Broadcasts, freshServer()),
                 QStringLiteral("broadcast"));
        QCOMPARE(defaultStreamId(StreamType::Inbound, freshServer()), QStringLiteral("inbound"));
        QCOMPARE(defaultStreamId(StreamType::Broadcasts, {}), QString());

        // "outbound" and "broadcast" are preferred over streams earlier in ID order.
        const QList<MessageStream> more{stream("zeta", StreamType::Transactional),
                                        stream("outbound", StreamType::Transactional),
                                        stream("alpha", StreamType::Transactional),
                                        stream("aaa", StreamType::Broadcasts),
                                        stream("broadcast", StreamType::Broadcasts)};
        QCOMPARE(defaultStreamId(StreamType::Transactional, more), QStringLiteral("outbound"));
        QCOMPARE(defaultStreamId(StreamType::Broadcasts, more), QStringLiteral("broadcast"));

        // Without them (or with them archived or of another type): the first usable in ID order.
        const QList<MessageStream> other{stream("zeta", StreamType::Broadcasts),
                                         stream("broadcast", StreamType::Broadcasts, true),
                                         stream("news", StreamType::Broadcasts),
                                         stream("abc", StreamType::Broadcasts, true),
                                         stream("outbound", StreamType::Broadcasts),
                                         stream("mail", StreamType::Transactional)};
        QCOMPARE(defaultStreamId(StreamType::Broadcasts, other), QStringLiteral("news"));
        QCOMPARE(defaultStreamId(StreamType::Transactional, other), QStringLiteral("mail"));
        QCOMPARE(defaultStreamId(StreamType::Transactional,
                                 {stream("x", StreamType::Transactional, true)}),
                 QString());

        // A category's dedicated stream is no default: campaigns must not go through
        // "sequences" because the server's Broadcasts stream has another name.
        const QList<MessageStream> named{stream("sequences", StreamType::Broadcasts),
                                         stream("weekly-news", StreamType::Broadcasts),
                                         stream("helpdesk", StreamType::Transactional),
                                         stream("mail", StreamType::Transactional)};
        QCOMPARE(defaultStreamId(StreamType::Broadcasts, named), QStringLiteral("weekly-news"));
        QCOMPARE(defaultStreamId(StreamType::Transactional, named), QStringLiteral("mail"));
        QCOMPARE(recommended(named).value(QStringLiteral("broadcasts")),
                 QStringLiteral("weekly-news"));
        QCOMPARE(recommended(named).value(QStringLiteral("sequences")),
                 QStringLiteral("sequences"));
        // ...unless nothing else of the type exists.
        QCOMPARE(
            defaultStreamId(StreamType::Broadcasts, {stream("sequences", StreamType::Broadcasts)}),
            QStringLiteral("sequences"));
    }

    void recommendedOnFreshServer()
    {
        const Mapping m = recommended(freshServer());
        QStringList sortedIds = allCategoryIds;
        sortedIds.sort();
        QCOMPARE(m.keys(), sortedIds);
        for (const char *id : {"purchases", "memberships", "optins", "helpdesk", "notifications"})
            QCOMPARE(m.value(id), QStringLiteral("outbound"));
        QCOMPARE(m.value("broadcasts"), QStringLiteral("broadcast"));
        QCOMPARE(m.value("sequences"), QStringLiteral("broadcast"));
        QVERIFY(isComplete(m, freshServer()));
    }

    void recommendedWithDedicatedStreams()
    {
        QList<MessageStream> streams = freshServer();
        for (const char *id : {"purchases", "memberships", "optins", "helpdesk"})
            streams.append(stream(id, StreamType::Transactional));
        streams.append(stream("sequences", StreamType::Broadcasts));
        const Mapping m = recommended(streams);
        for (const char *id : {"purchases", "memberships", "optins", "helpdesk", "sequences"})
            QCOMPARE(m.value(id), QLatin1String(id));
        QCOMPARE(m.value("notifications"), QStringLiteral("outbound"));
        QCOMPARE(m.value("broadcasts"), QStringLiteral("broadcast"));
        QVERIFY(isComplete(m, streams));
    }

    void recommendedIgnoresUnusableDedicated()
    {
        QList<MessageStream> streams = freshServer();
        streams.append(stream("purchases", StreamType::Transactional, true)); // archived
        streams.append(stream("memberships", StreamType::Broadcasts));        // wrong type
        streams.append(stream("sequences", StreamType::Transactional));       // wrong type
        streams.append(stream("helpdesk", StreamType::Unknown));              // unknown type
        streams.append(stream("optins", StreamType::Transactional));          // fine
        const Mapping m = recommended(streams);
        QCOMPARE(m.value("purchases"), QStringLiteral("outbound"));
        QCOMPARE(m.value("memberships"), QStringLiteral("outbound"));
        QCOMPARE(m.value("helpdesk"), QStringLiteral("outbound"));
        QCOMPARE(m.value("optins"), QStringLiteral("optins"));
        QCOMPARE(m.value("sequences"), QStringLiteral("broadcast"));
        QVERIFY(isComplete(m, streams));
    }

    void recommendedWithoutBroadcastsStream()
    {
        const QList<MessageStream> streams{stream("outbound", StreamType::Transactional),
                                           stream("inbound", StreamType::Inbound)};
        const Mapping m = recommended(streams);
        QCOMPARE(m.size(), 7);
        QCOMPARE(m.value("broadcasts"), QString());
        QCOMPARE(m.value("sequences"), QString());
        QVERIFY(!isComplete(m, streams));
    }

    void planOnFreshServer()
    {
        const QList<MessageStream> streams = freshServer();
        const Plan plan = planRecommendedStreams(streams);
        QCOMPARE(ids(plan.toCreate),
                 (QStringList{"purchases", "memberships", "optins", "helpdesk", "sequences"}));
        QCOMPARE(streams.size() + plan.toCreate.size(), 8);
        for (const auto &s : plan.toCreate) {
            const EmailCategory &c = *EmailCategory::find(s.id);
            QCOMPARE(s.type, c.type);
            QCOMPARE(s.name, c.dedicatedStreamName);
        }
        QVERIFY(plan.fallbackCategories.isEmpty());
        QVERIFY(plan.missingDefaults.isEmpty());
        for (const char *id : {"purchases", "memberships", "optins", "helpdesk", "sequences"})
            QCOMPARE(plan.mapping.value(id), QLatin1String(id));
        QCOMPARE(plan.mapping.value("notifications"), QStringLiteral("outbound"));
        QCOMPARE(plan.mapping.value("broadcasts"), QStringLiteral("broadcast"));
        QVERIFY(!isComplete(plan.mapping, streams)); // not until they are created
        QVERIFY(isComplete(plan.mapping, afterPlan(streams, plan)));
        QCOMPARE(plan.mapping, recommended(afterPlan(streams, plan)));

        // Once created, there is nothing more to do.
        const Plan again = planRecommendedStreams(afterPlan(streams, plan));
        QVERIFY(again.isEmpty());
        QVERIFY(again.fallbackCategories.isEmpty());
        QCOMPARE(again.mapping, plan.mapping);
    }

    void planWithRoomForThree()
    {
        const QList<MessageStream> streams = serverWith(7);
        QCOMPARE(streams.size(), 7);
        const Plan plan = planRecommendedStreams(streams);
        QCOMPARE(ids(plan.toCreate), (QStringList{"purchases", "memberships", "optins"}));
        QCOMPARE(plan.fallbackCategories, (QStringList{"helpdesk", "sequences"}));
        QVERIFY(plan.missingDefaults.isEmpty());
        QCOMPARE(plan.mapping.value("purchases"), QStringLiteral("purchases"));
        QCOMPARE(plan.mapping.value("optins"), QStringLiteral("optins"));
        QCOMPARE(plan.mapping.value("helpdesk"), QStringLiteral("outbound"));
        QCOMPARE(plan.mapping.value("notifications"), QStringLiteral("outbound"));
        QCOMPARE(plan.mapping.value("sequences"), QStringLiteral("broadcast"));
        QCOMPARE(plan.mapping.value("broadcasts"), QStringLiteral("broadcast"));
        QVERIFY(isComplete(plan.mapping, afterPlan(streams, plan)));
    }

    void planAtTheLimit_data()
    {
        QTest::addColumn<bool>("archivedExtras");
        QTest::newRow("live streams") << false;
        QTest::newRow("archived streams count too") << true;
    }
    void planAtTheLimit()
    {
        QFETCH(bool, archivedExtras);
        const QList<MessageStream> streams = serverWith(10, archivedExtras);
        const Plan plan = planRecommendedStreams(streams);
        QVERIFY(plan.toCreate.isEmpty());
        QCOMPARE(plan.fallbackCategories,
                 (QStringList{"purchases", "memberships", "optins", "helpdesk", "sequences"}));
        QVERIFY(plan.missingDefaults.isEmpty());
        QCOMPARE(plan.mapping, recommended(freshServer()));
        QVERIFY(isComplete(plan.mapping, streams));

        // Over the limit (a server from before it, or a lower limit): still nothing.
        QVERIFY(planRecommendedStreams(serverWith(12)).toCreate.isEmpty());
        QVERIFY(planRecommendedStreams(freshServer(), 3).toCreate.isEmpty());
        QCOMPARE(planRecommendedStreams(freshServer(), 4).toCreate.size(), 1);
    }

    void planNeverExceedsLimit()
    {
        for (int total = 0; total <= 12; ++total) {
            const QList<MessageStream> streams = serverWith(total);
            const Plan plan = planRecommendedStreams(streams);
            QVERIFY(streams.size() + plan.toCreate.size()
                    <= std::max<qsizetype>(10, streams.size()));
            QCOMPARE(plan.toCreate.size() + plan.fallbackCategories.size(), 5);
        }
    }

    void planSkipsTakenIds()
    {
        QList<MessageStream> streams = freshServer();
        streams.append(stream("purchases", StreamType::Transactional, true)); // archived
        streams.append(stream("sequences", StreamType::Transactional));       // wrong type
        const Plan plan = planRecommendedStreams(streams);
        QCOMPARE(ids(plan.toCreate), (QStringList{"memberships", "optins", "helpdesk"}));
        QCOMPARE(plan.fallbackCategories, (QStringList{"purchases", "sequences"}));
        QCOMPARE(plan.mapping.value("purchases"), QStringLiteral("outbound"));
        QCOMPARE(plan.mapping.value("sequences"), QStringLiteral("broadcast"));
        QCOMPARE(plan.mapping.value("memberships"), QStringLiteral("memberships"));
        QVERIFY(isComplete(plan.mapping, afterPlan(streams, plan)));
    }

    void planWithoutBroadcastsStream()
    {
        // An older server: no Broadcasts stream. The default comes first, then the dedicated ones.
        const QList<MessageStream> streams{stream("outbound", StreamType::Transactional),
                                           stream("inbound", StreamType::Inbound)};
        const Plan plan = planRecommendedStreams(streams);
        QCOMPARE(ids(plan.toCreate),
                 (QStringList{"broadcast", "purchases", "memberships", "optins", "helpdesk",
                              "sequences"}));
        QCOMPARE(plan.toCreate.first().type, StreamType::Broadcasts);
        QCOMPARE(plan.toCreate.first().name, QStringLiteral("Broadcasts"));
        QVERIFY(plan.fallbackCategories.isEmpty());
        QVERIFY(plan.missingDefaults.isEmpty());
        QCOMPARE(plan.mapping.value("broadcasts"), QStringLiteral("broadcast"));
        QCOMPARE(plan.mapping.value("sequences"), QStringLiteral("sequences"));
        QVERIFY(isComplete(plan.mapping, afterPlan(streams, plan)));

        // Room for one: the default; every category of the type shares it.
        const Plan one = planRecommendedStreams(streams, 3);
        QCOMPARE(ids(one.toCreate), QStringList{"broadcast"});
        QCOMPARE(one.fallbackCategories.size(), 5);
        QCOMPARE(one.mapping.value("sequences"), QStringLiteral("broadcast"));
        QVERIFY(isComplete(one.mapping, afterPlan(streams, one)));

        // "broadcast" taken by an archived stream: the next candidate ID.
        QList<MessageStream> archived = streams;
        archived.append(stream("broadcast", StreamType::Broadcasts, true));
        const Plan taken = planRecommendedStreams(archived, 4);
        QCOMPARE(ids(taken.toCreate), QStringList{"broadcasts"});
        QCOMPARE(taken.mapping.value("broadcasts"), QStringLiteral("broadcasts"));
        QVERIFY(isComplete(taken.mapping, afterPlan(archived, taken)));

        // No room at all: the type has no default, its categories stay unmapped.
        const Plan none = planRecommendedStreams(streams, 2);
        QVERIFY(none.toCreate.isEmpty());
        QCOMPARE(none.missingDefaults, QStringList{"Broadcasts"});
        QCOMPARE(none.mapping.value("broadcasts"), QString());
        QCOMPARE(none.mapping.value("sequences"), QString());
        QCOMPARE(none.mapping.value("purchases"), QStringLiteral("outbound"));
        QVERIFY(!isComplete(none.mapping, streams));
        QCOMPARE(problemCount(none.mapping, streams), 2);
    }

    void planWithoutAnyStream()
    {
        const Plan plan = planRecommendedStreams({});
        QCOMPARE(ids(plan.toCreate),
                 (QStringList{"outbound", "broadcast", "purchases", "memberships", "optins",
                              "helpdesk", "sequences"}));
        QVERIFY(plan.missingDefaults.isEmpty());
        QVERIFY(isComplete(plan.mapping, afterPlan({}, plan)));

        const Plan none = planRecommendedStreams({}, 0);
        QCOMPARE(none.missingDefaults, (QStringList{"Transactional", "Broadcasts"}));
        QCOMPARE(problemCount(none.mapping, {}), 7);
    }

    void createdIdsObeyPostmarkRules()
    {
        static const QRegularExpression rule(QStringLiteral("^[a-z][a-z0-9_-]{0,29}$"));
        QList<QList<MessageStream>> servers{freshServer(), serverWith(7), {}};
        servers.append({stream("outbound", StreamType::Transactional),
                        stream("broadcast", StreamType::Inbound)});
        for (const QList<MessageStream> &streams : servers) {
            const Plan plan = planRecommendedStreams(streams);
            QSet<QString> seen;
            for (const QString &id : ids(streams))
                seen.insert(id);
            for (const auto &s : plan.toCreate) {
                QVERIFY2(rule.match(s.id).hasMatch(), qPrintable(s.id));
                QVERIFY(!s.id.startsWith(QStringLiteral("pm-")));
                QVERIFY(s.id != QStringLiteral("all"));
                QVERIFY2(!seen.contains(s.id), qPrintable(s.id)); // Postmark error 1230
                seen.insert(s.id);
                QVERIFY(!s.name.isEmpty());
                QVERIFY(s.name.size() <= 100);
                QVERIFY(s.type == StreamType::Transactional || s.type == StreamType::Broadcasts);
            }
        }
    }

    void completeness()
    {
        const QList<MessageStream> streams = freshServer();
        Mapping m = recommended(streams);
        QVERIFY(isComplete(m, streams));
        QCOMPARE(problemCount(m, streams), 0);
        m.insert(QStringLiteral("extra"), QStringLiteral("whatever")); // unknown keys are ignored
        QVERIFY(isComplete(m, streams));
        m.remove(QStringLiteral("helpdesk"));
        QVERIFY(!isComplete(m, streams));
        m = recommended(streams);
        m.insert(QStringLiteral("broadcasts"), QStringLiteral("outbound"));
        QVERIFY(!isComplete(m, streams));
        m.insert(QStringLiteral("purchases"), QStringLiteral("inbound"));
        QCOMPARE(problemCount(m, streams), 2);
        QVERIFY(!isComplete({}, streams));
        QVERIFY(!isComplete(recommended(streams), {}));
    }

    void streamChoices()
    {
        QList<MessageStream> streams = freshServer();
        streams.append(stream("alpha", StreamType::Transactional));
        streams.append(stream("purchases", StreamType::Transactional));
        streams.append(stream("old", StreamType::Transactional, true));
        streams.append(stream("news", StreamType::Broadcasts));
        streams.append(stream("weird", StreamType::Unknown));

        QCOMPARE(ids(choices(cat("purchases"), streams)),
                 (QStringList{"purchases", "alpha", "outbound"}));
        QCOMPARE(ids(choices(cat("notifications"), streams)),
                 (QStringList{"outbound", "alpha", "purchases"}));
        QCOMPARE(ids(choices(cat("sequences"), streams)), (QStringList{"broadcast", "news"}));
        QVERIFY(choices(cat("broadcasts"), {}).isEmpty());
    }

    void labels()
    {
        QCOMPARE(streamLabel(stream("broadcast", StreamType::Broadcasts, false, "Broadcasts")),
                 QStringLiteral("Broadcasts (broadcast)"));
        QCOMPARE(streamLabel(stream("x", StreamType::Broadcasts)), QStringLiteral("x"));
        QCOMPARE(streamTypeLabel(StreamType::Transactional), QStringLiteral("Transactional"));
        QCOMPARE(streamTypeLabel(StreamType::Broadcasts), QStringLiteral("Broadcasts"));
    }
};

QTEST_GUILESS_MAIN(TestStreamMapping)
#include "tst_streammapping.moc"
