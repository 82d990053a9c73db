/** One editable setting: a path into the config and how its input behaves. */
export interface Field {
  path: string[];
  kind: 'number' | 'boolean' | 'text' | 'json';
  /** Empty input means null (for settings whose default is "none"). */
  nullable: boolean;
  value: unknown;
}

/** Flattens a config section into its fields; lists and their objects are edited as JSON. */
export function fieldsOf(value: unknown, path: string[] = []): Field[] {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, child]) => fieldsOf(child, [...path, key]));
  }
  const kind: Field['kind'] =
    typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : Array.isArray(value) ? 'json' : 'text';
  return [{ path, kind, nullable: value === null, value }];
}

/** Turns the text of an input back into the value the config holds. Throws with a readable message. */
export function parseFieldInput(field: Field, text: string, checked: boolean): unknown {
  if (field.kind === 'boolean') return checked;
  if (text.trim() === '' && (field.nullable || field.kind === 'number')) {
    if (field.nullable) return null;
    throw new Error(`${field.path.join('.')} needs a number`);
  }
  if (field.kind === 'number') {
    const number = Number(text);
    if (!Number.isFinite(number)) throw new Error(`${field.path.join('.')} needs a number`);
    return number;
  }
  if (field.kind === 'json') {
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`${field.path.join('.')} is not valid JSON`);
    }
  }
  return text;
}

/** Builds the nested patch `{ a: { b: value } }` for the changed paths only. */
export function patchOf(changes: ReadonlyMap<string, { path: string[]; value: unknown }>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const { path, value } of changes.values()) {
    let node = patch;
    path.slice(0, -1).forEach((key) => {
      node[key] = (node[key] as Record<string, unknown> | undefined) ?? {};
      node = node[key] as Record<string, unknown>;
    });
    node[path[path.length - 1]!] = value;
  }
  return patch;
}

export function displayValue(field: Field): string {
  if (field.value === null) return '';
  return field.kind === 'json' ? JSON.stringify(field.value, null, 2) : String(field.value);
}
