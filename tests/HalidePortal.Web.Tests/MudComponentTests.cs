using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace HalidePortal.Web.Tests;

/// <summary>A bUnit context with MudBlazor's services, for components rendered on their own without a database.</summary>
public abstract class MudComponentTests : IAsyncLifetime
{
    // MudBlazor registers async-only disposables, so the context is disposed asynchronously.
    protected BunitContext Ctx { get; } = new();

    protected MudComponentTests()
    {
        Ctx.Services.AddMudServices();
        Ctx.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Ctx.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
