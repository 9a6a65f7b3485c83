// Everything about an email gateway except its API token, kept in an INI file under the user's
// config directory (or the one given with --config). The token lives only in the keychain, under
// GatewayConfig::secretKey(); there is deliberately no field for it here.
#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

// The last test send through one message stream.
struct TestSendRecord
{
    QString streamId;
    QString categoryId;
    QDateTime at;
    bool ok = false;
    QString messageId;
    QString errorCode;
    QString errorMessage;

    friend bool operator==(const TestSendRecord &a, const TestSendRecord &b)
    {
        return a.streamId == b.streamId && a.categoryId == b.categoryId && a.at == b.at
            && a.ok == b.ok && a.messageId == b.messageId && a.errorCode == b.errorCode
            && a.errorMessage == b.errorMessage;
    }
    friend bool operator!=(const TestSendRecord &a, const TestSendRecord &b) { return !(a == b); }
};

struct GatewayConfig
{
    // Stable; generated on first save when empty (32 hex digits: a QUuid without braces or dashes,
    // so it can never be mistaken for a Postmark token). Only letters, digits, '-', '_' and '.'.
    QString id;
    QString name; // integration name shown to the user, e.g. "Postmark – main"
    QString provider = QStringLiteral("postmark");
    // From Postmark at validation time.
    int serverId = 0;
    QString serverName;
    QString deliveryType; // "Live" or "Sandbox"
    QString senderName;
    QString fromAddress;
    QString replyTo;
    QMap<QString, QString> mapping; // email category id -> Postmark stream id
    QString webhookUrl;             // the platform's webhook URL, may be empty
    QDateTime createdAt;
    QDateTime updatedAt;

    // The keychain key for this gateway's token: "gateway/<id>".
    QString secretKey() const { return QStringLiteral("gateway/") + id; }

    friend bool operator==(const GatewayConfig &a, const GatewayConfig &b)
    {
        return a.id == b.id && a.name == b.name && a.provider == b.provider
            && a.serverId == b.serverId && a.serverName == b.serverName
            && a.deliveryType == b.deliveryType && a.senderName == b.senderName
            && a.fromAddress == b.fromAddress && a.replyTo == b.replyTo && a.mapping == b.mapping
            && a.webhookUrl == b.webhookUrl && a.createdAt == b.createdAt
            && a.updatedAt == b.updatedAt;
    }
    friend bool operator!=(const GatewayConfig &a, const GatewayConfig &b) { return !(a == b); }
};

// Reads and writes <configDir>/gateways.ini. Holds no state between calls: every call reads the
// file, so two instances (or two processes) on the same directory see each other's writes.
// Hand-edited or damaged files never crash it: unreadable values fall back to empty/zero and
// gateways without a valid id or a name are skipped.
class GatewaySettings
{
    Q_DECLARE_TR_FUNCTIONS(GatewaySettings)
public:
    // An empty configDir means defaultConfigDir().
    explicit GatewaySettings(const QString &configDir = {});

    // The user's config directory for this program, e.g. ~/.config/email-gateway-wizard.
    static QString defaultConfigDir();
    static bool isValidId(const QString &id);

    QString configDir() const { return m_configDir; }
    QString fileName() const;

    // Sorted by name (case-insensitive), then id.
    QList<GatewayConfig> gateways() const;
    std::optional<GatewayConfig> gateway(const QString &id) const;
    // Case-insensitive, ignoring surrounding spaces; the first in gateways() order.
    std::optional<GatewayConfig> gatewayByName(const QString &name) const;

    // Assigns id and createdAt when new, sets updatedAt, writes and syncs. The name must not be
    // empty. On failure returns false, leaves `config` unchanged and sets *error to a translated
    // message that names the file and what to do. Other gateways and this gateway's test sends
    // are kept.
    bool save(GatewayConfig &config, QString *error = nullptr);
    // Removes the gateway and its test sends (not its token: remove secretKey() from the
    // SecretStore too). Removing an unknown id succeeds.
    bool remove(const QString &id, QString *error = nullptr);

    // Keeps the last record per stream; the gateway must exist and streamId must not be empty.
    bool recordTestSend(const QString &gatewayId, const TestSendRecord &record,
                        QString *error = nullptr);
    // Sorted by stream id.
    QList<TestSendRecord> lastTestSends(const QString &gatewayId) const;

    // App-wide preferences (e.g. "webhookUrl"). Never put a secret here.
    QString value(const QString &key, const QString &defaultValue = {}) const;
    bool setValue(const QString &key, const QString &value, QString *error = nullptr);

private:
    bool prepareWrite(QString *error) const;

    QString m_configDir;
};
