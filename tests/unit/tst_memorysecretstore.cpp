#include "capturedsecret.h"
#include "secretstore.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <optional>

using Outcome = CapturedSecret;

class TestMemorySecretStore : public QObject
{
    Q_OBJECT
private slots:
    void writeReadRemove()
    {
        MemorySecretStore store;
        QObject context;
        const QString token = QStringLiteral("1f2e3d4c-0000-4000-8000-aaaaaaaaaaaa");

        Outcome wrote;
        store.write(QStringLiteral("gateway/a"), token, &context, wrote.callback());
        QTRY_COMPARE(wrote.calls, 1);
        QVERIFY(wrote.result.ok());
        QVERIFY(store.contains(QStringLiteral("gateway/a")));
        QCOMPARE(store.size(), 1);

        Outcome read;
        store.read(QStringLiteral("gateway/a"), &context, read.callback());
        QTRY_COMPARE(read.calls, 1);
        QCOMPARE(read.result.status, SecretResult::Status::Ok);
        QCOMPARE(read.result.secret, token);

        Outcome overwrote;
        store.write(QStringLiteral("gateway/a"), QStringLiteral("second"), &context,
                    overwrote.callback());
        QTRY_COMPARE(overwrote.calls, 1);
        Outcome reread;
        store.read(QStringLiteral("gateway/a"), &context, reread.callback());
        QTRY_COMPARE(reread.calls, 1);
        QCOMPARE(reread.result.secret, QStringLiteral("second"));
        QCOMPARE(store.size(), 1);

        Outcome removed;
        store.remove(QStringLiteral("gateway/a"), &context, removed.callback());
        QTRY_COMPARE(removed.calls, 1);
        QVERIFY(removed.result.ok());
        QVERIFY(!store.contains(QStringLiteral("gateway/a")));
        QCOMPARE(store.size(), 0);

        Outcome missing;
        store.read(QStringLiteral("gateway/a"), &context, missing.callback());
        QTRY_COMPARE(missing.calls, 1);
        QCOMPARE(missing.result.status, SecretResult::Status::NotFound);
        QVERIFY(!missing.result.ok());
        QVERIFY(missing.result.secret.isEmpty());
        QVERIFY(!missing.result.message.isEmpty());
    }

    void removingMissingKeyIsOk()
    {
        MemorySecretStore store;
        Outcome removed;
        store.remove(QStringLiteral("never-written"), &store, removed.callback());
        QTRY_COMPARE(removed.calls, 1);
        QCOMPARE(removed.result.status, SecretResult::Status::Ok);
    }

    void keysAreIndependent()
    {
        MemorySecretStore store;
        Outcome a, b, readA;
        store.write(QStringLiteral("gateway/a"), QStringLiteral("A"), &store, a.callback());
        store.write(QStringLiteral("gateway/b"), QStringLiteral("B"), &store, b.callback());
        store.read(QStringLiteral("gateway/a"), &store, readA.callback());
        QTRY_COMPARE(readA.calls, 1);
        QCOMPARE(a.calls, 1);
        QCOMPARE(b.calls, 1);
        QCOMPARE(readA.result.secret, QStringLiteral("A"));
        QCOMPARE(store.size(), 2);
    }

    void callbacksAreAsynchronous()
    {
        MemorySecretStore store;
        QObject context;
        Outcome wrote, read, removed;
        store.write(QStringLiteral("k"), QStringLiteral("v"), &context, wrote.callback());
        store.read(QStringLiteral("k"), &context, read.callback());
        store.remove(QStringLiteral("k"), &context, removed.callback());
        // Nothing ran inside the calls ...
        QCOMPARE(wrote.calls, 0);
        QCOMPARE(read.calls, 0);
        QCOMPARE(removed.calls, 0);
        // ... and everything runs, once and in order, from the event loop.
        QTRY_COMPARE(removed.calls, 1);
        QCOMPARE(wrote.calls, 1);
        QCOMPARE(read.calls, 1);
        QCOMPARE(read.result.secret, QStringLiteral("v"));
    }

    void noCallbackAfterContextIsDestroyed()
    {
        MemorySecretStore store;
        auto context = std::make_unique<QObject>();
        Outcome wrote, read;
        store.write(QStringLiteral("k"), QStringLiteral("v"), context.get(), wrote.callback());
        store.read(QStringLiteral("k"), context.get(), read.callback());
        context.reset();

        // A later call with a live context proves the event loop has run past the dropped ones.
        QObject other;
        Outcome later;
        store.read(QStringLiteral("k"), &other, later.callback());
        QTRY_COMPARE(later.calls, 1);
        QTest::qWait(20);
        QCOMPARE(wrote.calls, 0);
        QCOMPARE(read.calls, 0);
        // The write itself still happened.
        QCOMPARE(later.result.secret, QStringLiteral("v"));
    }

    void nullContextMeansTheStore()
    {
        MemorySecretStore store;
        Outcome wrote;
        store.write(QStringLiteral("k"), QStringLiteral("v"), nullptr, wrote.callback());
        QCOMPARE(wrote.calls, 0);
        QTRY_COMPARE(wrote.calls, 1);
        QVERIFY(wrote.result.ok());
    }

    void emptyCallbackIsAllowed()
    {
        MemorySecretStore store;
        store.write(QStringLiteral("k"), QStringLiteral("v"), &store, {});
        Outcome read;
        store.read(QStringLiteral("k"), &store, read.callback());
        QTRY_COMPARE(read.calls, 1);
        QCOMPARE(read.result.secret, QStringLiteral("v"));
    }

    void unavailableReportsNoBackend()
    {
        MemorySecretStore store;
        Outcome before;
        store.write(QStringLiteral("k"), QStringLiteral("kept"), &store, before.callback());
        QTRY_COMPARE(before.calls, 1);

        store.setUnavailable(true);
        QVERIFY(store.isUnavailable());
        Outcome wrote, read, removed;
        store.write(QStringLiteral("k"), QStringLiteral("secret-value"), &store, wrote.callback());
        store.read(QStringLiteral("k"), &store, read.callback());
        store.remove(QStringLiteral("k"), &store, removed.callback());
        QCOMPARE(wrote.calls + read.calls + removed.calls, 0);
        QTRY_COMPARE(removed.calls, 1);
        for (const Outcome *o : {&wrote, &read, &removed}) {
            QCOMPARE(o->calls, 1);
            QCOMPARE(o->result.status, SecretResult::Status::NoBackend);
            QVERIFY(!o->result.ok());
            QVERIFY(o->result.secret.isEmpty());
            QVERIFY(o->result.message.contains(QStringLiteral("keychain"), Qt::CaseInsensitive));
            QVERIFY(!o->result.message.contains(QStringLiteral("secret-value")));
        }

        // Nothing changed while unavailable, and it works again afterwards.
        store.setUnavailable(false);
        Outcome after;
        store.read(QStringLiteral("k"), &store, after.callback());
        QTRY_COMPARE(after.calls, 1);
        QCOMPARE(after.result.secret, QStringLiteral("kept"));
    }

    void backendName()
    {
        MemorySecretStore store;
        QCOMPARE(store.backendName(), QStringLiteral("memory (this session only)"));
    }
};

QTEST_GUILESS_MAIN(TestMemorySecretStore)
#include "tst_memorysecretstore.moc"
