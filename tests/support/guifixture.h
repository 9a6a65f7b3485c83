// Everything a widget test needs: the sandbox on a loopback port, a client pointed at it, settings
// in a temporary folder and an in-memory secret store, wired as the app wires them.
#pragma once

#include "appservices.h"
#include "gatewaysettings.h"
#include "postmarkclient.h"
#include "sandbox/postmarksandbox.h"
#include "secretstore.h"
#include "secretvault.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>

struct GuiFixture
{
    PostmarkSandbox sandbox;
    QNetworkAccessManager network;
    Postmark::Client client{&network};
    QTemporaryDir configDir;
    GatewaySettings settings{configDir.path()};
    MemorySecretStore secretStore;
    SecretVault vault{&secretStore};
    const PostmarkSandbox::DemoTokens tokens = PostmarkSandbox::demoTokens();

    GuiFixture()
    {
        sandbox.listen();
        client.setBaseUrl(sandbox.baseUrl());
        client.setRetryDelay(20);
        client.setTimeout(3000);
    }
    AppServices services() { return {&client, &settings, &vault, {}}; }
};

// Puts text on the clipboard and pastes it into the line edit with the platform's paste keys.
inline void pasteInto(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QGuiApplication::clipboard()->setText(text);
    QTest::keySequence(edit, QKeySequence::Paste);
}

// Replaces the line edit's text by typing it, as a user would.
inline void typeInto(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}
