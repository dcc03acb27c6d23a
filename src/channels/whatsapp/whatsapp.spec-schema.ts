/**
 * Test support: compiles Meta's OpenAPI schemas for outgoing messages into JSON Schema
 * validators (ajv, draft 2020-12), with the known faults patched (whatsapp.spec-patches.ts).
 * Imports dev dependencies (ajv, ajv-formats, yaml): never import this from product code.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020Module, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { SPEC_PATCHES, type SchemaNode, type Schemas } from './whatsapp.spec-patches.js';

// Both packages are CommonJS with `exports.default`; under NodeNext the default import is the module.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

export const SPEC_PATH = fileURLToPath(new URL('./fixtures/meta/business-messaging-api_v23.0.yaml', import.meta.url));
const SCHEMA_ID = 'https://stadtbote.invalid/whatsapp-oas-v23.0.json';
const COMPONENT_REF = '#/components/schemas/';

/** Deep-maps every `$ref` string of a schema tree. */
function mapRefs(value: unknown, map: (ref: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => mapRefs(item, map));
  if (typeof value !== 'object' || value === null) return value;
  const result: SchemaNode = {};
  for (const [key, child] of Object.entries(value)) {
    result[key] = key === '$ref' && typeof child === 'string' ? map(child) : mapRefs(child, map);
  }
  return result;
}

function refsIn(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, found));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith(COMPONENT_REF)) found.add(child.slice(COMPONENT_REF.length));
      else refsIn(child, found);
    }
  }
  return found;
}

/**
 * OpenAPI `discriminator.mapping` on a base schema without `oneOf` (TemplateComponent,
 * ParameterObject, ButtonParameterObject) means "validate as the mapped subtype". JSON Schema
 * has no such keyword, so references to the base from anywhere except its own subtypes are
 * pointed at a synthetic `<Base>__dispatch` = oneOf(subtypes). This is OpenAPI semantics, not a fix.
 */
function resolveDiscriminators(schemas: Schemas): Schemas {
  const result: Schemas = { ...schemas };
  for (const [name, schema] of Object.entries(schemas)) {
    const mapping = (schema.discriminator as { mapping?: Record<string, string> } | undefined)?.mapping;
    if (mapping === undefined || schema.oneOf !== undefined) continue;
    const subtypes = new Set(Object.values(mapping).map((ref) => ref.slice(COMPONENT_REF.length)));
    result[`${name}__dispatch`] = { oneOf: [...subtypes].map((sub) => ({ $ref: `${COMPONENT_REF}${sub}` })) };
    for (const [other, otherSchema] of Object.entries(result)) {
      if (subtypes.has(other) || other === `${name}__dispatch`) continue;
      result[other] = mapRefs(otherSchema, (ref) => (ref === `${COMPONENT_REF}${name}` ? `${ref}__dispatch` : ref)) as SchemaNode;
    }
  }
  return result;
}

/** The schemas reachable from the roots. */
function closure(schemas: Schemas, roots: string[]): Schemas {
  const result: Schemas = {};
  const pending = [...roots];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (result[name] !== undefined) continue;
    const schema = schemas[name];
    if (schema === undefined) throw new Error(`spec: schema '${name}' not found`);
    result[name] = schema;
    pending.push(...refsIn(schema));
  }
  return result;
}

/** `components.schemas` of the spec as Meta wrote it (parsing takes ~2 s: do it once). */
export function readSpecSchemas(path: string = SPEC_PATH): Schemas {
  const document = parse(readFileSync(path, 'utf8')) as { components: { schemas: Schemas } };
  return document.components.schemas;
}

/** A deep copy of the schemas with the patches applied (`skip`: leave one out, to prove it is needed). */
export function patchSchemas(schemas: Schemas, options: { skip?: string } = {}): Schemas {
  const patched = structuredClone(schemas);
  for (const patch of SPEC_PATCHES) if (patch.id !== options.skip) patch.apply(patched);
  return patched;
}

export interface SpecValidators {
  /** Meta's `Message` schema: the body of POST /{phone-number-id}/messages. */
  message: ValidateFunction;
  /** Meta's `MarkMessageRequestPayload`. */
  markRead: ValidateFunction;
}

/**
 * Compiles the validators from (patched) schemas. `formats: false` skips `format` checks: Meta's examples use
 * placeholders like "<http(s)://audio-url>" where a URL belongs.
 */
export function createSpecValidators(schemas: Schemas, options: { formats: boolean }): SpecValidators {
  const resolved = closure(resolveDiscriminators(schemas), ['Message', 'MarkMessageRequestPayload']);
  const defs = mapRefs(resolved, (ref) => (ref.startsWith(COMPONENT_REF) ? `#/$defs/${ref.slice(COMPONENT_REF.length)}` : ref));
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, validateFormats: options.formats });
  ajv.addVocabulary(['discriminator', 'example', 'xml', 'externalDocs']);
  if (options.formats) addFormats(ajv);
  ajv.addSchema({ $id: SCHEMA_ID, $defs: defs });
  const get = (name: string): ValidateFunction => {
    const validate = ajv.getSchema(`${SCHEMA_ID}#/$defs/${name}`);
    if (validate === undefined) throw new Error(`spec: cannot compile '${name}'`);
    return validate;
  };
  return { message: get('Message'), markRead: get('MarkMessageRequestPayload') };
}
