using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SQS;
using Constructs;
using InferenceAspire.Infra.Cluster;

namespace InferenceAspire.Infra.Karpenter;

/// <summary>
/// What Karpenter needs from AWS before its Helm chart is installed: the controller's role (Pod Identity,
/// service account <c>kube-system/karpenter</c>), the role and instance profile of the nodes it launches
/// (registered through an EC2_LINUX access entry), and the interruption queue fed by EventBridge so
/// nodes are drained before spot reclaims, scheduled maintenance and instance stops.
/// </summary>
internal sealed class KarpenterResources : Construct
{
    public const string ServiceAccountNamespace = "kube-system";
    public const string ServiceAccount = "karpenter";

    public KarpenterResources(Construct scope, string id, ClusterSettings settings, string clusterName, string clusterArn)
        : base(scope, id)
    {
        NodeRole = Cluster.NodeRole.Create(this, "NodeRole", $"Nodes Karpenter launches for {settings.Name}");
        InstanceProfile = new CfnInstanceProfile(this, "InstanceProfile", new CfnInstanceProfileProps { Roles = [NodeRole.RoleName] });
        AccessEntries.ForNodes(this, "NodeAccessEntry", clusterName, NodeRole.RoleArn);

        // Karpenter's convention names the queue after the cluster; messages older than five minutes are stale.
        Queue = new Queue(this, "InterruptionQueue", new QueueProps
        {
            QueueName = settings.Name,
            RetentionPeriod = Duration.Minutes(5),
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
        });
        Queue.ApplyRemovalPolicy(RemovalPolicy.DESTROY);

        var target = new SqsQueue(Queue);
        Rule("HealthEventRule", "aws.health", "AWS Health Event", target);
        Rule("SpotInterruptionRule", "aws.ec2", "EC2 Spot Instance Interruption Warning", target);
        Rule("RebalanceRule", "aws.ec2", "EC2 Instance Rebalance Recommendation", target);
        Rule("InstanceStateChangeRule", "aws.ec2", "EC2 Instance State-change Notification", target);

        Controller = new PodIdentityRole(this, "Controller", clusterName, ServiceAccountNamespace, ServiceAccount);
        Controller.Role.AttachInlinePolicy(new Policy(this, "ControllerPolicy", new PolicyProps
        {
            Document = KarpenterControllerPolicy.Create(settings.Name, settings.Region.Name, clusterArn, Queue.QueueArn, NodeRole.RoleArn),
        }));
    }

    public Role NodeRole { get; }

    public CfnInstanceProfile InstanceProfile { get; }

    public Queue Queue { get; }

    public PodIdentityRole Controller { get; }

    private void Rule(string id, string source, string detailType, IRuleTarget target) =>
        _ = new Rule(this, id, new RuleProps
        {
            Description = $"Karpenter interruption handling: {detailType}",
            EventPattern = new EventPattern { Source = [source], DetailType = [detailType] },
            Targets = [target],
        });
}
