// The Email gateway dialog driven with real key and mouse events against the sandbox.
#include "emailcategory.h"
#include "gatewaydialog.h"
#include "guifixture.h"
#include "postmarkpage.h"
#include "streammappingmodel.h"
#include "streamspage.h"
#include "testsendpage.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QToolButton>

using namespace Postmark;
using State = TokenValidator::State;

class TestGatewayDialog : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<GuiFixture> f;
    std::unique_ptr<GatewayDialog> dialog;

    QLineEdit *edit(const char *name) { return dialog->findChild<QLineEdit *>(name); }
    QLabel *status() { return dialog->findChild<QLabel *>("statusLabel"); }
    QPushButton *create() { return dialog->nextButton(); }
    void fillSender()
    {
        typeInto(edit("senderNameEdit"), QStringLiteral("Demo Shop"));
        typeInto(edit("fromEdit"), QStringLiteral("hello@demo-marketing.example"));
    }
    // Fills the form with the server token and presses Create; ends on the streams step.
    void createGateway()
    {
        fillSender();
        pasteInto(edit("keyEdit"), f->tokens.server);
        QTRY_VERIFY(create()->isEnabled());
        QTest::mouseClick(create(), Qt::LeftButton);
        QTRY_COMPARE(dialog->step(), GatewayDialog::StreamsStep);
        QTRY_VERIFY(dialog->streamsPage()->isLoaded());
    }
    QString mappedStream(const QString &category)
    {
        return dialog->streamsPage()->mapping().value(category);
    }
    int row(const QString &category)
    {
        for (int i = 0; i < EmailCategory::all().size(); ++i)
            if (EmailCategory::all().at(i).id == category)
                return i;
        return -1;
    }
    QComboBox *streamCombo(const QString &category)
    {
        auto *table = dialog->findChild<QTableView *>("table");
        const QModelIndex index =
            table->model()->index(row(category), StreamMappingModel::StreamColumn);
        return qobject_cast<QComboBox *>(table->indexWidget(index) ? table->indexWidget(index)
                                                                   : nullptr);
    }

private slots:
    void init()
    {
        f = std::make_unique<GuiFixture>();
        QVERIFY(f->sandbox.isListening());
        dialog = std::make_unique<GatewayDialog>(f->services());
        dialog->postmarkPage()->validator()->setPauseInterval(150);
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
        QApplication::setActiveWindow(dialog.get());
        QVERIFY(QTest::qWaitForWindowActive(dialog.get()));
    }
    void cleanup()
    {
        dialog.reset();
        f.reset();
    }

    void startsWithCreateDisabledAndKeyMasked()
    {
        QVERIFY(!create()->isEnabled());
        QCOMPARE(create()->text(), QStringLiteral("&Create"));
        QCOMPARE(edit("keyEdit")->echoMode(), QLineEdit::Password);
        auto *show = dialog->findChild<QToolButton *>("showKeyButton");
        QTest::mouseClick(show, Qt::LeftButton);
        QCOMPARE(edit("keyEdit")->echoMode(), QLineEdit::Normal);
        QTest::mouseClick(show, Qt::LeftButton);
        QCOMPARE(edit("keyEdit")->echoMode(), QLineEdit::Password);
    }

    void malformedKeyKeepsCreateDisabledAndCostsNoRequest()
    {
        fillSender();
        QTest::mouseClick(edit("keyEdit"), Qt::LeftButton);
        QVERIFY(edit("keyEdit")->hasFocus());
        QTest::keyClicks(edit("keyEdit"), QStringLiteral("1234-not-a-token"));
        // Mid-typing: no complaint yet.
        QVERIFY(!status()->text().contains(QStringLiteral("doesn't look like")));
        QTRY_VERIFY(
            status()->text().contains(QStringLiteral("doesn't look like a Postmark API token")));
        QVERIFY(!create()->isEnabled());
        // Leaving the field with another malformed text says so at once.
        QTest::keyClicks(edit("keyEdit"), QStringLiteral("x"));
        QVERIFY(!status()->text().contains(QStringLiteral("doesn't look like")));
        QTest::keyClick(edit("keyEdit"), Qt::Key_Tab); // leaving the field
        QVERIFY(!edit("keyEdit")->hasFocus());
        QVERIFY(status()->text().contains(QStringLiteral("doesn't look like")));
        QTest::qWait(300);
        QCOMPARE(f->sandbox.requestCount(), 0);
        QVERIFY(!create()->isEnabled());
    }

    void pastingValidKeyEnablesCreateAfterExactlyOneRequest()
    {
        fillSender();
        pasteInto(edit("keyEdit"), QStringLiteral("  ") + f->tokens.server + QStringLiteral("\n"));
        QTRY_VERIFY(create()->isEnabled());
        QCOMPARE(f->sandbox.requestCount(), 1);
        QVERIFY(status()->text().contains(
            QStringLiteral("Connected to Postmark server ‘Demo Marketing’ (ID 101)")));
        // Leaving the field or pressing Enter does not check the same text again.
        edit("fromEdit")->setFocus();
        QTest::qWait(300);
        QCOMPARE(f->sandbox.requestCount(), 1);
    }

    void pastingOverAKeyOfTheSameLengthChecksAtOnce()
    {
        fillSender();
        pasteInto(edit("keyEdit"), f->tokens.account);
        QTRY_VERIFY(status()->text().contains(QStringLiteral("Account API token")));
        pasteInto(edit("keyEdit"), f->tokens.server); // select all, paste: no change in length
        QCOMPARE(dialog->postmarkPage()->validator()->state(), State::Checking);
        QTRY_VERIFY(create()->isEnabled());
    }

    void typedKeyIsCheckedAfterAPause()
    {
        fillSender();
        edit("keyEdit")->setFocus();
        QTest::keyClicks(edit("keyEdit"), f->tokens.server);
        QTRY_VERIFY(create()->isEnabled());
        QCOMPARE(f->sandbox.requestCount(), 1); // one check after the pause, not one per key
    }

    void requiredFieldsGateCreate()
    {
        pasteInto(edit("keyEdit"), f->tokens.server);
        QTRY_COMPARE(dialog->postmarkPage()->validator()->state(), State::ServerToken);
        QVERIFY(!create()->isEnabled()); // no From address yet
        typeInto(edit("fromEdit"), QStringLiteral("not an address"));
        QVERIFY(!create()->isEnabled());
        QVERIFY(dialog->findChild<QLabel *>("fieldHintLabel")->isVisible());
        typeInto(edit("fromEdit"), QStringLiteral("hello@demo-marketing.example"));
        QVERIFY(create()->isEnabled());
        typeInto(edit("nameEdit"), QString());
        QVERIFY(!create()->isEnabled());
        typeInto(edit("nameEdit"), QStringLiteral("Main"));
        QVERIFY(create()->isEnabled());
    }

    void editDuringSlowCheckAbortsItAndIgnoresTheStaleAnswer()
    {
        fillSender();
        f->sandbox.setLatency(700);
        pasteInto(edit("keyEdit"), f->tokens.account);
        QTRY_VERIFY(dialog->findChild<QProgressBar *>("keyBusyBar")->isVisible());
        QVERIFY(status()->text().contains(QStringLiteral("Checking key")));
        QTest::keyClick(edit("keyEdit"), Qt::Key_End);
        QTest::keyClick(edit("keyEdit"), Qt::Key_Backspace); // an edit while checking
        QVERIFY(!dialog->findChild<QProgressBar *>("keyBusyBar")->isVisible());
        QTest::qWait(1200); // the aborted answer would have arrived by now
        QVERIFY(!status()->text().contains(QStringLiteral("Account API token")));
        QVERIFY(!create()->isEnabled());
        QCOMPARE(f->sandbox.requestCount(QStringLiteral("/servers")), 0);

        pasteInto(edit("keyEdit"), f->tokens.server);
        QTRY_VERIFY_WITH_TIMEOUT(create()->isEnabled(), 5000);
        QVERIFY(status()->text().contains(QStringLiteral("Demo Marketing")));
    }

    void outcomesShowTheirMessages_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("expected");
        const auto t = PostmarkSandbox::demoTokens();
        QTest::newRow("account") << t.account << "This is an Account API token";
        QTest::newRow("test") << QStringLiteral("POSTMARK_API_TEST") << "Postmark's test token";
        QTest::newRow("invalid") << "00000000-1111-2222-3333-444444444444"
                                 << "Postmark does not recognise this token";
        QTest::newRow("sandbox server") << t.sandboxServer << "Sandbox mode";
    }
    void outcomesShowTheirMessages()
    {
        QFETCH(QString, token);
        QFETCH(QString, expected);
        fillSender();
        pasteInto(edit("keyEdit"), token);
        QTRY_VERIFY2(status()->text().contains(expected), qPrintable(status()->text()));
        const bool usable = token == f->tokens.sandboxServer;
        QCOMPARE(create()->isEnabled(), usable);
    }

    void networkFailureOffersTryAgain()
    {
        fillSender();
        f->sandbox.setFault(PostmarkSandbox::Fault::Html403);
        pasteInto(edit("keyEdit"), f->tokens.server);
        auto *retry = dialog->findChild<QPushButton *>("retryButton");
        QTRY_VERIFY(retry->isVisible());
        QVERIFY(status()->text().contains(QStringLiteral("proxy")));
        QVERIFY(!create()->isEnabled());
        f->sandbox.clearFault();
        const int before = f->sandbox.requestCount();
        QTest::mouseClick(retry, Qt::LeftButton);
        QTRY_VERIFY(create()->isEnabled());
        QCOMPARE(f->sandbox.requestCount(), before + 1);
        QVERIFY(!retry->isVisible());
    }

    void createWritesKeychainAndSettings()
    {
        typeInto(edit("nameEdit"), QStringLiteral("Main brand"));
        typeInto(edit("replyToEdit"), QStringLiteral("support@demo-marketing.example"));
        createGateway();
        const QList<GatewayConfig> gateways = f->settings.gateways();
        QCOMPARE(gateways.size(), 1);
        const GatewayConfig &g = gateways.first();
        QCOMPARE(g.name, QStringLiteral("Main brand"));
        QCOMPARE(g.serverId, 101);
        QCOMPARE(g.serverName, QStringLiteral("Demo Marketing"));
        QCOMPARE(g.fromAddress, QStringLiteral("hello@demo-marketing.example"));
        QCOMPARE(g.senderName, QStringLiteral("Demo Shop"));
        QCOMPARE(g.replyTo, QStringLiteral("support@demo-marketing.example"));
        QVERIFY(f->secretStore.contains(g.secretKey()));
        QFile ini(f->settings.fileName());
        QVERIFY(ini.open(QIODevice::ReadOnly));
        QVERIFY(!ini.readAll().contains(f->tokens.server.toLatin1()));
        QCOMPARE(dialog->cancelButton()->text(), QStringLiteral("Close"));
    }

    void closingOnTheStreamsStepKeepsTheMappingShown()
    {
        createGateway();
        QTest::mouseClick(dialog->cancelButton(), Qt::LeftButton); // "Close"
        const GatewayConfig saved = f->settings.gateways().first();
        QCOMPARE(saved.mapping.value(QStringLiteral("purchases")), QStringLiteral("outbound"));
        QCOMPARE(saved.mapping.value(QStringLiteral("broadcasts")), QStringLiteral("broadcast"));
        QCOMPARE(saved.mapping.size(), EmailCategory::all().size());
    }

    void namesAreUnique()
    {
        createGateway(); // "Postmark"
        dialog = std::make_unique<GatewayDialog>(f->services());
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
        QCOMPARE(edit("nameEdit")->text(), QStringLiteral("Postmark 2"));
        QVERIFY(edit("keyEdit")->hasFocus() || !dialog->isActiveWindow());
        typeInto(edit("nameEdit"), QStringLiteral("postmark")); // differs only in case
        fillSender();
        pasteInto(edit("keyEdit"), f->tokens.server);
        QTRY_VERIFY(create()->isEnabled());
        QTest::mouseClick(create(), Qt::LeftButton);
        QVERIFY(dialog->bannerText().contains(QStringLiteral("exists already")));
        QCOMPARE(dialog->step(), GatewayDialog::SetupStep);
        QCOMPARE(f->settings.gateways().size(), 1);
    }

    void noKeychainKeepsKeyForTheSessionAndLosesNothing()
    {
        f->secretStore.setUnavailable(true);
        createGateway();
        QVERIFY(dialog->bannerText().contains(QStringLiteral("keychain"), Qt::CaseInsensitive));
        QCOMPARE(f->settings.gateways().size(), 1);
        bool loaded = false;
        QString secret;
        f->vault.load(f->settings.gateways().first().secretKey(), this,
                      [&](const SecretVault::Outcome &o) {
                          loaded = true;
                          secret = o.result.secret;
                          QVERIFY(o.sessionOnly);
                      });
        QTRY_VERIFY(loaded);
        QCOMPARE(secret, f->tokens.server);
    }

    void recommendedMappingAndTypeRules()
    {
        createGateway();
        QCOMPARE(mappedStream("purchases"), QStringLiteral("outbound"));
        QCOMPARE(mappedStream("notifications"), QStringLiteral("outbound"));
        QCOMPARE(mappedStream("broadcasts"), QStringLiteral("broadcast"));
        QCOMPARE(mappedStream("sequences"), QStringLiteral("broadcast"));
        QVERIFY(dialog->nextButton()->isEnabled());

        // A Broadcasts category may only pick Broadcasts streams: the combo offers no other.
        QComboBox *combo = streamCombo(QStringLiteral("broadcasts"));
        QVERIFY(combo);
        QCOMPARE(combo->findData(QStringLiteral("outbound")), -1);
        QCOMPARE(combo->findData(QStringLiteral("inbound")), -1);

        // A rule broken on the server side (a mapped stream archived) blocks Next until fixed.
        QVERIFY(f->sandbox.addStream(f->tokens.server, QStringLiteral("promo"),
                                     QStringLiteral("Promo"), QStringLiteral("Broadcasts")));
        QTest::mouseClick(dialog->findChild<QPushButton *>("refreshButton"), Qt::LeftButton);
        QTRY_VERIFY(dialog->nextButton()->isEnabled());
        combo = streamCombo(QStringLiteral("sequences"));
        QVERIFY(combo);
        combo->setFocus();
        const int promo = combo->findData(QStringLiteral("promo"));
        QVERIFY(promo >= 0);
        while (combo->currentIndex() != promo)
            QTest::keyClick(combo, combo->currentIndex() < promo ? Qt::Key_Down : Qt::Key_Up);
        QTRY_COMPARE(mappedStream("sequences"), QStringLiteral("promo"));
        QVERIFY(f->sandbox.archiveStream(f->tokens.server, QStringLiteral("promo")));
        QTest::mouseClick(dialog->findChild<QPushButton *>("refreshButton"), Qt::LeftButton);
        QTRY_VERIFY(!dialog->streamsPage()->isBusy());
        QVERIFY(!dialog->nextButton()->isEnabled());
        const QModelIndex statusIndex = dialog->streamsPage()->model()->index(
            row(QStringLiteral("sequences")), StreamMappingModel::StatusColumn);
        QCOMPARE(statusIndex.data(StreamMappingModel::StatusRole).toInt(),
                 int(StreamMapping::MappingStatus::Archived));
        QTest::mouseClick(dialog->findChild<QPushButton *>("resetButton"), Qt::LeftButton);
        QCOMPARE(mappedStream("sequences"), QStringLiteral("broadcast"));
        QVERIFY(dialog->nextButton()->isEnabled());
    }

    void createRecommendedStreams()
    {
        createGateway();
        QTest::mouseClick(dialog->findChild<QPushButton *>("createStreamsButton"), Qt::LeftButton);
        QTRY_VERIFY(!dialog->streamsPage()->isBusy());
        QTRY_COMPARE(mappedStream("purchases"), QStringLiteral("purchases"));
        QCOMPARE(mappedStream("sequences"), QStringLiteral("sequences"));
        QCOMPARE(mappedStream("notifications"), QStringLiteral("outbound"));
        QCOMPARE(mappedStream("broadcasts"), QStringLiteral("broadcast"));
        QCOMPARE(f->sandbox.streamIds(f->tokens.server, true).size(), 8);
        QVERIFY(dialog->nextButton()->isEnabled());
        QVERIFY(!dialog->findChild<QPushButton *>("createStreamsButton")->isEnabled());
    }

    void createRecommendedStreamsKeepsOtherChoices()
    {
        QVERIFY(f->sandbox.addStream(f->tokens.server, QStringLiteral("promo"),
                                     QStringLiteral("Promo"), QStringLiteral("Broadcasts")));
        createGateway();
        QVERIFY(dialog->streamsPage()->model()->setData(
            dialog->streamsPage()->model()->index(row(QStringLiteral("broadcasts")),
                                                  StreamMappingModel::StreamColumn),
            QStringLiteral("promo")));
        f->sandbox.setLatency(150);
        QTest::mouseClick(dialog->findChild<QPushButton *>("createStreamsButton"), Qt::LeftButton);
        QVERIFY(dialog->streamsPage()->isBusy());
        QVERIFY(!dialog->backButton()->isEnabled()); // no going back while streams are created
        QVERIFY(!dialog->cancelButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->streamsPage()->isBusy(), 10000);
        QVERIFY(dialog->backButton()->isEnabled());
        QCOMPARE(mappedStream("purchases"), QStringLiteral("purchases"));
        QCOMPARE(mappedStream("sequences"), QStringLiteral("sequences"));
        QCOMPARE(mappedStream("broadcasts"), QStringLiteral("promo")); // the user's choice stays
    }

    void createRecommendedStreamsWithinTheLimit()
    {
        for (int i = 0; i < 5; ++i)
            QVERIFY(f->sandbox.addStream(f->tokens.server, QStringLiteral("other%1").arg(i),
                                         QStringLiteral("Other"), QStringLiteral("Transactional")));
        createGateway();
        QTest::mouseClick(dialog->findChild<QPushButton *>("createStreamsButton"), Qt::LeftButton);
        QTRY_VERIFY(!dialog->streamsPage()->isBusy());
        QTRY_COMPARE(mappedStream("purchases"), QStringLiteral("purchases"));
        QCOMPARE(mappedStream("memberships"), QStringLiteral("memberships"));
        QCOMPARE(mappedStream("optins"), QStringLiteral("outbound")); // no room left
        QCOMPARE(mappedStream("sequences"), QStringLiteral("broadcast"));
        QCOMPARE(f->sandbox.streamIds(f->tokens.server, true).size(), 10);
        QVERIFY(dialog->findChild<QLabel *>("streamsStatusLabel")
                    ->text()
                    .contains(QStringLiteral("Created 2 stream")));
        QVERIFY(dialog->nextButton()->isEnabled());
    }

    void testSendSuccessAndInactiveRecipient()
    {
        createGateway();
        QTest::mouseClick(dialog->nextButton(), Qt::LeftButton);
        QCOMPARE(dialog->step(), GatewayDialog::TestStep);
        QCOMPARE(edit("toEdit")->text(), QStringLiteral("hello@demo-marketing.example"));
        auto *results = dialog->findChild<QTableWidget *>("resultsTable");
        auto *send = dialog->findChild<QPushButton *>("sendButton");
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_COMPARE(results->rowCount(), 1);
        QCOMPARE(results->item(0, 2)->text(), QStringLiteral("Sent"));
        QVERIFY(results->item(0, 3)->text().contains(QStringLiteral("MessageID")));
        QCOMPARE(results->item(0, 0)->text(), QStringLiteral("outbound"));
        QCOMPARE(f->sandbox.sentCount(f->tokens.server), 1);

        typeInto(edit("toEdit"), QStringLiteral("bounced@demo-marketing.example"));
        QTRY_VERIFY(send->isEnabled());
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_COMPARE(results->rowCount(), 2);
        QCOMPARE(results->item(1, 2)->text(), QStringLiteral("Failed"));
        QVERIFY(
            results->item(1, 3)->text().contains(QStringLiteral("bounced@demo-marketing.example")));
        QVERIFY(results->item(1, 3)->text().contains(QStringLiteral("inactive")));

        const QList<TestSendRecord> records = f->settings.lastTestSends(dialog->config().id);
        QCOMPARE(records.size(), 1); // the last one per stream
        QVERIFY(!records.first().ok);
        QCOMPARE(records.first().errorCode, QStringLiteral("postmark-406"));
    }

    void sendThroughEveryMappedStream()
    {
        createGateway();
        QTest::mouseClick(dialog->findChild<QPushButton *>("createStreamsButton"), Qt::LeftButton);
        QTRY_COMPARE(mappedStream("purchases"), QStringLiteral("purchases"));
        QTRY_VERIFY(dialog->nextButton()->isEnabled());
        QTest::mouseClick(dialog->nextButton(), Qt::LeftButton);
        auto *results = dialog->findChild<QTableWidget *>("resultsTable");
        QTest::mouseClick(dialog->findChild<QPushButton *>("sendAllButton"), Qt::LeftButton);
        QTRY_COMPARE(results->rowCount(), 7); // 5 dedicated + outbound + broadcast
        QSet<QString> streams;
        for (int i = 0; i < results->rowCount(); ++i) {
            QCOMPARE(results->item(i, 2)->text(), QStringLiteral("Sent"));
            streams.insert(results->item(i, 0)->text());
        }
        QCOMPARE(streams.size(), 7);
        QCOMPARE(f->sandbox.sentCount(f->tokens.server), 7);
        QCOMPARE(f->settings.lastTestSends(dialog->config().id).size(), 7);
        QVERIFY(dialog->nextButton()->isEnabled());
        QTest::mouseClick(dialog->nextButton(), Qt::LeftButton);
        QCOMPARE(dialog->result(), int(QDialog::Accepted));
    }
};

QTEST_MAIN(TestGatewayDialog)
#include "tst_gatewaydialog.moc"
