// "Check setup": the setup check's findings first (by severity, each with its next step), then
// the details; Copy report (Markdown), Save report… (text, Markdown or JSON), Run again, and the
// automatic fixes (create recommended streams, set up webhooks).
#pragma once

#include "appservices.h"
#include "gatewaysettings.h"
#include "setupcheck.h"

#include <QDialog>
#include <QFileDialog>
#include <QPointer>

#include <memory>

namespace Ui {
class SetupCheckDialog;
}

class SetupCheckDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Format { Text, Markdown, Json };

    // `tokenProblem` says why `token` is empty (e.g. the keychain's answer); the check then
    // reports the problem instead of contacting Postmark.
    SetupCheckDialog(const AppServices &services, const GatewayConfig &config, const QString &token,
                     QWidget *parent = nullptr, const QString &tokenProblem = {});
    ~SetupCheckDialog() override;

    void runCheck();
    bool isRunning() const;
    const SetupReport &report() const;
    QString reportText(Format format) const;
    bool saveReport(const QString &fileName, Format format, QString *error = nullptr) const;
    static Format formatForFile(const QString &fileName);
    QFileDialog *saveDialog() const { return m_saveDialog; } // while open

signals:
    void checked(const SetupReport &report);
    void configChanged(const GatewayConfig &config); // a fix saved a new mapping or webhook URL

private:
    void showReport(const SetupReport &report);
    void setBusy(bool busy, const QString &text = {});
    void openSaveDialog();
    void fixStreams();
    void fixWebhooks();

    std::unique_ptr<Ui::SetupCheckDialog> m_ui;
    AppServices m_services;
    GatewayConfig m_config;
    QString m_token;
    QString m_tokenProblem;
    SetupCheck m_check;
    bool m_remapAfterCheck = false;
    QPointer<QFileDialog> m_saveDialog;
};
