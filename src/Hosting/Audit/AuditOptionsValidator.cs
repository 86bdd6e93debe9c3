using FluentValidation;
using TransferPipeline.Hosting.Audit.Syslog;

namespace TransferPipeline.Hosting.Audit;

internal sealed class AuditOptionsValidator : AbstractValidator<AuditOptions>
{
    public AuditOptionsValidator()
    {
        RuleFor(o => o.Syslog).Must(SyslogTarget.IsValid)
            .WithMessage($"'{{PropertyValue}}' is not a syslog target: leave it empty, or use '{SyslogTarget.Local}' or udp://HOST:PORT");
    }
}
