// Drives the wizard through every step against the sandbox and saves a PNG of each, for the
// README (resources/screenshots/). Not a test: run tools/screenshots.sh.
#include "gatewaydialog.h"
#include "guifixture.h"
#include "mainwindow.h"
#include "postmarkpage.h"
#include "setupcheckdialog.h"
#include "streamspage.h"
#include "translations.h"

#include <QApplication>
#include <QDir>
#include <QPushButton>
#include <QTableWidget>

static QDir outDir;

static void save(QWidget *w, const char *name)
{
    QTest::qWait(150); // let layouts settle
    const QString path = outDir.filePath(QLatin1String(name) + QStringLiteral(".png"));
    if (!w->grab().save(path))
        qFatal("could not write %s", qPrintable(path));
    std::printf("%s\n", qPrintable(path));
}

static void waitUntil(const std::function<bool()> &done)
{
    if (!QTest::qWaitFor(done, 10000))
        qFatal("timed out");
}

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    Translations::install(app);
    QApplication::setApplicationDisplayName(QStringLiteral("Email Gateway Wizard"));
    outDir = QDir(argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("."));
    GuiFixture f;

    MainWindow window(f.services());
    window.setDemoInfo({f.tokens.server, f.tokens.sandboxServer, f.tokens.account,
                        f.sandbox.baseUrl().toString()});
    window.resize(860, 540);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        qFatal("window not shown");
    save(&window, "1-main-window-empty");

    QTest::mouseClick(window.findChild<QPushButton *>("addFirstButton"), Qt::LeftButton);
    waitUntil([&] { return window.dialog() != nullptr; });
    GatewayDialog *d = window.dialog();
    d->resize(820, 600);
    typeInto(d->findChild<QLineEdit *>("nameEdit"), QStringLiteral("Postmark - Demo Marketing"));
    typeInto(d->findChild<QLineEdit *>("senderNameEdit"), QStringLiteral("Demo Shop"));
    typeInto(d->findChild<QLineEdit *>("fromEdit"), QStringLiteral("hello@demo-marketing.example"));
    pasteInto(d->findChild<QLineEdit *>("keyEdit"), f.tokens.account);
    waitUntil([&] {
        return d->postmarkPage()->validator()->state() == TokenValidator::State::AccountToken;
    });
    save(d, "2-key-account-token");
    pasteInto(d->findChild<QLineEdit *>("keyEdit"), f.tokens.server);
    waitUntil([&] { return d->nextButton()->isEnabled(); });
    save(d, "3-key-valid");

    QTest::mouseClick(d->nextButton(), Qt::LeftButton);
    waitUntil([&] { return d->streamsPage()->isLoaded() && !d->streamsPage()->isBusy(); });
    d->streamsPage()->model()->setData(
        d->streamsPage()->model()->index(5, StreamMappingModel::StreamColumn),
        QStringLiteral("outbound"));
    save(d, "4-streams-wrong-type");
    QTest::mouseClick(d->findChild<QPushButton *>("resetButton"), Qt::LeftButton);
    QTest::mouseClick(d->findChild<QPushButton *>("createStreamsButton"), Qt::LeftButton);
    waitUntil([&] { return d->streamsPage()->isComplete(); });
    save(d, "5-streams-recommended");

    QTest::mouseClick(d->nextButton(), Qt::LeftButton);
    QTest::mouseClick(d->findChild<QPushButton *>("sendAllButton"), Qt::LeftButton);
    auto *results = d->findChild<QTableWidget *>("resultsTable");
    waitUntil([&] { return results->rowCount() == 7; });
    typeInto(d->findChild<QLineEdit *>("toEdit"), QStringLiteral("bounced@demo-marketing.example"));
    QTest::mouseClick(d->findChild<QPushButton *>("sendButton"), Qt::LeftButton);
    waitUntil([&] { return results->rowCount() == 8; });
    save(d, "6-test-send");

    QTest::mouseClick(d->nextButton(), Qt::LeftButton);
    waitUntil([&] { return window.dialog() == nullptr; });
    waitUntil(
        [&] { return window.statusText(f.settings.gateways().first().id).startsWith("Ready"); });
    save(&window, "7-main-window");

    QTest::mouseClick(window.checkButton(), Qt::LeftButton);
    waitUntil([&] { return window.checkDialog() && !window.checkDialog()->isRunning(); });
    SetupCheckDialog *check = window.checkDialog();
    check->resize(860, 680);
    save(check, "8-check-setup");
    return 0;
}
