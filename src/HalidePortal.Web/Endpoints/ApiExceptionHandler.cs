using HalidePortal.Web.Services;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace HalidePortal.Web.Endpoints;

/// <summary>Maps the services' exceptions to ProblemDetails: 404, 400 with field errors, 403.</summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            RecordNotFoundException e => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = e.Message },
            RecordValidationException e => new HttpValidationProblemDetails(e.Errors.ToDictionary(x => x.Key, x => x.Value))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The input has problems",
                Detail = e.Message,
            },
            ShareRefusedException { Ended: true } e => new ProblemDetails { Status = StatusCodes.Status410Gone, Title = "Link no longer valid", Detail = e.Message },
            ShareRefusedException e => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = e.Message },
            ForbiddenException e => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Forbidden", Detail = e.Message },
            Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Missing or stale form token",
                Detail = "Upload from the portal's page (reload it if it has been open long), or send an API token: Authorization: Bearer hp_...",
            },
            BadHttpRequestException e => new ProblemDetails { Status = e.StatusCode, Title = "Bad request", Detail = e.Message },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
