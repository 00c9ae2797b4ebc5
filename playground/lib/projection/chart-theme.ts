/** The colours a chart draws with, read from the design tokens (a canvas cannot use CSS variables). */
export interface ChartTheme {
  series: string;
  others: string;
  unreached: string;
  endLine: string;
  text: string;
  grid: string;
  surface: string;
  font: string;
}

const tokens = {
  series: '--color-chart-1',
  others: '--color-chart-2',
  unreached: '--color-chart-unreached',
  endLine: '--color-danger',
  text: '--color-muted',
  grid: '--color-border',
  surface: '--color-surface',
  font: '--font-sans'
} as const satisfies Record<keyof ChartTheme, string>;

/** The tokens as they apply at `element` (a page may override them on an ancestor). */
export function readChartTheme(element: Element): ChartTheme {
  const style = getComputedStyle(element);
  const theme = {} as ChartTheme;
  for (const [key, token] of Object.entries(tokens) as [keyof ChartTheme, string][]) {
    theme[key] = style.getPropertyValue(token).trim();
  }
  return theme;
}
