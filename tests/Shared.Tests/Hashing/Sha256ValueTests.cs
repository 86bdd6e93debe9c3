using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Tests.Hashing;

/// <summary>A manifest's SHA-256 held as 32 bytes when it is 64 lowercase hex digits, and as its text when it is anything else.</summary>
[TestFixture]
internal sealed class Sha256ValueTests
{
    private static readonly string Hex = Convert.ToHexStringLower(SHA256.HashData("hello"u8));

    [Test]
    public void Parse_LowercaseHex_IsHexAndPrintsTheSameText()
    {
        var value = Sha256Value.Parse(Hex);

        Assert.Multiple(() =>
        {
            Assert.That(value.IsHex, Is.True);
            Assert.That(value.ToString(), Is.EqualTo(Hex));
            Assert.That($"{value}  path", Is.EqualTo(Hex + "  path"));
            Assert.That(value, Is.EqualTo(Sha256Value.FromHash(SHA256.HashData("hello"u8))));
            Assert.That(value.HashEquals(SHA256.HashData("hello"u8)), Is.True);
            Assert.That(value.HashEquals(SHA256.HashData("hellO"u8)), Is.False);
            Assert.That(value.TextEquals(Hex), Is.True);
            Assert.That(value.TextEquals(Hex.ToUpperInvariant()), Is.False);
        });
    }

    [Test]
    public void FromHash_EveryByteValue_RoundTripsThroughItsHex()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        for (var start = 0; start <= 256 - Sha256Value.HashBytes; start += 8)
        {
            var hash = bytes.AsSpan(start, Sha256Value.HashBytes);
            var value = Sha256Value.FromHash(hash);
            var written = new byte[Sha256Value.HashBytes];

            Assert.That(value.ToString(), Is.EqualTo(Convert.ToHexStringLower(hash)));
            Assert.That(Sha256Value.Parse(value.ToString()), Is.EqualTo(value));
            Assert.That(value.TryWriteHash(written) && written.AsSpan().SequenceEqual(hash), Is.True);
        }
    }

    [TestCase("uppercase", "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824")]
    [TestCase("mixed case", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938B9824")]
    [TestCase("63 digits", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982")]
    [TestCase("65 digits", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b98240")]
    [TestCase("not hex", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982g")]
    [TestCase("with a prefix", "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")]
    [TestCase("empty", "")]
    [TestCase("non-ASCII", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982é")]
    public void Parse_NotLowercaseHex_KeepsItsTextAndIsNotHex(string what, string text)
    {
        var value = Sha256Value.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(value.IsHex, Is.EqualTo(Sha256Digest.IsHex(text)).And.False, what);
            Assert.That(value.ToString(), Is.SameAs(text), what);
            Assert.That(value.TextEquals(text), Is.True, what);
            Assert.That(value, Is.Not.EqualTo(Sha256Value.Parse(Hex)), what);
            Assert.That(value.HashEquals(SHA256.HashData("hello"u8)), Is.False, what);
            Assert.That(value.TryWriteHash(new byte[Sha256Value.HashBytes]), Is.False, what);
        });
    }

    [Test]
    public void Equals_SameTextParsedTwice_EqualWithTheSameHashCode()
    {
        var upper = Hex.ToUpperInvariant();

        Assert.Multiple(() =>
        {
            Assert.That(Sha256Value.Parse(new string(Hex)), Is.EqualTo(Sha256Value.Parse(Hex)));
            Assert.That(Sha256Value.Parse(new string(upper)), Is.EqualTo(Sha256Value.Parse(upper)));
            Assert.That(Sha256Value.Parse(upper).GetHashCode(), Is.EqualTo(Sha256Value.Parse(new string(upper)).GetHashCode()));
            Assert.That(Sha256Value.Parse(Hex).GetHashCode(), Is.EqualTo(Sha256Value.FromHash(SHA256.HashData("hello"u8)).GetHashCode()));
            Assert.That(Sha256Value.Parse(upper) != Sha256Value.Parse(Hex), Is.True);
        });
    }

    [Test]
    public void CompareTo_HashesAndOtherTexts_OrderAsTheirTextsDo()
    {
        string[] texts =
        [
            new string('0', 64), new string('f', 64), "0" + new string('f', 63), new string('f', 63) + "0", Hex, Hex.ToUpperInvariant(),
            "", "g", "sha256:" + Hex, new string('0', 63), new string('0', 65), "a" + new string('0', 63), "A" + new string('0', 63),
        ];

        var byValue = texts.Select(Sha256Value.Parse).Order().Select(v => v.ToString());

        Assert.That(byValue, Is.EqualTo(texts.Order(StringComparer.Ordinal)));
    }

    [TestCase("\"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\"", true)]
    [TestCase("\"\\u0032cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\"", true)]
    [TestCase("\"2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824\"", false)]
    [TestCase("\"abc\"", false)]
    public void Json_AString_ReadsAsItsTextAndWritesItBack(string json, bool isHex)
    {
        var value = JsonSerializer.Deserialize<Sha256Value>(json);

        Assert.That(value.IsHex, Is.EqualTo(isHex));
        Assert.That(value.ToString(), Is.EqualTo(JsonSerializer.Deserialize<string>(json)));
        Assert.That(JsonSerializer.Serialize(value), Is.EqualTo(JsonSerializer.Serialize(value.ToString())));
    }

    [TestCase("null")]
    [TestCase("1")]
    [TestCase("{}")]
    [TestCase("[]")]
    public void Json_NotAString_JsonException(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Sha256Value>(json));

    [Test]
    public void Json_InvalidUtf8_Refused()
    {
        var json = Encoding.UTF8.GetBytes("\"" + Hex[..62]).Concat(new byte[] { 0xC3, 0x28, (byte)'"' }).ToArray();

        Assert.Catch(() => JsonSerializer.Deserialize<Sha256Value>(json));
    }
}
