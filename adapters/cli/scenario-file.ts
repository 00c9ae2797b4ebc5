import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { safeParseScenario, type ParseOptions, type Scenario } from '../../core/index.js';
import { csvListRecipients } from './csv-list.js';
import { InputError } from './io.js';

/**
 * Reads and validates a scenario file; lists that give `csv` are read relative to the scenario.
 * Every problem becomes an InputError naming the file and the field.
 */
export function loadScenarioFile(path: string, cwd: string): Scenario {
  const fullPath = resolve(cwd, path);
  const text = new TextDecoder().decode(readBytes(fullPath, path));
  const base = dirname(fullPath);
  const options: ParseOptions = {
    loadCsv: (csvPath, context) => csvListRecipients(readBytes(resolve(base, csvPath), csvPath), context)
  };
  const result = safeParseScenario(text, options);
  if (!result.ok) {
    const [first, ...rest] = result.issues;
    const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
    throw new InputError(`${path}: ${first}${more}.`);
  }
  return result.scenario;
}

function readBytes(fullPath: string, shownPath: string): Uint8Array {
  try {
    return readFileSync(fullPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${shownPath}: no such file.`);
    if (code === 'EISDIR') throw new InputError(`${shownPath}: is a folder, not a file.`);
    throw new InputError(`${shownPath}: cannot be read (${code ?? String(error)}).`);
  }
}
