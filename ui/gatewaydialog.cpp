#include "gatewaydialog.h"
#include "ui_gatewaydialog.h"

#include "postmarkpage.h"
#include "secretvault.h"
#include "setupcheckdialog.h"
#include "streamspage.h"
#include "testsendpage.h"

#include <QLabel>
#include <QUuid>

GatewayDialog::GatewayDialog(const AppServices &services, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::GatewayDialog>()), m_services(services)
{
    m_ui->setupUi(this);
    m_postmark = new PostmarkPage(services.client, this);
    m_postmark->offerDemoTokens(services.demoTokens);
    m_streams = new StreamsPage(services.client, this);
    m_test = new TestSendPage(services.client, services.settings, this);
    m_ui->providerTabs->addTab(m_postmark, tr("Postmark"));
    // The modal offers one tab per provider, as the platform does; only Postmark is built so far.
    for (const QString &provider : {tr("SendGrid"), tr("Mailgun"), tr("Amazon SES"), tr("SMTP")}) {
        auto *later = new QLabel(tr("%1 is not available in this version.").arg(provider));
        later->setAlignment(Qt::AlignCenter);
        const int tab = m_ui->providerTabs->addTab(later, provider);
        m_ui->providerTabs->setTabEnabled(tab, false);
        m_ui->providerTabs->setTabToolTip(tab, tr("Not available in this version"));
    }
    m_ui->stack->addWidget(m_streams);
    m_ui->stack->addWidget(m_test);
    m_ui->bannerLabel->hide();

    connect(m_postmark, &PostmarkPage::completeChanged, this, &GatewayDialog::updateButtons);
    connect(m_streams, &StreamsPage::completeChanged, this, &GatewayDialog::updateButtons);
    connect(m_test, &TestSendPage::busyChanged, this, &GatewayDialog::updateButtons);
    connect(m_ui->nextButton, &QPushButton::clicked, this, &GatewayDialog::goNext);
    connect(m_ui->backButton, &QPushButton::clicked, this, &GatewayDialog::goBack);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_ui->checkSetupButton, &QPushButton::clicked, this, [this] {
        auto *check = new SetupCheckDialog(m_services, m_config, m_token, this);
        check->setAttribute(Qt::WA_DeleteOnClose);
        connect(check, &SetupCheckDialog::configChanged, this, [this](const GatewayConfig &c) {
            // A fix saved a new mapping or webhook URL: the wizard's pages follow it.
            m_config = c;
            m_streams->load(m_token, m_config.mapping);
            m_test->setGateway(m_config, m_token);
        });
        m_checkDialog = check;
        check->open();
    });
    setStep(SetupStep);
    m_postmark->focusKey();

    // A second gateway gets a name of its own: `check --gateway NAME` must find one.
    const QString base = m_postmark->values().name;
    QString name = base;
    for (int n = 2; services.settings->gatewayByName(name); ++n)
        name = QStringLiteral("%1 %2").arg(base).arg(n);
    if (name != base)
        m_postmark->setName(name);

    // What the streams step shows is what is saved, even if the dialog is closed there.
    connect(m_streams, &StreamsPage::completeChanged, this, [this] {
        if (m_saved && m_streams->isLoaded() && !m_streams->isBusy()
            && m_streams->mapping() != m_config.mapping) {
            m_config.mapping = m_streams->mapping();
            saveSettings();
        }
    });
}

GatewayDialog::~GatewayDialog() = default;

QPushButton *GatewayDialog::nextButton() const
{
    return m_ui->nextButton;
}

QPushButton *GatewayDialog::backButton() const
{
    return m_ui->backButton;
}

QPushButton *GatewayDialog::cancelButton() const
{
    return m_ui->cancelButton;
}

QString GatewayDialog::bannerText() const
{
    return m_ui->bannerLabel->isVisible() ? m_ui->bannerLabel->text() : QString();
}

GatewayDialog::Step GatewayDialog::step() const
{
    return static_cast<Step>(m_ui->stack->currentIndex());
}

void GatewayDialog::editGateway(const GatewayConfig &config, const QString &token,
                                const QString &notice)
{
    m_config = config;
    m_saved = true;
    m_postmark->setValues(
        {config.name, token, config.senderName, config.fromAddress, config.replyTo});
    if (!notice.isEmpty())
        showBanner(notice, Banner::Error);
    setStep(SetupStep);
}

void GatewayDialog::showBanner(const QString &text, Banner kind)
{
    static const char *const styles[] = {
        "background:#e7f4ea;color:#1e4620;border:1px solid #b7dfbf;border-radius:4px;",
        "background:#fff8e1;color:#5d4200;border:1px solid #f3d98b;border-radius:4px;",
        "background:#fdecea;color:#611a15;border:1px solid #f5c2c0;border-radius:4px;"};
    m_ui->bannerLabel->setText(text);
    m_ui->bannerLabel->setStyleSheet(QLatin1String(styles[int(kind)]));
    m_ui->bannerLabel->setVisible(!text.isEmpty());
}

void GatewayDialog::setStep(Step step)
{
    m_ui->stack->setCurrentIndex(step);
    const QString titles[] = {tr("Step 1 of 3: connect Postmark"),
                              tr("Step 2 of 3: message streams"), tr("Step 3 of 3: send a test")};
    m_ui->stepLabel->setText(titles[step]);
    updateButtons();
}

void GatewayDialog::updateButtons()
{
    const Step s = step();
    QPushButton *next = m_ui->nextButton;
    switch (s) {
    case SetupStep:
        next->setText(m_saved ? tr("&Save") : tr("&Create"));
        next->setEnabled(!m_saving && m_postmark->isComplete());
        break;
    case StreamsStep:
        next->setText(tr("&Next"));
        next->setEnabled(m_streams->isComplete());
        break;
    case TestStep:
        next->setText(tr("&Finish"));
        next->setEnabled(!m_test->isBusy());
        break;
    }
    const bool busy = m_saving || m_streams->isBusy() || m_test->isBusy();
    m_ui->backButton->setVisible(s != SetupStep);
    m_ui->backButton->setEnabled(!busy);
    // Closing while the key is being stored, streams created or a test sent would lose track of
    // what was done.
    m_ui->cancelButton->setEnabled(!busy);
    m_ui->checkSetupButton->setVisible(s == TestStep);
    m_ui->cancelButton->setText(m_saved ? tr("Close") : tr("Cancel"));
}

void GatewayDialog::goNext()
{
    switch (step()) {
    case SetupStep:
        saveGateway();
        break;
    case StreamsStep:
        m_config.mapping = m_streams->mapping();
        if (saveSettings()) {
            m_test->setGateway(m_config, m_token);
            setStep(TestStep);
        }
        break;
    case TestStep:
        accept();
        break;
    }
}

void GatewayDialog::goBack()
{
    if (step() == TestStep)
        setStep(StreamsStep);
    else if (step() == StreamsStep)
        setStep(SetupStep);
}

bool GatewayDialog::saveSettings()
{
    QString error;
    if (!m_services.settings->save(m_config, &error)) {
        showBanner(tr("The gateway could not be saved: %1").arg(error), Banner::Error);
        return false;
    }
    m_saved = true;
    emit gatewaySaved(m_config.id);
    return true;
}

void GatewayDialog::saveGateway()
{
    if (!m_postmark->isComplete() || m_saving)
        return;
    const PostmarkPage::Values v = m_postmark->values();
    const Postmark::ServerInfo &server = m_postmark->server();
    const std::optional<GatewayConfig> sameName = m_services.settings->gatewayByName(v.name);
    if (sameName && sameName->id != m_config.id) {
        showBanner(tr("A gateway named ‘%1’ exists already. Choose another name, so that support "
                      "staff can tell them apart.")
                       .arg(v.name),
                   Banner::Error);
        return;
    }
    if (m_config.id.isEmpty())
        m_config.id = QUuid::createUuid().toString(QUuid::Id128); // never mistaken for a token
    if (m_saved && m_config.serverId != server.id)
        m_config.mapping.clear(); // another server: its streams differ, start on the recommended
    m_config.name = v.name;
    m_config.senderName = v.senderName;
    m_config.fromAddress = v.fromAddress;
    m_config.replyTo = v.replyTo;
    m_config.serverId = server.id;
    m_config.serverName = server.name;
    m_config.deliveryType = server.deliveryType;
    m_token = v.token;

    m_saving = true;
    updateButtons();
    m_services.secrets->store(
        m_config.secretKey(), m_token, this,
        [this, creating = !m_saved](const SecretVault::Outcome &o) {
            m_saving = false;
            if (!o.result.ok() && !o.sessionOnly) {
                showBanner(tr("The API key could not be stored in the "
                              "keychain: %1")
                               .arg(o.result.message),
                           Banner::Error);
                updateButtons();
                return;
            }
            if (!saveSettings()) {
                updateButtons();
                return;
            }
            if (o.sessionOnly)
                showBanner(o.result.message, Banner::Warning);
            else if (creating)
                showBanner(tr("The gateway ‘%1’ is created (API key stored in: %2). Now "
                              "check which stream each type of email goes "
                              "through.")
                               .arg(m_config.name, m_services.secrets->backendName()),
                           Banner::Info);
            else
                showBanner(tr("Saved."), Banner::Info);
            m_streams->load(m_token, m_config.mapping);
            setStep(StreamsStep);
        });
}
