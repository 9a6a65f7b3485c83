#include <QApplication>
#include <QLabel>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QLabel label(QStringLiteral("Email Gateway Wizard"));
    label.show();
    return app.exec();
}
