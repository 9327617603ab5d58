namespace InferenceAspire.Bench.Worker;

/// <summary>One benchmark asked of the worker: how many closed-loop streams, and how many results to record.</summary>
public sealed record RunRequest(int Concurrency, int Requests)
{
    public const int MaxConcurrency = 1024;
    public const int MaxRequests = 100_000;

    /// <summary>What is wrong with the request, per field, as ASP.NET Core's validation problem lists it.</summary>
    public Dictionary<string, string[]> Problems()
    {
        var problems = new Dictionary<string, string[]>();
        if (Concurrency is < 1 or > MaxConcurrency)
        {
            problems["concurrency"] = [$"between 1 and {MaxConcurrency} streams"];
        }

        if (Requests is < 1 or > MaxRequests)
        {
            problems["requests"] = [$"between 1 and {MaxRequests} requests"];
        }

        return problems;
    }
}
