// Talks to Postmark's HTTP API on one injected QNetworkAccessManager. Callers get value structs
// and typed errors (Postmark::Result), never JSON or QNetworkReply.
//
// Rules every request follows: JSON Accept/Content-Type headers; exactly one token header; a
// transfer timeout; no redirect followed; answers over the size limit aborted; plain http:// only
// to loopback hosts; GETs retried with backoff on 429, 5xx and transient network failures (never
// POSTs); a new request with the same non-empty `purpose` aborts the one in flight, which then
// reports Error::Kind::Superseded. Callbacks always arrive asynchronously, and never after
// `context` is destroyed.
#pragma once

#include "postmarkerror.h"
#include "postmarktypes.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace Postmark {

template<typename T> struct Result
{
    T value{};
    Error error;
    bool ok() const { return error.kind == Error::Kind::None; }
};

class Client : public QObject
{
    Q_OBJECT
public:
    template<typename T> using Callback = std::function<void(const Result<T> &)>;

    explicit Client(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~Client() override;

    static QUrl defaultBaseUrl(); // https://api.postmarkapp.com
    // https:// anywhere; http:// only for loopback hosts (localhost, 127.0.0.0/8, ::1).
    static bool isAcceptableBaseUrl(const QUrl &url);
    void setBaseUrl(const QUrl &url); // an unacceptable URL makes every request fail InsecureUrl
    QUrl baseUrl() const;

    void setTimeout(int milliseconds); // per attempt; default 15000
    int timeout() const;
    void setRetryDelay(int milliseconds); // first backoff, doubled per retry; default 1000
    void setMaxRetries(int retries);      // default 2

    // GET /server; on 401 probes GET /servers to recognise an account token. The test token and
    // malformed tokens are recognised without a request.
    void validateToken(const QString &token, QObject *context, Callback<TokenCheck> done,
                       const QString &purpose = {});
    void listStreams(const QString &token, bool includeArchived, QObject *context,
                     Callback<QList<MessageStream>> done, const QString &purpose = {});
    void createStream(const QString &token, const NewMessageStream &stream, QObject *context,
                      Callback<MessageStream> done, const QString &purpose = {});
    // Returns the expected purge date.
    void archiveStream(const QString &token, const QString &streamId, QObject *context,
                       Callback<QDateTime> done, const QString &purpose = {});
    void sendEmail(const QString &token, const Email &email, QObject *context,
                   Callback<SendResult> done, const QString &purpose = {});
    void listWebhooks(const QString &token, const QString &streamId, QObject *context,
                      Callback<QList<Webhook>> done, const QString &purpose = {});
    void createWebhook(const QString &token, const Webhook &webhook, QObject *context,
                       Callback<Webhook> done, const QString &purpose = {});
    void updateWebhook(const QString &token, const Webhook &webhook, QObject *context,
                       Callback<Webhook> done, const QString &purpose = {});

    void abort(const QString &purpose); // the request reports Superseded
    int pendingCount() const;

private:
    enum class TokenHeader { Server, Account };
    struct Answer
    {
        Error error;
        int httpStatus = 0;
        QJsonObject json;
    };
    struct Call;

    void call(const QByteArray &method, const QString &path,
              const QList<QPair<QString, QString>> &query, TokenHeader header, const QString &token,
              const QJsonObject *body, QObject *context, const QString &purpose,
              std::function<void(const Answer &)> done);
    void start(Call *call);
    QNetworkReply *sendOnce(Call *call); // a request with a body, which Qt may not replay
    void finish(Call *call);
    void deliver(Call *call, const Answer &answer);
    quint64 supersede(const QString &purpose); // aborts the one in flight; returns the new serial
    static Answer failure(const Error &error);
    Answer interpret(Call *call) const;
    void probeAccountToken(const QString &token, QObject *context, Callback<TokenCheck> done,
                           const QString &purpose);

    QNetworkAccessManager *m_network;
    QUrl m_baseUrl;
    int m_timeout = 15000;
    int m_retryDelay = 1000;
    int m_maxRetries = 2;
    const qint64 m_maxAnswerSize = 2 * 1024 * 1024; // no Postmark answer comes near it
    QHash<QString, Call *> m_byPurpose;
    QHash<QString, quint64> m_purposeSerial; // bumped by every new request for a purpose
    QList<Call *> m_calls;
};

} // namespace Postmark
