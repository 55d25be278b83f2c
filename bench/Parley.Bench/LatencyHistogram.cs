namespace Parley.Bench;

/// <summary>
/// Fixed-size log-linear histogram of latencies in microseconds (about 0.1 % precision), so memory stays bounded
/// however many requests a run completes. Exact below 2,048 µs.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int LinearLimit = 2048;
    private const int SubBuckets = 1024;
    private const int MaxExponent = 40;
    private readonly long[] counts = new long[LinearLimit + (MaxExponent * SubBuckets)];

    public long Count { get; private set; }

    public void Record(long micros)
    {
        counts[Index(Math.Max(0, micros))]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] += other.counts[i];
        }

        Count += other.Count;
    }

    /// <summary>The latency in microseconds at or below which <paramref name="fraction"/> of the samples fall.</summary>
    public double Percentile(double fraction)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(fraction * Count);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= Math.Max(1, rank))
            {
                return ValueOf(i);
            }
        }

        return ValueOf(counts.Length - 1);
    }

    private static int Index(long v)
    {
        if (v < LinearLimit)
        {
            return (int)v;
        }

        var log2 = 63 - (int)long.LeadingZeroCount(v);
        var shift = Math.Min(log2 - 10, MaxExponent);
        var mantissa = (int)Math.Min(v >> shift, (2 * SubBuckets) - 1);
        return LinearLimit + ((shift - 1) * SubBuckets) + (mantissa - SubBuckets);
    }

    private static double ValueOf(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var rel = index - LinearLimit;
        var shift = (rel / SubBuckets) + 1;
        var mantissa = (rel % SubBuckets) + SubBuckets;
        // middle of the bucket
        return ((long)mantissa << shift) + ((1L << shift) / 2.0);
    }
}
