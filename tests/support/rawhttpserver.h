// A tiny loopback HTTP server for tests that need an answer the sandbox never gives (a redirect)
// or need to see the exact bytes a client sent. Answers every request with one canned response.
#pragma once

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

class RawHttpServer : public QTcpServer
{
public:
    explicit RawHttpServer(QByteArray response, QObject *parent = nullptr)
        : QTcpServer(parent), m_response(std::move(response))
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                ++m_connections;
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_received += socket->readAll();
                    if (m_received.contains("\r\n\r\n")) {
                        socket->write(m_response);
                        socket->disconnectFromHost();
                    }
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(serverPort())); }
    QByteArray received() const { return m_received; }
    int connections() const { return m_connections; }

    // The value of one header in what was received, or empty; names compare case-insensitively.
    QByteArray header(const QByteArray &name) const
    {
        for (const QByteArray &line : m_received.split('\n')) {
            const int colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().toLower() == name.toLower())
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }

private:
    QByteArray m_response;
    QByteArray m_received;
    int m_connections = 0;
};
