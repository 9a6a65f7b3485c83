// What the windows share: the one Postmark client, the settings and the secret vault.
#pragma once

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
};
