using System.Security.Claims;
using System.Text.Encodings.Web;
using InferenceAspire.Api.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace InferenceAspire.Api.Security;

/// <summary>Authenticates <c>Authorization: Bearer &lt;key&gt;</c> against the configured keys. With no keys
/// (Development only, see GatewayOptionsValidator) every caller is let in, one identity per remote address.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "key_id";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (keys.IsOpen)
        {
            return Task.FromResult(Success($"open-{Context.Connection.RemoteIpAddress}"));
        }

        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(keys.Fingerprint(header["Bearer ".Length..].Trim()) is { } id
            ? Success(id)
            : AuthenticateResult.Fail("Unknown API key."));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var given = Request.Headers.Authorization.Count > 0;
        return ErrorResults.WriteAsync(Context, StatusCodes.Status401Unauthorized, ErrorResults.Error(
            given ? "Incorrect API key provided." : "No API key provided: send it as 'Authorization: Bearer <key>'.",
            ErrorTypes.InvalidRequest, code: "invalid_api_key"));
    }

    private static AuthenticateResult Success(string keyId) =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(KeyIdClaim, keyId)], SchemeName)), SchemeName));
}
