// postmark-sandbox: a real HTTP/1.1 server on loopback that behaves like Postmark's API for the
// endpoints the wizard uses, with Postmark's JSON shapes, status codes and ErrorCodes.
// Used in-process by `gateway-wizard --demo` and the tests, and standalone as `postmark-sandbox`.
#pragma once

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <optional>

class PostmarkSandbox : public QObject
{
    Q_OBJECT
public:
    enum class Fault {
        None,
        Http500,        // 500 {"ErrorCode":101,...}
        Http503,        // 503 {"ErrorCode":100,...} (planned maintenance)
        Http429,        // 429, rate limited
        Html403,        // 403 with an HTML page, as a proxy or firewall answers
        MalformedJson,  // 200, Content-Type application/json, body is not valid JSON
        Oversized,      // 200 with a valid JSON body larger than 3 MiB
        DropConnection, // reads the request, then closes the socket without answering
        Hang,           // reads the request and never answers (the socket stays open)
    };
    static std::optional<Fault> faultFromName(const QString &name); // "500", "503", "429",
    // "html-403", "malformed-json", "oversized", "drop-connection", "hang"; "none"
    static QString faultName(Fault fault);
    static QStringList faultNames();

    // Stable seeded demo tokens (bare UUIDs, like Postmark's).
    struct DemoTokens
    {
        QString server;        // server "Demo Marketing" (Live)
        QString sandboxServer; // server "Demo Sandbox" (DeliveryType Sandbox)
        QString pendingServer; // server "Pending Approval" (account pending approval: 412)
        QString account;       // account token: answers GET /servers, 401 on server endpoints
    };
    static DemoTokens demoTokens();

    explicit PostmarkSandbox(QObject *parent = nullptr);
    ~PostmarkSandbox() override;

    bool listen(quint16 port = 0, const QHostAddress &address = QHostAddress::LocalHost);
    bool isListening() const;
    quint16 port() const;
    QUrl baseUrl() const; // e.g. http://127.0.0.1:40123
    QString errorString() const;
    void close();

    QString demoSummary() const; // human-readable: URL, demo tokens, sender and recipients

    void setLatency(int ms); // delay before every answer (asynchronous; never blocks the thread)
    int latency() const;
    // Applies `fault` to requests whose path starts with one of `pathPrefixes` (all when empty),
    // for the next `count` matching requests (forever when count < 0). /__sandbox/* is never
    // faulted.
    void setFault(Fault fault, const QStringList &pathPrefixes = {}, int count = -1);
    void clearFault();

    int requestCount() const;                    // API requests received (not /__sandbox/*)
    int requestCount(const QString &path) const; // by path without query, e.g. "/server"
    int connectionCount() const;                 // TCP connections accepted
    void resetCounters();

    void reset(); // back to the seeded state; counters, latency and faults cleared

    // Test hooks on the seeded state. serverToken selects the server.
    int addServer(const QString &name, const QString &token, const QString &deliveryType = "Live",
                  bool pendingApproval = false); // returns the new server's ID
    bool addStream(const QString &serverToken, const QString &id, const QString &name,
                   const QString &type); // type: Transactional | Broadcasts | Inbound
    bool archiveStream(const QString &serverToken, const QString &id);
    QStringList streamIds(const QString &serverToken, bool includeArchived = false) const;
    void addSenderSignature(const QString &email, bool confirmed);
    void addInactiveRecipient(const QString &email);
    int webhookCount(const QString &serverToken) const;
    int sentCount(const QString &serverToken) const; // emails accepted through POST /email

private:
    struct Private;
    std::unique_ptr<Private> d;
};
