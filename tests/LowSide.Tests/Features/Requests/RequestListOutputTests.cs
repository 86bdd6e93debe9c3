using System.Text.Json;
using TransferPipeline.LowSide.Features.Requests;

namespace TransferPipeline.LowSide.Tests.Features.Requests;

/// <summary>
/// The request list's output, which the Native AOT front writes through build-time JSON: the same JSON as every other
/// command's <c>--json</c> writes by reflection, and the same lines as before the front.
/// </summary>
public sealed class RequestListOutputTests
{
    // CliConsole.Json's options, which every other command's --json writes with.
    private static readonly JsonSerializerOptions OtherCommandsJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static readonly ArtifactRequest[] Requests =
    [
        new()
        {
            Id = "01a24a9159007484b9ec1cceba82d60e", Kind = "image", Source = "registry.example.org", Name = "library/app", Version = "1.2",
            Platforms = ["linux/amd64", "linux/arm64"], Requester = "oidc:alice", RequesterName = "Alice <ops> & \"co\"",
            Justification = "needed", Status = "failed", Failure = "unreachable: é ü 中", FailureCode = "gather-failed", Attempts = 3,
            CreatedUtc = new DateTimeOffset(2026, 12, 6, 8, 56, 9, 216, TimeSpan.Zero).AddTicks(3076),
            UpdatedUtc = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero),
        },
        new()
        {
            Id = "01a24a915a927f74aedad719dde404d5", Kind = "file", Source = "https://files.example.org/tool.tar.gz", Requester = "local:root",
            Justification = "tools", Ticket = "CHG-7", Status = "submitted", ExpectedSha256 = new string('a', 64),
        },
    ];

    [Test]
    public void Json_IsWhatTheOtherCommandsJsonOptionsWriteByReflection()
    {
        using var written = new StringWriter();

        RequestListOutput.Write(Requests, json: true, written);

        var reflected = JsonSerializer.Serialize<IReadOnlyList<ArtifactRequest>>(Requests, OtherCommandsJson);
        Assert.That(written.ToString(), Is.EqualTo(reflected + Environment.NewLine));
        Assert.That(written.ToString(), Does.Contain("\"requesterName\": \"Alice \\u003Cops\\u003E \\u0026 \\u0022co\\u0022\""));
    }

    [Test]
    public void Lines_OneARequestWithItsStatusKindSourceAndRequester()
    {
        using var written = new StringWriter();

        RequestListOutput.Write(Requests, json: false, written);

        Assert.That(written.ToString(), Is.EqualTo(
            "01a24a9159007484b9ec1cceba82d60e  failed     image  registry.example.org library/app 1.2  (oidc:alice)" + Environment.NewLine +
            "01a24a915a927f74aedad719dde404d5  submitted  file   https://files.example.org/tool.tar.gz  (local:root)" + Environment.NewLine));
    }
}
