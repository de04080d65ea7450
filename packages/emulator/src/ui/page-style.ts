/** Inline CSS of the local Events Manager page: one light theme, system fonts, readable at laptop width. */
export const PAGE_STYLE = `
:root { --bg: #f4f5f7; --card: #fff; --line: #e3e6ea; --text: #1c1e21; --muted: #65676b; --accent: #1b74e4;
  --ok: #1e7d34; --ok-bg: #e3f4e6; --warn: #8a5a00; --warn-bg: #fff3d6; --bad: #b3261e; --bad-bg: #fde7e5; --info-bg: #e7f0fd; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header { position: sticky; top: 0; z-index: 1; display: flex; align-items: center; gap: 16px; padding: 12px 24px;
  background: var(--card); border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; font-size: 16px; }
.brand span { font-weight: 400; color: var(--muted); margin-left: 6px; }
#status { margin-left: auto; color: var(--muted); font-size: 13px; }
button { font: inherit; padding: 6px 12px; border: 1px solid var(--line); border-radius: 6px; background: var(--card); cursor: pointer; }
button:hover { border-color: var(--accent); color: var(--accent); }
main { max-width: 1280px; margin: 0 auto; padding: 20px 24px 48px; }
.hint { color: var(--muted); font-size: 13px; margin-bottom: 16px; }
code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eef0f3; padding: 1px 5px; border-radius: 4px; }
.notice { background: var(--warn-bg); color: var(--warn); border-radius: 8px; padding: 8px 12px; margin-bottom: 16px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; margin-bottom: 20px; }
.card-head { display: flex; align-items: baseline; gap: 24px; flex-wrap: wrap; margin-bottom: 12px; }
h2 { font-size: 17px; margin: 0; }
h3 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 18px 0 6px; }
.stats { display: flex; gap: 20px; flex-wrap: wrap; }
.stat b { font-size: 18px; margin-right: 4px; }
.stat span { color: var(--muted); font-size: 12px; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; padding: 6px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
td { padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
tr:last-child td { border-bottom: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.ok { background: var(--ok-bg); color: var(--ok); }
.warn { background: var(--warn-bg); color: var(--warn); }
.bad { background: var(--bad-bg); color: var(--bad); }
.info { background: var(--info-bg); color: var(--accent); }
.dup { background: #eceef1; color: var(--muted); }
td.nowrap { white-space: nowrap; }
.copy { display: inline-block; margin-right: 4px; }
.empty { color: var(--muted); text-align: center; padding: 32px 0; }
.error-text { color: var(--bad); }
.scroll { overflow-x: auto; }
tr.diagnostic td { border-top: 0; padding-top: 0; font-size: 12px; }
.solution { color: var(--text); }
td.below-goal { color: var(--warn); font-weight: 600; }
.legend { margin: 8px 0 4px; padding-left: 18px; color: var(--muted); font-size: 12px; }
.legend li { margin: 1px 0; }
.legend b { color: var(--text); font-weight: 600; }
`;
