/** One requested field: `name` or `name{child,child{...}}`. */
export interface FieldSelection {
  name: string;
  children?: FieldSelection[];
}

/** A `fields` value Graph cannot read. */
export class FieldSyntaxError extends Error {}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
/** Graph's field modifiers (`.limit(10)`, `.as(x)`): accepted and ignored by the emulator. */
const MODIFIER = /\.[A-Za-z_]+\([^(){},]*\)/y;
const MAX_LENGTH = 4096;
const MAX_DEPTH = 8;

/**
 * Parses Graph's field projection syntax: `web{event_name, event_coverage{percentage}}`. Whitespace around
 * names is allowed, as in Meta's examples.
 */
export function parseFields(text: string): FieldSelection[] {
  if (text.length > MAX_LENGTH) throw new FieldSyntaxError(`the fields parameter is longer than ${MAX_LENGTH} characters`);
  let at = 0;
  const skipSpace = (): void => {
    while (at < text.length && /\s/.test(text[at]!)) at++;
  };
  const fail = (what: string): never => {
    throw new FieldSyntaxError(`Syntax error "${what}" at character ${at} in the fields parameter: ${text.slice(0, 200)}`);
  };
  const list = (depth: number): FieldSelection[] => {
    if (depth > MAX_DEPTH) fail('fields nested too deeply');
    const fields: FieldSelection[] = [];
    for (;;) {
      skipSpace();
      NAME.lastIndex = at;
      const name = NAME.exec(text);
      if (!name) fail(`Expected a field name${at < text.length ? `, got "${text[at]}"` : ''}`);
      at = NAME.lastIndex;
      for (;;) {
        MODIFIER.lastIndex = at;
        if (!MODIFIER.exec(text)) break;
        at = MODIFIER.lastIndex;
      }
      skipSpace();
      const field: FieldSelection = { name: name![0] };
      if (text[at] === '{') {
        at++;
        field.children = list(depth + 1);
        skipSpace();
        if (text[at] !== '}') fail('Expected "}"');
        at++;
        skipSpace();
      }
      fields.push(field);
      if (text[at] !== ',') return fields;
      at++;
    }
  };
  const fields = list(0);
  skipSpace();
  if (at < text.length) fail(`Unexpected "${text[at]}"`);
  return fields;
}
