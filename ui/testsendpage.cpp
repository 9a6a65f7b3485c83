#include "testsendpage.h"
#include "ui_testsendpage.h"

#include "emailaddress.h"
#include "emailcategory.h"

#include <QHeaderView>
#include <QLocale>
#include <QStyle>

using namespace Postmark;

TestSendPage::TestSendPage(Client *client, GatewaySettings *settings, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::TestSendPage>())
    , m_client(client)
    , m_settings(settings)
{
    m_ui->setupUi(this);
    m_ui->sendBusyBar->hide();
    QHeaderView *header = m_ui->resultsTable->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(3, QHeaderView::Stretch);
    m_ui->resultsTable->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_ui->sendButton, &QPushButton::clicked, this,
            [this] { send(m_ui->categoryCombo->currentData().toString()); });
    connect(m_ui->sendAllButton, &QPushButton::clicked, this, &TestSendPage::sendAll);
    connect(m_ui->categoryCombo, &QComboBox::currentIndexChanged, this, [this] {
        const EmailCategory *c = EmailCategory::find(m_ui->categoryCombo->currentData().toString());
        if (c)
            m_ui->subjectEdit->setText(tr("Test: %1 through Postmark").arg(c->name));
    });
    for (QLineEdit *edit : {m_ui->testFromEdit, m_ui->toEdit, m_ui->subjectEdit})
        connect(edit, &QLineEdit::textChanged, this, &TestSendPage::updateButtons);
}

TestSendPage::~TestSendPage() = default;

void TestSendPage::setGateway(const GatewayConfig &config, const QString &token)
{
    m_config = config;
    m_token = token;
    m_ui->categoryCombo->clear();
    for (const EmailCategory &c : EmailCategory::all()) {
        const QString stream = config.mapping.value(c.id);
        m_ui->categoryCombo->addItem(stream.isEmpty() ? tr("%1 (not mapped)").arg(c.name)
                                                      : tr("%1 → stream ‘%2’").arg(c.name, stream),
                                     c.id);
    }
    fillDefaults();
    updateButtons();
}

void TestSendPage::fillDefaults()
{
    m_ui->testFromEdit->setText(EmailAddress::withName(m_config.senderName, m_config.fromAddress));
    // The From address itself: within the From domain, so it works even while the Postmark
    // account is pending approval, and a mailbox the user can look into.
    m_ui->toEdit->setText(m_config.fromAddress);
    m_ui->bodyEdit->setPlainText(
        tr("This is a test email from Email Gateway Wizard for the gateway ‘%1’.\n"
           "If you can read it, Postmark delivers this type of email.")
            .arg(m_config.name));
    m_ui->categoryCombo->setCurrentIndex(0);
    const EmailCategory *c = EmailCategory::find(m_ui->categoryCombo->currentData().toString());
    if (c)
        m_ui->subjectEdit->setText(tr("Test: %1 through Postmark").arg(c->name));
}

int TestSendPage::resultCount() const
{
    return m_ui->resultsTable->rowCount();
}

void TestSendPage::updateButtons()
{
    const bool ready = m_pending == 0 && !m_token.isEmpty()
        && !m_ui->toEdit->text().trimmed().isEmpty()
        && !m_ui->testFromEdit->text().trimmed().isEmpty();
    m_ui->sendButton->setEnabled(ready);
    m_ui->sendAllButton->setEnabled(ready);
    m_ui->sendBusyBar->setVisible(m_pending > 0);
}

void TestSendPage::send(const QString &categoryId)
{
    const EmailCategory *category = EmailCategory::find(categoryId);
    if (!category)
        return;
    const QString stream = m_config.mapping.value(categoryId);
    Email email;
    email.from = m_ui->testFromEdit->text().trimmed();
    email.to = m_ui->toEdit->text().trimmed();
    email.replyTo = m_config.replyTo;
    email.subject = m_ui->subjectEdit->text().trimmed();
    if (email.subject.isEmpty() || categoryId != m_ui->categoryCombo->currentData().toString())
        email.subject = tr("Test: %1 through Postmark").arg(category->name);
    email.textBody = m_ui->bodyEdit->toPlainText();
    email.messageStream = stream;
    email.tag = QStringLiteral("gateway-test");
    email.metadata.insert(QStringLiteral("category"), categoryId);
    email.metadata.insert(QStringLiteral("gateway"), m_config.id);

    ++m_pending;
    emit busyChanged(true);
    updateButtons();
    m_client->sendEmail(m_token, email, this,
                        [this, stream, categoryId](const Result<SendResult> &r) {
                            --m_pending;
                            if (!r.error.isSuperseded())
                                addResult(stream, categoryId, r);
                            updateButtons();
                            emit busyChanged(m_pending > 0);
                        });
}

void TestSendPage::sendAll()
{
    // One send per distinct mapped stream, named after the first category that uses it.
    QStringList streams;
    for (const EmailCategory &c : EmailCategory::all()) {
        const QString stream = m_config.mapping.value(c.id);
        if (!stream.isEmpty() && !streams.contains(stream)) {
            streams.append(stream);
            send(c.id);
        }
    }
}

void TestSendPage::addResult(const QString &streamId, const QString &categoryId,
                             const Result<SendResult> &r)
{
    const EmailCategory *category = EmailCategory::find(categoryId);
    QTableWidget *t = m_ui->resultsTable;
    const int row = t->rowCount();
    t->insertRow(row);
    QString result;
    QString details;
    TestSendRecord record;
    record.streamId = streamId;
    record.categoryId = categoryId;
    record.ok = r.ok();
    if (r.ok()) {
        const QDateTime at =
            r.value.submittedAt.isValid() ? r.value.submittedAt : QDateTime::currentDateTime();
        record.at = at;
        record.messageId = r.value.messageId;
        result = tr("Sent");
        details = tr("MessageID %1 at %2 to %3")
                      .arg(r.value.messageId,
                           QLocale().toString(at.toLocalTime(), QLocale::ShortFormat), r.value.to);
    } else {
        record.at = QDateTime::currentDateTime();
        record.errorCode = r.error.code();
        record.errorMessage = r.error.message();
        result = tr("Failed");
        details = r.error.message();
    }
    auto *resultItem = new QTableWidgetItem(result);
    resultItem->setIcon(style()->standardIcon(r.ok() ? QStyle::SP_DialogApplyButton
                                                     : QStyle::SP_MessageBoxCritical));
    t->setItem(row, 0, new QTableWidgetItem(streamId.isEmpty() ? tr("(default)") : streamId));
    t->setItem(row, 1, new QTableWidgetItem(category ? category->name : categoryId));
    t->setItem(row, 2, resultItem);
    auto *detailsItem = new QTableWidgetItem(details);
    detailsItem->setToolTip(details);
    t->setItem(row, 3, detailsItem);
    t->scrollToBottom();

    QString error;
    if (m_settings && !m_config.id.isEmpty()
        && !m_settings->recordTestSend(m_config.id, record, &error))
        detailsItem->setText(details + QLatin1Char('\n')
                             + tr("(Not kept for the setup check: %1)").arg(error));
}
