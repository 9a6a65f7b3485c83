#include "emailaddress.h"

#include <QRegularExpression>

namespace EmailAddress {

bool isValid(const QString &address)
{
    static const QRegularExpression re(QRegularExpression::anchoredPattern(
        QStringLiteral("[^@\\s<>(),;:\"\\[\\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                       "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")));
    return address.size() <= 254 && re.match(address).hasMatch();
}

QString domain(const QString &address)
{
    const int at = address.lastIndexOf(QLatin1Char('@'));
    return at < 0 ? QString() : address.mid(at + 1).trimmed().toLower();
}

QString withName(const QString &name, const QString &address)
{
    const QString n = name.trimmed();
    if (n.isEmpty())
        return address;
    static const QRegularExpression special(QStringLiteral("[()<>\\[\\]:;@\\\\,.\"]"));
    if (n.contains(special)) {
        QString quoted = n;
        quoted.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
        quoted.replace(QLatin1Char('"'), QLatin1String("\\\""));
        return QStringLiteral("\"%1\" <%2>").arg(quoted, address);
    }
    return QStringLiteral("%1 <%2>").arg(n, address);
}

} // namespace EmailAddress
