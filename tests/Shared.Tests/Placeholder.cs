namespace TransferPipeline.Shared.Tests; internal sealed class Placeholder;
