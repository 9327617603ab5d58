using System.Net;
using System.Net.Sockets;

namespace InferenceAspire.Testing;

/// <summary>Loopback ports nothing listens on, so that what a test or a benchmark starts runs next to anything else.</summary>
internal static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
