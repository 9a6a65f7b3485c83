#include "setupcheck.h"

#include "apitoken.h"
#include "emailaddress.h"
#include "emailcategory.h"

#include <QCoreApplication>
#include <QLocale>
#include <QPointer>
#include <QSet>
#include <QSysInfo>
#include <QUrl>

#include <algorithm>

using Postmark::Error;
using Postmark::MessageStream;
using Postmark::Result;
using Postmark::StreamType;
using Postmark::Webhook;
using Postmark::WebhookTriggers;
using Severity = Finding::Severity;
using StreamMapping::MappingStatus;

// ---------------------------------------------------------------------------------------------
// SetupReport

int SetupReport::exitCode() const
{
    switch (result) {
    case Result::Ok:
        return 0;
    case Result::Problems:
        return 1;
    case Result::Unchecked:
        break;
    }
    return 2;
}

bool SetupReport::hasFinding(const QString &code) const
{
    return finding(code) != nullptr;
}

const Finding *SetupReport::finding(const QString &code, const QString &subject) const
{
    for (const Finding &f : findings) {
        if (f.code == code && (subject.isEmpty() || f.subject == subject))
            return &f;
    }
    return nullptr;
}

int SetupReport::count(Finding::Severity severity) const
{
    return int(std::count_if(findings.begin(), findings.end(),
                             [severity](const Finding &f) { return f.severity == severity; }));
}

// ---------------------------------------------------------------------------------------------
// SetupCheck

namespace {

QString appVersion()
{
    const QString version = QCoreApplication::applicationVersion();
    return version.isEmpty() ? QStringLiteral(GW_VERSION) : version;
}

QString osDescription()
{
    return QStringLiteral("%1 (%2 %3, %4)")
        .arg(QSysInfo::prettyProductName(), QSysInfo::kernelType(), QSysInfo::kernelVersion(),
             QSysInfo::currentCpuArchitecture());
}

QString categoryName(const QString &categoryId)
{
    const EmailCategory *c = EmailCategory::find(categoryId);
    return c ? c->name : categoryId;
}

bool isSendingType(StreamType type)
{
    return type == StreamType::Transactional || type == StreamType::Broadcasts;
}

Finding makeFinding(Severity severity, const QString &code, const QString &message,
                    const QString &nextStep, const QString &subject = {}, const QString &fix = {})
{
    Finding f;
    f.severity = severity;
    f.code = code;
    f.message = message;
    f.nextStep = nextStep;
    f.subject = subject;
    f.fix = fix;
    f.fixable = !fix.isEmpty();
    return f;
}

// The finding for a request that did not get a usable answer from Postmark.
Finding requestFinding(const Error &e, const QString &request)
{
    using K = Error::Kind;
    const QString technical =
        e.detail.isEmpty() ? e.code() : QStringLiteral("%1: %2").arg(e.code(), e.detail);
    switch (e.kind) {
    case K::NoNetwork:
    case K::HostNotFound:
    case K::ConnectionRefused:
    case K::ConnectionClosed:
    case K::Network:
        return makeFinding(
            Severity::Error, QStringLiteral("network-unreachable"),
            SetupCheck::tr("Postmark could not be reached from this computer (%1, during %2).")
                .arg(technical, request),
            SetupCheck::tr("Check the network connection and try again. If other websites work, "
                           "a firewall may block api.postmarkapp.com: ask your network "
                           "administrator."));
    case K::NotPostmark:
    case K::Redirect:
    case K::TooLarge:
    case K::BadResponse:
        return makeFinding(
            Severity::Error, QStringLiteral("network-not-postmark"),
            SetupCheck::tr("Something other than Postmark answered (%1, HTTP %2, during %3): "
                           "probably a proxy, firewall or Wi-Fi login page.")
                .arg(technical)
                .arg(e.httpStatus)
                .arg(request),
            SetupCheck::tr("Log in to the network if it asks for it, or ask your network "
                           "administrator to allow api.postmarkapp.com. If nothing is in the "
                           "way, contact the platform's support with this report."));
    case K::Tls:
        return makeFinding(
            Severity::Error, QStringLiteral("tls-failed"),
            SetupCheck::tr("A secure connection to Postmark could not be set up (%1, during %2).")
                .arg(technical, request),
            SetupCheck::tr("Check the computer's date and time. On a company network, a proxy "
                           "may intercept secure connections: ask your network administrator."));
    case K::Timeout:
        return makeFinding(
            Severity::Error, QStringLiteral("timeout"),
            SetupCheck::tr("Postmark did not answer in time (during %1).").arg(request),
            SetupCheck::tr("Check the network connection and run the check again (on the "
                           "command line, --timeout allows more time). Postmark's status page "
                           "says whether they have a problem."));
    case K::RateLimited:
        return makeFinding(
            Severity::Error, QStringLiteral("rate-limited"),
            SetupCheck::tr("Postmark is limiting how fast requests may be made (HTTP 429, during "
                           "%1).")
                .arg(request),
            SetupCheck::tr("Wait a minute, then run the check again."));
    case K::ServerError:
    case K::Outage:
        return makeFinding(
            Severity::Error, QStringLiteral("postmark-outage"),
            SetupCheck::tr("Postmark has a problem on its side (HTTP %1, %2, during %3).")
                .arg(e.httpStatus)
                .arg(e.code(), request),
            SetupCheck::tr("Try again in a few minutes; Postmark's status page says when it "
                           "will be back. If it persists, ask Postmark support."));
    case K::InsecureUrl:
        return makeFinding(
            Severity::Error, QStringLiteral("insecure-url"),
            SetupCheck::tr("The API address is not a secure (https://) address, so the token was "
                           "not sent (%1).")
                .arg(technical),
            SetupCheck::tr("Use an https:// address; plain http:// is accepted only for this "
                           "computer (the sandbox)."));
    default:
        break;
    }
    return makeFinding(Severity::Error, QStringLiteral("request-failed"),
                       SetupCheck::tr("Postmark refused a request the check needed (%1, %2): %3")
                           .arg(request, e.code(), e.message()),
                       SetupCheck::tr("Run the check again. If it keeps failing, ask Postmark "
                                      "support, and send them this report."));
}

QString webhookNextStep(const QString &url)
{
    if (url.isEmpty())
        return SetupCheck::tr("Use “Set up webhooks” in Check setup with the platform's webhook "
                              "URL (the platform's support can tell you the URL), or add the "
                              "webhook in Postmark (your server → the stream → Webhooks).");
    return SetupCheck::tr("Use “Set up webhooks” in Check setup: it creates or completes the "
                          "webhook to %1 on every mapped stream.")
        .arg(SetupReportFormat::redactedUrl(url));
}

} // namespace

struct SetupCheck::Private
{
    explicit Private(SetupCheck *owner, Postmark::Client *c) : q(owner), client(c) { }

    SetupCheck *q;
    QPointer<Postmark::Client> client; // may go first, e.g. in a destructor

    // The check.
    Input input;
    SetupReport report;
    bool running = false;
    bool unchecked = false;
    int generation = 0;
    int pending = 0;
    StreamMapping::Mapping mapping;
    QStringList sendingStreams; // distinct mapped streams that can send, in category order
    int webhooksChecked = 0;

    // The fixes.
    bool fixRunning = false;
    int fixGeneration = 0;
    StreamMapping::Mapping recommendedMapping;

    quint64 purposeCounter = 0;
    QSet<QString> checkPurposes; // the check's requests in flight
    QSet<QString> fixPurposes;   // the fix's

    // A purpose of its own per request: concurrent, yet each can be aborted.
    QString purpose(QSet<QString> &set)
    {
        const QString p =
            QStringLiteral("setup-check/%1/%2").arg(quintptr(q), 0, 16).arg(++purposeCounter);
        set.insert(p);
        return p;
    }
    QString checkPurpose() { return purpose(checkPurposes); }
    QString fixPurpose() { return purpose(fixPurposes); }
    void abortRequests(QSet<QString> &set)
    {
        const QSet<QString> inFlight = set;
        set.clear();
        if (!client)
            return;
        for (const QString &p : inFlight)
            client->abort(p);
    }

    void add(const Finding &f)
    {
        for (const Finding &existing : std::as_const(report.findings)) {
            if (existing.code == f.code && existing.subject == f.subject)
                return; // e.g. one "timeout" for several requests
        }
        report.findings.append(f);
    }
    void failRequest(const Error &e, const QString &request)
    {
        unchecked = true;
        add(requestFinding(e, request));
    }

    void start();
    void onToken(const Result<Postmark::TokenCheck> &r);
    void onStreams(const Result<QList<MessageStream>> &r);
    void checkCategories();
    void checkStreamsCreated();
    void checkWebhooks(const MessageStream &stream, const QList<Webhook> &hooks);
    void sendTest(const MessageStream &stream, const QString &categoryId);
    void requestDone();
    void finish();

    // Fixes.
    void createNext(QList<Postmark::NewMessageStream> queue, QStringList created,
                    QStringList fallbacks, const QString &token, int gen);
    void fixDone(int gen, bool ok, const QString &summary);
};

SetupCheck::SetupCheck(Postmark::Client *client, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>(this, client))
{
    Q_ASSERT(client);
}

SetupCheck::~SetupCheck()
{
    d->abortRequests(d->checkPurposes);
    d->abortRequests(d->fixPurposes);
}

bool SetupCheck::isRunning() const
{
    return d->running;
}

const SetupReport &SetupCheck::report() const
{
    return d->report;
}

bool SetupCheck::isFixRunning() const
{
    return d->fixRunning;
}

StreamMapping::Mapping SetupCheck::recommendedMapping() const
{
    return d->recommendedMapping;
}

void SetupCheck::abort()
{
    ++d->generation;
    ++d->fixGeneration;
    d->running = false;
    d->fixRunning = false;
    d->pending = 0;
    d->abortRequests(d->checkPurposes);
    d->abortRequests(d->fixPurposes);
}

WebhookTriggers SetupCheck::requiredTriggers(StreamType type)
{
    WebhookTriggers t;
    t.bounce = true;
    t.spamComplaint = true;
    t.subscriptionChange = type == StreamType::Broadcasts;
    return t;
}

QStringList SetupCheck::missingTriggers(StreamType type, const WebhookTriggers &have)
{
    const WebhookTriggers need = requiredTriggers(type);
    QStringList missing;
    if (need.bounce && !have.bounce)
        missing << QStringLiteral("Bounce");
    if (need.spamComplaint && !have.spamComplaint)
        missing << QStringLiteral("SpamComplaint");
    if (need.subscriptionChange && !have.subscriptionChange)
        missing << QStringLiteral("SubscriptionChange");
    return missing;
}

bool SetupCheck::sameWebhookUrl(const QString &a, const QString &b)
{
    const auto normalized = [](const QString &s) {
        QUrl url(s.trimmed());
        url.setScheme(url.scheme().toLower());
        url.setHost(url.host().toLower());
        return url.adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments)
            .toString(QUrl::FullyEncoded);
    };
    return !a.trimmed().isEmpty() && normalized(a) == normalized(b);
}

namespace {

WebhookTriggers unionOf(const QList<Webhook> &hooks)
{
    WebhookTriggers t;
    for (const Webhook &w : hooks) {
        t.open = t.open || w.triggers.open;
        t.click = t.click || w.triggers.click;
        t.delivery = t.delivery || w.triggers.delivery;
        t.bounce = t.bounce || w.triggers.bounce;
        t.spamComplaint = t.spamComplaint || w.triggers.spamComplaint;
        t.subscriptionChange = t.subscriptionChange || w.triggers.subscriptionChange;
    }
    return t;
}

// The webhooks of a stream that count for the platform: those at its URL, or all when the URL is
// not known.
QList<Webhook> relevantWebhooks(const QList<Webhook> &hooks, const QString &url)
{
    if (url.trimmed().isEmpty())
        return hooks;
    QList<Webhook> relevant;
    for (const Webhook &w : hooks) {
        if (SetupCheck::sameWebhookUrl(w.url, url))
            relevant.append(w);
    }
    return relevant;
}

} // namespace

void SetupCheck::run(const Input &input)
{
    ++d->generation;
    d->abortRequests(d->checkPurposes);
    d->input = input;
    d->input.token = ApiToken::normalized(input.token);
    d->report = SetupReport();
    d->unchecked = false;
    d->pending = 0;
    d->mapping.clear();
    d->sendingStreams.clear();
    d->webhooksChecked = 0;
    d->running = true;
    d->start();
}

void SetupCheck::Private::start()
{
    SetupReport &r = report;
    r.appVersion = appVersion();
    r.os = osDescription();
    r.keychainBackend = input.keychainBackend;
    r.checkedAt = QDateTime::currentDateTimeUtc();
    r.gatewayId = input.config.id;
    r.gatewayName = input.config.name;
    r.saved = input.saved;
    r.tokenKind = QStringLiteral("unknown");
    r.tokenRedacted = ApiToken::redacted(input.token);
    r.lastTestSends = input.lastTestSends;

    const int gen = generation;
    if (input.token.isEmpty()) {
        add(makeFinding(
            Severity::Error, QStringLiteral("token-missing"),
            input.tokenProblem.isEmpty()
                ? SetupCheck::tr("There is no Postmark API token to check.")
                : SetupCheck::tr("The gateway's Postmark API token could not be read: %1")
                      .arg(input.tokenProblem),
            SetupCheck::tr("Open the gateway in Email Gateway Wizard (Edit) and paste the Server "
                           "API token again. On the command line, the token can also be given "
                           "with --token-stdin.")));
        unchecked = true;
        QMetaObject::invokeMethod(
            q,
            [this, gen] {
                if (gen == generation)
                    finish();
            },
            Qt::QueuedConnection);
        return;
    }
    ++pending;
    client->validateToken(
        input.token, q,
        [this, gen](const Result<Postmark::TokenCheck> &result) {
            if (gen != generation)
                return;
            onToken(result);
            requestDone();
        },
        checkPurpose());
}

void SetupCheck::Private::onToken(const Result<Postmark::TokenCheck> &r)
{
    if (r.error.isSuperseded())
        return;
    if (!r.ok()) {
        failRequest(r.error, QStringLiteral("GET /server"));
        return;
    }
    const QString next = SetupCheck::tr(
        "Copy the Server API token from Postmark (your server → API Tokens tab) and use it "
        "instead: open the gateway in Email Gateway Wizard (Edit) and paste it.");
    switch (r.value.kind) {
    case Postmark::TokenKind::Invalid:
        report.tokenKind = QStringLiteral("invalid");
        add(makeFinding(Severity::Error, QStringLiteral("token-invalid"),
                        ApiToken::isWellFormed(input.token)
                            ? SetupCheck::tr("Postmark does not accept this API token (%1): it is "
                                             "neither a server nor an account token, or it was "
                                             "revoked.")
                                  .arg(report.tokenRedacted)
                            : SetupCheck::tr("This is not a Postmark API token (%1): a token is a "
                                             "UUID like 1a2b3c4d-….")
                                  .arg(report.tokenRedacted),
                        next + QLatin1Char(' ')
                            + SetupCheck::tr("If a token that works in Postmark is refused here, "
                                             "contact the platform's support.")));
        unchecked = true;
        return;
    case Postmark::TokenKind::Account:
        report.tokenKind = QStringLiteral("account");
        add(makeFinding(Severity::Error, QStringLiteral("token-is-account-token"),
                        SetupCheck::tr("This is a Postmark Account API token (%1), not a Server "
                                       "API token. Sending and message streams need the token of "
                                       "one server.")
                            .arg(report.tokenRedacted),
                        next));
        unchecked = true;
        return;
    case Postmark::TokenKind::Test:
        report.tokenKind = QStringLiteral("test");
        add(makeFinding(Severity::Error, QStringLiteral("token-is-test-token"),
                        SetupCheck::tr("This is Postmark's test token (%1): Postmark accepts email "
                                       "sent with it but delivers nothing, and it belongs to no "
                                       "server.")
                            .arg(report.tokenRedacted),
                        next));
        unchecked = true;
        return;
    case Postmark::TokenKind::Server:
        break;
    }
    report.tokenKind = QStringLiteral("server");
    report.server = r.value.server;
    report.serverChecked = true;
    if (report.server.isSandboxDelivery()) {
        add(makeFinding(Severity::Warning, QStringLiteral("server-sandbox-mode"),
                        SetupCheck::tr("The Postmark server ‘%1’ is a Sandbox server: it accepts "
                                       "email but never delivers it to anyone.")
                            .arg(report.server.name),
                        SetupCheck::tr("To send real email, use the Server API token of a Live "
                                       "server (in Postmark: Servers → the server → API "
                                       "Tokens). Postmark support can help.")));
    }
    if (input.saved && input.config.serverId != 0 && input.config.serverId != report.server.id) {
        add(makeFinding(Severity::Warning, QStringLiteral("server-mismatch"),
                        SetupCheck::tr("The gateway was set up for the Postmark server ‘%1’ (ID "
                                       "%2), but its token now belongs to ‘%3’ (ID %4).")
                            .arg(input.config.serverName)
                            .arg(input.config.serverId)
                            .arg(report.server.name)
                            .arg(report.server.id),
                        SetupCheck::tr("If the server was changed on purpose, open the gateway "
                                       "(Edit) and check its stream mapping; otherwise paste the "
                                       "token of the right server.")));
    }

    const int gen = generation;
    ++pending;
    client->listStreams(
        input.token, true, q,
        [this, gen](const Result<QList<MessageStream>> &result) {
            if (gen != generation)
                return;
            onStreams(result);
            requestDone();
        },
        checkPurpose());
}

void SetupCheck::Private::onStreams(const Result<QList<MessageStream>> &r)
{
    if (r.error.isSuperseded())
        return;
    if (!r.ok()) {
        failRequest(r.error, QStringLiteral("GET /message-streams"));
        return;
    }
    report.streams = r.value;
    mapping = (input.saved || !input.config.mapping.isEmpty())
        ? input.config.mapping
        : StreamMapping::recommended(report.streams);
    checkCategories();
    checkStreamsCreated();

    // Distinct mapped streams that can carry email, in category order.
    QHash<QString, QString> firstCategory; // stream -> first category sent through it
    for (const EmailCategory &c : EmailCategory::all()) {
        const QString id = mapping.value(c.id);
        const MessageStream *s = StreamMapping::findStream(id, report.streams);
        if (!s || s->isArchived() || !isSendingType(s->type) || sendingStreams.contains(id))
            continue;
        sendingStreams.append(id);
        firstCategory.insert(id, c.id);
    }

    const int gen = generation;
    for (const QString &id : std::as_const(sendingStreams)) {
        const MessageStream stream = *StreamMapping::findStream(id, report.streams);
        ++pending;
        client->listWebhooks(
            input.token, id, q,
            [this, gen, stream](const Result<QList<Webhook>> &result) {
                if (gen != generation)
                    return;
                if (!result.ok()) // superseded by someone else too: this check is incomplete
                    failRequest(result.error,
                                QStringLiteral("GET /webhooks?MessageStream=%1").arg(stream.id));
                else
                    checkWebhooks(stream, result.value);
                requestDone();
            },
            checkPurpose());
        if (!input.sendTestTo.isEmpty())
            sendTest(stream, firstCategory.value(id));
    }
}

void SetupCheck::Private::checkCategories()
{
    const StreamMapping::Plan plan = StreamMapping::planRecommendedStreams(report.streams);
    QStringList creatable;
    for (const Postmark::NewMessageStream &s : plan.toCreate)
        creatable << s.id;

    int ok = 0;
    for (const EmailCategory &c : EmailCategory::all()) {
        CategoryCheck check;
        check.categoryId = c.id;
        check.categoryName = c.name;
        check.streamId = mapping.value(c.id);
        check.status = StreamMapping::check(c, check.streamId, report.streams);
        report.categories.append(check);
        if (check.status == MappingStatus::Ok) {
            ++ok;
            continue;
        }
        const QString message =
            StreamMapping::statusText(check.status, c, check.streamId, report.streams);
        QString nextStep;
        QString fix;
        switch (check.status) {
        case MappingStatus::Missing:
            if (creatable.contains(check.streamId)) {
                fix = Finding::fixCreateStreams();
                nextStep = SetupCheck::tr("Use “Create recommended streams” in Check setup: it "
                                          "creates ‘%1’ in Postmark.")
                               .arg(check.streamId);
            } else {
                nextStep =
                    SetupCheck::tr("Open the gateway in Email Gateway Wizard (Edit, then "
                                   "Save to reach Message streams) and pick one of the server's %1 "
                                   "streams, or press Reset to recommended.")
                        .arg(StreamMapping::streamTypeLabel(c.type));
            }
            break;
        case MappingStatus::Archived:
            nextStep =
                SetupCheck::tr(
                    "Unarchive ‘%1’ in Postmark, or open the gateway in Email "
                    "Gateway Wizard (Edit, then Save to reach Message streams) and pick another "
                    "%2 stream.")
                    .arg(check.streamId, StreamMapping::streamTypeLabel(c.type));
            break;
        case MappingStatus::Unmapped:
        case MappingStatus::Inbound:
        case MappingStatus::WrongType:
        case MappingStatus::Ok:
            nextStep =
                SetupCheck::tr(
                    "Open the gateway in Email Gateway Wizard (Edit, then Save "
                    "to reach Message streams) and pick a %1 stream for %2, or press Reset to "
                    "recommended.")
                    .arg(StreamMapping::streamTypeLabel(c.type), c.name);
            break;
        }
        add(makeFinding(Severity::Error, StreamMapping::statusCode(check.status), message, nextStep,
                        c.id, fix));
    }
    if (ok == int(EmailCategory::all().size())) {
        add(makeFinding(Severity::Info, QStringLiteral("mapping-ok"),
                        SetupCheck::tr("All %n email type(s) go through a stream of the right "
                                       "type.",
                                       nullptr, ok),
                        SetupCheck::tr("Nothing to do.")));
    }
}

void SetupCheck::Private::checkStreamsCreated()
{
    // Recommended dedicated streams that do not exist yet and are not already reported as a
    // missing stream of the mapping: the email types share the default streams meanwhile.
    const StreamMapping::Plan plan = StreamMapping::planRecommendedStreams(report.streams);
    QStringList ids;
    for (const Postmark::NewMessageStream &s : plan.toCreate) {
        const bool reported = std::any_of(
            report.categories.begin(), report.categories.end(), [&s](const CategoryCheck &c) {
                return c.streamId == s.id && c.status == MappingStatus::Missing;
            });
        if (!reported)
            ids << s.id;
    }
    if (ids.isEmpty())
        return;
    add(makeFinding(Severity::Info, QStringLiteral("recommended-streams-missing"),
                    SetupCheck::tr("%n recommended message stream(s) do not exist on the server "
                                   "yet (%1), so those email types share the server's default "
                                   "streams.",
                                   nullptr, int(ids.size()))
                        .arg(ids.join(QStringLiteral(", "))),
                    SetupCheck::tr("Optional: use “Create recommended streams” in Check setup, "
                                   "then map the email types to them (Edit, Save, then "
                                   "Reset to recommended on Message streams)."),
                    {}, Finding::fixCreateStreams()));
}

void SetupCheck::Private::checkWebhooks(const MessageStream &stream, const QList<Webhook> &hooks)
{
    ++webhooksChecked;
    report.webhooks.insert(stream.id, hooks);
    const QString url = input.webhookUrl.trimmed();
    const QString next = webhookNextStep(url);
    if (hooks.isEmpty()) {
        add(makeFinding(Severity::Warning, QStringLiteral("webhook-missing"),
                        SetupCheck::tr("The stream ‘%1’ has no webhook: bounces and spam "
                                       "complaints of its email never reach the platform, which "
                                       "then keeps sending to those addresses.")
                            .arg(stream.id),
                        next, stream.id, Finding::fixSetUpWebhooks()));
        return;
    }
    const QList<Webhook> relevant = relevantWebhooks(hooks, url);
    if (relevant.isEmpty()) {
        add(makeFinding(Severity::Warning, QStringLiteral("webhook-missing"),
                        SetupCheck::tr("None of the %n webhook(s) of the stream ‘%1’ goes to the "
                                       "platform's webhook URL %2.",
                                       nullptr, int(hooks.size()))
                            .arg(stream.id, SetupReportFormat::redactedUrl(url)),
                        next, stream.id, Finding::fixSetUpWebhooks()));
        return;
    }
    const QStringList missing = SetupCheck::missingTriggers(stream.type, unionOf(relevant));
    if (missing.isEmpty())
        return;
    add(makeFinding(Severity::Warning, QStringLiteral("webhook-trigger-missing"),
                    SetupCheck::tr("The webhooks of the stream ‘%1’ (%2) do not report: %3. "
                                   "The platform needs Bounce and SpamComplaint on every sending "
                                   "stream, and SubscriptionChange on Broadcasts streams.")
                        .arg(stream.id, StreamMapping::streamTypeLabel(stream.type),
                             missing.join(QStringLiteral(", "))),
                    next, stream.id, Finding::fixSetUpWebhooks()));
}

void SetupCheck::Private::sendTest(const MessageStream &stream, const QString &categoryId)
{
    QStringList names;
    for (const EmailCategory &c : EmailCategory::all()) {
        if (mapping.value(c.id) == stream.id)
            names << c.name;
    }
    Postmark::Email email;
    const QString from = input.config.fromAddress.trimmed().isEmpty()
        ? input.sendTestTo
        : input.config.fromAddress.trimmed();
    email.from = EmailAddress::withName(input.config.senderName.trimmed(), from);
    email.to = input.sendTestTo;
    email.replyTo = input.config.replyTo.trimmed();
    email.messageStream = stream.id;
    email.subject =
        SetupCheck::tr("Setup check: %1 through Postmark").arg(names.join(QStringLiteral(", ")));
    email.textBody = SetupCheck::tr("This is a test email from the setup check of Email Gateway "
                                    "Wizard, sent through the Postmark message stream ‘%1’, "
                                    "which carries: %2.\nIf you can read it, Postmark delivers "
                                    "these types of email.")
                         .arg(stream.id, names.join(QStringLiteral(", ")));
    email.tag = QStringLiteral("gateway-check");
    email.metadata.insert(QStringLiteral("category"), categoryId);
    if (!input.config.id.isEmpty())
        email.metadata.insert(QStringLiteral("gateway"), input.config.id);

    const int gen = generation;
    ++pending;
    client->sendEmail(
        input.token, email, q,
        [this, gen, stream, categoryId](const Result<Postmark::SendResult> &r) {
            if (gen != generation)
                return;
            TestSendRecord record;
            record.streamId = stream.id;
            record.categoryId = categoryId;
            record.ok = r.ok();
            if (r.ok()) {
                record.at = r.value.submittedAt.isValid() ? r.value.submittedAt
                                                          : QDateTime::currentDateTimeUtc();
                record.messageId = r.value.messageId;
            } else {
                record.at = QDateTime::currentDateTimeUtc();
                record.errorCode = r.error.code();
                record.errorMessage = r.error.message();
            }
            if (!r.ok() && (r.error.isTransport() || r.error.isSuperseded())) {
                // Postmark could not be reached: the check is incomplete (exit 2), not a
                // problem found in the setup.
                failRequest(r.error,
                            QStringLiteral("POST /email (MessageStream %1)").arg(stream.id));
            } else if (!r.ok()) {
                add(makeFinding(Severity::Error, QStringLiteral("test-send-failed"),
                                SetupCheck::tr("The test email through the stream ‘%1’ (%2) "
                                               "failed (%3): %4")
                                    .arg(stream.id, categoryName(categoryId), record.errorCode,
                                         record.errorMessage),
                                SetupCheck::tr("Do what the message says, then run the check "
                                               "again with a test send. Problems on Postmark's "
                                               "side are for Postmark support; problems with "
                                               "the mapping are for the platform's support."),
                                stream.id));
            }
            report.testSendsNow.append(record);
            requestDone();
        },
        checkPurpose());
}

void SetupCheck::Private::requestDone()
{
    if (--pending == 0)
        finish();
}

void SetupCheck::Private::finish()
{
    // Good news, kept short.
    if (!unchecked && !sendingStreams.isEmpty() && webhooksChecked == sendingStreams.size()
        && !report.hasFinding(QStringLiteral("webhook-missing"))
        && !report.hasFinding(QStringLiteral("webhook-trigger-missing"))) {
        add(makeFinding(Severity::Info, QStringLiteral("webhooks-ok"),
                        SetupCheck::tr("Every mapped stream has webhooks for Bounce and "
                                       "SpamComplaint (and SubscriptionChange on Broadcasts "
                                       "streams)."),
                        SetupCheck::tr("Nothing to do.")));
    }
    if (!input.sendTestTo.isEmpty() && !report.testSendsNow.isEmpty()
        && std::all_of(report.testSendsNow.begin(), report.testSendsNow.end(),
                       [](const TestSendRecord &r) { return r.ok; })) {
        add(makeFinding(Severity::Info, QStringLiteral("test-send-ok"),
                        SetupCheck::tr("Postmark accepted a test email through each of the %n "
                                       "mapped stream(s), to %1.",
                                       nullptr, int(report.testSendsNow.size()))
                            .arg(input.sendTestTo),
                        SetupCheck::tr("Check that the test emails arrived.")));
    }
    // The last test sends the wizard recorded: a failure is a warning (it may have been fixed
    // since), unless this check sent through the stream again.
    for (const TestSendRecord &last : std::as_const(report.lastTestSends)) {
        if (last.ok || !sendingStreams.contains(last.streamId))
            continue;
        const bool sentNow =
            std::any_of(report.testSendsNow.begin(), report.testSendsNow.end(),
                        [&last](const TestSendRecord &r) { return r.streamId == last.streamId; });
        if (sentNow)
            continue;
        // Postmark refusing the recipient (inactive, outside the domain while pending approval,
        // malformed) says nothing about the setup: worth knowing, not a problem.
        const bool recipientProblem = last.errorCode == QLatin1String("postmark-406")
            || last.errorCode == QLatin1String("postmark-412")
            || last.errorCode == QLatin1String("postmark-300");
        add(makeFinding(
            recipientProblem ? Severity::Info : Severity::Warning,
            QStringLiteral("test-send-failed"),
            SetupCheck::tr("The last test email through the stream ‘%1’ (%2, %3) failed (%4): %5")
                .arg(last.streamId, categoryName(last.categoryId),
                     QLocale().toString(last.at.toLocalTime(), QLocale::ShortFormat),
                     last.errorCode, last.errorMessage),
            SetupCheck::tr("Fix the cause, then send a test again (Edit the gateway, then Send "
                           "test; or gateway-wizard check --send-test ADDRESS)."),
            last.streamId));
    }
    std::stable_sort(report.findings.begin(), report.findings.end(),
                     [](const Finding &a, const Finding &b) { return a.severity > b.severity; });
    if (unchecked)
        report.result = SetupReport::Result::Unchecked;
    else if (report.count(Severity::Error) + report.count(Severity::Warning) > 0)
        report.result = SetupReport::Result::Problems;
    else
        report.result = SetupReport::Result::Ok;
    running = false;
    checkPurposes.clear();
    emit q->finished(report);
}

// ---------------------------------------------------------------------------------------------
// Fixes

void SetupCheck::Private::fixDone(int gen, bool ok, const QString &summary)
{
    if (gen != fixGeneration)
        return;
    fixRunning = false;
    emit q->fixFinished(ok, summary);
}

void SetupCheck::createMissingStreams(const QString &rawToken)
{
    const QString token = ApiToken::normalized(rawToken);
    const int gen = ++d->fixGeneration;
    d->fixRunning = true;
    d->recommendedMapping.clear();
    d->client->listStreams(
        token, true, this,
        [this, gen, token](const Result<QList<MessageStream>> &r) {
            if (gen != d->fixGeneration || r.error.isSuperseded())
                return;
            if (!r.ok()) {
                d->fixDone(gen, false,
                           tr("The message streams could not be read: %1").arg(r.error.message()));
                return;
            }
            const StreamMapping::Plan plan = StreamMapping::planRecommendedStreams(r.value);
            d->createNext(plan.toCreate, {}, plan.fallbackCategories, token, gen);
        },
        d->fixPurpose());
}

void SetupCheck::Private::createNext(QList<Postmark::NewMessageStream> queue, QStringList created,
                                     QStringList fallbacks, const QString &token, int gen)
{
    if (queue.isEmpty()) {
        // Read the server again: the mapping to recommend is the one of what exists now.
        client->listStreams(
            token, true, q,
            [this, gen, created, fallbacks](const Result<QList<MessageStream>> &r) {
                if (gen != fixGeneration || r.error.isSuperseded())
                    return;
                QString summary = created.isEmpty()
                    ? SetupCheck::tr("No stream needed to be created.")
                    : SetupCheck::tr("Created %n message stream(s): %1.", nullptr,
                                     int(created.size()))
                          .arg(created.join(QStringLiteral(", ")));
                QStringList names;
                for (const QString &id : fallbacks)
                    names << categoryName(id);
                names.removeDuplicates();
                if (!names.isEmpty())
                    summary += QLatin1Char(' ')
                        + SetupCheck::tr("%1 use the server's default streams: there is no room "
                                         "for more streams (Postmark allows 10 per server) or the "
                                         "recommended ID is taken by a stream that cannot be "
                                         "used for it.")
                              .arg(names.join(QStringLiteral(", ")));
                if (!r.ok()) {
                    fixDone(gen, false,
                            summary + QLatin1Char(' ')
                                + SetupCheck::tr("The streams could not be read again: %1")
                                      .arg(r.error.message()));
                    return;
                }
                recommendedMapping = StreamMapping::recommended(r.value);
                fixDone(gen, true, summary);
            },
            fixPurpose());
        return;
    }
    const Postmark::NewMessageStream next = queue.takeFirst();
    client->createStream(
        token, next, q,
        [this, gen, queue, created, fallbacks, next,
         token](const Result<MessageStream> &r) mutable {
            if (gen != fixGeneration || r.error.isSuperseded())
                return;
            if (r.ok()) {
                created << next.id;
            } else if (r.error.apiCode == 1230) {
                // It exists already (created meanwhile): nothing to do.
            } else if (r.error.apiCode == 1225) {
                // The limit: the rest fall back to the default streams.
                for (const EmailCategory &c : EmailCategory::all()) {
                    for (const Postmark::NewMessageStream &s : queue + QList{next}) {
                        if (c.dedicatedStreamId == s.id)
                            fallbacks << c.id;
                    }
                }
                queue.clear();
            } else {
                QString summary = SetupCheck::tr("Creating the stream ‘%1’ failed: %2")
                                      .arg(next.id, r.error.message());
                if (!created.isEmpty())
                    summary = SetupCheck::tr("Created %n message stream(s): %1.", nullptr,
                                             int(created.size()))
                                  .arg(created.join(QStringLiteral(", ")))
                        + QLatin1Char(' ') + summary;
                fixDone(gen, false, summary);
                return;
            }
            createNext(queue, created, fallbacks, token, gen);
        },
        fixPurpose());
}

void SetupCheck::setUpWebhooks(const QString &rawToken, const StreamMapping::Mapping &mapping,
                               const QString &rawUrl)
{
    const QString token = ApiToken::normalized(rawToken);
    const QString url = rawUrl.trimmed();
    const int gen = ++d->fixGeneration;
    d->fixRunning = true;
    const QUrl parsed(url, QUrl::StrictMode);
    if (url.isEmpty() || !parsed.isValid() || parsed.host().isEmpty()
        || (parsed.scheme() != QLatin1String("https")
            && parsed.scheme() != QLatin1String("http"))) {
        const QString summary = url.isEmpty()
            ? tr("No webhook URL is set: enter the platform's webhook URL first (the platform's "
                 "support can tell you what it is).")
            : tr("‘%1’ is not a web address (https://…): enter the platform's webhook URL.")
                  .arg(SetupReportFormat::redactedUrl(url));
        QMetaObject::invokeMethod(
            this, [this, gen, summary] { d->fixDone(gen, false, summary); }, Qt::QueuedConnection);
        return;
    }

    d->client->listStreams(
        token, true, this,
        [this, gen, token, mapping, url](const Result<QList<MessageStream>> &r) {
            if (gen != d->fixGeneration || r.error.isSuperseded())
                return;
            if (!r.ok()) {
                d->fixDone(gen, false,
                           tr("The message streams could not be read: %1").arg(r.error.message()));
                return;
            }
            // Distinct mapped streams, in category order.
            QList<MessageStream> streams;
            QStringList skipped;
            for (const EmailCategory &c : EmailCategory::all()) {
                const QString id = mapping.value(c.id);
                if (id.isEmpty() || skipped.contains(id)
                    || std::any_of(streams.begin(), streams.end(),
                                   [&id](const MessageStream &s) { return s.id == id; }))
                    continue;
                const MessageStream *s = StreamMapping::findStream(id, r.value);
                if (!s || s->isArchived() || !isSendingType(s->type))
                    skipped << id;
                else
                    streams << *s;
            }

            struct Tally
            {
                int pending = 0;
                int created = 0;
                int completed = 0;
                int unchanged = 0;
                QStringList failures;
            };
            auto tally = std::make_shared<Tally>();
            const auto oneDone = [this, gen, tally, skipped] {
                if (--tally->pending > 0 || gen != d->fixGeneration)
                    return;
                QStringList parts;
                if (tally->created > 0)
                    parts << tr("Created %n webhook(s).", nullptr, tally->created);
                if (tally->completed > 0)
                    parts << tr("Completed %n webhook(s).", nullptr, tally->completed);
                if (tally->unchanged > 0)
                    parts << tr("%n stream(s) already had the webhook they need.", nullptr,
                                tally->unchanged);
                if (!skipped.isEmpty())
                    parts << tr("Skipped %1: not a usable sending stream on this server (see the "
                                "stream findings).")
                                 .arg(skipped.join(QStringLiteral(", ")));
                parts << tally->failures;
                d->fixDone(gen, tally->failures.isEmpty(), parts.join(QLatin1Char(' ')));
            };
            if (streams.isEmpty()) {
                d->fixDone(gen, false,
                           tr("No mapped stream can have webhooks: map the email types to "
                              "sending streams first."));
                return;
            }
            tally->pending = int(streams.size());
            for (const MessageStream &stream : std::as_const(streams)) {
                d->client->listWebhooks(
                    token, stream.id, this,
                    [this, gen, token, url, stream, tally,
                     oneDone](const Result<QList<Webhook>> &hooks) {
                        if (gen != d->fixGeneration || hooks.error.isSuperseded())
                            return;
                        if (!hooks.ok()) {
                            tally->failures << tr("The webhooks of ‘%1’ could not be read: %2")
                                                   .arg(stream.id, hooks.error.message());
                            oneDone();
                            return;
                        }
                        const QList<Webhook> atUrl = relevantWebhooks(hooks.value, url);
                        const WebhookTriggers need = requiredTriggers(stream.type);
                        Webhook hook;
                        bool create = atUrl.isEmpty();
                        if (create) {
                            hook.url = url;
                            hook.messageStream = stream.id;
                            hook.triggers = need;
                        } else {
                            if (missingTriggers(stream.type, unionOf(atUrl)).isEmpty()) {
                                ++tally->unchanged;
                                oneDone();
                                return;
                            }
                            hook = atUrl.first();
                            hook.messageStream.clear(); // PUT cannot move a webhook
                            hook.triggers.bounce = hook.triggers.bounce || need.bounce;
                            hook.triggers.spamComplaint =
                                hook.triggers.spamComplaint || need.spamComplaint;
                            hook.triggers.subscriptionChange =
                                hook.triggers.subscriptionChange || need.subscriptionChange;
                        }
                        const auto saved = [this, gen, create, stream, tally,
                                            oneDone](const Result<Webhook> &w) {
                            if (gen != d->fixGeneration || w.error.isSuperseded())
                                return;
                            if (!w.ok())
                                tally->failures
                                    << (create ? tr("Creating the webhook of ‘%1’ failed: %2")
                                               : tr("Completing the webhook of ‘%1’ failed: %2"))
                                           .arg(stream.id, w.error.message());
                            else if (create)
                                ++tally->created;
                            else
                                ++tally->completed;
                            oneDone();
                        };
                        if (create)
                            d->client->createWebhook(token, hook, this, saved, d->fixPurpose());
                        else
                            d->client->updateWebhook(token, hook, this, saved, d->fixPurpose());
                    },
                    d->fixPurpose());
            }
        },
        d->fixPurpose());
}
