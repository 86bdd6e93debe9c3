namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>What the enrolment page shows: the secret as base32 text to type in, and as a QR code of its otpauth:// URI.</summary>
internal sealed record TotpEnrolment(string Account, string Secret, string ProvisioningUri, string QrCodeSvg);
