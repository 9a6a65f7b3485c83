// The Email gateways window: empty state, Add, Edit with the key from the keychain, Remove with
// confirmation, Check setup.
#include "gatewaydialog.h"
#include "guifixture.h"
#include "mainwindow.h"
#include "postmarkpage.h"
#include "setupcheckdialog.h"

#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QTreeWidget>

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<GuiFixture> f;
    std::unique_ptr<MainWindow> window;

    // Saves a gateway as the dialog would, with its token in the secret store.
    GatewayConfig addSavedGateway(const QString &name)
    {
        GatewayConfig g;
        g.name = name;
        g.serverId = 101;
        g.serverName = QStringLiteral("Demo Marketing");
        g.senderName = QStringLiteral("Shop");
        g.fromAddress = QStringLiteral("hello@demo-marketing.example");
        for (const char *c : {"purchases", "memberships", "optins", "helpdesk", "notifications"})
            g.mapping.insert(QLatin1String(c), QStringLiteral("outbound"));
        g.mapping.insert(QStringLiteral("broadcasts"), QStringLiteral("broadcast"));
        g.mapping.insert(QStringLiteral("sequences"), QStringLiteral("broadcast"));
        QString error;
        if (!f->settings.save(g, &error))
            qFatal("save failed: %s", qPrintable(error));
        bool written = false;
        f->secretStore.write(g.secretKey(), f->tokens.server, nullptr,
                             [&](const SecretResult &) { written = true; });
        if (!QTest::qWaitFor([&] { return written; }, 5000))
            qFatal("the secret store did not answer");
        return g;
    }
    void selectRow(int row)
    {
        QTreeWidget *list = window->gatewayList();
        const QRect rect = list->visualItemRect(list->topLevelItem(row));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rect.center());
    }
    QAbstractButton *boxButton(const QString &text)
    {
        QMessageBox *box = window->messageBox();
        if (!box)
            return nullptr;
        for (QAbstractButton *b : box->buttons())
            if (b->text().remove(QLatin1Char('&')) == text)
                return b;
        return nullptr;
    }

    void showWindow()
    {
        window = std::make_unique<MainWindow>(f->services());
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QApplication::setActiveWindow(window.get());
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
    }

private slots:
    void init() { f = std::make_unique<GuiFixture>(); }
    void cleanup()
    {
        window.reset();
        f.reset();
    }
    void emptyStateInvitesTheFirstGateway()
    {
        showWindow();
        auto *stack = window->findChild<QStackedWidget *>("viewStack");
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("emptyPage"));
        auto *addFirst = window->findChild<QPushButton *>("addFirstButton");
        QVERIFY(addFirst->isVisible());
        QTest::mouseClick(addFirst, Qt::LeftButton);
        QTRY_VERIFY(window->dialog() && window->dialog()->isVisible());
        QVERIFY(window->dialog()->isModal());
        QCOMPARE(window->dialog()->step(), GatewayDialog::SetupStep);
    }

    void listShowsGatewaysWithStatus()
    {
        addSavedGateway(QStringLiteral("Main"));
        showWindow();
        QTreeWidget *list = window->gatewayList();
        QCOMPARE(list->topLevelItemCount(), 1);
        QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("Main"));
        QCOMPARE(list->topLevelItem(0)->text(1), QStringLiteral("Postmark"));
        QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("Demo Marketing (ID 101)"));
        QTRY_VERIFY(list->topLevelItem(0)->text(3).startsWith(QStringLiteral("Ready")));
    }

    void sandboxServerIsSaidFirst()
    {
        GatewayConfig g = addSavedGateway(QStringLiteral("Trial"));
        g.deliveryType = QStringLiteral("Sandbox");
        QString error;
        QVERIFY(f->settings.save(g, &error));
        showWindow();
        QTRY_VERIFY(window->statusText(g.id).startsWith(QStringLiteral("Sandbox server")));
    }

    void missingKeyIsShown()
    {
        const GatewayConfig g = addSavedGateway(QStringLiteral("Main"));
        bool removed = false;
        f->secretStore.remove(g.secretKey(), nullptr,
                              [&](const SecretResult &) { removed = true; });
        QTRY_VERIFY(removed);
        showWindow();
        QTRY_VERIFY(window->statusText(g.id).contains(QStringLiteral("API key missing")));
        // Check setup still opens, and its report says what is wrong, without asking Postmark.
        selectRow(0);
        QTest::mouseClick(window->checkButton(), Qt::LeftButton);
        QTRY_VERIFY(window->checkDialog() && !window->checkDialog()->isRunning());
        QVERIFY(window->checkDialog()->report().hasFinding(QStringLiteral("token-missing")));
        QCOMPARE(window->checkDialog()->report().result, SetupReport::Result::Unchecked);
        QCOMPARE(f->sandbox.requestCount(), 0);
    }

    void editReopensWithSavedValuesAndTheKey()
    {
        const GatewayConfig g = addSavedGateway(QStringLiteral("Main"));
        showWindow();
        selectRow(0);
        QTest::mouseClick(window->editButton(), Qt::LeftButton);
        QTRY_VERIFY(window->dialog() && window->dialog()->isVisible());
        GatewayDialog *d = window->dialog();
        auto *key = d->findChild<QLineEdit *>("keyEdit");
        QCOMPARE(key->text(), f->tokens.server);
        QCOMPARE(key->echoMode(), QLineEdit::Password);
        QCOMPARE(d->findChild<QLineEdit *>("nameEdit")->text(), QStringLiteral("Main"));
        QCOMPARE(d->findChild<QLineEdit *>("fromEdit")->text(), g.fromAddress);
        QCOMPARE(d->nextButton()->text(), QStringLiteral("&Save"));
        QTRY_VERIFY(d->nextButton()->isEnabled()); // the saved key was checked again
        typeInto(d->findChild<QLineEdit *>("nameEdit"), QStringLiteral("Renamed"));
        QTest::mouseClick(d->nextButton(), Qt::LeftButton);
        QTRY_COMPARE(d->step(), GatewayDialog::StreamsStep);
        QCOMPARE(f->settings.gateways().size(), 1);
        QCOMPARE(f->settings.gateways().first().name, QStringLiteral("Renamed"));
        QCOMPARE(f->settings.gateways().first().id, g.id);
        QTRY_VERIFY(d->streamsPage() && d->nextButton()->isEnabled()); // saved mapping is complete
        QTRY_COMPARE(window->gatewayList()->topLevelItem(0)->text(0), QStringLiteral("Renamed"));
    }

    void removeAsksAndDeletesTheKeyToo()
    {
        const GatewayConfig keep = addSavedGateway(QStringLiteral("Keep"));
        const GatewayConfig drop = addSavedGateway(QStringLiteral("Old"));
        showWindow();
        QCOMPARE(window->gatewayList()->topLevelItem(1)->text(0), QStringLiteral("Old"));
        selectRow(1);

        QTest::mouseClick(window->removeButton(), Qt::LeftButton);
        QTRY_VERIFY(window->messageBox() && window->messageBox()->isVisible());
        QVERIFY(window->messageBox()->text().contains(QStringLiteral("Old")));
        QTest::mouseClick(boxButton(QStringLiteral("Cancel")), Qt::LeftButton);
        QTRY_VERIFY(!window->messageBox());
        QCOMPARE(f->settings.gateways().size(), 2);

        QTest::mouseClick(window->removeButton(), Qt::LeftButton);
        QTRY_VERIFY(window->messageBox() && window->messageBox()->isVisible());
        QTest::mouseClick(boxButton(QStringLiteral("Remove")), Qt::LeftButton);
        QTRY_COMPARE(f->settings.gateways().size(), 1);
        QCOMPARE(f->settings.gateways().first().id, keep.id);
        QTRY_VERIFY(!f->secretStore.contains(drop.secretKey()));
        QVERIFY(f->secretStore.contains(keep.secretKey()));
        QCOMPARE(window->gatewayList()->topLevelItemCount(), 1);
    }

    void removingTheLastShowsTheEmptyState()
    {
        addSavedGateway(QStringLiteral("Only"));
        showWindow();
        selectRow(0);
        QTest::mouseClick(window->removeButton(), Qt::LeftButton);
        QTRY_VERIFY(window->messageBox() && window->messageBox()->isVisible());
        QTest::mouseClick(boxButton(QStringLiteral("Remove")), Qt::LeftButton);
        auto *stack = window->findChild<QStackedWidget *>("viewStack");
        QTRY_COMPARE(stack->currentWidget()->objectName(), QStringLiteral("emptyPage"));
    }

    void checkSetupOpensTheReport()
    {
        const GatewayConfig g = addSavedGateway(QStringLiteral("Main"));
        showWindow();
        selectRow(0);
        QTest::mouseClick(window->checkButton(), Qt::LeftButton);
        QTRY_VERIFY(window->checkDialog() && window->checkDialog()->isVisible());
        SetupCheckDialog *check = window->checkDialog();
        QTRY_VERIFY(!check->isRunning());
        QCOMPARE(check->report().server.id, 101);
        QCOMPARE(check->report().gatewayName, QStringLiteral("Main"));
        QVERIFY(!check->reportText(SetupCheckDialog::Format::Markdown).contains(f->tokens.server));
        // Webhooks are not set up on a fresh server: a problem, and the status says so.
        QCOMPARE(check->report().result, SetupReport::Result::Problems);
        QTRY_VERIFY(window->statusText(g.id).contains(QStringLiteral("problems")));
    }

    void demoTokensArePastedFromTheDialog()
    {
        showWindow();
        window->setDemoInfo({f->tokens.server, f->tokens.sandboxServer, f->tokens.account,
                             f->sandbox.baseUrl().toString()});
        QTest::mouseClick(window->findChild<QPushButton *>("addFirstButton"), Qt::LeftButton);
        QTRY_VERIFY(window->dialog());
        const QList<QPushButton *> demo =
            window->dialog()->findChildren<QPushButton *>(QStringLiteral("demoTokenButton"));
        QCOMPARE(demo.size(), 3);
        QTest::mouseClick(demo.at(1), Qt::LeftButton); // the Sandbox server's
        QCOMPARE(window->dialog()->findChild<QLineEdit *>("keyEdit")->text(),
                 f->tokens.sandboxServer);
        QTRY_COMPARE(window->dialog()->postmarkPage()->validator()->state(),
                     TokenValidator::State::ServerToken);
        QVERIFY(window->dialog()->postmarkPage()->server().isSandboxDelivery());
    }

    void addThroughTheDialogShowsTheNewGateway()
    {
        showWindow();
        QTest::mouseClick(window->findChild<QPushButton *>("addFirstButton"), Qt::LeftButton);
        QTRY_VERIFY(window->dialog());
        GatewayDialog *d = window->dialog();
        typeInto(d->findChild<QLineEdit *>("fromEdit"),
                 QStringLiteral("hello@demo-marketing.example"));
        pasteInto(d->findChild<QLineEdit *>("keyEdit"), f->tokens.server);
        QTRY_VERIFY(d->nextButton()->isEnabled());
        QTest::mouseClick(d->nextButton(), Qt::LeftButton);
        QTRY_COMPARE(window->gatewayList()->topLevelItemCount(), 1);
        QTRY_VERIFY(d->nextButton()->isEnabled());
        QTest::mouseClick(d->nextButton(), Qt::LeftButton); // to Test send
        QTest::mouseClick(d->nextButton(), Qt::LeftButton); // Finish
        QTRY_VERIFY(!window->dialog());
        QTRY_VERIFY(window->statusText(f->settings.gateways().first().id)
                        .startsWith(QStringLiteral("Ready")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
