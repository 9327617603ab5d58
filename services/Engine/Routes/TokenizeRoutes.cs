using System.Text;
using InferenceAspire.Contracts.Tgi;
using InferenceAspire.Engine.Serving;
using InferenceAspire.Engine.Tokenization;

namespace InferenceAspire.Engine.Routes;

/// <summary>POST /tokenize: the prompt's tokens with their byte offsets into the input, special tokens included.</summary>
public static class TokenizeRoutes
{
    public static IEndpointRouteBuilder MapTokenizeRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/tokenize", async (HttpContext context, TextTokenizer tokenizer) =>
        {
            var request = await TgiBody.ReadAsync<GenerateRequest>(context.Request);
            var tokens = tokenizer.EncodeWithOffsets(request.Inputs);
            if (request.Parameters?.Truncate is { } keep && tokens.Count > keep)
            {
                tokens = tokens.Skip(tokens.Count - (int)keep).ToList();
            }

            return Results.Json(tokens.Select(t =>
            {
                var (start, length) = t.Offset.GetOffsetAndLength(request.Inputs.Length);
                var byteStart = Encoding.UTF8.GetByteCount(request.Inputs.AsSpan(0, start));
                var text = request.Inputs.Substring(start, length);
                return new TokenizedToken(t.Id, text, byteStart, byteStart + Encoding.UTF8.GetByteCount(text));
            }).ToList());
        }).WithName("tokenize").WithTags("Text Generation Inference").Produces<List<TokenizedToken>>();

        return routes;
    }
}
