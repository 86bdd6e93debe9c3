namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>`Auth:WebAuthn`: the relying party security keys are bound to. Unset ServerDomain: no security keys.</summary>
internal sealed class WebAuthnOptions
{
    /// <summary>The host name browsers reach the daemon at (the relying party id), e.g. highside.internal.</summary>
    public string ServerDomain { get; set; } = "";

    /// <summary>The exact origins the browser pages are served from, e.g. https://highside.internal:8490.</summary>
    public IList<string> Origins { get; set; } = [];

    public string ServerName { get; set; } = "TransferPipeline high side";

    public bool IsEnabled => !string.IsNullOrWhiteSpace(ServerDomain);
}
