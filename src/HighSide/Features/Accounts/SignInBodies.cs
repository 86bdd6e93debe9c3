namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>POST /auth/password.</summary>
internal sealed record PasswordBody(string? Name, string? Password);

/// <summary>POST /auth/code: a TOTP code; <see cref="NewPassword"/> replaces a one-time password.</summary>
internal sealed record CodeBody(string? Code, string? NewPassword);

/// <summary>What the password step says comes next: "code" (with a security key as the alternative) or "enrol".</summary>
internal sealed record PasswordAccepted(string Account, string Next, bool SecurityKey, bool MustChangePassword);
