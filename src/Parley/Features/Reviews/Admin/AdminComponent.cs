using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Parley.Admin;
using Parley.Admin.Localization;
using Parley.Platform.Errors;
using Parley.Platform.Tenancy;

namespace Parley.Features.Reviews.Admin;

/// <summary>
/// What the review pages' components share: their work runs in its own scope (<see cref="AdminWork"/>), one action at a time per
/// component, and a failure becomes a message on the component instead of ending the circuit.
/// </summary>
public abstract class AdminComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _closing = new();

    [Inject] protected AdminWork Work { get; set; } = default!;
    [Inject] protected UiText Text { get; set; } = default!;
    [Inject] protected AdminSession Session { get; set; } = default!;

    protected bool Busy { get; private set; }

    protected string? Error { get; set; }

    /// <summary>Agents and above change things; viewers read.</summary>
    protected bool CanWrite => Session.Role >= WorkspaceRole.Agent;

    protected CancellationToken Closing => _closing.Token;

    /// <summary>Runs the action unless another one of this component is running; returns whether it completed.</summary>
    protected async Task<bool> RunAsync(Func<Task> action)
    {
        if (Busy)
        {
            return false;
        }

        Busy = true;
        Error = null;
        try
        {
            await action();
            return true;
        }
        catch (ApiException e)
        {
            Error = Describe(e);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            // The page was closed meanwhile.
        }
        catch (Exception e) when (e is InvalidOperationException or DbUpdateException or HttpRequestException or TimeoutException or OperationCanceledException
                                       or IOException or FormatException)
        {
            Error = Text["error.generic"] + " " + e.Message;
        }
        finally
        {
            Busy = false;
        }

        return false;
    }

    /// <summary>Runs work in its own scope as the signed-in person.</summary>
    protected Task<T> InScopeAsync<T>(Func<IServiceProvider, CancellationToken, Task<T>> work) => Work.RunAsync(services => work(services, _closing.Token));

    protected Task InScopeAsync(Func<IServiceProvider, CancellationToken, Task> work) => Work.RunAsync(services => work(services, _closing.Token));

    protected string Describe(ApiException e) => e.Code == ErrorCodes.Validation && e.Fields is { Count: > 0 } fields
        ? Text["reviews.error.invalid"] + " " + string.Join(" ", fields.Values.SelectMany(m => m))
        : Text.Has("error.code." + e.Code) ? Text["error.code." + e.Code] : e.Message;

    /// <summary>Validates a request record with the API's own rules; throws the same validation error the API would answer.</summary>
    protected static void Validate(IValidatable request)
    {
        var validator = new Validator();
        request.Validate(validator);
        validator.ThrowIfInvalid();
    }

    public virtual void Dispose()
    {
        _closing.Cancel();
        _closing.Dispose();
        GC.SuppressFinalize(this);
    }
}
