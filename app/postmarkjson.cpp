#include "postmarkjson.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Postmark;

namespace PostmarkJson {

namespace {

QString str(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    return {};
}

// An integer that may come as a number or a numeric string; nullopt when absent or not a number.
std::optional<int> integer(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (d >= std::numeric_limits<int>::min() && d <= std::numeric_limits<int>::max()
            && d == static_cast<int>(d))
            return static_cast<int>(d);
        return std::nullopt;
    }
    if (v.isString()) {
        bool ok = false;
        const int i = v.toString().trimmed().toInt(&ok);
        if (ok)
            return i;
    }
    return std::nullopt;
}

bool flag(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isBool())
        return v.toBool();
    if (v.isString())
        return v.toString().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
    return false;
}

bool triggerEnabled(const QJsonObject &triggers, const char *name)
{
    return flag(triggers.value(QLatin1String(name)).toObject(), "Enabled");
}

} // namespace

QDateTime parseDateTime(const QJsonValue &value)
{
    if (!value.isString())
        return {};
    QString text = value.toString().trimmed();
    // Postmark writes up to 7 fraction digits; Qt reads milliseconds. Keep 3 digits.
    static const QRegularExpression fraction(QStringLiteral("(\\.\\d{3})\\d+"));
    text.replace(fraction, QStringLiteral("\\1"));
    QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(text, Qt::ISODate);
    return dt;
}

QString normalizedColor(const QString &color)
{
    const QString c = color.trimmed().toLower();
    if (c == QLatin1String("turqoise") || c == QLatin1String("turquoise"))
        return QStringLiteral("Turquoise");
    if (c.isEmpty())
        return {};
    return c.left(1).toUpper() + c.mid(1);
}

std::optional<ServerInfo> parseServer(const QJsonObject &o)
{
    const std::optional<int> id = integer(o, "ID");
    if (!id || !o.value(QLatin1String("Name")).isString())
        return std::nullopt;
    ServerInfo s;
    s.id = *id;
    s.name = str(o, "Name");
    s.color = normalizedColor(str(o, "Color"));
    s.deliveryType = str(o, "DeliveryType");
    if (s.deliveryType.isEmpty())
        s.deliveryType = QStringLiteral("Live"); // older servers do not report it
    s.serverLink = str(o, "ServerLink");
    s.inboundHookUrl = str(o, "InboundHookUrl");
    s.bounceHookUrl = str(o, "BounceHookUrl");
    s.openHookUrl = str(o, "OpenHookUrl");
    s.deliveryHookUrl = str(o, "DeliveryHookUrl");
    s.clickHookUrl = str(o, "ClickHookUrl");
    return s;
}

std::optional<MessageStream> parseStream(const QJsonObject &o)
{
    const QString id = str(o, "ID");
    if (id.isEmpty())
        return std::nullopt;
    MessageStream s;
    s.id = id;
    s.serverId = integer(o, "ServerID").value_or(0);
    s.name = str(o, "Name");
    s.description = str(o, "Description");
    s.type = streamTypeFromName(str(o, "MessageStreamType"));
    s.createdAt = parseDateTime(o.value(QLatin1String("CreatedAt")));
    s.updatedAt = parseDateTime(o.value(QLatin1String("UpdatedAt")));
    s.archivedAt = parseDateTime(o.value(QLatin1String("ArchivedAt")));
    s.expectedPurgeDate = parseDateTime(o.value(QLatin1String("ExpectedPurgeDate")));
    s.unsubscribeHandling =
        str(o.value(QLatin1String("SubscriptionManagementConfiguration")).toObject(),
            "UnsubscribeHandlingType");
    return s;
}

std::optional<QList<MessageStream>> parseStreamList(const QJsonObject &o)
{
    const QJsonValue list = o.value(QLatin1String("MessageStreams"));
    if (!list.isArray())
        return std::nullopt;
    QList<MessageStream> streams;
    for (const QJsonValue &v : list.toArray()) {
        if (const auto s = parseStream(v.toObject()))
            streams.append(*s);
    }
    return streams;
}

std::optional<SendResult> parseSendResult(const QJsonObject &o)
{
    const QString messageId = str(o, "MessageID");
    if (messageId.isEmpty())
        return std::nullopt;
    SendResult r;
    r.to = str(o, "To");
    r.submittedAt = parseDateTime(o.value(QLatin1String("SubmittedAt")));
    r.messageId = messageId;
    r.errorCode = integer(o, "ErrorCode").value_or(0);
    r.message = str(o, "Message");
    return r;
}

std::optional<Webhook> parseWebhook(const QJsonObject &o)
{
    const std::optional<int> id = integer(o, "ID");
    if (!id)
        return std::nullopt;
    Webhook w;
    w.id = *id;
    w.url = str(o, "Url");
    w.messageStream = str(o, "MessageStream");
    const QJsonObject t = o.value(QLatin1String("Triggers")).toObject();
    w.triggers.open = triggerEnabled(t, "Open");
    w.triggers.click = triggerEnabled(t, "Click");
    w.triggers.delivery = triggerEnabled(t, "Delivery");
    w.triggers.bounce = triggerEnabled(t, "Bounce");
    w.triggers.spamComplaint = triggerEnabled(t, "SpamComplaint");
    w.triggers.subscriptionChange = triggerEnabled(t, "SubscriptionChange");
    return w;
}

std::optional<QList<Webhook>> parseWebhookList(const QJsonObject &o)
{
    const QJsonValue list = o.value(QLatin1String("Webhooks"));
    if (!list.isArray())
        return std::nullopt;
    QList<Webhook> hooks;
    for (const QJsonValue &v : list.toArray()) {
        if (const auto w = parseWebhook(v.toObject()))
            hooks.append(*w);
    }
    return hooks;
}

std::optional<int> errorCode(const QJsonObject &o)
{
    return integer(o, "ErrorCode");
}

QJsonObject toJson(const Email &e)
{
    QJsonObject o;
    const auto put = [&o](const char *key, const QString &value) {
        if (!value.isEmpty())
            o.insert(QLatin1String(key), value);
    };
    put("From", e.from);
    put("To", e.to);
    put("Cc", e.cc);
    put("Bcc", e.bcc);
    put("Subject", e.subject);
    put("Tag", e.tag);
    put("HtmlBody", e.htmlBody);
    put("TextBody", e.textBody);
    put("ReplyTo", e.replyTo);
    put("MessageStream", e.messageStream);
    put("TrackLinks", e.trackLinks);
    if (e.trackOpens)
        o.insert(QLatin1String("TrackOpens"), *e.trackOpens);
    if (!e.metadata.isEmpty()) {
        QJsonObject metadata;
        for (auto it = e.metadata.cbegin(); it != e.metadata.cend(); ++it)
            metadata.insert(it.key(), it.value());
        o.insert(QLatin1String("Metadata"), metadata);
    }
    if (!e.headers.isEmpty()) {
        QJsonArray headers;
        for (const auto &[name, value] : e.headers)
            headers.append(
                QJsonObject{{QStringLiteral("Name"), name}, {QStringLiteral("Value"), value}});
        o.insert(QLatin1String("Headers"), headers);
    }
    return o;
}

QJsonObject toJson(const NewMessageStream &s)
{
    QJsonObject o{{QStringLiteral("ID"), s.id},
                  {QStringLiteral("Name"), s.name},
                  {QStringLiteral("MessageStreamType"), streamTypeName(s.type)}};
    if (!s.description.isEmpty())
        o.insert(QLatin1String("Description"), s.description);
    return o;
}

QJsonObject toJson(const Webhook &w)
{
    const auto enabled = [](bool on) { return QJsonObject{{QStringLiteral("Enabled"), on}}; };
    QJsonObject bounce = enabled(w.triggers.bounce);
    bounce.insert(QLatin1String("IncludeContent"), false);
    QJsonObject spam = enabled(w.triggers.spamComplaint);
    spam.insert(QLatin1String("IncludeContent"), false);
    QJsonObject open = enabled(w.triggers.open);
    open.insert(QLatin1String("PostFirstOpenOnly"), false);
    const QJsonObject triggers{
        {QStringLiteral("Open"), open},
        {QStringLiteral("Click"), enabled(w.triggers.click)},
        {QStringLiteral("Delivery"), enabled(w.triggers.delivery)},
        {QStringLiteral("Bounce"), bounce},
        {QStringLiteral("SpamComplaint"), spam},
        {QStringLiteral("SubscriptionChange"), enabled(w.triggers.subscriptionChange)}};
    QJsonObject o{{QStringLiteral("Url"), w.url}, {QStringLiteral("Triggers"), triggers}};
    if (!w.messageStream.isEmpty())
        o.insert(QLatin1String("MessageStream"), w.messageStream);
    return o;
}

} // namespace PostmarkJson

namespace Postmark {

QString streamTypeName(StreamType type)
{
    switch (type) {
    case StreamType::Transactional:
        return QStringLiteral("Transactional");
    case StreamType::Broadcasts:
        return QStringLiteral("Broadcasts");
    case StreamType::Inbound:
        return QStringLiteral("Inbound");
    case StreamType::Unknown:
        break;
    }
    return QStringLiteral("Unknown");
}

StreamType streamTypeFromName(const QString &name)
{
    for (StreamType t : {StreamType::Transactional, StreamType::Broadcasts, StreamType::Inbound}) {
        if (name.trimmed().compare(streamTypeName(t), Qt::CaseInsensitive) == 0)
            return t;
    }
    return StreamType::Unknown;
}

} // namespace Postmark
