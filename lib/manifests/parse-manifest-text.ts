/**
 * Turns the text of a manifest file into Kubernetes objects: YAML (several documents separated
 * by `---`, read with YAML 1.1 rules as kubectl does, so `yes`/`no` are booleans) or JSON (one
 * value, an array of objects, or one object per line). `List` kinds (`List`, `PodList`, …) are
 * flattened into their items; empty documents are skipped.
 *
 * Each object gets its position in the flattened sequence (`index`, from 0) and a `source`: the
 * file path as given, followed by `#<index>` when the file holds more than one object.
 */
import { parseAllDocuments } from 'yaml';
import { InvalidManifestError } from '../errors.ts';
import { describeJson, type JsonObject } from './shape.ts';

export interface ManifestDocument {
  /** `pods.yaml`, or `pods.yaml#2` when the file holds several objects. */
  source: string;
  /** Position of the object in its file, from 0, after flattening List kinds. */
  index: number;
  object: JsonObject;
}

interface RawDocument {
  /** 1-based document number for messages. */
  number: number;
  value: unknown;
}

function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

function parseJson(text: string, source: string): RawDocument[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value)
      ? value.map((item, i) => ({ number: i + 1, value: item }))
      : [{ number: 1, value }];
  } catch (error) {
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    if (lines.length > 1) {
      try {
        return lines.map((line, i) => ({ number: i + 1, value: JSON.parse(line) as unknown }));
      } catch {
        // Not one object per line either: report the whole-text error below.
      }
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidManifestError(`${source}: invalid JSON: ${reason}`, { cause: error });
  }
}

function parseYaml(text: string, source: string): RawDocument[] {
  const documents = parseAllDocuments(text, { version: '1.1', prettyErrors: true });
  const list = Array.isArray(documents) ? documents : [];
  return list.map((document, i) => {
    const [error] = document.errors;
    if (error) {
      const line = error.linePos?.[0];
      const at = line ? ` at line ${line.line}, column ${line.col}` : '';
      const detail = (error.message.split('\n')[0] ?? '').replace(
        / at line \d+, column \d+:?$/,
        '',
      );
      throw new InvalidManifestError(`${source}: document ${i + 1}: invalid YAML${at}: ${detail}`, {
        cause: error,
      });
    }
    try {
      return { number: i + 1, value: document.toJS({ maxAliasCount: 1000 }) as unknown };
    } catch (error) {
      // toJS resolves aliases: an alias to an unknown anchor, or an alias bomb, fails here.
      const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new InvalidManifestError(`${source}: document ${i + 1}: invalid YAML: ${detail}`, {
        cause: error,
      });
    }
  });
}

function flatten(value: unknown, where: string, into: JsonObject[]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) flatten(item, `${where}, item ${i}`, into);
    return;
  }
  if (typeof value !== 'object') {
    throw new InvalidManifestError(
      `${where}: expected a Kubernetes object, got ${describeJson(value)}`,
    );
  }
  const object = value as JsonObject;
  const kind = object.kind;
  if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(object.items)) {
    const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
    object.items.forEach((item, i) => {
      const itemWhere = `${where}, ${kind} item ${i}`;
      if (item && typeof item === 'object' && !Array.isArray(item)) {
        const typed = item as JsonObject;
        if (itemKind !== undefined && typed.kind === undefined) typed.kind = itemKind;
        if (itemKind !== undefined && typed.apiVersion === undefined)
          typed.apiVersion = object.apiVersion;
      }
      flatten(item, itemWhere, into);
    });
    return;
  }
  into.push(object);
}

export function parseManifestText(text: string, source: string): ManifestDocument[] {
  const raw = looksLikeJson(text) ? parseJson(text, source) : parseYaml(text, source);
  const objects: JsonObject[] = [];
  for (const document of raw)
    flatten(document.value, `${source}: document ${document.number}`, objects);
  return objects.map((object, index) => ({
    source: objects.length > 1 ? `${source}#${index}` : source,
    index,
    object,
  }));
}
