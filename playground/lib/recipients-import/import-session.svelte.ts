import type { FieldIssue, FromWorker, ImportSettingsInput, ListSummary, TemplateCheck, ToWorker } from './worker-messages.js';

export type ImportPhase = 'idle' | 'reading' | 'done' | 'cancelled' | 'failed';

/**
 * One list being read by its own worker, as the page sees it. A new file (or cancel) terminates
 * the worker: reading stops at once and its memory goes with it, which no flag checked between
 * chunks would guarantee.
 */
export class ImportSession {
  phase = $state<ImportPhase>('idle');
  fileName = $state('');
  bytesRead = $state(0);
  sizeBytes = $state(0);
  issues = $state.raw<FieldIssue[]>([]);
  list = $state.raw<ListSummary | null>(null);
  template = $state.raw<TemplateCheck | null>(null);
  /** Each usable recipient's time zone, when the session was started with `zones`. */
  zones = $state.raw<string[] | null>(null);
  failure = $state<string | null>(null);

  private worker: Worker | null = null;
  private templateSeq = 0;
  private checkedTemplate = '';

  start(file: File, settings: ImportSettingsInput, template: string, options: { zones?: boolean } = {}): void {
    this.terminate();
    this.phase = 'reading';
    this.fileName = file.name;
    this.bytesRead = 0;
    this.sizeBytes = file.size;
    this.issues = [];
    this.list = null;
    this.template = null;
    this.zones = null;
    this.failure = null;
    this.checkedTemplate = template;
    const worker = new Worker(new URL('./recipients.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      if (this.worker === worker) this.receive(event.data);
    };
    worker.onerror = (event) => {
      if (this.worker === worker) this.fail(`The import stopped unexpectedly${event.message ? `: ${event.message}` : ''}.`);
    };
    this.worker = worker;
    this.post({ type: 'import', file, settings, template, zones: options.zones === true });
  }

  cancel(): void {
    if (this.phase !== 'reading') return;
    this.terminate();
    this.phase = 'cancelled';
  }

  /** Re-checks the template against the list already read; answers to older edits are dropped. */
  checkTemplate(template: string): void {
    if (this.phase !== 'done' || this.worker === null || template === this.checkedTemplate) return;
    this.checkedTemplate = template;
    this.templateSeq += 1;
    this.post({ type: 'template', template, seq: this.templateSeq });
  }

  dispose(): void {
    this.terminate();
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'progress':
        this.bytesRead = message.bytesRead;
        return;
      case 'refused':
        this.terminate();
        this.phase = 'idle';
        this.issues = message.issues;
        return;
      case 'imported':
        this.bytesRead = this.sizeBytes;
        this.list = message.list;
        this.template = message.template;
        this.zones = message.zones;
        this.phase = 'done';
        // A refused file leaves nothing to check templates against.
        if (message.list.fileError !== null) this.terminate();
        return;
      case 'template':
        if (message.seq === this.templateSeq) this.template = message.template;
        return;
      case 'failed':
        this.fail(message.message);
        return;
    }
  }

  private fail(message: string): void {
    this.terminate();
    this.phase = 'failed';
    this.failure = message;
  }

  private post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  private terminate(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}
