using InferenceAspire.Contracts.Tgi;
using InferenceAspire.Engine.Metrics;
using Microsoft.AspNetCore.Diagnostics;

namespace InferenceAspire.Engine.Serving;

/// <summary>Writes TgiErrors as TGI's error JSON and body rejections as plain text, with their status codes.</summary>
public sealed class TgiExceptionHandler(TgiMetrics metrics) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case TgiException error:
                metrics.RequestFailed(error.MetricLabel);
                httpContext.Response.StatusCode = error.Status;
                await httpContext.Response.WriteAsJsonAsync(new ErrorResponse(error.Message, error.ErrorType), cancellationToken);
                return true;
            case BodyRejectedException rejection:
                httpContext.Response.StatusCode = rejection.Status;
                httpContext.Response.ContentType = "text/plain; charset=utf-8";
                await httpContext.Response.WriteAsync(rejection.Message, cancellationToken);
                return true;
            default:
                return false;
        }
    }
}
