// The "Message streams" table: one row per email category, the Postmark stream it is sent
// through (editable), that stream's type, and whether the pair is allowed (StreamMapping's rules).
#pragma once

#include "streammapping.h"

#include <QAbstractTableModel>

class StreamMappingModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        CategoryColumn,
        ExamplesColumn,
        StreamColumn,
        TypeColumn,
        StatusColumn,
        ColumnCount
    };
    enum Roles : int {
        StatusRole = Qt::UserRole + 1, // int(StreamMapping::MappingStatus)
        CategoryIdRole,                // QString
        StreamChoicesRole,             // QStringList: the stream IDs the category may use
        StreamChoiceLabelsRole,        // QStringList: "Name (id)", matching StreamChoicesRole
    };
    Q_ENUM(Column)
    Q_ENUM(Roles)

    explicit StreamMappingModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QHash<int, QByteArray> roleNames() const override;

    // The server's streams; the mapping is kept and every status is judged again.
    void setStreams(const QList<Postmark::MessageStream> &streams);
    QList<Postmark::MessageStream> streams() const { return m_streams; }
    void setMapping(const StreamMapping::Mapping &mapping);
    StreamMapping::Mapping mapping() const { return m_mapping; }
    void resetToRecommended();

    StreamMapping::MappingStatus status(int row) const;
    bool isComplete() const;
    int problemCount() const;

signals:
    void mappingChanged();

private:
    const EmailCategory *categoryAt(int row) const;
    void emitAllChanged();

    QList<Postmark::MessageStream> m_streams;
    StreamMapping::Mapping m_mapping;
};
