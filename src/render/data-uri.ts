/**
 * `data:` URIs are the only images an untrusted SVG may embed. This file decodes them, checks
 * the bytes really are the image type they claim (by magic number, not by the declared type)
 * and that the declared pixel size is bounded, so a tiny file cannot ask resvg for a huge bitmap.
 */

export type RasterType = 'png' | 'jpeg' | 'gif' | 'webp';

export interface DecodedDataUri {
  /** Lower-cased media type as declared, e.g. `image/png`, `image/svg+xml`. */
  mediaType: string;
  bytes: Buffer;
}

/** Decode a `data:` URI (base64 or percent-encoded). Null when it is not a well-formed data URI. */
export function decodeDataUri(uri: string, maxBytes: number): DecodedDataUri | null | 'too-large' {
  const m = /^data:([^,]*),/is.exec(uri);
  if (!m) return null;
  const params = m[1].split(';').map((p) => p.trim().toLowerCase());
  const mediaType = params[0] || 'text/plain';
  const base64 = params.includes('base64');
  const payload = uri.slice(m[0].length);
  // base64 is 4/3 the decoded size, percent-encoding up to 3x: a cheap upper bound first.
  if (payload.length > maxBytes * 3 + 16) return 'too-large';
  let bytes: Buffer;
  if (base64) {
    const clean = payload.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/\-_]*={0,2}$/.test(clean)) return null;
    bytes = Buffer.from(clean, 'base64');
  } else {
    try {
      bytes = Buffer.from(decodeURIComponent(payload), 'utf8');
    } catch {
      return null;
    }
  }
  if (bytes.length > maxBytes) return 'too-large';
  return { mediaType, bytes };
}

/** The raster type by magic number, or null when the bytes are none of the four allowed. */
export function sniffRaster(b: Buffer): RasterType | null {
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a) return 'png';
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 10 && b.toString('latin1', 0, 4) === 'GIF8') return 'gif';
  if (b.length >= 30 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return null;
}

/** Pixel size from the image header, or null when it cannot be read. */
export function rasterSize(b: Buffer, type: RasterType): { width: number; height: number } | null {
  switch (type) {
    case 'png':
      return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
    case 'gif':
      return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
    case 'webp':
      return webpSize(b);
    case 'jpeg':
      return jpegSize(b);
  }
}

function webpSize(b: Buffer): { width: number; height: number } | null {
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8X') return { width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
  if (chunk === 'VP8 ' && b.length >= 30) return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  if (chunk === 'VP8L' && b.length >= 25) {
    const bits = b.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  return null;
}

function jpegSize(b: Buffer): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const len = b.readUInt16BE(i + 2);
    // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC), carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
    }
    i += 2 + len;
  }
  return null;
}
