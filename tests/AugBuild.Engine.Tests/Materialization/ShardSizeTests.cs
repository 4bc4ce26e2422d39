using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Materialization;
using AugBuild.Settings;

namespace AugBuild.Engine.Tests.Materialization;

public class ShardSizeTests
{
    [Theory]
    [InlineData("500MB", 500_000_000L)]
    [InlineData(" 1gb ", 1_000_000_000L)]
    [InlineData("256MiB", 268_435_456L)]
    [InlineData("1.5 GB", 1_500_000_000L)]
    [InlineData("2048", 2048L)]
    [InlineData("64KiB", 65_536L)]
    public void Parses_decimal_and_binary_units(string text, long bytes) => Assert.Equal(bytes, ShardSize.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("MB")]
    [InlineData("0MB")]
    [InlineData("-5MB")]
    [InlineData("12 parsecs")]
    [InlineData("100")]
    public void Rejects_bad_sizes_with_a_coded_error(string text)
    {
        var ex = Assert.Throws<AugBuildException>(() => ShardSize.Parse(text));
        Assert.Equal(SettingErrors.InvalidShardSize, ex.Code);
        Assert.Contains("500MB", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("png", OutputImageFormat.Png)]
    [InlineData("Source", OutputImageFormat.Source)]
    public void Parses_image_formats(string text, OutputImageFormat format) => Assert.Equal(format, OutputImageFormats.Parse(text));

    [Fact]
    public void Unknown_image_format_is_a_coded_error() =>
        Assert.Equal(SettingErrors.InvalidImageFormat, Assert.Throws<AugBuildException>(() => OutputImageFormats.Parse("webp")).Code);
}
