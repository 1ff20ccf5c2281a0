/**
 * A small multipart/form-data parser: enough for what discord.js sends
 * (`payload_json` plus `files[n]` parts), so the fake can check that a real PNG arrives.
 */

export interface MultipartPart {
  /** The form field name (`payload_json`, `files[0]`). */
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** Split a multipart body by the boundary named in its Content-Type header. */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!m) throw new Error(`multipart without boundary: ${contentType}`);
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(boundary);
  while (pos !== -1) {
    const start = pos + boundary.length;
    // "--" right after a boundary marks the end.
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(boundary, start);
    if (next === -1) break;
    // Each part: CRLF, headers, CRLF CRLF, data, CRLF, then the next boundary.
    const chunk = body.subarray(start + 2, next - 2);
    const headerEnd = chunk.indexOf('\r\n\r\n');
    const headerText = chunk.subarray(0, headerEnd).toString('utf8');
    const data = chunk.subarray(headerEnd + 4);
    const headers = new Map<string, string>();
    for (const line of headerText.split('\r\n')) {
      const i = line.indexOf(':');
      if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    const name = /\bname="([^"]*)"/.exec(disposition)?.[1] ?? '';
    const filename = /\bfilename="([^"]*)"/.exec(disposition)?.[1];
    parts.push({ name, filename, contentType: headers.get('content-type'), data: Buffer.from(data) });
    pos = next;
  }
  return parts;
}

/** True when the bytes start with the 8-byte PNG signature. */
export function isPng(data: Buffer): boolean {
  return data.length > 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}
