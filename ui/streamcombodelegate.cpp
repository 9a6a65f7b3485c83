#include "streamcombodelegate.h"

#include "streammappingmodel.h"

#include <QComboBox>

QWidget *StreamComboDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &,
                                           const QModelIndex &index) const
{
    auto *combo = new QComboBox(parent);
    combo->setAccessibleName(tr("Message stream"));
    const QStringList ids = index.data(StreamMappingModel::StreamChoicesRole).toStringList();
    const QStringList labels =
        index.data(StreamMappingModel::StreamChoiceLabelsRole).toStringList();
    for (int i = 0; i < ids.size(); ++i)
        combo->addItem(labels.value(i, ids.at(i)), ids.at(i));
    if (ids.isEmpty())
        combo->addItem(tr("No stream of the right type on this server"), QString());
    // A choice takes effect at once, as a user expects from a combo box in a table.
    connect(combo, &QComboBox::activated, this, [this, combo] {
        auto *self = const_cast<StreamComboDelegate *>(this);
        emit self->commitData(combo);
        emit self->closeEditor(combo);
    });
    return combo;
}

static const int PlaceholderRole = Qt::UserRole + 1;

void StreamComboDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    auto *combo = static_cast<QComboBox *>(editor);
    if (combo->count() > 0 && combo->itemData(0, PlaceholderRole).toBool())
        combo->removeItem(0);
    const QString current = index.data(Qt::EditRole).toString();
    int i = combo->findData(current);
    if (i < 0) {
        // The mapped stream is not a valid choice (missing, archived, wrong type): show it as it
        // is rather than pretending another stream is selected.
        combo->insertItem(0,
                          current.isEmpty() ? tr("— choose a stream —")
                                            : tr("‘%1’ (cannot be used)").arg(current),
                          QString());
        combo->setItemData(0, true, PlaceholderRole);
        i = 0;
    }
    combo->setCurrentIndex(i);
}

void StreamComboDelegate::setModelData(QWidget *editor, QAbstractItemModel *model,
                                       const QModelIndex &index) const
{
    auto *combo = static_cast<QComboBox *>(editor);
    const QString id = combo->currentData().toString();
    if (!id.isEmpty())
        model->setData(index, id, Qt::EditRole);
}
