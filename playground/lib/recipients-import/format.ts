/** `1 row`, `1,234 rows`: counts as the CLI writes them. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return count(bytes, 'byte');
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** `lines 9, 10, …` for a warning that names only its first few lines. */
export function linesOf(lines: readonly number[], total: number): string {
  if (lines.length === 0) return '';
  const more = total > lines.length ? ', …' : '';
  return `${lines.length === 1 && total === 1 ? 'line' : 'lines'} ${lines.join(', ')}${more}`;
}
