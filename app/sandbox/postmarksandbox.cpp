#include "postmarksandbox.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPointer>
#include <QRegularExpression>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

#include <algorithm>

namespace {

constexpr qint64 kMaxBody = 10 * 1024 * 1024; // request bodies beyond this answer 413
constexpr int kMaxHeader = 64 * 1024;         // request line + headers
constexpr int kMaxRequestLine = 8 * 1024;
constexpr int kMaxStreams = 10;
constexpr int kMaxWebhooksPerStream = 10;
constexpr int kMaxRecipients = 50;

const QString kTestToken = QStringLiteral("POSTMARK_API_TEST");
const QString kAdminPrefix = QStringLiteral("/__sandbox/");

struct Stream
{
    QString id;
    QString name;
    QString description; // null QString: JSON null
    QString type;        // Transactional | Broadcasts | Inbound
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime archivedAt;
    QDateTime purgeDate;
    QString unsubscribeHandling;

    bool archived() const { return archivedAt.isValid(); }
};

struct WebhookData
{
    int id = 0;
    QString url;
    QString stream;
    bool hasAuth = false;
    QString username;
    QString password;
    QJsonArray headers;
    bool open = false;
    bool postFirstOpenOnly = false;
    bool click = false;
    bool delivery = false;
    bool bounce = false;
    bool bounceContent = false;
    bool spam = false;
    bool spamContent = false;
    bool subscriptionChange = false;
};

struct ServerData
{
    int id = 0;
    QString name;
    QString color;
    QString deliveryType;
    QString token;
    bool pendingApproval = false;
    QList<Stream> streams;
    QList<WebhookData> webhooks;
    int sent = 0;

    Stream *stream(const QString &streamId)
    {
        for (Stream &s : streams) {
            if (s.id == streamId)
                return &s;
        }
        return nullptr;
    }
    QString inboundHash() const
    {
        return QString::fromLatin1(QCryptographicHash::hash(QByteArray::number(id) + name.toUtf8(),
                                                            QCryptographicHash::Md5)
                                       .toHex());
    }
};

struct Signature
{
    QString email; // lowercase
    bool confirmed = false;
};

struct Request
{
    QByteArray method;
    QByteArray target;
    QString path; // decoded, without query
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // lowercase names
    QByteArray body;
    bool keepAlive = true;

    QByteArray header(const char *name) const { return headers.value(QByteArray(name)); }
    bool hasHeader(const char *name) const { return headers.contains(QByteArray(name)); }
    QString queryValue(const QString &name) const // case-insensitive name, like ASP.NET
    {
        const auto items = query.queryItems(QUrl::FullyDecoded);
        for (const auto &item : items) {
            if (item.first.compare(name, Qt::CaseInsensitive) == 0)
                return item.second;
        }
        return {};
    }
    bool hasQuery(const QString &name) const
    {
        const auto items = query.queryItems(QUrl::FullyDecoded);
        return std::any_of(items.begin(), items.end(), [&](const auto &item) {
            return item.first.compare(name, Qt::CaseInsensitive) == 0;
        });
    }
};

struct Reply
{
    int status = 200;
    QByteArray contentType = "application/json; charset=utf-8";
    QByteArray body;
    int apiErrorCode = -1; // sent as X-PM-ApiErrorCode on error answers
    QList<QPair<QByteArray, QByteArray>> extraHeaders;
    bool drop = false;  // abort the connection instead of answering
    bool close = false; // answer, then close the connection
};

struct Connection
{
    QByteArray buffer;
    bool busy = false; // an answer is scheduled (latency); later requests wait in the buffer
    bool hung = false; // Fault::Hang: never answer again
    bool closing = false;
};

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Payload Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Unknown";
    }
}

QByteArray httpDate()
{
    return QLocale::c()
               .toString(QDateTime::currentDateTimeUtc(),
                         QStringLiteral("ddd, dd MMM yyyy HH:mm:ss"))
               .toLatin1()
        + " GMT";
}

// Postmark's timestamp style: seven fractional digits and the US Eastern offset.
QJsonValue pmTime(const QDateTime &dt)
{
    if (!dt.isValid())
        return QJsonValue::Null;
    const QDateTime eastern = dt.toOffsetFromUtc(-5 * 3600);
    return eastern.toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz"))
        + QStringLiteral("0000-05:00");
}

QJsonValue nullable(const QString &s)
{
    return s.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

Reply jsonReply(int status, const QJsonObject &object)
{
    Reply r;
    r.status = status;
    r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return r;
}

Reply errorReply(int status, int errorCode, const QString &message)
{
    Reply r = jsonReply(status, QJsonObject{{"ErrorCode", errorCode}, {"Message", message}});
    r.apiErrorCode = errorCode;
    return r;
}

// Protocol-level errors, as the web server in front of the API answers them: no ErrorCode.
Reply protocolError(int status, const QString &message)
{
    Reply r = jsonReply(status, QJsonObject{{"Message", message}});
    r.close = true;
    return r;
}

Reply invalidJson()
{
    return errorReply(422, 402, QStringLiteral("Received invalid JSON input."));
}

Reply serverTokenError()
{
    return errorReply(401, 10, QStringLiteral("Request does not contain a valid Server token."));
}

Reply streamNotFound(int status = 404)
{
    return errorReply(status, 1226,
                      QStringLiteral("The message stream for the provided 'ID' was not found."));
}

QString unsubscribeFor(const QString &type)
{
    return type == QLatin1String("Broadcasts") ? QStringLiteral("Postmark")
                                               : QStringLiteral("None");
}

QString canonicalStreamType(const QString &type)
{
    for (const char *t : {"Transactional", "Broadcasts", "Inbound"}) {
        if (type.compare(QLatin1String(t), Qt::CaseInsensitive) == 0)
            return QLatin1String(t);
    }
    return {};
}

QJsonObject streamJson(const ServerData &server, const Stream &s)
{
    return QJsonObject{
        {"ID", s.id},
        {"ServerID", server.id},
        {"Name", s.name},
        {"Description", nullable(s.description)},
        {"MessageStreamType", s.type},
        {"CreatedAt", pmTime(s.createdAt)},
        {"UpdatedAt", pmTime(s.updatedAt)},
        {"ArchivedAt", pmTime(s.archivedAt)},
        {"ExpectedPurgeDate", pmTime(s.purgeDate)},
        {"SubscriptionManagementConfiguration",
         QJsonObject{{"UnsubscribeHandlingType", s.unsubscribeHandling}}},
    };
}

QJsonObject serverJson(const ServerData &s)
{
    const QString hash = s.inboundHash();
    return QJsonObject{
        {"ID", s.id},
        {"Name", s.name},
        {"ApiTokens", QJsonArray{s.token}},
        {"Color", s.color},
        {"SmtpApiActivated", true},
        {"RawEmailEnabled", false},
        {"DeliveryType", s.deliveryType},
        {"ServerLink",
         QStringLiteral("https://account.postmarkapp.com/servers/%1/streams").arg(s.id)},
        {"InboundAddress", hash + QStringLiteral("@inbound.postmarkapp.com")},
        {"InboundHookUrl", QJsonValue::Null},
        {"BounceHookUrl", QJsonValue::Null},
        {"OpenHookUrl", QJsonValue::Null},
        {"DeliveryHookUrl", QJsonValue::Null},
        {"ClickHookUrl", QJsonValue::Null},
        {"PostFirstOpenOnly", false},
        {"InboundDomain", ""},
        {"InboundHash", hash},
        {"InboundSpamThreshold", 5},
        {"TrackOpens", false},
        {"TrackLinks", "None"},
        {"IncludeBounceContentInHook", true},
        {"EnableSmtpApiErrorHooks", false},
    };
}

QJsonObject webhookJson(const WebhookData &w)
{
    QJsonValue auth = QJsonValue::Null;
    if (w.hasAuth)
        auth = QJsonObject{{"Username", w.username}, {"Password", w.password}};
    return QJsonObject{
        {"ID", w.id},
        {"Url", w.url},
        {"MessageStream", w.stream},
        {"HttpAuth", auth},
        {"HttpHeaders", w.headers},
        {"Triggers",
         QJsonObject{
             {"Open", QJsonObject{{"Enabled", w.open}, {"PostFirstOpenOnly", w.postFirstOpenOnly}}},
             {"Click", QJsonObject{{"Enabled", w.click}}},
             {"Delivery", QJsonObject{{"Enabled", w.delivery}}},
             {"Bounce", QJsonObject{{"Enabled", w.bounce}, {"IncludeContent", w.bounceContent}}},
             {"SpamComplaint", QJsonObject{{"Enabled", w.spam}, {"IncludeContent", w.spamContent}}},
             {"SubscriptionChange", QJsonObject{{"Enabled", w.subscriptionChange}}},
         }},
    };
}

// "Name <a@b.c>", "\"Last, First\" <a@b.c>" or "a@b.c"; returns the bare address or "" if invalid.
QString mailboxAddress(const QString &entry)
{
    static const QRegularExpression addressRe(
        QStringLiteral("^[^@\\s<>(),;:\"\\[\\]]+@([A-Za-z0-9-]+\\.)+[A-Za-z0-9-]{2,}$"));
    QString text = entry.trimmed();
    if (text.endsWith(QLatin1Char('>'))) {
        const int open = text.lastIndexOf(QLatin1Char('<'));
        if (open < 0)
            return {};
        text = text.mid(open + 1, text.size() - open - 2).trimmed();
    }
    return addressRe.match(text).hasMatch() ? text : QString();
}

// Splits a comma-separated address list (commas inside quotes or <> do not split).
QStringList splitAddressList(const QString &list)
{
    QStringList parts;
    QString current;
    bool quoted = false;
    int angle = 0;
    for (const QChar c : list) {
        if (c == QLatin1Char('"'))
            quoted = !quoted;
        else if (c == QLatin1Char('<') && !quoted)
            ++angle;
        else if (c == QLatin1Char('>') && !quoted && angle > 0)
            --angle;
        if (c == QLatin1Char(',') && !quoted && angle == 0) {
            parts.append(current);
            current.clear();
        } else {
            current.append(c);
        }
    }
    parts.append(current);
    QStringList result;
    for (const QString &p : std::as_const(parts)) {
        if (!p.trimmed().isEmpty())
            result.append(p.trimmed());
    }
    return result;
}

QString domainOf(const QString &address)
{
    return address.mid(address.lastIndexOf(QLatin1Char('@')) + 1).toLower();
}

bool isJsonContentType(const QByteArray &value)
{
    return value.toLower().contains("application/json");
}

enum class Parse { NeedMore, Ok, Error };

bool isToken(const QByteArray &s)
{
    if (s.isEmpty())
        return false;
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 32 || u >= 127 || QByteArray("()<>@,;:\\\"/[]?={}").contains(c))
            return false;
    }
    return true;
}

bool isMethod(const QByteArray &s)
{
    if (s.isEmpty() || s.size() > 16)
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Checks a complete request line; on failure sets *status.
bool parseRequestLine(const QByteArray &line, Request *req, int *status)
{
    const QList<QByteArray> parts = line.split(' ');
    *status = 400;
    if (parts.size() != 3 || !isMethod(parts[0]))
        return false;
    const QByteArray &version = parts[2];
    if (!version.startsWith("HTTP/"))
        return false;
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        static const QRegularExpression versionRe(QStringLiteral("^HTTP/\\d(\\.\\d)?$"));
        if (versionRe.match(QString::fromLatin1(version)).hasMatch())
            *status = 505;
        return false;
    }
    QByteArray target = parts[1];
    if (target.startsWith("http://") || target.startsWith("https://")) {
        const QUrl url(QString::fromLatin1(target));
        if (!url.isValid())
            return false;
        target = url.path(QUrl::FullyEncoded).toLatin1();
        if (target.isEmpty())
            target = "/";
        if (url.hasQuery())
            target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    }
    if (!target.startsWith('/'))
        return false;
    for (const char c : std::as_const(target)) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 33 || u >= 127)
            return false;
    }
    req->method = parts[0];
    req->target = target;
    const int q = target.indexOf('?');
    req->path = QUrl::fromPercentEncoding(q < 0 ? target : target.left(q));
    if (q >= 0)
        req->query.setQuery(QString::fromUtf8(target.mid(q + 1)));
    req->keepAlive = version == "HTTP/1.1"; // corrected by the Connection header
    return true;
}

// Takes one complete request off the front of buf.
Parse parseRequest(QByteArray &buf, Request *req, int *errStatus, QString *errMessage)
{
    int skip = 0;
    while (skip < buf.size() && (buf[skip] == '\r' || buf[skip] == '\n'))
        ++skip;
    if (skip > 0)
        buf.remove(0, skip);
    if (buf.isEmpty())
        return Parse::NeedMore;

    // Reject garbage early, without waiting for a blank line that may never come.
    const int firstSpace = buf.indexOf(' ');
    const int methodEnd = firstSpace < 0 ? buf.size() : firstSpace;
    if (!isMethod(buf.left(std::min(methodEnd, 17))) || (firstSpace < 0 && buf.size() > 16)) {
        *errStatus = 400;
        *errMessage = QStringLiteral("Bad request: malformed request line.");
        return Parse::Error;
    }

    int end = buf.indexOf("\r\n\r\n");
    int separator = 4;
    const int bareEnd = buf.indexOf("\n\n");
    if (bareEnd >= 0 && (end < 0 || bareEnd < end)) {
        end = bareEnd;
        separator = 2;
    }
    if (end < 0) {
        const int newline = buf.indexOf('\n');
        if (newline >= 0) {
            Request probe;
            if (!parseRequestLine(
                    buf.left(newline).chopped(buf.left(newline).endsWith('\r') ? 1 : 0), &probe,
                    errStatus)) {
                *errMessage = QStringLiteral("Bad request: malformed request line.");
                return Parse::Error;
            }
        } else if (buf.size() > kMaxRequestLine) {
            *errStatus = 400;
            *errMessage = QStringLiteral("Bad request: request line too long.");
            return Parse::Error;
        }
        if (buf.size() > kMaxHeader) {
            *errStatus = 400;
            *errMessage = QStringLiteral("Bad request: request headers too large.");
            return Parse::Error;
        }
        return Parse::NeedMore;
    }
    if (end > kMaxHeader) {
        *errStatus = 400;
        *errMessage = QStringLiteral("Bad request: request headers too large.");
        return Parse::Error;
    }

    QList<QByteArray> lines = buf.left(end).split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    Request r;
    if (!parseRequestLine(lines.first(), &r, errStatus)) {
        *errMessage = *errStatus == 505 ? QStringLiteral("HTTP version not supported.")
                                        : QStringLiteral("Bad request: malformed request line.");
        return Parse::Error;
    }
    *errStatus = 400;
    for (int i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        const int colon = line.indexOf(':');
        if (line.startsWith(' ') || line.startsWith('\t') || colon <= 0
            || !isToken(line.left(colon))) {
            *errMessage = QStringLiteral("Bad request: malformed header line.");
            return Parse::Error;
        }
        const QByteArray name = line.left(colon).toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (r.headers.contains(name)) {
            if (name == "content-length") {
                if (r.headers.value(name) != value) {
                    *errMessage = QStringLiteral("Bad request: conflicting Content-Length.");
                    return Parse::Error;
                }
                continue;
            }
            r.headers[name] += ", " + value;
        } else {
            r.headers.insert(name, value);
        }
    }

    const QByteArray connection = r.header("connection").toLower();
    if (connection.contains("close"))
        r.keepAlive = false;
    else if (connection.contains("keep-alive"))
        r.keepAlive = true;

    if (r.hasHeader("transfer-encoding")
        && r.header("transfer-encoding").trimmed().toLower() != "identity") {
        *errStatus = 413;
        *errMessage =
            QStringLiteral("Chunked request bodies are not supported: send Content-Length.");
        return Parse::Error;
    }
    qint64 length = 0;
    if (r.hasHeader("content-length")) {
        const QByteArray value = r.header("content-length");
        bool ok = !value.isEmpty() && value.size() <= 15
            && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
        length = ok ? value.toLongLong(&ok) : 0;
        if (!ok) {
            *errMessage = QStringLiteral("Bad request: invalid Content-Length.");
            return Parse::Error;
        }
        if (length > kMaxBody) {
            *errStatus = 413;
            *errMessage = QStringLiteral("Request body too large (the limit is 10 MB).");
            return Parse::Error;
        }
    }
    if (buf.size() < end + separator + length)
        return Parse::NeedMore;
    r.body = buf.mid(end + separator, length);
    buf.remove(0, end + separator + length);
    *req = r;
    return Parse::Ok;
}

enum class Route {
    None,
    Server,
    Servers,
    Email,
    Streams,
    Stream,
    StreamArchive,
    StreamUnarchive,
    Webhooks,
    Webhook,
};

} // namespace

struct PostmarkSandbox::Private
{
    explicit Private(PostmarkSandbox *owner) : q(owner) { }

    PostmarkSandbox *q;
    QTcpServer server;
    QString errorString;
    QHash<QTcpSocket *, Connection> connections;

    int latencyMs = 0;
    Fault fault = Fault::None;
    QStringList faultPaths;
    int faultCount = -1;

    int requests = 0;
    QHash<QString, int> pathCounts;
    int connectionsAccepted = 0;

    QList<ServerData> servers;
    QList<Signature> signatures;
    QStringList verifiedDomains;
    QStringList inactiveRecipients;
    int nextServerId = 101;
    int nextWebhookId = 1;

    // State
    void seed();
    int createServer(const QString &name, const QString &token, const QString &color,
                     const QString &deliveryType, bool pending, const QDateTime &created);
    ServerData *serverByToken(const QString &token);
    Fault activeFault() const { return faultCount == 0 ? Fault::None : fault; }
    Fault takeFault(const QString &path);
    QJsonObject statsJson() const;

    // Connections
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void processBuffer(QTcpSocket *socket);
    void handleRequest(QTcpSocket *socket, const Request &req);
    void deliver(QTcpSocket *socket, const Reply &reply, bool keepAlive);
    void finish(QTcpSocket *socket, const Reply &reply, bool keepAlive);
    void writeReply(QTcpSocket *socket, const Reply &reply, bool keepAlive);
    void dropSocket(QTcpSocket *socket);
    void abortSocket(QTcpSocket *socket);
    void closeAll();

    // Answers
    Reply faultReply(Fault f) const;
    Reply handleAdmin(const Request &req);
    Reply handleApi(const Request &req);
    Reply handleEmail(ServerData *server, const QJsonObject &body);
    Reply handleListStreams(ServerData &server, const Request &req);
    Reply handleCreateStream(ServerData &server, const QJsonObject &body);
    Reply handlePatchStream(ServerData &server, const QString &id, const QJsonObject &body);
    Reply handleArchive(ServerData &server, const QString &id, bool archive);
    Reply handleCreateWebhook(ServerData &server, const QJsonObject &body);
    Reply handleUpdateWebhook(ServerData &server, int id, const QJsonObject &body);
    static std::optional<Reply> applyWebhookFields(WebhookData &w, const QJsonObject &body,
                                                   bool urlRequired);
};

// ---------------------------------------------------------------------------------------------
// Seeded state

int PostmarkSandbox::Private::createServer(const QString &name, const QString &token,
                                           const QString &color, const QString &deliveryType,
                                           bool pending, const QDateTime &created)
{
    ServerData s;
    s.id = nextServerId++;
    s.name = name;
    s.color = color;
    s.deliveryType = deliveryType;
    s.token = token;
    s.pendingApproval = pending;
    const struct
    {
        const char *id;
        const char *name;
        const char *type;
    } defaults[] = {
        {"outbound", "Default Transactional Stream", "Transactional"},
        {"inbound", "Default Inbound Stream", "Inbound"},
        {"broadcast", "Default Broadcast Stream", "Broadcasts"},
    };
    for (const auto &d : defaults) {
        Stream st;
        st.id = QLatin1String(d.id);
        st.name = QLatin1String(d.name);
        st.type = QLatin1String(d.type);
        st.createdAt = created;
        st.updatedAt = created;
        st.unsubscribeHandling = unsubscribeFor(st.type);
        s.streams.append(st);
    }
    servers.append(s);
    return s.id;
}

void PostmarkSandbox::Private::seed()
{
    servers.clear();
    signatures.clear();
    verifiedDomains.clear();
    inactiveRecipients.clear();
    nextServerId = 101;
    nextWebhookId = 1;
    const DemoTokens tokens = demoTokens();
    const QDateTime created(QDate(2024, 3, 12), QTime(14, 5, 30), Qt::UTC);
    createServer(QStringLiteral("Demo Marketing"), tokens.server, QStringLiteral("Turquoise"),
                 QStringLiteral("Live"), false, created);
    createServer(QStringLiteral("Demo Sandbox"), tokens.sandboxServer, QStringLiteral("Purple"),
                 QStringLiteral("Sandbox"), false, created.addDays(7));
    createServer(QStringLiteral("Pending Approval"), tokens.pendingServer, QStringLiteral("Orange"),
                 QStringLiteral("Live"), true, created.addDays(30));
    signatures.append({QStringLiteral("hello@demo-marketing.example"), true});
    signatures.append({QStringLiteral("pending@other.example"), false});
    verifiedDomains.append(QStringLiteral("demo-marketing.example"));
    inactiveRecipients.append(QStringLiteral("bounced@demo-marketing.example"));
    inactiveRecipients.append(QStringLiteral("complained@demo-marketing.example"));
}

ServerData *PostmarkSandbox::Private::serverByToken(const QString &token)
{
    if (token.isEmpty())
        return nullptr;
    for (ServerData &s : servers) {
        if (s.token == token)
            return &s;
    }
    return nullptr;
}

PostmarkSandbox::Fault PostmarkSandbox::Private::takeFault(const QString &path)
{
    const Fault f = activeFault();
    if (f == Fault::None)
        return f;
    if (!faultPaths.isEmpty()) {
        const bool matches =
            std::any_of(faultPaths.begin(), faultPaths.end(),
                        [&](const QString &prefix) { return path.startsWith(prefix); });
        if (!matches)
            return Fault::None;
    }
    if (faultCount > 0 && --faultCount == 0) {
        fault = Fault::None;
        faultPaths.clear();
        faultCount = -1;
    }
    return f;
}

QJsonObject PostmarkSandbox::Private::statsJson() const
{
    QJsonObject paths;
    for (auto it = pathCounts.begin(); it != pathCounts.end(); ++it)
        paths.insert(it.key(), it.value());
    QJsonObject stats{
        {"Requests", requests},   {"Connections", connectionsAccepted}, {"Paths", paths},
        {"LatencyMs", latencyMs}, {"Fault", faultName(activeFault())},
    };
    if (activeFault() != Fault::None) {
        stats.insert("FaultPaths", QJsonArray::fromStringList(faultPaths));
        stats.insert("FaultCount", faultCount);
    }
    return stats;
}

// ---------------------------------------------------------------------------------------------
// Connections

void PostmarkSandbox::Private::onNewConnection()
{
    while (server.hasPendingConnections()) {
        QTcpSocket *socket = server.nextPendingConnection();
        if (!socket)
            break;
        ++connectionsAccepted;
        connections.insert(socket, Connection());
        QObject::connect(socket, &QTcpSocket::readyRead, q,
                         [this, socket] { onReadyRead(socket); });
        QObject::connect(socket, &QTcpSocket::disconnected, q,
                         [this, socket] { dropSocket(socket); });
        if (socket->bytesAvailable() > 0)
            onReadyRead(socket);
    }
}

void PostmarkSandbox::Private::onReadyRead(QTcpSocket *socket)
{
    auto it = connections.find(socket);
    if (it == connections.end())
        return;
    const QByteArray data = socket->readAll();
    if (it->hung || it->closing)
        return; // read and discard
    it->buffer += data;
    if (it->buffer.size() > kMaxBody + kMaxHeader * 2) {
        abortSocket(socket);
        return;
    }
    processBuffer(socket);
}

void PostmarkSandbox::Private::processBuffer(QTcpSocket *socket)
{
    for (;;) {
        // Look the connection up again each time: an answer may have closed the socket.
        auto it = connections.find(socket);
        if (it == connections.end() || it->busy || it->hung || it->closing)
            return;
        Request req;
        int status = 400;
        QString message;
        const Parse result = parseRequest(it->buffer, &req, &status, &message);
        if (result == Parse::NeedMore)
            return;
        if (result == Parse::Error) {
            it->buffer.clear();
            writeReply(socket, protocolError(status, message), false);
            return;
        }
        handleRequest(socket, req);
    }
}

void PostmarkSandbox::Private::handleRequest(QTcpSocket *socket, const Request &req)
{
    if (req.path.startsWith(kAdminPrefix)) {
        const Reply reply = handleAdmin(req);
        writeReply(socket, reply, req.keepAlive && !reply.close);
        return;
    }
    ++requests;
    // Counted per path, but a client looping over random paths must not grow this without end.
    if (pathCounts.size() < 256 || pathCounts.contains(req.path))
        ++pathCounts[req.path];
    else
        ++pathCounts[QStringLiteral("(other paths)")];
    const Fault f = takeFault(req.path);
    if (f == Fault::Hang) {
        auto it = connections.find(socket);
        if (it != connections.end()) {
            it->hung = true;
            it->buffer.clear();
        }
        return;
    }
    const Reply reply = f == Fault::None ? handleApi(req) : faultReply(f);
    deliver(socket, reply, req.keepAlive && !reply.close);
}

void PostmarkSandbox::Private::deliver(QTcpSocket *socket, const Reply &reply, bool keepAlive)
{
    if (latencyMs <= 0) {
        finish(socket, reply, keepAlive);
        return;
    }
    auto it = connections.find(socket);
    if (it == connections.end())
        return;
    it->busy = true;
    const QPointer<QTcpSocket> guard(socket);
    QTimer::singleShot(latencyMs, Qt::PreciseTimer, q, [this, guard, reply, keepAlive] {
        if (!guard)
            return; // the socket is gone: drop the answer
        auto it = connections.find(guard.data());
        if (it == connections.end())
            return;
        it->busy = false;
        if (guard->state() != QAbstractSocket::ConnectedState) {
            dropSocket(guard.data());
            return;
        }
        finish(guard.data(), reply, keepAlive);
        if (guard)
            processBuffer(guard.data()); // requests that arrived meanwhile
    });
}

void PostmarkSandbox::Private::finish(QTcpSocket *socket, const Reply &reply, bool keepAlive)
{
    if (reply.drop)
        abortSocket(socket);
    else
        writeReply(socket, reply, keepAlive);
}

void PostmarkSandbox::Private::writeReply(QTcpSocket *socket, const Reply &reply, bool keepAlive)
{
    auto it = connections.find(socket);
    if (it == connections.end())
        return;
    QByteArray head;
    head.reserve(512);
    head +=
        "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    head += "Date: " + httpDate() + "\r\n";
    head += "Server: postmark-sandbox\r\n";
    head += "Content-Type: " + reply.contentType + "\r\n";
    head += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
    head += QByteArray("Connection: ") + (keepAlive ? "keep-alive" : "close") + "\r\n";
    if (reply.apiErrorCode >= 0 && reply.status >= 400)
        head += "X-PM-ApiErrorCode: " + QByteArray::number(reply.apiErrorCode) + "\r\n";
    for (const auto &h : reply.extraHeaders)
        head += h.first + ": " + h.second + "\r\n";
    head += "\r\n";
    if (!keepAlive)
        it->closing = true;
    socket->write(head);
    constexpr qsizetype chunk = 256 * 1024;
    for (qsizetype pos = 0; pos < reply.body.size(); pos += chunk)
        socket->write(reply.body.constData() + pos, std::min(chunk, reply.body.size() - pos));
    if (!keepAlive)
        socket->disconnectFromHost(); // after the pending bytes are written
}

void PostmarkSandbox::Private::dropSocket(QTcpSocket *socket)
{
    connections.remove(socket);
    socket->deleteLater();
}

void PostmarkSandbox::Private::abortSocket(QTcpSocket *socket)
{
    connections.remove(socket);
    QObject::disconnect(socket, nullptr, q, nullptr);
    socket->abort();
    socket->deleteLater();
}

void PostmarkSandbox::Private::closeAll()
{
    const QList<QTcpSocket *> sockets = connections.keys();
    for (QTcpSocket *socket : sockets)
        abortSocket(socket);
    connections.clear();
}

// ---------------------------------------------------------------------------------------------
// Answers

Reply PostmarkSandbox::Private::faultReply(Fault f) const
{
    switch (f) {
    case Fault::Http500:
        return errorReply(
            500, 101, QStringLiteral("An unexpected error occurred while processing the request."));
    case Fault::Http503:
        return errorReply(503, 100,
                          QStringLiteral("Postmark is down for scheduled maintenance. Please try "
                                         "again later."));
    case Fault::Http429:
        return errorReply(429, 429, QStringLiteral("Rate limit exceeded"));
    case Fault::Html403: {
        Reply r;
        r.status = 403;
        r.contentType = "text/html; charset=utf-8";
        r.body = "<!DOCTYPE html>\n<html><head><title>Access denied</title></head>\n"
                 "<body><h1>Access denied</h1>\n"
                 "<p>Your request to api.postmarkapp.com was blocked by the network security "
                 "policy.</p>\n<p>Contact your IT help desk if you believe this is an "
                 "error.</p>\n<hr><address>corporate web proxy</address></body></html>\n";
        return r;
    }
    case Fault::MalformedJson: {
        Reply r;
        r.body = "{\"ID\": 1, \"Name\": ";
        return r;
    }
    case Fault::Oversized: {
        QJsonObject o{{"ErrorCode", 0},
                      {"Message", "OK"},
                      {"Padding", QString(3 * 1024 * 1024 + 512 * 1024, QLatin1Char('x'))}};
        return jsonReply(200, o);
    }
    case Fault::DropConnection: {
        Reply r;
        r.drop = true;
        return r;
    }
    case Fault::Hang:
    case Fault::None:
        break;
    }
    return jsonReply(200, {});
}

Reply PostmarkSandbox::Private::handleAdmin(const Request &req)
{
    const QString what = req.path.mid(kAdminPrefix.size());
    const bool isGet = req.method == "GET";
    const bool isPost = req.method == "POST";
    const auto adminError = [](int status, const QString &message) {
        return jsonReply(status, QJsonObject{{"Message", message}});
    };
    QJsonObject body;
    if (isPost && !req.body.trimmed().isEmpty()) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(req.body, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return adminError(400, QStringLiteral("Invalid JSON body."));
        body = doc.object();
    }
    if (what == QLatin1String("stats")) {
        if (!isGet)
            return adminError(405, QStringLiteral("Use GET."));
    } else if (what == QLatin1String("fault")) {
        if (!isPost)
            return adminError(405, QStringLiteral("Use POST."));
        const auto mode = faultFromName(body.value("Mode").toString());
        if (!mode) {
            return adminError(400,
                              QStringLiteral("Unknown fault Mode. Use one of: ")
                                  + faultNames().join(QStringLiteral(", ")));
        }
        QStringList paths;
        const QJsonValue pathsValue = body.value("Paths");
        if (pathsValue.isArray()) {
            const QJsonArray array = pathsValue.toArray();
            for (const QJsonValue &v : array)
                paths.append(v.toString());
        } else if (pathsValue.isString()) {
            paths = pathsValue.toString().split(QLatin1Char(','));
        }
        const int count = body.value("Count").isDouble() ? body.value("Count").toInt() : -1;
        q->setFault(*mode, paths, count);
    } else if (what == QLatin1String("latency")) {
        if (!isPost)
            return adminError(405, QStringLiteral("Use POST."));
        const QJsonValue ms = body.value("Ms");
        if (!ms.isDouble() || ms.toInt() < 0 || ms.toInt() > 600000)
            return adminError(400,
                              QStringLiteral("Ms must be a number of milliseconds (0-600000)."));
        latencyMs = ms.toInt();
    } else if (what == QLatin1String("reset")) {
        if (!isPost)
            return adminError(405, QStringLiteral("Use POST."));
        q->reset();
    } else {
        return adminError(404,
                          QStringLiteral("Unknown sandbox endpoint. Known: GET /__sandbox/stats, "
                                         "POST /__sandbox/fault, /__sandbox/latency, "
                                         "/__sandbox/reset."));
    }
    return jsonReply(200, statsJson());
}

Reply PostmarkSandbox::Private::handleApi(const Request &req)
{
    // Route.
    QString path = req.path;
    while (path.size() > 1 && path.endsWith(QLatin1Char('/')))
        path.chop(1);
    const QStringList seg = path.mid(1).split(QLatin1Char('/'));
    const QString first = seg.value(0).toLower();
    Route route = Route::None;
    QString id;
    if (seg.size() == 1) {
        if (first == QLatin1String("server"))
            route = Route::Server;
        else if (first == QLatin1String("servers"))
            route = Route::Servers;
        else if (first == QLatin1String("email"))
            route = Route::Email;
        else if (first == QLatin1String("message-streams"))
            route = Route::Streams;
        else if (first == QLatin1String("webhooks"))
            route = Route::Webhooks;
    } else if (seg.size() == 2 && !seg[1].isEmpty()) {
        id = seg[1];
        if (first == QLatin1String("message-streams"))
            route = Route::Stream;
        else if (first == QLatin1String("webhooks"))
            route = Route::Webhook;
    } else if (seg.size() == 3 && !seg[1].isEmpty() && first == QLatin1String("message-streams")) {
        id = seg[1];
        if (seg[2].compare(QLatin1String("archive"), Qt::CaseInsensitive) == 0)
            route = Route::StreamArchive;
        else if (seg[2].compare(QLatin1String("unarchive"), Qt::CaseInsensitive) == 0)
            route = Route::StreamUnarchive;
    }
    if (route == Route::None)
        return errorReply(404, 404, QStringLiteral("The requested resource was not found."));

    QList<QByteArray> allowed;
    switch (route) {
    case Route::Server:
    case Route::Servers:
        allowed = {"GET"};
        break;
    case Route::Email:
    case Route::StreamArchive:
    case Route::StreamUnarchive:
        allowed = {"POST"};
        break;
    case Route::Streams:
    case Route::Webhooks:
        allowed = {"GET", "POST"};
        break;
    case Route::Stream:
        allowed = {"GET", "PATCH"};
        break;
    case Route::Webhook:
        allowed = {"GET", "PUT", "DELETE"};
        break;
    case Route::None:
        break;
    }
    const QByteArray &method = req.method;
    if (!allowed.contains(method)) {
        Reply r = jsonReply(405,
                            QJsonObject{{"Message",
                                         QStringLiteral("The requested resource does "
                                                        "not support http method '%1'.")
                                             .arg(QString::fromLatin1(method))}});
        r.extraHeaders.append({"Allow", allowed.join(", ")});
        return r;
    }

    // JSON headers, as Postmark checks them.
    const bool needsBody = method == "PUT" || method == "PATCH"
        || (method == "POST" && route != Route::StreamArchive && route != Route::StreamUnarchive);
    if (!isJsonContentType(req.header("accept"))
        || ((needsBody || !req.body.isEmpty()) && !isJsonContentType(req.header("content-type"))))
        return errorReply(415, 409, QStringLiteral("JSON required"));

    // Authentication.
    ServerData *server = nullptr;
    bool testToken = false;
    const QString serverToken = QString::fromUtf8(req.header("x-postmark-server-token")).trimmed();
    const QString accountToken =
        QString::fromUtf8(req.header("x-postmark-account-token")).trimmed();
    if (route == Route::Servers) {
        if (accountToken.isEmpty() || accountToken != demoTokens().account)
            return errorReply(401, 10,
                              QStringLiteral("Request does not contain a valid Account token."));
    } else {
        if (req.hasHeader("x-postmark-server-token") && req.hasHeader("x-postmark-account-token")) {
            return errorReply(401, 10,
                              QStringLiteral("Please do not include Account API Token for Server "
                                             "API Token calls"));
        }
        if (serverToken == kTestToken && route == Route::Email)
            testToken = true;
        else if (!(server = serverByToken(serverToken)))
            return serverTokenError();
    }

    QJsonObject body;
    if (needsBody) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(req.body, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return invalidJson();
        body = doc.object();
    }

    switch (route) {
    case Route::Server:
        return jsonReply(200, serverJson(*server));
    case Route::Servers: {
        bool ok = false;
        int count = req.queryValue(QStringLiteral("count")).toInt(&ok);
        if (!ok || count < 1)
            count = 100;
        count = std::min(count, 500);
        int offset = req.queryValue(QStringLiteral("offset")).toInt(&ok);
        if (!ok || offset < 0)
            offset = 0;
        QJsonArray list;
        for (int i = offset; i < servers.size() && list.size() < count; ++i)
            list.append(serverJson(servers[i]));
        return jsonReply(200, QJsonObject{{"TotalCount", int(servers.size())}, {"Servers", list}});
    }
    case Route::Email:
        return handleEmail(testToken ? nullptr : server, body);
    case Route::Streams:
        return method == "GET" ? handleListStreams(*server, req)
                               : handleCreateStream(*server, body);
    case Route::Stream: {
        if (method == "PATCH")
            return handlePatchStream(*server, id, body);
        const Stream *s = server->stream(id);
        return s ? jsonReply(200, streamJson(*server, *s)) : streamNotFound();
    }
    case Route::StreamArchive:
        return handleArchive(*server, id, true);
    case Route::StreamUnarchive:
        return handleArchive(*server, id, false);
    case Route::Webhooks: {
        if (method == "POST")
            return handleCreateWebhook(*server, body);
        const bool filter = req.hasQuery(QStringLiteral("MessageStream"));
        const QString stream = req.queryValue(QStringLiteral("MessageStream"));
        QJsonArray list;
        for (const WebhookData &w : std::as_const(server->webhooks)) {
            if (!filter || w.stream == stream)
                list.append(webhookJson(w));
        }
        return jsonReply(200, QJsonObject{{"Webhooks", list}});
    }
    case Route::Webhook: {
        bool ok = false;
        const int webhookId = id.toInt(&ok);
        auto it = std::find_if(server->webhooks.begin(), server->webhooks.end(),
                               [&](const WebhookData &w) { return ok && w.id == webhookId; });
        if (it == server->webhooks.end())
            return errorReply(404, 1352, QStringLiteral("Webhook not found."));
        if (method == "GET")
            return jsonReply(200, webhookJson(*it));
        if (method == "PUT")
            return handleUpdateWebhook(*server, webhookId, body);
        server->webhooks.erase(it);
        return jsonReply(
            200,
            QJsonObject{{"ErrorCode", 0},
                        {"Message", QStringLiteral("Webhook %1 removed.").arg(webhookId)}});
    }
    case Route::None:
        break;
    }
    return errorReply(404, 404, QStringLiteral("The requested resource was not found."));
}

Reply PostmarkSandbox::Private::handleEmail(ServerData *server, const QJsonObject &body)
{
    // Type checks: what Postmark cannot deserialize is "invalid JSON". Absent or null is fine.
    const auto wrongType = [&body](const char *key, QJsonValue::Type type) {
        const QJsonValue v = body.value(QLatin1String(key));
        return !v.isUndefined() && !v.isNull() && v.type() != type;
    };
    for (const char *key : {"From", "To", "Cc", "Bcc", "Subject", "Tag", "HtmlBody", "TextBody",
                            "ReplyTo", "MessageStream", "TrackLinks"}) {
        if (wrongType(key, QJsonValue::String))
            return invalidJson();
    }
    if (wrongType("TrackOpens", QJsonValue::Bool) || wrongType("Headers", QJsonValue::Array)
        || wrongType("Attachments", QJsonValue::Array) || wrongType("Metadata", QJsonValue::Object))
        return invalidJson();

    const QString fromField = body.value("From").toString().trimmed();
    const QString from = mailboxAddress(fromField);
    if (from.isEmpty())
        return errorReply(422, 300, QStringLiteral("Invalid 'From' address: '%1'.").arg(fromField));

    QStringList recipients;
    for (const char *key : {"To", "Cc", "Bcc"}) {
        const QStringList entries = splitAddressList(body.value(QLatin1String(key)).toString());
        for (const QString &entry : entries) {
            const QString address = mailboxAddress(entry);
            if (address.isEmpty()) {
                return errorReply(
                    422, 300,
                    QStringLiteral("Invalid '%1' address: '%2'.").arg(QLatin1String(key), entry));
            }
            recipients.append(address);
        }
    }
    if (recipients.isEmpty())
        return errorReply(422, 300, QStringLiteral("Zero recipients specified"));
    if (body.value("HtmlBody").toString().isEmpty() && body.value("TextBody").toString().isEmpty())
        return errorReply(422, 300,
                          QStringLiteral("Provide either email TextBody or HtmlBody or both."));
    if (recipients.size() > kMaxRecipients) {
        return errorReply(422, 300,
                          QStringLiteral("Maximum of %1 recipients allowed (To, Cc and Bcc "
                                         "together); found %2.")
                              .arg(kMaxRecipients)
                              .arg(recipients.size()));
    }

    const QString to = body.value("To").toString().trimmed();
    const QString submittedAt = pmTime(QDateTime::currentDateTimeUtc()).toString();
    const QString messageId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!server) { // POSTMARK_API_TEST
        return jsonReply(200,
                         QJsonObject{{"To", to},
                                     {"SubmittedAt", submittedAt},
                                     {"MessageID", messageId},
                                     {"ErrorCode", 0},
                                     {"Message", "Test job accepted"}});
    }

    QString streamId = body.value("MessageStream").toString().trimmed();
    if (streamId.isEmpty())
        streamId = QStringLiteral("outbound");
    const Stream *stream = server->stream(streamId);
    if (!stream || stream->archived()) {
        return errorReply(
            422, 1235,
            QStringLiteral("The 'MessageStream' provided does not exist on this server."));
    }
    if (stream->type == QLatin1String("Inbound")) {
        return errorReply(422, 1236,
                          QStringLiteral("Sending is not supported on the selected message stream "
                                         "type."));
    }

    const QString fromLower = from.toLower();
    const QString fromDomain = domainOf(fromLower);
    const auto signature = std::find_if(signatures.begin(), signatures.end(),
                                        [&](const Signature &s) { return s.email == fromLower; });
    const bool allowed = verifiedDomains.contains(fromDomain)
        || (signature != signatures.end() && signature->confirmed);
    if (!allowed) {
        if (signature != signatures.end())
            return errorReply(422, 401, QStringLiteral("Sender signature not confirmed"));
        return errorReply(422, 400,
                          QStringLiteral("The 'From' address you supplied (%1) is not a Sender "
                                         "Signature on your account. Please add and confirm this "
                                         "address in order to be able to use it to send emails.")
                              .arg(fromField));
    }

    if (server->pendingApproval) {
        const bool sameDomain =
            std::all_of(recipients.begin(), recipients.end(),
                        [&](const QString &r) { return domainOf(r) == fromDomain; });
        if (!sameDomain) {
            return errorReply(422, 412,
                              QStringLiteral("While your account is pending approval, all "
                                             "recipients must share the same domain as the 'From' "
                                             "address."));
        }
    }

    QStringList inactive;
    for (const QString &r : std::as_const(recipients)) {
        if (inactiveRecipients.contains(r.toLower()) && !inactive.contains(r.toLower()))
            inactive.append(r.toLower());
    }
    if (!inactive.isEmpty()) {
        return errorReply(
            422, 406,
            QStringLiteral("You tried to send to recipient(s) that have been marked as "
                           "inactive. Found inactive addresses: %1. Inactive "
                           "recipients are ones that have generated a hard bounce, "
                           "a spam complaint, or a manual suppression.")
                .arg(inactive.join(QStringLiteral(", "))));
    }

    ++server->sent;
    return jsonReply(200,
                     QJsonObject{{"To", to},
                                 {"SubmittedAt", submittedAt},
                                 {"MessageID", messageId},
                                 {"ErrorCode", 0},
                                 {"Message", "OK"}});
}

Reply PostmarkSandbox::Private::handleListStreams(ServerData &server, const Request &req)
{
    QString type = req.queryValue(QStringLiteral("MessageStreamType")).trimmed();
    if (type.isEmpty() || type.compare(QLatin1String("All"), Qt::CaseInsensitive) == 0) {
        type.clear();
    } else {
        type = canonicalStreamType(type);
        if (type.isEmpty()) {
            return errorReply(422, 1221,
                              QStringLiteral("The 'MessageStreamType' must be one of: All, "
                                             "Transactional, Broadcasts, Inbound."));
        }
    }
    const bool includeArchived = req.queryValue(QStringLiteral("IncludeArchivedStreams"))
                                     .compare(QLatin1String("true"), Qt::CaseInsensitive)
        == 0;
    QJsonArray list;
    for (const Stream &s : std::as_const(server.streams)) {
        if ((type.isEmpty() || s.type == type) && (includeArchived || !s.archived()))
            list.append(streamJson(server, s));
    }
    return jsonReply(200, QJsonObject{{"MessageStreams", list}, {"TotalCount", int(list.size())}});
}

Reply PostmarkSandbox::Private::handleCreateStream(ServerData &server, const QJsonObject &body)
{
    static const QRegularExpression idRe(QStringLiteral("^[a-z][a-z0-9_-]{0,29}$"));
    const QString id = body.value("ID").toString().trimmed();
    const QString name = body.value("Name").toString().trimmed();
    if (id.isEmpty())
        return errorReply(422, 1222,
                          QStringLiteral("A valid 'ID' is required for the message stream."));
    if (name.isEmpty())
        return errorReply(422, 1223,
                          QStringLiteral("A valid 'Name' is required for the message stream."));
    if (name.size() > 100)
        return errorReply(422, 1224,
                          QStringLiteral("The message stream 'Name' cannot be longer than 100 "
                                         "characters."));
    const QString type = canonicalStreamType(body.value("MessageStreamType").toString().trimmed());
    if (type == QLatin1String("Inbound")) {
        const bool hasInbound =
            std::any_of(server.streams.begin(), server.streams.end(),
                        [](const Stream &s) { return s.type == QLatin1String("Inbound"); });
        if (hasInbound)
            return errorReply(422, 1228,
                              QStringLiteral("A server can have only one Inbound message stream."));
    }
    if (type != QLatin1String("Transactional") && type != QLatin1String("Broadcasts")) {
        return errorReply(422, 1221,
                          QStringLiteral("Invalid 'MessageStreamType'. Use Transactional or "
                                         "Broadcasts."));
    }
    if (id.startsWith(QLatin1String("pm-")))
        return errorReply(422, 1233,
                          QStringLiteral("The message stream 'ID' cannot start with 'pm-'."));
    if (!idRe.match(id).hasMatch() || id == QLatin1String("all")) {
        return errorReply(
            422, 1227,
            QStringLiteral("The message stream 'ID' must start with a letter, contain "
                           "only lowercase letters, digits, '-' and '_', be at most 30 "
                           "characters long, and not be 'all'."));
    }
    if (server.stream(id)) {
        return errorReply(422, 1230,
                          QStringLiteral("A message stream with the ID '%1' already exists on this "
                                         "server.")
                              .arg(id));
    }
    if (server.streams.size() >= kMaxStreams)
        return errorReply(
            422, 1225, QStringLiteral("You have reached the maximum number of message streams."));

    Stream s;
    s.id = id;
    s.name = name;
    s.type = type;
    const QJsonValue description = body.value("Description");
    if (description.isString())
        s.description = description.toString();
    s.createdAt = QDateTime::currentDateTimeUtc();
    s.updatedAt = s.createdAt;
    s.unsubscribeHandling = unsubscribeFor(type);
    const QString handling = body.value("SubscriptionManagementConfiguration")
                                 .toObject()
                                 .value("UnsubscribeHandlingType")
                                 .toString();
    if (type == QLatin1String("Broadcasts")
        && (handling == QLatin1String("Postmark") || handling == QLatin1String("Custom")))
        s.unsubscribeHandling = handling;
    server.streams.append(s);
    return jsonReply(200, streamJson(server, s));
}

Reply PostmarkSandbox::Private::handlePatchStream(ServerData &server, const QString &id,
                                                  const QJsonObject &body)
{
    Stream *s = server.stream(id);
    if (!s)
        return streamNotFound();
    if (body.contains("Name")) {
        const QString name = body.value("Name").toString().trimmed();
        if (name.isEmpty())
            return errorReply(422, 1223,
                              QStringLiteral("A valid 'Name' is required for the message stream."));
        if (name.size() > 100)
            return errorReply(422, 1224,
                              QStringLiteral("The message stream 'Name' cannot be longer than 100 "
                                             "characters."));
        s->name = name;
    }
    if (body.contains("Description")) {
        const QJsonValue d = body.value("Description");
        s->description = d.isString() ? d.toString() : QString();
    }
    const QString handling = body.value("SubscriptionManagementConfiguration")
                                 .toObject()
                                 .value("UnsubscribeHandlingType")
                                 .toString();
    if (s->type == QLatin1String("Broadcasts")
        && (handling == QLatin1String("Postmark") || handling == QLatin1String("Custom")))
        s->unsubscribeHandling = handling;
    s->updatedAt = QDateTime::currentDateTimeUtc();
    return jsonReply(200, streamJson(server, *s));
}

Reply PostmarkSandbox::Private::handleArchive(ServerData &server, const QString &id, bool archive)
{
    Stream *s = server.stream(id);
    if (!s)
        return streamNotFound();
    if (!archive) {
        if (s->archived()) {
            s->archivedAt = QDateTime();
            s->purgeDate = QDateTime();
            s->updatedAt = QDateTime::currentDateTimeUtc();
        }
        return jsonReply(200, streamJson(server, *s));
    }
    if (s->id == QLatin1String("outbound") || s->type == QLatin1String("Inbound")) {
        return errorReply(422, 1229,
                          QStringLiteral("The default transactional and inbound message streams "
                                         "cannot be archived."));
    }
    if (!s->archived()) {
        s->archivedAt = QDateTime::currentDateTimeUtc();
        s->purgeDate = s->archivedAt.addDays(45);
        s->updatedAt = s->archivedAt;
    }
    return jsonReply(200,
                     QJsonObject{{"ID", s->id},
                                 {"ServerID", server.id},
                                 {"ExpectedPurgeDate", pmTime(s->purgeDate)}});
}

std::optional<Reply> PostmarkSandbox::Private::applyWebhookFields(WebhookData &w,
                                                                  const QJsonObject &body,
                                                                  bool urlRequired)
{
    if (urlRequired || body.contains("Url")) {
        const QString url = body.value("Url").toString().trimmed();
        const QUrl parsed(url, QUrl::StrictMode);
        const bool valid = parsed.isValid() && !parsed.host().isEmpty()
            && (parsed.scheme() == QLatin1String("http")
                || parsed.scheme() == QLatin1String("https"));
        if (!valid) {
            return errorReply(422, 1364,
                              QStringLiteral("Webhook URL verification failed: '%1' is not a valid "
                                             "http or https URL.")
                                  .arg(url));
        }
        if (url.contains(QLatin1String("unreachable"), Qt::CaseInsensitive)) {
            return errorReply(422, 1364,
                              QStringLiteral("Webhook URL verification failed: %1 could not be "
                                             "reached. Nothing was saved.")
                                  .arg(url));
        }
        w.url = url;
    }
    if (body.contains("HttpAuth")) {
        const QJsonObject auth = body.value("HttpAuth").toObject();
        w.username = auth.value("Username").toString();
        w.password = auth.value("Password").toString();
        w.hasAuth = !w.username.isEmpty() || !w.password.isEmpty();
    }
    if (body.contains("HttpHeaders"))
        w.headers = body.value("HttpHeaders").toArray();
    const QJsonObject triggers = body.value("Triggers").toObject();
    const auto flag = [&](const char *trigger, const char *field, bool &target) {
        const QJsonObject t = triggers.value(QLatin1String(trigger)).toObject();
        if (t.contains(QLatin1String(field)))
            target = t.value(QLatin1String(field)).toBool();
    };
    flag("Open", "Enabled", w.open);
    flag("Open", "PostFirstOpenOnly", w.postFirstOpenOnly);
    flag("Click", "Enabled", w.click);
    flag("Delivery", "Enabled", w.delivery);
    flag("Bounce", "Enabled", w.bounce);
    flag("Bounce", "IncludeContent", w.bounceContent);
    flag("SpamComplaint", "Enabled", w.spam);
    flag("SpamComplaint", "IncludeContent", w.spamContent);
    flag("SubscriptionChange", "Enabled", w.subscriptionChange);
    return std::nullopt;
}

Reply PostmarkSandbox::Private::handleCreateWebhook(ServerData &server, const QJsonObject &body)
{
    WebhookData w;
    if (auto error = applyWebhookFields(w, body, true))
        return *error;
    QString streamId = body.value("MessageStream").toString().trimmed();
    if (streamId.isEmpty())
        streamId = QStringLiteral("outbound");
    const Stream *stream = server.stream(streamId);
    if (!stream)
        return streamNotFound(422);
    if (stream->archived())
        return errorReply(
            422, 1350, QStringLiteral("Webhooks cannot be added to an archived message stream."));
    if (stream->type == QLatin1String("Inbound"))
        return errorReply(422, 1351,
                          QStringLiteral("Webhooks are not supported on Inbound message streams."));
    const auto onStream = std::count_if(server.webhooks.begin(), server.webhooks.end(),
                                        [&](const WebhookData &x) { return x.stream == streamId; });
    if (onStream >= kMaxWebhooksPerStream)
        return errorReply(422, 1359,
                          QStringLiteral("You have reached the maximum number of webhooks for this "
                                         "message stream."));
    w.id = nextWebhookId++;
    w.stream = streamId;
    server.webhooks.append(w);
    return jsonReply(200, webhookJson(w));
}

Reply PostmarkSandbox::Private::handleUpdateWebhook(ServerData &server, int id,
                                                    const QJsonObject &body)
{
    for (WebhookData &w : server.webhooks) {
        if (w.id != id)
            continue;
        WebhookData updated = w;
        if (auto error = applyWebhookFields(updated, body, false))
            return *error;
        w = updated;
        return jsonReply(200, webhookJson(w));
    }
    return errorReply(404, 1352, QStringLiteral("Webhook not found."));
}

// ---------------------------------------------------------------------------------------------
// Public API

std::optional<PostmarkSandbox::Fault> PostmarkSandbox::faultFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    for (Fault f : {Fault::None, Fault::Http500, Fault::Http503, Fault::Http429, Fault::Html403,
                    Fault::MalformedJson, Fault::Oversized, Fault::DropConnection, Fault::Hang}) {
        if (faultName(f) == n)
            return f;
    }
    return std::nullopt;
}

QString PostmarkSandbox::faultName(Fault fault)
{
    switch (fault) {
    case Fault::None:
        return QStringLiteral("none");
    case Fault::Http500:
        return QStringLiteral("500");
    case Fault::Http503:
        return QStringLiteral("503");
    case Fault::Http429:
        return QStringLiteral("429");
    case Fault::Html403:
        return QStringLiteral("html-403");
    case Fault::MalformedJson:
        return QStringLiteral("malformed-json");
    case Fault::Oversized:
        return QStringLiteral("oversized");
    case Fault::DropConnection:
        return QStringLiteral("drop-connection");
    case Fault::Hang:
        return QStringLiteral("hang");
    }
    return QStringLiteral("none");
}

QStringList PostmarkSandbox::faultNames()
{
    return {QStringLiteral("none"),      QStringLiteral("500"),
            QStringLiteral("503"),       QStringLiteral("429"),
            QStringLiteral("html-403"),  QStringLiteral("malformed-json"),
            QStringLiteral("oversized"), QStringLiteral("drop-connection"),
            QStringLiteral("hang")};
}

PostmarkSandbox::DemoTokens PostmarkSandbox::demoTokens()
{
    return {QStringLiteral("5c1f8e2a-3b7d-4e91-a6f0-2d8c9b4e7a13"),
            QStringLiteral("a7e3c9d1-6f24-4b8e-9c05-e1b2f7d48a6c"),
            QStringLiteral("3d9b6a4e-c871-4f2a-b5e6-08f1c7a2d95b"),
            QStringLiteral("e84f2c6b-91d3-4a7e-8b2c-5f0a6d3e1c97")};
}

PostmarkSandbox::PostmarkSandbox(QObject *parent)
    : QObject(parent), d(std::make_unique<Private>(this))
{
    d->seed();
    connect(&d->server, &QTcpServer::newConnection, this, [this] { d->onNewConnection(); });
}

PostmarkSandbox::~PostmarkSandbox()
{
    QObject::disconnect(&d->server, nullptr, this, nullptr);
    d->server.close();
    d->closeAll();
}

bool PostmarkSandbox::listen(quint16 port, const QHostAddress &address)
{
    if (d->server.isListening())
        d->server.close();
    if (!d->server.listen(address, port)) {
        d->errorString = d->server.errorString();
        return false;
    }
    d->errorString.clear();
    return true;
}

bool PostmarkSandbox::isListening() const
{
    return d->server.isListening();
}

quint16 PostmarkSandbox::port() const
{
    return d->server.isListening() ? d->server.serverPort() : 0;
}

QUrl PostmarkSandbox::baseUrl() const
{
    if (!d->server.isListening())
        return {};
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    QHostAddress host = d->server.serverAddress();
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress::LocalHost;
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHostIPv6;
    url.setHost(host.toString());
    url.setPort(d->server.serverPort());
    return url;
}

QString PostmarkSandbox::errorString() const
{
    return d->errorString;
}

void PostmarkSandbox::close()
{
    d->server.close();
    d->closeAll();
}

QString PostmarkSandbox::demoSummary() const
{
    QStringList lines;
    const QUrl url = baseUrl();
    lines << QStringLiteral("Postmark sandbox API base URL: %1")
                 .arg(url.isEmpty() ? QStringLiteral("(not listening)") : url.toString());
    lines << QStringLiteral("Tokens:");
    for (const ServerData &s : std::as_const(d->servers)) {
        QString notes = s.deliveryType == QLatin1String("Sandbox")
            ? QStringLiteral("DeliveryType Sandbox: never delivers")
            : QStringLiteral("Live");
        if (s.pendingApproval)
            notes += QStringLiteral("; account pending approval: recipients must share the From "
                                    "address's domain, else 412");
        const QString what = QStringLiteral("Server API token of \"%1\" (ID %2, %3)")
                                 .arg(s.name)
                                 .arg(s.id)
                                 .arg(notes);
        lines << QStringLiteral("  %1  %2").arg(s.token, what);
    }
    lines << QStringLiteral("  %1  Account API token (GET /servers lists all servers; 401 on "
                            "server endpoints)")
                 .arg(demoTokens().account);
    lines << QStringLiteral("  %1  Postmark's test token (POST /email validates, sends nothing)")
                 .arg(kTestToken);
    lines << QStringLiteral("From addresses:");
    for (const Signature &s : std::as_const(d->signatures)) {
        lines << QStringLiteral("  %1  %2")
                     .arg(s.email,
                          s.confirmed
                              ? QStringLiteral("confirmed sender signature")
                              : QStringLiteral("signature NOT confirmed: sends fail with 401"));
    }
    for (const QString &domain : std::as_const(d->verifiedDomains))
        lines << QStringLiteral("  *@%1  verified domain: any address on it may send").arg(domain);
    lines << QStringLiteral("  any other From address fails with 400 (not a sender signature)");
    lines << QStringLiteral("Inactive recipients (sends to them fail with 406):");
    for (const QString &r : std::as_const(d->inactiveRecipients))
        lines << QStringLiteral("  %1").arg(r);
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

void PostmarkSandbox::setLatency(int ms)
{
    d->latencyMs = std::max(0, ms);
}

int PostmarkSandbox::latency() const
{
    return d->latencyMs;
}

void PostmarkSandbox::setFault(Fault fault, const QStringList &pathPrefixes, int count)
{
    QStringList prefixes;
    for (const QString &p : pathPrefixes) {
        const QString t = p.trimmed();
        if (!t.isEmpty())
            prefixes << (t.startsWith(QLatin1Char('/')) ? t : QLatin1Char('/') + t);
    }
    if (fault == Fault::None || count == 0) {
        clearFault();
        return;
    }
    d->fault = fault;
    d->faultPaths = prefixes;
    d->faultCount = count < 0 ? -1 : count;
}

void PostmarkSandbox::clearFault()
{
    d->fault = Fault::None;
    d->faultPaths.clear();
    d->faultCount = -1;
}

int PostmarkSandbox::requestCount() const
{
    return d->requests;
}

int PostmarkSandbox::requestCount(const QString &path) const
{
    return d->pathCounts.value(path);
}

int PostmarkSandbox::connectionCount() const
{
    return d->connectionsAccepted;
}

void PostmarkSandbox::resetCounters()
{
    d->requests = 0;
    d->pathCounts.clear();
    d->connectionsAccepted = 0;
}

void PostmarkSandbox::reset()
{
    d->seed();
    resetCounters();
    d->latencyMs = 0;
    clearFault();
}

int PostmarkSandbox::addServer(const QString &name, const QString &token,
                               const QString &deliveryType, bool pendingApproval)
{
    if (token.isEmpty() || d->serverByToken(token) || token == kTestToken
        || token == demoTokens().account)
        return -1;
    static const char *const colors[] = {"Purple", "Blue",   "Turquoise", "Green",
                                         "Red",    "Yellow", "Grey",      "Orange"};
    const QString color = QLatin1String(colors[d->nextServerId % 8]);
    return d->createServer(name, token, color, deliveryType, pendingApproval,
                           QDateTime::currentDateTimeUtc());
}

bool PostmarkSandbox::addStream(const QString &serverToken, const QString &id, const QString &name,
                                const QString &type)
{
    ServerData *server = d->serverByToken(serverToken);
    const QString canonical = canonicalStreamType(type);
    if (!server || id.isEmpty() || canonical.isEmpty() || server->stream(id))
        return false;
    Stream s;
    s.id = id;
    s.name = name;
    s.type = canonical;
    s.createdAt = QDateTime::currentDateTimeUtc();
    s.updatedAt = s.createdAt;
    s.unsubscribeHandling = unsubscribeFor(canonical);
    server->streams.append(s);
    return true;
}

bool PostmarkSandbox::archiveStream(const QString &serverToken, const QString &id)
{
    ServerData *server = d->serverByToken(serverToken);
    Stream *s = server ? server->stream(id) : nullptr;
    if (!s || s->archived())
        return false;
    s->archivedAt = QDateTime::currentDateTimeUtc();
    s->purgeDate = s->archivedAt.addDays(45);
    s->updatedAt = s->archivedAt;
    return true;
}

QStringList PostmarkSandbox::streamIds(const QString &serverToken, bool includeArchived) const
{
    QStringList ids;
    if (const ServerData *server = d->serverByToken(serverToken)) {
        for (const Stream &s : server->streams) {
            if (includeArchived || !s.archived())
                ids << s.id;
        }
    }
    return ids;
}

void PostmarkSandbox::addSenderSignature(const QString &email, bool confirmed)
{
    const QString e = email.trimmed().toLower();
    for (Signature &s : d->signatures) {
        if (s.email == e) {
            s.confirmed = confirmed;
            return;
        }
    }
    d->signatures.append({e, confirmed});
}

void PostmarkSandbox::addInactiveRecipient(const QString &email)
{
    const QString e = email.trimmed().toLower();
    if (!d->inactiveRecipients.contains(e))
        d->inactiveRecipients.append(e);
}

int PostmarkSandbox::webhookCount(const QString &serverToken) const
{
    const ServerData *server = d->serverByToken(serverToken);
    return server ? int(server->webhooks.size()) : 0;
}

int PostmarkSandbox::sentCount(const QString &serverToken) const
{
    const ServerData *server = d->serverByToken(serverToken);
    return server ? server->sent : 0;
}
