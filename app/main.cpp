// gateway-wizard: the Email gateways window, on Postmark or (--demo) on the built-in sandbox.
#include "checkcommand.h"
#include "gatewaysettings.h"
#include "keychainsecretstore.h"
#include "mainwindow.h"
#include "postmarkclient.h"
#include "sandbox/postmarksandbox.h"
#include "secretvault.h"
#include "translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QNetworkAccessManager>
#include <QTemporaryDir>

#include <cstdio>

namespace {

int usageError(const QString &message)
{
    std::fprintf(stderr, "gateway-wizard: %s\nTry 'gateway-wizard --help'.\n", qPrintable(message));
    return 64;
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc > 1 && qstrcmp(argv[1], "check") == 0)
        return runCheckCommand(argc, argv);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("email-gateway-wizard"));
    QApplication::setApplicationDisplayName(QObject::tr("Email Gateway Wizard"));
    QApplication::setApplicationVersion(QStringLiteral(GW_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("email-gateway-wizard"));
    QIcon icon(QStringLiteral(":/icons/email-gateway-wizard-256.png"));
    icon.addFile(QStringLiteral(":/icons/email-gateway-wizard-64.png"));
    QApplication::setWindowIcon(icon);
    Translations::install(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QObject::tr("Connects a marketing account's email sending to Postmark."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QObject::tr("Run on the built-in Postmark sandbox: no Postmark account or network "
                    "needed, nothing is delivered."));
    const QCommandLineOption apiUrl(QStringLiteral("api-url"),
                                    QObject::tr("Postmark API address (default %1).")
                                        .arg(Postmark::Client::defaultBaseUrl().toString()),
                                    QStringLiteral("URL"));
    const QCommandLineOption config(QStringLiteral("config"),
                                    QObject::tr("Keep settings in DIR instead of the user's "
                                                "config folder."),
                                    QStringLiteral("DIR"));
    parser.addOptions({demo, apiUrl, config});
    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            QObject::tr("unexpected argument '%1'").arg(parser.positionalArguments().first()));

    QNetworkAccessManager network;
    Postmark::Client client(&network);
    PostmarkSandbox sandbox;
    QTemporaryDir demoConfig;
    QString configDir = parser.value(config);
    MainWindow::DemoInfo demoInfo;

    if (parser.isSet(demo)) {
        if (parser.isSet(apiUrl))
            return usageError(QObject::tr("--demo and --api-url cannot be used together"));
        if (!sandbox.listen()) {
            std::fprintf(stderr, "gateway-wizard: the demo sandbox could not start: %s\n",
                         qPrintable(sandbox.errorString()));
            return 1;
        }
        client.setBaseUrl(sandbox.baseUrl());
        if (configDir.isEmpty())
            configDir = demoConfig.path(); // a demo leaves no gateways behind
        const PostmarkSandbox::DemoTokens t = PostmarkSandbox::demoTokens();
        demoInfo = {t.server, t.sandboxServer, t.account, sandbox.baseUrl().toString()};
        std::printf("%s\n", qPrintable(sandbox.demoSummary()));
        std::fflush(stdout);
    } else if (parser.isSet(apiUrl)) {
        const QUrl url = QUrl::fromUserInput(parser.value(apiUrl));
        if (!Postmark::Client::isAcceptableBaseUrl(url))
            return usageError(QObject::tr("--api-url must be an https:// address (http:// only "
                                          "for this computer)"));
        client.setBaseUrl(url);
    }

    GatewaySettings settings(configDir);
    // The demo keeps its sandbox tokens in memory: they are not secrets worth a keychain entry.
    MemorySecretStore demoSecrets;
    KeychainSecretStore keychain;
    SecretVault vault(parser.isSet(demo) ? static_cast<SecretStore *>(&demoSecrets) : &keychain);

    MainWindow window({&client, &settings, &vault, {}});
    if (parser.isSet(demo))
        window.setDemoInfo(demoInfo);
    window.show();
    return app.exec();
}
