#include "streammapping.h"

#include <QCoreApplication>

#include <algorithm>

using Postmark::MessageStream;
using Postmark::NewMessageStream;
using Postmark::StreamType;

namespace StreamMapping {

namespace {

// Non-archived streams of a type, in ID order.
QList<MessageStream> usableStreams(StreamType type, const QList<MessageStream> &streams)
{
    QList<MessageStream> result;
    for (const MessageStream &s : streams) {
        if (s.type == type && !s.isArchived())
            result.append(s);
    }
    std::sort(result.begin(), result.end(),
              [](const MessageStream &a, const MessageStream &b) { return a.id < b.id; });
    return result;
}

// The IDs tried, in order, when a sending type has no default stream at all.
QStringList defaultStreamCandidates(StreamType type)
{
    if (type == StreamType::Transactional)
        return {QStringLiteral("outbound"), QStringLiteral("transactional")};
    return {QStringLiteral("broadcast"), QStringLiteral("broadcasts")};
}

QString defaultStreamName(StreamType type)
{
    if (type == StreamType::Transactional)
        return QCoreApplication::translate("StreamMapping", "Default Transactional Stream");
    return QCoreApplication::translate("StreamMapping", "Broadcasts");
}

MessageStream asStream(const NewMessageStream &s)
{
    MessageStream m;
    m.id = s.id;
    m.name = s.name;
    m.description = s.description;
    m.type = s.type;
    return m;
}

} // namespace

const MessageStream *findStream(const QString &streamId, const QList<MessageStream> &streams)
{
    if (streamId.isEmpty())
        return nullptr;
    for (const MessageStream &s : streams) {
        if (s.id == streamId)
            return &s;
    }
    return nullptr;
}

MappingStatus check(const EmailCategory &category, const QString &streamId,
                    const QList<MessageStream> &streams)
{
    if (streamId.isEmpty())
        return MappingStatus::Unmapped;
    const MessageStream *stream = findStream(streamId, streams);
    if (!stream)
        return MappingStatus::Missing;
    if (stream->type == StreamType::Inbound)
        return MappingStatus::Inbound;
    if (stream->type != category.type)
        return MappingStatus::WrongType;
    if (stream->isArchived())
        return MappingStatus::Archived;
    return MappingStatus::Ok;
}

QString statusCode(MappingStatus status)
{
    switch (status) {
    case MappingStatus::Ok:
        return QStringLiteral("ok");
    case MappingStatus::Unmapped:
        return QStringLiteral("category-unmapped");
    case MappingStatus::Missing:
        return QStringLiteral("stream-missing");
    case MappingStatus::Archived:
        return QStringLiteral("stream-archived");
    case MappingStatus::Inbound:
        return QStringLiteral("stream-inbound");
    case MappingStatus::WrongType:
        return QStringLiteral("stream-wrong-type");
    }
    return QStringLiteral("unknown");
}

QString statusLabel(MappingStatus status)
{
    switch (status) {
    case MappingStatus::Ok:
        return QCoreApplication::translate("StreamMapping", "Ready");
    case MappingStatus::Unmapped:
        return QCoreApplication::translate("StreamMapping", "Not mapped");
    case MappingStatus::Missing:
        return QCoreApplication::translate("StreamMapping", "Not on server");
    case MappingStatus::Archived:
        return QCoreApplication::translate("StreamMapping", "Archived");
    case MappingStatus::Inbound:
        return QCoreApplication::translate("StreamMapping", "Inbound stream");
    case MappingStatus::WrongType:
        return QCoreApplication::translate("StreamMapping", "Wrong type");
    }
    return {};
}

QString statusText(MappingStatus status, const EmailCategory &category, const QString &streamId,
                   const QList<MessageStream> &streams)
{
    const QString wanted = streamTypeLabel(category.type);
    switch (status) {
    case MappingStatus::Ok:
        return QCoreApplication::translate("StreamMapping", "Ready");
    case MappingStatus::Unmapped:
        return QCoreApplication::translate("StreamMapping",
                                           "No message stream is chosen for %1. Pick a %2 stream.")
            .arg(category.name, wanted);
    case MappingStatus::Missing:
        return QCoreApplication::translate(
                   "StreamMapping",
                   "There is no stream ‘%1’ on this Postmark server, so %2 would fail to send "
                   "(Postmark error 1235). Pick one of the server's %3 streams, or create ‘%1’ "
                   "in Postmark.")
            .arg(streamId, category.name, wanted);
    case MappingStatus::Archived:
        return QCoreApplication::translate(
                   "StreamMapping",
                   "‘%1’ is archived: Postmark sends nothing through an archived stream and "
                   "deletes "
                   "it about 45 days after it was archived. Pick another %2 stream, or unarchive "
                   "‘%1’ in Postmark.")
            .arg(streamId, wanted);
    case MappingStatus::Inbound:
        return QCoreApplication::translate(
                   "StreamMapping",
                   "‘%1’ is an Inbound stream: it only receives email and cannot send %2 (Postmark "
                   "error 1236). Pick a %3 stream.")
            .arg(streamId, category.name, wanted);
    case MappingStatus::WrongType: {
        StreamType actual = category.type == StreamType::Transactional ? StreamType::Broadcasts
                                                                       : StreamType::Transactional;
        if (const MessageStream *stream = findStream(streamId, streams))
            actual = stream->type;
        if (category.type == StreamType::Transactional && actual == StreamType::Broadcasts) {
            return QCoreApplication::translate(
                       "StreamMapping",
                       "‘%1’ is a Broadcasts stream: %2 are transactional, each sent to one person "
                       "because of something they did. Postmark pauses servers that send marketing "
                       "through Transactional streams, so the two kinds are kept apart; on a "
                       "Broadcasts stream a recipient who unsubscribes would stop getting these "
                       "messages too. Pick a Transactional stream.")
                .arg(streamId, category.name);
        }
        if (category.type == StreamType::Broadcasts && actual == StreamType::Transactional) {
            return QCoreApplication::translate(
                       "StreamMapping",
                       "‘%1’ is a Transactional stream: %2 are marketing email sent to many people "
                       "at once. Postmark pauses servers that send marketing through Transactional "
                       "streams. Pick a Broadcasts stream.")
                .arg(streamId, category.name);
        }
        return QCoreApplication::translate(
                   "StreamMapping",
                   "‘%1’ is a stream of a type this app does not know, so it cannot tell whether "
                   "%2 may be sent through it. Pick a %3 stream.")
            .arg(streamId, category.name, wanted);
    }
    }
    return {};
}

QString streamTypeLabel(StreamType type)
{
    switch (type) {
    case StreamType::Transactional:
        return QCoreApplication::translate("StreamMapping", "Transactional");
    case StreamType::Broadcasts:
        return QCoreApplication::translate("StreamMapping", "Broadcasts");
    case StreamType::Inbound:
        return QCoreApplication::translate("StreamMapping", "Inbound");
    case StreamType::Unknown:
        break;
    }
    return QCoreApplication::translate("StreamMapping", "Unknown");
}

QString streamLabel(const MessageStream &stream)
{
    if (stream.name.isEmpty() || stream.name == stream.id)
        return stream.id;
    return QCoreApplication::translate("StreamMapping", "%1 (%2)", "stream name (stream ID)")
        .arg(stream.name, stream.id);
}

QString defaultStreamId(StreamType type, const QList<MessageStream> &streams)
{
    QString preferred;
    if (type == StreamType::Transactional)
        preferred = QStringLiteral("outbound");
    else if (type == StreamType::Broadcasts)
        preferred = QStringLiteral("broadcast");
    const QList<MessageStream> usable = usableStreams(type, streams);
    for (const MessageStream &s : usable) {
        if (s.id == preferred)
            return s.id;
    }
    // Otherwise the first stream of the type that is not some category's dedicated stream: a
    // server whose Broadcasts stream is not called "broadcast" must not send campaigns through
    // "sequences". A dedicated stream serves only when nothing else of the type exists.
    for (const MessageStream &s : usable) {
        const bool dedicated =
            std::any_of(EmailCategory::all().cbegin(), EmailCategory::all().cend(),
                        [&s](const EmailCategory &c) { return c.dedicatedStreamId == s.id; });
        if (!dedicated)
            return s.id;
    }
    return usable.isEmpty() ? QString() : usable.first().id;
}

Mapping recommended(const QList<MessageStream> &streams)
{
    Mapping mapping;
    for (const EmailCategory &c : EmailCategory::all()) {
        if (c.hasDedicatedStream() && check(c, c.dedicatedStreamId, streams) == MappingStatus::Ok)
            mapping.insert(c.id, c.dedicatedStreamId);
        else
            mapping.insert(c.id, defaultStreamId(c.type, streams));
    }
    return mapping;
}

Plan planRecommendedStreams(const QList<MessageStream> &streams, int limit)
{
    Plan plan;
    int room = std::max(0, limit - int(streams.size()));
    QList<MessageStream> after = streams; // the server once plan.toCreate exists
    const auto create = [&](const NewMessageStream &s) {
        plan.toCreate.append(s);
        after.append(asStream(s));
        --room;
    };

    // 1. A sending type with no usable stream at all: its default comes first.
    for (StreamType type : {StreamType::Transactional, StreamType::Broadcasts}) {
        if (room <= 0 || !defaultStreamId(type, after).isEmpty())
            continue;
        for (const QString &id : defaultStreamCandidates(type)) {
            if (findStream(id, after))
                continue; // taken (archived or another type): Postmark would answer 1230
            NewMessageStream s;
            s.id = id;
            s.name = defaultStreamName(type);
            s.type = type;
            s.description = QCoreApplication::translate(
                                "StreamMapping",
                                "The server's default %1 stream, set up by Email Gateway Wizard.")
                                .arg(streamTypeLabel(type));
            create(s);
            break;
        }
    }

    // 2. The dedicated streams, in category order, while there is room.
    for (const EmailCategory &c : EmailCategory::all()) {
        if (!c.hasDedicatedStream())
            continue;
        if (findStream(c.dedicatedStreamId, after)) {
            // Exists: usable as it is, or its ID is taken by an unusable stream.
            if (check(c, c.dedicatedStreamId, after) != MappingStatus::Ok)
                plan.fallbackCategories.append(c.id);
            continue;
        }
        if (room <= 0) {
            plan.fallbackCategories.append(c.id);
            continue;
        }
        NewMessageStream s;
        s.id = c.dedicatedStreamId;
        s.name = c.dedicatedStreamName;
        s.type = c.type;
        s.description =
            QCoreApplication::translate("StreamMapping", "%1: %2.", "category name: examples")
                .arg(c.name, c.examples);
        create(s);
    }

    plan.mapping = recommended(after);
    for (StreamType type : {StreamType::Transactional, StreamType::Broadcasts}) {
        if (defaultStreamId(type, after).isEmpty())
            plan.missingDefaults.append(Postmark::streamTypeName(type));
    }
    return plan;
}

int problemCount(const Mapping &mapping, const QList<MessageStream> &streams)
{
    int problems = 0;
    for (const EmailCategory &c : EmailCategory::all()) {
        if (check(c, mapping.value(c.id), streams) != MappingStatus::Ok)
            ++problems;
    }
    return problems;
}

bool isComplete(const Mapping &mapping, const QList<MessageStream> &streams)
{
    return problemCount(mapping, streams) == 0;
}

QList<MessageStream> choices(const EmailCategory &category, const QList<MessageStream> &streams)
{
    QList<MessageStream> result = usableStreams(category.type, streams);
    const QString best = recommended(streams).value(category.id);
    const auto it = std::find_if(result.begin(), result.end(),
                                 [&best](const MessageStream &s) { return s.id == best; });
    if (it != result.end())
        std::rotate(result.begin(), it, it + 1);
    return result;
}

} // namespace StreamMapping
