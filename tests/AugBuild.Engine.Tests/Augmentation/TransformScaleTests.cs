using System.Text.Json;
using AugBuild.Engine.Augmentation;

namespace AugBuild.Engine.Tests.Augmentation;

public class TransformScaleTests
{
    [Theory]
    [InlineData(28, 2)]
    [InlineData(32, 2)]
    [InlineData(96, 6)]
    [InlineData(224, 14)]
    [InlineData(8, 2)]
    public void Default_shift_matches_the_paper_anchors(int size, int expected)
    {
        var copies = TransformSet.Parse("translate").Expand(size, size);
        var shifts = copies.Select(c => JsonDocument.Parse(c.ParamsJson).RootElement)
            .Select(e => (e.GetProperty("dx").GetInt32(), e.GetProperty("dy").GetInt32())).ToArray();
        Assert.Equal([(0, -expected), (0, expected), (-expected, 0), (expected, 0)], shifts);
    }

    [Theory]
    [InlineData(28, 2)]
    [InlineData(224, 14)]
    public void Default_diagonal_shift_scales_like_translate(int size, int expected)
    {
        var shifts = TransformSet.Parse("translate-diagonal").Expand(size, size)
            .Select(c => JsonDocument.Parse(c.ParamsJson).RootElement)
            .Select(e => (e.GetProperty("dx").GetInt32(), e.GetProperty("dy").GetInt32())).ToArray();
        Assert.Equal([(expected, expected), (expected, -expected), (-expected, expected), (-expected, -expected)], shifts);
    }

    [Theory]
    [InlineData(28, 1)]
    [InlineData(32, 1)]
    [InlineData(96, 3)]
    public void Default_crop_margins_are_multiples_of_the_unit(int size, int unit)
    {
        var margins = TransformSet.Parse("crop").Expand(size, size)
            .Select(c => JsonDocument.Parse(c.ParamsJson).RootElement.GetProperty("margin").GetInt32());
        Assert.Equal(Enumerable.Range(1, 6).Select(k => k * unit), margins);
    }

    [Fact]
    public void Default_rotation_is_fifteen_even_angles_without_zero()
    {
        var angles = TransformSet.Parse("rotate").Expand(28, 28)
            .Select(c => JsonDocument.Parse(c.ParamsJson).RootElement.GetProperty("degrees").GetDouble()).ToArray();
        Assert.Equal(14, angles.Length);
        Assert.Equal(-30.0, angles[0]);
        Assert.Equal(30.0, angles[^1]);
        Assert.DoesNotContain(0.0, angles);
        var all = angles.Take(7).Append(0.0).Concat(angles.Skip(7)).ToArray();
        for (int i = 1; i < all.Length; i++) Assert.Equal(60.0 / 14, all[i] - all[i - 1], 12);
    }
}
