using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace Parley.Data;

#pragma warning disable EF1001 // EF Core's own migrations assembly, with only the type scan replaced; checked by the migration tests.

/// <summary>
/// EF Core's migrations assembly, except that the migrations and the model snapshot are found in Parley's metadata (classes
/// deriving directly from <see cref="Migration"/> / <see cref="ModelSnapshot"/>) instead of by loading every type of the
/// assembly at start-up — which costs time and loads assemblies a SQLite install never uses (see <see cref="EntityConfigurations"/>).
/// </summary>
internal sealed class MetadataMigrationsAssembly(
    ICurrentDbContext currentContext,
    IDbContextOptions options,
    IMigrationsIdGenerator idGenerator,
    IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
    : MigrationsAssembly(currentContext, options, idGenerator, logger)
{
    private readonly Type _contextType = currentContext.Context.GetType();
    private IReadOnlyDictionary<string, TypeInfo>? _migrations;
    private ModelSnapshot? _snapshot;
    private bool _snapshotFound;

    public override IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations ??= FindMigrations();

    public override ModelSnapshot? ModelSnapshot
    {
        get
        {
            if (!_snapshotFound)
            {
                var type = ForThisContext(DerivingFrom(Assembly, "Microsoft.EntityFrameworkCore.Infrastructure", nameof(Microsoft.EntityFrameworkCore.Infrastructure.ModelSnapshot))).FirstOrDefault();
                _snapshot = type is null ? null : (ModelSnapshot)Activator.CreateInstance(type)!;
                _snapshotFound = true;
            }

            return _snapshot;
        }
    }

    private SortedList<string, TypeInfo> FindMigrations()
    {
        var result = new SortedList<string, TypeInfo>(StringComparer.Ordinal);
        foreach (var type in ForThisContext(DerivingFrom(Assembly, "Microsoft.EntityFrameworkCore.Migrations", nameof(Migration))))
        {
            if (type.GetCustomAttribute<MigrationAttribute>()?.Id is { } id)
            {
                result.Add(id, type.GetTypeInfo());
            }
        }

        return result;
    }

    private IEnumerable<Type> ForThisContext(IEnumerable<Type> types) =>
        types.Where(t => t.GetCustomAttribute<DbContextAttribute>()?.ContextType == _contextType);

    /// <summary>Concrete, non-generic classes whose base class is the named type, loading only those.</summary>
    private static List<Type> DerivingFrom(Assembly assembly, string baseNamespace, string baseName)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var found = new List<Type>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var definition = reader.GetTypeDefinition(handle);
            if ((definition.Attributes & TypeAttributes.Abstract) != 0 || definition.GetGenericParameters().Count > 0
                || definition.BaseType.Kind != HandleKind.TypeReference)
            {
                continue;
            }

            var baseType = reader.GetTypeReference((TypeReferenceHandle)definition.BaseType);
            if (reader.StringComparer.Equals(baseType.Name, baseName) && reader.StringComparer.Equals(baseType.Namespace, baseNamespace))
            {
                found.Add(assembly.ManifestModule.ResolveType(MetadataTokens.GetToken(handle)));
            }
        }

        return found;
    }
}
