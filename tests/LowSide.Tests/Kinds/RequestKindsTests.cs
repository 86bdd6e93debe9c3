using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.LowSide.Kinds;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.LowSide.Tests.Kinds;

/// <summary>Every kind of the batch format is a whole unit on the low side: a verb, rules and a gatherer.</summary>
[TestFixture]
internal sealed class RequestKindsTests
{
    private static IEnumerable<string> FormatKinds => ArtifactKinds.All.Select(k => k.Name);

    [TestCaseSource(nameof(FormatKinds))]
    public void All_EveryFormatKind_HasARequestKind(string kind) =>
        Assert.That(RequestKinds.Find(kind), Is.Not.Null, $"no RequestKind for '{kind}': add a folder under src/LowSide/Kinds");

    [Test]
    public void All_EveryRequestKind_IsAFormatKind() =>
        Assert.That(RequestKinds.All.Select(k => k.Name), Is.EquivalentTo(FormatKinds));

    [TestCaseSource(nameof(FormatKinds))]
    public async Task Services_EveryKind_HasAGatherer(string kind)
    {
        await using var site = await TestSite.CreateAsync();
        var services = await site.ServicesAsync();

        Assert.That(services.GetKeyedService<IArtifactGatherer>(kind), Is.Not.Null);
    }

    [TestCaseSource(nameof(FormatKinds))]
    public void CommandLine_EveryKind_HasARequestAddVerb(string kind)
    {
        var add = LowSideCommandLine.Build().Subcommands.Single(c => c.Name == "request").Subcommands.Single(c => c.Name == "add");

        Assert.That(add.Subcommands.Select(c => c.Name), Does.Contain(kind));
    }
}
