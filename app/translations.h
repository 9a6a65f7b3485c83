// Loads Qt's and the program's translations for the user's language, before the first string is
// shown (the window and `gateway-wizard check` alike).
#pragma once

class QCoreApplication;

namespace Translations {
void install(QCoreApplication &app);
}
