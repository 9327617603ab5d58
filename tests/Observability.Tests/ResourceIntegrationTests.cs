using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;

namespace InferenceAspire.Observability.Tests;

/// <summary>What the dashboard offers on the resources: named links and the model server's warm-up command,
/// through Aspire's own resource model and command service.</summary>
[Collection(nameof(SharedDashboardRun))]
public sealed partial class ResourceIntegrationTests(PrivateTelemetryApp app)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData("tgi", "Model server /info", "\"model_id\"")]
    [InlineData("api", "API reference", "<html")]
    public async Task Resources_link_their_pages_by_name_and_the_links_answer(string resource, string displayText, string expected)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var state = await app.App.ResourceNotifications.WaitForResourceAsync(
            resource, e => e.Snapshot.Urls.Any(u => u.DisplayProperties.DisplayName == displayText), cts.Token);

        var url = state.Snapshot.Urls.First(u => u.DisplayProperties.DisplayName == displayText).Url;
        using var http = new HttpClient();
        var page = await http.GetStringAsync(new Uri(url), cts.Token);
        Assert.Contains(expected, page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_warm_up_command_runs_a_generation_on_the_model_server()
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var tgi = app.App.CreateHttpClient("tgi");
        var before = await SuccessfulRequestsAsync(tgi, cts.Token);

        var commands = app.App.Services.GetRequiredService<ResourceCommandService>();
        var result = await commands.ExecuteCommandAsync("tgi", WarmUpCommandExtensions.CommandName, cts.Token);

        Assert.True(result.Success, result.Message);
        Assert.Equal(before + 1, await SuccessfulRequestsAsync(tgi, cts.Token));
    }

    private static async Task<int> SuccessfulRequestsAsync(HttpClient tgi, CancellationToken cancellationToken)
    {
        var metrics = await tgi.GetStringAsync("/metrics", cancellationToken);
        var match = SuccessCount().Match(metrics);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"^tgi_request_success(?:\{[^}]*\})? (\d+)", RegexOptions.Multiline)]
    private static partial Regex SuccessCount();
}
