namespace AugBuild.Engine.Storage;

/// <summary>The store of a location: <see cref="FolderStore"/> for a folder, <see cref="S3Store"/> for s3://.</summary>
public static class ObjectStores
{
    /// <param name="setting">The setting the location came from (--cache, --out), named in errors.</param>
    public static IObjectStore Open(StorageLocation location, string setting) =>
        location.IsS3 ? new S3Store(location, setting) : new FolderStore(location);
}
