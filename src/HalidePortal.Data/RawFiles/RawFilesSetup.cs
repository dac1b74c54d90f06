using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HalidePortal.Data.RawFiles;

public static class RawFilesSetup
{
    /// <summary>Binds <see cref="RawFileOptions"/> and registers the configured store (folder unless Provider is S3).</summary>
    public static IHostApplicationBuilder AddRawFiles(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new RawFileOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(builder.Configuration.GetSection(RawFileOptions.Section), options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<RawFileSpool>();
        if (string.Equals(options.Provider, "S3", StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddSingleton<IRawFileStore, S3RawFileStore>();
        }
        else if (string.Equals(options.Provider, "Folder", StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddSingleton<IRawFileStore, FolderRawFileStore>();
        }
        else
        {
            throw new InvalidOperationException($"RawFiles:Provider is \"{options.Provider}\"; expected \"Folder\" or \"S3\".");
        }
        return builder;
    }
}
