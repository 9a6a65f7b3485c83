#include "emailcategory.h"

using Postmark::StreamType;

namespace {

EmailCategory category(const QString &id, const QString &name, const QString &examples,
                       StreamType type, bool dedicated)
{
    EmailCategory c;
    c.id = id;
    c.name = name;
    c.examples = examples;
    c.type = type;
    if (dedicated) {
        c.dedicatedStreamId = id;
        c.dedicatedStreamName = name;
    }
    return c;
}

} // namespace

const QList<EmailCategory> &EmailCategory::all()
{
    static const QList<EmailCategory> categories{
        category(QStringLiteral("purchases"), tr("Purchases & receipts"),
                 tr("receipts, invoices, subscription and failed-payment notices"),
                 StreamType::Transactional, true),
        category(QStringLiteral("memberships"), tr("Memberships & logins"),
                 tr("access details, password resets"), StreamType::Transactional, true),
        category(QStringLiteral("optins"), tr("Opt-in confirmations"),
                 tr("double opt-in, form confirmations"), StreamType::Transactional, true),
        category(QStringLiteral("helpdesk"), tr("Helpdesk & calendar"),
                 tr("ticket replies, booking confirmations and reminders"),
                 StreamType::Transactional, true),
        category(QStringLiteral("notifications"), tr("Notifications"),
                 tr("alerts to the account owner and team: new lead, new sale, affiliate"),
                 StreamType::Transactional, false),
        category(QStringLiteral("broadcasts"), tr("Broadcasts"), tr("one-off campaigns to a list"),
                 StreamType::Broadcasts, false),
        category(QStringLiteral("sequences"), tr("Sequences & automations"),
                 tr("automated follow-up and drip campaigns"), StreamType::Broadcasts, true),
    };
    return categories;
}

const EmailCategory *EmailCategory::find(const QString &id)
{
    for (const EmailCategory &c : all()) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}
