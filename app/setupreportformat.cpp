// The exports of a SetupReport: plain text (terminal), Markdown (support tickets) and JSON
// (scripts; the schema is documented in the README and versioned by its "schema" field).
// None of them can contain the token: SetupReport holds only its redacted form.
#include "setupcheck.h"

#include "emailcategory.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QUrl>
#include <QUrlQuery>

namespace SetupReportFormat {

namespace {

// The translation context of the reports.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(SetupReportFormat)
};

QString isoUtc(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

QJsonValue stringOrNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QString severityLabel(Finding::Severity severity)
{
    switch (severity) {
    case Finding::Severity::Error:
        return Tr::tr("Error");
    case Finding::Severity::Warning:
        return Tr::tr("Warning");
    case Finding::Severity::Info:
        break;
    }
    return Tr::tr("Info");
}

QString resultLabel(const SetupReport &r)
{
    switch (r.result) {
    case SetupReport::Result::Ok:
        return Tr::tr("OK: nothing to fix");
    case SetupReport::Result::Problems: {
        QStringList counts;
        if (const int errors = r.count(Finding::Severity::Error))
            counts << Tr::tr("%n error(s)", nullptr, errors);
        if (const int warnings = r.count(Finding::Severity::Warning))
            counts << Tr::tr("%n warning(s)", nullptr, warnings);
        return Tr::tr("problems found (%1)").arg(counts.join(QStringLiteral(", ")));
    }
    case SetupReport::Result::Unchecked:
        break;
    }
    return Tr::tr("could not check");
}

QString title(const SetupReport &r)
{
    if (r.saved || !r.gatewayName.isEmpty())
        return Tr::tr("Setup check of the email gateway ‘%1’").arg(r.gatewayName);
    return Tr::tr("Setup check of an unsaved Postmark token");
}

QString tokenKindLabel(const QString &kind)
{
    if (kind == QLatin1String("server"))
        return Tr::tr("Server API token");
    if (kind == QLatin1String("account"))
        return Tr::tr("Account API token");
    if (kind == QLatin1String("test"))
        return Tr::tr("Postmark's test token");
    if (kind == QLatin1String("invalid"))
        return Tr::tr("not accepted by Postmark");
    return Tr::tr("not checked");
}

QString testSendResult(const TestSendRecord &t)
{
    if (t.ok)
        return Tr::tr("sent, MessageID %1").arg(t.messageId);
    return Tr::tr("failed (%1): %2").arg(t.errorCode, t.errorMessage);
}

QString categoryName(const QString &id)
{
    const EmailCategory *c = EmailCategory::find(id);
    return c ? c->name : id;
}

// One table, as rows of cells; rendered aligned for text and as a pipe table for Markdown.
struct Table
{
    QStringList header;
    QList<QStringList> rows;
};

QString textTable(const Table &t, const QString &indent)
{
    QList<int> widths;
    for (const QString &h : t.header)
        widths << int(h.size());
    for (const QStringList &row : t.rows) {
        for (int i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], int(row[i].size()));
    }
    const auto line = [&](const QStringList &cells) {
        QString s = indent;
        for (int i = 0; i < cells.size(); ++i) {
            const bool last = i == cells.size() - 1;
            s += last ? cells[i] : cells[i].leftJustified(widths[i] + 2);
        }
        while (s.endsWith(QLatin1Char(' ')))
            s.chop(1);
        return s + QLatin1Char('\n');
    };
    QString out = line(t.header);
    QStringList rule;
    for (int w : std::as_const(widths))
        rule << QString(w, QLatin1Char('-'));
    out += line(rule);
    for (const QStringList &row : t.rows)
        out += line(row);
    return out;
}

QString mdEscape(QString s)
{
    s.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    s.replace(QLatin1Char('|'), QLatin1String("\\|"));
    s.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return s;
}

QString mdTable(const Table &t)
{
    const auto line = [](const QStringList &cells) {
        QStringList escaped;
        for (const QString &c : cells)
            escaped << (c.isEmpty() ? QStringLiteral(" ") : mdEscape(c));
        return QStringLiteral("| ") + escaped.join(QLatin1String(" | ")) + QStringLiteral(" |\n");
    };
    QString out = line(t.header);
    QStringList rule;
    for (int i = 0; i < t.header.size(); ++i)
        rule << QStringLiteral("---");
    out += QStringLiteral("|") + rule.join(QLatin1Char('|')) + QStringLiteral("|\n");
    for (const QStringList &row : t.rows)
        out += line(row);
    return out;
}

Table serverTable(const SetupReport &r)
{
    Table t{{Tr::tr("Server"), Tr::tr("Value")}, {}};
    t.rows << QStringList{Tr::tr("Name"), r.server.name};
    t.rows << QStringList{Tr::tr("ID"), QString::number(r.server.id)};
    t.rows << QStringList{Tr::tr("Delivery type"), r.server.deliveryType};
    t.rows << QStringList{Tr::tr("Color"), r.server.color};
    t.rows << QStringList{Tr::tr("Link"), r.server.serverLink};
    return t;
}

Table streamsTable(const SetupReport &r)
{
    Table t{{Tr::tr("Stream ID"), Tr::tr("Name"), Tr::tr("Type"), Tr::tr("Archived")}, {}};
    for (const Postmark::MessageStream &s : r.streams)
        t.rows << QStringList{s.id, s.name, StreamMapping::streamTypeLabel(s.type),
                              s.isArchived() ? Tr::tr("archived %1").arg(isoUtc(s.archivedAt))
                                             : Tr::tr("no")};
    return t;
}

Table categoriesTable(const SetupReport &r)
{
    Table t{{Tr::tr("Email type"), Tr::tr("Needs"), Tr::tr("Stream"), Tr::tr("Status")}, {}};
    for (const CategoryCheck &c : r.categories) {
        const EmailCategory *category = EmailCategory::find(c.categoryId);
        t.rows << QStringList{QStringLiteral("%1 (%2)").arg(c.categoryName, c.categoryId),
                              category ? StreamMapping::streamTypeLabel(category->type) : QString(),
                              c.streamId.isEmpty() ? Tr::tr("(none)") : c.streamId,
                              StreamMapping::statusLabel(c.status) + QStringLiteral(" (")
                                  + StreamMapping::statusCode(c.status) + QLatin1Char(')')};
    }
    return t;
}

Table webhooksTable(const SetupReport &r)
{
    Table t{{Tr::tr("Stream"), Tr::tr("Webhook"), Tr::tr("URL"), Tr::tr("Triggers")}, {}};
    for (auto it = r.webhooks.cbegin(); it != r.webhooks.cend(); ++it) {
        if (it.value().isEmpty())
            t.rows << QStringList{it.key(), Tr::tr("(none)"), QString(), QString()};
        for (const Postmark::Webhook &w : it.value())
            t.rows << QStringList{it.key(), QString::number(w.id), redactedUrl(w.url),
                                  triggerNames(w.triggers).join(QStringLiteral(", "))};
    }
    return t;
}

Table testSendsTable(const QList<TestSendRecord> &sends)
{
    Table t{{Tr::tr("Stream"), Tr::tr("Email type"), Tr::tr("When (UTC)"), Tr::tr("Result")}, {}};
    for (const TestSendRecord &s : sends)
        t.rows << QStringList{s.streamId, categoryName(s.categoryId), isoUtc(s.at),
                              testSendResult(s)};
    return t;
}

Table environmentTable(const SetupReport &r)
{
    Table t{{Tr::tr("Environment"), Tr::tr("Value")}, {}};
    t.rows << QStringList{Tr::tr("App version"), r.appVersion};
    t.rows << QStringList{Tr::tr("Operating system"), r.os};
    t.rows << QStringList{Tr::tr("Keychain"),
                          r.keychainBackend.isEmpty() ? Tr::tr("(none)") : r.keychainBackend};
    t.rows << QStringList{Tr::tr("Gateway"),
                          r.saved ? QStringLiteral("%1 (ID %2)").arg(r.gatewayName, r.gatewayId)
                                  : Tr::tr("unsaved token")};
    t.rows << QStringList{
        Tr::tr("Token"), QStringLiteral("%1 %2").arg(tokenKindLabel(r.tokenKind), r.tokenRedacted)};
    t.rows << QStringList{Tr::tr("Checked at (UTC)"), isoUtc(r.checkedAt)};
    return t;
}

QJsonObject testSendJson(const TestSendRecord &t)
{
    return QJsonObject{{"stream", t.streamId},
                       {"category", t.categoryId},
                       {"at", stringOrNull(isoUtc(t.at))},
                       {"ok", t.ok},
                       {"messageId", stringOrNull(t.messageId)},
                       {"errorCode", stringOrNull(t.errorCode)},
                       {"errorMessage", stringOrNull(t.errorMessage)}};
}

} // namespace

QString redactedUrl(const QString &url)
{
    QUrl u(url);
    if (!u.isValid())
        return url.isEmpty() ? url : QStringLiteral("(not a valid URL)");
    u.setUserInfo(QString());
    if (u.hasQuery()) {
        QUrlQuery query(u);
        QList<QPair<QString, QString>> items = query.queryItems();
        for (auto &item : items)
            item.second = QStringLiteral("…");
        query.setQueryItems(items);
        u.setQuery(query);
    }
    u.setFragment(QString());
    return u.toString();
}

QString severityName(Finding::Severity severity)
{
    switch (severity) {
    case Finding::Severity::Error:
        return QStringLiteral("error");
    case Finding::Severity::Warning:
        return QStringLiteral("warning");
    case Finding::Severity::Info:
        break;
    }
    return QStringLiteral("info");
}

QString resultName(SetupReport::Result result)
{
    switch (result) {
    case SetupReport::Result::Ok:
        return QStringLiteral("ok");
    case SetupReport::Result::Problems:
        return QStringLiteral("problems");
    case SetupReport::Result::Unchecked:
        break;
    }
    return QStringLiteral("unchecked");
}

QStringList triggerNames(const Postmark::WebhookTriggers &t)
{
    QStringList names;
    if (t.bounce)
        names << QStringLiteral("Bounce");
    if (t.spamComplaint)
        names << QStringLiteral("SpamComplaint");
    if (t.subscriptionChange)
        names << QStringLiteral("SubscriptionChange");
    if (t.delivery)
        names << QStringLiteral("Delivery");
    if (t.open)
        names << QStringLiteral("Open");
    if (t.click)
        names << QStringLiteral("Click");
    return names;
}

int exitCode(const QList<SetupReport> &reports)
{
    int code = 0;
    for (const SetupReport &r : reports)
        code = std::max(code, r.exitCode());
    return code;
}

QString toText(const SetupReport &r)
{
    const QString indent = QStringLiteral("  ");
    QString out = title(r) + QLatin1Char('\n');
    out += Tr::tr("Result: %1 (exit status %2)").arg(resultLabel(r)).arg(r.exitCode())
        + QStringLiteral("\n\n");

    out += Tr::tr("Findings") + QLatin1Char('\n');
    if (r.findings.isEmpty())
        out += indent + Tr::tr("(none)") + QLatin1Char('\n');
    for (const Finding &f : r.findings) {
        out += indent + QStringLiteral("[%1] %2").arg(severityLabel(f.severity).toUpper(), f.code);
        if (!f.subject.isEmpty())
            out += QStringLiteral(" (%1)").arg(f.subject);
        out += QLatin1Char('\n');
        out += indent + indent + f.message + QLatin1Char('\n');
        out += indent + indent + Tr::tr("Next step: %1").arg(f.nextStep) + QLatin1Char('\n');
        if (f.fixable)
            out += indent + indent + Tr::tr("Automatic fix: %1").arg(f.fix) + QLatin1Char('\n');
    }

    if (r.serverChecked) {
        out += QLatin1Char('\n') + Tr::tr("Postmark server") + QLatin1Char('\n');
        out += textTable(serverTable(r), indent);
    }
    if (!r.streams.isEmpty()) {
        out += QLatin1Char('\n') + Tr::tr("Message streams") + QLatin1Char('\n');
        out += textTable(streamsTable(r), indent);
    }
    if (!r.categories.isEmpty()) {
        out += QLatin1Char('\n') + Tr::tr("Email types") + QLatin1Char('\n');
        out += textTable(categoriesTable(r), indent);
    }
    if (!r.webhooks.isEmpty()) {
        out += QLatin1Char('\n') + Tr::tr("Webhooks") + QLatin1Char('\n');
        out += textTable(webhooksTable(r), indent);
    }
    if (!r.lastTestSends.isEmpty()) {
        out += QLatin1Char('\n') + Tr::tr("Last test sends (from the wizard)") + QLatin1Char('\n');
        out += textTable(testSendsTable(r.lastTestSends), indent);
    }
    if (!r.testSendsNow.isEmpty()) {
        out += QLatin1Char('\n') + Tr::tr("Test sends by this check") + QLatin1Char('\n');
        out += textTable(testSendsTable(r.testSendsNow), indent);
    }
    out += QLatin1Char('\n');
    out += textTable(environmentTable(r), QString());
    return out;
}

QString toMarkdown(const SetupReport &r)
{
    QString out = QStringLiteral("## ") + mdEscape(title(r)) + QStringLiteral("\n\n");
    out += QStringLiteral("**") + Tr::tr("Result") + QStringLiteral(":** ")
        + mdEscape(resultLabel(r)) + QStringLiteral(" (`") + resultName(r.result)
        + QStringLiteral("`, ") + Tr::tr("exit status %1").arg(r.exitCode())
        + QStringLiteral(")\n\n");

    out += QStringLiteral("### ") + Tr::tr("Findings") + QStringLiteral("\n\n");
    if (r.findings.isEmpty()) {
        out += Tr::tr("None.") + QStringLiteral("\n\n");
    } else {
        Table t{{Tr::tr("Severity"), Tr::tr("Code"), Tr::tr("About"), Tr::tr("What is wrong"),
                 Tr::tr("Next step"), Tr::tr("Automatic fix")},
                {}};
        for (const Finding &f : r.findings)
            t.rows << QStringList{severityLabel(f.severity),
                                  QStringLiteral("`%1`").arg(f.code),
                                  f.subject,
                                  f.message,
                                  f.nextStep,
                                  f.fix};
        out += mdTable(t) + QLatin1Char('\n');
    }
    const auto section = [&out](const QString &heading, const Table &t) {
        out += QStringLiteral("### ") + heading + QStringLiteral("\n\n") + mdTable(t)
            + QLatin1Char('\n');
    };
    if (r.serverChecked)
        section(Tr::tr("Postmark server"), serverTable(r));
    if (!r.streams.isEmpty())
        section(Tr::tr("Message streams"), streamsTable(r));
    if (!r.categories.isEmpty())
        section(Tr::tr("Email types"), categoriesTable(r));
    if (!r.webhooks.isEmpty())
        section(Tr::tr("Webhooks"), webhooksTable(r));
    if (!r.lastTestSends.isEmpty())
        section(Tr::tr("Last test sends (from the wizard)"), testSendsTable(r.lastTestSends));
    if (!r.testSendsNow.isEmpty())
        section(Tr::tr("Test sends by this check"), testSendsTable(r.testSendsNow));
    section(Tr::tr("Environment"), environmentTable(r));
    return out;
}

QJsonObject toJson(const SetupReport &r)
{
    QJsonObject o;
    o.insert("schema", 1);
    o.insert("app",
             QJsonObject{{"version", r.appVersion},
                         {"os", r.os},
                         {"keychain", stringOrNull(r.keychainBackend)}});
    o.insert("checkedAt", isoUtc(r.checkedAt));
    o.insert("gateway",
             QJsonObject{{"id", stringOrNull(r.gatewayId)},
                         {"name", stringOrNull(r.gatewayName)},
                         {"saved", r.saved}});
    o.insert("token", QJsonObject{{"kind", r.tokenKind}, {"redacted", r.tokenRedacted}});
    if (r.serverChecked)
        o.insert("server",
                 QJsonObject{{"id", r.server.id},
                             {"name", r.server.name},
                             {"color", r.server.color},
                             {"deliveryType", r.server.deliveryType},
                             {"serverLink", stringOrNull(r.server.serverLink)}});
    else
        o.insert("server", QJsonValue::Null);

    QJsonArray streams;
    for (const Postmark::MessageStream &s : r.streams)
        streams.append(QJsonObject{{"id", s.id},
                                   {"name", s.name},
                                   {"type", Postmark::streamTypeName(s.type)},
                                   {"archived", s.isArchived()}});
    o.insert("streams", streams);

    QJsonArray categories;
    for (const CategoryCheck &c : r.categories)
        categories.append(QJsonObject{{"id", c.categoryId},
                                      {"name", c.categoryName},
                                      {"stream", stringOrNull(c.streamId)},
                                      {"status", StreamMapping::statusCode(c.status)}});
    o.insert("categories", categories);

    QJsonObject webhooks;
    for (auto it = r.webhooks.cbegin(); it != r.webhooks.cend(); ++it) {
        QJsonArray list;
        for (const Postmark::Webhook &w : it.value())
            list.append(
                QJsonObject{{"id", w.id},
                            {"url", redactedUrl(w.url)},
                            {"triggers",
                             QJsonObject{{"bounce", w.triggers.bounce},
                                         {"spamComplaint", w.triggers.spamComplaint},
                                         {"subscriptionChange", w.triggers.subscriptionChange},
                                         {"delivery", w.triggers.delivery},
                                         {"open", w.triggers.open},
                                         {"click", w.triggers.click}}}});
        webhooks.insert(it.key(), list);
    }
    o.insert("webhooks", webhooks);

    QJsonArray last;
    for (const TestSendRecord &t : r.lastTestSends)
        last.append(testSendJson(t));
    o.insert("lastTestSends", last);
    QJsonArray now;
    for (const TestSendRecord &t : r.testSendsNow)
        now.append(testSendJson(t));
    o.insert("testSendsNow", now);

    QJsonArray findings;
    for (const Finding &f : r.findings)
        findings.append(QJsonObject{{"severity", severityName(f.severity)},
                                    {"code", f.code},
                                    {"message", f.message},
                                    {"nextStep", f.nextStep},
                                    {"subject", stringOrNull(f.subject)},
                                    {"fix", stringOrNull(f.fix)}});
    o.insert("findings", findings);
    o.insert("result", resultName(r.result));
    return o;
}

QString toText(const QList<SetupReport> &reports)
{
    QStringList sections;
    for (const SetupReport &r : reports)
        sections << toText(r);
    QString out = sections.join(QStringLiteral("\n") + QString(78, QLatin1Char('=')) + "\n\n");
    if (reports.size() > 1)
        out += QLatin1Char('\n')
            + Tr::tr("%n gateway(s) checked; exit status %1.", nullptr, int(reports.size()))
                  .arg(exitCode(reports))
            + QLatin1Char('\n');
    return out;
}

QString toMarkdown(const QList<SetupReport> &reports)
{
    QStringList sections;
    for (const SetupReport &r : reports)
        sections << toMarkdown(r);
    return sections.join(QStringLiteral("\n---\n\n"));
}

QJsonObject toJson(const QList<SetupReport> &reports)
{
    QJsonArray list;
    for (const SetupReport &r : reports)
        list.append(toJson(r));
    return QJsonObject{{"schema", 1}, {"gateways", list}};
}

} // namespace SetupReportFormat
