using Parley.Features.AutoReply;
using Parley.Features.Templates;

namespace Parley.Tests.AutoReply;

/// <summary>Every setting and rule field of the engine, each with a case that fails if the field were ignored.</summary>
public sealed class EvaluatorTests
{
    private static readonly TimeZoneInfo Warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
    private static readonly DateTime Now = new(2026, 11, 18, 9, 0, 0, DateTimeKind.Utc);
    private static readonly TemplateRenderer Renderer = new();
    private static readonly AutoReplyEvaluator Evaluator = new(Renderer);

    private static AutoReplyItem Item(int rating = 5, string source = "google", string content = "Super, polecam!", bool read = false, bool answered = false,
        string? email = "anna@example.com", string author = "Anna Nowak", double ageDays = 0.1, string type = AutoReplyItemTypes.Review, string? service = "Koloryzacja",
        string id = "r1")
    {
        var (first, last) = TemplateRenderer.SplitName(author);
        var date = Now.AddDays(-ageDays);
        return new AutoReplyItem(type, id, source, rating, content, date, read, answered, author, email, "500600700",
            new TemplateData(first, last, email, "500600700", rating, date, service, "Kasia", null));
    }

    private static AutoReplySettings Settings(Action<AutoReplySettings>? change = null)
    {
        var s = new AutoReplySettings
        {
            WorkspaceId = "w", Enabled = true, RequireApproval = false, ApprovalTimeoutHours = 0, DailyLimit = 100, CooldownDays = 0, MaxAgeDays = 30,
            ResponseRateThreshold = null, RequireApprovalForRatings = [], RequireApprovalKeywords = [],
        };
        change?.Invoke(s);
        return s;
    }

    private static int ruleCount;

    private static AutoReplyRule Rule(Action<AutoReplyRule>? change = null)
    {
        var r = new AutoReplyRule { WorkspaceId = "w", Name = "Rule " + Interlocked.Increment(ref ruleCount), Priority = 10 };
        change?.Invoke(r);
        return r;
    }

    private static CatalogTemplate Template(string id, int rating, string content = "@pelne_imie, dziękujemy!", bool active = true, bool autoReply = true, int order = 0) =>
        new(id, "T " + id, Renderer.ToStorage(content), rating, active, autoReply, Now.AddDays(-10).AddMinutes(order), Renderer.UsedVariables(Renderer.ToStorage(content)));

    private static readonly CatalogTemplate[] Standard = [Template("t5", 5), Template("t4", 4), Template("t1", 1, "Przykro nam, @imie.")];

    private static EvaluationResult Run(AutoReplyItem? item = null, AutoReplySettings? settings = null, IEnumerable<AutoReplyRule>? rules = null,
        IEnumerable<CatalogTemplate>? templates = null, EvaluationFacts? facts = null, string? testRuleId = null) =>
        Evaluator.Evaluate(new EvaluationInput(item ?? Item(), new CompiledSettings(settings ?? Settings()),
            (rules ?? [Rule()]).Select(r => new CompiledRule(r)).ToList(), (templates ?? Standard).ToList(), facts ?? EvaluationFacts.None, Now, Warsaw,
            TimeSpan.FromHours(1), testRuleId));

    [Fact]
    public void AMatchingItemIsQueuedWithTheFilledTemplate()
    {
        var result = Run();
        Assert.Equal(EvaluationOutcomes.Queued, result.Outcome);
        Assert.Equal("t5", result.Template!.Id);
        Assert.Equal("Anna Nowak, dziękujemy!", result.Content);
        Assert.Equal(Now, result.DueAt);
        Assert.False(result.RequiresApproval);
    }

    [Fact]
    public void EnabledFalseStopsEverything()
    {
        var result = Run(settings: Settings(s => s.Enabled = false));
        Assert.Equal(EvaluationOutcomes.Disabled, result.Outcome);
        Assert.Single(result.Steps);
    }

    [Fact]
    public void AnsweredItemsAreSkipped() => Assert.Equal(EvaluationOutcomes.AlreadyAnswered, Run(Item(answered: true)).Outcome);

    [Fact]
    public void AnItemWithAnAutoReplyAlreadyIsSkipped() =>
        Assert.Equal(EvaluationOutcomes.AlreadyAutoReplied, Run(facts: new EvaluationFacts("e1", EntryStates.Sent, null, null, 0)).Outcome);

    [Fact]
    public void MaxAgeDaysSkipsOlderItems()
    {
        Assert.Equal(EvaluationOutcomes.Queued, Run(Item(ageDays: 29.5)).Outcome);
        Assert.Equal(EvaluationOutcomes.TooOld, Run(Item(ageDays: 31)).Outcome);
        Assert.Equal(EvaluationOutcomes.Queued, Run(Item(ageDays: 31), Settings(s => s.MaxAgeDays = 60)).Outcome);
    }

    [Fact]
    public void TheResponseRateThresholdPausesTheEngineWhileTheTeamKeepsUpAndPlansARecheck()
    {
        var facts = new EvaluationFacts(null, null, null, 96, 50);
        var paused = Run(settings: Settings(s => s.ResponseRateThreshold = 95), facts: facts);
        Assert.Equal(EvaluationOutcomes.ResponseRate, paused.Outcome);
        Assert.Equal(Now.AddHours(1), paused.RecheckAt);
        Assert.Contains("96 %", paused.Summary);
        Assert.Equal(EvaluationOutcomes.ResponseRate, Run(settings: Settings(s => s.ResponseRateThreshold = 96), facts: facts).Outcome);
        Assert.Equal(EvaluationOutcomes.Queued, Run(settings: Settings(s => s.ResponseRateThreshold = 97), facts: facts).Outcome);
        Assert.Equal(EvaluationOutcomes.Queued, Run(settings: Settings(s => s.ResponseRateThreshold = null), facts: facts).Outcome);
    }

    [Fact]
    public void TheCooldownBlocksASecondAutoReplyToTheSameCustomerOnlyWhenSet()
    {
        var facts = new EvaluationFacts(null, null, new CooldownHit("e0", Now.AddDays(-2), "email"), null, 0);
        var blocked = Run(settings: Settings(s => s.CooldownDays = 7), facts: facts);
        Assert.Equal(EvaluationOutcomes.Cooldown, blocked.Outcome);
        Assert.Contains("same email", blocked.Summary);
        Assert.Equal(EvaluationOutcomes.Queued, Run(settings: Settings(s => s.CooldownDays = 0), facts: facts).Outcome);
    }

    [Fact]
    public void FeedbackWithoutAUsableEmailIsSkipped()
    {
        Assert.Equal(EvaluationOutcomes.NoEmail, Run(Item(type: AutoReplyItemTypes.Feedback, source: "feedback", email: null)).Outcome);
        Assert.Equal(EvaluationOutcomes.NoEmail, Run(Item(type: AutoReplyItemTypes.Feedback, source: "feedback", email: "not an email")).Outcome);
        Assert.Equal(EvaluationOutcomes.Queued, Run(Item(type: AutoReplyItemTypes.Feedback, source: "feedback")).Outcome);
    }

    [Theory]
    [InlineData("eq", 4, null, null, 4, true)]
    [InlineData("eq", 4, null, null, 5, false)]
    [InlineData("gte", 4, null, null, 4, true)]
    [InlineData("gte", 4, null, null, 3, false)]
    [InlineData("lte", 2, null, null, 2, true)]
    [InlineData("lte", 2, null, null, 3, false)]
    [InlineData("between", null, 2, 3, 3, true)]
    [InlineData("between", null, 2, 3, 4, false)]
    [InlineData("between", null, 2, 3, 1, false)]
    public void RatingOperatorsCompareTheRating(string op, int? value, int? min, int? max, int rating, bool matches)
    {
        var rule = Rule(r => (r.RatingOperator, r.RatingValue, r.RatingMin, r.RatingMax) = (op, value, min, max));
        var templates = Enumerable.Range(1, 5).Select(n => Template("t" + n, n)).ToList();
        var result = Run(Item(rating: rating), rules: [rule], templates: templates);
        Assert.Equal(matches ? EvaluationOutcomes.Queued : EvaluationOutcomes.NoRuleMatched, result.Outcome);
        var step = Assert.Single(result.Steps, s => s.Step == "rule");
        Assert.Equal("rating", Assert.Single(step.Conditions!).Condition);
    }

    [Fact]
    public void SourceMustBeInTheList()
    {
        var rule = Rule(r => r.Sources = ["google", "facebook"]);
        Assert.Equal(EvaluationOutcomes.Queued, Run(Item(source: "facebook"), rules: [rule]).Outcome);
        Assert.Equal(EvaluationOutcomes.NoRuleMatched, Run(Item(source: "booksy"), rules: [rule]).Outcome);
        var feedbackOnly = Rule(r => r.Sources = ["feedback"]);
        Assert.Equal(EvaluationOutcomes.NoRuleMatched, Run(Item(source: "google"), rules: [feedbackOnly]).Outcome);
        Assert.Equal(EvaluationOutcomes.Queued, Run(Item(type: AutoReplyItemTypes.Feedback, source: "feedback"), rules: [feedbackOnly]).Outcome);
    }

    [Fact]
    public void StatusNewMeansNotOpenedYetAndReadMeansOpened()
    {
        var onlyNew = Rule(r => r.Statuses = ["new"]);
        var onlyRead = Rule(r => r.Statuses = ["read"]);
        Assert.Equal(EvaluationOutcomes.Queued, Run(Item(read: false), rules: [onlyNew]).Outcome);
        Assert.Equal(EvaluationOutcomes.NoRuleMatched, Run(Item(read: true), rules: [onlyNew]).Outcome);
        Assert.Equal(EvaluationOutcomes.Queued, Run(Item(read: true), rules: [onlyRead]).Outcome);
    }

    [Theory]
    [InlineData("Złożę REKLAMACJĘ, fryzura się rozpadła", true)]
    [InlineData("Zlozylam reklamacje wczoraj", true)]
    [InlineData("Mam problemy z zapisem", true)]
    [InlineData("Wszystko bez zarzutu", false)]
    [InlineData("Bezproblemowo i szybko", false)]
    public void KeywordsMatchAnyOfThemIgnoringCaseDiacriticsAndInflection(string content, bool matches)
    {
        var rule = Rule(r => r.Keywords = ["reklamacja", "problem"]);
        var result = Run(Item(content: content), rules: [rule]);
        Assert.Equal(matches ? EvaluationOutcomes.Queued : EvaluationOutcomes.NoRuleMatched, result.Outcome);
    }

    [Fact]
    public void AKeywordOfSeveralWordsMatchesThemInARow()
    {
        var rule = Rule(r => r.Keywords = ["zły kontakt"]);
        Assert.Equal(EvaluationOutcomes.Queued, Run(Item(content: "Bardzo ZŁY kontakt z recepcją"), rules: [rule]).Outcome);
        Assert.Equal(EvaluationOutcomes.NoRuleMatched, Run(Item(content: "Kontakt był zły"), rules: [rule]).Outcome);
    }

    [Fact]
    public void RulesRunInPriorityOrderAndTheFirstMatchWins()
    {
        var first = Rule(r => (r.Name, r.Priority, r.FallbackTemplateId, r.TemplateStrategy) = ("first", 1, "t4", TemplateStrategies.RatingMatch));
        var second = Rule(r => (r.Name, r.Priority) = ("second", 2));
        var noT5 = Standard.Where(t => t.Id != "t5").ToList();
        var result = Run(rules: new[] { second, first }.OrderBy(r => r.Priority), templates: noT5);
        Assert.Equal("first", result.Rule!.Name);
        Assert.Equal("t4", result.Template!.Id);
        Assert.DoesNotContain(result.Steps, s => s.RuleName == "second");
    }

    [Fact]
    public void ASwitchedOffRuleIsSkippedInTheEngineButCanBeTested()
    {
        var off = Rule(r => (r.Enabled, r.Name) = (false, "off"));
        var result = Run(rules: [off]);
        Assert.Equal(EvaluationOutcomes.NoRuleMatched, result.Outcome);
        Assert.Contains(result.Steps, s => s.RuleName == "off" && s.Result == TraceResults.Skipped);
        Assert.Equal(EvaluationOutcomes.Queued, Run(rules: [off], testRuleId: off.Id).Outcome);
    }

    [Fact]
    public void RatingMatchUsesOnlyActiveAutoReplyTemplatesForTheRatingAndSkipsOnesItCannotFill()
    {
        var templates = new[]
        {
            Template("inactive", 5, active: false, order: 1),
            Template("manual-only", 5, autoReply: false, order: 2),
            Template("needs-order", 5, "Zamówienie @zamowienie dotarło?", order: 3),
            Template("good", 5, "Dziękujemy, @imie, za wizytę (@usluga)!", order: 4),
            Template("later", 5, order: 5),
            Template("four", 4, order: 0),
        };
        var result = Run(templates: templates);
        Assert.Equal("good", result.Template!.Id);
        Assert.Equal("Dziękujemy, Anna, za wizytę (Koloryzacja)!", result.Content);
        Assert.Contains(result.Steps, s => s.TemplateId == "needs-order" && s.Detail.Contains("@zamowienie", StringComparison.Ordinal));
        Assert.Equal(EvaluationOutcomes.NoTemplate, Run(Item(service: null), templates: [templates[3]]).Outcome);
    }

    [Fact]
    public void RandomPicksAmongTheRatingsTemplatesStablyPerItem()
    {
        var rule = Rule(r => r.TemplateStrategy = TemplateStrategies.Random);
        var templates = Enumerable.Range(0, 4).Select(i => Template("r" + i, 5, order: i)).Append(Template("four", 4)).ToList();
        var picks = Enumerable.Range(0, 40).Select(i => Run(Item(id: "item" + i), rules: [rule], templates: templates).Template!.Id).ToList();
        Assert.True(picks.Distinct().Count() >= 3, string.Join(",", picks));
        Assert.DoesNotContain("four", picks);
        Assert.Equal(picks[7], Run(Item(id: "item7"), rules: [rule], templates: templates).Template!.Id);
    }

    [Fact]
    public void FirstAvailableTakesTheNearestRatingWhenTheRatingHasNoTemplate()
    {
        var rule = Rule(r => r.TemplateStrategy = TemplateStrategies.FirstAvailable);
        var templates = new[] { Template("t1", 1), Template("t4", 4) };
        Assert.Equal("t4", Run(Item(rating: 5), rules: [rule], templates: templates).Template!.Id);
        Assert.Equal("t1", Run(Item(rating: 2), rules: [rule], templates: templates).Template!.Id);
        Assert.Equal(EvaluationOutcomes.NoTemplate, Run(Item(rating: 5), templates: templates).Outcome); // rating_match has none for 5
    }

    [Fact]
    public void TheFallbackTemplateIsUsedWhenTheStrategyFindsNoneAndOnlyIfItCanBeFilled()
    {
        var rule = Rule(r => r.FallbackTemplateId = "fb");
        var fallback = Template("fb", 3, "Dziękujemy za opinię!", autoReply: false);
        var result = Run(rules: [rule], templates: [fallback]);
        Assert.Equal("fb", result.Template!.Id);
        Assert.Contains(result.Steps, s => s.Step == "template" && s.Detail.Contains("fallback", StringComparison.Ordinal));
        var holey = Template("fb", 3, "Zamówienie @zamowienie");
        Assert.Equal(EvaluationOutcomes.NoTemplate, Run(rules: [rule], templates: [holey]).Outcome);
        Assert.Equal(EvaluationOutcomes.NoTemplate, Run(rules: [rule], templates: [Template("fb", 3, active: false)]).Outcome);
    }

    [Fact]
    public void ARuleThatCannotFillATemplateLetsTheNextRuleAnswer()
    {
        var specific = Rule(r => (r.Name, r.Priority, r.FallbackTemplateId) = ("specific", 1, "holes"));
        var general = Rule(r => (r.Name, r.Priority, r.TemplateStrategy) = ("general", 2, TemplateStrategies.FirstAvailable));
        var templates = new[] { Template("holes", 5, "Zamówienie @zamowienie"), Template("t4", 4) };
        var result = Run(rules: [specific, general], templates: templates);
        Assert.Equal("general", result.Rule!.Name);
        Assert.Contains(result.Steps, s => s.RuleName == "specific" && s.Result == TraceResults.Failed);
    }

    [Fact]
    public void ApprovalIsNeededForRequireApprovalForListedRatingsAndForKeywords()
    {
        Assert.Equal([ApprovalReason.Always], Run(settings: Settings(s => s.RequireApproval = true)).ApprovalReasons);
        var byRating = Run(Item(rating: 1, content: "Słabo"), Settings(s => s.RequireApprovalForRatings = [1, 2]));
        Assert.Equal(EvaluationOutcomes.AwaitingApproval, byRating.Outcome);
        Assert.Equal(["rating:1"], byRating.ApprovalReasons);
        Assert.Equal(EvaluationOutcomes.Queued, Run(Item(rating: 4), Settings(s => s.RequireApprovalForRatings = [1, 2])).Outcome);
        var byKeyword = Run(Item(content: "Super, ale mam jedną SKARGĘ"), Settings(s => s.RequireApprovalKeywords = ["skarga"]));
        Assert.Equal(["keyword:skarga"], byKeyword.ApprovalReasons);
        Assert.Equal(EvaluationOutcomes.Queued, Run(Item(content: "Super"), Settings(s => s.RequireApprovalKeywords = ["skarga"])).Outcome);
    }

    [Fact]
    public void TheScheduleSetsTheDueTime()
    {
        var delayed = Rule(r => (r.ScheduleType, r.DelayMinutes) = (ScheduleTypes.Delayed, 30));
        Assert.Equal(Now.AddMinutes(30), Run(rules: [delayed]).DueAt);
        var window = Rule(r => (r.ScheduleType, r.WindowStart, r.WindowEnd) = (ScheduleTypes.Scheduled, "12:00", "14:00"));
        Assert.Equal(new DateTime(2026, 11, 18, 11, 0, 0, DateTimeKind.Utc), Run(rules: [window]).DueAt);
        var weekdays = Rule(r => r.WeekdaysOnly = true);
        var saturday = new DateTime(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);
        var result = Evaluator.Evaluate(new EvaluationInput(Item(), new CompiledSettings(Settings()), [new CompiledRule(weekdays)], Standard, EvaluationFacts.None,
            saturday, Warsaw, TimeSpan.FromHours(1)));
        Assert.Equal(new DateTime(2026, 11, 22, 23, 0, 0, DateTimeKind.Utc), result.DueAt);
    }

    [Fact]
    public void TheTraceNamesEveryRuleAndConditionConsidered()
    {
        var google = Rule(r => (r.Name, r.Priority, r.Sources) = ("google only", 1, ["google"]));
        var low = Rule(r => (r.Name, r.Priority, r.RatingOperator, r.RatingValue) = ("low", 2, RatingOperators.Lte, 2));
        var any = Rule(r => (r.Name, r.Priority) = ("any", 3));
        var result = Run(Item(source: "facebook"), rules: [google, low, any]);
        Assert.Equal("any", result.Rule!.Name);
        var steps = result.Steps.Where(s => s.Step == "rule").ToList();
        Assert.Equal(["google only", "low", "any"], steps.Select(s => s.RuleName));
        Assert.Equal("Source facebook is not one of google.", Assert.Single(steps[0].Conditions!).Detail);
        Assert.Equal("Rating 5 is not ≤ 2.", Assert.Single(steps[1].Conditions!).Detail);
        Assert.Contains(result.Steps, s => s.Step == "approval");
        Assert.Contains(result.Steps, s => s.Step == "schedule");
    }

    [Fact]
    public void ATestReportsTheGatesInsteadOfStoppingAtThem()
    {
        var rule = Rule();
        var result = Run(Item(answered: true, ageDays: 90), Settings(s => s.Enabled = false), rules: [rule], testRuleId: rule.Id);
        Assert.Equal(EvaluationOutcomes.Queued, result.Outcome);
        Assert.Equal(3, result.BlockedBy.Count);
    }

    [Theory]
    [InlineData("@pelne_imie, dziękujemy za ocenę @ocena z dnia @data!")]
    [InlineData("<p>Dzień dobry @imie &amp; @nazwisko</p><p>Usługa: <link rel=\"mention\" name=\"usluga\">@usluga</link></p>")]
    [InlineData("@imie @nazwisko — @email, @telefon, @pracownik, @zamowienie")]
    [InlineData("Kod 987654321 i data 03.02.1901 zostają, @imie.")]
    [InlineData("  @imie  ")]
    public void APlannedTemplateFillsExactlyAsTheRendererDoes(string content)
    {
        var stored = Renderer.ToStorage(content);
        var plan = new TemplatePlan(Renderer, stored);
        TemplateData[] data =
        [
            new("Anna", "Nowak", "anna@example.com", "500 600 700", 5, new DateTime(2026, 3, 28, 23, 30, 0, DateTimeKind.Utc), "Koloryzacja", "Kasia", "ORD-1"),
            new("Łucja", null, "l@example.com", "+48 500", 1, new DateTime(2026, 11, 18, 9, 0, 0, DateTimeKind.Utc), "Strzyżenie\r\ndamskie", "Bartek", "A&B"),
        ];
        foreach (var d in data)
        {
            foreach (var zone in new[] { Warsaw, TimeZoneInfo.Utc })
            {
                var rendered = Renderer.Render(stored, d, zone);
                if (rendered.IsComplete)
                {
                    Assert.Equal(rendered.Text, plan.Fill(Renderer, d, zone));
                }
            }
        }
    }
}
