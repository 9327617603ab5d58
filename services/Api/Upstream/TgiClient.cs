using System.Net.Http.Json;
using InferenceAspire.Contracts;
using InferenceAspire.Contracts.Tgi;

namespace InferenceAspire.Api.Upstream;

/// <summary>The model server behind the gateway, reached through service discovery as "tgi".</summary>
public sealed class TgiClient(HttpClient http)
{
    public const string ServiceUri = "https+http://tgi";

    public Task<ModelList?> GetModelsAsync(CancellationToken cancellationToken) =>
        http.GetFromJsonAsync<ModelList>("/v1/models", TgiJson.Options, cancellationToken);
}
