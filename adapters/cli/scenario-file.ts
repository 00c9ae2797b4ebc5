import { dirname, resolve } from 'node:path';
import { parseRecipientsCsvBytes, problemsSentence, safeParseScenario, type ParseOptions, type Scenario } from '../../core/index.js';
import { InputError } from './errors.js';
import { readFile } from './files.js';
import type { CliIo } from './io.js';

/**
 * Reads and validates a scenario file; lists that give `csv` are read relative to the scenario,
 * through the product's CSV import. Every problem becomes one InputError naming the file and the
 * field; warnings (a template variable empty for some recipients) go to stderr, one a line.
 */
export function loadScenarioFile(path: string, io: Pick<CliIo, 'cwd' | 'stderr'>): Scenario {
  const fullPath = resolve(io.cwd, path);
  const bytes = readFile(fullPath);
  if (typeof bytes === 'string') throw new InputError(path, bytes);
  const base = dirname(fullPath);
  const options: ParseOptions = {
    loadCsv: (csvPath, context) => {
      const csv = readFile(resolve(base, csvPath));
      if (typeof csv === 'string') throw new Error(csv);
      return parseRecipientsCsvBytes(csv, { defaultTimeZone: context.campaignTimeZone });
    }
  };
  const result = safeParseScenario(new TextDecoder().decode(bytes), options);
  if (!result.ok) throw new InputError(path, problemsSentence(result.issues));
  for (const warning of result.warnings) io.stderr(`${path}: warning: ${warning}.\n`);
  return result.scenario;
}
