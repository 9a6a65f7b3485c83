// The heart of the key field: decides when a pasted or typed API token is checked over the
// network, and whether the answer still applies. Widgets feed it the field's text and events and
// show its state; it never touches a widget.
//
// - The local format check runs on every change and costs no request.
// - "That doesn't look like a token" is reported only after a pause in typing or on commit().
// - The network check runs at once on paste, on commit() (Enter, leaving the field), or after a
//   pause once the format is valid. An edit aborts the check in flight; a stale answer is ignored.
// - The same token text is not checked twice in a session, unless retry() asks for it (answers
//   that could not be had, network failures, are not kept).
#pragma once

#include "postmarkclient.h"

#include <QHash>
#include <QObject>
#include <QTimer>

class TokenValidator : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Empty,
        Typing,    // not a well-formed token yet; the user may still be typing
        Malformed, // not a well-formed token, and the user paused or left the field
        Pending,   // well-formed; the network check starts after the pause
        Checking,
        ServerToken,
        AccountToken,
        TestToken,
        InvalidToken,
        Failed, // the check could not be made: see error()
    };
    Q_ENUM(State)

    explicit TokenValidator(Postmark::Client *client, QObject *parent = nullptr);

    void setPauseInterval(int milliseconds); // default 500
    int pauseInterval() const;

    void setText(const QString &text); // every edit
    void paste(const QString &text);   // the whole field's text after a paste: checks at once
    void commit();                     // Enter pressed or the field left: checks at once
    void retry();                      // checks again even if this text was checked before

    QString token() const { return m_token; } // the normalised current text
    State state() const { return m_state; }
    const Postmark::TokenCheck &result() const { return m_result; } // for the current token
    const Postmark::Error &error() const { return m_error; }        // for State::Failed
    bool isUsable() const { return m_state == State::ServerToken; }

signals:
    void stateChanged(TokenValidator::State state);

private:
    void checkNow(bool force);
    void apply(const Postmark::Result<Postmark::TokenCheck> &result);
    void setState(State state);

    Postmark::Client *m_client;
    QTimer m_pause;
    QString m_token;
    State m_state = State::Empty;
    Postmark::TokenCheck m_result;
    Postmark::Error m_error;
    quint64 m_generation = 0;
    QHash<QString, Postmark::Result<Postmark::TokenCheck>> m_answers; // this session's answers
};
