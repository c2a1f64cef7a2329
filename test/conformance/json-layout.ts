/** JSON text of generated conformance fixtures. */
const PRINT_WIDTH = 110;

function formatJson(value: unknown, indent: number, column: number): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const pad = '  '.repeat(indent + 1);
  const end = '  '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value as unknown[];
    if (items.every((item) => item === null || typeof item !== 'object')) {
      const inline = `[${items.map((item) => JSON.stringify(item) ?? 'null').join(', ')}]`;
      if (column + inline.length + 1 <= PRINT_WIDTH) return inline;
    }
    return `[\n${items.map((item) => pad + formatJson(item, indent + 1, pad.length)).join(',\n')}\n${end}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const lines = entries.map(([key, item]) => {
    const prefix = `${pad}${JSON.stringify(key)}: `;
    return prefix + formatJson(item, indent + 1, prefix.length);
  });
  return `{\n${lines.join(',\n')}\n${end}}`;
}

/**
 * A JSON value as 2-space indented text with a trailing newline, laid out the way Prettier lays out JSON (short
 * arrays of scalars on one line), so generated fixtures pass `prettier --check` unchanged. Key order is the
 * construction order, which is deterministic (shape keys are sorted).
 */
export function layoutJson(value: unknown): string {
  return `${formatJson(value, 0, 0)}\n`;
}
