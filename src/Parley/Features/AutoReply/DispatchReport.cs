namespace Parley.Features.AutoReply;

/// <summary>What one dispatcher pass did.</summary>
public sealed record DispatchReport(int Claimed, int Sent, int Retried, int Failed, int Cancelled, int Postponed, int Recovered)
{
    public static readonly DispatchReport Empty = new(0, 0, 0, 0, 0, 0, 0);

    public DispatchReport Add(DispatchReport o) =>
        new(Claimed + o.Claimed, Sent + o.Sent, Retried + o.Retried, Failed + o.Failed, Cancelled + o.Cancelled, Postponed + o.Postponed, Recovered + o.Recovered);
}
