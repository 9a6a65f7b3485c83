// Captures what a Postmark::Client callback delivered, for QTRY_VERIFY in tests.
#pragma once

#include "postmarkclient.h"

#include <optional>

template<typename T> struct Captured
{
    std::optional<Postmark::Result<T>> result;
    int calls = 0;

    Postmark::Client::Callback<T> callback()
    {
        return [this](const Postmark::Result<T> &r) {
            result = r;
            ++calls;
        };
    }
    bool done() const { return result.has_value(); }
    const Postmark::Error &error() const { return result->error; }
    const T &value() const { return result->value; }
};
