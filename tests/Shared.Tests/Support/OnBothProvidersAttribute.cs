using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// Builds the fixture once per provider, passing the <see cref="DatabaseProvider"/> to its constructor: its tests run with
/// the state in SQLite, then in PostgreSQL. Inherited, so a base class can carry it (<see cref="ProviderFixture"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class OnBothProvidersAttribute : NUnitAttribute, IFixtureBuilder
{
    private static readonly DatabaseProvider[] Providers = [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    public IEnumerable<TestSuite> BuildFrom(ITypeInfo typeInfo) =>
        Providers.SelectMany(provider => new TestFixtureAttribute(provider).BuildFrom(typeInfo));
}
