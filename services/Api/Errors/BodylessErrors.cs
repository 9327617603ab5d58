using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace InferenceAspire.Api.Errors;

/// <summary>Routing answers some requests with a status and no body: 415 for a body that is not JSON (its
/// content-type check runs before the endpoint), 404 for an unknown URL, 405 for a wrong method. Raised as
/// exceptions, they reach <see cref="OpenAiExceptionHandler"/> like every other error.</summary>
public static class BodylessErrors
{
    /// <summary>Call after UseExceptionHandler, which must see what this throws.</summary>
    public static IApplicationBuilder UseOpenAiStatusCodes(this IApplicationBuilder app) => app.UseStatusCodePages(Raise);

    private static Task Raise(StatusCodeContext status)
    {
        var request = status.HttpContext.Request;
        var code = status.HttpContext.Response.StatusCode;
        throw code switch
        {
            StatusCodes.Status415UnsupportedMediaType => new UnsupportedMediaTypeException(request.ContentType),
            // OpenAI's answer to a URL it does not serve.
            StatusCodes.Status404NotFound => new HttpStatusException(code, $"Invalid URL ({request.Method} {request.Path})."),
            _ => new HttpStatusException(code, $"{ReasonPhrases.GetReasonPhrase(code)} ({request.Method} {request.Path})."),
        };
    }
}
