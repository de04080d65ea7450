import { type EventVerdict, KEY_ADVICE } from './meta/verdicts.js';
import type { Finding } from './site/types.js';
import type { VerifyReport } from './verify.js';

const percent = (n: number | undefined): string => (n === undefined ? '–' : `${Math.round(n * 10) / 10}%`);

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => `  ${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}`.trimEnd());
}

function eventRow(event: EventVerdict): string[] {
  const id = event.eventId;
  return [
    event.event_name,
    event.verdict,
    event.coverage === undefined ? '–' : `${percent(event.coverage)} (goal ${event.goal}%)`,
    id ? `${percent(id.browser)} / ${percent(id.server)}` : '–',
    id ? percent(id.matched) : '–',
    event.matchQuality === undefined ? '–' : `${event.matchQuality}/10`,
    event.freshness ?? '–',
  ];
}

const LABEL: Record<Finding['status'], string> = { pass: 'ok  ', warn: 'warn', fail: 'FAIL', info: 'info' };

function findingLines(findings: readonly Finding[]): string[] {
  return findings.flatMap((finding) => [
    `  ${LABEL[finding.status]}  ${finding.check}: ${finding.message}`,
    ...(finding.fix && finding.status !== 'pass' ? [`        fix: ${finding.fix}`] : []),
  ]);
}

/** The report as the terminal shows it: Meta's per-event verdicts, then the site checks, then the result. */
export function formatReport(report: VerifyReport): string {
  const lines: string[] = [`twinfire verify: pixel ${report.pixel}`, `  GET ${decodeURIComponent(report.request)}`, '', 'Meta: Dataset Quality, per event'];
  if (report.meta.error) {
    lines.push(`  Could not read Meta's numbers (${report.meta.error.reason}):`, ...report.meta.error.message.split('\n').map((line) => `    ${line}`));
  } else {
    lines.push(
      ...table([
        ['Event', 'Verdict', 'Coverage', 'event_id browser / server', 'Twins by event_id', 'Match quality', 'Freshness'],
        ...report.meta.events.map(eventRow),
      ]),
    );
    const notes = [...report.meta.events.flatMap((event) => event.notes), ...keyAdvice(report.meta.events)];
    if (notes.length > 0) lines.push('', '  What to change:', ...notes.map((note) => `  - ${note}`));
    lines.push(
      '',
      '  Coverage: browser events with a server twin sharing a dedup key. Twins by event_id: browser events whose twin',
      '  shares the event_id (what deduplicates them). server only: expected for back-office events, not a failure.',
    );
  }
  if (report.site) {
    lines.push(
      '',
      `Site: ${report.site.url}${report.site.mode ? ` (${report.site.mode === 'one-tag' ? 'one tag, baseCode: true' : "tag before Meta's base code"})` : ''}`,
    );
    lines.push(...findingLines(report.site.findings));
  }
  if (report.testEvents) lines.push('', 'Test events', ...findingLines(report.testEvents));
  lines.push('', result(report));
  return `${lines.join('\n')}\n`;
}

function result(report: VerifyReport): string {
  if (report.exitCode === 2) return "Result: not verified: Meta's numbers could not be read (exit code 2).";
  if (report.exitCode === 1) {
    const events = report.meta.events.filter((event) => event.failing).map((event) => event.event_name);
    const checks = [...(report.site?.findings ?? []), ...(report.testEvents ?? [])].filter((f) => f.status === 'fail').map((f) => f.check);
    const what = [events.length ? `events ${events.join(', ')}` : '', checks.length ? `site checks ${checks.join(', ')}` : ''].filter(Boolean).join('; ');
    return `Result: NOT deduplicated: ${what} (exit code 1). See above for the cause and the fix.`;
  }
  return 'Result: verified: every browser event that has a server twin deduplicates (exit code 0).';
}

/** One line per match key that is rare on some events' server events, naming those events. */
function keyAdvice(events: readonly EventVerdict[]): string[] {
  const byKey = new Map<string, string[]>();
  for (const event of events) {
    for (const key of event.weakKeys) if (KEY_ADVICE[key]) byKey.set(key, [...(byKey.get(key) ?? []), event.event_name]);
  }
  return [...byKey].map(([key, names]) => `Match quality: ${key} is on fewer than half the server events of ${names.join(', ')}: ${KEY_ADVICE[key]}.`);
}
