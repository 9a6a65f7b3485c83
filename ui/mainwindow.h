// "Email gateways": the configured gateways with their state, an empty state inviting the first
// one, and per gateway Edit, Check setup and Remove.
#pragma once

#include "appservices.h"
#include "gatewaydialog.h"
#include "setupcheckdialog.h"

#include <QHash>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>

#include <memory>

class QPushButton;
class QTreeWidget;
namespace Ui {
class MainWindow;
}

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    struct DemoInfo
    {
        QString serverToken;
        QString sandboxServerToken;
        QString accountToken;
        QString url;
    };

    explicit MainWindow(const AppServices &services, QWidget *parent = nullptr);
    ~MainWindow() override;

    void setDemoInfo(const DemoInfo &demo);
    void reload();

    QString selectedGatewayId() const;
    QString statusText(const QString &gatewayId) const;
    QTreeWidget *gatewayList() const;
    QPushButton *addButton() const;
    QPushButton *editButton() const;
    QPushButton *checkButton() const;
    QPushButton *removeButton() const;
    GatewayDialog *dialog() const { return m_dialog; } // the open gateway dialog, if any
    QMessageBox *messageBox() const { return m_box; }  // the open confirmation or result, if any
    SetupCheckDialog *checkDialog() const { return m_checkDialog; } // the open setup check, if any

private:
    void addGateway();
    void editGateway(const QString &id);
    void checkGateway(const QString &id);
    void removeGateway(const QString &id);
    void openDialog(GatewayDialog *dialog);
    void setStatus(const QString &id, const QString &text);
    void updateButtons();
    void showBanner(const QString &text);
    QMessageBox *showMessage(const QString &title, const QString &text, bool warning);

    std::unique_ptr<Ui::MainWindow> m_ui;
    AppServices m_services;
    QHash<QString, QString> m_status;
    QPointer<GatewayDialog> m_dialog;
    QPointer<QMessageBox> m_box;
    QPointer<SetupCheckDialog> m_checkDialog;
};
