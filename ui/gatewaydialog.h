// The modal "Email gateway" dialog: provider tabs (Postmark's is live), then, once the gateway is
// created, its Message streams and Test send steps.
#pragma once

#include "appservices.h"
#include "gatewaysettings.h"
#include "setupcheckdialog.h"

#include <QDialog>
#include <QPointer>

#include <memory>

class PostmarkPage;
class StreamsPage;
class TestSendPage;
class QPushButton;
namespace Ui {
class GatewayDialog;
}

class GatewayDialog : public QDialog
{
    Q_OBJECT
public:
    enum Step { SetupStep, StreamsStep, TestStep };

    explicit GatewayDialog(const AppServices &services, QWidget *parent = nullptr);
    ~GatewayDialog() override;

    // Opens on an existing gateway; `token` may be empty when the keychain no longer has it.
    void editGateway(const GatewayConfig &config, const QString &token, const QString &notice = {});

    Step step() const;
    const GatewayConfig &config() const { return m_config; }
    bool gatewayExists() const { return !m_config.id.isEmpty() && m_saved; }
    PostmarkPage *postmarkPage() const { return m_postmark; }
    StreamsPage *streamsPage() const { return m_streams; }
    TestSendPage *testSendPage() const { return m_test; }
    QPushButton *nextButton() const;
    QPushButton *backButton() const;
    QPushButton *cancelButton() const;
    QString bannerText() const;
    SetupCheckDialog *checkDialog() const { return m_checkDialog; } // the open setup check, if any

signals:
    void gatewaySaved(const QString &id);

private:
    void goNext();
    void goBack();
    void saveGateway();
    bool saveSettings();
    void setStep(Step step);
    void updateButtons();
    enum class Banner { Info, Warning, Error };
    void showBanner(const QString &text, Banner kind);

    std::unique_ptr<Ui::GatewayDialog> m_ui;
    AppServices m_services;
    PostmarkPage *m_postmark;
    StreamsPage *m_streams;
    TestSendPage *m_test;
    GatewayConfig m_config;
    QString m_token;
    bool m_saved = false;
    bool m_saving = false;
    QPointer<SetupCheckDialog> m_checkDialog;
};
