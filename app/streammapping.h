// The rules for which Postmark message stream each email category may go through (PRODUCT.md):
// a Transactional category never goes to a Broadcasts stream and vice versa, nothing goes to an
// Inbound or archived stream, and every category is mapped. Plain functions over value structs, so
// the wizard's table, the setup check and the command line all judge a mapping the same way.
#pragma once

#include "emailcategory.h"
#include "postmarktypes.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace StreamMapping {

using Mapping = QMap<QString, QString>; // category id -> stream id

enum class MappingStatus { Ok, Unmapped, Missing, Archived, Inbound, WrongType };

// The stream with that ID, or nullptr. IDs compare exactly (Postmark's IDs are lowercase).
const Postmark::MessageStream *findStream(const QString &streamId,
                                          const QList<Postmark::MessageStream> &streams);

// Judges one category's stream. When a stream has several problems, the one that unarchiving would
// not fix comes first: Inbound, then WrongType (Unknown types included), then Archived.
MappingStatus check(const EmailCategory &category, const QString &streamId,
                    const QList<Postmark::MessageStream> &streams);

// Stable identifiers for reports and scripts: "ok", "category-unmapped", "stream-missing",
// "stream-archived", "stream-inbound", "stream-wrong-type".
QString statusCode(MappingStatus status);
// Translated, short, for a table cell: "Ready", "Not mapped", "Not on server", "Archived",
// "Inbound stream", "Wrong type".
QString statusLabel(MappingStatus status);
// Translated, plain words: what is wrong and what to do; "Ready" for Ok. For WrongType, pass the
// streams so that the text names the stream's real type; without them it assumes the other
// sending type (a Broadcasts stream for a Transactional category and vice versa).
QString statusText(MappingStatus status, const EmailCategory &category, const QString &streamId,
                   const QList<Postmark::MessageStream> &streams = {});

// Translated stream type for display: "Transactional", "Broadcasts", "Inbound", "Unknown".
QString streamTypeLabel(Postmark::StreamType type);
// "Name (id)", or just the id when the stream has no name.
QString streamLabel(const Postmark::MessageStream &stream);

// The server's default stream of a type: for Transactional the non-archived "outbound", for
// Broadcasts the non-archived "broadcast", else the first non-archived stream of that type in ID
// order; empty when there is none.
QString defaultStreamId(Postmark::StreamType type, const QList<Postmark::MessageStream> &streams);

// Each category -> its dedicated stream when that exists, is not archived and has the right type;
// otherwise the default stream of its type (empty when the server has none).
Mapping recommended(const QList<Postmark::MessageStream> &streams);

// Creating the recommended streams within Postmark's limit of streams per server. Every existing
// stream counts against the limit, archived and Inbound ones too, so pass the list fetched with
// IncludeArchivedStreams=true.
//
// Order of priority for the free slots:
// 1. A missing default stream of a sending type (no non-archived Broadcasts or Transactional
//    stream at all) is created first, because the categories without a dedicated stream need it:
//    "broadcast" (Name "Broadcasts") or, if that ID is taken, "broadcasts"; "outbound", else
//    "transactional", for Transactional (a real server always has "outbound").
// 2. Then the missing dedicated streams, in category order, as many as the remaining room allows.
// A dedicated ID that exists but is archived, Inbound or of the wrong type is never created
// (Postmark error 1230: the ID is taken); that category falls back to its type's default.
struct Plan
{
    QList<Postmark::NewMessageStream> toCreate; // in the order to create them
    Mapping mapping; // once toCreate exists: dedicated where possible, the type's default elsewhere
    // Category ids that wanted a dedicated stream but got the default (no room, or the ID taken).
    QStringList fallbackCategories;
    // Stream types (Postmark's spelling, "Transactional" / "Broadcasts") that still have no
    // default stream once toCreate exists: no room, or every candidate ID taken. The categories of
    // such a type stay unmapped (empty) in the mapping.
    QStringList missingDefaults;

    bool isEmpty() const { return toCreate.isEmpty(); }
};
Plan planRecommendedStreams(const QList<Postmark::MessageStream> &streams, int limit = 10);

// Every category is present in the mapping and Ok.
bool isComplete(const Mapping &mapping, const QList<Postmark::MessageStream> &streams);
// How many categories are missing from the mapping or not Ok.
int problemCount(const Mapping &mapping, const QList<Postmark::MessageStream> &streams);

// The streams a category may be mapped to: not archived, of the category's type; the recommended
// one first, the others in ID order.
QList<Postmark::MessageStream> choices(const EmailCategory &category,
                                       const QList<Postmark::MessageStream> &streams);

} // namespace StreamMapping
