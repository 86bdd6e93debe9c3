using Microsoft.Extensions.Logging;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>A logger that keeps every message with its level, for asserting what an operator would read.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<string> Warnings => Messages(LogLevel.Warning);

    public IReadOnlyList<string> Informations => Messages(LogLevel.Information);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (_entries)
        {
            _entries.Add((logLevel, formatter(state, exception)));
        }
    }

    private string[] Messages(LogLevel level)
    {
        lock (_entries)
        {
            return [.. _entries.Where(e => e.Level == level).Select(e => e.Message)];
        }
    }
}
