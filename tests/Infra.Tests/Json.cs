namespace InferenceAspire.Infra.Tests;

/// <summary>Shorthand for the JSON objects the CDK assertions match templates against.</summary>
internal static class Json
{
    public static Dictionary<string, object> Object(params (string Key, object Value)[] properties) =>
        properties.ToDictionary(property => property.Key, property => property.Value);

    public static Dictionary<string, object> GetAtt(string logicalId, string attribute) =>
        Object(("Fn::GetAtt", new object[] { logicalId, attribute }));

    public static string LogicalId(Template template, string type, Dictionary<string, object>? properties = null)
    {
        var found = template.FindResources(type, properties is null ? null : Object(("Properties", Match.ObjectLike(properties))));
        return Assert.Single(found).Key;
    }
}
