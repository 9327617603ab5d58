namespace InferenceAspire.Engine.Launcher;

public static class LauncherUrls
{
    /// <summary>Listens where the launcher options say; with no --port, ASP.NET Core's own settings
    /// (ASPNETCORE_URLS, which Aspire sets) apply, and failing those TGI's default port.</summary>
    public static void UseLauncherUrls(this WebApplicationBuilder builder, LauncherOptions options)
    {
        var configuredUrls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        if (options.Port is null && !string.IsNullOrEmpty(configuredUrls))
        {
            return;
        }

        builder.WebHost.UseUrls($"http://{options.Hostname}:{options.Port ?? LauncherOptions.DefaultPort}");
    }
}
