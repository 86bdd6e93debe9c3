namespace TransferPipeline.HighSide.Kinds.Deb;

/// <summary>What one suite of a published repository holds: its components and index architectures, and when it last changed.</summary>
internal sealed record PublishedDebSuite(IReadOnlyList<string> Components, IReadOnlyList<string> Architectures, DateTimeOffset ChangedUtc);
