namespace TransferPipeline.Hosting.Messaging;

/// <summary>A RabbitMQ broker and the account to use; <see cref="ToString"/> hides the password.</summary>
public sealed record BrokerAddress(string Host, int Port, string VirtualHost, string Username, string Password, bool UseTls)
{
    public override string ToString() => $"{(UseTls ? "amqps" : "amqp")}://{Username}@{Host}:{Port}/{VirtualHost} (password hidden)";
}
