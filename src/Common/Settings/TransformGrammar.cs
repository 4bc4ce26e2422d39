using System.Globalization;

namespace AugBuild.Settings;

/// <summary>One item of a transform set: an index into <see cref="TransformGrammar.Names"/> and its parameters (null: the defaults).</summary>
internal sealed record TransformItem(int Index, IReadOnlyList<double>? Parameters)
{
    public string Name => TransformGrammar.Names[Index];

    /// <summary>Canonical text: <c>name</c> or <c>name:p1,p2</c> with invariant round-trip numbers.</summary>
    public override string ToString() => Parameters is null
        ? Name
        : Name + ":" + string.Join(",", Parameters.Select(p => p.ToString("R", CultureInfo.InvariantCulture)));
}

/// <summary>
/// A transform set. Items are separated by ',' or ';'. An item is <c>name</c> or <c>name:p1</c>; a following item
/// that parses as a number is another parameter of the transform before it, so <c>translate,rotate</c> is two
/// transforms and <c>rotate:-10,10</c> is one with two angles. A number directly after ';', or after a transform
/// written without ':', is an error, so <c>rotate:-10,10;crop:2,4</c> reads the same either way.
/// Names: translate, rotate, crop, flip-h, flip-v, translate-diagonal (case-insensitive); <c>none</c> is the empty set.
/// </summary>
internal static class TransformGrammar
{
    /// <summary>In the order of the engine's TransformKind.</summary>
    public static IReadOnlyList<string> Names { get; } = ["translate", "rotate", "crop", "flip-h", "flip-v", "translate-diagonal"];

    private const int Rotate = 1;

    /// <summary>The items in set order; empty for <c>none</c>.</summary>
    public static IReadOnlyList<TransformItem> Parse(string? text, string setting)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0)
            throw Fail(SettingErrors.EmptyTransformItem, $"The transform set is empty; name one or more of {string.Join(", ", Names)}, or 'none'.", setting);
        if (trimmed.Equals("none", StringComparison.OrdinalIgnoreCase))
            return [];

        var items = new List<(int Index, List<double>? Values)>();
        foreach (var group in trimmed.Split(';'))
        {
            var acceptsNumber = false;
            foreach (var raw in group.Split(','))
            {
                var token = raw.Trim();
                if (token.Length == 0)
                    throw Fail(SettingErrors.EmptyTransformItem, $"The transform set '{text}' has an empty item; separate transforms with ',' or ';'.", setting);
                if (TryNumber(token, out var number))
                {
                    if (!acceptsNumber)
                        throw Fail(SettingErrors.ParameterWithoutTransform, $"The number '{token}' in '{text}' does not follow a transform with ':'; write parameters as name:p1,p2 (e.g. rotate:-10,10).", setting);
                    items[^1].Values!.Add(number);
                    continue;
                }

                var colon = token.IndexOf(':', StringComparison.Ordinal);
                var name = (colon < 0 ? token : token[..colon]).Trim();
                var index = ParseName(name, text, setting);
                if (items.Any(i => i.Index == index))
                    throw Fail(SettingErrors.DuplicateTransform, $"'{name}' appears twice in '{text}'; list all its parameters once (e.g. rotate:-10,10).", setting);
                List<double>? values = null;
                if (colon >= 0)
                {
                    var first = token[(colon + 1)..].Trim();
                    if (!TryNumber(first, out var value))
                        throw Fail(SettingErrors.InvalidTransformParameter, $"'{first}' after '{name}:' in '{text}' is not a number. {RangeText(index)}", setting);
                    values = [value];
                }

                items.Add((index, values));
                acceptsNumber = colon >= 0;
            }
        }

        return items.Select(i => Validate(i.Index, i.Values, text, setting)).ToArray();
    }

    /// <summary>The canonical text (';' between items; <c>none</c> for the empty set).</summary>
    public static string ToText(IEnumerable<TransformItem> items)
    {
        var text = string.Join(";", items);
        return text.Length == 0 ? "none" : text;
    }

    private static int ParseName(string name, string? text, string setting)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (Names[i].Equals(name, StringComparison.OrdinalIgnoreCase))
                return i;
        }

        throw Fail(SettingErrors.UnknownTransform, $"Unknown transform '{name}' in '{text}'. Valid names: {string.Join(", ", Names)} (or 'none').", setting);
    }

    private static TransformItem Validate(int index, List<double>? values, string? text, string setting)
    {
        if (values is null)
            return new TransformItem(index, null);
        if (index is 3 or 4)
            throw Fail(SettingErrors.UnexpectedParameters, $"'{Names[index]}' takes no parameters (in '{text}').", setting);
        foreach (var v in values)
        {
            var ok = index == Rotate
                ? v is >= -180 and <= 180 && v != 0
                : v >= 1 && v <= 100_000 && v == Math.Floor(v);
            if (!ok)
                throw Fail(SettingErrors.InvalidTransformParameter, $"{v.ToString("R", CultureInfo.InvariantCulture)} is not a valid parameter of '{Names[index]}' in '{text}'. {RangeText(index)}", setting);
        }

        if (values.Distinct().Count() != values.Count)
            throw Fail(SettingErrors.InvalidTransformParameter, $"'{Names[index]}' lists a parameter twice in '{text}'; each would make an identical copy.", setting);
        return new TransformItem(index, values.ToArray());
    }

    private static string RangeText(int index) => index switch
    {
        Rotate => "rotate takes angles in degrees in [-180, 180], not 0 (e.g. rotate:-10,10).",
        0 => "translate takes whole-pixel shifts >= 1, each giving the four copies shifted up, down, left and right (e.g. translate:3).",
        5 => "translate-diagonal takes whole-pixel shifts >= 1, each giving the four diagonal copies (e.g. translate-diagonal:3).",
        2 => "crop takes whole-pixel margins >= 1, less than half the image (e.g. crop:2,4).",
        _ => "flips take no parameters.",
    };

    /// <summary>The grammar's message, then which setting to fix (the message quotes only the value).</summary>
    private static SettingException Fail(string code, string message, string setting) =>
        new(code, $"{message} Set {setting} to a valid transform set, e.g. translate, flip-h or rotate:-10,10;crop:2.", setting);

    private static bool TryNumber(string token, out double value) =>
        double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
