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

    /// <summary>
    /// Resident kB per mapped file (/proc/&lt;pid&gt;/smaps): every mapping of the same path summed. Only file-backed mappings
    /// (paths starting with '/'); the anonymous heap, stacks and JIT code are not files.
    /// </summary>
    public static IReadOnlyDictionary<string, long> MappedFilesKb(int pid)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            string? path = null;
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
            {
                // A mapping header: "start-end perms offset dev inode [path]"; its fields follow as "Name:  value kB".
                var first = line.IndexOf(' ', StringComparison.Ordinal);
                if (first > 0 && line[..first].Contains('-', StringComparison.Ordinal) && !line.EndsWith(" kB", StringComparison.Ordinal))
                {
                    var slash = line.IndexOf(" /", StringComparison.Ordinal);
                    path = slash < 0 ? null : line[(slash + 1)..].Trim();
                }
                else if (path is not null && line.StartsWith("Rss:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line[4..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
                    result[path] = result.GetValueOrDefault(path) + kb;
                }
            }
        }
        catch (IOException)
        {
        }

        return result;
    }

    // USER_HZ is 100 on every mainstream Linux build.
    private const int ClockTicksPerSecond = 100;
}
