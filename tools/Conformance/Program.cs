using TransferPipeline.Conformance;

var output = args.Length > 0 ? args[0] : Path.Combine("conformance", "vectors");
var index = await ConformanceSet.WriteAsync(output, CancellationToken.None);
Console.WriteLine($"{index.Vectors.Count} conformance vectors written to {Path.GetFullPath(output)}");
