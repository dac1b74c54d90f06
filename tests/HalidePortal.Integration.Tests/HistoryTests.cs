using System.Net;
using HalidePortal.Domain.Audit;
using HalidePortal.Domain.Teams;
using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Services;

namespace HalidePortal.Integration.Tests;

[Collection(PortalCollection.Name)]
public sealed class HistoryTests(PortalApp app)
{
    [Fact]
    public async Task History_SampleCreatedUpdatedDeleted_ShowsEachChangeWithOldAndNewValues()
    {
        var owner = await app.CreateTeamWithUserAsync(TeamRole.Owner);
        var sample = await owner.CreateSampleAsync(notes: "first batch");
        var input = sample.ToInput();
        input.Notes = "re-milled";
        input.Recipe!.Steps.Single(s => s.Kind == StepKinds.Milling).Rpm = 600;

        await owner.UpdateSampleAsync(sample.Id, input);
        await owner.DeleteSampleAsync(sample.Id);
        var history = await owner.SampleHistoryAsync(sample.Id);

        var ofSample = history.Where(h => h.EntityType == "Sample" && h.EntityId == sample.Id).ToList();
        Assert.Equal([HistoryAction.Deleted, HistoryAction.Updated, HistoryAction.Created], ofSample.Select(h => h.Action));
        Assert.All(ofSample, h => Assert.Equal(owner.UserName, h.UserName));
        var notes = Assert.Single(ofSample[1].Changes, c => c.Property == "Notes");
        Assert.Equal(("first batch", "re-milled"), (notes.OldValue, notes.NewValue));
        // A step that keeps its place is updated in place: one entry with the old and new speed.
        var milling = Assert.Single(history, h => h.EntityType == "MillingStep" && h.Action == HistoryAction.Updated);
        var rpm = Assert.Single(milling.Changes);
        Assert.Equal(("Rpm", "500", "600"), (rpm.Property, rpm.OldValue, rpm.NewValue));
        Assert.DoesNotContain(history, h => h.EntityType == "MillingStep" && h.Action == HistoryAction.Deleted);
    }

    [Fact]
    public async Task Restore_DeletedSample_OwnerCanAndMemberCannot()
    {
        var owner = await app.CreateTeamWithUserAsync(TeamRole.Owner);
        var member = await app.AddUserAsync(owner.Team, TeamRole.Member);
        var sample = await member.CreateSampleAsync();
        await member.DeleteSampleAsync(sample.Id);

        using var byMember = await member.PostAsync($"/api/samples/{sample.Id}/restore", null);
        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        using var whileDeleted = await owner.GetAsync($"/api/samples/{sample.Id}");
        Assert.Equal(HttpStatusCode.NotFound, whileDeleted.StatusCode);

        using var byOwner = await owner.PostAsync($"/api/samples/{sample.Id}/restore", null);
        Assert.Equal(HttpStatusCode.NoContent, byOwner.StatusCode);
        Assert.False((await member.GetSampleAsync(sample.Id)).IsDeleted);
        Assert.Contains((await member.GetAsync<SamplePage>("/api/samples/")).Items, s => s.Id == sample.Id);
        var latest = (await owner.SampleHistoryAsync(sample.Id)).First(h => h.EntityId == sample.Id);
        Assert.Equal((HistoryAction.Restored, owner.UserName), (latest.Action, latest.UserName));
    }
}
