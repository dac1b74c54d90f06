namespace HalidePortal.Ingest;

/// <summary>Marker for the instrument-parser assembly; parsers arrive with the upload issue.</summary>
public static class IngestAssembly;
