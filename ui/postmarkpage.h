// The Postmark tab of the Email gateway dialog: the how-to, the integration's name, the API key
// with its live validation, and the sender. Complete when the key is a validated server token and
// the required fields are valid.
#pragma once

#include "postmarktypes.h"
#include "tokenvalidator.h"

#include <QWidget>

#include <memory>

namespace Ui {
class PostmarkPage;
}

class PostmarkPage : public QWidget
{
    Q_OBJECT
public:
    struct Values
    {
        QString name;
        QString token;
        QString senderName;
        QString fromAddress;
        QString replyTo;
    };

    explicit PostmarkPage(Postmark::Client *client, QWidget *parent = nullptr);
    ~PostmarkPage() override;

    void setValues(const Values &values); // for Edit: the key is checked again
    void setName(const QString &name);
    // Demo mode: one button per (label, token) that pastes it into the key field.
    void offerDemoTokens(const QList<QPair<QString, QString>> &tokens);
    void focusKey();
    Values values() const;
    bool isComplete() const;
    const Postmark::ServerInfo &server() const; // valid while isComplete()
    TokenValidator *validator() { return &m_validator; }

signals:
    void completeChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showValidatorState();
    void showStatus(const QString &text, const QIcon &icon, bool busy = false);
    void updateFieldHints();
    bool fieldsValid(QString *hint = nullptr) const;

    std::unique_ptr<Ui::PostmarkPage> m_ui;
    TokenValidator m_validator;
    bool m_wasComplete = false;
    bool m_pasteKeyPressed = false; // the edit that follows comes from the paste keys
};
