using System.Diagnostics;
using System.Globalization;
using InferenceAspire.Engine.Tests.Infrastructure;

namespace InferenceAspire.Bench.Tests;

/// <summary>The real gateway (services/Api) as a process in front of an engine, open (no keys) as in Development.</summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;

    private GatewayProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<GatewayProcess> StartAsync(Uri engine, CancellationToken cancellationToken)
    {
        var address = new Uri($"http://127.0.0.1:{FreePorts.Next().ToString(CultureInfo.InvariantCulture)}");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = OutputDirectory };
        info.ArgumentList.Add(Path.Combine(OutputDirectory, "InferenceAspire.Api.dll"));
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ASPNETCORE_URLS"] = address.AbsoluteUri;
        info.Environment["services__tgi__http__0"] = engine.AbsoluteUri;
        info.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        var gateway = new GatewayProcess(Process.Start(info)!, address);
        gateway._process.OutputDataReceived += (_, _) => { };
        gateway._process.ErrorDataReceived += (_, _) => { };
        gateway._process.BeginOutputReadLine();
        gateway._process.BeginErrorReadLine();
        try
        {
            await gateway.WaitUntilAliveAsync(cancellationToken);
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    /// <summary>The gateway's own build output, beside this test project's in the same configuration.</summary>
    private static string OutputDirectory
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory);
            return Path.Combine(Repository.RootDirectory, "services", "Api", "bin", framework.Parent!.Name, framework.Name);
        }
    }

    private async Task WaitUntilAliveAsync(CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            Assert.False(_process.HasExited, $"the gateway exited with code {(_process.HasExited ? _process.ExitCode : 0)}");
            try
            {
                using var response = await probe.GetAsync("/alive", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }
}
