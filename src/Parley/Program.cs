using Parley.Platform.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddParley();

var app = builder.Build();
app.UseParley();

return await app.RunParleyAsync(args);

/// <summary>Visible to the test host.</summary>
public partial class Program;
