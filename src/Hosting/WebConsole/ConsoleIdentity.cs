namespace TransferPipeline.Hosting.WebConsole;

/// <summary>What the console calls itself: "TransferPipeline low side · site-a".</summary>
public sealed record ConsoleIdentity(string Title);
