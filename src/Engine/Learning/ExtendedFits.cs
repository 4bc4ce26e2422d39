using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Learning;

/// <summary>
/// Fits of problems that extend one base problem: the originals, plus copies that resemble some of them. Each
/// starts from the base optimum and preconditions its Newton steps with the base's factored Hessian, so CG
/// converges in a few products and most fits never factor a Hessian of their own (the O(n p^2 + p^3) part).
/// The base is fitted once, on first use; the result does not depend on which caller asks first.
/// </summary>
public sealed class ExtendedFits
{
    private readonly double _c;
    private readonly Lazy<SoftmaxModel> _base;
    private readonly Lazy<HessianFactor> _factor;

    public ExtendedFits(TrainingSet baseData, double c)
    {
        ArgumentNullException.ThrowIfNull(baseData);
        _c = c;
        _base = new Lazy<SoftmaxModel>(() => SoftmaxRegression.Fit(baseData, c));
        _factor = new Lazy<HessianFactor>(() => PointScores.FactorHessian(_base.Value, baseData, NullReporter.Instance));
    }

    /// <summary>The probe fitted on the base problem alone.</summary>
    public SoftmaxModel Base => _base.Value;

    /// <summary>The probe fitted on <paramref name="extended"/>, which must have the base problem's shape.</summary>
    public SoftmaxModel Fit(TrainingSet extended) =>
        SoftmaxRegression.Fit(extended, _c, new FitOptions { InitialParameters = Base.Parameters, Preconditioner = _factor.Value });
}
