import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { safeParseScenario, type ParseOptions, type Scenario } from '../../core/index.js';
import { InputError } from './io.js';

/**
 * Reads and validates a scenario file; lists that give `csv` are read relative to the scenario.
 * Every problem becomes an InputError naming the file and the field.
 */
export function loadScenarioFile(path: string, cwd: string, csvLoader?: CsvLoader): Scenario {
  const fullPath = resolve(cwd, path);
  const text = readText(fullPath, path);
  const options: ParseOptions = {};
  if (csvLoader !== undefined) {
    const base = dirname(fullPath);
    options.loadCsv = (csvPath, context) => csvLoader(readText(resolve(base, csvPath), csvPath), context);
  }
  const result = safeParseScenario(text, options);
  if (!result.ok) {
    const [first, ...rest] = result.issues;
    const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
    throw new InputError(`${path}: ${first}${more}.`);
  }
  return result.scenario;
}

export type CsvLoader = NonNullable<ParseOptions['loadCsv']> extends (path: string, context: infer C) => infer R
  ? (text: string, context: C) => R
  : never;

function readText(fullPath: string, shownPath: string): string {
  try {
    return readFileSync(fullPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${shownPath}: no such file.`);
    if (code === 'EISDIR') throw new InputError(`${shownPath}: is a folder, not a file.`);
    throw new InputError(`${shownPath}: cannot be read (${code ?? String(error)}).`);
  }
}
