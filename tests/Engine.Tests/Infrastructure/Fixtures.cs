namespace InferenceAspire.Engine.Tests.Infrastructure;

/// <summary>An engine started with only --model-id (TGI's defaults), shared by the tests that only talk to it.</summary>
public class EngineFixture : IAsyncLifetime
{
    private EngineProcess? _engine;

    public EngineProcess Engine => _engine ?? throw new InvalidOperationException("The engine has not started.");

    public HttpClient Client => Engine.Client;

    /// <summary>The model id as given to the launcher; /info and every response name it.</summary>
    public static string ModelId => Repository.ModelDirectory;

    protected virtual IEnumerable<string> Arguments => [];

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(12));
        _engine = await EngineProcess.StartAsync(Arguments, cancellationToken: timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>The engine most tests share (an assembly fixture).</summary>
public sealed class DefaultEngine : EngineFixture;
