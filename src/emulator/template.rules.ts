/**
 * Template rules (whatsapp-cloud-api.md §1.3, §5.1): registry lookup by name + language, the
 * approval state, parameter counts and formats, and the rendered body length.
 * Templates are compiled once when the config changes; a check is a map lookup and a pass over
 * the parameters.
 */
import type { MetaApiError } from './emulator.errors.js';
import { metaError } from './emulator.errors.js';
import type { TemplateCategory, TemplateDef } from './emulator.config.js';

export interface CompiledTemplate {
  def: TemplateDef;
  id: string;
  /** Distinct body placeholders in order of first appearance ("1", "2" or names). */
  params: string[];
  named: boolean;
  headerParams: number;
  headerMedia: 'IMAGE' | 'VIDEO' | 'DOCUMENT' | 'LOCATION' | null;
  billedCategory: TemplateCategory;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
/** Meta refuses a parameter with a newline, a tab or more than four consecutive spaces (132018). */
export const INVALID_PARAM_TEXT = /[\n\r\t]| {5,}/;
export const MAX_RENDERED_BODY = 1024;

function placeholders(text: string): string[] {
  const seen: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!seen.includes(name)) seen.push(name);
  }
  return seen;
}

/** A stable numeric id for a template without one. */
function templateId(name: string, language: string): string {
  let hash = 0n;
  for (const char of `${name}|${language}`) hash = (hash * 131n + BigInt(char.codePointAt(0) ?? 0)) % 10n ** 15n;
  return (10n ** 15n + hash).toString();
}

export function compileTemplate(def: TemplateDef): CompiledTemplate {
  const params = placeholders(def.body);
  const header = def.header;
  return {
    def,
    id: def.id ?? templateId(def.name, def.language),
    params,
    named: params.some((p) => !/^\d+$/.test(p)),
    headerParams: header?.format === 'TEXT' ? placeholders(header.text).length : header ? 1 : 0,
    headerMedia: header && header.format !== 'TEXT' ? header.format : null,
    billedCategory: def.billed_category ?? def.category,
  };
}

export class TemplateRegistry {
  private readonly byKey = new Map<string, CompiledTemplate>();

  constructor(defs: readonly TemplateDef[]) {
    for (const def of defs) this.byKey.set(`${def.name}\u0000${def.language}`, compileTemplate(def));
  }

  get(name: string, language: string): CompiledTemplate | undefined {
    return this.byKey.get(`${name}\u0000${language}`);
  }

  all(): CompiledTemplate[] {
    return [...this.byKey.values()];
  }
}

interface Param {
  type?: unknown;
  text?: unknown;
  parameter_name?: unknown;
  currency?: { fallback_value?: unknown };
  date_time?: { fallback_value?: unknown };
  [key: string]: unknown;
}

interface Component {
  type?: unknown;
  sub_type?: unknown;
  index?: unknown;
  parameters?: unknown;
}

export interface TemplateCheckOk {
  template: CompiledTemplate;
  renderedBody: string;
}

function paramText(param: Param): string | null {
  if (param.type === 'text') return typeof param.text === 'string' ? param.text : null;
  if (param.type === 'currency') return String(param.currency?.fallback_value ?? '');
  if (param.type === 'date_time') return String(param.date_time?.fallback_value ?? '');
  return null;
}

function countMismatch(component: string, got: number, expected: number): MetaApiError {
  return metaError(
    132000,
    `${component}: number of localizable_params (${got}) does not match the expected number of params (${expected})`,
  );
}

function checkTextParams(component: string, params: Param[]): MetaApiError | null {
  for (const param of params) {
    if (param.type === 'text') {
      if (typeof param.text !== 'string' || param.text.length === 0) {
        return metaError(131008, `${component}: the parameter text is required for a parameter of type text`);
      }
      if (INVALID_PARAM_TEXT.test(param.text)) return metaError(132018);
    }
  }
  return null;
}

/** Checks a send's `template` object against the registry. Assumes `name` and `language.code` are strings. */
export function checkTemplate(
  registry: TemplateRegistry,
  request: { name: string; language: { code: string }; components?: unknown },
): TemplateCheckOk | MetaApiError {
  const { name } = request;
  const code = request.language.code;
  const template = registry.get(name, code);
  if (!template || template.def.status === 'PENDING' || template.def.status === 'REJECTED') {
    return metaError(132001, `template name (${name}) does not exist in ${code}`);
  }
  if (template.def.status === 'PAUSED') return metaError(132015);
  if (template.def.status === 'DISABLED') return metaError(132016);

  const components: Component[] = Array.isArray(request.components) ? (request.components as Component[]) : [];
  let bodyParams: Param[] = [];
  let headerParams: Param[] = [];
  for (const component of components) {
    const params = Array.isArray(component.parameters) ? (component.parameters as Param[]) : [];
    const type = typeof component.type === 'string' ? component.type.toLowerCase() : '';
    if (type === 'body') bodyParams = params;
    else if (type === 'header') headerParams = params;
    else if (type === 'button') {
      const index = Number(component.index);
      const quickReply = String(component.sub_type ?? '').toLowerCase() === 'quick_reply';
      if (quickReply && (!Number.isInteger(index) || index < 0 || index >= template.def.quick_replies.length)) {
        return metaError(131009, `Button at index ${String(component.index)} of type Quick_reply does not exist in the template`);
      }
    }
  }

  if (headerParams.length !== template.headerParams) {
    return countMismatch('header', headerParams.length, template.headerParams);
  }
  if (template.headerMedia) {
    const expected = template.headerMedia.toLowerCase();
    const got = headerParams[0]?.type;
    if (got !== expected) {
      return metaError(132012, `header: Format mismatch, expected ${template.headerMedia}, received ${String(got).toUpperCase()}`);
    }
  }
  if (bodyParams.length !== template.params.length) {
    return countMismatch('body', bodyParams.length, template.params.length);
  }
  const invalid = checkTextParams('header', headerParams) ?? checkTextParams('body', bodyParams);
  if (invalid) return invalid;

  // Render the body; named parameters must name the template's placeholders.
  const values = new Map<string, string>();
  for (const [i, param] of bodyParams.entries()) {
    const key = template.named ? param.parameter_name : template.params[i];
    if (typeof key !== 'string' || !template.params.includes(key)) {
      return metaError(132000, `body: parameter name (${String(param.parameter_name)}) does not exist in the template`);
    }
    values.set(key, paramText(param) ?? '');
  }
  const renderedBody = template.def.body.replace(PLACEHOLDER, (_, key: string) => values.get(key) ?? '');
  if (renderedBody.length > MAX_RENDERED_BODY) {
    return metaError(132005, `Body text length (${renderedBody.length}) exceeds the maximum of ${MAX_RENDERED_BODY} characters`);
  }
  return { template, renderedBody };
}
