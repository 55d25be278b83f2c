using System.Globalization;

namespace Parley.Bench;

/// <summary>Reads another process's memory and CPU from /proc (Linux).</summary>
internal static class ProcFs
{
    /// <summary>A <c>kB</c> field of /proc/&lt;pid&gt;/status, e.g. VmRSS, VmHWM, RssAnon, RssFile.</summary>
    public static long? StatusKb(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    var value = line[(field.Length + 1)..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return long.Parse(value, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    /// <summary>User + system CPU time of a process (utime + stime in /proc/&lt;pid&gt;/stat).</summary>
    public static TimeSpan? CpuTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which is in parentheses and may contain spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
        }
        catch (IOException)
        {
            return null;
        }
    }

    // USER_HZ is 100 on every mainstream Linux build.
    private const int ClockTicksPerSecond = 100;
}
