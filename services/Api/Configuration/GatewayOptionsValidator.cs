using Microsoft.Extensions.Options;

namespace InferenceAspire.Api.Configuration;

/// <summary>Outside Development a gateway without keys would serve anyone: it refuses to start instead.</summary>
public sealed class GatewayOptionsValidator(IHostEnvironment environment) : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options) =>
        options.Keys().Count == 0 && !environment.IsDevelopment()
            ? ValidateOptionsResult.Fail(
                $"No API keys: set {GatewayOptions.Section}:ApiKeys (the AppHost parameter 'api-keys'). Only Development runs without keys.")
            : ValidateOptionsResult.Success;
}
