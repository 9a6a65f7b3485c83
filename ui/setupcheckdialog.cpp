#include "setupcheckdialog.h"
#include "ui_setupcheckdialog.h"

#include "secretvault.h"

#include <QClipboard>
#include <QFileDialog>
#include <QGuiApplication>
#include <QHeaderView>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>
#include <QStyle>

using Severity = Finding::Severity;

SetupCheckDialog::SetupCheckDialog(const AppServices &services, const GatewayConfig &config,
                                   const QString &token, QWidget *parent,
                                   const QString &tokenProblem)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SetupCheckDialog>())
    , m_services(services)
    , m_config(config)
    , m_token(token)
    , m_tokenProblem(tokenProblem)
    , m_check(services.client)
{
    m_ui->setupUi(this);
    setWindowTitle(tr("Check setup: %1").arg(config.name));
    m_ui->findingsList->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    // Rows grow to show every word of a finding, also when the dialog is resized.
    m_ui->findingsList->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->webhookUrlEdit->setText(config.webhookUrl);
    m_ui->splitter->setStretchFactor(0, 1);
    m_ui->splitter->setStretchFactor(1, 1);
    m_ui->fixStatusLabel->hide();

    connect(&m_check, &SetupCheck::finished, this, &SetupCheckDialog::showReport);
    connect(&m_check, &SetupCheck::fixFinished, this, [this](bool ok, const QString &summary) {
        m_ui->fixStatusLabel->setText(summary);
        m_ui->fixStatusLabel->setVisible(!summary.isEmpty());
        m_remapAfterCheck = m_remapAfterCheck && ok;
        runCheck();
    });
    connect(m_ui->runAgainButton, &QPushButton::clicked, this, &SetupCheckDialog::runCheck);
    connect(m_ui->closeButton, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_ui->copyButton, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(reportText(Format::Markdown));
        m_ui->fixStatusLabel->setText(tr("The report is on the clipboard, as Markdown."));
        m_ui->fixStatusLabel->show();
    });
    connect(m_ui->saveButton, &QPushButton::clicked, this, &SetupCheckDialog::openSaveDialog);
    connect(m_ui->createStreamsButton, &QPushButton::clicked, this, &SetupCheckDialog::fixStreams);
    connect(m_ui->webhooksButton, &QPushButton::clicked, this, &SetupCheckDialog::fixWebhooks);
    connect(m_ui->webhookUrlEdit, &QLineEdit::textChanged, this, [this](const QString &url) {
        const QUrl u(url.trimmed());
        m_ui->webhooksButton->setEnabled(
            !isRunning() && !m_check.isFixRunning() && u.isValid()
            && (u.scheme() == QLatin1String("https") || u.scheme() == QLatin1String("http"))
            && !u.host().isEmpty());
    });
    runCheck();
}

SetupCheckDialog::~SetupCheckDialog() = default;

const SetupReport &SetupCheckDialog::report() const
{
    return m_check.report();
}

bool SetupCheckDialog::isRunning() const
{
    return m_check.isRunning();
}

void SetupCheckDialog::setBusy(bool busy, const QString &text)
{
    m_ui->checkBusyBar->setVisible(busy);
    for (QWidget *w :
         {static_cast<QWidget *>(m_ui->runAgainButton), static_cast<QWidget *>(m_ui->copyButton),
          static_cast<QWidget *>(m_ui->saveButton),
          static_cast<QWidget *>(m_ui->createStreamsButton)})
        w->setEnabled(!busy);
    emit m_ui->webhookUrlEdit->textChanged(m_ui->webhookUrlEdit->text());
    if (busy) {
        m_ui->summaryLabel->setText(text);
        m_ui->summaryIcon->clear();
    }
}

void SetupCheckDialog::runCheck()
{
    SetupCheck::Input input;
    input.config = m_config;
    input.token = m_token;
    input.tokenProblem = m_tokenProblem;
    input.saved = !m_config.id.isEmpty();
    input.keychainBackend = m_services.secrets ? m_services.secrets->backendName() : QString();
    input.lastTestSends = m_services.settings->lastTestSends(m_config.id);
    input.webhookUrl = m_ui->webhookUrlEdit->text().trimmed();
    setBusy(true, tr("Checking the setup with Postmark…"));
    m_check.run(input);
    setBusy(true, tr("Checking the setup with Postmark…")); // run() may have reset the state
}

void SetupCheckDialog::showReport(const SetupReport &report)
{
    if (m_remapAfterCheck && report.serverChecked) {
        // Streams were just created: map each broken category to its recommended stream (the
        // others keep the user's choice), then check again so that what is shown is what is saved.
        m_remapAfterCheck = false;
        const StreamMapping::Mapping recommended = StreamMapping::recommended(report.streams);
        for (const CategoryCheck &c : report.categories) {
            if (c.status != StreamMapping::MappingStatus::Ok)
                m_config.mapping.insert(c.categoryId, recommended.value(c.categoryId));
        }
        QString error;
        if (!m_config.id.isEmpty() && !m_services.settings->save(m_config, &error)) {
            m_ui->fixStatusLabel->setText(tr("The new mapping could not be saved: %1").arg(error));
            m_ui->fixStatusLabel->show();
        } else {
            emit configChanged(m_config);
        }
        runCheck();
        return;
    }
    setBusy(false);
    int errors = 0;
    int warnings = 0;
    bool streamsFixable = false;
    bool webhooksFixable = false;
    m_ui->findingsList->setRowCount(0);
    QStyle *s = style();
    for (const Finding &f : report.findings) {
        const int row = m_ui->findingsList->rowCount();
        m_ui->findingsList->insertRow(row);
        auto *item = new QTableWidgetItem(f.message);
        item->setToolTip(QStringLiteral("%1 (%2)").arg(f.message, f.code));
        item->setData(Qt::UserRole, f.code);
        auto *next = new QTableWidgetItem(f.nextStep);
        next->setToolTip(f.nextStep);
        m_ui->findingsList->setItem(row, 0, item);
        m_ui->findingsList->setItem(row, 1, next);
        switch (f.severity) {
        case Severity::Error:
            ++errors;
            item->setIcon(s->standardIcon(QStyle::SP_MessageBoxCritical));
            break;
        case Severity::Warning:
            ++warnings;
            item->setIcon(s->standardIcon(QStyle::SP_MessageBoxWarning));
            break;
        case Severity::Info:
            item->setIcon(s->standardIcon(QStyle::SP_MessageBoxInformation));
            break;
        }
        if (f.fixable && f.fix == QLatin1String("set-up-webhooks"))
            webhooksFixable = true;
        else if (f.fixable && f.fix == QLatin1String("create-streams"))
            streamsFixable = true;
    }
    m_ui->createStreamsButton->setVisible(streamsFixable);
    for (QWidget *w : {static_cast<QWidget *>(m_ui->webhookUrlLabel),
                       static_cast<QWidget *>(m_ui->webhookUrlEdit),
                       static_cast<QWidget *>(m_ui->webhooksButton)})
        w->setVisible(webhooksFixable);

    QStyle::StandardPixmap icon = QStyle::SP_DialogApplyButton;
    QString summary;
    switch (report.result) {
    case SetupReport::Result::Ok:
        summary = tr("No problems found: every email type goes through a stream of the right "
                     "type.");
        break;
    case SetupReport::Result::Problems:
        icon = errors ? QStyle::SP_MessageBoxCritical : QStyle::SP_MessageBoxWarning;
        summary = tr("%n problem(s) found.", nullptr, errors + warnings) + QLatin1Char(' ')
            + tr("Each has its next step below; Copy report puts everything on the "
                 "clipboard for a support ticket.");
        break;
    case SetupReport::Result::Unchecked:
        icon = QStyle::SP_MessageBoxCritical;
        summary = tr("The setup could not be checked.");
        if (!report.findings.isEmpty())
            summary += QLatin1Char(' ') + report.findings.first().message;
        break;
    }
    m_ui->summaryIcon->setPixmap(s->standardIcon(icon).pixmap(32, 32));
    m_ui->summaryLabel->setText(summary);
    m_ui->detailsView->setMarkdown(SetupReportFormat::toMarkdown(report));
    emit checked(report);
}

QString SetupCheckDialog::reportText(Format format) const
{
    switch (format) {
    case Format::Text:
        return SetupReportFormat::toText(report());
    case Format::Markdown:
        return SetupReportFormat::toMarkdown(report());
    case Format::Json:
        return QString::fromUtf8(
            QJsonDocument(SetupReportFormat::toJson(report())).toJson(QJsonDocument::Indented));
    }
    return {};
}

SetupCheckDialog::Format SetupCheckDialog::formatForFile(const QString &fileName)
{
    if (fileName.endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
        return Format::Json;
    if (fileName.endsWith(QLatin1String(".txt"), Qt::CaseInsensitive))
        return Format::Text;
    return Format::Markdown;
}

bool SetupCheckDialog::saveReport(const QString &fileName, Format format, QString *error) const
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)
        || file.write(reportText(format).toUtf8()) < 0 || !file.commit()) {
        if (error)
            *error = tr("The report could not be saved to %1: %2. Choose another folder.")
                         .arg(fileName, file.errorString());
        return false;
    }
    return true;
}

void SetupCheckDialog::openSaveDialog()
{
    auto *dialog = new QFileDialog(this, tr("Save report"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setOption(QFileDialog::DontUseNativeDialog); // the same everywhere, and testable
    dialog->setNameFilters({tr("Markdown (*.md)"), tr("Text (*.txt)"), tr("JSON (*.json)")});
    const QString base = m_config.name.isEmpty() ? tr("setup-check") : m_config.name;
    dialog->setDirectory(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation));
    dialog->selectFile(tr("%1 setup check.md").arg(base));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::filterSelected, dialog, [dialog](const QString &filter) {
        const QString suffix =
            filter.section(QLatin1String("*."), 1).section(QLatin1Char(')'), 0, 0);
        dialog->setDefaultSuffix(suffix);
    });
    dialog->setDefaultSuffix(QStringLiteral("md"));
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &file) {
        QString error;
        const bool ok = saveReport(file, formatForFile(file), &error);
        m_ui->fixStatusLabel->setText(ok ? tr("Report saved to %1.").arg(file) : error);
        m_ui->fixStatusLabel->show();
    });
    m_saveDialog = dialog;
    dialog->open();
}

void SetupCheckDialog::fixStreams()
{
    m_remapAfterCheck = true;
    setBusy(true, tr("Creating the recommended streams in Postmark…"));
    m_check.createMissingStreams(m_token);
}

void SetupCheckDialog::fixWebhooks()
{
    const QString url = m_ui->webhookUrlEdit->text().trimmed();
    if (m_config.webhookUrl != url && !m_config.id.isEmpty()) {
        m_config.webhookUrl = url;
        QString error;
        if (m_services.settings->save(m_config, &error))
            emit configChanged(m_config);
        // else only the URL's default for next time is lost; the webhooks are still set up
    }
    setBusy(true, tr("Setting up webhooks in Postmark…"));
    m_check.setUpWebhooks(m_token, m_config.mapping, url);
}
