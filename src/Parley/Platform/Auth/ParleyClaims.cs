namespace Parley.Platform.Auth;

public static class ParleyClaims
{
    public const string WorkspaceId = "parley:workspace";
    public const string ApiKeyId = "parley:api_key";
    public const string Scope = "parley:scope";
}

public static class AuthSchemes
{
    /// <summary>The default: looks at the request and forwards to the scheme that fits it.</summary>
    public const string Selector = "Parley";
    public const string ApiKey = "ApiKey";
    public const string ApiKeyPrefix = "pk_";
    public const string ApiKeyHeader = "X-API-Key";
    public const string RefreshPrefix = "rt_";
}

public static class Policies
{
    public const string Viewer = "workspace:viewer";
    public const string Agent = "workspace:agent";
    public const string Admin = "workspace:admin";
    public const string Owner = "workspace:owner";
}
