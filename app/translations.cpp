#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace Translations {

void install(QCoreApplication &app)
{
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    // English is the source language; its catalog holds the plural forms, so it is the fallback.
    // The catalogs are built into the gateway-wizard executable under :/i18n.
    auto *own = new QTranslator(&app);
    if (own->load(QLocale(), QStringLiteral("gateway-wizard"), QStringLiteral("_"),
                  QStringLiteral(":/i18n"))
        || own->load(QStringLiteral(":/i18n/gateway-wizard_en")))
        QCoreApplication::installTranslator(own);
}

} // namespace Translations
