using System.Globalization;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.EndToEnd.Tests.Support;

/// <summary>
/// A real nginx serving a directory on 127.0.0.1 (files and a chart repository), one process, no
/// daemonising. Dispose stops it.
/// </summary>
public sealed class NginxProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly DaemonProcess _daemon;
    private readonly string _prefix;

    private NginxProcess(DaemonProcess daemon, string prefix, string root, int port)
    {
        _daemon = daemon;
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
                types { application/gzip tgz; text/yaml yaml; text/html html; }
                default_type application/octet-stream;
                server {
                    listen 127.0.0.1:{{port}};
                    root {{root}};
                    location = /.ready { return 204; }
                }
            }
            """));
        var server = new NginxProcess(DaemonProcess.Start(new ProcessCommand(nginx, ["-p", prefix, "-c", config])), prefix, root, port);
        try
        {
            // /.ready is answered by the configuration above, whatever the served directory holds.
            await server._daemon.WaitForHttpAsync(new Uri(server.BaseUri, ".ready"), StartTimeout);
            return server;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            var log = Path.Combine(prefix, "error.log");
            var errors = File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
            await server.DisposeAsync();
            throw new InvalidOperationException($"nginx could not start on {server.BaseUri}: {ex.Message}\n{errors}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _daemon.KillAsync();
        await _daemon.DisposeAsync();
        try
        {
            Directory.Delete(_prefix, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
