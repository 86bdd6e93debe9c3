using QRCoder;

namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>The enrolment QR code, drawn here as SVG: the high side has no internet to fetch one from.</summary>
internal static class TotpQrCode
{
    public static string Svg(string provisioningUri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(provisioningUri, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4);
    }

    public static string SvgDataUri(string provisioningUri) =>
        "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Svg(provisioningUri)));
}
