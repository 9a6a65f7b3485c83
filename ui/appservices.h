// What the windows share: the one Postmark client, the settings and the secret vault.
#pragma once

#include <QList>
#include <QPair>
#include <QString>

class GatewaySettings;
class SecretVault;
namespace Postmark {
class Client;
}

struct AppServices
{
    Postmark::Client *client = nullptr;
    GatewaySettings *settings = nullptr;
    SecretVault *secrets = nullptr;
    // --demo only: (label, token) of the sandbox's demo tokens, offered in the key field.
    QList<QPair<QString, QString>> demoTokens;
};
