using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.AWS.ECR;
using Constructs;

namespace InferenceAspire.Infra.Registry;

/// <summary>
/// One ECR repository per image the application publishes, named <c>&lt;cluster&gt;/&lt;image&gt;</c>: tags are
/// immutable (a deployed tag always means the same image), images are scanned on push, and only the newest
/// images are kept.
/// </summary>
internal sealed class ImageRegistryStack : Stack
{
    /// <summary>The images of the application: model server, gateway, chat frontend, benchmark, compile job.</summary>
    public static readonly IReadOnlyList<string> Images = ["engine", "api", "chat", "bench", "compile"];

    private const int KeptImages = 30;

    public ImageRegistryStack(Construct scope, string id, IStackProps props, ClusterSettings settings) : base(scope, id, props)
    {
        var lifecycle = JsonSerializer.Serialize(new
        {
            rules = new[]
            {
                new
                {
                    rulePriority = 1,
                    description = $"Keep the newest {KeptImages} images",
                    selection = new { tagStatus = "any", countType = "imageCountMoreThan", countNumber = KeptImages },
                    action = new { type = "expire" },
                },
            },
        });

        var uris = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var image in Images)
        {
            var repository = new CfnRepository(this, $"{Pascal(image)}Repository", new CfnRepositoryProps
            {
                RepositoryName = $"{settings.Name}/{image}",
                ImageTagMutability = "IMMUTABLE",
                ImageScanningConfiguration = new CfnRepository.ImageScanningConfigurationProperty { ScanOnPush = true },
                EncryptionConfiguration = new CfnRepository.EncryptionConfigurationProperty { EncryptionType = "AES256" },
                LifecyclePolicy = new CfnRepository.LifecyclePolicyProperty { LifecyclePolicyText = lifecycle },
                EmptyOnDelete = !settings.RetainData,
            });
            repository.ApplyRemovalPolicy(settings.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
            uris[image] = repository.AttrRepositoryUri;
        }

        RepositoryUris = uris;
    }

    /// <summary>Image name to repository URI (<c>ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME/IMAGE</c> once deployed).</summary>
    public IReadOnlyDictionary<string, string> RepositoryUris { get; }

    internal static string Pascal(string image) => string.Concat(char.ToUpperInvariant(image[0]), image[1..]);
}
