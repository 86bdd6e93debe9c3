using System.Collections.Concurrent;

namespace TransferPipeline.Hosting.Workers;

/// <summary>What this process holds right now (the ids of the work it claimed), for its heartbeat to report.</summary>
public sealed class WorkerActivity
{
    private readonly ConcurrentDictionary<string, byte> _claims = new(StringComparer.Ordinal);

    /// <summary>True when this process holds no claim: it has room for work.</summary>
    public bool IsIdle => _claims.IsEmpty;

    public void Claimed(string id) => _claims.TryAdd(id, 0);

    public void Released(string id) => _claims.TryRemove(id, out _);

    /// <summary>The claims held, comma-separated and sorted; null when none.</summary>
    public string? Describe()
    {
        var held = _claims.Keys.Order(StringComparer.Ordinal).ToList();
        return held.Count == 0 ? null : string.Join(',', held);
    }
}
