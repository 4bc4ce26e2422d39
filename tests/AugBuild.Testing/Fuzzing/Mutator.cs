namespace AugBuild.Testing;

/// <summary>Seeded mutations of valid files: bit flips, truncation, duplicated or deleted slices, overwritten header bytes.</summary>
public static class Mutator
{
    public static byte[] Mutate(byte[] seed, Random rng)
    {
        var bytes = seed.ToList();
        var steps = rng.Next(1, 4);
        for (var s = 0; s < steps && bytes.Count > 0; s++)
        {
            switch (rng.Next(6))
            {
                case 0: // flip a few bits
                    for (var k = rng.Next(1, 9); k > 0; k--)
                    {
                        var i = rng.Next(bytes.Count);
                        bytes[i] ^= (byte)(1 << rng.Next(8));
                    }

                    break;
                case 1: // truncate
                {
                    var keep = rng.Next(bytes.Count);
                    bytes.RemoveRange(keep, bytes.Count - keep);
                }

                    break;
                case 2: // duplicate a slice (a repeated chunk or segment)
                {
                    var start = rng.Next(bytes.Count);
                    var length = Math.Min(rng.Next(1, 64), bytes.Count - start);
                    bytes.InsertRange(rng.Next(bytes.Count + 1), bytes.GetRange(start, length));
                    break;
                }

                case 3: // delete a slice
                {
                    var start = rng.Next(bytes.Count);
                    bytes.RemoveRange(start, Math.Min(rng.Next(1, 32), bytes.Count - start));
                    break;
                }

                case 4: // huge numbers in the header (sizes, lengths, counts)
                {
                    var i = rng.Next(Math.Min(bytes.Count, 64));
                    for (var k = 0; k < 4 && i + k < bytes.Count; k++) bytes[i + k] = (byte)(rng.Next(2) == 0 ? 0xFF : 0x7F);
                    break;
                }

                default: // random bytes somewhere
                {
                    var i = rng.Next(bytes.Count);
                    for (var k = 0; k < 16 && i + k < bytes.Count; k++) bytes[i + k] = (byte)rng.Next(256);
                    break;
                }
            }
        }

        return [.. bytes];
    }
}
