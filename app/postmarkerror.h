// One error type for everything that can go wrong talking to Postmark, and the one catalogue that
// turns it into words a marketer can act on: what happened, what to do, and whom to ask.
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace Postmark {

struct Error
{
    Q_DECLARE_TR_FUNCTIONS(Postmark::Error)
public:
    enum class Kind {
        None,
        Superseded,     // a newer request for the same purpose replaced this one: not a failure
        InsecureUrl,    // plain http:// to a host that is not loopback, or not http(s) at all
        MalformedToken, // the token cannot be a Postmark token; no request was made
        NoNetwork,      // no network, no route
        HostNotFound,   // DNS
        ConnectionRefused,
        ConnectionClosed, // the connection was dropped before an answer came
        Tls,              // TLS handshake or certificate failure
        Timeout,
        Redirect,    // a 3xx answer; never followed
        TooLarge,    // the answer exceeded the size limit and was aborted
        NotPostmark, // an answer that is not Postmark's JSON: a proxy, firewall or captive portal
        BadResponse, // Postmark-looking answer that cannot be understood (malformed JSON, wrong
                     // shape)
        RateLimited, // HTTP 429
        ServerError, // HTTP 500 and other 5xx but 503
        Outage,      // HTTP 503: planned maintenance
        Api,         // Postmark answered with an ErrorCode (see apiCode)
        Network,     // any other network failure
    };

    Kind kind = Kind::None;
    int httpStatus = 0; // 0 when no HTTP answer came
    int apiCode = -1;   // Postmark's ErrorCode, -1 when none
    QString apiMessage; // Postmark's own Message, in English
    QString detail;     // technical detail for support (never contains the token)

    static Error ofKind(Kind kind, const QString &detail = {});
    static Error api(int httpStatus, int apiCode, const QString &apiMessage);

    bool isError() const { return kind != Kind::None && kind != Kind::Superseded; }
    bool isSuperseded() const { return kind == Kind::Superseded; }
    // True when the token itself was refused (HTTP 401 / ErrorCode 10).
    bool isAuthFailure() const { return kind == Kind::Api && apiCode == 10; }
    // Failures of reaching Postmark at all, as opposed to Postmark refusing a request.
    bool isTransport() const;

    // A stable identifier for reports and scripts, e.g. "timeout", "not-postmark", "postmark-406".
    QString code() const;
    // Translated: what happened, what to do, whom to ask.
    QString message() const;
    // For ErrorCode 406: the inactive addresses Postmark named.
    QStringList inactiveAddresses() const;
};

} // namespace Postmark
