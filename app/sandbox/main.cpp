// postmark-sandbox: runs the fake Postmark API on loopback until interrupted.
#include "sandbox/postmarksandbox.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <cstdio>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <unistd.h>
#endif

#ifndef GW_VERSION
#define GW_VERSION "0.0.0"
#endif

namespace {

constexpr int kUsageError = 64; // EX_USAGE

int usageError(const QString &message)
{
    QTextStream(stderr) << "postmark-sandbox: " << message << '\n'
                        << "Try 'postmark-sandbox --help' for the options.\n";
    return kUsageError;
}

#ifdef Q_OS_UNIX
int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[0], &byte, 1);
}

// Quits the event loop on SIGINT/SIGTERM (self-pipe: the handler only writes one byte).
void installQuitOnSignals(QCoreApplication *app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(signalPipe[1], QSocketNotifier::Read, app);
    QObject::connect(notifier, &QSocketNotifier::activated, app, [notifier] {
        notifier->setEnabled(false);
        char byte = 0;
        [[maybe_unused]] const auto got = ::read(signalPipe[1], &byte, 1);
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}
#endif

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("postmark-sandbox"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GW_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("A fake Postmark API server on loopback, with seeded demo servers, "
                       "tokens and sender signatures, and injectable faults."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption portOption(
        QStringLiteral("port"), QStringLiteral("TCP port to listen on (0: pick a free one)."),
        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption bindOption(QStringLiteral("bind"),
                                        QStringLiteral("Loopback address to listen on."),
                                        QStringLiteral("ADDRESS"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption latencyOption(QStringLiteral("latency-ms"),
                                           QStringLiteral("Delay every answer by N milliseconds."),
                                           QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption faultOption(
        QStringLiteral("fault"),
        QStringLiteral("Inject a fault: %1.")
            .arg(PostmarkSandbox::faultNames().join(QStringLiteral(", "))),
        QStringLiteral("MODE"));
    const QCommandLineOption faultPathsOption(
        QStringLiteral("fault-paths"),
        QStringLiteral("Comma-separated path prefixes the fault applies to (default: all), "
                       "e.g. /server,/email."),
        QStringLiteral("PREFIXES"));
    const QCommandLineOption faultCountOption(
        QStringLiteral("fault-count"),
        QStringLiteral("Apply the fault to the next N matching requests only (default: forever)."),
        QStringLiteral("N"));
    parser.addOptions(
        {portOption, bindOption, latencyOption, faultOption, faultPathsOption, faultCountOption});

    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(helpOption))
        parser.showHelp(0);
    if (parser.isSet(versionOption))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty()) {
        return usageError(QStringLiteral("unexpected argument '%1'.")
                              .arg(parser.positionalArguments().constFirst()));
    }

    bool ok = false;
    const uint port = parser.value(portOption).toUInt(&ok);
    if (!ok || port > 65535)
        return usageError(QStringLiteral("--port needs a number from 0 to 65535."));

    const QString bind = parser.value(bindOption).trimmed();
    QHostAddress address;
    if (bind.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        address = QHostAddress(QHostAddress::LocalHost);
    else if (!address.setAddress(bind))
        return usageError(QStringLiteral("--bind '%1' is not an IP address.").arg(bind));
    if (!address.isLoopback()) {
        return usageError(QStringLiteral("--bind '%1' is not a loopback address. The sandbox "
                                         "hands out demo tokens and only listens on loopback "
                                         "(127.0.0.1 or ::1).")
                              .arg(bind));
    }

    const int latency = parser.value(latencyOption).toInt(&ok);
    if (!ok || latency < 0)
        return usageError(
            QStringLiteral("--latency-ms needs a number of milliseconds (0 or more)."));

    PostmarkSandbox sandbox;
    sandbox.setLatency(latency);

    if (parser.isSet(faultOption)) {
        const auto fault = PostmarkSandbox::faultFromName(parser.value(faultOption));
        if (!fault) {
            return usageError(QStringLiteral("unknown --fault '%1'. Use one of: %2.")
                                  .arg(parser.value(faultOption),
                                       PostmarkSandbox::faultNames().join(QStringLiteral(", "))));
        }
        QStringList prefixes;
        const QStringList parts =
            parser.value(faultPathsOption).split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &part : parts) {
            const QString prefix = part.trimmed();
            if (prefix.isEmpty())
                continue;
            if (!prefix.startsWith(QLatin1Char('/'))) {
                return usageError(
                    QStringLiteral("--fault-paths: '%1' must start with '/'.").arg(prefix));
            }
            prefixes << prefix;
        }
        int count = -1;
        if (parser.isSet(faultCountOption)) {
            count = parser.value(faultCountOption).toInt(&ok);
            if (!ok || count < 1)
                return usageError(QStringLiteral("--fault-count needs a number of 1 or more."));
        }
        sandbox.setFault(*fault, prefixes, count);
    } else if (parser.isSet(faultPathsOption) || parser.isSet(faultCountOption)) {
        return usageError(QStringLiteral("--fault-paths and --fault-count need --fault."));
    }

    if (!sandbox.listen(quint16(port), address)) {
        QTextStream(stderr) << "postmark-sandbox: cannot listen on " << bind << ':' << port << ": "
                            << sandbox.errorString() << '\n';
        return 1;
    }

#ifdef Q_OS_UNIX
    installQuitOnSignals(&app);
#endif

    {
        QTextStream out(stdout);
        out << "postmark-sandbox listening on " << sandbox.baseUrl().toString() << '\n'
            << sandbox.demoSummary();
        if (sandbox.latency() > 0)
            out << "Latency: " << sandbox.latency() << " ms per answer\n";
        if (parser.isSet(faultOption))
            out << "Fault: " << parser.value(faultOption) << '\n';
        out.flush();
    }
    std::fflush(stdout);

    return app.exec();
}
