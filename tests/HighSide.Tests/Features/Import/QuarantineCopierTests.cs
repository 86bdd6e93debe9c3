using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.HighSide.Tests.Features.Import;

/// <summary>The copy lists a directory's entries in an array sized by counting them first; the media may change in between.</summary>
public sealed class QuarantineCopierTests
{
    private static readonly Sha256Value[] Names = [new string('c', 64), "lost+found", new string('a', 64), new string('b', 64)];
    private static readonly string[] InOrdinalOrder = [new string('a', 64), new string('b', 64), new string('c', 64), "lost+found"];

    [Test]
    public void Sorted_AsManyNamesAsCounted_AllInOrdinalOrder() =>
        Assert.That(QuarantineCopier.Sorted(Names, Names.Length).Select(n => n.ToString()), Is.EqualTo(InOrdinalOrder));

    [Test]
    public void Sorted_EntriesAddedAfterTheCount_ListedToo([Values(0, 1, 3)] int counted) =>
        Assert.That(QuarantineCopier.Sorted(Names, counted).Select(n => n.ToString()), Is.EqualTo(InOrdinalOrder));

    [Test]
    public void Sorted_EntriesRemovedAfterTheCount_OnlyThoseStillThere()
    {
        var sorted = QuarantineCopier.Sorted(Names.Take(2), Names.Length);

        Assert.That(sorted.Select(n => n.ToString()), Is.EqualTo(new[] { new string('c', 64), "lost+found" }));
    }
}
