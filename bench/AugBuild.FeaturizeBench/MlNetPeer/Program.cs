using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

// ML.NET 5 peer: LoadImages -> ResizeImages(224) -> ExtractPixels -> DnnFeaturizeImage(ResNet18), the pipeline
// ML.NET documents for this model. Prints "RESULT rate=<images/s> dim=<d> n=<n>" for the first COUNT PNGs of FOLDER.
var folder = args[0];
var count = int.Parse(args[1], CultureInfo.InvariantCulture);
var paths = Directory.GetFiles(folder, "img*.png").Order(StringComparer.Ordinal).Take(count).ToList();

var ml = new MLContext(seed: 0);
var data = ml.Data.LoadFromEnumerable(paths.Select(p => new ImageInput { ImagePath = p }));
var pipeline = ml.Transforms.LoadImages("Image", imageFolder: "", inputColumnName: nameof(ImageInput.ImagePath))
    .Append(ml.Transforms.ResizeImages("Image", 224, 224, "Image"))
    .Append(ml.Transforms.ExtractPixels("Pixels", "Image"))
    .Append(ml.Transforms.DnnFeaturizeImage("Features", m => m.ModelSelector.ResNet18(ml, m.OutputColumn, m.InputColumn), "Pixels"));
var model = pipeline.Fit(data);

// Warm-up on a few images, then time the whole set.
Consume(model.Transform(ml.Data.LoadFromEnumerable(paths.Take(4).Select(p => new ImageInput { ImagePath = p }))));
var clock = Stopwatch.StartNew();
var (n, dim) = Consume(model.Transform(data));
Console.WriteLine(FormattableString.Invariant($"RESULT rate={n / clock.Elapsed.TotalSeconds} dim={dim} n={n}"));
return 0;

static (int N, int Dim) Consume(IDataView view)
{
    int n = 0, dim = 0;
    foreach (var f in view.GetColumn<float[]>("Features"))
    {
        n++;
        dim = f.Length;
    }

    return (n, dim);
}

internal sealed class ImageInput
{
    public string ImagePath { get; set; } = "";
}
