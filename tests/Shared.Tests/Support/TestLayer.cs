namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// One file that becomes one gzip tar layer. Content is deterministic (text, or seeded random
/// bytes), so the same layer always has the same digest: pass one instance to two images to make
/// them share a base layer.
/// </summary>
public sealed record TestLayer
{
    private TestLayer(string path, long size, int? seed, string? text)
    {
        Path = path;
        Size = size;
        Seed = seed;
        Text = text;
    }

    /// <summary>File path inside the layer, e.g. <c>etc/base.txt</c>.</summary>
    public string Path { get; }

    /// <summary>File size in bytes.</summary>
    public long Size { get; }

    /// <summary>Random seed for <see cref="RandomBytes"/> layers.</summary>
    public int? Seed { get; }

    /// <summary>Content of <see cref="Textual"/> layers.</summary>
    public string? Text { get; }

    /// <summary>A small text file.</summary>
    public static TestLayer Textual(string path, string text) =>
        new(path, System.Text.Encoding.UTF8.GetByteCount(text), null, text);

    /// <summary>A file of <paramref name="size"/> seeded random bytes; gzip cannot shrink it, so the layer is about that size.</summary>
    public static TestLayer RandomBytes(string path, long size, int seed) => new(path, size, seed, null);

    /// <summary>A base layer shared by images built for "two images sharing a base" scenarios.</summary>
    public static TestLayer SharedBase { get; } = Textual("etc/base-release", "transferpipeline test base 1\n");
}
