#include "streamspage.h"
#include "ui_streamspage.h"

#include "emailcategory.h"
#include "streamcombodelegate.h"

#include <QHeaderView>

using namespace Postmark;

static const QString purpose = QStringLiteral("streams-page");

StreamsPage::StreamsPage(Client *client, QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::StreamsPage>()), m_client(client)
{
    m_ui->setupUi(this);
    m_ui->streamsBusyBar->hide();
    m_ui->table->setModel(&m_model);
    m_ui->table->setItemDelegateForColumn(StreamMappingModel::StreamColumn,
                                          new StreamComboDelegate(m_ui->table));
    QHeaderView *header = m_ui->table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(StreamMappingModel::ExamplesColumn, QHeaderView::Stretch);
    header->setStretchLastSection(false);
    m_ui->table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    connect(&m_model, &QAbstractItemModel::modelReset, this, &StreamsPage::openEditors);
    openEditors();

    connect(&m_model, &StreamMappingModel::mappingChanged, this, &StreamsPage::updateStatus);
    connect(m_ui->resetButton, &QPushButton::clicked, this, [this] {
        m_resultText.clear();
        m_model.resetToRecommended();
        updateStatus();
    });
    connect(m_ui->refreshButton, &QPushButton::clicked, this, [this] { refresh(); });
    connect(m_ui->createStreamsButton, &QPushButton::clicked, this,
            &StreamsPage::createRecommended);
    updateStatus();
}

StreamsPage::~StreamsPage() = default;

void StreamsPage::openEditors()
{
    // Every stream cell shows its combo box, so the choice is visible and one click away. The
    // editors are made anew because the choices depend on the server's streams.
    for (int row = 0; row < m_model.rowCount(); ++row) {
        const QModelIndex index = m_model.index(row, StreamMappingModel::StreamColumn);
        m_ui->table->closePersistentEditor(index);
        m_ui->table->openPersistentEditor(index);
    }
}

StreamMapping::Mapping StreamsPage::mapping() const
{
    return m_model.mapping();
}

QList<MessageStream> StreamsPage::streams() const
{
    return m_model.streams();
}

bool StreamsPage::isComplete() const
{
    return m_loaded && !m_busy && m_model.isComplete();
}

void StreamsPage::load(const QString &token, const StreamMapping::Mapping &mapping)
{
    ++m_generation;
    m_token = token;
    m_pendingMapping = mapping;
    m_loaded = false;
    m_resultText.clear();
    refresh();
}

void StreamsPage::setBusy(bool busy, const QString &text)
{
    m_busy = busy;
    m_ui->streamsBusyBar->setVisible(busy);
    if (busy)
        m_ui->streamsStatusLabel->setText(text);
    updateStatus();
}

void StreamsPage::refresh(const QString &resultText, const QStringList &created)
{
    setBusy(true, tr("Reading the server's message streams…"));
    m_client->listStreams(
        m_token, true, this,
        [this, resultText, created](const Result<QList<MessageStream>> &r) {
            if (r.error.isSuperseded())
                return;
            if (!r.ok()) {
                m_resultText = tr("The message streams could not be read. %1 Then press "
                                  "Refresh.")
                                   .arg(r.error.message());
                setBusy(false);
                return;
            }
            m_model.setStreams(r.value);
            openEditors();
            if (!m_loaded && !m_pendingMapping.isEmpty()) {
                m_model.setMapping(m_pendingMapping);
            } else if (!m_loaded) {
                m_model.resetToRecommended();
            } else if (!created.isEmpty()) {
                // Move the email types whose recommended stream was just created to it; the
                // others keep what the user chose.
                StreamMapping::Mapping mapping = m_model.mapping();
                const StreamMapping::Mapping recommended = StreamMapping::recommended(r.value);
                for (auto it = recommended.cbegin(); it != recommended.cend(); ++it) {
                    if (created.contains(it.value()))
                        mapping.insert(it.key(), it.value());
                }
                m_model.setMapping(mapping);
            }
            m_loaded = true;
            m_resultText = resultText;
            setBusy(false);
        },
        purpose);
}

void StreamsPage::createRecommended()
{
    const StreamMapping::Plan plan = StreamMapping::planRecommendedStreams(streams());
    QStringList fallbacks = plan.fallbackCategories;
    if (plan.toCreate.isEmpty()) {
        m_model.resetToRecommended();
        m_resultText = tr("No stream needs to be created: each email type is mapped to its "
                          "recommended stream.");
        updateStatus();
        return;
    }
    setBusy(true, tr("Creating message streams in Postmark…"));
    createNext(plan.toCreate, {}, fallbacks, m_generation);
}

void StreamsPage::createNext(QList<NewMessageStream> queue, QStringList created,
                             QStringList fallbacks, int generation)
{
    if (generation != m_generation)
        return; // load() was called for another gateway or key meanwhile
    if (queue.isEmpty()) {
        QString text = created.isEmpty() ? tr("No stream was created.")
                                         : tr("Created %n stream(s): %1.", nullptr, created.size())
                                               .arg(created.join(QStringLiteral(", ")));
        QStringList names;
        for (const QString &id : std::as_const(fallbacks)) {
            if (const EmailCategory *c = EmailCategory::find(id))
                names.append(c->name);
        }
        if (!names.isEmpty())
            text += QLatin1Char(' ')
                + tr("%1 use the server's default streams: there is no room for more "
                     "streams (Postmark allows 10 per server) or the recommended ID is "
                     "taken by a stream that cannot be used for it.")
                      .arg(names.join(QStringLiteral(", ")));
        refresh(text, created);
        return;
    }
    const NewMessageStream next = queue.takeFirst();
    m_client->createStream(
        m_token, next, this,
        [this, queue, created, fallbacks, next,
         generation](const Result<MessageStream> &r) mutable {
            if (r.error.isSuperseded() || generation != m_generation)
                return;
            if (r.ok() || r.error.apiCode == 1230) { // 1230: it exists already, fine
                created.append(next.id);
            } else if (r.error.apiCode == 1225) { // the limit: the rest fall back
                for (const EmailCategory &c : EmailCategory::all()) {
                    for (const NewMessageStream &s : std::as_const(queue) + QList{next}) {
                        if (c.dedicatedStreamId == s.id)
                            fallbacks.append(c.id);
                    }
                }
                queue.clear();
            } else {
                refresh(tr("Creating stream ‘%1’ failed: %2").arg(next.id, r.error.message()),
                        created);
                return;
            }
            createNext(queue, created, fallbacks, generation);
        });
}

void StreamsPage::updateStatus()
{
    const bool ready = m_loaded && !m_busy;
    m_ui->table->setEnabled(ready);
    m_ui->resetButton->setEnabled(ready);
    m_ui->refreshButton->setEnabled(!m_busy && !m_token.isEmpty());
    m_ui->createStreamsButton->setEnabled(
        ready && !StreamMapping::planRecommendedStreams(streams()).toCreate.isEmpty());
    if (!m_busy) {
        QString text;
        if (m_loaded) {
            const int problems = m_model.problemCount();
            text = problems == 0
                ? tr("Every email type goes through a stream of the right type.")
                : tr("%n email type(s) need attention: pick a stream of the right type for "
                     "the marked rows, or press Reset to recommended.",
                     nullptr, problems);
        }
        if (!m_resultText.isEmpty())
            text = text.isEmpty() ? m_resultText : m_resultText + QLatin1Char('\n') + text;
        m_ui->streamsStatusLabel->setText(text);
    }
    emit completeChanged();
}
