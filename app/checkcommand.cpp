#include "checkcommand.h"

#include "apitoken.h"
#include "emailaddress.h"
#include "gatewaysettings.h"
#include "keychainsecretstore.h"
#include "postmarkclient.h"
#include "setupcheck.h"
#include "translations.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTimer>

#include <cmath>
#include <cstdio>
#include <memory>

namespace {

// The translation context of the command line.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(CheckCommand)
};

constexpr int kKeychainWaitMs = 60000; // the keychain may ask the user to unlock it

void write(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

int usageError(const QString &message)
{
    write(stderr,
          QStringLiteral("gateway-wizard check: %1\n%2\n")
              .arg(message, Tr::tr("Try 'gateway-wizard check --help'.")));
    return CheckExit::Usage;
}

QString gatewayNames(const QList<GatewayConfig> &gateways)
{
    if (gateways.isEmpty())
        return Tr::tr("No gateway is saved there; check a token with --token-stdin.");
    QStringList names;
    for (const GatewayConfig &g : gateways)
        names << QStringLiteral("  ") + g.name;
    return Tr::tr("Saved gateways:") + QLatin1Char('\n') + names.join(QLatin1Char('\n'));
}

QString helpText()
{
    return Tr::
        tr("Usage: gateway-wizard check [--gateway NAME | --all] [--token-stdin] [--api-url URL]\n"
           "                            [--config DIR] [--format text|markdown|json]\n"
           "                            [--send-test ADDRESS] [--timeout SECONDS]\n"
           "\n"
           "Checks the Postmark setup of an email gateway and prints a report for support: "
           "the\n"
           "app, the keychain, the token (only its last 4 characters), the Postmark server, "
           "its\n"
           "message streams, the stream of each email type, the webhooks of each mapped "
           "stream\n"
           "and the test sends, then every problem found with what to do about it.\n"
           "\n"
           "Which gateway:\n"
           "  --gateway NAME       Check the saved gateway NAME; its token comes from the "
           "keychain.\n"
           "  --all                Check every saved gateway, concurrently, one report "
           "section each.\n"
           "  --token-stdin        Read a Server API token from standard input and check it "
           "as an\n"
           "                       unsaved gateway with the recommended stream mapping (no "
           "settings\n"
           "                       needed). With --gateway: check that saved gateway with "
           "this\n"
           "                       token instead of the keychain's.\n"
           "  (neither)            Check the only saved gateway.\n"
           "\n"
           "Options:\n"
           "  --api-url URL        Postmark API address (default %1); http:// only\n"
           "                       for this computer, e.g. the sandbox.\n"
           "  --config DIR         Read the saved gateways from DIR instead of the user's "
           "config folder.\n"
           "  --format FORMAT      text (default), markdown (tables for a support ticket) or "
           "json\n"
           "                       (one object per gateway; {\"gateways\": [...]} with "
           "--all).\n"
           "  --send-test ADDRESS  Also send one test email to ADDRESS through each mapped "
           "stream\n"
           "                       (From: the gateway's From address, else ADDRESS).\n"
           "  --timeout SECONDS    Give up on a request after SECONDS (default %2).\n"
           "  -h, --help           Show this help.\n"
           "\n"
           "Exit status:\n"
           "  0   nothing to fix (information at most)\n"
           "  1   warnings or errors found\n"
           "  2   could not check: network, Postmark, token or keychain problem (see the "
           "findings)\n"
           "  64  bad usage: an unknown option, --all with --gateway, an empty standard "
           "input, ...\n"
           "  With --all, the highest status of all gateways.\n"
           "\n"
           "The token never appears in the output, in any format.\n")
            .arg(Postmark::Client::defaultBaseUrl().toString())
            .arg(15);
}

// The first non-empty line of standard input, normalised; empty when there is none.
QString readTokenFromStdin()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    // Line by line, so that a token typed on a terminal needs no end-of-file.
    for (int i = 0; i < 1000; ++i) {
        const QByteArray line = in.readLine(4096);
        if (line.isEmpty())
            break; // the end (a blank line still holds its '\n')
        const QString token = ApiToken::normalized(QString::fromUtf8(line));
        if (!token.isEmpty())
            return token;
    }
    return {};
}

// One gateway to check.
struct Job
{
    SetupCheck::Input input;
    bool waitingForToken = false;
    bool done = false;
    std::unique_ptr<SetupCheck> check;
};

} // namespace

int runCheckCommand(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("email-gateway-wizard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GW_VERSION));
    Translations::install(app);

    QCommandLineParser parser;
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  Tr::tr("Show this help."));
    const QCommandLineOption gateway(
        QStringLiteral("gateway"), Tr::tr("Check the saved gateway NAME."), QStringLiteral("NAME"));
    const QCommandLineOption all(QStringLiteral("all"), Tr::tr("Check every saved gateway."));
    const QCommandLineOption tokenStdin(QStringLiteral("token-stdin"),
                                        Tr::tr("Read the token from standard input."));
    const QCommandLineOption apiUrl(QStringLiteral("api-url"), Tr::tr("Postmark API address."),
                                    QStringLiteral("URL"));
    const QCommandLineOption config(QStringLiteral("config"), Tr::tr("Read the gateways from DIR."),
                                    QStringLiteral("DIR"));
    const QCommandLineOption format(QStringLiteral("format"), Tr::tr("text, markdown or json."),
                                    QStringLiteral("FORMAT"), QStringLiteral("text"));
    const QCommandLineOption sendTest(QStringLiteral("send-test"),
                                      Tr::tr("Send a test email to ADDRESS."),
                                      QStringLiteral("ADDRESS"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     Tr::tr("Request timeout in seconds."),
                                     QStringLiteral("SECONDS"));
    parser.addOptions({help, gateway, all, tokenStdin, apiUrl, config, format, sendTest, timeout});
    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        write(stdout, helpText());
        return CheckExit::Ok;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.value(0) != QLatin1String("check"))
        return usageError(Tr::tr("the first argument must be 'check'"));
    if (positional.size() > 1)
        return usageError(Tr::tr("unexpected argument '%1'").arg(positional.at(1)));
    if (parser.isSet(all) && parser.isSet(gateway))
        return usageError(Tr::tr("--all and --gateway cannot be used together"));
    if (parser.isSet(all) && parser.isSet(tokenStdin))
        return usageError(Tr::tr("--all and --token-stdin cannot be used together: one token "
                                 "belongs to one gateway"));

    const QString formatName = parser.value(format).trimmed().toLower();
    if (formatName != QLatin1String("text") && formatName != QLatin1String("markdown")
        && formatName != QLatin1String("json"))
        return usageError(
            Tr::tr("unknown format '%1': use text, markdown or json").arg(parser.value(format)));

    QUrl baseUrl = Postmark::Client::defaultBaseUrl();
    if (parser.isSet(apiUrl)) {
        baseUrl = QUrl::fromUserInput(parser.value(apiUrl));
        if (!Postmark::Client::isAcceptableBaseUrl(baseUrl))
            return usageError(Tr::tr("--api-url must be an https:// address (http:// only for "
                                     "this computer)"));
    }

    const QString sendTestTo = parser.value(sendTest).trimmed();
    if (parser.isSet(sendTest) && !EmailAddress::isValid(sendTestTo))
        return usageError(
            Tr::tr("--send-test needs an email address, not '%1'").arg(parser.value(sendTest)));

    int timeoutMs = 0;
    if (parser.isSet(timeout)) {
        bool ok = false;
        const double seconds = parser.value(timeout).toDouble(&ok);
        if (!ok || !std::isfinite(seconds) || seconds <= 0 || seconds > 3600)
            return usageError(Tr::tr("--timeout needs a number of seconds between 1 and 3600, "
                                     "not '%1'")
                                  .arg(parser.value(timeout)));
        timeoutMs = std::max(1, int(seconds * 1000));
    }

    QString stdinToken;
    if (parser.isSet(tokenStdin)) {
        stdinToken = readTokenFromStdin();
        if (stdinToken.isEmpty())
            return usageError(Tr::tr("--token-stdin: standard input holds no token"));
    }

    // Which gateways.
    const GatewaySettings settings(parser.value(config));
    QList<GatewayConfig> targets;
    bool saved = true;
    if (parser.isSet(gateway)) {
        const std::optional<GatewayConfig> g = settings.gatewayByName(parser.value(gateway));
        if (!g)
            return usageError(Tr::tr("there is no saved gateway named '%1' in %2\n%3")
                                  .arg(parser.value(gateway), settings.configDir(),
                                       gatewayNames(settings.gateways())));
        targets << *g;
    } else if (parser.isSet(all)) {
        targets = settings.gateways();
        if (targets.isEmpty())
            return usageError(Tr::tr("--all: no gateway is saved in %1; check a token with "
                                     "--token-stdin")
                                  .arg(settings.configDir()));
    } else if (parser.isSet(tokenStdin)) {
        saved = false;
        targets << GatewayConfig(); // unsaved: the recommended mapping is used
    } else {
        const QList<GatewayConfig> gateways = settings.gateways();
        if (gateways.size() != 1)
            return usageError(Tr::tr("say which gateway to check: --gateway NAME, --all or "
                                     "--token-stdin\n%1")
                                  .arg(gatewayNames(gateways)));
        targets << gateways.first();
    }

    QNetworkAccessManager network;
    Postmark::Client client(&network);
    client.setBaseUrl(baseUrl);
    if (timeoutMs > 0)
        client.setTimeout(timeoutMs);
    KeychainSecretStore keychain;
    const QString appWebhookUrl = settings.value(QStringLiteral("webhookUrl"));

    std::vector<std::unique_ptr<Job>> jobs;
    for (const GatewayConfig &target : std::as_const(targets)) {
        auto job = std::make_unique<Job>();
        job->input.config = target;
        job->input.saved = saved;
        job->input.sendTestTo = sendTestTo;
        job->input.webhookUrl = target.webhookUrl.isEmpty() ? appWebhookUrl : target.webhookUrl;
        if (saved)
            job->input.lastTestSends = settings.lastTestSends(target.id);
        if (!stdinToken.isEmpty()) {
            job->input.token = stdinToken;
            job->input.keychainBackend = Tr::tr("none (token from standard input)");
        } else {
            job->input.keychainBackend = keychain.backendName();
            job->waitingForToken = true;
        }
        job->check = std::make_unique<SetupCheck>(&client);
        jobs.push_back(std::move(job));
    }

    QEventLoop loop;
    int remaining = int(jobs.size());
    QObject context; // bounds every callback to this function
    for (const auto &job : jobs) {
        QObject::connect(job->check.get(), &SetupCheck::finished, &context,
                         [&remaining, &loop, j = job.get()](const SetupReport &) {
                             if (j->done)
                                 return;
                             j->done = true;
                             if (--remaining == 0)
                                 loop.quit();
                         });
    }
    const auto runWithToken = [](Job *job, const QString &token, const QString &problem) {
        if (!job->waitingForToken)
            return;
        job->waitingForToken = false;
        job->input.token = token;
        job->input.tokenProblem = problem;
        job->check->run(job->input);
    };
    for (const auto &job : jobs) {
        if (!job->waitingForToken) {
            job->check->run(job->input);
            continue;
        }
        keychain.read(
            job->input.config.secretKey(), &context,
            [runWithToken, j = job.get(), backend = keychain.backendName()](const SecretResult &r) {
                if (r.ok() && !ApiToken::normalized(r.secret).isEmpty()) {
                    runWithToken(j, r.secret, {});
                    return;
                }
                QString problem = r.message;
                if (r.status == SecretResult::Status::NotFound || r.ok())
                    problem = Tr::tr("the keychain holds no token for this gateway.");
                else if (r.status == SecretResult::Status::NoBackend)
                    problem = Tr::tr("no keychain (%1) can be reached from here, e.g. "
                                     "in a session without a desktop. Give the token "
                                     "with --gateway NAME --token-stdin instead.")
                                  .arg(backend);
                runWithToken(j, {}, problem);
            });
    }
    QTimer keychainTimer;
    keychainTimer.setSingleShot(true);
    QObject::connect(&keychainTimer, &QTimer::timeout, &context, [&jobs, runWithToken] {
        for (const auto &job : jobs)
            runWithToken(job.get(), {},
                         Tr::tr("the keychain did not answer within %n second(s); it may be "
                                "locked.",
                                nullptr, kKeychainWaitMs / 1000));
    });
    keychainTimer.start(kKeychainWaitMs);
    if (remaining > 0)
        loop.exec();
    keychainTimer.stop();

    QList<SetupReport> reports;
    for (const auto &job : jobs)
        reports << job->check->report();

    QString out;
    const bool several = parser.isSet(all);
    if (formatName == QLatin1String("json")) {
        const QJsonObject json = several ? SetupReportFormat::toJson(reports)
                                         : SetupReportFormat::toJson(reports.first());
        out = QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented));
    } else if (formatName == QLatin1String("markdown")) {
        out = several ? SetupReportFormat::toMarkdown(reports)
                      : SetupReportFormat::toMarkdown(reports.first());
    } else {
        out = several ? SetupReportFormat::toText(reports)
                      : SetupReportFormat::toText(reports.first());
    }
    // The reports hold no token; this only makes sure of it.
    for (const auto &job : jobs) {
        if (!job->input.token.isEmpty())
            out.replace(job->input.token, ApiToken::redacted(job->input.token));
    }
    write(stdout, out);
    return SetupReportFormat::exitCode(reports);
}
