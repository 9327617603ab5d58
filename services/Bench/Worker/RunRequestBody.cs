using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InferenceAspire.Bench.Worker;

/// <summary>Reads POST /runs' body. Minimal API binding answers a body it cannot read with an empty 400; here such
/// a body gets a problem that says what is wrong and what to send, as out-of-range values do.</summary>
public static class RunRequestBody
{
    private const string Example = "{\"concurrency\": 4, \"requests\": 16}";

    /// <summary>Hands the run asked for to <paramref name="start"/>, or answers the problem with the body instead.</summary>
    public static async Task<IResult> ReadAsync(HttpRequest http, Func<RunRequest, IResult> start, CancellationToken cancellationToken)
    {
        if (!http.HasJsonContentType())
        {
            return Results.Problem($"Send the run as JSON (Content-Type: application/json), for example {Example}.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        // Syntax first: System.Text.Json gives a syntax error the path of the property it was in, which would
        // read as a wrong value for that field.
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return Results.Problem($"The body is not JSON; send {Example}.", statusCode: StatusCodes.Status400BadRequest);
        }

        using (document)
        {
            var options = http.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            try
            {
                return document.Deserialize<RunRequest>(options) is { } request
                    ? start(request)
                    : Results.Problem($"The body is null; send {Example}.", statusCode: StatusCodes.Status400BadRequest);
            }
            catch (JsonException e) when (e.Path is ['$', '.', .. var field])
            {
                // A value of the wrong type: reported per field, as an out-of-range value is.
                return Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"must be a whole number up to {int.MaxValue}"] });
            }
            catch (JsonException)
            {
                return Results.Problem($"The body is not a JSON object; send {Example}.", statusCode: StatusCodes.Status400BadRequest);
            }
        }
    }
}
