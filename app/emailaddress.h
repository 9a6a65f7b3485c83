// Small checks on email addresses typed into the wizard.
#pragma once

#include <QString>

namespace EmailAddress {

// A plain address "local@domain.tld" without a display name; what Postmark accepts as From/To.
bool isValid(const QString &address);
// The part after '@', lower-cased; empty when there is none.
QString domain(const QString &address);
// "Name <address>" when a name is given (quoted when it holds special characters), else address.
QString withName(const QString &name, const QString &address);

} // namespace EmailAddress
