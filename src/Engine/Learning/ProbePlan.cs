using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Learning;

/// <summary>
/// What the score stage will run, decided from the estimates of <see cref="ProbeMemory"/> before any of it starts.
/// <see cref="Influence"/> is null when no influence is wanted; <see cref="Reason"/> says why a method was chosen.
/// </summary>
public sealed record ProbePlan(InfluenceMethod? Influence, string Reason, long PeakBytes, long BudgetBytes)
{
    /// <summary>The largest p for which the p x p Hessian fits in one .NET array.</summary>
    public const long MaxExactParameters = 46_340;

    /// <param name="folds">Cross-validation folds, or 0 when C is given.</param>
    /// <param name="influence">The requested method, or null when only loss scores are wanted.</param>
    /// <param name="file">The dataset or option the error names.</param>
    public static ProbePlan Make(int n, int d, int k, int folds, InfluenceMethod? influence, long budget, string file)
    {
        long data = ProbeMemory.Data(n, d);
        long fit = Math.Max(ProbeMemory.Fit(n, d, k), folds > 0 ? ProbeMemory.CrossValidation(n, d, k, folds) : 0);
        long p = (long)(k - 1) * (d + 1);
        string shape = $"{n} images x {d} features, {k} classes";
        if (data + fit > budget)
        {
            throw new AugBuildException(LearningErrors.OutOfMemoryBudget,
                $"The probe's fit on {shape} needs about {ProbeMemory.Format(data + fit)}, over the memory budget of {ProbeMemory.Format(budget)}. " +
                "Use fewer images, a featurizer with fewer features, or a machine with more memory.", file);
        }

        if (influence is null)
            return new ProbePlan(null, "loss scores only: no Hessian", data + fit, budget);

        long exact = p > MaxExactParameters ? long.MaxValue : data + ProbeMemory.ExactInfluence(n, d, k);
        long block = data + ProbeMemory.BlockInfluence(n, d, k);
        string exactNeed = exact == long.MaxValue
            ? $"the exact Hessian ({p:N0} x {p:N0}) exceeds the largest array"
            : $"exact influence needs about {ProbeMemory.Format(exact)}";
        switch (influence)
        {
            case InfluenceMethod.Exact when exact > budget:
                throw new AugBuildException(LearningErrors.ExactInfluenceTooLarge,
                    $"On {shape} (p = {p:N0} parameters) {exactNeed}, over the memory budget of {ProbeMemory.Format(budget)}. " +
                    "Use --influence block (or auto), which factors one (d+1) x (d+1) block per class, or --score loss.", file);
            case InfluenceMethod.Exact:
                return new ProbePlan(InfluenceMethod.Exact, $"exact, as asked ({ProbeMemory.Format(exact)} of the {ProbeMemory.Format(budget)} budget)", Math.Max(exact, data + fit), budget);
            case InfluenceMethod.Auto when exact <= budget:
                return new ProbePlan(InfluenceMethod.Exact,
                    $"exact: the {p:N0} x {p:N0} Hessian fits ({ProbeMemory.Format(exact)} of the {ProbeMemory.Format(budget)} budget)", Math.Max(exact, data + fit), budget);
        }

        if (block > budget)
        {
            throw new AugBuildException(LearningErrors.OutOfMemoryBudget,
                $"On {shape} even block-diagonal influence needs about {ProbeMemory.Format(block)}, over the memory budget of {ProbeMemory.Format(budget)}. " +
                "Use --score loss (no Hessian), fewer images or a featurizer with fewer features.", file);
        }

        string why = influence == InfluenceMethod.Block
            ? "block-diagonal, as asked"
            : $"block-diagonal: {exactNeed}, over the {ProbeMemory.Format(budget)} budget";
        return new ProbePlan(InfluenceMethod.Block, $"{why} ({ProbeMemory.Format(block)})", Math.Max(block, data + fit), budget);
    }
}
