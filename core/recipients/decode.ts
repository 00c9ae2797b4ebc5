export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

// Enough of the file to tell UTF-8 from a Windows "ANSI" export: an accented name almost always
// shows up in the first few hundred rows. Deciding on a fixed byte count, not on how the bytes
// happened to arrive, keeps a streamed file and the same bytes in one piece decoding alike.
const SNIFF_BYTES = 64 * 1024;

/**
 * Bytes → text, streaming. UTF-8 unless a byte-order mark says UTF-16 (Excel's "Unicode text")
 * or the first 64 KiB are not UTF-8 at all (then Windows-1252, what Excel writes as "CSV").
 * Invalid UTF-8 further on becomes U+FFFD, which the importer reports per row.
 */
export class ByteDecoder {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private decoder: TextDecoder | null = null;
  encoding: TextEncoding = 'utf-8';

  decode(bytes: Uint8Array): string {
    if (this.decoder !== null) return this.decoder.decode(bytes, { stream: true });
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    return this.pendingBytes >= SNIFF_BYTES ? this.start() : '';
  }

  end(): string {
    const head = this.decoder === null ? this.start() : '';
    return head + this.decoder!.decode();
  }

  private start(): string {
    const head = concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.encoding = sniff(head.subarray(0, SNIFF_BYTES));
    // The BOM is dropped by the reader, in text, so that a string input is treated the same way.
    this.decoder = new TextDecoder(this.encoding, { ignoreBOM: true });
    return this.decoder.decode(head, { stream: true });
  }
}

function sniff(head: Uint8Array): TextEncoding {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    // A UTF-8 file with one bad byte still has its accents as valid sequences; Windows-1252 text
    // almost never forms one by chance.
    return hasUtf8Sequence(head) ? 'utf-8' : 'windows-1252';
  }
}

function hasUtf8Sequence(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i += 1) {
    const lead = bytes[i]!;
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) continue;
    let continued = true;
    for (let k = 1; k < length; k += 1) continued &&= (bytes[i + k]! & 0xc0) === 0x80;
    if (continued) return true;
  }
  return false;
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}
