using AugBuild.Testing.Storage;

namespace AugBuild.Engine.Tests.Storage;

[CollectionDefinition(Name)]
public sealed class S3Collection : ICollectionFixture<S3ServerFixture>
{
    /// <summary>One server for every S3 test, which run one at a time: the AWS variables are the process's.</summary>
    public const string Name = "S3 server";
}
