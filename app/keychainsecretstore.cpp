#include "keychainsecretstore.h"

#include <qt6keychain/keychain.h>

namespace {

// Turns a finished job into a result. `secret` is what was written (empty otherwise), so that it
// can be kept out of the message even if a backend were to echo it.
SecretResult resultOf(const QKeychain::Job *job, const QString &secret, bool isRead, bool isRemove)
{
    switch (job->error()) {
    case QKeychain::NoError:
        if (isRead)
            return SecretResult::success(
                static_cast<const QKeychain::ReadPasswordJob *>(job)->textData());
        return SecretResult::success();
    case QKeychain::EntryNotFound:
        // Removing what is not there leaves the keychain as asked.
        return isRemove ? SecretResult::success() : SecretResult::notFound();
    case QKeychain::NoBackendAvailable:
    case QKeychain::OtherError:
        // QtKeychain 0.13 has no isAvailable(): a missing Secret Service or D-Bus session shows
        // up as one of these.
        return SecretResult::noBackend();
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return SecretResult::error(KeychainSecretStore::tr(
            "Access to the keychain was denied, so the API key could not be used. Unlock your "
            "keyring (for example GNOME Keyring or KWallet) and allow this program to use it, "
            "then try again."));
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::NotImplemented:
    default:
        break;
    }
    QString detail = job->errorString();
    if (!secret.isEmpty())
        detail.replace(secret, QStringLiteral("…"));
    if (isRead)
        return SecretResult::error(
            KeychainSecretStore::tr("The API key could not be read from the keychain (%1). Try "
                                    "again; if it keeps failing, paste the API key again.")
                .arg(detail));
    if (isRemove)
        return SecretResult::error(
            KeychainSecretStore::tr("The API key could not be removed from the keychain (%1). "
                                    "You can remove it yourself with your keyring manager.")
                .arg(detail));
    return SecretResult::error(
        KeychainSecretStore::tr("The API key could not be saved in the keychain (%1). Try again; "
                                "if it keeps failing, check that your keyring is unlocked.")
            .arg(detail));
}

} // namespace

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : SecretStore(parent), m_service(service)
{ }

void KeychainSecretStore::read(const QString &key, QObject *context, Callback done)
{
    // No parent: QtKeychain's callbacks hold raw pointers to the job, so it must live until it
    // has finished; setAutoDelete(true) deletes it then.
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    run(job, Operation::Read, {}, context, std::move(done));
}

void KeychainSecretStore::write(const QString &key, const QString &secret, QObject *context,
                                Callback done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key);
    job->setTextData(secret);
    run(job, Operation::Write, secret, context, std::move(done));
}

void KeychainSecretStore::remove(const QString &key, QObject *context, Callback done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key);
    run(job, Operation::Remove, {}, context, std::move(done));
}

void KeychainSecretStore::run(QKeychain::Job *job, Operation operation, const QString &secret,
                              QObject *context, Callback done)
{
    if (job->key().isEmpty()) {
        delete job;
        deliverLater(context, std::move(done),
                     SecretResult::error(tr("The keychain entry has no name. This is a bug in "
                                            "the program; please report it.")));
        return;
    }
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never the plaintext store
    // The context bounds the callback: once it is destroyed, the result is dropped and the job
    // still deletes itself.
    connect(job, &QKeychain::Job::finished, context ? context : this,
            [operation, secret, done = std::move(done)](QKeychain::Job *finished) {
                const SecretResult result = resultOf(finished, secret, operation == Operation::Read,
                                                     operation == Operation::Remove);
                if (done)
                    done(result);
            });
    // start() only schedules the work: `finished` comes from the event loop, never from here.
    job->start();
}

QString KeychainSecretStore::backendName() const
{
#if defined(Q_OS_MACOS)
    return tr("macOS Keychain");
#elif defined(Q_OS_WIN)
    return tr("Windows Credential Manager");
#else
    return tr("Secret Service");
#endif
}
