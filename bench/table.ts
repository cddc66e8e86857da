// Benchmark summaries printed as Markdown tables, ready to paste into bench/README.md.

/** A printable cell: numbers get thousands separators. */
export type Cell = string | number;

const cell = (value: Cell) => (typeof value === 'number' ? value.toLocaleString('en') : value);

/** Writes `title` and a Markdown table of `rows` under `header` to stdout. */
export function printTable(title: string, header: string[], rows: Cell[][]): void {
  const lines = [`\n${title}\n`, `| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
