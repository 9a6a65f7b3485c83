// The setup check: one engine behind the "Check setup" dialog, `gateway-wizard check` and the
// exported reports. Runs against a saved gateway, or an unsaved token with the recommended
// mapping, and produces a SetupReport: what is configured, and every problem with its next step.
#pragma once

#include "gatewaysettings.h"
#include "postmarkclient.h"
#include "streammapping.h"

#include <QJsonObject>
#include <QObject>

#include <memory>

struct Finding
{
    enum class Severity { Info, Warning, Error };
    Severity severity = Severity::Info;
    QString code;         // stable, e.g. "stream-wrong-type" (see README for the list)
    QString message;      // translated: what is wrong
    QString nextStep;     // translated: what to do, and whom to ask
    QString subject;      // what it is about: a category id, a stream id, or empty
    bool fixable = false; // an automatic fix exists (create streams / set up webhooks)
    // Which automatic fix: fixCreateStreams(), fixSetUpWebhooks(), or empty. Set with fixable.
    QString fix;

    static QString fixCreateStreams() { return QStringLiteral("create-streams"); }
    static QString fixSetUpWebhooks() { return QStringLiteral("set-up-webhooks"); }
};

struct CategoryCheck
{
    QString categoryId;
    QString categoryName;
    QString streamId; // empty when unmapped
    StreamMapping::MappingStatus status = StreamMapping::MappingStatus::Unmapped;
};

struct SetupReport
{
    enum class Result { Ok, Problems, Unchecked };

    // Environment
    QString appVersion;
    QString os;
    QString keychainBackend;
    QDateTime checkedAt;
    // Gateway
    QString gatewayId; // empty for an unsaved token
    QString gatewayName;
    bool saved = false;
    QString tokenKind;     // "server", "account", "test", "invalid", "unknown" (could not check)
    QString tokenRedacted; // last 4 characters only
    // Postmark
    bool serverChecked = false;
    Postmark::ServerInfo server;
    QList<Postmark::MessageStream> streams; // all, archived included
    QList<CategoryCheck> categories;
    QMap<QString, QList<Postmark::Webhook>> webhooks; // per mapped sending stream
    QList<TestSendRecord> lastTestSends;              // from settings
    QList<TestSendRecord> testSendsNow;               // sent by this check (--send-test)
    QList<Finding> findings;                          // errors first, then warnings, then info

    Result result = Result::Unchecked;
    int exitCode() const; // 0 ok (nothing above info), 1 problems, 2 could not check
    bool hasFinding(const QString &code) const;
    // The first finding with that code (and subject, when given), or nullptr.
    const Finding *finding(const QString &code, const QString &subject = {}) const;
    int count(Finding::Severity severity) const;
};

class SetupCheck : public QObject
{
    Q_OBJECT
public:
    struct Input
    {
        GatewayConfig config; // for an unsaved token: empty id, name, mapping (recommended is used)
        QString token;
        bool saved = false;
        QString keychainBackend;
        QList<TestSendRecord> lastTestSends;
        QString sendTestTo; // non-empty: send one test email through each mapped stream
        QString webhookUrl; // the platform's webhook URL, for the webhook findings' next step
        // When `token` is empty: why (translated, e.g. the keychain's message). The check then
        // reports "token-missing" and makes no request.
        QString tokenProblem;
    };

    explicit SetupCheck(Postmark::Client *client, QObject *parent = nullptr);
    ~SetupCheck() override;

    // Starts the check; `finished` follows once (asynchronously). Requests for independent
    // streams run concurrently. A new run() abandons the previous one.
    void run(const Input &input);
    bool isRunning() const;
    const SetupReport &report() const;

    // Automatic fixes. Each reports through fixFinished(ok, translated summary).
    // Creates the missing recommended streams (within the 10-stream limit).
    void createMissingStreams(const QString &token);
    // Creates or completes the webhooks of every stream in `mapping` so that each has one webhook
    // at `url` with Bounce and SpamComplaint, plus SubscriptionChange on Broadcasts streams.
    // Idempotent: a second run creates and changes nothing.
    void setUpWebhooks(const QString &token, const StreamMapping::Mapping &mapping,
                       const QString &url);
    bool isFixRunning() const;
    // After createMissingStreams() succeeded: the recommended mapping on the server as it is now
    // (dedicated streams where they exist, the defaults elsewhere), for the caller to save.
    StreamMapping::Mapping recommendedMapping() const;

    // Abandons the check and the fix in flight: no finished()/fixFinished() follows for them.
    void abort();

    // The webhook triggers a platform needs on a stream of that type: Bounce and SpamComplaint,
    // plus SubscriptionChange on Broadcasts streams.
    static Postmark::WebhookTriggers requiredTriggers(Postmark::StreamType type);
    // Postmark's names of the required triggers that `have` lacks, e.g. {"SubscriptionChange"}.
    static QStringList missingTriggers(Postmark::StreamType type,
                                       const Postmark::WebhookTriggers &have);
    // Whether two webhook URLs address the same endpoint (case of scheme/host and a trailing
    // slash ignored).
    static bool sameWebhookUrl(const QString &a, const QString &b);

signals:
    void finished(const SetupReport &report);
    void fixFinished(bool ok, const QString &summary);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// Exports. None of them ever contains the token; only SetupReport::tokenRedacted.
namespace SetupReportFormat {
QString toText(const SetupReport &report);
QString toMarkdown(const SetupReport &report);
QJsonObject toJson(const SetupReport &report);    // the documented schema (README)
QString severityName(Finding::Severity severity); // "error", "warning", "info"
// A URL as reports show it: without user name, password, or query values (they may be secrets).
QString redactedUrl(const QString &url);
QString resultName(SetupReport::Result result); // "ok", "problems", "unchecked"
// Several gateways (`check --all`): one section each; JSON {"gateways": [...]}.
QString toText(const QList<SetupReport> &reports);
QString toMarkdown(const QList<SetupReport> &reports);
QJsonObject toJson(const QList<SetupReport> &reports);
// The highest exit code of the reports (2 > 1 > 0); 0 for none.
int exitCode(const QList<SetupReport> &reports);
// Postmark's names of the enabled triggers, e.g. {"Bounce", "SpamComplaint"}.
QStringList triggerNames(const Postmark::WebhookTriggers &triggers);
} // namespace SetupReportFormat
