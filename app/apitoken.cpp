#include "apitoken.h"

#include <QRegularExpression>

namespace ApiToken {

QString normalized(const QString &pasted)
{
    QString token;
    token.reserve(pasted.size());
    for (const QChar c : pasted) {
        if (!c.isSpace() && c != QChar(0x200B) && c != QChar(0xFEFF)) // zero-width space, BOM
            token.append(c);
    }
    return token;
}

bool isTestToken(const QString &token)
{
    return token == testToken();
}

bool isWellFormed(const QString &token)
{
    static const QRegularExpression uuid(QRegularExpression::anchoredPattern(QStringLiteral(
        "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")));
    return isTestToken(token) || uuid.match(token).hasMatch();
}

QString redacted(const QString &token)
{
    if (token.isEmpty())
        return {};
    if (token.size() <= 8)
        return QStringLiteral("…");
    return QStringLiteral("…") + token.right(4);
}

} // namespace ApiToken
