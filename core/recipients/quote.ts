/** A cell as a person would recognise it in a message: quoted, escaped, and cut when long. */
export function quote(value: string, maxChars = 40): string {
  const shown = value.length > maxChars ? `${value.slice(0, maxChars)}…` : value;
  return JSON.stringify(shown);
}
