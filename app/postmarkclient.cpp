#include "postmarkclient.h"

#include "apitoken.h"
#include "postmarkjson.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QTimer>
#include <QUrlQuery>

namespace Postmark {

// One API call, across its retries. A QObject so that it can be the context of its connections
// and be deleted later, safely, from inside one of them.
struct Client::Call : QObject
{
    QByteArray method;
    QNetworkRequest request;
    QByteArray body;
    bool retryable = false;
    int attempt = 0;
    QString purpose;
    bool hasContext = false;
    QPointer<QObject> context;
    std::function<void(const Answer &)> done;

    QPointer<QNetworkReply> reply;
    QTimer timer{this}; // the attempt's timeout, then the backoff before a retry
    QByteArray received;
    bool timedOut = false;
    bool tooLarge = false;
    bool superseded = false;
};

namespace {

bool isRetryable(const Error &error)
{
    switch (error.kind) {
    case Error::Kind::RateLimited:
    case Error::Kind::ServerError:
    case Error::Kind::Outage:
    case Error::Kind::ConnectionClosed:
    case Error::Kind::NoNetwork:
    case Error::Kind::Network:
        return true;
    default:
        return false;
    }
}

Error transportError(const QNetworkReply *reply)
{
    using K = Error::Kind;
    const QString detail = reply->errorString();
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return Error::ofKind(K::ConnectionRefused, detail);
    case QNetworkReply::RemoteHostClosedError:
        return Error::ofKind(K::ConnectionClosed, detail);
    case QNetworkReply::HostNotFoundError:
        return Error::ofKind(K::HostNotFound, detail);
    case QNetworkReply::TimeoutError:
        return Error::ofKind(K::Timeout, detail);
    case QNetworkReply::SslHandshakeFailedError:
        return Error::ofKind(K::Tls, detail);
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return Error::ofKind(K::NoNetwork, detail);
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::ContentReSendError: // Qt wanted to replay a send: see OneShotBody
        return Error::ofKind(K::ConnectionClosed, detail);
    case QNetworkReply::InsecureRedirectError:
        return Error::ofKind(K::Redirect, detail);
    default:
        return Error::ofKind(K::Network, detail);
    }
}

// A request body that Qt's HTTP stack cannot replay. When a connection breaks before any answer
// byte, Qt silently sends a buffered request again, whatever its method: for POST /email that
// could deliver an email twice. From this sequential, unbuffered body it cannot, so the request
// fails instead, and the caller decides (a send is never repeated).
class OneShotBody : public QIODevice
{
public:
    OneShotBody(const QByteArray &data, QObject *parent) : QIODevice(parent), m_data(data)
    {
        open(QIODevice::ReadOnly);
    }
    bool isSequential() const override { return true; }
    bool reset() override { return false; }
    bool seek(qint64) override { return false; }
    qint64 bytesAvailable() const override
    {
        return m_data.size() - m_position + QIODevice::bytesAvailable();
    }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = qMin<qint64>(maxSize, m_data.size() - m_position);
        memcpy(data, m_data.constData() + m_position, size_t(n));
        m_position += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    const QByteArray m_data;
    qint64 m_position = 0;
};

} // namespace

QNetworkReply *Client::sendOnce(Call *c)
{
    QNetworkRequest request = c->request;
    request.setHeader(QNetworkRequest::ContentLengthHeader, c->body.size());
    request.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
    auto *body = new OneShotBody(c->body, c);
    QNetworkReply *reply = m_network->sendCustomRequest(request, c->method, body);
    connect(reply, &QObject::destroyed, body, &QObject::deleteLater);
    return reply;
}

Client::Client(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent), m_network(network), m_baseUrl(defaultBaseUrl())
{
    Q_ASSERT(network);
}

Client::~Client()
{
    for (Call *c : std::as_const(m_calls)) {
        if (c->reply) {
            c->reply->disconnect(c);
            c->reply->abort();
            c->reply->deleteLater();
        }
        delete c;
    }
}

QUrl Client::defaultBaseUrl()
{
    return QUrl(QStringLiteral("https://api.postmarkapp.com"));
}

bool Client::isAcceptableBaseUrl(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty())
        return false;
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return true;
    if (scheme != QLatin1String("http"))
        return false;
    const QString host = url.host().toLower();
    if (host == QLatin1String("localhost"))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

void Client::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
}

QUrl Client::baseUrl() const
{
    return m_baseUrl;
}

void Client::setTimeout(int milliseconds)
{
    m_timeout = qMax(1, milliseconds);
}

int Client::timeout() const
{
    return m_timeout;
}

void Client::setRetryDelay(int milliseconds)
{
    m_retryDelay = qMax(0, milliseconds);
}

void Client::setMaxRetries(int retries)
{
    m_maxRetries = qMax(0, retries);
}

int Client::pendingCount() const
{
    return m_calls.size();
}

quint64 Client::supersede(const QString &purpose)
{
    if (purpose.isEmpty())
        return 0;
    abort(purpose);
    return ++m_purposeSerial[purpose];
}

void Client::abort(const QString &purpose)
{
    if (Call *c = m_byPurpose.value(purpose)) {
        c->superseded = true;
        if (c->reply)
            c->reply->abort(); // finish() follows
        else
            deliver(c, failure(Error::ofKind(Error::Kind::Superseded))); // it was waiting to retry
    }
}

void Client::call(const QByteArray &method, const QString &path,
                  const QList<QPair<QString, QString>> &query, TokenHeader header,
                  const QString &token, const QJsonObject *body, QObject *context,
                  const QString &purpose, std::function<void(const Answer &)> done)
{
    supersede(purpose);

    auto *c = new Call;
    c->method = method;
    c->retryable = method == "GET";
    c->purpose = purpose;
    c->hasContext = context != nullptr;
    c->context = context;
    c->done = std::move(done);
    m_calls.append(c);
    if (!purpose.isEmpty())
        m_byPurpose.insert(purpose, c);

    if (!isAcceptableBaseUrl(m_baseUrl)) {
        deliver(c, failure(Error::ofKind(Error::Kind::InsecureUrl, m_baseUrl.toDisplayString())));
        return;
    }
    if (!ApiToken::isWellFormed(token)) {
        deliver(c, failure(Error::ofKind(Error::Kind::MalformedToken)));
        return;
    }

    QUrl url = m_baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + path);
    if (!query.isEmpty()) {
        QUrlQuery q;
        q.setQueryItems(query);
        url.setQuery(q);
    }

    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader(header == TokenHeader::Server ? "X-Postmark-Server-Token"
                                                       : "X-Postmark-Account-Token",
                         token.toLatin1());
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QStringLiteral("EmailGatewayWizard/%1").arg(QStringLiteral(GW_VERSION)));
    if (body) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        c->body = QJsonDocument(*body).toJson(QJsonDocument::Compact);
    }
    c->request = request;
    c->timer.setSingleShot(true);
    start(c);
}

void Client::start(Call *c)
{
    c->received.clear();
    c->timedOut = false;
    c->tooLarge = false;
    if (c->method == "GET")
        c->reply = m_network->get(c->request);
    else
        c->reply = sendOnce(c);
    QNetworkReply *reply = c->reply;

    const auto checkSize = [this, c, reply](qint64 size) {
        if (size > m_maxAnswerSize && !c->tooLarge) {
            c->tooLarge = true;
            reply->abort();
        }
    };
    connect(reply, &QNetworkReply::metaDataChanged, c, [reply, checkSize] {
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid())
            checkSize(length.toLongLong());
    });
    connect(reply, &QNetworkReply::readyRead, c, [c, reply, checkSize] {
        c->received += reply->readAll();
        checkSize(c->received.size());
    });
    connect(reply, &QNetworkReply::finished, c, [this, c] { finish(c); });

    c->timer.disconnect();
    connect(&c->timer, &QTimer::timeout, c, [c] {
        c->timedOut = true;
        if (c->reply)
            c->reply->abort();
    });
    c->timer.start(m_timeout);
}

void Client::finish(Call *c)
{
    c->timer.stop();
    const Answer answer = interpret(c);
    QNetworkReply *reply = c->reply;
    c->reply = nullptr;
    reply->disconnect(c);
    reply->deleteLater();

    if (c->retryable && !c->superseded && c->attempt < m_maxRetries && isRetryable(answer.error)) {
        int delay = m_retryDelay << c->attempt;
        const QByteArray retryAfter = reply->rawHeader("Retry-After");
        bool ok = false;
        const int seconds = retryAfter.toInt(&ok);
        if (ok && seconds > 0)
            delay = qMin(seconds * 1000, 30000);
        ++c->attempt;
        c->timer.disconnect();
        connect(&c->timer, &QTimer::timeout, c, [this, c] { start(c); });
        c->timer.start(delay);
        return;
    }
    deliver(c, answer);
}

Client::Answer Client::failure(const Error &error)
{
    Answer a;
    a.error = error;
    return a;
}

void Client::deliver(Call *c, const Answer &answer)
{
    m_calls.removeOne(c);
    if (!c->purpose.isEmpty() && m_byPurpose.value(c->purpose) == c)
        m_byPurpose.remove(c->purpose);
    c->timer.stop();
    // Always asynchronous: a caller never sees its callback run inside its own call.
    QMetaObject::invokeMethod(
        this,
        [guard = c->context, hasContext = c->hasContext, done = std::move(c->done), answer] {
            if (!hasContext || guard)
                done(answer);
        },
        Qt::QueuedConnection);
    c->deleteLater();
}

Client::Answer Client::interpret(Call *c) const
{
    using K = Error::Kind;
    Answer a;
    if (c->superseded) {
        a.error = Error::ofKind(K::Superseded);
        return a;
    }
    if (c->tooLarge) {
        a.error = Error::ofKind(K::TooLarge);
        return a;
    }
    if (c->timedOut) {
        a.error = Error::ofKind(K::Timeout);
        return a;
    }

    QNetworkReply *reply = c->reply;
    a.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (a.httpStatus == 0) {
        a.error = transportError(reply);
        return a;
    }
    if (a.httpStatus >= 300 && a.httpStatus < 400) {
        a.error = Error::ofKind(K::Redirect,
                                reply->header(QNetworkRequest::LocationHeader).toUrl().host());
        a.error.httpStatus = a.httpStatus;
        return a;
    }

    c->received += reply->readAll();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(c->received, &parseError);
    const bool isJsonObject = parseError.error == QJsonParseError::NoError && doc.isObject();
    const bool saysJson = reply->header(QNetworkRequest::ContentTypeHeader)
                              .toString()
                              .contains(QLatin1String("json"), Qt::CaseInsensitive);
    if (isJsonObject)
        a.json = doc.object();

    const std::optional<int> apiCode = PostmarkJson::errorCode(a.json);
    const QString apiMessage = a.json.value(QLatin1String("Message")).toString();
    auto fail = [&a, &apiCode, &apiMessage](K kind) {
        a.error.kind = kind;
        a.error.httpStatus = a.httpStatus;
        a.error.apiCode = apiCode.value_or(-1);
        a.error.apiMessage = apiMessage;
    };

    if (a.httpStatus >= 200 && a.httpStatus < 300) {
        if (!isJsonObject) {
            fail(saysJson ? K::BadResponse : K::NotPostmark);
            a.error.detail = parseError.errorString();
        }
        return a;
    }
    if (a.httpStatus == 429)
        fail(K::RateLimited);
    else if (a.httpStatus == 503)
        fail(K::Outage);
    else if (a.httpStatus >= 500)
        fail(K::ServerError);
    else if (isJsonObject && apiCode)
        a.error = Error::api(a.httpStatus, *apiCode, apiMessage);
    else
        fail(K::NotPostmark); // a 4xx that is not Postmark's JSON: a proxy, firewall or portal
    return a;
}

void Client::validateToken(const QString &token, QObject *context, Callback<TokenCheck> done,
                           const QString &purpose)
{
    if (ApiToken::isTestToken(token) || !ApiToken::isWellFormed(token)) {
        supersede(purpose);
        TokenCheck check;
        check.kind = ApiToken::isTestToken(token) ? TokenKind::Test : TokenKind::Invalid;
        QPointer<QObject> guard(context);
        QMetaObject::invokeMethod(
            this,
            [guard, hasContext = context != nullptr, done, check] {
                if (!hasContext || guard)
                    done(Result<TokenCheck>{check, {}});
            },
            Qt::QueuedConnection);
        return;
    }
    // The serial this check's GET /server will have: its account probe must not abort a newer
    // request made for the same purpose in the meantime.
    const quint64 serial = m_purposeSerial.value(purpose) + 1;
    call("GET", QStringLiteral("/server"), {}, TokenHeader::Server, token, nullptr, context,
         purpose, [this, token, context, done, purpose, serial](const Answer &a) {
             if (!purpose.isEmpty() && m_purposeSerial.value(purpose) != serial) {
                 Result<TokenCheck> superseded;
                 superseded.error = Error::ofKind(Error::Kind::Superseded);
                 done(superseded);
                 return;
             }
             if (a.error.isAuthFailure()) {
                 probeAccountToken(token, context, done, purpose);
                 return;
             }
             Result<TokenCheck> r;
             r.error = a.error;
             if (r.ok()) {
                 if (const auto server = PostmarkJson::parseServer(a.json)) {
                     r.value.kind = TokenKind::Server;
                     r.value.server = *server;
                 } else {
                     r.error =
                         Error::ofKind(Error::Kind::BadResponse, QStringLiteral("GET /server"));
                 }
             }
             done(r);
         });
}

void Client::probeAccountToken(const QString &token, QObject *context, Callback<TokenCheck> done,
                               const QString &purpose)
{
    call("GET", QStringLiteral("/servers"),
         {{QStringLiteral("count"), QStringLiteral("1")},
          {QStringLiteral("offset"), QStringLiteral("0")}},
         TokenHeader::Account, token, nullptr, context, purpose, [done](const Answer &a) {
             Result<TokenCheck> r;
             if (a.error.isAuthFailure()) {
                 r.value.kind = TokenKind::Invalid; // neither a server nor an account token
             } else if (a.error.kind != Error::Kind::None) {
                 r.error = a.error;
             } else {
                 r.value.kind = TokenKind::Account;
                 r.value.accountServerCount = a.json.value(QLatin1String("TotalCount")).toInt();
             }
             done(r);
         });
}

// Runs `parse` on a successful answer; a parse that fails is a BadResponse.
namespace {

template<typename T, typename Parse>
auto parsed(Client::Callback<T> done, Parse parse, const char *what)
{
    return [done = std::move(done), parse, what](const auto &answer) {
        Result<T> r;
        r.error = answer.error;
        if (r.ok()) {
            const std::optional<T> value = parse(answer.json);
            if (value)
                r.value = *value;
            else
                r.error = Error::ofKind(Error::Kind::BadResponse, QLatin1String(what));
        }
        done(r);
    };
}

} // namespace

void Client::listStreams(const QString &token, bool includeArchived, QObject *context,
                         Callback<QList<MessageStream>> done, const QString &purpose)
{
    call("GET", QStringLiteral("/message-streams"),
         {{QStringLiteral("MessageStreamType"), QStringLiteral("All")},
          {QStringLiteral("IncludeArchivedStreams"),
           includeArchived ? QStringLiteral("true") : QStringLiteral("false")}},
         TokenHeader::Server, token, nullptr, context, purpose,
         parsed(std::move(done), PostmarkJson::parseStreamList, "GET /message-streams"));
}

void Client::createStream(const QString &token, const NewMessageStream &stream, QObject *context,
                          Callback<MessageStream> done, const QString &purpose)
{
    const QJsonObject body = PostmarkJson::toJson(stream);
    call("POST", QStringLiteral("/message-streams"), {}, TokenHeader::Server, token, &body, context,
         purpose, parsed(std::move(done), PostmarkJson::parseStream, "POST /message-streams"));
}

void Client::archiveStream(const QString &token, const QString &streamId, QObject *context,
                           Callback<QDateTime> done, const QString &purpose)
{
    const QJsonObject body;
    const auto parse = [](const QJsonObject &o) -> std::optional<QDateTime> {
        if (!o.contains(QLatin1String("ID")))
            return std::nullopt;
        return PostmarkJson::parseDateTime(o.value(QLatin1String("ExpectedPurgeDate")));
    };
    call("POST",
         QStringLiteral("/message-streams/%1/archive")
             .arg(QString::fromLatin1(QUrl::toPercentEncoding(streamId))),
         {}, TokenHeader::Server, token, &body, context, purpose,
         parsed(std::move(done), parse, "POST /message-streams/{id}/archive"));
}

void Client::sendEmail(const QString &token, const Email &email, QObject *context,
                       Callback<SendResult> done, const QString &purpose)
{
    const QJsonObject body = PostmarkJson::toJson(email);
    call("POST", QStringLiteral("/email"), {}, TokenHeader::Server, token, &body, context, purpose,
         parsed(std::move(done), PostmarkJson::parseSendResult, "POST /email"));
}

void Client::listWebhooks(const QString &token, const QString &streamId, QObject *context,
                          Callback<QList<Webhook>> done, const QString &purpose)
{
    call("GET", QStringLiteral("/webhooks"), {{QStringLiteral("MessageStream"), streamId}},
         TokenHeader::Server, token, nullptr, context, purpose,
         parsed(std::move(done), PostmarkJson::parseWebhookList, "GET /webhooks"));
}

void Client::createWebhook(const QString &token, const Webhook &webhook, QObject *context,
                           Callback<Webhook> done, const QString &purpose)
{
    const QJsonObject body = PostmarkJson::toJson(webhook);
    call("POST", QStringLiteral("/webhooks"), {}, TokenHeader::Server, token, &body, context,
         purpose, parsed(std::move(done), PostmarkJson::parseWebhook, "POST /webhooks"));
}

void Client::updateWebhook(const QString &token, const Webhook &webhook, QObject *context,
                           Callback<Webhook> done, const QString &purpose)
{
    const QJsonObject body = PostmarkJson::toJson(webhook);
    call("PUT", QStringLiteral("/webhooks/%1").arg(webhook.id), {}, TokenHeader::Server, token,
         &body, context, purpose,
         parsed(std::move(done), PostmarkJson::parseWebhook, "PUT /webhooks/{id}"));
}

} // namespace Postmark
