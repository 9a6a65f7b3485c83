// The Test send step: sends real emails through the gateway's mapped streams and shows what
// Postmark answered, explained. Each result is also kept in settings for the setup check.
#pragma once

#include "gatewaysettings.h"
#include "postmarkclient.h"
#include "streammapping.h"

#include <QWidget>

#include <memory>

namespace Ui {
class TestSendPage;
}

class TestSendPage : public QWidget
{
    Q_OBJECT
public:
    TestSendPage(Postmark::Client *client, GatewaySettings *settings, QWidget *parent = nullptr);
    ~TestSendPage() override;

    void setGateway(const GatewayConfig &config, const QString &token);
    int resultCount() const;
    bool isBusy() const { return m_pending > 0; }

signals:
    void busyChanged(bool busy);

private:
    void send(const QString &categoryId);
    void sendAll();
    void addResult(const QString &streamId, const QString &categoryId,
                   const Postmark::Result<Postmark::SendResult> &result);
    void updateButtons();
    void fillDefaults();

    std::unique_ptr<Ui::TestSendPage> m_ui;
    Postmark::Client *m_client;
    GatewaySettings *m_settings;
    GatewayConfig m_config;
    QString m_token;
    int m_pending = 0;
};
