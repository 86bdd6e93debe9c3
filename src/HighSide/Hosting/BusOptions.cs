namespace TransferPipeline.HighSide.Hosting;

/// <summary>
/// The `Bus` section. Messages only wake workers (the database holds the truth), so the in-memory
/// transport is the default; RabbitMQ is there for sites that run several high-side workers.
/// </summary>
internal sealed class BusOptions
{
    public const string Section = "Bus";
    public const string InMemory = "InMemory";
    public const string RabbitMq = "RabbitMq";

    public string Transport { get; set; } = InMemory;

    /// <summary>Both sides spell the transports the same way; case does not matter.</summary>
    public bool IsRabbitMq => string.Equals(Transport, RabbitMq, StringComparison.OrdinalIgnoreCase);

    public bool IsInMemory => string.Equals(Transport, InMemory, StringComparison.OrdinalIgnoreCase);

    /// <summary>For RabbitMQ, e.g. rabbitmq://127.0.0.1/highside.</summary>
    public string? Host { get; set; }

    public string? Username { get; set; }

    /// <summary>A secret: never logged.</summary>
    public string? Password { get; set; }

    public override string ToString() => $"{Transport} {Host} (password hidden)";
}
