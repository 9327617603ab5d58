namespace InferenceAspire.Infra;

/// <summary>Cluster options that cannot work; the message is one line saying what to fix.</summary>
public sealed class ClusterOptionsException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public ClusterOptionsException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and the error that caused it.</summary>
    public ClusterOptionsException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ClusterOptionsException() : base("The cluster options are not valid.")
    {
    }
}
