// Integration test against the real keychain: QtKeychain and the Secret Service over D-Bus.
// Run it through tools/with-keyring.sh, which provides a private, unlocked GNOME Keyring.
// Without a D-Bus session it fails, unless GW_ALLOW_NO_KEYRING=1, in which case it checks that
// the missing keychain is reported as NoBackend.
#include "capturedsecret.h"
#include "keychainsecretstore.h"

#include <QTest>
#include <QUuid>

namespace {

using Call = CapturedSecret;

const char *statusName(SecretResult::Status status)
{
    switch (status) {
    case SecretResult::Status::Ok:
        return "Ok";
    case SecretResult::Status::NotFound:
        return "NotFound";
    case SecretResult::Status::NoBackend:
        return "NoBackend";
    case SecretResult::Status::Error:
        return "Error";
    }
    return "?";
}

QByteArray describe(const SecretResult &r)
{
    QByteArray text = QByteArray(statusName(r.status)) + ": " + r.message.toUtf8();
    if (r.status == SecretResult::Status::NoBackend || r.status == SecretResult::Status::Error)
        text += " (for a private, unlocked keyring run this test through tools/with-keyring.sh)";
    return text;
}

} // namespace

class TestKeychainSecretStore : public QObject
{
    Q_OBJECT
private:
    bool m_expectNoBackend = false;
    // A service name of its own per run, so nothing collides with real entries or earlier runs.
    QString m_service;
    QString m_key;

    SecretResult read(SecretStore &store, const QString &key)
    {
        Call c;
        store.read(key, this, c.callback());
        if (!QTest::qWaitFor([&] { return c.calls > 0; }, 20000))
            return SecretResult::error(QStringLiteral("read did not finish within 20 s"));
        return c.result;
    }
    SecretResult write(SecretStore &store, const QString &key, const QString &secret)
    {
        Call c;
        store.write(key, secret, this, c.callback());
        if (!QTest::qWaitFor([&] { return c.calls > 0; }, 20000))
            return SecretResult::error(QStringLiteral("write did not finish within 20 s"));
        return c.result;
    }
    SecretResult remove(SecretStore &store, const QString &key)
    {
        Call c;
        store.remove(key, this, c.callback());
        if (!QTest::qWaitFor([&] { return c.calls > 0; }, 20000))
            return SecretResult::error(QStringLiteral("remove did not finish within 20 s"));
        return c.result;
    }

private slots:
    void initTestCase()
    {
        m_service = QStringLiteral("email-gateway-wizard-test-")
            + QUuid::createUuid().toString(QUuid::Id128).left(12);
        m_key = QStringLiteral("gateway/") + QUuid::createUuid().toString(QUuid::Id128);
        const bool haveSession = !qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS");
        if (!haveSession) {
            if (qEnvironmentVariable("GW_ALLOW_NO_KEYRING") != QStringLiteral("1")) {
                QFAIL("No D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set), so there is no "
                      "Secret Service to test against. Run this test through "
                      "tools/with-keyring.sh, or set GW_ALLOW_NO_KEYRING=1 to check only that a "
                      "missing keychain is reported as NoBackend.");
            }
            m_expectNoBackend = true;
        }
    }

    void backendName()
    {
        KeychainSecretStore store(m_service);
#if defined(Q_OS_MACOS)
        QCOMPARE(store.backendName(), QStringLiteral("macOS Keychain"));
#elif defined(Q_OS_WIN)
        QCOMPARE(store.backendName(), QStringLiteral("Windows Credential Manager"));
#else
        QCOMPARE(store.backendName(), QStringLiteral("Secret Service"));
#endif
        QCOMPARE(KeychainSecretStore().service(), QStringLiteral("email-gateway-wizard"));
    }

    void noBackendIsReported()
    {
        if (!m_expectNoBackend)
            QSKIP("A D-Bus session is present; covered by the other tests.");
        KeychainSecretStore store(m_service);
        const QString token = QStringLiteral("1f2e3d4c-0000-4000-8000-aaaaaaaaaaaa");
        for (const SecretResult &r :
             {write(store, m_key, token), read(store, m_key), remove(store, m_key)}) {
            QVERIFY2(r.status == SecretResult::Status::NoBackend, describe(r));
            QVERIFY(!r.message.isEmpty());
            QVERIFY(!r.message.contains(token));
            QVERIFY(r.secret.isEmpty());
        }
    }

    void writeReadOverwriteRemove()
    {
        if (m_expectNoBackend)
            QSKIP("No keychain here (GW_ALLOW_NO_KEYRING=1).");
        KeychainSecretStore store(m_service);
        const QString token = QStringLiteral("1f2e3d4c-0000-4000-8000-aaaaaaaaaaaa");

        SecretResult r = read(store, m_key);
        QVERIFY2(r.status == SecretResult::Status::NotFound, describe(r));

        r = write(store, m_key, token);
        QVERIFY2(r.ok(), describe(r));
        r = read(store, m_key);
        QVERIFY2(r.ok(), describe(r));
        QCOMPARE(r.secret, token);

        // A second store (a new object, as after a restart) sees the same entry.
        {
            KeychainSecretStore other(m_service);
            r = read(other, m_key);
            QVERIFY2(r.ok(), describe(r));
            QCOMPARE(r.secret, token);
        }
        // ... but a store for another service does not.
        {
            KeychainSecretStore otherService(m_service + QStringLiteral("-other"));
            r = read(otherService, m_key);
            QVERIFY2(r.status == SecretResult::Status::NotFound, describe(r));
        }

        const QString replacement = QStringLiteral("POSTMARK_API_TEST ünïcode ✓");
        r = write(store, m_key, replacement);
        QVERIFY2(r.ok(), describe(r));
        KeychainSecretStore fresh(m_service);
        r = read(fresh, m_key);
        QVERIFY2(r.ok(), describe(r));
        QCOMPARE(r.secret, replacement);

        r = remove(store, m_key);
        QVERIFY2(r.ok(), describe(r));
        r = read(store, m_key);
        QVERIFY2(r.status == SecretResult::Status::NotFound, describe(r));
        QVERIFY(r.secret.isEmpty());
        QVERIFY(!r.message.isEmpty());

        // Removing what is not there is fine.
        r = remove(store, m_key);
        QVERIFY2(r.ok(), describe(r));
    }

    void keysAreIndependent()
    {
        if (m_expectNoBackend)
            QSKIP("No keychain here (GW_ALLOW_NO_KEYRING=1).");
        KeychainSecretStore store(m_service);
        const QString a = m_key + QStringLiteral("-a");
        const QString b = m_key + QStringLiteral("-b");
        QVERIFY(write(store, a, QStringLiteral("secret A")).ok());
        QVERIFY(write(store, b, QStringLiteral("secret B")).ok());
        QCOMPARE(read(store, a).secret, QStringLiteral("secret A"));
        QCOMPARE(read(store, b).secret, QStringLiteral("secret B"));
        QVERIFY(remove(store, a).ok());
        QCOMPARE(read(store, a).status, SecretResult::Status::NotFound);
        QCOMPARE(read(store, b).secret, QStringLiteral("secret B"));
        QVERIFY(remove(store, b).ok());
    }

    void callbackIsAsynchronousAndBoundToContext()
    {
        KeychainSecretStore store(m_service);
        Call during;
        store.read(m_key, this, during.callback());
        QCOMPARE(during.calls, 0); // never inside the call
        QTRY_COMPARE_WITH_TIMEOUT(during.calls, 1, 20000);

        // A destroyed context drops the result; the job still finishes and cleans up.
        auto *context = new QObject;
        Call dropped;
        store.write(m_key + QStringLiteral("-ctx"), QStringLiteral("x"), context,
                    dropped.callback());
        delete context;
        Call after;
        store.read(m_key + QStringLiteral("-ctx"), this, after.callback());
        QTRY_COMPARE_WITH_TIMEOUT(after.calls, 1, 20000);
        QTest::qWait(50);
        QCOMPARE(dropped.calls, 0);
        if (!m_expectNoBackend) {
            QCOMPARE(after.result.secret, QStringLiteral("x")); // the write itself happened
            QVERIFY(remove(store, m_key + QStringLiteral("-ctx")).ok());
        }
    }

    void emptyKeyIsAnError()
    {
        KeychainSecretStore store(m_service);
        Call c;
        store.read(QString(), this, c.callback());
        QCOMPARE(c.calls, 0);
        QTRY_COMPARE(c.calls, 1);
        QCOMPARE(c.result.status, SecretResult::Status::Error);
    }
};

QTEST_GUILESS_MAIN(TestKeychainSecretStore)
#include "tst_keychainsecretstore.moc"
