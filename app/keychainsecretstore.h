// The real secret store: the operating system's keychain through QtKeychain (Secret Service on
// Linux, Keychain on macOS, Credential Manager on Windows). Never falls back to plain text.
#pragma once

#include "secretstore.h"

namespace QKeychain {
class Job;
}

class KeychainSecretStore : public SecretStore
{
    Q_OBJECT
public:
    // `service` groups this program's entries in the keychain (libsecret's "server" attribute).
    explicit KeychainSecretStore(const QString &service = defaultService(),
                                 QObject *parent = nullptr);

    static QString defaultService() { return QStringLiteral("email-gateway-wizard"); }
    QString service() const { return m_service; }

    void read(const QString &key, QObject *context, Callback done) override;
    void write(const QString &key, const QString &secret, QObject *context, Callback done) override;
    void remove(const QString &key, QObject *context, Callback done) override;
    QString backendName() const override;

private:
    enum class Operation { Read, Write, Remove };
    void run(QKeychain::Job *job, Operation operation, const QString &secret, QObject *context,
             Callback done);

    QString m_service;
};
