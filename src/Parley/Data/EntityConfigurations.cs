using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Microsoft.EntityFrameworkCore;

namespace Parley.Data;

/// <summary>
/// Applies every <see cref="IEntityTypeConfiguration{TEntity}"/> class of an assembly, like
/// <c>ModelBuilder.ApplyConfigurationsFromAssembly</c>, but finds them in the assembly's metadata instead of loading all of its
/// types: loading every type of Parley (endpoints, components, search analysers, …) costs start-up time and pulls in assemblies
/// an install may never use (Lucene.Net, StackExchange.Redis). Only the configuration classes themselves are loaded.
/// A class counts when it is concrete, not generic, and names the interface itself (all of Parley's do; a test compares this
/// with the reflection scan so a class that inherits the interface from a base class cannot be missed silently).
/// </summary>
internal static class EntityConfigurations
{
    private static readonly MethodInfo ApplyConfiguration = typeof(ModelBuilder).GetMethods()
        .Single(m => m.Name == nameof(ModelBuilder.ApplyConfiguration) && m.IsGenericMethodDefinition
            && m.GetParameters()[0].ParameterType.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>));

    public static void ApplyFrom(ModelBuilder builder, Assembly assembly)
    {
        if (assembly.Location.Length == 0)
        {
            // Not loaded from a file (single-file bundle): no metadata to read, scan the types instead.
            builder.ApplyConfigurationsFromAssembly(assembly, t => !t.IsAbstract);
            return;
        }

        foreach (var type in Find(assembly))
        {
            var configuration = Activator.CreateInstance(type, nonPublic: true);
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>)))
            {
                ApplyConfiguration.MakeGenericMethod(contract.GenericTypeArguments[0]).Invoke(builder, [configuration]);
            }
        }
    }

    /// <summary>The configuration classes in metadata (definition) order — the order the reflection scan uses.</summary>
    public static IReadOnlyList<Type> Find(Assembly assembly)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var found = new List<Type>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var definition = reader.GetTypeDefinition(handle);
            if ((definition.Attributes & TypeAttributes.Abstract) != 0 || definition.GetGenericParameters().Count > 0
                || !definition.GetInterfaceImplementations().Any(i => IsEntityConfiguration(reader, reader.GetInterfaceImplementation(i).Interface)))
            {
                continue;
            }

            found.Add(assembly.ManifestModule.ResolveType(MetadataTokens.GetToken(handle)));
        }

        return found;
    }

    /// <summary>True for <c>IEntityTypeConfiguration&lt;X&gt;</c>: a generic instantiation of that EF Core interface.</summary>
    private static bool IsEntityConfiguration(MetadataReader reader, EntityHandle contract)
    {
        if (contract.Kind != HandleKind.TypeSpecification)
        {
            return false;
        }

        var blob = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)contract).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
        {
            return false;
        }

        blob.ReadSignatureTypeCode(); // class
        var generic = blob.ReadTypeHandle();
        if (generic.Kind != HandleKind.TypeReference)
        {
            return false;
        }

        var reference = reader.GetTypeReference((TypeReferenceHandle)generic);
        return reader.StringComparer.Equals(reference.Name, "IEntityTypeConfiguration`1")
            && reader.StringComparer.Equals(reference.Namespace, "Microsoft.EntityFrameworkCore");
    }
}
