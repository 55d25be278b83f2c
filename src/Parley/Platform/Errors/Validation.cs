using System.Net.Mail;

namespace Parley.Platform.Errors;

/// <summary>A request body that checks itself; field names are the wire (snake_case) names.</summary>
public interface IValidatable
{
    void Validate(Validator v);
}

public sealed class Validator
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public Validator Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
        return this;
    }

    public bool Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{field} is required.");
            return false;
        }

        return true;
    }

    public Validator Length(string field, string? value, int min, int max)
    {
        if (value is not null && (value.Length < min || value.Length > max))
        {
            Add(field, min > 0 ? $"{field} must be {min}–{max} characters long." : $"{field} must be at most {max} characters long.");
        }

        return this;
    }

    public Validator Email(string field, string? value)
    {
        if (Required(field, value) && !IsEmail(value!))
        {
            Add(field, $"{field} must be an email address.");
        }

        return this;
    }

    public Validator OneOf(string field, string? value, IReadOnlyCollection<string> allowed)
    {
        if (value is not null && !allowed.Contains(value))
        {
            Add(field, $"{field} must be one of: {string.Join(", ", allowed)}.");
        }

        return this;
    }

    public IReadOnlyDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public static bool IsEmail(string value) =>
        value.Length <= 256 && MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);

    /// <summary>Throws the validation problem when anything was found; for services that check outside endpoints.</summary>
    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new ApiException(400, ErrorCodes.Validation, "The request has invalid fields.", Errors);
        }
    }
}

/// <summary>Runs <see cref="IValidatable.Validate"/> on every argument that has it, before the handler.</summary>
public sealed class ValidationFilter : IEndpointFilter
{
    /// <summary>The filter holds no state, so every endpoint shares one.</summary>
    public static readonly ValidationFilter Instance = new();

    private ValidationFilter()
    {
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument is IValidatable validatable)
            {
                var validator = new Validator();
                validatable.Validate(validator);
                if (!validator.IsValid)
                {
                    return Problems.Validation(validator.Errors);
                }
            }
        }

        return await next(context);
    }
}

public static class ValidationFilterExtensions
{
    /// <summary>
    /// Adds <see cref="ValidationFilter"/> as one shared instance. <c>AddEndpointFilter&lt;T&gt;()</c> would first look for a
    /// constructor taking the filter factory context and throw (and catch) an exception per call when there is none, at start-up.
    /// </summary>
    public static TBuilder ValidateArguments<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(ValidationFilter.Instance);
}
