using System.Globalization;
using System.Text;
using Stepwise.Aws.Logs;

namespace Stepwise.Local.Logs;

public sealed partial class LocalLogs
{
    /// <summary>AWS's cap on the events one GetLogEvents / FilterLogEvents page returns.</summary>
    public const int MaxEventsPerPage = 10_000;

    private const int MaxPageBytes = 1_048_576;
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(14);
    private static readonly TimeSpan MaxAhead = TimeSpan.FromHours(2);
    private static readonly TimeSpan MaxSpan = TimeSpan.FromHours(24);

    /// <summary>
    /// Appends a batch, as AWS does: the group and stream must exist; 1–10,000 events of at most 1 MiB in all (26 bytes
    /// counted per event); timestamps in chronological order (InvalidParameterException otherwise). Events more than
    /// 14 days old or more than 2 hours ahead are not stored and are reported in <c>rejectedLogEventsInfo</c>
    /// (tooOldLogEventEndIndex, tooNewLogEventStartIndex) while the rest of the batch is; those valid events must lie
    /// within 24 hours of each other (InvalidParameterException otherwise).
    /// The sequence token is ignored.
    /// </summary>
    public Task<PutLogEventsResponse> PutLogEventsAsync(PutLogEventsRequest input, CancellationToken cancellationToken = default)
    {
        ValidateGroupName(input.LogGroupName, "logGroupName");
        ValidateStreamName(input.LogStreamName, "logStreamName");
        var events = input.LogEvents ?? [];
        if (events.Count is 0 or > MaxBatchEvents)
            throw LogsErrors.Constraint($"[{events.Count} events]", "logEvents", $"Member must have length between 1 and {MaxBatchEvents}");
        long bytes = 0;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Message is not { Length: > 0 } message)
                throw LogsErrors.Constraint(events[i].Message, $"logEvents.{i + 1}.member.message", "Member must have length greater than or equal to 1");
            bytes += Encoding.UTF8.GetByteCount(message) + EventOverheadBytes;
            if (i > 0 && events[i].Timestamp < events[i - 1].Timestamp) throw LogsErrors.NotChronological();
        }
        if (bytes > MaxBatchBytes) throw LogsErrors.UploadTooLarge(bytes);

        var now = Now();
        var oldest = now - (long)MaxAge.TotalMilliseconds;
        var newest = now + (long)MaxAhead.TotalMilliseconds;
        var tooOldEnd = 0;
        while (tooOldEnd < events.Count && events[tooOldEnd].Timestamp < oldest) tooOldEnd++;
        var tooNewStart = events.Count;
        while (tooNewStart > tooOldEnd && events[tooNewStart - 1].Timestamp > newest) tooNewStart--;
        // The 24-hour span applies to the valid events, those not rejected as too old or too new.
        if (tooNewStart > tooOldEnd && events[tooNewStart - 1].Timestamp - events[tooOldEnd].Timestamp > (long)MaxSpan.TotalMilliseconds)
            throw LogsErrors.SpansMoreThanADay();

        lock (_gate)
        {
            if (!GroupExists(input.LogGroupName)) throw LogsErrors.LogGroupNotFound();
            if (!StreamExists(input.LogGroupName, input.LogStreamName)) throw LogsErrors.LogStreamNotFound();
            if (tooNewStart > tooOldEnd)
            {
                InTransaction(() =>
                {
                    long stored = 0;
                    for (var i = tooOldEnd; i < tooNewStart; i++)
                    {
                        Execute("INSERT INTO log_events (group_name, stream_name, timestamp, ingestion, message) VALUES ($0, $1, $2, $3, $4)",
                            input.LogGroupName, input.LogStreamName, events[i].Timestamp, now, events[i].Message);
                        stored += Encoding.UTF8.GetByteCount(events[i].Message);
                    }
                    Execute("""
                        UPDATE log_streams SET first_event = MIN(COALESCE(first_event, $2), $2), last_event = MAX(COALESCE(last_event, $3), $3), last_ingestion = $4
                        WHERE group_name = $0 AND name = $1
                        """, input.LogGroupName, input.LogStreamName, events[tooOldEnd].Timestamp, events[tooNewStart - 1].Timestamp, now);
                    Execute("UPDATE log_groups SET stored_bytes = stored_bytes + $1 WHERE name = $0", input.LogGroupName, stored);
                });
            }
        }
        var rejected = tooOldEnd > 0 || tooNewStart < events.Count
            ? new RejectedLogEventsInfo
            {
                TooOldLogEventEndIndex = tooOldEnd > 0 ? tooOldEnd : null,
                TooNewLogEventStartIndex = tooNewStart < events.Count ? tooNewStart : null,
            }
            : null;
        return Task.FromResult(new PutLogEventsResponse
        {
            NextSequenceToken = now.ToString(CultureInfo.InvariantCulture),
            RejectedLogEventsInfo = rejected,
        });
    }

    /// <summary>
    /// A page of a stream's events, oldest first, from <c>[startTime, endTime)</c>. Without a token the page is the newest
    /// events, or the oldest with <c>startFromHead</c>; <c>nextForwardToken</c> / <c>nextBackwardToken</c> continue after
    /// / before it, and at either end AWS (and this) answers no events and the token that was passed in.
    /// </summary>
    public Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest input, CancellationToken cancellationToken = default)
    {
        var group = ResolveGroup(input.LogGroupName, input.LogGroupIdentifier);
        ValidateStreamName(input.LogStreamName, "logStreamName");
        var limit = Limit(input.Limit, MaxEventsPerPage, "limit");
        var cursor = input.NextToken is { } token ? LogEventCursor.Parse(token) : input.StartFromHead == true ? LogEventCursor.Head : LogEventCursor.Tail;
        var start = input.StartTime ?? long.MinValue;
        var end = input.EndTime ?? long.MaxValue;

        List<(long Id, OutputLogEvent Event)> page;
        lock (_gate)
        {
            if (!GroupExists(group)) throw LogsErrors.LogGroupNotFound();
            if (!StreamExists(group, input.LogStreamName)) throw LogsErrors.LogStreamNotFound();
            page = cursor.Forward
                ? Query("""
                    SELECT id, timestamp, message, ingestion FROM log_events
                    WHERE group_name = $0 AND stream_name = $1 AND timestamp >= $2 AND timestamp < $3 AND (timestamp > $4 OR (timestamp = $4 AND id > $5))
                    ORDER BY timestamp, id LIMIT $6
                    """, ReadOutput, group, input.LogStreamName, start, end, cursor.Timestamp, cursor.Id, limit)
                : Query("""
                    SELECT id, timestamp, message, ingestion FROM log_events
                    WHERE group_name = $0 AND stream_name = $1 AND timestamp >= $2 AND timestamp < $3 AND (timestamp < $4 OR (timestamp = $4 AND id < $5))
                    ORDER BY timestamp DESC, id DESC LIMIT $6
                    """, ReadOutput, group, input.LogStreamName, start, end, cursor.Timestamp, cursor.Id, limit);
        }
        if (!cursor.Forward) page.Reverse();
        page = CapBytes(page, e => e.Event.Message!, keepFirst: cursor.Forward);

        string forward, backward;
        if (page.Count == 0)
        {
            // At the end in the direction read: the same token again, and its mirror (the events on the other side of it).
            if (cursor.Forward)
            {
                forward = cursor.Format();
                backward = new LogEventCursor(false, cursor.Timestamp, cursor.Id == long.MaxValue ? cursor.Id : cursor.Id + 1).Format();
            }
            else
            {
                backward = cursor.Format();
                forward = cursor == LogEventCursor.Tail
                    ? LogEventCursor.Head.Format()
                    : new LogEventCursor(true, cursor.Timestamp, cursor.Id == long.MinValue ? cursor.Id : cursor.Id - 1).Format();
            }
        }
        else
        {
            var (firstId, first) = page[0];
            var (lastId, last) = page[^1];
            forward = new LogEventCursor(true, last.Timestamp!.Value, lastId).Format();
            backward = new LogEventCursor(false, first.Timestamp!.Value, firstId).Format();
        }
        return Task.FromResult(new GetLogEventsResponse
        {
            Events = page.Select(e => e.Event).ToList(),
            NextForwardToken = forward,
            NextBackwardToken = backward,
        });
    }

    /// <summary>
    /// Events of a group across its streams (all, <c>logStreamNames</c>, or those under <c>logStreamNamePrefix</c> — not
    /// both), oldest first, from <c>[startTime, endTime)</c>, that match <c>filterPattern</c> (see <see cref="FilterPattern"/>
    /// for the syntax local logs evaluate), up to <c>limit</c> events or 1 MB. <c>nextToken</c> is given while more events may match.
    /// </summary>
    public Task<FilterLogEventsResponse> FilterLogEventsAsync(FilterLogEventsRequest input, CancellationToken cancellationToken = default)
    {
        var group = ResolveGroup(input.LogGroupName, input.LogGroupIdentifier);
        if (input.LogStreamNames is not null && input.LogStreamNamePrefix is not null)
            throw LogsErrors.InvalidParameter("Cannot specify both logStreamNames and logStreamNamePrefix.");
        if (input.LogStreamNames is { Count: 0 or > 100 } names)
            throw LogsErrors.Constraint($"[{names.Count} names]", "logStreamNames", "Member must have length between 1 and 100");
        var limit = Limit(input.Limit, MaxEventsPerPage, "limit");
        var pattern = FilterPattern.Parse(input.FilterPattern);
        var cursor = input.NextToken is { } token ? LogEventCursor.Parse(token) : LogEventCursor.Head;
        if (!cursor.Forward) throw LogsErrors.InvalidToken();
        var start = input.StartTime ?? long.MinValue;
        var end = input.EndTime ?? long.MaxValue;

        var matched = new List<FilteredLogEvent>();
        List<string> streams;
        var exhausted = false;
        lock (_gate)
        {
            if (!GroupExists(group)) throw LogsErrors.LogGroupNotFound();
            streams = Query("SELECT name FROM log_streams WHERE group_name = $0 AND substr(name, 1, length($1)) = $1 ORDER BY name",
                r => r.GetString(0), group, input.LogStreamNamePrefix ?? "");
            if (input.LogStreamNames is { } wanted)
                streams = [.. streams.Where(wanted.Contains)];
            var included = streams.ToHashSet(StringComparer.Ordinal);
            const int chunk = 1000;
            var full = false;
            long pageBytes = 0;
            while (!full)
            {
                var rows = Query("""
                    SELECT id, stream_name, timestamp, message, ingestion FROM log_events
                    WHERE group_name = $0 AND timestamp >= $1 AND timestamp < $2 AND (timestamp > $3 OR (timestamp = $3 AND id > $4))
                    ORDER BY timestamp, id LIMIT $5
                    """, r => (Id: r.GetInt64(0), Stream: r.GetString(1), Timestamp: r.GetInt64(2), Message: r.GetString(3), Ingestion: r.GetInt64(4)),
                    group, start, end, cursor.Timestamp, cursor.Id, chunk);
                var consumed = 0;
                foreach (var row in rows)
                {
                    consumed++;
                    cursor = new LogEventCursor(true, row.Timestamp, row.Id);
                    if (!included.Contains(row.Stream) || !pattern.Matches(row.Message)) continue;
                    matched.Add(new FilteredLogEvent
                    {
                        LogStreamName = row.Stream,
                        Timestamp = row.Timestamp,
                        Message = row.Message,
                        IngestionTime = row.Ingestion,
                        EventId = row.Id.ToString(CultureInfo.InvariantCulture),
                    });
                    pageBytes += Encoding.UTF8.GetByteCount(row.Message) + EventOverheadBytes;
                    if (matched.Count == limit || pageBytes >= MaxPageBytes)
                    {
                        full = true;
                        break;
                    }
                }
                // Scanned to the end: nothing more can match (also when the last match was the last event).
                if (rows.Count < chunk && consumed == rows.Count) exhausted = true;
                if (rows.Count < chunk) break;
            }
        }
        return Task.FromResult(new FilterLogEventsResponse
        {
            Events = matched,
            SearchedLogStreams = streams.Select(s => new SearchedLogStream { LogStreamName = s, SearchedCompletely = exhausted }).ToList(),
            NextToken = exhausted ? null : cursor.Format(),
        });
    }

    private static (long Id, OutputLogEvent Event) ReadOutput(Microsoft.Data.Sqlite.SqliteDataReader r) =>
        (r.GetInt64(0), new OutputLogEvent { Timestamp = r.GetInt64(1), Message = r.GetString(2), IngestionTime = r.GetInt64(3) });

    /// <summary>Keeps a page within AWS's 1 MB response size: from the start when reading forward, from the end backward.</summary>
    private static List<T> CapBytes<T>(List<T> page, Func<T, string> message, bool keepFirst)
    {
        long bytes = 0;
        var kept = 0;
        for (var i = 0; i < page.Count; i++)
        {
            var item = page[keepFirst ? i : page.Count - 1 - i];
            bytes += Encoding.UTF8.GetByteCount(message(item)) + EventOverheadBytes;
            if (bytes > MaxPageBytes && kept > 0) break;
            kept++;
        }
        return kept == page.Count ? page : keepFirst ? page.GetRange(0, kept) : page.GetRange(page.Count - kept, kept);
    }
}
