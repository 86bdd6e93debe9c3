namespace TransferPipeline.Shared.Batches;

/// <summary>The pins form of a language package artifact's name (npm, pypi, ...): distinct pins separated by single spaces.</summary>
public static class RequestedPins
{
    /// <summary>
    /// The pins of <paramref name="names"/>, each read by <paramref name="parse"/> (null for text that is not a pin); null unless
    /// there are 1 to <paramref name="max"/> of them, all valid and distinct.
    /// </summary>
    public static IReadOnlyList<T>? Split<T>(string? names, Func<string, T?> parse, int max)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (string.IsNullOrEmpty(names))
        {
            return null;
        }

        var split = names.Split(' ');
        var pins = split.Select(parse).OfType<T>().ToList();
        return split.Length <= max && pins.Count == split.Length && pins.Distinct().Count() == pins.Count ? pins : null;
    }
}
