// Postmark API tokens: normalising what the user pasted, the local format check, redaction.
#pragma once

#include <QString>

namespace ApiToken {

// The literal server token Postmark accepts for validating sends without delivering anything.
inline QString testToken()
{
    return QStringLiteral("POSTMARK_API_TEST");
}

// Removes all whitespace and line breaks (a pasted token often carries them).
QString normalized(const QString &pasted);

// True for a bare UUID (8-4-4-4-12 hex digits) or the test token; costs no request.
bool isWellFormed(const QString &token);

bool isTestToken(const QString &token);

// "…1a2b": only the last 4 characters. Empty for an empty token.
QString redacted(const QString &token);

} // namespace ApiToken
