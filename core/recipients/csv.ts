import { ByteDecoder } from './decode.js';
import { fileErrors } from './file-errors.js';
import { RecipientsImporter } from './importer.js';
import { resolveLimits } from './limits.js';
import { CsvRecordReader } from './reader.js';
import type { ImportLimits, RecipientsCsvOptions, RecipientsImport } from './types.js';
import { resolveTimeZone } from './zones.js';

/** Anything a list can arrive as: a Node stream, a Web stream (a File's `stream()`), a generator. */
export type CsvSource = AsyncIterable<string | Uint8Array> | ReadableStream<string | Uint8Array>;

// Slicing a string costs nothing, and feeding it in pieces runs the code a stream runs.
const STRING_CHUNK_CHARS = 1024 * 1024;

/**
 * The one entry point for a recipients CSV: the CLI, the scenario loader and the playground all
 * come through here (or the byte and stream variants below, which share every rule).
 * Never throws for anything in the file; throws RangeError for options a caller should have
 * checked (a default time zone that is not an IANA name).
 */
export function parseRecipientsCsv(input: string, options: RecipientsCsvOptions): RecipientsImport {
  const session = new CsvSession(options, input.length);
  if (session.refusedBySize(input.length)) return session.finish();
  for (let start = 0; start < input.length && !session.stopped; start += STRING_CHUNK_CHARS) {
    session.text(input.slice(start, start + STRING_CHUNK_CHARS));
  }
  return session.finish();
}

/** The file's bytes, in any encoding the decoder recognises (UTF-8, UTF-16 with a BOM, Windows-1252). */
export function parseRecipientsCsvBytes(bytes: Uint8Array, options: RecipientsCsvOptions): RecipientsImport {
  const session = new CsvSession(options, bytes.length);
  if (!session.refusedBySize(bytes.length)) session.bytes(bytes);
  return session.finish();
}

/**
 * A stream of strings or of bytes, read chunk by chunk: memory grows with the recipients, not the
 * file, and reading stops as soon as the file passes a limit. With `options.sizeBytes` a file
 * known to be too large is refused without reading it at all.
 */
export async function parseRecipientsCsvStream(source: CsvSource, options: RecipientsCsvOptions): Promise<RecipientsImport> {
  const session = new CsvSession(options, options.sizeBytes ?? 0);
  if (options.sizeBytes !== undefined && session.refusedBySize(options.sizeBytes, options.sizeBytes)) return session.finish();
  for await (const chunk of chunksOf(source)) {
    if (typeof chunk !== 'string') session.bytes(chunk);
    else if (!session.refusedBySize(chunk.length)) session.text(chunk);
    if (session.stopped) break;
  }
  return session.finish();
}

class CsvSession {
  private readonly limits: ImportLimits;
  private readonly importer: RecipientsImporter;
  private readonly reader: CsvRecordReader;
  private decoder: ByteDecoder | null = null;
  private size = 0;

  /** `size`: the file's length when known (0 when not), to size the importer's tables once. */
  constructor(options: RecipientsCsvOptions, size: number) {
    const zone = options.defaultTimeZone === null ? null : resolveTimeZone(options.defaultTimeZone);
    if (zone !== null && !zone.ok) throw new RangeError(`defaultTimeZone: ${zone.reason}`);
    this.limits = resolveLimits(options.limits);
    this.importer = new RecipientsImporter({
      defaultTimeZone: zone?.timeZone ?? null,
      defaultCountry: options.defaultCountry ?? 'US',
      limits: this.limits,
      sizeHint: size <= this.limits.maxBytes ? size : 0
    });
    this.reader = new CsvRecordReader(this.importer, this.limits.maxRowChars);
  }

  get stopped(): boolean {
    return this.importer.stopped;
  }

  /** Counts `size` more bytes (or chars) read; true, and the file refused, once past the limit. */
  refusedBySize(size: number, known: number | null = null): boolean {
    this.size += size;
    if (this.size > this.limits.maxBytes) this.importer.refuse(fileErrors.tooLarge(this.limits.maxBytes, known));
    return this.importer.stopped;
  }

  text(chunk: string): void {
    if (this.decoder !== null) this.reader.push(this.decoder.end());
    this.decoder = null;
    this.reader.push(chunk);
  }

  bytes(chunk: Uint8Array): void {
    if (this.refusedBySize(chunk.length)) return;
    this.decoder ??= new ByteDecoder();
    this.reader.push(this.decoder.decode(chunk));
  }

  finish(): RecipientsImport {
    if (!this.importer.stopped) {
      if (this.decoder !== null) {
        this.reader.push(this.decoder.end());
        if (this.decoder.encoding === 'windows-1252') this.importer.notUtf8();
      }
      this.reader.end();
    }
    return this.importer.finish();
  }
}

async function* chunksOf(source: CsvSource): AsyncIterable<string | Uint8Array> {
  if (Symbol.asyncIterator in source) {
    yield* source as AsyncIterable<string | Uint8Array>;
    return;
  }
  // Browsers other than Firefox cannot iterate a ReadableStream yet.
  const reader = (source as ReadableStream<string | Uint8Array>).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
