namespace TransferPipeline.LowSide.Hosting;

/// <summary>Configuration section "Bus": in-memory by default, RabbitMQ when configured. The password is never logged.</summary>
internal sealed class BusOptions
{
    public const string Section = "Bus";

    public string Transport { get; set; } = "InMemory";
    public string RabbitMqHost { get; set; } = "localhost";
    public string RabbitMqVirtualHost { get; set; } = "/";
    public string? RabbitMqUsername { get; set; }
    public string? RabbitMqPassword { get; set; }

    public bool UsesRabbitMq => string.Equals(Transport, "RabbitMq", StringComparison.OrdinalIgnoreCase);
}
