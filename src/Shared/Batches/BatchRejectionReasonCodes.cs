using System.Text;

namespace TransferPipeline.Shared.Batches;

/// <summary>Stable, machine-readable kebab-case codes for rejection reasons (logs, JSON, audit).</summary>
public static class BatchRejectionReasonCodes
{
    /// <summary>For example <c>SignatureInvalid</c> becomes <c>signature-invalid</c>.</summary>
    public static string ToCode(this BatchRejectionReason reason)
    {
        var name = reason.ToString();
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    /// <summary>Parses a code made by <see cref="ToCode"/>.</summary>
    public static bool TryParse(string code, out BatchRejectionReason reason)
    {
        foreach (var candidate in Enum.GetValues<BatchRejectionReason>())
        {
            if (candidate.ToCode() == code)
            {
                reason = candidate;
                return true;
            }
        }

        reason = default;
        return false;
    }
}
