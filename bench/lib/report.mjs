// The one table and bench/results.json. A row: what was measured, our value, the comparison's value (and
// what it is), their ratio, the target and whether it is met (null: no target).
import { writeFileSync } from 'node:fs';

export function row(figure, ours, comparison, { unit = '', ratio, target = '', met = null, digits = 0 } = {}) {
  const value = (v) => v?.value ?? v;
  const r = ratio ?? (Number.isFinite(value(ours)) && Number.isFinite(value(comparison)) && value(comparison) !== 0 ? value(ours) / value(comparison) : null);
  return {
    figure,
    ours: value(ours),
    comparison: value(comparison) ?? null,
    comparisonIs: comparison?.label ?? '',
    ratio: r,
    unit,
    digits,
    target,
    met,
  };
}

/** `{ value, label }`: a comparison value with what it is. */
export const vs = (value, label) => ({ value, label });

function fmt(v, digits, unit) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (typeof v === 'string') return v;
  return `${v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })}${unit ? ` ${unit}` : ''}`;
}

/** Plain columns for the terminal, or a Markdown table (`--markdown`) to paste into the README. */
export function printTable(rows, { markdown = false } = {}) {
  const cells = rows.map((r) => [
    r.figure,
    fmt(r.ours, r.digits, r.unit),
    r.comparison === null ? '—' : `${fmt(r.comparison, r.digits, r.unit)} (${r.comparisonIs})`,
    r.ratio === null ? '—' : `${r.ratio.toFixed(r.ratio < 10 ? 2 : 0)}×`,
    r.target || '—',
    r.met === null ? '' : r.met ? 'met' : markdown ? '**missed**' : 'MISSED',
  ]);
  if (markdown) {
    for (const c of [['figure', 'ours', 'comparison', 'ratio', 'target', ''], ['---', '---', '---', '---', '---', '---'], ...cells])
      console.log(`| ${c.join(' | ')} |`);
    return;
  }
  const head = ['figure', 'ours', 'comparison', 'ratio', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) =>
    c
      .map((text, i) => text.padEnd(widths[i]))
      .join(' | ')
      .trimEnd();
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const c of cells) console.log(line(c));
}

export function writeResults(file, data) {
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}
