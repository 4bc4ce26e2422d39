using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Selection;
using AugBuild.Settings;

namespace AugBuild.Engine.Tests.Selection;

public sealed class GuardedPolicyTests
{
    // Index:                          0  1  2  3  4  5  6  7  8  9
    private static readonly double[] Scores = [5, 1, 9, 3, 7, 2, 8, 4, 6, 0];

    private static SelectionResult Select(string policy, double[] scores, int budget, bool[]? suspects = null, long seed = 0) =>
        Selector.Select(new SelectionRequest
        {
            Policy = PolicySpec.Parse(policy),
            PointCount = scores.Length,
            Budget = budget,
            Scores = scores,
            SuspectLabels = suspects,
            Seed = seed,
            Rescore = _ => scores,
        });

    [Fact]
    public void Guard_sets_aside_exactly_the_top_share_and_the_suspected_labels()
    {
        var suspects = new bool[10];
        suspects[1] = true;
        var (kept, guarded) = SelectionGuard.Split(Scores, suspects, 0.2);
        // Top 20% of 10 = 2 images: scores 9 (index 2) and 8 (index 6); index 1 is flagged. Guarded: least extreme first.
        Assert.Equal([0, 3, 4, 5, 7, 8, 9], kept);
        Assert.Equal([1, 6, 2], guarded);
    }

    [Fact]
    public void Guard_breaks_ties_at_the_cut_by_index_and_rounds_the_share_half_away_from_zero()
    {
        Assert.Equal([1], SelectionGuard.Split([1, 3, 3, 0], null, 0.25).Guarded);
        Assert.Equal(2, SelectionGuard.TailCount(15, 0.1)); // 1.5 -> 2
        Assert.Equal(0, SelectionGuard.TailCount(4, 0.1));
        Assert.Empty(SelectionGuard.Split(Scores, null, 0).Guarded);
    }

    [Fact]
    public void Deterministic_proportional_with_guard_orders_the_kept_images_then_the_guarded_ones()
    {
        var suspects = new bool[10];
        suspects[1] = true;
        var result = Select("deterministic-proportional+guard:0.2", Scores, 3, suspects);
        Assert.Equal([4, 8, 0, 7, 3, 5, 9, 1, 6, 2], result.Order);
        Assert.Equal([4, 8, 0], result.SelectedInOrder.ToArray());
        Assert.Equal(3, result.GuardedCount);
    }

    [Fact]
    public void Baseline_with_guard_is_the_uniform_draw_of_the_kept_images()
    {
        for (long seed = 0; seed < 20; seed++)
        {
            var result = Select("baseline+guard:0.2", Scores, 8, seed: seed);
            var kept = new[] { 0, 1, 3, 4, 5, 7, 8, 9 };
            Assert.Equal(Orderings.Uniform(kept, new SeededRandom(seed)), result.Order.Take(8));
            Assert.Equal([6, 2], result.Order.Skip(8)); // 8 before 9
            Assert.False(result.Selected[2] || result.Selected[6]);
        }
    }

    [Fact]
    public void Baseline_with_guard_needs_scores()
    {
        Assert.Throws<ArgumentException>(() => Selector.Select(new SelectionRequest
        {
            Policy = PolicySpec.Parse("baseline+guard"), PointCount = 3, Budget = 1,
        }));
    }

    [Fact]
    public void Moderate_orders_by_distance_to_the_median()
    {
        // Odd count: median 5, distances 4, 1, 1, 5, 0.
        Assert.Equal([4, 1, 2, 0, 3], Select("moderate", [1, 4, 6, 10, 5], 0).Order);
        // Even count: median 2.5, distances 1.5, 0.5, 0.5, 7.5.
        Assert.Equal([1, 2, 0, 3], Select("moderate", [1, 2, 3, 10], 0).Order);
        // With the guard the median is the kept images': 10 is set aside (top 25%), median of 1, 2, 3 is 2.
        Assert.Equal([1, 0, 2, 3], Select("moderate+guard:0.25", [1, 2, 3, 10], 0).Order);
    }

    [Fact]
    public void Random_power_is_random_proportional_on_the_powered_scores()
    {
        var powered = Scores.Select(s => Math.Pow(s, 0.25)).ToArray();
        for (long seed = 0; seed < 10; seed++)
        {
            Assert.Equal(Select("random-proportional", powered, 5, seed: seed).Order, Select("random-power", Scores, 5, seed: seed).Order);
            var half = Scores.Select(s => Math.Sqrt(s)).ToArray();
            Assert.Equal(Select("random-proportional", half, 5, seed: seed).Order, Select("random-power:0.5", Scores, 5, seed: seed).Order);
        }
    }

    [Fact]
    public void Random_power_picks_first_in_proportion_to_the_tempered_weight()
    {
        // Weights 1^0.25 = 1 and 16^0.25 = 2: the second is drawn first with probability 2/3.
        const int draws = 20_000;
        var second = Enumerable.Range(0, draws).Count(seed => Select("random-power", [1, 16], 1, seed: seed).Order[0] == 1);
        Assert.InRange(second / (double)draws, 2.0 / 3 - 0.012, 2.0 / 3 + 0.012);
    }

    [Fact]
    public void Update_with_guard_never_draws_a_guarded_image_and_clamps_checkpoints_to_the_kept_count()
    {
        var rescored = 0;
        var result = Selector.Select(new SelectionRequest
        {
            Policy = PolicySpec.Parse("deterministic-proportional+update+guard:0.2"),
            PointCount = 10,
            Budget = 10,
            Scores = Scores,
            Checkpoints = [2, 5, 10],
            // The rescore makes the guarded images the highest: they must still stay out.
            Rescore = _ =>
            {
                rescored++;
                return [0, 0, 100, 0, 0, 0, 100, 1, 2, 3];
            },
        });
        Assert.Equal([2, 5], result.RescoredAt);
        Assert.Equal(2, rescored);
        Assert.Equal([4, 8, 9, 7, 0, 1, 3, 5, 6, 2], result.Order);
    }

    [Fact]
    public void Suspect_flags_of_the_wrong_length_are_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Select("baseline+guard", Scores, 1, new bool[3]));
        Assert.Equal("suspectLabels", ex.ParamName);
    }

    [Theory]
    [InlineData("baseline+guard", PolicyKind.Baseline, 0.1, 1.0, "baseline+guard")]
    [InlineData("random-power:0.5+guard:0.2", PolicyKind.RandomPower, 0.2, 0.5, "random-power:0.5+guard:0.2")]
    [InlineData("random-power+GUARD:0.1", PolicyKind.RandomPower, 0.1, 0.25, "random-power+guard")]
    [InlineData("random-proportional+guard:0+update", PolicyKind.RandomProportional, 0.0, 1.0, "random-proportional+update+guard:0")]
    [InlineData("moderate", PolicyKind.Moderate, null, 1.0, "moderate")]
    public void Parses_guard_and_exponent(string text, PolicyKind kind, double? guard, double exponent, string canonical)
    {
        var spec = PolicySpec.Parse(text);
        Assert.Equal(kind, spec.Kind);
        Assert.Equal(guard, spec.Guard);
        Assert.Equal(exponent, spec.Exponent);
        Assert.Equal(canonical, spec.ToString());
        Assert.Equal(spec, PolicySpec.Parse(spec.ToString()));
    }

    [Theory]
    [InlineData("vsv+guard", SettingErrors.GuardInvalid)]
    [InlineData("baseline+guard:1", SettingErrors.GuardInvalid)]
    [InlineData("baseline+guard:-0.1", SettingErrors.GuardInvalid)]
    [InlineData("baseline+guard:lots", SettingErrors.GuardInvalid)]
    [InlineData("baseline:2", SettingErrors.PolicyParameterInvalid)]
    [InlineData("random-power:0", SettingErrors.PolicyParameterInvalid)]
    [InlineData("random-power:x", SettingErrors.PolicyParameterInvalid)]
    [InlineData("moderate+update:3", SettingErrors.UnknownModifier)]
    public void Refuses_bad_guard_and_parameters(string text, string code)
    {
        var ex = Assert.Throws<AugBuildException>(() => PolicySpec.Parse(text, "--policy"));
        Assert.Equal(code, ex.Code);
        // The MSBuild door parses with the same grammar and names its property.
        var msbuild = Assert.Throws<AugBuildException>(() => PolicySpec.Parse(text, "AugPolicy"));
        Assert.Equal(code, msbuild.Code);
        Assert.Contains("AugPolicy", msbuild.Message);
    }
}
