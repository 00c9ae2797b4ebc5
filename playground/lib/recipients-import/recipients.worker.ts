// The whole importer runs here, off the page's thread: reading, decoding, CSV parsing, phone
// numbers and time zones, duplicates, template checks. papaparse's own `worker: true` would move
// only the CSV parsing, leaving libphonenumber and the zone checks of every row (most of the
// work) on the page's thread, and would bypass core's importer, which the CLI and scenario files
// use: here the very same `parseRecipientsCsvStream` reads `file.stream()`, chunk by chunk, so a
// 100 MB file neither freezes the page nor sits in memory whole.
import { parseRecipientsCsvStream, type RecipientsImport } from '../../../core/recipients/index.js';
import { readImportSettings } from './import-settings.js';
import { checkTemplate, summariseList } from './list-summary.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

// Enough updates for a smooth bar, few enough that a large file is not slowed by messages.
const PROGRESS_STEPS = 100;

const scope = self as unknown as {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};

// Kept so that editing the template re-checks it against every recipient without reading the file again.
let imported: RecipientsImport | null = null;

scope.onmessage = ({ data }) => {
  if (data.type === 'import') void importList(data.file, data.settings, data.template, data.zones === true);
  else if (data.type === 'template') {
    scope.postMessage({ type: 'template', seq: data.seq, template: imported === null ? null : checkTemplate(data.template, imported) });
  }
};

async function importList(file: File, input: Extract<ToWorker, { type: 'import' }>['settings'], template: string, withZones: boolean): Promise<void> {
  const read = readImportSettings(input);
  if (!read.ok) {
    scope.postMessage({ type: 'refused', issues: read.issues });
    return;
  }
  try {
    imported = await parseRecipientsCsvStream(withProgress(file), {
      defaultTimeZone: read.settings.timeZone,
      defaultCountry: read.settings.country,
      sizeBytes: file.size
    });
    const zones = withZones ? imported.recipients.map((recipient) => recipient.timeZone) : null;
    scope.postMessage({ type: 'imported', list: summariseList(imported, file, read.settings), template: checkTemplate(template, imported), zones });
  } catch (error) {
    // Core reports every problem of the file in its report; what lands here is the browser
    // failing to read it (the file was moved or deleted after it was picked).
    scope.postMessage({ type: 'failed', message: `The file could not be read: ${error instanceof Error ? error.message : String(error)}` });
  }
}

async function* withProgress(file: File): AsyncIterable<Uint8Array> {
  const step = Math.max(1, Math.floor(file.size / PROGRESS_STEPS));
  let bytesRead = 0;
  let reported = 0;
  const reader = file.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytesRead += value.byteLength;
      if (bytesRead - reported >= step) {
        reported = bytesRead;
        scope.postMessage({ type: 'progress', bytesRead, sizeBytes: file.size });
      }
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
