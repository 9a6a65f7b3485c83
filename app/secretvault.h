// Where the app keeps gateway tokens: the OS keychain, and when there is none, this session's
// memory only (never a plaintext file). Says which of the two holds a secret.
#pragma once

#include "secretstore.h"

#include <QObject>

class SecretVault : public QObject
{
    Q_OBJECT
public:
    struct Outcome
    {
        SecretResult result;
        bool sessionOnly = false; // kept in memory until the program closes
    };
    using Callback = std::function<void(const Outcome &)>;

    // `keychain` is not owned.
    explicit SecretVault(SecretStore *keychain, QObject *parent = nullptr);

    void store(const QString &key, const QString &secret, QObject *context, Callback done);
    void load(const QString &key, QObject *context, Callback done);
    void erase(const QString &key, QObject *context, Callback done);

    QString backendName() const;
    bool keychainMissing() const { return m_keychainMissing; } // seen NoBackend this session

private:
    SecretStore *m_keychain;
    MemorySecretStore m_session;
    bool m_keychainMissing = false;
};
