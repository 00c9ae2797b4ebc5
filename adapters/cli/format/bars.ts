/** A text bar chart row: `label  count  ██████`, scaled so the largest value fills `width`. */
export function barRows(rows: { label: string; value: number }[], width = 40): string[] {
  const max = Math.max(1, ...rows.map((row) => row.value));
  const labelWidth = Math.max(0, ...rows.map((row) => row.label.length));
  const valueWidth = Math.max(1, ...rows.map((row) => String(row.value).length));
  return rows.map((row) => {
    const length = row.value === 0 ? 0 : Math.max(1, Math.round((row.value / max) * width));
    return `${row.label.padEnd(labelWidth)}  ${String(row.value).padStart(valueWidth)}  ${'█'.repeat(length)}`;
  });
}
