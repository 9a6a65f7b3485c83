// The Check setup dialog against the sandbox: findings, the automatic fixes, Copy, Save, Run again.
#include "guifixture.h"
#include "setupcheckdialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>

class TestSetupCheckDialog : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<GuiFixture> f;
    std::unique_ptr<SetupCheckDialog> dialog;
    GatewayConfig config;

    void open()
    {
        dialog = std::make_unique<SetupCheckDialog>(f->services(), config, f->tokens.server);
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
        QTRY_VERIFY(!dialog->isRunning());
    }
    QStringList findingCodes() const
    {
        QStringList codes;
        auto *list = dialog->findChild<QTableWidget *>("findingsList");
        for (int i = 0; i < list->rowCount(); ++i)
            codes.append(list->item(i, 0)->data(Qt::UserRole).toString());
        return codes;
    }
    QPushButton *button(const char *name) { return dialog->findChild<QPushButton *>(name); }

private slots:
    void init()
    {
        f = std::make_unique<GuiFixture>();
        config = {};
        config.name = QStringLiteral("Main");
        config.serverId = 101;
        config.serverName = QStringLiteral("Demo Marketing");
        config.fromAddress = QStringLiteral("hello@demo-marketing.example");
        Postmark::MessageStream outbound;
        outbound.id = QStringLiteral("outbound");
        outbound.type = Postmark::StreamType::Transactional;
        Postmark::MessageStream broadcast;
        broadcast.id = QStringLiteral("broadcast");
        broadcast.type = Postmark::StreamType::Broadcasts;
        config.mapping = StreamMapping::recommended({outbound, broadcast});
        QString error;
        QVERIFY2(f->settings.save(config, &error), qPrintable(error));
    }
    void cleanup()
    {
        dialog.reset();
        f.reset();
    }

    void findingsFirstAndWebhookFix()
    {
        open();
        QCOMPARE(dialog->report().result, SetupReport::Result::Problems);
        QVERIFY(findingCodes().contains(QStringLiteral("webhook-missing")));
        auto *url = dialog->findChild<QLineEdit *>("webhookUrlEdit");
        QVERIFY(url->isVisible());
        QVERIFY(!button("webhooksButton")->isEnabled());
        typeInto(url, QStringLiteral("https://platform.example/postmark/events"));
        QVERIFY(button("webhooksButton")->isEnabled());
        QTest::mouseClick(button("webhooksButton"), Qt::LeftButton);
        QTRY_VERIFY(!dialog->isRunning()
                    && !findingCodes().contains(QStringLiteral("webhook-missing")));
        QTRY_VERIFY(!dialog->isRunning());
        QVERIFY(!findingCodes().contains(QStringLiteral("webhook-trigger-missing")));
        QCOMPARE(dialog->report().result, SetupReport::Result::Ok);
        const int hooks = f->sandbox.webhookCount(f->tokens.server);
        QCOMPARE(hooks, 2); // outbound and broadcast
        QCOMPARE(f->settings.gateway(config.id)->webhookUrl,
                 QStringLiteral("https://platform.example/postmark/events"));

        // Run again: nothing changes, nothing is created.
        const int requests = f->sandbox.requestCount();
        QTest::mouseClick(button("runAgainButton"), Qt::LeftButton);
        QTRY_VERIFY(f->sandbox.requestCount() > requests);
        QTRY_VERIFY(!dialog->isRunning());
        QCOMPARE(dialog->report().result, SetupReport::Result::Ok);
        QCOMPARE(f->sandbox.webhookCount(f->tokens.server), hooks);
    }

    void streamFixCreatesAndRemapsBrokenCategories()
    {
        config.mapping.insert(QStringLiteral("purchases"),
                              QStringLiteral("purchases")); // not there
        config.mapping.insert(QStringLiteral("sequences"),
                              QStringLiteral("outbound")); // wrong type
        QString error;
        QVERIFY(f->settings.save(config, &error));
        open();
        QVERIFY(findingCodes().contains(QStringLiteral("stream-missing")));
        QVERIFY(findingCodes().contains(QStringLiteral("stream-wrong-type")));
        QVERIFY(button("createStreamsButton")->isVisible());
        QTest::mouseClick(button("createStreamsButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isRunning()
                                     && !findingCodes().contains(QStringLiteral("stream-missing")),
                                 10000);
        QVERIFY(!findingCodes().contains(QStringLiteral("stream-wrong-type")));
        const GatewayConfig saved = *f->settings.gateway(config.id);
        QCOMPARE(saved.mapping.value(QStringLiteral("purchases")), QStringLiteral("purchases"));
        QCOMPARE(saved.mapping.value(QStringLiteral("sequences")), QStringLiteral("sequences"));
        // Categories that were fine keep the user's choice.
        QCOMPARE(saved.mapping.value(QStringLiteral("memberships")), QStringLiteral("outbound"));
    }

    void copyReportAsMarkdown()
    {
        open();
        QGuiApplication::clipboard()->clear();
        QTest::mouseClick(button("copyButton"), Qt::LeftButton);
        const QString copied = QGuiApplication::clipboard()->text();
        QVERIFY(copied.contains(QStringLiteral("Demo Marketing")));
        QVERIFY(copied.contains(QStringLiteral("webhook-missing")));
        QVERIFY(copied.contains(QLatin1Char('|'))); // tables
        QVERIFY(!copied.contains(f->tokens.server));
        QVERIFY(copied.contains(f->tokens.server.right(4)));
    }

    void saveReportAsJson()
    {
        open();
        QTest::mouseClick(button("saveButton"), Qt::LeftButton);
        QTRY_VERIFY(dialog->saveDialog() && dialog->saveDialog()->isVisible());
        QFileDialog *files = dialog->saveDialog();
        const QString path = f->configDir.filePath(QStringLiteral("report.json"));
        auto *name = files->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
        QVERIFY(name);
        name->setText(path);
        QTest::keyClick(name, Qt::Key_Return);
        QTRY_VERIFY(QFile::exists(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(!bytes.contains(f->tokens.server.toLatin1()));
        const QJsonObject json = QJsonDocument::fromJson(bytes).object();
        QCOMPARE(json.value(QStringLiteral("result")).toString(), QStringLiteral("problems"));
        QCOMPARE(
            json.value(QStringLiteral("server")).toObject().value(QStringLiteral("id")).toInt(),
            101);
        QVERIFY(dialog->findChild<QLabel *>("fixStatusLabel")
                    ->text()
                    .contains(QStringLiteral("saved")));
    }

    void unwritableReportSaysSo()
    {
        open();
        QString error;
        QVERIFY(!dialog->saveReport(QStringLiteral("/proc/no-such-dir/report.md"),
                                    SetupCheckDialog::Format::Markdown, &error));
        QVERIFY(error.contains(QStringLiteral("/proc/no-such-dir/report.md")));
    }

    void wrongTokenCannotBeChecked()
    {
        dialog = std::make_unique<SetupCheckDialog>(f->services(), config, f->tokens.account);
        dialog->show();
        QTRY_VERIFY(!dialog->isRunning());
        QCOMPARE(dialog->report().result, SetupReport::Result::Unchecked);
        QVERIFY(findingCodes().contains(QStringLiteral("token-is-account-token")));
        QVERIFY(dialog->findChild<QLabel *>("summaryLabel")
                    ->text()
                    .contains(QStringLiteral("could not be checked")));
    }
};

QTEST_MAIN(TestSetupCheckDialog)
#include "tst_setupcheckdialog.moc"
