using Microsoft.EntityFrameworkCore;
using Parley.Data;

namespace Parley.Tests.Data;

/// <summary>The model's configurations are found in metadata; the reflection scan EF Core offers must find exactly the same.</summary>
public sealed class EntityConfigurationDiscoveryTests
{
    [Fact]
    public void TheMetadataScanFindsExactlyTheConfigurationsAReflectionScanFindsInTheSameOrder()
    {
        var assembly = typeof(ParleyDb).Assembly;
        var byReflection = assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false }
                && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>)))
            .ToList();

        var byMetadata = EntityConfigurations.Find(assembly);

        Assert.True(byReflection.Count >= 30, $"only {byReflection.Count} configurations found");
        Assert.Equal(byReflection, byMetadata);
    }
}
