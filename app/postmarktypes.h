// Plain value structs for the parts of Postmark's API that the wizard uses.
// Widgets and the setup check only see these, never JSON (see PostmarkJson).
#pragma once

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>

#include <optional>

namespace Postmark {

struct ServerInfo
{
    int id = 0;
    QString name;
    QString color;        // as Postmark spells it; compare case-insensitively
    QString deliveryType; // "Live" or "Sandbox"
    QString serverLink;
    QString inboundHookUrl;
    QString bounceHookUrl;
    QString openHookUrl;
    QString deliveryHookUrl;
    QString clickHookUrl;

    bool isSandboxDelivery() const
    {
        return deliveryType.compare(QLatin1String("Sandbox"), Qt::CaseInsensitive) == 0;
    }
};

enum class StreamType { Unknown, Transactional, Broadcasts, Inbound };

QString streamTypeName(StreamType type);            // Postmark's spelling, e.g. "Transactional"
StreamType streamTypeFromName(const QString &name); // case-insensitive; Unknown otherwise

struct MessageStream
{
    QString id;
    int serverId = 0;
    QString name;
    QString description;
    StreamType type = StreamType::Unknown;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime archivedAt; // invalid when not archived
    QDateTime expectedPurgeDate;
    QString unsubscribeHandling; // None, Postmark or Custom

    bool isArchived() const { return archivedAt.isValid(); }
};

struct NewMessageStream
{
    QString id;
    QString name;
    StreamType type = StreamType::Transactional;
    QString description;
};

struct Email
{
    QString from;
    QString to;
    QString cc;
    QString bcc;
    QString subject;
    QString tag;
    QString htmlBody;
    QString textBody;
    QString replyTo;
    QString messageStream; // empty: Postmark's default, "outbound"
    QMap<QString, QString> metadata;
    QList<QPair<QString, QString>> headers;
    std::optional<bool> trackOpens;
    QString trackLinks; // empty: not sent
};

struct SendResult
{
    QString to;
    QDateTime submittedAt;
    QString messageId;
    int errorCode = 0;
    QString message;
};

struct WebhookTriggers
{
    bool open = false;
    bool click = false;
    bool delivery = false;
    bool bounce = false;
    bool spamComplaint = false;
    bool subscriptionChange = false;
};

struct Webhook
{
    int id = 0;
    QString url;
    QString messageStream;
    WebhookTriggers triggers;
};

enum class TokenKind { Invalid, Server, Account, Test };

struct TokenCheck
{
    TokenKind kind = TokenKind::Invalid;
    ServerInfo server;          // for TokenKind::Server
    int accountServerCount = 0; // for TokenKind::Account: servers the account has
};

} // namespace Postmark
