using Microsoft.AspNetCore.Identity;

namespace Parley.Features.Accounts;

public sealed class ParleyUser : IdentityUser
{
    public ParleyUser()
    {
        Id = Platform.Ids.New();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    public DateTime CreatedAt { get; set; }
}
