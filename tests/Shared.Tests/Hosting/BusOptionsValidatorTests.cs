using TransferPipeline.Hosting.Messaging;

namespace TransferPipeline.Shared.Tests.Hosting;

/// <summary>Both sides read one Bus section: the transport spelled InMemory or RabbitMq in any case, the broker by URI or by parts.</summary>
[TestFixture]
internal sealed class BusOptionsValidatorTests
{
    [TestCase("InMemory", null, null, true)]
    [TestCase("inmemory", null, null, true)]
    [TestCase("RabbitMq", "amqp://127.0.0.1/", null, true)]
    [TestCase("rabbitmq", null, "127.0.0.1", true)]
    [TestCase("RabbitMq", "amqps://user:secret@broker.internal:5671/highside", null, true)]
    [TestCase("RabbitMq", null, "", false)]
    [TestCase("RabbitMq", "http://127.0.0.1/", null, false)]
    [TestCase("in-memory", null, null, false)]
    [TestCase("Kafka", null, null, false)]
    public void Validate_Transport_AcceptsOnlyKnownSpellings(string transport, string? uri, string? host, bool valid)
    {
        var options = new BusOptions { Transport = transport, Uri = uri };
        if (host is not null)
        {
            options.Host = host;
        }

        var result = new BusOptionsValidator().Validate(options);

        Assert.That(result.IsValid, Is.EqualTo(valid), string.Join("; ", result.Errors));
    }

    [TestCase("amqp://127.0.0.1/", "127.0.0.1", 5672, "/", "guest", false)]
    [TestCase("amqps://tp:s%40cret@broker.internal/", "broker.internal", 5671, "/", "tp", true)]
    [TestCase("amqp://tp:secret@127.0.0.1:25672/high%2Fside", "127.0.0.1", 25672, "high/side", "tp", false)]
    public void Broker_FromUri_TakesHostPortVirtualHostAndCredentials(string uri, string host, int port, string virtualHost, string user, bool tls)
    {
        var broker = new BusOptions { Transport = BusOptions.RabbitMq, Uri = uri }.Broker();

        Assert.That((broker.Host, broker.Port, broker.VirtualHost, broker.Username, broker.UseTls), Is.EqualTo((host, port, virtualHost, user, tls)));
        Assert.That(broker.ToString(), Does.Not.Contain("cret"), "the password is never shown");
    }

    [Test]
    public void Broker_FromParts_UsesTheTlsPortUnlessOneIsGiven()
    {
        var tls = new BusOptions { Transport = BusOptions.RabbitMq, Host = "broker", UseTls = true, Username = "tp", Password = "p" }.Broker();
        var plain = new BusOptions { Transport = BusOptions.RabbitMq, Host = "broker", Port = 5999 }.Broker();

        Assert.That((tls.Port, tls.UseTls, tls.Username, tls.Password), Is.EqualTo((5671, true, "tp", "p")));
        Assert.That((plain.Port, plain.UseTls, plain.Username), Is.EqualTo((5999, false, "guest")));
    }
}
