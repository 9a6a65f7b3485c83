#include "gatewaysettings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QUuid>

#include <algorithm>

namespace {

const QString kGroupPrefix = QStringLiteral("gateway-");
const QString kMappingGroup = QStringLiteral("mapping");
const QString kTestSendGroup = QStringLiteral("lastTestSend");
const QString kPreferencesGroup = QStringLiteral("preferences");
const QString kFormatVersionKey = QStringLiteral("formatVersion");
constexpr int kFormatVersion = 1;

// The keys save() owns inside a gateway's group; anything else there (test sends, keys written
// by a newer version) is left alone.
const QStringList kConfigKeys = {
    QStringLiteral("name"),        QStringLiteral("provider"),     QStringLiteral("serverId"),
    QStringLiteral("serverName"),  QStringLiteral("deliveryType"), QStringLiteral("senderName"),
    QStringLiteral("fromAddress"), QStringLiteral("replyTo"),      QStringLiteral("webhookUrl"),
    QStringLiteral("createdAt"),   QStringLiteral("updatedAt"),
};

QString groupFor(const QString &id)
{
    return kGroupPrefix + id;
}

// Category and stream ids become keys; QSettings would read '/' and '\' as group separators.
QString encodeKey(const QString &key)
{
    QString out;
    out.reserve(key.size());
    for (const QChar c : key) {
        if (c == u'%')
            out += QStringLiteral("%25");
        else if (c == u'/')
            out += QStringLiteral("%2F");
        else if (c == u'\\')
            out += QStringLiteral("%5C");
        else
            out += c;
    }
    return out;
}

QString decodeKey(const QString &key)
{
    if (!key.contains(u'%'))
        return key;
    return QString::fromUtf8(QByteArray::fromPercentEncoding(key.toUtf8()));
}

// Tolerates hand edits: an unquoted value with commas reads back as a list, a value of some other
// type (e.g. "@Rect(...)") as nothing.
QString readString(const QSettings &s, const QString &key)
{
    const QVariant v = s.value(key);
    if (v.typeId() == QMetaType::QStringList)
        return v.toStringList().join(QStringLiteral(", "));
    return v.toString();
}

int readInt(const QSettings &s, const QString &key)
{
    bool ok = false;
    const int n = readString(s, key).trimmed().toInt(&ok);
    return ok && n >= 0 ? n : 0;
}

bool readBool(const QSettings &s, const QString &key)
{
    const QString v = readString(s, key).trimmed();
    return v.compare(QStringLiteral("true"), Qt::CaseInsensitive) == 0 || v == QStringLiteral("1");
}

QDateTime readDateTime(const QSettings &s, const QString &key)
{
    const QDateTime dt = QDateTime::fromString(readString(s, key).trimmed(), Qt::ISODateWithMs);
    return dt.isValid() ? dt : QDateTime();
}

QString dateTimeText(const QDateTime &dt)
{
    return dt.isValid() ? dt.toUTC().toString(Qt::ISODateWithMs) : QString();
}

// Reads the gateway in the current group; nullopt for a group too broken to use.
std::optional<GatewayConfig> readGateway(QSettings &s, const QString &id)
{
    GatewayConfig c;
    c.id = id;
    c.name = readString(s, QStringLiteral("name")).trimmed();
    if (c.name.isEmpty())
        return std::nullopt;
    const QString provider = readString(s, QStringLiteral("provider")).trimmed();
    if (!provider.isEmpty())
        c.provider = provider;
    c.serverId = readInt(s, QStringLiteral("serverId"));
    c.serverName = readString(s, QStringLiteral("serverName"));
    c.deliveryType = readString(s, QStringLiteral("deliveryType"));
    c.senderName = readString(s, QStringLiteral("senderName"));
    c.fromAddress = readString(s, QStringLiteral("fromAddress"));
    c.replyTo = readString(s, QStringLiteral("replyTo"));
    c.webhookUrl = readString(s, QStringLiteral("webhookUrl"));
    c.createdAt = readDateTime(s, QStringLiteral("createdAt"));
    c.updatedAt = readDateTime(s, QStringLiteral("updatedAt"));
    s.beginGroup(kMappingGroup);
    const QStringList categories = s.childKeys();
    for (const QString &key : categories) {
        const QString category = decodeKey(key);
        const QString stream = readString(s, key).trimmed();
        if (!category.isEmpty() && !stream.isEmpty())
            c.mapping.insert(category, stream); // unknown categories are kept as they are
    }
    s.endGroup();
    return c;
}

QString nativeName(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// Writes pending changes; true when they reached the disk.
bool syncToDisk(QSettings &s)
{
    s.sync();
    switch (s.status()) {
    case QSettings::NoError:
        return true;
    case QSettings::AccessError:
        return false;
    case QSettings::FormatError:
        break;
    }
    // The status keeps only the first error, so a FormatError from reading a damaged file hides
    // a failed write. A fresh object on the same file retries what is still pending and reports
    // only its own outcome.
    QSettings probe(s.fileName(), QSettings::IniFormat);
    return probe.status() != QSettings::AccessError;
}

// One write to the file: commit() syncs it, and takes the changes back if they could not be
// written. (QSettings keeps changes it failed to write in a process-wide cache, where every later
// QSettings object on the same file would see them, and a later successful write would save
// them after all.) Create it before the first change, with no group open.
class WriteTransaction
{
public:
    explicit WriteTransaction(QSettings &settings) : m_settings(settings)
    {
        const QStringList keys = settings.allKeys();
        for (const QString &key : keys) {
            if (!key.isEmpty()) // a hand-edited "=value" line
                m_before.insert(key, settings.value(key));
        }
    }

    bool commit()
    {
        if (syncToDisk(m_settings))
            return true;
        m_settings.clear();
        for (auto it = m_before.cbegin(); it != m_before.cend(); ++it)
            m_settings.setValue(it.key(), it.value());
        return false;
    }

private:
    QSettings &m_settings;
    QMap<QString, QVariant> m_before;
};

} // namespace

GatewaySettings::GatewaySettings(const QString &configDir)
    : m_configDir(configDir.isEmpty() ? defaultConfigDir() : QDir::cleanPath(configDir))
{ }

QString GatewaySettings::defaultConfigDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + QStringLiteral("/email-gateway-wizard");
}

bool GatewaySettings::isValidId(const QString &id)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    return re.match(id).hasMatch();
}

QString GatewaySettings::fileName() const
{
    return m_configDir + QStringLiteral("/gateways.ini");
}

QList<GatewayConfig> GatewaySettings::gateways() const
{
    QSettings s(fileName(), QSettings::IniFormat);
    QList<GatewayConfig> result;
    const QStringList groups = s.childGroups();
    for (const QString &group : groups) {
        if (!group.startsWith(kGroupPrefix))
            continue;
        const QString id = group.mid(kGroupPrefix.size());
        if (!isValidId(id))
            continue;
        s.beginGroup(group);
        if (auto config = readGateway(s, id))
            result.append(*config);
        s.endGroup();
    }
    std::sort(result.begin(), result.end(), [](const GatewayConfig &a, const GatewayConfig &b) {
        const int byName = QString::compare(a.name, b.name, Qt::CaseInsensitive);
        return byName != 0 ? byName < 0 : a.id < b.id;
    });
    return result;
}

std::optional<GatewayConfig> GatewaySettings::gateway(const QString &id) const
{
    if (!isValidId(id))
        return std::nullopt;
    QSettings s(fileName(), QSettings::IniFormat);
    if (!s.childGroups().contains(groupFor(id)))
        return std::nullopt;
    s.beginGroup(groupFor(id));
    return readGateway(s, id);
}

std::optional<GatewayConfig> GatewaySettings::gatewayByName(const QString &name) const
{
    const QString wanted = name.trimmed();
    if (wanted.isEmpty())
        return std::nullopt;
    const QList<GatewayConfig> all = gateways();
    for (const GatewayConfig &c : all) {
        if (c.name.compare(wanted, Qt::CaseInsensitive) == 0)
            return c;
    }
    return std::nullopt;
}

bool GatewaySettings::prepareWrite(QString *error) const
{
    const QString file = nativeName(fileName());
    const QString dir = nativeName(m_configDir);
    const QFileInfo dirInfo(m_configDir);
    if (dirInfo.exists() && !dirInfo.isDir()) {
        return fail(error,
                    tr("The settings could not be saved to %1, because %2 is a file, not a folder. "
                       "Move that file away or choose another settings folder (--config), then "
                       "try again.")
                        .arg(file, dir));
    }
    if (!dirInfo.exists() && !QDir().mkpath(m_configDir)) {
        return fail(error,
                    tr("The settings could not be saved to %1, because the folder %2 could not be "
                       "created. Check that you may write there or choose another settings folder "
                       "(--config), then try again.")
                        .arg(file, dir));
    }
    // QSettings replaces the file through a new file and a lock file in the same folder, so
    // the folder must be writable as well as the file.
    const QFileInfo fileInfo(fileName());
    if ((fileInfo.exists() && !(fileInfo.isFile() && fileInfo.isWritable()))
        || !QFileInfo(m_configDir).isWritable()) {
        return fail(error,
                    tr("The settings could not be saved, because %1 or its folder is not "
                       "writable. Check the permissions of both or choose another settings folder "
                       "(--config), then try again.")
                        .arg(file));
    }
    return true;
}

static QString writeFailedMessage(const QString &file)
{
    return GatewaySettings::tr("The settings could not be written to %1. Check that the disk is "
                               "not full and that you may write to the file, then try again.")
        .arg(nativeName(file));
}

bool GatewaySettings::save(GatewayConfig &config, QString *error)
{
    GatewayConfig c = config;
    c.name = c.name.trimmed();
    if (c.name.isEmpty())
        return fail(error, tr("Give the email gateway a name, then save again."));
    if (!c.id.isEmpty() && !isValidId(c.id)) {
        return fail(error,
                    tr("The email gateway could not be saved because its identifier ‘%1’ "
                       "is not valid. This is a bug in the program; please report it.")
                        .arg(c.id));
    }
    if (c.provider.trimmed().isEmpty())
        c.provider = QStringLiteral("postmark");
    if (!prepareWrite(error))
        return false;

    QSettings s(fileName(), QSettings::IniFormat);
    WriteTransaction transaction(s);
    const QStringList groups = s.childGroups();
    if (c.id.isEmpty()) {
        do {
            c.id = QUuid::createUuid().toString(QUuid::Id128);
        } while (groups.contains(groupFor(c.id)));
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();

    s.setValue(kFormatVersionKey, kFormatVersion);
    s.beginGroup(groupFor(c.id));
    if (!c.createdAt.isValid()) {
        const QDateTime stored = readDateTime(s, QStringLiteral("createdAt"));
        c.createdAt = stored.isValid() ? stored : now;
    }
    c.updatedAt = now;
    for (const QString &key : kConfigKeys)
        s.remove(key);
    s.remove(kMappingGroup);
    s.setValue(QStringLiteral("name"), c.name);
    s.setValue(QStringLiteral("provider"), c.provider);
    s.setValue(QStringLiteral("serverId"), c.serverId);
    s.setValue(QStringLiteral("serverName"), c.serverName);
    s.setValue(QStringLiteral("deliveryType"), c.deliveryType);
    s.setValue(QStringLiteral("senderName"), c.senderName);
    s.setValue(QStringLiteral("fromAddress"), c.fromAddress);
    s.setValue(QStringLiteral("replyTo"), c.replyTo);
    s.setValue(QStringLiteral("webhookUrl"), c.webhookUrl);
    s.setValue(QStringLiteral("createdAt"), dateTimeText(c.createdAt));
    s.setValue(QStringLiteral("updatedAt"), dateTimeText(c.updatedAt));
    s.beginGroup(kMappingGroup);
    for (auto it = c.mapping.cbegin(); it != c.mapping.cend(); ++it) {
        if (!it.key().isEmpty() && !it.value().isEmpty())
            s.setValue(encodeKey(it.key()), it.value());
    }
    s.endGroup();
    s.endGroup();

    if (!transaction.commit())
        return fail(error, writeFailedMessage(fileName()));
    config = c;
    return true;
}

bool GatewaySettings::remove(const QString &id, QString *error)
{
    if (!isValidId(id))
        return true; // nothing can be stored under it
    {
        const QSettings s(fileName(), QSettings::IniFormat);
        if (!s.childGroups().contains(groupFor(id)))
            return true;
    }
    if (!prepareWrite(error))
        return false;
    QSettings s(fileName(), QSettings::IniFormat);
    WriteTransaction transaction(s);
    s.remove(groupFor(id));
    if (!transaction.commit())
        return fail(error, writeFailedMessage(fileName()));
    return true;
}

bool GatewaySettings::recordTestSend(const QString &gatewayId, const TestSendRecord &record,
                                     QString *error)
{
    if (!gateway(gatewayId)) {
        return fail(error,
                    tr("The test send could not be recorded because the email gateway no "
                       "longer exists. Add the gateway again, then send another test."));
    }
    if (record.streamId.isEmpty()) {
        return fail(error,
                    tr("The test send could not be recorded because it names no message "
                       "stream. This is a bug in the program; please report it."));
    }
    if (!prepareWrite(error))
        return false;
    QSettings s(fileName(), QSettings::IniFormat);
    WriteTransaction transaction(s);
    s.beginGroup(groupFor(gatewayId));
    s.beginGroup(kTestSendGroup);
    const QString key = encodeKey(record.streamId);
    s.remove(key);
    s.beginGroup(key);
    s.setValue(QStringLiteral("categoryId"), record.categoryId);
    s.setValue(QStringLiteral("at"), dateTimeText(record.at));
    s.setValue(QStringLiteral("ok"), record.ok);
    s.setValue(QStringLiteral("messageId"), record.messageId);
    s.setValue(QStringLiteral("errorCode"), record.errorCode);
    s.setValue(QStringLiteral("errorMessage"), record.errorMessage);
    s.endGroup();
    s.endGroup();
    s.endGroup();
    if (!transaction.commit())
        return fail(error, writeFailedMessage(fileName()));
    return true;
}

QList<TestSendRecord> GatewaySettings::lastTestSends(const QString &gatewayId) const
{
    QList<TestSendRecord> result;
    if (!isValidId(gatewayId))
        return result;
    QSettings s(fileName(), QSettings::IniFormat);
    s.beginGroup(groupFor(gatewayId));
    s.beginGroup(kTestSendGroup);
    const QStringList streams = s.childGroups();
    for (const QString &key : streams) {
        TestSendRecord r;
        r.streamId = decodeKey(key);
        if (r.streamId.isEmpty())
            continue;
        s.beginGroup(key);
        r.categoryId = readString(s, QStringLiteral("categoryId"));
        r.at = readDateTime(s, QStringLiteral("at"));
        r.ok = readBool(s, QStringLiteral("ok"));
        r.messageId = readString(s, QStringLiteral("messageId"));
        r.errorCode = readString(s, QStringLiteral("errorCode"));
        r.errorMessage = readString(s, QStringLiteral("errorMessage"));
        s.endGroup();
        result.append(r);
    }
    std::sort(result.begin(), result.end(), [](const TestSendRecord &a, const TestSendRecord &b) {
        return a.streamId < b.streamId;
    });
    return result;
}

QString GatewaySettings::value(const QString &key, const QString &defaultValue) const
{
    if (key.isEmpty())
        return defaultValue;
    const QSettings s(fileName(), QSettings::IniFormat);
    const QString path = kPreferencesGroup + u'/' + encodeKey(key);
    return s.contains(path) ? readString(s, path) : defaultValue;
}

bool GatewaySettings::setValue(const QString &key, const QString &value, QString *error)
{
    if (key.isEmpty())
        return fail(error,
                    tr("A setting without a name cannot be saved. This is a bug in the "
                       "program; please report it."));
    if (!prepareWrite(error))
        return false;
    QSettings s(fileName(), QSettings::IniFormat);
    WriteTransaction transaction(s);
    s.setValue(kPreferencesGroup + u'/' + encodeKey(key), value);
    if (!transaction.commit())
        return fail(error, writeFailedMessage(fileName()));
    return true;
}
