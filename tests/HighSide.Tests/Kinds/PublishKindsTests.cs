using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.HighSide.Kinds;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.HighSide.Tests.Kinds;

/// <summary>Every kind of the batch format is a whole unit on the high side: a mirror and a publisher.</summary>
[TestFixture]
internal sealed class PublishKindsTests
{
    private static IEnumerable<string> FormatKinds => ArtifactKinds.All.Select(k => k.Name);

    [Test]
    public void All_AreExactlyTheFormatKinds() =>
        Assert.That(PublishKinds.All.Select(k => k.Name), Is.EquivalentTo(FormatKinds));

    [TestCaseSource(nameof(FormatKinds))]
    public async Task Services_EveryKind_HasAPublisher(string kind)
    {
        await using var highSide = await HighSideHarness.CreateAsync(TimeProvider.System);

        Assert.That(highSide.Services.GetKeyedService<IArtifactPublisher>(kind), Is.Not.Null, $"no publisher for '{kind}'");
    }
}
