using System.Diagnostics;

namespace InferenceAspire.Engine.Serving;

/// <summary>
/// When a request reached the server, stamped before its body is read: the server's durations (metrics,
/// timing headers, telemetry) then cover everything a client waits for, not only what follows parsing.
/// </summary>
public static class RequestArrival
{
    private static readonly object Key = new();

    public static IApplicationBuilder UseRequestArrival(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Items[Key] = Stopwatch.GetTimestamp();
            return next(context);
        });

    public static long Of(HttpContext context) =>
        context.Items.TryGetValue(Key, out var stamp) && stamp is long arrivedAt ? arrivedAt : Stopwatch.GetTimestamp();
}
