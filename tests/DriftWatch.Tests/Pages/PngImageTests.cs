using System.Buffers.Binary;
using System.IO.Compression;

namespace DriftWatch.Tests.Pages;

public sealed class PngImageTests
{
    public sealed class Decode
    {
        [Theory]
        [InlineData(3)]
        [InlineData(4)]
        public void ReadsEveryFilterType(int channels)
        {
            // 5 rows, one per filter type (None, Sub, Up, Average, Paeth), of 4 pixels with varied values.
            const int width = 4, height = 5;
            var pixels = new int[width * height];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = (i * 0x3B2F17 + 0x10203) & 0xFFFFFF;
            var png = PngImage.Decode(Encode(pixels, width, height, channels));
            Assert.Equal(width, png.Width);
            Assert.Equal(height, png.Height);
            Assert.Equal(pixels, png.Pixels);
            Assert.Equal(pixels.Distinct().Count(), png.DistinctColours);
        }

        [Fact]
        public void RefusesWhatItCannotRead() =>
            Assert.Equal("not a PNG file", Assert.Throws<InvalidDataException>(() => PngImage.Decode(new byte[40])).Message);

        /// <summary>A PNG whose row y uses filter type y, filtered the way the specification defines.</summary>
        private static byte[] Encode(int[] pixels, int width, int height, int channels)
        {
            int stride = width * channels;
            var rows = new byte[height][];
            for (int y = 0; y < height; y++)
            {
                rows[y] = new byte[stride];
                for (int x = 0; x < width; x++)
                {
                    int p = pixels[y * width + x];
                    rows[y][x * channels] = (byte)(p >> 16);
                    rows[y][x * channels + 1] = (byte)(p >> 8);
                    rows[y][x * channels + 2] = (byte)p;
                    if (channels == 4) rows[y][x * channels + 3] = 255;
                }
            }
            using var raw = new MemoryStream();
            for (int y = 0; y < height; y++)
            {
                int filter = y % 5;
                raw.WriteByte((byte)filter);
                for (int i = 0; i < stride; i++)
                {
                    int a = i >= channels ? rows[y][i - channels] : 0, b = y > 0 ? rows[y - 1][i] : 0, c = i >= channels && y > 0 ? rows[y - 1][i - channels] : 0;
                    int predictor = filter switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) >> 1, _ => Paeth(a, b, c) };
                    raw.WriteByte((byte)(rows[y][i] - predictor));
                }
            }
            using var compressed = new MemoryStream();
            using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) raw.WriteTo(z);

            using var png = new MemoryStream();
            png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
            var header = new byte[13];
            BinaryPrimitives.WriteInt32BigEndian(header, width);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
            header[8] = 8;
            header[9] = (byte)(channels == 4 ? 6 : 2);
            Chunk(png, "IHDR", header);
            Chunk(png, "IDAT", compressed.ToArray());
            Chunk(png, "IEND", []);
            return png.ToArray();
        }

        private static void Chunk(Stream png, string type, byte[] data)
        {
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
            png.Write(length);
            byte[] typeAndData = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
            png.Write(typeAndData);
            png.Write([0, 0, 0, 0]); // the CRC: the decoder does not check it
        }

        private static int Paeth(int a, int b, int c)
        {
            int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
    }
}
