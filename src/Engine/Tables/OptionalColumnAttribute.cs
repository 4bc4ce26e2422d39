namespace AugBuild.Engine.Tables;

/// <summary>
/// A column added after the table's first version: files written before it lack it and still read (the property
/// keeps its default), so the wrong-table check does not require it.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OptionalColumnAttribute : Attribute;
