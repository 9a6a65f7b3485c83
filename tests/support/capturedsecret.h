// Captures what a SecretStore callback delivered, and how often it ran, for QTRY_* in tests.
#pragma once

#include "secretstore.h"

struct CapturedSecret
{
    int calls = 0;
    SecretResult result;

    SecretStore::Callback callback()
    {
        return [this](const SecretResult &r) {
            ++calls;
            result = r;
        };
    }
};
