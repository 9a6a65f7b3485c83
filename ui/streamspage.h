// The Message streams step: which Postmark stream each email category is sent through, checked
// against the server's real streams, with "Create recommended streams" and "Reset to recommended".
#pragma once

#include "postmarkclient.h"
#include "streammapping.h"
#include "streammappingmodel.h"

#include <QWidget>

#include <memory>

namespace Ui {
class StreamsPage;
}

class StreamsPage : public QWidget
{
    Q_OBJECT
public:
    explicit StreamsPage(Postmark::Client *client, QWidget *parent = nullptr);
    ~StreamsPage() override;

    // Reads the server's streams; opens on `mapping`, or on the recommended one when it is empty.
    void load(const QString &token, const StreamMapping::Mapping &mapping);
    StreamMapping::Mapping mapping() const;
    QList<Postmark::MessageStream> streams() const;
    StreamMappingModel *model() { return &m_model; }
    bool isLoaded() const { return m_loaded; }
    bool isBusy() const { return m_busy; }
    bool isComplete() const;

signals:
    void completeChanged();

private:
    void openEditors();
    void refresh(const QString &resultText = {}, const QStringList &created = {});
    void createRecommended();
    void createNext(QList<Postmark::NewMessageStream> queue, QStringList created,
                    QStringList fallbacks, int generation);
    void setBusy(bool busy, const QString &text = {});
    void updateStatus();

    std::unique_ptr<Ui::StreamsPage> m_ui;
    Postmark::Client *m_client;
    StreamMappingModel m_model;
    QString m_token;
    StreamMapping::Mapping m_pendingMapping;
    bool m_loaded = false;
    bool m_busy = false;
    int m_generation = 0; // bumped by load(): work for an earlier gateway or key is dropped
    QString m_resultText;
};
