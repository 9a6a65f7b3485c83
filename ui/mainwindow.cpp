#include "mainwindow.h"
#include "ui_mainwindow.h"

#include "emailcategory.h"
#include "gatewaydialog.h"
#include "gatewaysettings.h"
#include "postmarkclient.h"
#include "secretvault.h"
#include "setupcheckdialog.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QMessageBox>
#include <QTimer>

using namespace Postmark;

static const int IdRole = Qt::UserRole + 1;

MainWindow::MainWindow(const AppServices &services, QWidget *parent)
    : QMainWindow(parent), m_ui(std::make_unique<Ui::MainWindow>()), m_services(services)
{
    m_ui->setupUi(this);
    QFont title = m_ui->titleLabel->font();
    title.setPointSizeF(title.pointSizeF() * 1.5);
    title.setBold(true);
    m_ui->titleLabel->setFont(title);
    QFont emptyTitle = m_ui->emptyTitle->font();
    emptyTitle.setPointSizeF(emptyTitle.pointSizeF() * 1.3);
    emptyTitle.setBold(true);
    m_ui->emptyTitle->setFont(emptyTitle);
    m_ui->demoBanner->hide();
    m_ui->bannerLabel->hide();
    m_ui->gatewayList->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->gatewayList->header()->setStretchLastSection(true);

    connect(m_ui->addButton, &QPushButton::clicked, this, &MainWindow::addGateway);
    connect(m_ui->addFirstButton, &QPushButton::clicked, this, &MainWindow::addGateway);
    connect(m_ui->editButton, &QPushButton::clicked, this,
            [this] { editGateway(selectedGatewayId()); });
    connect(m_ui->checkButton, &QPushButton::clicked, this,
            [this] { checkGateway(selectedGatewayId()); });
    connect(m_ui->removeButton, &QPushButton::clicked, this,
            [this] { removeGateway(selectedGatewayId()); });
    connect(m_ui->gatewayList, &QTreeWidget::itemSelectionChanged, this,
            &MainWindow::updateButtons);
    connect(m_ui->gatewayList, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem *item) { editGateway(item->data(0, IdRole).toString()); });
    reload();
}

MainWindow::~MainWindow() = default;

QTreeWidget *MainWindow::gatewayList() const
{
    return m_ui->gatewayList;
}
QPushButton *MainWindow::addButton() const
{
    return m_ui->addButton;
}
QPushButton *MainWindow::editButton() const
{
    return m_ui->editButton;
}
QPushButton *MainWindow::checkButton() const
{
    return m_ui->checkButton;
}
QPushButton *MainWindow::removeButton() const
{
    return m_ui->removeButton;
}

void MainWindow::setDemoInfo(const DemoInfo &demo)
{
    m_ui->demoLabel->setText(
        tr("Demo mode: this window talks to the built-in Postmark sandbox at %1, not to "
           "Postmark. Nothing is delivered. In Add email gateway, buttons under the API key "
           "paste the demo tokens: the server token connects, the Sandbox-server token shows "
           "the Sandbox warning, the account token shows what happens when the wrong kind is "
           "pasted. Test sends work from any address @demo-marketing.example.")
            .arg(demo.url));
    const auto offerCopy = [this](QPushButton *button, const QString &token) {
        const QString label = button->text();
        connect(button, &QPushButton::clicked, this, [button, token, label] {
            QGuiApplication::clipboard()->setText(token);
            button->setText(tr("Copied ✓"));
            QTimer::singleShot(2000, button, [button, label] { button->setText(label); });
        });
    };
    m_services.demoTokens = {{tr("server token"), demo.serverToken},
                             {tr("Sandbox-server token"), demo.sandboxServerToken},
                             {tr("account token"), demo.accountToken}};
    offerCopy(m_ui->copyServerTokenButton, demo.serverToken);
    offerCopy(m_ui->copySandboxTokenButton, demo.sandboxServerToken);
    offerCopy(m_ui->copyAccountTokenButton, demo.accountToken);
    m_ui->demoBanner->setStyleSheet(QStringLiteral(
        "#demoBanner{background:#e8f1fb;border:1px solid #b6d0ee;border-radius:4px;}"));
    m_ui->demoBanner->show();
}

void MainWindow::showBanner(const QString &text)
{
    m_ui->bannerLabel->setText(text);
    m_ui->bannerLabel->setStyleSheet(QStringLiteral(
        "background:#fff8e1;color:#5d4200;border:1px solid #f3d98b;border-radius:4px;"));
    m_ui->bannerLabel->setVisible(!text.isEmpty());
}

QString MainWindow::selectedGatewayId() const
{
    const QList<QTreeWidgetItem *> selected = m_ui->gatewayList->selectedItems();
    return selected.isEmpty() ? QString() : selected.first()->data(0, IdRole).toString();
}

QString MainWindow::statusText(const QString &gatewayId) const
{
    return m_status.value(gatewayId);
}

void MainWindow::setStatus(const QString &id, const QString &text)
{
    m_status.insert(id, text);
    for (int i = 0; i < m_ui->gatewayList->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_ui->gatewayList->topLevelItem(i);
        if (item->data(0, IdRole).toString() == id) {
            item->setText(3, text);
            item->setToolTip(3, text);
        }
    }
}

void MainWindow::reload()
{
    const QString selected = selectedGatewayId();
    const QList<GatewayConfig> gateways = m_services.settings->gateways();
    m_ui->gatewayList->clear();
    for (const GatewayConfig &g : gateways) {
        auto *item = new QTreeWidgetItem(m_ui->gatewayList);
        item->setData(0, IdRole, g.id);
        item->setText(0, g.name);
        item->setText(1, tr("Postmark"));
        item->setText(
            2, g.serverId ? tr("%1 (ID %2)").arg(g.serverName).arg(g.serverId) : g.serverName);
        if (g.id == selected || (selected.isEmpty() && m_ui->gatewayList->topLevelItemCount() == 1))
            item->setSelected(true);

        int mapped = 0;
        for (const EmailCategory &c : EmailCategory::all())
            mapped += g.mapping.value(c.id).isEmpty() ? 0 : 1;
        const int total = EmailCategory::all().size();
        setStatus(g.id, tr("Reading the API key…"));
        m_services.secrets->load(
            g.secretKey(), this,
            [this, id = g.id, mapped, total,
             sandbox = g.deliveryType.compare(QLatin1String("Sandbox"), Qt::CaseInsensitive)
                 == 0](const SecretVault::Outcome &o) {
                QString text;
                if (!o.result.ok())
                    text = o.result.status == SecretResult::Status::NotFound
                        ? tr("API key missing: Edit to paste it again")
                        : tr("API key unavailable: %1").arg(o.result.message);
                else if (mapped < total)
                    text = tr("Message streams not set up: Edit to finish");
                else if (o.sessionOnly)
                    text = tr("Ready (API key kept only until the program "
                              "closes)");
                else
                    text = tr("Ready: all %1 email types mapped").arg(total);
                if (sandbox) // the first thing to know about such a gateway
                    text = tr("Sandbox server: Postmark never delivers its "
                              "email. %1")
                               .arg(text);
                setStatus(id, text);
            });
    }
    m_ui->viewStack->setCurrentWidget(gateways.isEmpty() ? m_ui->emptyPage : m_ui->listPage);
    m_ui->addButton->setVisible(!gateways.isEmpty());
    updateButtons();
}

void MainWindow::updateButtons()
{
    const bool selected = !selectedGatewayId().isEmpty();
    m_ui->editButton->setEnabled(selected);
    m_ui->checkButton->setEnabled(selected);
    m_ui->removeButton->setEnabled(selected);
}

void MainWindow::openDialog(GatewayDialog *dialog)
{
    m_dialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &GatewayDialog::gatewaySaved, this, &MainWindow::reload);
    connect(dialog, &QDialog::finished, this, &MainWindow::reload);
    connect(dialog, &GatewayDialog::gatewaySaved, this, [this] {
        if (m_services.secrets->keychainMissing())
            showBanner(tr("No keychain is available on this computer: API keys are kept only "
                          "until the program closes. Everything else is saved."));
    });
    dialog->open();
}

void MainWindow::addGateway()
{
    openDialog(new GatewayDialog(m_services, this));
}

void MainWindow::editGateway(const QString &id)
{
    const std::optional<GatewayConfig> config = m_services.settings->gateway(id);
    if (!config)
        return;
    m_services.secrets->load(
        config->secretKey(), this, [this, config = *config](const SecretVault::Outcome &o) {
            auto *dialog = new GatewayDialog(m_services, this);
            QString notice;
            if (!o.result.ok())
                notice = o.result.status == SecretResult::Status::NotFound
                    ? tr("The API key of this gateway is no longer in "
                         "the keychain. Paste it again.")
                    : o.result.message;
            dialog->editGateway(config, o.result.ok() ? o.result.secret : QString(), notice);
            openDialog(dialog);
        });
}

QMessageBox *MainWindow::showMessage(const QString &title, const QString &text, bool warning)
{
    auto *box = new QMessageBox(warning ? QMessageBox::Warning : QMessageBox::Information, title,
                                text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    m_box = box;
    box->open();
    return box;
}

void MainWindow::checkGateway(const QString &id)
{
    const std::optional<GatewayConfig> config = m_services.settings->gateway(id);
    if (!config)
        return;
    setStatus(id, tr("Checking…"));
    m_services.secrets->load(
        config->secretKey(), this, [this, config = *config](const SecretVault::Outcome &o) {
            // Without the key the check still opens: its report says why, for support.
            QString problem;
            if (o.result.status == SecretResult::Status::NotFound)
                problem = tr("The API key of this gateway is no longer in the keychain. Edit the "
                             "gateway and paste it again.");
            else if (!o.result.ok())
                problem = o.result.message;
            auto *dialog = new SetupCheckDialog(
                m_services, config, o.result.ok() ? o.result.secret : QString(), this, problem);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            connect(dialog, &SetupCheckDialog::checked, this,
                    [this, id = config.id](const SetupReport &r) {
                        switch (r.result) {
                        case SetupReport::Result::Ok:
                            setStatus(id, tr("Checked: no problems"));
                            break;
                        case SetupReport::Result::Problems:
                            setStatus(id, tr("Checked: problems found (Check setup shows them)"));
                            break;
                        case SetupReport::Result::Unchecked:
                            setStatus(id, tr("Could not be checked (Check setup says why)"));
                            break;
                        }
                    });
            m_checkDialog = dialog;
            dialog->open();
        });
}

void MainWindow::removeGateway(const QString &id)
{
    const std::optional<GatewayConfig> config = m_services.settings->gateway(id);
    if (!config)
        return;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Remove email gateway"),
                                tr("Remove the gateway ‘%1’? Emails stop going out through it, "
                                   "and its API key is deleted from the keychain. The Postmark "
                                   "server itself is not changed.")
                                    .arg(config->name),
                                QMessageBox::Cancel, this);
    QPushButton *remove = box->addButton(tr("Remove"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    m_box = box;
    connect(box, &QMessageBox::finished, this, [this, box, remove, config = *config] {
        if (box->clickedButton() != remove)
            return;
        QString error;
        if (!m_services.settings->remove(config.id, &error)) {
            showMessage(tr("Remove email gateway"), error, true);
            return;
        }
        m_services.secrets->erase(config.secretKey(), this, [this](const SecretVault::Outcome &o) {
            if (!o.result.ok())
                showBanner(tr("The gateway was removed, but its API key could not be deleted "
                              "from the keychain: %1")
                               .arg(o.result.message));
        });
        m_status.remove(config.id);
        reload();
    });
    box->open();
}
