using System.Diagnostics;
using System.Globalization;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.EndToEnd.Tests.Support;

/// <summary>
/// A real nginx serving a directory on 127.0.0.1 (files and a chart repository), one process, no
/// daemonising. Dispose stops it.
/// </summary>
public sealed class NginxProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _prefix;

    private NginxProcess(Process process, string prefix, string root, int port)
    {
        _process = process;
        _prefix = prefix;
        Root = root;
        BaseUri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
    }

    /// <summary>The directory served at <see cref="BaseUri"/>.</summary>
    public string Root { get; }

    public Uri BaseUri { get; }

    public static async Task<NginxProcess> StartAsync(string root)
    {
        var nginx = ProcessRunner.Require("nginx");
        var prefix = Path.Combine(Path.GetTempPath(), "tp-nginx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(prefix);
        var port = FreePort.Next();
        var config = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $$"""
            daemon off;
            master_process off;
            user root;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{prefix}}/body;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
                types { application/gzip tgz; text/yaml yaml; }
                default_type application/octet-stream;
                server {
                    listen 127.0.0.1:{{port}};
                    root {{root}};
                }
            }
            """));
        var start = new ProcessStartInfo(nginx) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-p", prefix, "-c", config })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        var server = new NginxProcess(process, prefix, root, port);
        await server.WaitUntilReadyAsync();
        return server;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await client.GetAsync(BaseUri);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        var log = File.Exists(Path.Combine(_prefix, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(_prefix, "error.log")) : "";
        await DisposeAsync();
        throw new InvalidOperationException($"nginx could not start on {BaseUri}: {log}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_prefix, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
