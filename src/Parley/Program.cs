using Parley.Platform.Hosting;

// Content (appsettings.json, the static asset manifest) is found next to the binary, wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddParley();

var app = builder.Build();
app.UseParley();

return await app.RunParleyAsync(args);

/// <summary>Visible to the test host.</summary>
public partial class Program;
