using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// The manifest's time parser, read character by character, against what it replaced: a regular expression for the form
/// and <see cref="DateTimeOffset.TryParse(string, IFormatProvider, DateTimeStyles, out DateTimeOffset)"/> for the values.
/// Both must refuse the same texts and read the others to the same instant and offset.
/// </summary>
[TestFixture]
internal sealed partial class ManifestTimeParserTests
{
    private const string Valid = "2026-11-22T08:00:00+00:00";

    // Times at both ends of the range, where an offset can take the instant out of it.
    private static readonly string[] OffsetProbes =
        ["0001-01-01T00:00:00", "0001-01-01T13:59:00", "2026-11-22T08:00:00", "9999-12-31T10:00:00", "9999-12-31T23:59:59"];

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,7})?(?:Z|[+-][0-9]{2}:[0-9]{2})\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex FormerPattern();

    [TestCase("2026-11-22T08:00:00+00:00")]
    [TestCase("2026-11-22T08:00:00Z")]
    [TestCase("2026-11-22T08:00:00.1234567Z")]
    [TestCase("2026-11-22T08:00:00.5-05:30")]
    [TestCase("2024-02-29T23:59:59+14:00")]
    [TestCase("0001-01-01T00:00:00-14:00")]
    [TestCase("9999-12-31T23:59:59.9999999+14:00")]
    public void Parse_ValidTime_ReadsTheInstantAndOffset(string text)
    {
        AssertSameAsFormer(text);
        Assert.That(Former(text), Is.Not.Null, "a valid time in the form");
    }

    [TestCase("2026-11-22T08:00:00", TestName = "Parse_NoOffset_Refused")]
    [TestCase("2026-11-22t08:00:00Z", TestName = "Parse_LowercaseT_Refused")]
    [TestCase("2026-11-22T08:00:00z", TestName = "Parse_LowercaseZ_Refused")]
    [TestCase("2026-11-22 08:00:00Z", TestName = "Parse_SpaceForT_Refused")]
    [TestCase("2026-11-22T08:00:00.12345678Z", TestName = "Parse_EightFractionDigits_Refused")]
    [TestCase("2026-11-22T08:00:00.Z", TestName = "Parse_EmptyFraction_Refused")]
    [TestCase("2023-02-29T08:00:00Z", TestName = "Parse_FebruaryTheTwentyNinthOfACommonYear_Refused")]
    [TestCase("2026-11-22T24:00:00Z", TestName = "Parse_Hour24_Refused")]
    [TestCase("2026-11-22T23:59:60Z", TestName = "Parse_LeapSecond_Refused")]
    [TestCase("2026-11-22T08:00:00+14:01", TestName = "Parse_OffsetBeyond14Hours_Refused")]
    [TestCase("0001-01-01T00:00:00+00:01", TestName = "Parse_BeforeTheFirstInstantInUtc_Refused")]
    [TestCase("9999-12-31T23:59:59-00:01", TestName = "Parse_AfterTheLastInstantInUtc_Refused")]
    [TestCase("0000-01-01T00:00:00Z", TestName = "Parse_YearZero_Refused")]
    [TestCase("２026-11-22T08:00:00Z", TestName = "Parse_FullwidthDigit_Refused")]
    [TestCase("٢٠٢٦-11-22T08:00:00Z", TestName = "Parse_ArabicIndicDigits_Refused")]
    [TestCase(" 2026-11-22T08:00:00Z", TestName = "Parse_LeadingSpace_Refused")]
    [TestCase("2026-11-22T08:00:00Z\n", TestName = "Parse_TrailingLineFeed_Refused")]
    [TestCase("", TestName = "Parse_Empty_Refused")]
    public void Parse_RefusedTime(string text)
    {
        AssertSameAsFormer(text);
        Assert.Throws<JsonException>(() => ManifestTimeConverter.Parse(text));
    }

    [Test]
    public void Parse_EveryFieldSwept_SameVerdictAndValueAsTheFormerParser()
    {
        var cases = 0;
        foreach (var year in new[] { "0000", "0001", "1999", "2000", "2023", "2024", "2100", "9999" })
        {
            foreach (var month in Numbers(0, 13))
            {
                foreach (var day in new[] { "00", "01", "28", "29", "30", "31", "32" })
                {
                    AssertSameAsFormer($"{year}-{month}-{day}T12:00:00Z");
                    cases++;
                }
            }
        }

        foreach (var hour in Numbers(0, 25))
        {
            foreach (var minuteOrSecond in new[] { "00", "01", "59", "60", "99" })
            {
                AssertSameAsFormer($"2026-11-22T{hour}:{minuteOrSecond}:00Z");
                AssertSameAsFormer($"2026-11-22T{hour}:00:{minuteOrSecond}Z");
                cases += 2;
            }
        }

        foreach (var sign in new[] { "+", "-" })
        {
            foreach (var hours in Numbers(0, 16))
            {
                foreach (var minutes in new[] { "00", "01", "30", "59", "60" })
                {
                    foreach (var at in OffsetProbes)
                    {
                        AssertSameAsFormer($"{at}{sign}{hours}:{minutes}");
                        cases++;
                    }
                }
            }
        }

        for (var digits = 0; digits <= 9; digits++)
        {
            AssertSameAsFormer($"2026-11-22T08:00:00.{new string('7', digits)}Z");
            AssertSameAsFormer($"2026-11-22T08:00:00.{"0102030405"[..digits]}+01:00");
            cases += 2;
        }

        Assert.That(cases, Is.GreaterThan(1500));
    }

    [Test]
    public void Parse_EveryCharacterReplaced_SameVerdictAsTheFormerParser()
    {
        var replacements = "09-:T tZz+.٣５\0é";
        foreach (var template in new[] { Valid, "2026-11-22T08:00:00.123Z" })
        {
            for (var i = 0; i < template.Length; i++)
            {
                AssertSameAsFormer(template.Remove(i, 1));
                AssertSameAsFormer(template.Insert(i, "0"));
                foreach (var c in replacements)
                {
                    AssertSameAsFormer(template.Remove(i, 1).Insert(i, c.ToString()));
                }
            }
        }
    }

    private static IEnumerable<string> Numbers(int from, int to) =>
        Enumerable.Range(from, to - from + 1).Select(n => n.ToString("D2", CultureInfo.InvariantCulture));

    private static DateTimeOffset? Former(string text) =>
        FormerPattern().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : null;

    private static void AssertSameAsFormer(string text)
    {
        var expected = Former(text);
        DateTimeOffset? actual;
        try
        {
            actual = ManifestTimeConverter.Parse(text);
        }
        catch (JsonException)
        {
            actual = null;
        }

        Assert.That(actual, Is.EqualTo(expected), $"'{text}'");
        if (actual is { } value)
        {
            Assert.That(value.Offset, Is.EqualTo(expected!.Value.Offset), $"the offset of '{text}'");
        }
    }
}
