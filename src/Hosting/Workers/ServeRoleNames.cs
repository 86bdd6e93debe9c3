namespace TransferPipeline.Hosting.Workers;

/// <summary>The names `--role` takes and the workers table shows.</summary>
public static class ServeRoleNames
{
    public static IReadOnlyList<string> All { get; } = ["api", "worker", "scheduler", "all"];

    /// <summary>Parses one name, or a comma-separated list ("api,scheduler"); null when a name is unknown.</summary>
    public static ServeRoles? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ServeRoles.All;
        }

        var roles = ServeRoles.None;
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            ServeRoles? role = name.ToLowerInvariant() switch
            {
                "api" => ServeRoles.Api,
                "worker" => ServeRoles.Worker,
                "scheduler" => ServeRoles.Scheduler,
                "all" => ServeRoles.All,
                _ => null,
            };
            if (role is null)
            {
                return null;
            }

            roles |= role.Value;
        }

        return roles == ServeRoles.None ? null : roles;
    }

    public static string Format(ServeRoles roles) => roles == ServeRoles.All
        ? "all"
        : string.Join(',', new[] { (ServeRoles.Api, "api"), (ServeRoles.Worker, "worker"), (ServeRoles.Scheduler, "scheduler") }
            .Where(r => roles.HasFlag(r.Item1)).Select(r => r.Item2));
}
