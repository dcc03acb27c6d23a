/**
 * Test photos: real JPEGs made with sharp, carrying EXIF fields and GPS coordinates like a phone's
 * photo, and a reader for the tags of an EXIF block (IFD0 and its GPS pointer).
 */
import sharp from 'sharp';

/** A JPEG with camera make/model, the owner's name and GPS coordinates in its EXIF block. */
export async function phonePhoto(colour = '#c33', size = { width: 640, height: 480 }): Promise<Buffer> {
  return sharp({ create: { ...size, channels: 3, background: colour } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'AcmeCam', Model: 'Secret9', Artist: 'Erika Mustermann' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 21/1 5268/100', GPSLongitudeRef: 'E', GPSLongitude: '6/1 25/1 744/100' },
    })
    .toBuffer();
}

/** The tag ids of IFD0 in an EXIF block as sharp returns it ("Exif\0\0" + TIFF). 0x8825 points to GPS data. */
export function exifTags(exif: Buffer | undefined): number[] {
  if (!exif) return [];
  const tiff = exif.subarray(exif.subarray(0, 4).toString('latin1') === 'Exif' ? 6 : 0);
  const little = tiff.subarray(0, 2).toString('latin1') === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  const count = u16(ifd);
  return Array.from({ length: count }, (_, i) => u16(ifd + 2 + i * 12));
}

export const EXIF_TAG = { make: 0x010f, model: 0x0110, artist: 0x013b, gps: 0x8825 } as const;
