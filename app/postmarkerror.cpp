#include "postmarkerror.h"

#include <QRegularExpression>

namespace Postmark {

Error Error::ofKind(Kind kind, const QString &detail)
{
    Error e;
    e.kind = kind;
    e.detail = detail;
    return e;
}

Error Error::api(int httpStatus, int apiCode, const QString &apiMessage)
{
    Error e;
    e.kind = Kind::Api;
    e.httpStatus = httpStatus;
    e.apiCode = apiCode;
    e.apiMessage = apiMessage;
    return e;
}

bool Error::isTransport() const
{
    switch (kind) {
    case Kind::NoNetwork:
    case Kind::HostNotFound:
    case Kind::ConnectionRefused:
    case Kind::ConnectionClosed:
    case Kind::Tls:
    case Kind::Timeout:
    case Kind::Redirect:
    case Kind::TooLarge:
    case Kind::NotPostmark:
    case Kind::BadResponse:
    case Kind::RateLimited:
    case Kind::ServerError:
    case Kind::Outage:
    case Kind::Network:
        return true;
    default:
        return false;
    }
}

QString Error::code() const
{
    switch (kind) {
    case Kind::None:
        return QStringLiteral("ok");
    case Kind::Superseded:
        return QStringLiteral("superseded");
    case Kind::InsecureUrl:
        return QStringLiteral("insecure-url");
    case Kind::MalformedToken:
        return QStringLiteral("malformed-token");
    case Kind::NoNetwork:
        return QStringLiteral("no-network");
    case Kind::HostNotFound:
        return QStringLiteral("host-not-found");
    case Kind::ConnectionRefused:
        return QStringLiteral("connection-refused");
    case Kind::ConnectionClosed:
        return QStringLiteral("connection-closed");
    case Kind::Tls:
        return QStringLiteral("tls-failed");
    case Kind::Timeout:
        return QStringLiteral("timeout");
    case Kind::Redirect:
        return QStringLiteral("redirect");
    case Kind::TooLarge:
        return QStringLiteral("answer-too-large");
    case Kind::NotPostmark:
        return QStringLiteral("not-postmark");
    case Kind::BadResponse:
        return QStringLiteral("bad-response");
    case Kind::RateLimited:
        return QStringLiteral("rate-limited");
    case Kind::ServerError:
        return QStringLiteral("postmark-error");
    case Kind::Outage:
        return QStringLiteral("postmark-outage");
    case Kind::Api:
        return QStringLiteral("postmark-%1").arg(apiCode);
    case Kind::Network:
        return QStringLiteral("network-error");
    }
    return QStringLiteral("unknown");
}

QStringList Error::inactiveAddresses() const
{
    if (apiCode != 406)
        return {};
    // "... Found inactive addresses: a@x.com, b@y.com. Inactive recipients are ..."
    static const QRegularExpression re(
        QStringLiteral("inactive addresses:\\s*([^\\s].*?)\\.(\\s|$)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = re.match(apiMessage);
    if (!m.hasMatch())
        return {};
    QStringList addresses;
    for (const QString &a : m.captured(1).split(QLatin1Char(','), Qt::SkipEmptyParts))
        addresses.append(a.trimmed());
    return addresses;
}

static QString apiCodeMessage(const Error &e)
{
    switch (e.apiCode) {
    case 10:
        return Error::tr(
            "Postmark did not accept this API token. Copy the Server API token again "
            "from Postmark (your server → API Tokens tab) and paste it here. If a token "
            "that works in Postmark is refused here, contact the platform's support.");
    case 11:
        return Error::tr("Postmark found several problems in the request: %1 If you did not enter "
                         "these values yourself, contact the platform's support.")
            .arg(e.apiMessage);
    case 300:
        return Error::tr("Postmark refused the email: %1 Check the From and To addresses and that "
                         "the message has a body.")
            .arg(e.apiMessage);
    case 400:
        return Error::tr("The From address is not a sender signature on your Postmark account. "
                         "In Postmark, add it under Sender Signatures (or verify its domain), then "
                         "try again. Postmark support can help if it does not appear.");
    case 401:
        return Error::tr(
            "The From address is a sender signature that is not confirmed yet. Click "
            "the link in the confirmation email Postmark sent to that address, then try "
            "again. Postmark support can resend it.");
    case 402:
    case 403:
    case 409:
        return Error::tr("Postmark could not read the request (%1). This is a problem in this "
                         "integration: contact the platform's support.")
            .arg(e.apiMessage);
    case 405:
        return Error::tr("Your Postmark account is not allowed to send right now (it may be out of "
                         "credits). Check your account's billing in Postmark or ask Postmark "
                         "support.");
    case 406: {
        const QStringList inactive = e.inactiveAddresses();
        const QString who =
            inactive.isEmpty() ? Error::tr("some recipients") : inactive.join(QStringLiteral(", "));
        if (inactive.size() == 1)
            return Error::tr("Postmark did not send to %1: this address is inactive after a hard "
                             "bounce, a spam complaint or a manual suppression. Send to another "
                             "address, or reactivate it in Postmark (Suppressions) if you are "
                             "sure it is valid.")
                .arg(who);
        return Error::tr("Postmark did not send to %1: these addresses are inactive after a hard "
                         "bounce, a spam complaint or a manual suppression. Send to other "
                         "addresses, or reactivate them in Postmark (Suppressions) if you are "
                         "sure they are valid.")
            .arg(who);
    }
    case 410:
        return Error::tr("Too many messages in one batch (at most 500). Contact the platform's "
                         "support.");
    case 411:
        return Error::tr("Postmark refused an attachment of a forbidden type.");
    case 412:
        return Error::tr("Your Postmark account is pending approval: until Postmark approves it, "
                         "you can only send to addresses in the same domain as the From address. "
                         "Send the test to such an address, or ask Postmark support to approve "
                         "your account.");
    case 413:
        return Error::tr("Your Postmark account may not send email. Ask Postmark support why.");
    case 1220:
        return Error::tr("This token may not manage message streams. Use a Server API token with "
                         "full access, or ask Postmark support.");
    case 1221:
    case 1222:
    case 1223:
    case 1224:
    case 1227:
    case 1233:
        return Error::tr("Postmark refused the message stream's settings: %1").arg(e.apiMessage);
    case 1225:
        return Error::tr("This Postmark server already has the maximum of 10 message streams. "
                         "Archive a stream you do not use in Postmark, or map several email types "
                         "to one stream of the right type.");
    case 1226:
        return Error::tr("Postmark has no message stream with that ID on this server. Refresh the "
                         "list of streams and pick another.");
    case 1228:
        return Error::tr("A Postmark server can have only one Inbound stream.");
    case 1229:
        return Error::tr(
            "Postmark's default transactional and inbound streams cannot be archived.");
    case 1230:
        return Error::tr("A message stream with that ID already exists on this server (perhaps "
                         "archived). Use it, or unarchive it in Postmark.");
    case 1235:
        return Error::tr("The message stream this email type is mapped to does not exist on the "
                         "Postmark server (it may have been deleted or archived). Map the email "
                         "type to another stream, or create the stream.");
    case 1236:
        return Error::tr("Email cannot be sent through that stream (an Inbound stream only "
                         "receives). Map the email type to a Transactional or Broadcasts stream.");
    case 1301:
    case 1351:
        return Error::tr("Webhooks cannot be set on an Inbound stream.");
    case 1350:
        return Error::tr("Webhooks cannot be set on an archived stream. Unarchive it in Postmark "
                         "first.");
    case 1352:
        return Error::tr("That webhook no longer exists in Postmark. Run the check again.");
    case 1359:
        return Error::tr("This stream has too many webhooks. Remove unused ones in Postmark.");
    case 1364:
        return Error::tr("Postmark could not reach the webhook URL, so nothing was saved. Check "
                         "the URL with the platform's support.");
    case 1480:
        return Error::tr("Postmark does not allow sending from this computer's IP address (the "
                         "account uses an IP allowlist). Add the address in Postmark or ask "
                         "Postmark support.");
    default:
        break;
    }
    if (e.apiMessage.isEmpty())
        return Error::tr("Postmark refused the request (HTTP %1). Ask Postmark support and mention "
                         "this message.")
            .arg(e.httpStatus);
    return Error::tr("Postmark refused the request: “%1” (error %2). Ask Postmark support about "
                     "it if the message does not say what to change.")
        .arg(e.apiMessage)
        .arg(e.apiCode);
}

QString Error::message() const
{
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::Superseded:
        return tr("Replaced by a newer request.");
    case Kind::InsecureUrl:
        return tr("Refusing to send the API token over an unencrypted connection. Use an https:// "
                  "address (plain http:// is accepted only for this computer, e.g. the sandbox).");
    case Kind::MalformedToken:
        return tr("That doesn't look like a Postmark API token. Copy the Server API token from "
                  "Postmark (your server → API Tokens tab) and paste it again.");
    case Kind::NoNetwork:
        return tr("This computer seems to be offline. Check the network connection, then try "
                  "again.");
    case Kind::HostNotFound:
        return tr("Postmark's address could not be found (DNS). Check the network connection; if "
                  "other websites work, ask your network administrator.");
    case Kind::ConnectionRefused:
        return tr("Postmark could not be reached: the connection was refused. Check the network "
                  "connection and try again; if it keeps happening, a firewall may block it.");
    case Kind::ConnectionClosed:
        return tr("The connection to Postmark was dropped before an answer came. Try again in a "
                  "moment; if it keeps happening, a proxy or firewall may be interfering.");
    case Kind::Tls:
        return tr("A secure connection to Postmark could not be set up (TLS). Check the computer's "
                  "date and time; on a company network, a proxy may intercept secure "
                  "connections: ask your network administrator.");
    case Kind::Timeout:
        return tr("Postmark did not answer in time. Check the network connection and try again; "
                  "Postmark's status page says whether they have a problem.");
    case Kind::Redirect:
        return tr("The request was redirected elsewhere instead of reaching Postmark, so it was "
                  "stopped to protect the API token. A proxy or captive portal may be in the way: "
                  "ask your network administrator.");
    case Kind::TooLarge:
        return tr("The answer was far larger than any Postmark answer, so it was stopped. A proxy "
                  "or firewall may be in the way; if not, contact the platform's support.");
    case Kind::NotPostmark:
        return tr("Something other than Postmark answered (HTTP %1): probably a proxy, firewall or "
                  "Wi-Fi login page. Log in to the network or ask your network administrator to "
                  "allow api.postmarkapp.com.")
            .arg(httpStatus);
    case Kind::BadResponse:
        return tr("Postmark's answer could not be understood. Try again; if it keeps happening, "
                  "contact the platform's support.");
    case Kind::RateLimited:
        return tr("Postmark is limiting how fast requests may be made. Wait a minute and try "
                  "again.");
    case Kind::ServerError:
        return tr("Postmark had an internal error. Try again in a few minutes; if it persists, ask "
                  "Postmark support.");
    case Kind::Outage:
        return tr("Postmark is down for maintenance. Try again later; Postmark's status page says "
                  "when it will be back.");
    case Kind::Api:
        return apiCodeMessage(*this);
    case Kind::Network:
        return tr("A network error stopped the request (%1). Check the connection and try again.")
            .arg(detail);
    }
    return {};
}

} // namespace Postmark
