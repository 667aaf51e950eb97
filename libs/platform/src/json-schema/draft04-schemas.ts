import Ajv from 'ajv-draft-04';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Base of the absolute ids given to the Hub's schemas: their own ids are relative ("./x.json"). */
export const DRAFT04_SCHEMA_BASE = 'https://fdsh.example/';

/** The id under which `loadDraft04Schemas` registers a schema file, for `ajv.getSchema()`. */
export function draft04SchemaId(fileName: string): string {
  return `${DRAFT04_SCHEMA_BASE}${fileName}`;
}

/**
 * Loads every `*.json` schema of one folder (the real Hub's draft-04 schemas) into one Ajv instance.
 * Each schema gets the absolute id `https://fdsh.example/<file name>`, so that the relative
 * `./<sibling>.json#/definitions/...` references between files of the folder resolve.
 */
export function loadDraft04Schemas(folder: string): Ajv {
  // Hub schemas carry annotations ($comment, descriptions) that strict mode would reject.
  const ajv = new Ajv({ allErrors: true, strict: false });
  const files = readdirSync(folder).filter((name) => name.endsWith('.json')).sort();
  if (files.length === 0) throw new Error(`No JSON schema in ${folder}`);
  for (const file of files) {
    const schema = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Record<string, unknown>;
    ajv.addSchema({ ...schema, id: draft04SchemaId(file) });
  }
  return ajv;
}

/**
 * `<project root>/schemas/federal/<name>`, the project root being the nearest directory above this
 * file that holds a package.json: the same from source (jest) and from the compiled `dist/` tree.
 */
export function federalSchemaFolder(name: string, from: string = __dirname): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`Invalid schema folder name: ${name}`);
  const folder = join(projectRoot(from), 'schemas', 'federal', name);
  if (!existsSync(folder)) throw new Error(`Federal schema folder not found: ${folder}`);
  return folder;
}

/** The nearest directory above `from` holding package.json: the project root, from source or from dist/. */
export function projectRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}
