namespace Parley.Platform;

/// <summary>Creates the string ids every entity uses: time-ordered so new rows land at the end of indexes.</summary>
public static class Ids
{
    public static string New() => Guid.CreateVersion7().ToString("N");
}
