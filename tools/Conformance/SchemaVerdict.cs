namespace TransferPipeline.Conformance;

/// <summary>Whether a vector's manifest.json passes a JSON Schema of the manifest's field-level rules.</summary>
internal enum SchemaVerdict
{
    /// <summary>The manifest passes the schema: the fault, if any, is one a schema cannot see.</summary>
    Passes,

    /// <summary>The schema refuses the manifest (or it is not even JSON).</summary>
    Fails,
}
