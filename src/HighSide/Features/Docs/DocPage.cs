namespace TransferPipeline.HighSide.Features.Docs;

/// <summary>One document as the console shows it: its name (its path under the docs directory, without .md), title and HTML.</summary>
internal sealed record DocPage(string Name, string Title, string Html);
