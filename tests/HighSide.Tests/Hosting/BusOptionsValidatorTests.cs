using TransferPipeline.HighSide.Hosting;

namespace TransferPipeline.HighSide.Tests.Hosting;

/// <summary>Both sides spell the transports InMemory and RabbitMq, in any case.</summary>
[TestFixture]
internal sealed class BusOptionsValidatorTests
{
    [TestCase("InMemory", null, true)]
    [TestCase("inmemory", null, true)]
    [TestCase("RabbitMq", "rabbitmq://127.0.0.1/", true)]
    [TestCase("rabbitmq", "rabbitmq://127.0.0.1/", true)]
    [TestCase("RabbitMq", null, false)]
    [TestCase("RabbitMq", "http://127.0.0.1/", false)]
    [TestCase("in-memory", null, false)]
    [TestCase("Kafka", null, false)]
    public void Validate_Transport_AcceptsOnlyKnownSpellings(string transport, string? host, bool valid)
    {
        var result = new BusOptionsValidator().Validate(new BusOptions { Transport = transport, Host = host });

        Assert.That(result.IsValid, Is.EqualTo(valid), string.Join("; ", result.Errors));
    }
}
