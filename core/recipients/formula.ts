// A cell starting with = + - @ (or a tab or carriage return) is run as a formula by Excel, Sheets
// and LibreOffice (OWASP "CSV injection"). Prefixing a `'` makes it text. Reading strips that one
// `'` again, and a value that itself starts with `'` and a formula character (or a second `'`)
// gets one more on writing, so that writing then reading gives back exactly what was written.

const formulaStart = /^[=+\-@\t\r]/;
const escaped = /^'[=+\-@\t\r']/;

export function startsLikeFormula(value: string): boolean {
  return formulaStart.test(value);
}

export function neutraliseCell(value: string): string {
  return formulaStart.test(value) || escaped.test(value) ? `'${value}` : value;
}

/** Undoes `neutraliseCell`, and Excel's own leading `'` on a cell such as `'+14155550100`. */
export function restoreCell(value: string): string {
  return value.charCodeAt(0) === 39 && escaped.test(value) ? value.slice(1) : value;
}
