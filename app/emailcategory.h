// The platform's kinds of email ("categories") and the Postmark message stream each belongs in,
// as PRODUCT.md's table says. The one list every other part of the wizard reads.
#pragma once

#include "postmarktypes.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

struct EmailCategory
{
    Q_DECLARE_TR_FUNCTIONS(EmailCategory)
public:
    QString id;   // stable: "purchases", "memberships", "optins", "helpdesk", "notifications",
                  // "broadcasts", "sequences"
    QString name; // translated display name, e.g. "Purchases & receipts"
    QString
        examples; // translated, e.g. "receipts, invoices, subscription and failed-payment notices"
    Postmark::StreamType type = Postmark::StreamType::Transactional; // Transactional or Broadcasts
    // The stream this category gets a stream of its own in; empty for the categories that use the
    // server's default stream of their type (notifications, broadcasts).
    QString dedicatedStreamId;
    QString dedicatedStreamName; // the Postmark stream Name used when creating it

    bool hasDedicatedStream() const { return !dedicatedStreamId.isEmpty(); }

    // The seven categories, in PRODUCT.md's order; translated once, at the first call.
    static const QList<EmailCategory> &all();
    // nullptr when no category has that id.
    static const EmailCategory *find(const QString &id);
};
