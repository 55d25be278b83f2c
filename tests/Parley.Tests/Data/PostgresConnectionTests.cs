using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Parley.Data;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Data;

/// <summary>How Parley opens PostgreSQL: automatic statement preparation on unless the operator's connection string decides.</summary>
public sealed class PostgresConnectionTests
{
    [Theory]
    [InlineData("Host=db;Username=parley;Password=secret;Database=parley", DataSetup.DefaultMaxAutoPrepare)]
    [InlineData("Host=db;Database=parley;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=parley;max auto prepare=8", 8)]
    [InlineData("Host=db;Database=parley;MaxAutoPrepare=5", 5)]
    public void AutoPrepareIsOnUnlessTheConnectionStringSetsIt(string configured, int expected)
    {
        var effective = new NpgsqlConnectionStringBuilder(DataSetup.WithAutoPrepare(configured));

        Assert.Equal(expected, effective.MaxAutoPrepare);
        var original = new NpgsqlConnectionStringBuilder(configured);
        Assert.Equal(original.Host, effective.Host);
        Assert.Equal(original.Database, effective.Database);
        Assert.Equal(original.Password, effective.Password);
    }

    [Fact]
    public void ThePostgresLaneRunsWithPreparedStatements()
    {
        if (Lanes.PostgresConnection is null)
        {
            return; // runs when PARLEY_TEST_POSTGRES names a server (CI's PostgreSQL lane)
        }

        using var scope = Lanes.App(Lanes.Postgres).Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        Assert.Equal(DataSetup.DefaultMaxAutoPrepare, new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).MaxAutoPrepare);
    }
}
