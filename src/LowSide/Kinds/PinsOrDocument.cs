using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Requests;

namespace TransferPipeline.LowSide.Kinds;

/// <summary>What a gatherer of a <see cref="PinsOrDocumentKind{TGatherer}"/> request wants: the request's pins, or its document's entries.</summary>
internal static class PinsOrDocument
{
    /// <summary>
    /// Without a <paramref name="document"/>, each pin of the request's name (<paramref name="split"/>, else refused as not
    /// <paramref name="nameDescription"/>) as <paramref name="fromPin"/> makes it, and the pins as written, the set's Requested;
    /// with one, what <paramref name="read"/> reads from it (refusing it as it must), and nothing Requested.
    /// </summary>
    public static (IReadOnlyList<string> Requested, IReadOnlyList<T> Wanted) Wanted<TPin, T>(
        ArtifactRequest request,
        string? document,
        Func<string?, IReadOnlyList<TPin>?> split,
        string nameDescription,
        Func<TPin, T> fromPin,
        Func<string, IReadOnlyList<T>> read)
        where TPin : notnull
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(fromPin);
        ArgumentNullException.ThrowIfNull(read);
        if (document is not null)
        {
            return ([], read(document));
        }

        var pins = split(request.Name) ?? throw new GatherRefusedException($"'{request.Name}' is not {nameDescription}");
        return ([.. pins.Select(p => p.ToString()!)], [.. pins.Select(fromPin)]);
    }
}
