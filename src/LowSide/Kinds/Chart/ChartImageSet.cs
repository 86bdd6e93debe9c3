namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>The images found so far, normalised and deduplicated by reference (the first origin wins), at most a limit.</summary>
internal sealed class ChartImageSet(int maxImages)
{
    private readonly List<ChartImage> _images = [];
    private readonly HashSet<string> _references = new(StringComparer.Ordinal);

    public IReadOnlyList<ChartImage> Images => _images;

    /// <summary>Normalises <paramref name="value"/> (Docker-style) and adds it; a value that does not parse is an error.</summary>
    public void Add(string value, string origin) => Add(new ChartImage(ChartImageReference.Normalise(value, origin), origin));

    public void Add(ChartImage image)
    {
        if (!_references.Add(image.Reference))
        {
            return;
        }

        if (_images.Count >= maxImages)
        {
            throw new ChartImageException(
                $"the chart names more than {maxImages} images (the limit); the next one was {image.Reference} from {image.Origin}");
        }

        _images.Add(image);
    }
}
