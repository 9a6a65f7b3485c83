#include "secretvault.h"

#include <QPointer>

using Status = SecretResult::Status;

SecretVault::SecretVault(SecretStore *keychain, QObject *parent)
    : QObject(parent), m_keychain(keychain)
{ }

QString SecretVault::backendName() const
{
    return m_keychainMissing ? m_session.backendName() : m_keychain->backendName();
}

void SecretVault::store(const QString &key, const QString &secret, QObject *context, Callback done)
{
    QPointer<QObject> guard(context);
    m_keychain->write(key, secret, this, [this, key, secret, guard, done](const SecretResult &r) {
        if (r.status != Status::NoBackend) {
            if (r.ok())
                m_session.remove(key, this, [](const SecretResult &) {});
            if (guard)
                done({r, false});
            return;
        }
        m_keychainMissing = true;
        m_session.write(key, secret, this, [guard, done, r](const SecretResult &) {
            if (guard)
                done({r, true}); // r says why: no keychain
        });
    });
}

void SecretVault::load(const QString &key, QObject *context, Callback done)
{
    QPointer<QObject> guard(context);
    m_keychain->read(key, this, [this, key, guard, done](const SecretResult &r) {
        if (r.ok() || r.status == Status::Error) {
            if (guard)
                done({r, false});
            return;
        }
        if (r.status == Status::NoBackend)
            m_keychainMissing = true;
        m_session.read(key, this, [guard, done, r](const SecretResult &s) {
            if (!guard)
                return;
            if (s.ok())
                done({s, true});
            else
                done({r, false}); // the keychain's answer says more than the session's
        });
    });
}

void SecretVault::erase(const QString &key, QObject *context, Callback done)
{
    QPointer<QObject> guard(context);
    m_session.remove(key, this, [](const SecretResult &) {});
    m_keychain->remove(key, this, [this, guard, done](const SecretResult &r) {
        if (r.status == Status::NoBackend) {
            m_keychainMissing = true;
            if (guard)
                done({SecretResult{}, true}); // nothing was in a keychain
            return;
        }
        if (guard)
            done({r, false});
    });
}
