using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace HalidePortal.Data.RawFiles;

/// <summary>Raw files in an S3-compatible bucket, for deployments whose web and workers run on several machines.</summary>
public sealed class S3RawFileStore : IRawFileStore, IDisposable
{
    private readonly AmazonS3Client client;
    private readonly RawFileOptions.S3Options options;

    public S3RawFileStore(RawFileOptions rawOptions)
    {
        ArgumentNullException.ThrowIfNull(rawOptions);
        options = rawOptions.S3;
        var config = new AmazonS3Config { ForcePathStyle = options.ForcePathStyle, AuthenticationRegion = options.Region };
        if (!string.IsNullOrEmpty(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }
        client = options.AccessKey is { Length: > 0 } key
            ? new AmazonS3Client(new BasicAWSCredentials(key, options.SecretKey), config)
            : new AmazonS3Client(config);
    }

    /// <summary>The object key of a raw file.</summary>
    public string KeyOf(string sha256) => options.Prefix + sha256[..2] + "/" + sha256;

    public async Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken)
    {
        try
        {
            await client.GetObjectMetadataAsync(options.Bucket, KeyOf(sha256), cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task PutAsync(string sha256, string spoolPath, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(sha256, cancellationToken))
        {
            var request = new PutObjectRequest
            {
                BucketName = options.Bucket,
                Key = KeyOf(sha256),
                FilePath = spoolPath,
                ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
            };
            await client.PutObjectAsync(request, cancellationToken);
        }
        File.Delete(spoolPath);
    }

    public async Task<Stream> OpenReadAsync(string sha256, CancellationToken cancellationToken)
    {
        var response = await client.GetObjectAsync(options.Bucket, KeyOf(sha256), cancellationToken);
        return response.ResponseStream;
    }

    public void Dispose() => client.Dispose();
}
