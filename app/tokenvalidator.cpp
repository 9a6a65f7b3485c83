#include "tokenvalidator.h"

#include "apitoken.h"

using namespace Postmark;

static const QString purpose = QStringLiteral("token-validator");

TokenValidator::TokenValidator(Client *client, QObject *parent) : QObject(parent), m_client(client)
{
    m_pause.setSingleShot(true);
    m_pause.setInterval(500);
    connect(&m_pause, &QTimer::timeout, this, [this] {
        if (m_state == State::Typing)
            setState(State::Malformed);
        else if (m_state == State::Pending)
            checkNow(false);
    });
}

void TokenValidator::setPauseInterval(int milliseconds)
{
    m_pause.setInterval(milliseconds);
}

int TokenValidator::pauseInterval() const
{
    return m_pause.interval();
}

void TokenValidator::setText(const QString &text)
{
    const QString token = ApiToken::normalized(text);
    if (token == m_token && m_state != State::Empty)
        return;
    m_token = token;
    ++m_generation; // whatever is in flight no longer applies
    m_client->abort(purpose);
    m_result = {};
    m_error = {};
    m_pause.stop();
    if (m_token.isEmpty()) {
        setState(State::Empty);
        return;
    }
    if (m_answers.contains(m_token)) {
        apply(m_answers.value(m_token));
        return;
    }
    setState(ApiToken::isWellFormed(m_token) ? State::Pending : State::Typing);
    m_pause.start();
}

void TokenValidator::paste(const QString &text)
{
    setText(text);
    commit();
}

void TokenValidator::commit()
{
    m_pause.stop();
    if (m_state == State::Typing)
        setState(State::Malformed);
    else if (m_state == State::Pending)
        checkNow(false);
}

void TokenValidator::retry()
{
    if (!m_token.isEmpty() && ApiToken::isWellFormed(m_token))
        checkNow(true);
}

void TokenValidator::checkNow(bool force)
{
    m_pause.stop();
    if (!force && m_answers.contains(m_token)) {
        apply(m_answers.value(m_token));
        return;
    }
    const quint64 generation = ++m_generation;
    const QString token = m_token;
    setState(State::Checking);
    m_client->validateToken(
        token, this,
        [this, generation, token](const Result<TokenCheck> &r) {
            if (r.error.isSuperseded() || generation != m_generation || token != m_token)
                return;             // a stale answer never changes the state
            if (!r.error.isError()) // a network failure may be gone next time
                m_answers.insert(token, r);
            apply(r);
        },
        purpose);
}

void TokenValidator::apply(const Result<TokenCheck> &r)
{
    m_result = r.value;
    m_error = r.error;
    if (r.error.isError()) {
        setState(State::Failed);
        return;
    }
    switch (r.value.kind) {
    case TokenKind::Server:
        setState(State::ServerToken);
        break;
    case TokenKind::Account:
        setState(State::AccountToken);
        break;
    case TokenKind::Test:
        setState(State::TestToken);
        break;
    case TokenKind::Invalid:
        setState(ApiToken::isWellFormed(m_token) ? State::InvalidToken : State::Malformed);
        break;
    }
}

void TokenValidator::setState(State state)
{
    // Emitted even when the state is the same: the result (another server) may have changed.
    m_state = state;
    emit stateChanged(state);
}
