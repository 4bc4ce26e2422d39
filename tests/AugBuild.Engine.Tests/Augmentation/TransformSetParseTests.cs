using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Diagnostics;
using AugBuild.Settings;

namespace AugBuild.Engine.Tests.Augmentation;

public class TransformSetParseTests
{
    [Fact]
    public void Comma_list_of_names_is_several_transforms_with_paper_copy_counts()
    {
        var set = TransformSet.Parse("translate,rotate , crop");
        Assert.Equal([TransformKind.Translate, TransformKind.Rotate, TransformKind.Crop], set.Specs.Select(s => s.Kind));
        Assert.Equal(4 + 14 + 6, set.CopiesPerImage);
        Assert.Equal(24, set.Expand(28, 28).Count);
        Assert.Equal("translate;rotate;crop", set.ToString());
    }

    [Fact]
    public void Numbers_attach_to_the_preceding_transform()
    {
        var set = TransformSet.Parse("rotate:-10,10,crop:2,4;flip-h");
        Assert.Equal(3, set.Specs.Count);
        Assert.Equal([-10.0, 10.0], set.Specs[0].Parameters!);
        Assert.Equal([2.0, 4.0], set.Specs[1].Parameters!);
        Assert.Null(set.Specs[2].Parameters);
        Assert.Equal(5, set.CopiesPerImage);
        Assert.Equal("rotate:-10,10;crop:2,4;flip-h", set.ToString());
        Assert.Equal(set.ToString(), TransformSet.Parse(set.ToString()).ToString());
    }

    [Fact]
    public void User_translate_gives_up_down_left_right_at_that_shift()
    {
        var copies = TransformSet.Parse("translate:3").Expand(224, 224);
        Assert.Equal(
            ["{\"dx\":0,\"dy\":-3}", "{\"dx\":0,\"dy\":3}", "{\"dx\":-3,\"dy\":0}", "{\"dx\":3,\"dy\":0}"],
            copies.Select(c => c.ParamsJson));
        Assert.All(copies, c => Assert.Equal("translate", c.Name));
        Assert.Equal([0, 1, 2, 3], copies.Select(c => c.Index));
    }

    [Fact]
    public void Translate_diagonal_keeps_the_four_diagonals_and_its_own_name()
    {
        var set = TransformSet.Parse("translate-diagonal:3,translate:1");
        var copies = set.Expand(224, 224);
        Assert.Equal(8, set.CopiesPerImage);
        Assert.Equal(
            ["{\"dx\":3,\"dy\":3}", "{\"dx\":3,\"dy\":-3}", "{\"dx\":-3,\"dy\":3}", "{\"dx\":-3,\"dy\":-3}"],
            copies.Take(4).Select(c => c.ParamsJson));
        Assert.All(copies.Take(4), c => Assert.Equal("translate-diagonal", c.Name));
        Assert.Equal("translate-diagonal:3;translate:1", set.ToString());
    }

    [Fact]
    public void None_is_the_empty_set()
    {
        Assert.Equal(0, TransformSet.Parse("none").CopiesPerImage);
        Assert.Empty(TransformSet.Parse(" NONE ").Expand(10, 10));
    }

    [Theory]
    [InlineData("blur", SettingErrors.UnknownTransform)]
    [InlineData("rotate,blur:3", SettingErrors.UnknownTransform)]
    [InlineData("crop:0", SettingErrors.InvalidTransformParameter)]
    [InlineData("crop:1.5", SettingErrors.InvalidTransformParameter)]
    [InlineData("translate:-2", SettingErrors.InvalidTransformParameter)]
    [InlineData("rotate:0", SettingErrors.InvalidTransformParameter)]
    [InlineData("rotate:200", SettingErrors.InvalidTransformParameter)]
    [InlineData("rotate:abc", SettingErrors.InvalidTransformParameter)]
    [InlineData("rotate:5,5", SettingErrors.InvalidTransformParameter)]
    [InlineData("10,rotate", SettingErrors.ParameterWithoutTransform)]
    [InlineData("translate,3", SettingErrors.ParameterWithoutTransform)]
    [InlineData("rotate:-10;10", SettingErrors.ParameterWithoutTransform)]
    [InlineData("flip-h:2", SettingErrors.UnexpectedParameters)]
    [InlineData("rotate,ROTATE:3", SettingErrors.DuplicateTransform)]
    [InlineData("rotate,,crop", SettingErrors.EmptyTransformItem)]
    [InlineData("  ", SettingErrors.EmptyTransformItem)]
    public void Bad_sets_fail_with_coded_errors(string text, string code)
    {
        var ex = Assert.Throws<AugBuildException>(() => TransformSet.Parse(text));
        Assert.Equal(code, ex.Code);
        Assert.NotNull(ex.File);
    }

    [Fact]
    public void Unknown_name_error_lists_the_valid_names()
    {
        var ex = Assert.Throws<AugBuildException>(() => TransformSet.Parse("blur"));
        Assert.All(TransformSet.KnownNames, n => Assert.Contains(n, ex.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("crop:16", 32, 32)]
    [InlineData("crop:5", 40, 10)]
    [InlineData("translate:28", 28, 28)]
    [InlineData("crop", 12, 12)]
    public void Parameters_too_large_for_the_image_fail_on_expand(string text, int w, int h)
    {
        var set = TransformSet.Parse(text);
        var ex = Assert.Throws<AugBuildException>(() => set.Expand(w, h));
        Assert.Equal(AugmentationErrors.TooLargeForImage, ex.Code);
        Assert.Contains($"{w}x{h}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Crop_just_under_half_is_allowed()
    {
        Assert.Single(TransformSet.Parse("crop:15").Expand(32, 31));
    }
}
