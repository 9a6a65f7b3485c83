// The one place where Postmark's JSON becomes value structs and back. Lenient with what Postmark
// may send (nulls, missing optional fields, numbers as strings), strict about what identifies an
// object: a parse that cannot find it returns std::nullopt and the caller reports a bad answer.
#pragma once

#include "postmarktypes.h"

#include <QJsonObject>
#include <QJsonValue>

#include <optional>

namespace PostmarkJson {

QDateTime
parseDateTime(const QJsonValue &value); // ISO 8601, any fraction, offset or Z; null → invalid
QString normalizedColor(const QString &color); // "turqoise", "TURQUOISE" → "Turquoise"

std::optional<Postmark::ServerInfo> parseServer(const QJsonObject &object);    // needs ID and Name
std::optional<Postmark::MessageStream> parseStream(const QJsonObject &object); // needs ID
std::optional<QList<Postmark::MessageStream>> parseStreamList(const QJsonObject &object);
std::optional<Postmark::SendResult> parseSendResult(const QJsonObject &object); // needs MessageID
std::optional<Postmark::Webhook> parseWebhook(const QJsonObject &object);       // needs ID
std::optional<QList<Postmark::Webhook>> parseWebhookList(const QJsonObject &object);
// Postmark's {"ErrorCode": n, "Message": "..."}; nullopt when the object has no ErrorCode.
std::optional<int> errorCode(const QJsonObject &object);

QJsonObject toJson(const Postmark::Email &email);
QJsonObject toJson(const Postmark::NewMessageStream &stream);
QJsonObject toJson(const Postmark::Webhook &webhook); // for POST/PUT /webhooks (no ID)

} // namespace PostmarkJson
