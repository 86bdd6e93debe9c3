namespace TransferPipeline.Shared.Debian;

/// <summary>Text that is not well-formed deb822, or exceeds a limit; the message says where and why.</summary>
public sealed class Deb822Exception(string message) : Exception(message);
