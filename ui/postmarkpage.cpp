#include "postmarkpage.h"
#include "ui_postmarkpage.h"

#include "emailaddress.h"

#include <QFocusEvent>
#include <QHBoxLayout>
#include <QKeyEvent>

#include <QStyle>
#include <utility>

using State = TokenValidator::State;

PostmarkPage::PostmarkPage(Postmark::Client *client, QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::PostmarkPage>()), m_validator(client)
{
    m_ui->setupUi(this);
    m_ui->nameEdit->setText(tr("Postmark"));
    m_ui->keyBusyBar->hide();
    m_ui->retryButton->hide();
    m_ui->statusIcon->hide();
    m_ui->fieldHintLabel->hide();
    m_ui->fieldHintLabel->setStyleSheet(QStringLiteral("color:#a4000f;"));
    // Room for the longest message, so that the fields below do not jump as it changes.
    m_ui->statusLabel->setMinimumHeight(m_ui->statusLabel->fontMetrics().lineSpacing() * 3);
    m_ui->keyEdit->installEventFilter(this);

    // The paste keys, or a single edit that adds several characters (menu, middle click, drop),
    // is a paste: check at once. Typing waits for a pause.
    connect(m_ui->keyEdit, &QLineEdit::textEdited, this, [this](const QString &text) {
        const bool pasted = std::exchange(m_pasteKeyPressed, false)
            || (text.size() - m_validator.token().size() > 1 && text.trimmed().size() >= 8);
        if (pasted)
            m_validator.paste(text);
        else
            m_validator.setText(text);
    });
    connect(m_ui->keyEdit, &QLineEdit::returnPressed, &m_validator, &TokenValidator::commit);
    connect(m_ui->showKeyButton, &QToolButton::toggled, this, [this](bool shown) {
        m_ui->keyEdit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        m_ui->showKeyButton->setText(shown ? tr("Hide") : tr("Show"));
        m_ui->showKeyButton->setAccessibleName(shown ? tr("Hide the API key")
                                                     : tr("Show the API key"));
    });
    connect(m_ui->retryButton, &QPushButton::clicked, &m_validator, &TokenValidator::retry);
    connect(&m_validator, &TokenValidator::stateChanged, this, &PostmarkPage::showValidatorState);
    for (QLineEdit *edit :
         {m_ui->nameEdit, m_ui->senderNameEdit, m_ui->fromEdit, m_ui->replyToEdit})
        connect(edit, &QLineEdit::textChanged, this, &PostmarkPage::updateFieldHints);
    showValidatorState();
}

PostmarkPage::~PostmarkPage() = default;

bool PostmarkPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_ui->keyEdit && event->type() == QEvent::FocusOut)
        m_validator.commit(); // leaving the field
    else if (watched == m_ui->keyEdit && event->type() == QEvent::KeyPress)
        m_pasteKeyPressed = static_cast<QKeyEvent *>(event)->matches(QKeySequence::Paste);
    return QWidget::eventFilter(watched, event);
}

void PostmarkPage::setValues(const Values &values)
{
    m_ui->nameEdit->setText(values.name);
    m_ui->senderNameEdit->setText(values.senderName);
    m_ui->fromEdit->setText(values.fromAddress);
    m_ui->replyToEdit->setText(values.replyTo);
    m_ui->keyEdit->setText(values.token);
    m_validator.paste(values.token);
}

void PostmarkPage::offerDemoTokens(const QList<QPair<QString, QString>> &tokens)
{
    if (tokens.isEmpty())
        return;
    auto *row = new QWidget(this);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    for (const auto &[label, token] : tokens) {
        auto *button = new QPushButton(tr("Paste the demo %1").arg(label), row);
        button->setAutoDefault(false);
        button->setObjectName(QStringLiteral("demoTokenButton"));
        connect(button, &QPushButton::clicked, this, [this, token = token] {
            m_ui->keyEdit->setText(token);
            m_validator.paste(token);
        });
        layout->addWidget(button);
    }
    layout->addStretch();
    m_ui->formLayout->insertRow(3, tr("Demo:"), row); // under the key and its status
}

void PostmarkPage::setName(const QString &name)
{
    m_ui->nameEdit->setText(name);
}

void PostmarkPage::focusKey()
{
    m_ui->keyEdit->setFocus();
}

PostmarkPage::Values PostmarkPage::values() const
{
    return {m_ui->nameEdit->text().trimmed(), m_validator.token(),
            m_ui->senderNameEdit->text().trimmed(), m_ui->fromEdit->text().trimmed(),
            m_ui->replyToEdit->text().trimmed()};
}

const Postmark::ServerInfo &PostmarkPage::server() const
{
    return m_validator.result().server;
}

bool PostmarkPage::fieldsValid(QString *hint) const
{
    const Values v = values();
    QString problem;
    if (!v.fromAddress.isEmpty() && !EmailAddress::isValid(v.fromAddress))
        problem = tr("The From address is not a valid email address (like news@yourbrand.com).");
    else if (!v.replyTo.isEmpty() && !EmailAddress::isValid(v.replyTo))
        problem = tr("The Reply-To address is not a valid email address; leave it empty if "
                     "replies should go to the From address.");
    if (hint)
        *hint = problem;
    return problem.isEmpty() && !v.name.isEmpty() && EmailAddress::isValid(v.fromAddress);
}

bool PostmarkPage::isComplete() const
{
    return m_validator.isUsable() && fieldsValid();
}

void PostmarkPage::updateFieldHints()
{
    QString hint;
    fieldsValid(&hint);
    m_ui->fieldHintLabel->setText(hint);
    m_ui->fieldHintLabel->setVisible(!hint.isEmpty());
    const bool complete = isComplete();
    if (complete != m_wasComplete) {
        m_wasComplete = complete;
        emit completeChanged();
    }
}

void PostmarkPage::showStatus(const QString &text, const QIcon &icon, bool busy)
{
    m_ui->keyBusyBar->setVisible(busy);
    m_ui->statusIcon->setVisible(!icon.isNull());
    m_ui->statusIcon->setPixmap(icon.isNull() ? QPixmap() : icon.pixmap(16, 16));
    m_ui->statusLabel->setText(text);
    m_ui->retryButton->setVisible(m_validator.state() == State::Failed);
}

void PostmarkPage::showValidatorState()
{
    QStyle *s = style();
    const QIcon error = s->standardIcon(QStyle::SP_MessageBoxCritical);
    const QIcon warning = s->standardIcon(QStyle::SP_MessageBoxWarning);
    const QIcon ok = s->standardIcon(QStyle::SP_DialogApplyButton);
    const Postmark::ServerInfo &server = m_validator.result().server;

    switch (m_validator.state()) {
    case State::Empty:
    case State::Typing:
    case State::Pending:
        showStatus(QString(), QIcon());
        break;
    case State::Malformed:
        showStatus(tr("That doesn't look like a Postmark API token. A Server API token looks "
                      "like 1a2b3c4d-…-…; copy it again from Postmark (your server → API "
                      "Tokens)."),
                   error);
        break;
    case State::Checking:
        showStatus(tr("Checking key…"), QIcon(), true);
        break;
    case State::ServerToken:
        if (server.isSandboxDelivery())
            showStatus(tr("Connected to Postmark server ‘%1’ (ID %2). Warning: this server is in "
                          "Sandbox mode, so Postmark accepts emails but never delivers them. "
                          "Switch it to Live in Postmark before real emails go out.")
                           .arg(server.name)
                           .arg(server.id),
                       warning);
        else
            showStatus(
                tr("Connected to Postmark server ‘%1’ (ID %2).").arg(server.name).arg(server.id),
                ok);
        break;
    case State::AccountToken:
        showStatus(tr("This is an Account API token, which manages your whole Postmark account. "
                      "Paste a Server API token instead: in Postmark, open the server to send "
                      "through, go to its API Tokens tab and copy the Server API token."),
                   error);
        break;
    case State::TestToken:
        showStatus(tr("This is Postmark's test token: it accepts messages but delivers nothing "
                      "and belongs to no server, so no gateway can be created with it. Paste "
                      "your server's own Server API token."),
                   error);
        break;
    case State::InvalidToken:
        showStatus(tr("Postmark does not recognise this token. It may have been regenerated or "
                      "deleted: copy the current Server API token from Postmark (your server → "
                      "API Tokens). If it works in Postmark but not here, contact the "
                      "platform's support."),
                   error);
        break;
    case State::Failed:
        showStatus(m_validator.error().message(), error);
        break;
    }
    updateFieldHints();
}
