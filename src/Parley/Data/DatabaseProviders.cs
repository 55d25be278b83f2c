using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Parley.Data;

/// <summary>
/// Which provider a context runs on, by the provider's name: unlike <c>IsNpgsql()</c> this does not load the PostgreSQL
/// provider's assembly into a SQLite install (it stays out of memory until PostgreSQL is configured).
/// </summary>
public static class DatabaseProviders
{
    public const string Postgres = "Npgsql.EntityFrameworkCore.PostgreSQL";

    public static bool IsPostgres(this DatabaseFacade database) => database.ProviderName == Postgres;
}
