// The "Message streams" table model: one row per email category, an editable stream per row, and
// a status that follows the mapping rules. Every test runs under QAbstractItemModelTester.
#include "streammappingmodel.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using Postmark::MessageStream;
using Postmark::StreamType;
using StreamMapping::MappingStatus;
using M = StreamMappingModel;

namespace {

MessageStream stream(const QString &id, StreamType type, const QString &name = {},
                     bool archived = false)
{
    MessageStream s;
    s.id = id;
    s.name = name;
    s.type = type;
    if (archived)
        s.archivedAt = QDateTime(QDate(2024, 1, 2), QTime(3, 4), Qt::UTC);
    return s;
}

QList<MessageStream> freshServer()
{
    return {stream("outbound", StreamType::Transactional, "Default Transactional Stream"),
            stream("inbound", StreamType::Inbound, "Default Inbound Stream"),
            stream("broadcast", StreamType::Broadcasts, "Broadcasts")};
}

int rowOf(const char *categoryId)
{
    const QList<EmailCategory> &all = EmailCategory::all();
    for (int row = 0; row < all.size(); ++row) {
        if (all.at(row).id == QLatin1String(categoryId))
            return row;
    }
    qFatal("no category %s", categoryId);
    return -1;
}

} // namespace

class TestStreamMappingModel : public QObject
{
    Q_OBJECT

    std::unique_ptr<StreamMappingModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    QVariant at(const char *category, int column, int role = Qt::DisplayRole) const
    {
        return m_model->index(rowOf(category), column).data(role);
    }
    MappingStatus statusOf(const char *category) const
    {
        return MappingStatus(at(category, M::StatusColumn, M::StatusRole).toInt());
    }

private slots:
    void init()
    {
        m_model = std::make_unique<StreamMappingModel>();
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }
    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
    }

    void shape()
    {
        QCOMPARE(m_model->rowCount(), 7);
        QCOMPARE(m_model->columnCount(), int(M::ColumnCount));
        QCOMPARE(m_model->columnCount(), 5);
        QCOMPARE(m_model->rowCount(m_model->index(0, 0)), 0);
        QCOMPARE(m_model->columnCount(m_model->index(0, 0)), 0);
        for (int row = 0; row < 7; ++row)
            QCOMPARE(m_model->index(row, 0).data(M::CategoryIdRole).toString(),
                     EmailCategory::all().at(row).id);
    }

    void headers()
    {
        const auto header = [this](int section) {
            return m_model->headerData(section, Qt::Horizontal).toString();
        };
        QCOMPARE(header(M::CategoryColumn), QStringLiteral("Email type"));
        QCOMPARE(header(M::ExamplesColumn), QStringLiteral("Examples"));
        QCOMPARE(header(M::StreamColumn), QStringLiteral("Message stream"));
        QCOMPARE(header(M::TypeColumn), QStringLiteral("Stream type"));
        QCOMPARE(header(M::StatusColumn), QStringLiteral("Status"));
        QVERIFY(!m_model->headerData(M::StatusColumn + 1, Qt::Horizontal).isValid());
    }

    void emptyModelIsUnmapped()
    {
        QVERIFY(!m_model->isComplete());
        QCOMPARE(m_model->problemCount(), 7);
        QCOMPARE(at("purchases", M::StreamColumn).toString(), QStringLiteral("— not mapped —"));
        QCOMPARE(at("purchases", M::StatusColumn).toString(), QStringLiteral("Not mapped"));
        QCOMPARE(statusOf("purchases"), MappingStatus::Unmapped);
        QVERIFY(
            at("purchases", M::StreamChoicesRole, M::StreamChoicesRole).toStringList().isEmpty());
    }

    void dataPerRole()
    {
        m_model->setStreams(freshServer());
        m_model->resetToRecommended();
        QVERIFY(m_model->isComplete());
        QCOMPARE(m_model->problemCount(), 0);

        QCOMPARE(at("purchases", M::CategoryColumn).toString(),
                 QStringLiteral("Purchases & receipts"));
        QCOMPARE(at("purchases", M::ExamplesColumn).toString(),
                 QStringLiteral("receipts, invoices, subscription and failed-payment notices"));
        QCOMPARE(at("purchases", M::StreamColumn).toString(),
                 QStringLiteral("Default Transactional Stream (outbound)"));
        QCOMPARE(at("purchases", M::StreamColumn, Qt::EditRole).toString(),
                 QStringLiteral("outbound"));
        QCOMPARE(at("purchases", M::TypeColumn).toString(), QStringLiteral("Transactional"));
        QCOMPARE(at("purchases", M::StatusColumn).toString(), QStringLiteral("Ready"));
        QCOMPARE(at("purchases", M::StatusColumn, Qt::ToolTipRole).toString(),
                 QStringLiteral("Ready"));
        QCOMPARE(at("purchases", M::StatusColumn, Qt::ForegroundRole).value<QColor>(),
                 QColor(Qt::darkGreen));
        QCOMPARE(statusOf("purchases"), MappingStatus::Ok);
        QCOMPARE(at("purchases", M::TypeColumn, M::CategoryIdRole).toString(),
                 QStringLiteral("purchases"));

        QCOMPARE(at("sequences", M::StreamColumn).toString(),
                 QStringLiteral("Broadcasts (broadcast)"));
        QCOMPARE(at("sequences", M::TypeColumn).toString(), QStringLiteral("Broadcasts"));
        QVERIFY(!at("sequences", M::StreamColumn, M::StreamChoicesRole).toStringList().isEmpty());

        // A stream that is not on the server: its raw ID, no type, and why.
        m_model->setMapping({{"purchases", "purchases"}});
        QCOMPARE(at("purchases", M::StreamColumn).toString(), QStringLiteral("purchases"));
        QCOMPARE(at("purchases", M::TypeColumn).toString(), QString());
        QCOMPARE(at("purchases", M::StatusColumn).toString(), QStringLiteral("Not on server"));
        QVERIFY(at("purchases", M::StatusColumn, Qt::ToolTipRole).toString().contains("1235"));
        QCOMPARE(at("purchases", M::StreamColumn, Qt::ToolTipRole),
                 at("purchases", M::StatusColumn, Qt::ToolTipRole));
        QCOMPARE(at("purchases", M::StatusColumn, Qt::ForegroundRole).value<QColor>(),
                 QColor(Qt::darkRed));
        QCOMPARE(statusOf("memberships"), MappingStatus::Unmapped);

        m_model->setMapping({{"purchases", "inbound"}});
        QCOMPARE(at("purchases", M::StatusColumn).toString(), QStringLiteral("Inbound stream"));
        QCOMPARE(at("purchases", M::TypeColumn).toString(), QStringLiteral("Inbound"));
    }

    void setDataChangesMapping()
    {
        m_model->setStreams(freshServer());
        m_model->resetToRecommended();
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        QSignalSpy mappingChanged(m_model.get(), &StreamMappingModel::mappingChanged);

        const int row = rowOf("notifications");
        const QModelIndex cell = m_model->index(row, M::StreamColumn);
        QVERIFY(m_model->setData(cell, QStringLiteral("broadcast")));
        QCOMPARE(m_model->mapping().value("notifications"), QStringLiteral("broadcast"));
        QCOMPARE(mappingChanged.count(), 1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex(), m_model->index(row, 0));
        QCOMPARE(changed.first().at(1).toModelIndex(), m_model->index(row, M::ColumnCount - 1));

        // The same value again: accepted, nothing emitted.
        QVERIFY(m_model->setData(cell, QStringLiteral("broadcast")));
        QCOMPARE(mappingChanged.count(), 1);
        QCOMPARE(changed.count(), 1);

        // Other columns, roles and rows are refused.
        QVERIFY(!m_model->setData(m_model->index(row, M::CategoryColumn), QStringLiteral("x")));
        QVERIFY(!m_model->setData(m_model->index(row, M::StatusColumn), QStringLiteral("x")));
        QVERIFY(!m_model->setData(cell, QStringLiteral("outbound"), Qt::DisplayRole));
        QVERIFY(!m_model->setData(QModelIndex(), QStringLiteral("outbound")));
        QCOMPARE(mappingChanged.count(), 1);

        // Clearing it leaves the category unmapped.
        QVERIFY(m_model->setData(cell, QString()));
        QCOMPARE(mappingChanged.count(), 2);
        QCOMPARE(statusOf("notifications"), MappingStatus::Unmapped);
    }

    void wrongTypeIsMarkedAndFixed()
    {
        m_model->setStreams(freshServer());
        m_model->resetToRecommended();
        QSignalSpy mappingChanged(m_model.get(), &StreamMappingModel::mappingChanged);

        QVERIFY(m_model->setData(m_model->index(rowOf("purchases"), M::StreamColumn),
                                 QStringLiteral("broadcast")));
        QCOMPARE(statusOf("purchases"), MappingStatus::WrongType);
        QCOMPARE(at("purchases", M::StatusColumn).toString(), QStringLiteral("Wrong type"));
        QCOMPARE(at("purchases", M::TypeColumn).toString(), QStringLiteral("Broadcasts"));
        QVERIFY(at("purchases", M::StatusColumn, Qt::ToolTipRole)
                    .toString()
                    .startsWith(QStringLiteral("‘broadcast’ is a Broadcasts stream")));
        QCOMPARE(at("purchases", M::StatusColumn, Qt::ForegroundRole).value<QColor>(),
                 QColor(Qt::darkRed));
        QVERIFY(!m_model->isComplete());
        QCOMPARE(m_model->problemCount(), 1);

        m_model->resetToRecommended();
        QCOMPARE(mappingChanged.count(), 2);
        QCOMPARE(statusOf("purchases"), MappingStatus::Ok);
        QVERIFY(m_model->isComplete());

        // Already recommended: nothing changes.
        m_model->resetToRecommended();
        QCOMPARE(mappingChanged.count(), 2);
    }

    void setStreamsKeepsMapping()
    {
        QList<MessageStream> streams = freshServer();
        streams.append(stream("purchases", StreamType::Transactional, "Purchases & receipts"));
        m_model->setStreams(streams);
        m_model->resetToRecommended();
        QCOMPARE(m_model->mapping().value("purchases"), QStringLiteral("purchases"));
        QVERIFY(m_model->isComplete());

        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        QSignalSpy mappingChanged(m_model.get(), &StreamMappingModel::mappingChanged);
        streams.last().archivedAt = QDateTime::currentDateTimeUtc();
        m_model->setStreams(streams);
        QVERIFY(changed.count() >= 1);
        QCOMPARE(mappingChanged.count(), 0);
        QCOMPARE(m_model->streams().size(), 4);
        QCOMPARE(m_model->mapping().value("purchases"), QStringLiteral("purchases"));
        QCOMPARE(statusOf("purchases"), MappingStatus::Archived);
        QCOMPARE(at("purchases", M::StatusColumn).toString(), QStringLiteral("Archived"));
        QVERIFY(!m_model->isComplete());

        // Gone from the server altogether.
        m_model->setStreams(freshServer());
        QCOMPARE(statusOf("purchases"), MappingStatus::Missing);
    }

    void streamChoices()
    {
        QList<MessageStream> streams = freshServer();
        streams.append(stream("purchases", StreamType::Transactional, "Purchases & receipts"));
        streams.append(stream("old", StreamType::Transactional, "Old", true));
        streams.append(stream("news", StreamType::Broadcasts, "News"));
        streams.append(stream("oldnews", StreamType::Broadcasts, "Old news", true));
        m_model->setStreams(streams);

        QCOMPARE(at("purchases", M::StreamColumn, M::StreamChoicesRole).toStringList(),
                 (QStringList{"purchases", "outbound"}));
        QCOMPARE(at("purchases", M::StreamColumn, M::StreamChoiceLabelsRole).toStringList(),
                 (QStringList{"Purchases & receipts (purchases)",
                              "Default Transactional Stream (outbound)"}));
        QCOMPARE(at("memberships", M::StreamColumn, M::StreamChoicesRole).toStringList(),
                 (QStringList{"outbound", "purchases"}));
        QCOMPARE(at("sequences", M::StreamColumn, M::StreamChoicesRole).toStringList(),
                 (QStringList{"broadcast", "news"}));
        QCOMPARE(at("broadcasts", M::StreamColumn, M::StreamChoiceLabelsRole).toStringList(),
                 (QStringList{"Broadcasts (broadcast)", "News (news)"}));
    }

    void flags()
    {
        for (int column = 0; column < M::ColumnCount; ++column) {
            const Qt::ItemFlags f = m_model->flags(m_model->index(0, column));
            QVERIFY(f.testFlag(Qt::ItemIsEnabled));
            QVERIFY(f.testFlag(Qt::ItemIsSelectable));
            QCOMPARE(f.testFlag(Qt::ItemIsEditable), column == M::StreamColumn);
        }
    }
};

QTEST_GUILESS_MAIN(TestStreamMappingModel)
#include "tst_streammappingmodel.moc"
