#include "secretstore.h"

#include <QTimer>

SecretResult SecretResult::success(const QString &secret)
{
    SecretResult r;
    r.status = Status::Ok;
    r.secret = secret;
    return r;
}

SecretResult SecretResult::notFound()
{
    SecretResult r;
    r.status = Status::NotFound;
    r.message = tr("No API key is saved for this email gateway. Paste the Server API token again "
                   "to save it.");
    return r;
}

SecretResult SecretResult::noBackend()
{
    SecretResult r;
    r.status = Status::NoBackend;
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
    r.message = tr("No keychain (Secret Service) is available on this computer, so the API key can "
                   "be kept only until the program closes. Install and unlock GNOME Keyring or "
                   "KWallet to keep it.");
#else
    r.message = tr("No keychain is available on this computer, so the API key can be kept only "
                   "until the program closes.");
#endif
    return r;
}

SecretResult SecretResult::error(const QString &message)
{
    SecretResult r;
    r.status = Status::Error;
    r.message = message;
    return r;
}

SecretStore::SecretStore(QObject *parent) : QObject(parent) { }

SecretStore::~SecretStore() = default;

void SecretStore::deliverLater(QObject *context, Callback done, const SecretResult &result)
{
    if (!done)
        return;
    // QTimer::singleShot with a context object: queued to context's thread, and dropped if the
    // context is destroyed first.
    QTimer::singleShot(0, context ? context : this,
                       [done = std::move(done), result]() { done(result); });
}

MemorySecretStore::MemorySecretStore(QObject *parent) : SecretStore(parent) { }

void MemorySecretStore::read(const QString &key, QObject *context, Callback done)
{
    if (m_unavailable) {
        deliverLater(context, std::move(done), SecretResult::noBackend());
        return;
    }
    const auto it = m_secrets.constFind(key);
    deliverLater(context, std::move(done),
                 it == m_secrets.constEnd() ? SecretResult::notFound()
                                            : SecretResult::success(it.value()));
}

void MemorySecretStore::write(const QString &key, const QString &secret, QObject *context,
                              Callback done)
{
    if (m_unavailable) {
        deliverLater(context, std::move(done), SecretResult::noBackend());
        return;
    }
    m_secrets.insert(key, secret);
    deliverLater(context, std::move(done), SecretResult::success());
}

void MemorySecretStore::remove(const QString &key, QObject *context, Callback done)
{
    if (m_unavailable) {
        deliverLater(context, std::move(done), SecretResult::noBackend());
        return;
    }
    m_secrets.remove(key);
    deliverLater(context, std::move(done), SecretResult::success());
}

QString MemorySecretStore::backendName() const
{
    return tr("memory (this session only)");
}

void MemorySecretStore::setUnavailable(bool unavailable)
{
    m_unavailable = unavailable;
}
