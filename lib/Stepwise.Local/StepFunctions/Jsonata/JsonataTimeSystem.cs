using System.Globalization;
using Jint.Runtime;

namespace Stepwise.Local.StepFunctions.Jsonata;

/// <summary>
/// The engine's clock for <c>new Date()</c>, which JSONata reads once per evaluation for <c>$now()</c> and
/// <c>$millis()</c>. A session sets <see cref="Now"/> to the scope's instant (the execution's clock, virtual in tests);
/// unset, it is the real clock. Dates are UTC, as in AWS.
/// </summary>
internal sealed class JsonataTimeSystem : ITimeSystem
{
    readonly DefaultTimeSystem _inner = new(TimeZoneInfo.Utc, CultureInfo.InvariantCulture);

    /// <summary>The instant reported while set; the engine is rented by one session at a time.</summary>
    internal DateTimeOffset? Now { get; set; }

    public DateTimeOffset GetUtcNow() => Now ?? _inner.GetUtcNow();
    public TimeZoneInfo DefaultTimeZone => _inner.DefaultTimeZone;
    public bool TryParse(string date, out long epochMilliseconds) => _inner.TryParse(date, out epochMilliseconds);
    public TimeSpan GetUtcOffset(long epochMilliseconds) => _inner.GetUtcOffset(epochMilliseconds);
}
