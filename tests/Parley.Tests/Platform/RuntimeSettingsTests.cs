using System.Text.Json;

namespace Parley.Tests.Platform;

/// <summary>The runtime settings the project file asks for reach Parley's runtimeconfig.json, the file a published build runs with.</summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void ParleyRunsWorkstationNonConcurrentGcWithoutTieredPgo()
    {
        // The test assembly sits in tests/Parley.Tests/bin/<configuration>/<tfm>/; Parley's own output is src/Parley/bin/<configuration>/<tfm>/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (tfm, configuration) = (output.Name, output.Parent!.Name);
        var root = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var file = Path.Combine(root, "src", "Parley", "bin", configuration, tfm, "Parley.runtimeconfig.json");
        Assert.True(File.Exists(file), file + " not found");

        using var config = JsonDocument.Parse(File.ReadAllText(file));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.False(properties.GetProperty("System.GC.Concurrent").GetBoolean());
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
    }
}
