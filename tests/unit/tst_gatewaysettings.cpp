#include "gatewaysettings.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace {

GatewayConfig fullConfig()
{
    GatewayConfig c;
    c.name = QStringLiteral("Postmark – main");
    c.provider = QStringLiteral("postmark");
    c.serverId = 123456;
    c.serverName = QStringLiteral("My \"Store\"; server, EU");
    c.deliveryType = QStringLiteral("Live");
    c.senderName = QStringLiteral("Ünïcode Shop, Inc.");
    c.fromAddress = QStringLiteral("news@example.com");
    c.replyTo = QStringLiteral("support@example.com");
    c.mapping = {
        {QStringLiteral("purchases"), QStringLiteral("purchases")},
        {QStringLiteral("broadcasts"), QStringLiteral("broadcast")},
        {QStringLiteral("notifications"), QStringLiteral("outbound")},
        {QStringLiteral("future-category"), QStringLiteral("future-stream")},
    };
    c.webhookUrl = QStringLiteral("https://platform.example.com/webhooks/postmark?a=1&b=2");
    return c;
}

GatewayConfig named(const QString &name)
{
    GatewayConfig c;
    c.name = name;
    return c;
}

QByteArray fileContents(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

bool writeFile(const QString &path, const QByteArray &data, QIODevice::OpenMode extra = {})
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | extra))
        return false;
    return f.write(data) == data.size();
}

QByteArray garbage(quint32 seed, int size)
{
    QRandomGenerator rng(seed);
    QByteArray bytes(size, '\0');
    for (char &b : bytes)
        b = char(rng.bounded(256));
    return bytes;
}

} // namespace

class TestGatewaySettings : public QObject
{
    Q_OBJECT
private slots:
    void fileLocation()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        GatewaySettings settings(dir.path());
        QCOMPARE(settings.fileName(), dir.path() + QStringLiteral("/gateways.ini"));
        QVERIFY(GatewaySettings().fileName().endsWith(
            QStringLiteral("/email-gateway-wizard/gateways.ini")));
        QVERIFY(settings.gateways().isEmpty());
        QVERIFY(!QFile::exists(settings.fileName())); // reading creates nothing
    }

    void roundTripEveryField()
    {
        QTemporaryDir dir;
        GatewaySettings settings(dir.path());
        GatewayConfig c = fullConfig();
        c.createdAt = QDateTime(QDate(2024, 3, 1), QTime(10, 20, 30, 456), Qt::UTC);
        QString error;
        QVERIFY2(settings.save(c, &error), qPrintable(error));
        QVERIFY(error.isEmpty());
        QVERIFY(!c.id.isEmpty());
        QCOMPARE(c.createdAt, QDateTime(QDate(2024, 3, 1), QTime(10, 20, 30, 456), Qt::UTC));
        QVERIFY(c.updatedAt.isValid());

        const auto loaded = GatewaySettings(dir.path()).gateway(c.id);
        QVERIFY(loaded);
        QCOMPARE(loaded->name, c.name);
        QCOMPARE(loaded->provider, c.provider);
        QCOMPARE(loaded->serverId, 123456);
        QCOMPARE(loaded->serverName, c.serverName);
        QCOMPARE(loaded->deliveryType, c.deliveryType);
        QCOMPARE(loaded->senderName, c.senderName);
        QCOMPARE(loaded->fromAddress, c.fromAddress);
        QCOMPARE(loaded->replyTo, c.replyTo);
        QCOMPARE(loaded->mapping, c.mapping);
        QCOMPARE(loaded->webhookUrl, c.webhookUrl);
        QCOMPARE(loaded->createdAt, c.createdAt);
        QCOMPARE(loaded->updatedAt, c.updatedAt);
        QVERIFY(*loaded == c);
        QCOMPARE(loaded->secretKey(), QStringLiteral("gateway/") + c.id);
    }

    void awkwardValuesRoundTrip()
    {
        QTemporaryDir dir;
        GatewaySettings settings(dir.path());
        GatewayConfig c = named(QStringLiteral("  @Variant(not really), [brackets] = x ; y  "));
        c.senderName = QStringLiteral("line one\nline two\\ with backslash");
        c.replyTo = QStringLiteral("  spaced  ");
        c.mapping = {
            {QStringLiteral("a/b"), QStringLiteral("s/1")},
            {QStringLiteral("50%\\off"), QStringLiteral("x")},
            {QStringLiteral("Mixed Case é"), QStringLiteral("y")},
        };
        QVERIFY(settings.save(c));
        QCOMPARE(c.name, QStringLiteral("@Variant(not really), [brackets] = x ; y")); // trimmed
        const auto loaded = settings.gateway(c.id);
        QVERIFY(loaded);
        QCOMPARE(*loaded, c);

        TestSendRecord r;
        r.streamId = QStringLiteral("odd/stream%");
        r.at = QDateTime::currentDateTimeUtc();
        QVERIFY(settings.recordTestSend(c.id, r));
        QCOMPARE(settings.lastTestSends(c.id), QList<TestSendRecord>{r});
    }

    void idsAndTimestamps()
    {
        QTemporaryDir dir;
        GatewaySettings settings(dir.path());
        const QDateTime before = QDateTime::currentDateTimeUtc();
        GatewayConfig a = named(QStringLiteral("A"));
        GatewayConfig b = named(QStringLiteral("B"));
        QVERIFY(settings.save(a));
        QVERIFY(settings.save(b));
        QVERIFY(GatewaySettings::isValidId(a.id));
        QVERIFY(a.id != b.id);
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{32}$")).match(a.id).hasMatch());
        QVERIFY(a.createdAt >= before.addMSecs(-1));
        QVERIFY(a.updatedAt >= a.createdAt);

        // Saving again keeps id and createdAt (even when the caller lost createdAt) and moves
        // updatedAt.
        const QString id = a.id;
        const QDateTime created = a.createdAt;
        QTest::qWait(5);
        a.createdAt = QDateTime();
        a.serverName = QStringLiteral("changed");
        QVERIFY(settings.save(a));
        QCOMPARE(a.id, id);
        QCOMPARE(a.createdAt, created);
        QVERIFY(a.updatedAt > created);
        QCOMPARE(settings.gateway(id)->serverName, QStringLiteral("changed"));
        QCOMPARE(settings.gateways().size(), 2);

        // A caller-chosen id is kept; an unsafe one is refused.
        GatewayConfig chosen = named(QStringLiteral("Chosen"));
        chosen.id = QStringLiteral("my-id_1.0");
        QVERIFY(settings.save(chosen));
        QCOMPARE(chosen.id, QStringLiteral("my-id_1.0"));
        QVERIFY(settings.gateway(QStringLiteral("my-id_1.0")));
        GatewayConfig bad = named(QStringLiteral("Bad"));
        bad.id = QStringLiteral("../escape/me");
        QString error;
        QVERIFY(!settings.save(bad, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!settings.gateway(QStringLiteral("../escape/me")));
    }

    void emptyNameIsRefused()
    {
        QTemporaryDir dir;
        GatewaySettings settings(dir.path());
        GatewayConfig c = named(QStringLiteral("   "));
        QString error;
        QVERIFY(!settings.save(c, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(c.id.isEmpty()); // a failed save leaves the config as it was
        QVERIFY(settings.gateways().isEmpty());
    }

    void mappingChangesReplaceTheOldMapping()
    {
        QTemporaryDir dir;
        GatewaySettings settings(dir.path());
        GatewayConfig c = fullConfig();
        QVERIFY(settings.save(c));
        c.mapping = {{QStringLiteral("purchases"), QStringLiteral("outbound")}};
        QVERIFY(settings.save(c));
        QCOMPARE(settings.gateway(c.id)->mapping, c.mapping);
    }

    void sortedByNameThenId()
    {
        QTemporaryDir dir;
        GatewaySettings settings(dir.path());
        const QStringList names = {QStringLiteral("beta"), QStringLiteral("Alpha"),
                                   QStringLiteral("gamma"), QStringLiteral("alpha"),
                                   QStringLiteral("Beta 2")};
        for (const QString &name : names) {
            GatewayConfig c = named(name);
            QVERIFY(settings.save(c));
        }
        const QList<GatewayConfig> all = settings.gateways();
        QCOMPARE(all.size(), 5);
        QCOMPARE(all[0].name.toLower(), QStringLiteral("alpha"));
        QCOMPARE(all[1].name.toLower(), QStringLiteral("alpha"));
        QVERIFY(all[0].id < all[1].id);
        QCOMPARE(all[2].name, QStringLiteral("beta"));
        QCOMPARE(all[3].name, QStringLiteral("Beta 2"));
        QCOMPARE(all[4].name, QStringLiteral("gamma"));
    }

    void gatewayByName()
    {
        QTemporaryDir dir;
        GatewaySettings settings(dir.path());
        GatewayConfig c = named(QStringLiteral("Postmark – Main"));
        QVERIFY(settings.save(c));
        QCOMPARE(settings.gatewayByName(QStringLiteral("postmark – main"))->id, c.id);
        QCOMPARE(settings.gatewayByName(QStringLiteral(" POSTMARK – MAIN "))->id, c.id);
        QVERIFY(!settings.gatewayByName(QStringLiteral("Postmark")));
        QVERIFY(!settings.gatewayByName(QString()));
        QVERIFY(!settings.gateway(QStringLiteral("no-such-id")));
        QVERIFY(!settings.gateway(QString()));
    }

    void remove()
    {
        QTemporaryDir dir;
        GatewaySettings settings(dir.path());
        GatewayConfig a = named(QStringLiteral("A"));
        GatewayConfig b = fullConfig();
        QVERIFY(settings.save(a));
        QVERIFY(settings.save(b));
        TestSendRecord r;
        r.streamId = QStringLiteral("outbound");
        QVERIFY(settings.recordTestSend(a.id, r));

        QString error;
        QVERIFY2(settings.remove(a.id, &error), qPrintable(error));
        QVERIFY(!settings.gateway(a.id));
        QVERIFY(settings.lastTestSends(a.id).isEmpty());
        QCOMPARE(settings.gateways().size(), 1);
        QCOMPARE(*settings.gateway(b.id), b);

        QVERIFY(settings.remove(a.id)); // already gone
        QVERIFY(settings.remove(QStringLiteral("never-existed")));
        QVERIFY(settings.remove(QStringLiteral("../weird")));
        QCOMPARE(settings.gateways().size(), 1);
    }

    void twoInstancesSeeEachOthersWrites()
    {
        QTemporaryDir dir;
        GatewaySettings first(dir.path());
        GatewaySettings second(dir.path());
        GatewayConfig a = named(QStringLiteral("From first"));
        QVERIFY(first.save(a));
        QCOMPARE(second.gateways().size(), 1);
        QCOMPARE(second.gateway(a.id)->name, QStringLiteral("From first"));

        GatewayConfig b = named(QStringLiteral("From second"));
        QVERIFY(second.save(b));
        a.name = QStringLiteral("Renamed by first");
        QVERIFY(first.save(a));
        QCOMPARE(second.gateways().size(), 2);
        QCOMPARE(second.gateway(a.id)->name, QStringLiteral("Renamed by first"));
        QCOMPARE(first.gateway(b.id)->name, QStringLiteral("From second"));

        QVERIFY(second.remove(a.id));
        QVERIFY(!first.gateway(a.id));
        QCOMPARE(first.gateways().size(), 1);
    }

    void testSendRecords()
    {
        QTemporaryDir dir;
        GatewaySettings settings(dir.path());
        GatewayConfig c = fullConfig();
        QVERIFY(settings.save(c));
        QVERIFY(settings.lastTestSends(c.id).isEmpty());

        TestSendRecord ok;
        ok.streamId = QStringLiteral("purchases");
        ok.categoryId = QStringLiteral("purchases");
        ok.at = QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9, 10), Qt::UTC);
        ok.ok = true;
        ok.messageId = QStringLiteral("b7bc2f4a-e38e-4336-af7d-e6c392c2f817");
        TestSendRecord failed;
        failed.streamId = QStringLiteral("broadcast");
        failed.categoryId = QStringLiteral("broadcasts");
        failed.at = QDateTime::currentDateTime(); // local time reads back as the same instant
        failed.ok = false;
        failed.errorCode = QStringLiteral("postmark-406");
        failed.errorMessage =
            QStringLiteral("You tried to send to recipient(s) that have been "
                           "marked as inactive.\nFound inactive addresses: a@b.c");
        QString error;
        QVERIFY2(settings.recordTestSend(c.id, ok, &error), qPrintable(error));
        QVERIFY(settings.recordTestSend(c.id, failed));
        QCOMPARE(settings.lastTestSends(c.id), (QList<TestSendRecord>{failed, ok}));

        // Only the last one per stream is kept; no field of the older one survives.
        TestSendRecord newer = ok;
        newer.ok = false;
        newer.messageId.clear();
        newer.errorCode = QStringLiteral("timeout");
        newer.at = ok.at.addSecs(60);
        QVERIFY(settings.recordTestSend(c.id, newer));
        QCOMPARE(settings.lastTestSends(c.id), (QList<TestSendRecord>{failed, newer}));

        // Saving the gateway keeps its test sends; other gateways have their own.
        c.serverName = QStringLiteral("renamed");
        QVERIFY(settings.save(c));
        QCOMPARE(settings.lastTestSends(c.id).size(), 2);
        GatewayConfig other = named(QStringLiteral("Other"));
        QVERIFY(settings.save(other));
        QVERIFY(settings.lastTestSends(other.id).isEmpty());

        // Refused: an unknown gateway and a record without a stream.
        QVERIFY(!settings.recordTestSend(QStringLiteral("unknown"), ok, &error));
        QVERIFY(!error.isEmpty());
        TestSendRecord noStream = ok;
        noStream.streamId.clear();
        error.clear();
        QVERIFY(!settings.recordTestSend(c.id, noStream, &error));
        QVERIFY(!error.isEmpty());
        QCOMPARE(settings.lastTestSends(c.id).size(), 2);
    }

    void preferences()
    {
        QTemporaryDir dir;
        GatewaySettings settings(dir.path());
        QCOMPARE(settings.value(QStringLiteral("webhookUrl")), QString());
        QCOMPARE(settings.value(QStringLiteral("webhookUrl"), QStringLiteral("dflt")),
                 QStringLiteral("dflt"));
        QVERIFY(
            settings.setValue(QStringLiteral("webhookUrl"), QStringLiteral("https://x.test/h")));
        QCOMPARE(GatewaySettings(dir.path()).value(QStringLiteral("webhookUrl")),
                 QStringLiteral("https://x.test/h"));
        QVERIFY(settings.setValue(QStringLiteral("empty"), QString()));
        QCOMPARE(settings.value(QStringLiteral("empty"), QStringLiteral("dflt")), QString());
        QVERIFY(!settings.setValue(QString(), QStringLiteral("x")));
        // Preferences are not gateways.
        QVERIFY(settings.gateways().isEmpty());
    }

    void garbageAppendedToTheFile()
    {
        QTemporaryDir dir;
        GatewaySettings settings(dir.path());
        GatewayConfig a = fullConfig();
        GatewayConfig b = named(QStringLiteral("Second"));
        QVERIFY(settings.save(a));
        QVERIFY(settings.save(b));
        QVERIFY(writeFile(settings.fileName(), "\n" + garbage(42, 4096), QIODevice::Append));

        const QList<GatewayConfig> all = settings.gateways();
        QVERIFY(all.size() >= 2);
        QCOMPARE(*settings.gateway(a.id), a);
        QCOMPARE(*settings.gateway(b.id), b);

        // Saving again works and keeps everything that was readable.
        GatewayConfig c = named(QStringLiteral("Third"));
        QString error;
        QVERIFY2(settings.save(c, &error), qPrintable(error));
        QCOMPARE(*settings.gateway(a.id), a);
        QCOMPARE(*settings.gateway(b.id), b);
        QCOMPARE(settings.gateway(c.id)->name, QStringLiteral("Third"));
    }

    void wholeFileIsGarbage_data()
    {
        QTest::addColumn<QByteArray>("content");
        for (quint32 seed = 1; seed <= 20; ++seed)
            QTest::addRow("random %u", seed) << garbage(seed, int(seed * 997 % 8192));
        QTest::newRow("nul bytes") << QByteArray(1000, '\0');
        QTest::newRow("brackets") << QByteArray("[[[[\n]]]\n[gateway-\n[gateway-x\n=\n==\n\\\\\n");
        QTest::newRow("unbalanced quote") << QByteArray("[gateway-q]\nname=\"never closed\n");
        QTest::newRow("variant") << QByteArray("[gateway-v]\nname=@Variant(\\0\\0\\0\\x7f\\0)\n"
                                               "serverId=@ByteArray(\\xff\\xfe)\n");
        QTest::newRow("utf-16") << QByteArray("\xff\xfe[\0g\0a\0t\0", 10);
    }
    void wholeFileIsGarbage()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        GatewaySettings settings(dir.path());
        QVERIFY(writeFile(settings.fileName(), content));
        const QList<GatewayConfig> all = settings.gateways(); // must not crash
        for (const GatewayConfig &c : all) {
            QVERIFY(GatewaySettings::isValidId(c.id));
            QVERIFY(!c.name.isEmpty());
            settings.lastTestSends(c.id);
        }
        settings.value(QStringLiteral("webhookUrl"));

        GatewayConfig fresh = named(QStringLiteral("Fresh"));
        QString error;
        QVERIFY2(settings.save(fresh, &error), qPrintable(error));
        QCOMPARE(settings.gateway(fresh.id)->name, QStringLiteral("Fresh"));
        QCOMPARE(GatewaySettings(dir.path()).gateway(fresh.id)->name, QStringLiteral("Fresh"));
    }

    void handEditedFile()
    {
        QTemporaryDir dir;
        GatewaySettings settings(dir.path());
        const QByteArray ini = R"ini(this line has no equals sign
[General]
formatVersion=banana

[gateway-good]
name=Good one
serverId=77
createdAt=2024-01-02T03:04:05.006Z
mapping\purchases=purchases
mapping\unknown-category=some-stream
mapping\empty=

[gateway-wrongtypes]
name=Commas, unquoted, here
serverId=not a number
provider=
deliveryType=@Rect(1 2 3 4)
createdAt=yesterday
updatedAt=
mapping=scalar instead of group
lastTestSend\outbound\ok=maybe
lastTestSend\outbound\at=2024-13-45
lastTestSend\broadcast\ok=true

[gateway-noname]
serverId=5

[gateway-has spaces]
name=Bad id

[gateway-]
name=Empty id

[somethingElse]
name=Not a gateway

[gateway-neg]
name=Negative
serverId=-3
)ini";
        QVERIFY(writeFile(settings.fileName(), ini));

        const QList<GatewayConfig> all = settings.gateways();
        QStringList ids;
        for (const GatewayConfig &c : all)
            ids << c.id;
        QCOMPARE(ids,
                 (QStringList{QStringLiteral("wrongtypes"), QStringLiteral("good"),
                              QStringLiteral("neg")}));

        const auto good = settings.gateway(QStringLiteral("good"));
        QVERIFY(good);
        QCOMPARE(good->name, QStringLiteral("Good one"));
        QCOMPARE(good->serverId, 77);
        QCOMPARE(good->provider, QStringLiteral("postmark"));
        QCOMPARE(good->createdAt, QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5, 6), Qt::UTC));
        QCOMPARE(good->mapping,
                 (QMap<QString, QString>{
                     {QStringLiteral("purchases"), QStringLiteral("purchases")},
                     {QStringLiteral("unknown-category"), QStringLiteral("some-stream")}}));

        const auto wrong = settings.gateway(QStringLiteral("wrongtypes"));
        QVERIFY(wrong);
        QCOMPARE(wrong->name, QStringLiteral("Commas, unquoted, here"));
        QCOMPARE(wrong->serverId, 0);
        QCOMPARE(wrong->provider, QStringLiteral("postmark"));
        QCOMPARE(wrong->deliveryType, QString());
        QVERIFY(!wrong->createdAt.isValid());
        QVERIFY(!wrong->updatedAt.isValid());
        QVERIFY(wrong->mapping.isEmpty());
        const QList<TestSendRecord> sends = settings.lastTestSends(QStringLiteral("wrongtypes"));
        QCOMPARE(sends.size(), 2);
        QCOMPARE(sends[0].streamId, QStringLiteral("broadcast"));
        QVERIFY(sends[0].ok);
        QCOMPARE(sends[1].streamId, QStringLiteral("outbound"));
        QVERIFY(!sends[1].ok);
        QVERIFY(!sends[1].at.isValid());

        QCOMPARE(settings.gateway(QStringLiteral("neg"))->serverId, 0);
        QVERIFY(!settings.gateway(QStringLiteral("noname")));
        QVERIFY(!settings.gateway(QStringLiteral("has spaces")));
        QVERIFY(!settings.gatewayByName(QStringLiteral("Not a gateway")));

        // Saving one gateway rewrites the file without losing the others, even the skipped ones.
        GatewayConfig edited = *good;
        edited.senderName = QStringLiteral("Sender");
        QVERIFY(settings.save(edited));
        QCOMPARE(settings.gateways().size(), 3);
        QCOMPARE(settings.gateway(QStringLiteral("wrongtypes"))->name,
                 QStringLiteral("Commas, unquoted, here"));
        const QByteArray after = fileContents(settings.fileName());
        QVERIFY(after.contains("[gateway-noname]"));
        QVERIFY(after.contains("[somethingElse]"));
    }

    void configDirIsAFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("not-a-dir"));
        QVERIFY(writeFile(path, "precious"));
        GatewaySettings settings(path);
        GatewayConfig c = fullConfig();
        QString error;
        QVERIFY(!settings.save(c, &error));
        QVERIFY2(error.contains(QDir::toNativeSeparators(settings.fileName())), qPrintable(error));
        QVERIFY(c.id.isEmpty());
        QCOMPARE(fileContents(path), QByteArray("precious"));

        error.clear();
        QVERIFY(!settings.setValue(QStringLiteral("k"), QStringLiteral("v"), &error));
        QVERIFY(error.contains(QDir::toNativeSeparators(settings.fileName())));
        QVERIFY(settings.gateways().isEmpty());

        // Also one level deeper: the folder cannot be created below a file.
        GatewaySettings below(path + QStringLiteral("/sub"));
        error.clear();
        QVERIFY(!below.save(c, &error));
        QVERIFY2(error.contains(QDir::toNativeSeparators(below.fileName())), qPrintable(error));
    }

    void configFileIsADirectory()
    {
        QTemporaryDir dir;
        GatewaySettings settings(dir.path());
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("gateways.ini")));
        GatewayConfig c = named(QStringLiteral("X"));
        QString error;
        QVERIFY(!settings.save(c, &error));
        QVERIFY2(error.contains(QDir::toNativeSeparators(settings.fileName())), qPrintable(error));
        QVERIFY(settings.gateways().isEmpty());
    }

    void configDirCannotBeCreated()
    {
#ifndef Q_OS_LINUX
        QSKIP("Uses /proc, which only Linux has.");
#endif
        // Not even root may create a folder in /proc.
        GatewaySettings settings(QStringLiteral("/proc/email-gateway-wizard-test/config"));
        GatewayConfig c = named(QStringLiteral("X"));
        QString error;
        QVERIFY(!settings.save(c, &error));
        QVERIFY2(error.contains(settings.fileName()), qPrintable(error));
        QVERIFY(error.contains(QStringLiteral("try again")));
        QVERIFY(c.id.isEmpty());
        QVERIFY(settings.gateways().isEmpty());
        TestSendRecord r;
        r.streamId = QStringLiteral("outbound");
        QVERIFY(!settings.recordTestSend(QStringLiteral("x"), r, &error));
    }

    void readOnlyDirectory_data()
    {
        QTest::addColumn<bool>("fileWritable");
        QTest::addColumn<bool>("damaged");
        QTest::newRow("read-only file and folder") << false << false;
        // QSettings replaces the file through a new file and a lock file in its folder, so a
        // writable file in a read-only folder cannot be saved either.
        QTest::newRow("read-only folder") << true << false;
        QTest::newRow("read-only folder, damaged file") << true << true;
    }
    void readOnlyDirectory()
    {
#ifdef Q_OS_UNIX
        if (geteuid() == 0)
            QSKIP("Running as root: file permissions do not stop root from writing.");
#endif
        QFETCH(bool, fileWritable);
        QFETCH(bool, damaged);
        QTemporaryDir dir;
        GatewaySettings settings(dir.path());
        GatewayConfig kept = named(QStringLiteral("Kept"));
        QVERIFY(settings.save(kept));
        if (damaged)
            QVERIFY(writeFile(settings.fileName(), "\nno equals sign\n", QIODevice::Append));
        const QByteArray before = fileContents(settings.fileName());
        const auto restore = qScopeGuard([&] {
            QFile::setPermissions(dir.path(),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
            QFile::setPermissions(settings.fileName(), QFile::ReadOwner | QFile::WriteOwner);
        });
        if (!fileWritable)
            QVERIFY(QFile::setPermissions(settings.fileName(), QFile::ReadOwner));
        QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner));

        GatewayConfig c = named(QStringLiteral("New"));
        QString error;
        QVERIFY(!settings.save(c, &error));
        QVERIFY2(error.contains(QDir::toNativeSeparators(settings.fileName())), qPrintable(error));
        QVERIFY(c.id.isEmpty());
        QCOMPARE(fileContents(settings.fileName()), before);
        QCOMPARE(settings.gateways().size(), 1);
        error.clear();
        QVERIFY(!settings.remove(kept.id, &error));
        QVERIFY(error.contains(QDir::toNativeSeparators(settings.fileName())));
        QCOMPARE(fileContents(settings.fileName()), before);
    }

    void noTokenInTheFile()
    {
        // Postmark server tokens look like UUIDs (8-4-4-4-12 hex digits); nothing saved for a
        // gateway does, not even its id.
        const QRegularExpression tokenLike(QStringLiteral(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"));
        QTemporaryDir dir;
        GatewaySettings settings(dir.path());
        GatewayConfig c = fullConfig();
        QVERIFY(settings.save(c));
        GatewayConfig other = named(QStringLiteral("Other"));
        QVERIFY(settings.save(other));
        QVERIFY(settings.setValue(QStringLiteral("webhookUrl"), QStringLiteral("https://x.test")));
        const QString text = QString::fromUtf8(fileContents(settings.fileName()));
        QVERIFY(text.contains(c.id));
        QVERIFY2(!tokenLike.match(text).hasMatch(), qPrintable(text));
        QVERIFY(!text.contains(QStringLiteral("POSTMARK_API_TEST")));
        QVERIFY(!text.contains(QStringLiteral("token"), Qt::CaseInsensitive));
        QVERIFY(!text.contains(QStringLiteral("secret"), Qt::CaseInsensitive));

        // A test send's MessageID has the same shape; it is the only such string afterwards.
        TestSendRecord r;
        r.streamId = QStringLiteral("outbound");
        r.ok = true;
        r.messageId = QStringLiteral("0a129aee-e1cd-480d-b08d-4f48548ff48d");
        QVERIFY(settings.recordTestSend(c.id, r));
        QString withSend = QString::fromUtf8(fileContents(settings.fileName()));
        QCOMPARE(withSend.count(r.messageId), 1);
        withSend.remove(r.messageId);
        QVERIFY2(!tokenLike.match(withSend).hasMatch(), qPrintable(withSend));
    }
};

QTEST_GUILESS_MAIN(TestGatewaySettings)
#include "tst_gatewaysettings.moc"
