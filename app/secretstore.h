// Where the Postmark API token lives: a small asynchronous interface over the OS keychain, so the
// rest of the program (and its unit tests) never touch QtKeychain directly.
#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

struct SecretResult
{
    Q_DECLARE_TR_FUNCTIONS(SecretResult)
public:
    enum class Status {
        Ok,
        NotFound,  // nothing is stored under the key
        NoBackend, // there is no keychain on this computer (or it cannot be reached)
        Error,     // the keychain refused or failed; see message
    };

    Status status = Status::Ok;
    QString secret;  // for read
    QString message; // translated, plain words, what to do (never contains the secret)

    bool ok() const { return status == Status::Ok; }

    static SecretResult success(const QString &secret = {});
    static SecretResult notFound();
    // The standard "no keychain" result; the message says what that means and what to do.
    static SecretResult noBackend();
    static SecretResult error(const QString &message);
};

class SecretStore : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const SecretResult &)>;

    explicit SecretStore(QObject *parent = nullptr);
    ~SecretStore() override;

    // Asynchronous: `done` never runs inside the call and never after `context` is destroyed
    // (it runs in context's thread). A null context means the store itself.
    virtual void read(const QString &key, QObject *context, Callback done) = 0;
    // Creates or overwrites.
    virtual void write(const QString &key, const QString &secret, QObject *context,
                       Callback done) = 0;
    // Removing a missing key is Ok.
    virtual void remove(const QString &key, QObject *context, Callback done) = 0;
    // Shown to users and in support reports, e.g. "Secret Service", "macOS Keychain",
    // "memory (this session only)".
    virtual QString backendName() const = 0;

protected:
    // Delivers `result` to `done` from the event loop, unless `context` is gone by then.
    void deliverLater(QObject *context, Callback done, const SecretResult &result);
};

// Keeps secrets in memory: for tests, and the session-only fallback when there is no keychain.
class MemorySecretStore : public SecretStore
{
    Q_OBJECT
public:
    explicit MemorySecretStore(QObject *parent = nullptr);

    void read(const QString &key, QObject *context, Callback done) override;
    void write(const QString &key, const QString &secret, QObject *context, Callback done) override;
    void remove(const QString &key, QObject *context, Callback done) override;
    QString backendName() const override;

    // While unavailable every call fails with NoBackend and changes nothing (simulates a computer
    // without a keychain).
    void setUnavailable(bool unavailable);
    bool isUnavailable() const { return m_unavailable; }

    bool contains(const QString &key) const { return m_secrets.contains(key); }
    int size() const { return int(m_secrets.size()); }

private:
    QHash<QString, QString> m_secrets;
    bool m_unavailable = false;
};
