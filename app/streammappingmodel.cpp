#include "streammappingmodel.h"

#include <QColor>

using Postmark::MessageStream;
using StreamMapping::MappingStatus;

StreamMappingModel::StreamMappingModel(QObject *parent) : QAbstractTableModel(parent) { }

int StreamMappingModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(EmailCategory::all().size());
}

int StreamMappingModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const EmailCategory *StreamMappingModel::categoryAt(int row) const
{
    const QList<EmailCategory> &categories = EmailCategory::all();
    return row >= 0 && row < categories.size() ? &categories.at(row) : nullptr;
}

StreamMapping::MappingStatus StreamMappingModel::status(int row) const
{
    const EmailCategory *category = categoryAt(row);
    if (!category)
        return MappingStatus::Unmapped;
    return StreamMapping::check(*category, m_mapping.value(category->id), m_streams);
}

QVariant StreamMappingModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EmailCategory *category = categoryAt(index.row());
    if (!category)
        return {};
    const QString streamId = m_mapping.value(category->id);
    const MessageStream *stream = StreamMapping::findStream(streamId, m_streams);
    const MappingStatus status = StreamMapping::check(*category, streamId, m_streams);

    switch (role) {
    case StatusRole:
        return int(status);
    case CategoryIdRole:
        return category->id;
    case StreamChoicesRole:
    case StreamChoiceLabelsRole: {
        QStringList result;
        for (const MessageStream &s : StreamMapping::choices(*category, m_streams))
            result.append(role == StreamChoicesRole ? s.id : StreamMapping::streamLabel(s));
        return result;
    }
    default:
        break;
    }

    switch (index.column()) {
    case CategoryColumn:
        if (role == Qt::DisplayRole)
            return category->name;
        if (role == Qt::ToolTipRole)
            return category->examples;
        break;
    case ExamplesColumn:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return category->examples;
        break;
    case StreamColumn:
        if (role == Qt::DisplayRole) {
            if (stream)
                return StreamMapping::streamLabel(*stream);
            return streamId.isEmpty() ? tr("— not mapped —") : streamId;
        }
        if (role == Qt::EditRole)
            return streamId;
        if (role == Qt::ToolTipRole)
            return StreamMapping::statusText(status, *category, streamId, m_streams);
        break;
    case TypeColumn:
        if (role == Qt::DisplayRole && stream)
            return StreamMapping::streamTypeLabel(stream->type);
        break;
    case StatusColumn:
        if (role == Qt::DisplayRole)
            return StreamMapping::statusLabel(status);
        if (role == Qt::ToolTipRole)
            return StreamMapping::statusText(status, *category, streamId, m_streams);
        if (role == Qt::ForegroundRole)
            return status == MappingStatus::Ok ? QColor(Qt::darkGreen) : QColor(Qt::darkRed);
        break;
    default:
        break;
    }
    return {};
}

QVariant StreamMappingModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case CategoryColumn:
        return tr("Email type");
    case ExamplesColumn:
        return tr("Examples");
    case StreamColumn:
        return tr("Message stream");
    case TypeColumn:
        return tr("Stream type");
    case StatusColumn:
        return tr("Status");
    default:
        return {};
    }
}

Qt::ItemFlags StreamMappingModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == StreamColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

bool StreamMappingModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() != StreamColumn
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const EmailCategory *category = categoryAt(index.row());
    if (!category)
        return false;
    const QString streamId = value.toString().trimmed();
    if (m_mapping.value(category->id) == streamId)
        return true;
    if (streamId.isEmpty())
        m_mapping.remove(category->id);
    else
        m_mapping.insert(category->id, streamId);
    emit dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
    emit mappingChanged();
    return true;
}

QHash<int, QByteArray> StreamMappingModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(StatusRole, "status");
    names.insert(CategoryIdRole, "categoryId");
    names.insert(StreamChoicesRole, "streamChoices");
    names.insert(StreamChoiceLabelsRole, "streamChoiceLabels");
    return names;
}

void StreamMappingModel::emitAllChanged()
{
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void StreamMappingModel::setStreams(const QList<MessageStream> &streams)
{
    m_streams = streams;
    emitAllChanged();
}

void StreamMappingModel::setMapping(const StreamMapping::Mapping &mapping)
{
    if (mapping == m_mapping)
        return;
    m_mapping = mapping;
    emitAllChanged();
    emit mappingChanged();
}

void StreamMappingModel::resetToRecommended()
{
    setMapping(StreamMapping::recommended(m_streams));
}

bool StreamMappingModel::isComplete() const
{
    return StreamMapping::isComplete(m_mapping, m_streams);
}

int StreamMappingModel::problemCount() const
{
    return StreamMapping::problemCount(m_mapping, m_streams);
}
