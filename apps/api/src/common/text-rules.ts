import 'reflect-metadata';

/**
 * Rules every text input follows, checked by the validation pipe on every string of every input object
 * after its own decorators: well-formed Unicode (no lone surrogate halves), and no control characters:
 * names and short texts are one line; notes and messages (marked @Multiline()) may hold line breaks and tabs.
 */
const MULTILINE = Symbol('backr:multiline');

export type TextKind = 'line' | 'multiline' | 'file';

/**
 * Marks a text input field that may hold line breaks and tabs (notes, messages); 'file' for a whole
 * file's text, whose own checks (binary data, format) say more than a rule on characters would.
 */
export function Multiline(kind: Exclude<TextKind, 'line'> = 'multiline'): PropertyDecorator {
  return (target, property) => {
    const inherited = Reflect.getMetadata(MULTILINE, target) as Map<string | symbol, TextKind> | undefined;
    const own = (Reflect.getOwnMetadata(MULTILINE, target) as Map<string | symbol, TextKind> | undefined) ?? new Map(inherited ?? []);
    own.set(property, kind);
    Reflect.defineMetadata(MULTILINE, own, target);
  };
}

function kindOf(instance: object, property: string): TextKind {
  const kinds = Reflect.getMetadata(MULTILINE, Object.getPrototypeOf(instance) as object) as Map<string | symbol, TextKind> | undefined;
  return kinds?.get(property) ?? 'line';
}

// eslint-disable-next-line no-control-regex
const ONE_LINE_FORBIDDEN = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const MULTILINE_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Half of a surrogate pair on its own (String.prototype.isWellFormed, which ES2023's lib does not declare). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const TEXT_MESSAGES = {
  malformed: 'contains a broken character (half of a surrogate pair): send well-formed Unicode text',
  oneLine: 'must be one line of text without control characters (no line breaks, tabs or NUL)',
  multiline: 'must not contain control characters other than line breaks and tabs (NUL, escape, ...)',
} as const;

/** The problem with one text value, or null. */
export function textProblem(value: string, kind: TextKind): string | null {
  if (LONE_SURROGATE.test(value)) return TEXT_MESSAGES.malformed;
  if (kind === 'file') return null;
  const multiline = kind === 'multiline';
  if ((multiline ? MULTILINE_FORBIDDEN : ONE_LINE_FORBIDDEN).test(value)) return multiline ? TEXT_MESSAGES.multiline : TEXT_MESSAGES.oneLine;
  return null;
}

/** The first text problem anywhere in a validated input instance: [path, message], or null. */
export function firstTextProblem(value: unknown, path: string, kind: TextKind = 'line'): [string, string] | null {
  if (typeof value === 'string') {
    const problem = textProblem(value, kind);
    return problem ? [path, problem] : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstTextProblem(value[i], `${path}[${i}]`, kind);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, child] of Object.entries(value)) {
      const found = firstTextProblem(child, `${path}.${key}`, kindOf(value, key));
      if (found) return found;
    }
  }
  return null;
}
