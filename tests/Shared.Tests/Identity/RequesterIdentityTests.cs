using System.Globalization;
using System.Text;
using TransferPipeline.Shared.Identity;

namespace TransferPipeline.Shared.Tests.Identity;

[TestFixture]
internal sealed class RequesterIdentityTests
{
    /// <summary>The rule as specified, without the ASCII shortcut: trimmed, NFKC, lower case (invariant).</summary>
    private static string BySpecification(string identity) =>
        identity.Trim().Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);

    [Test]
    public void Canonical_EveryAsciiCharacter_AsTheSpecifiedRuleSpellsIt()
    {
        for (var c = 0; c < 128; c++)
        {
            foreach (var text in new[] { $"local:A{(char)c}z", $"{(char)c}", $"{(char)c}Bob{(char)c}" })
            {
                Assert.That(RequesterIdentity.Canonical(text), Is.EqualTo(BySpecification(text)), $"U+{c:X4} in \"{text}\"");
            }
        }
    }

    [TestCase("  Local:ALICE\t", "local:alice")]
    [TestCase("ｌｏｃａｌ:ＡＬＩＣＥ", "local:alice")] // full-width letters: NFKC folds them to ASCII
    [TestCase("local:Zoë", "local:zoë")]
    [TestCase("local:ZOE\u0308", "local:zoë")] // a combining diaeresis composes
    [TestCase("oidc:https://IdP.Example/#ÅSA\u3000", "oidc:https://idp.example/#åsa")] // an ideographic space is trimmed
    [TestCase("local:İ", "local:İ")] // invariant casing has no mapping for the dotted capital I (no Turkish rule)
    public void Canonical_NonAsciiOrPadded_FoldsAsSpecified(string identity, string expected)
    {
        Assert.That(RequesterIdentity.Canonical(identity), Is.EqualTo(expected));
        Assert.That(RequesterIdentity.Canonical(identity), Is.EqualTo(BySpecification(identity)));
    }

    [Test]
    public void Same_SpellingsThatDifferInCaseSpaceOrForm_AreOneIdentity()
    {
        Assert.That(RequesterIdentity.Same("local:alice", " LOCAL:ＡＬＩＣＥ "), Is.True);
        Assert.That(RequesterIdentity.Same(RequesterIdentity.ForLocalUser("Alice"), "local:alice"), Is.True);
        Assert.That(RequesterIdentity.Same("local:alice", "local:alicia"), Is.False);
        Assert.That(RequesterIdentity.Same("local:alice", null), Is.False);
    }
}
