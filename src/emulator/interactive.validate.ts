/**
 * Interactive messages (reply buttons, lists, location requests, CTA URL): Meta's count and
 * length limits (whatsapp-cloud-api.md §1.2). Body text is held to 1,024 characters for every
 * interactive type: Meta's docs and its OpenAPI spec disagree for lists (4,096 vs 1,024), and the
 * product keeps to the stricter limit, so the emulator does too.
 */
import type { MetaApiError } from './emulator.errors.js';
import { metaError } from './emulator.errors.js';
import type { Obj } from './validate.helpers.js';
import { isObj, optionalString, requireString } from './validate.helpers.js';

const INTERACTIVE_TYPES = new Set([
  'button',
  'list',
  'location_request_message',
  'cta_url',
  'flow',
  'product',
  'product_list',
  'catalog_message',
  'address_message',
  'call_permission_request',
]);
const NEEDS_BODY = new Set(['button', 'list', 'location_request_message', 'cta_url', 'product_list', 'catalog_message']);

function lengthInvalid(label: string, min: number, max: number): MetaApiError {
  return metaError(131009, `${label} length invalid. Min length: ${min}, Max length: ${max}`);
}

function checkLength(value: unknown, label: string, min: number, max: number, path: string): MetaApiError | null {
  if (value === undefined || value === null || value === '') {
    return min > 0 ? metaError(131008, `The parameter ${path} is required.`) : null;
  }
  if (typeof value !== 'string') return metaError(100, `Param ${path} must be a string.`);
  if (value.length < min || value.length > max) return lengthInvalid(label, min, max);
  return null;
}

function validateHeader(header: unknown, listOnly: boolean): MetaApiError | null {
  if (header === undefined) return null;
  if (!isObj(header) || typeof header.type !== 'string') return metaError(131008, "The parameter interactive['header']['type'] is required.");
  if (header.type === 'text') return checkLength(header.text, 'Header text', 1, 60, "interactive['header']['text']");
  if (listOnly) return metaError(131009, 'Header type must be text for list messages.');
  if (!['image', 'video', 'document'].includes(header.type)) {
    return metaError(131009, `Param interactive['header']['type'] must be one of {TEXT, IMAGE, VIDEO, DOCUMENT}.`);
  }
  const media = header[header.type];
  if (!isObj(media) || (typeof media.id !== 'string' && typeof media.link !== 'string')) {
    return metaError(131008, `The parameter interactive['header']['${header.type}'] is required.`);
  }
  return null;
}

function validateButtons(action: Obj): MetaApiError | null {
  const buttons = action.buttons;
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) {
    return metaError(131009, 'Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3');
  }
  const titles = new Set<string>();
  const ids = new Set<string>();
  for (const button of buttons) {
    if (!isObj(button) || button.type !== 'reply' || !isObj(button.reply)) {
      return metaError(131008, "The parameter interactive['action']['buttons'][i]['reply'] is required.");
    }
    const id = checkLength(button.reply.id, 'Button id', 1, 256, "interactive['action']['buttons'][i]['reply']['id']");
    if (id) return id;
    const title = checkLength(button.reply.title, 'Button title', 1, 20, "interactive['action']['buttons'][i]['reply']['title']");
    if (title) return title;
    const t = String(button.reply.title);
    const i = String(button.reply.id);
    if (titles.has(t)) return metaError(131009, `Button title must be unique: "${t}"`);
    if (ids.has(i)) return metaError(131009, `Button id must be unique: "${i}"`);
    titles.add(t);
    ids.add(i);
  }
  return null;
}

function validateList(action: Obj): MetaApiError | null {
  const button = checkLength(action.button, 'Button text', 1, 20, "interactive['action']['button']");
  if (button) return button;
  const sections = action.sections;
  if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10) {
    return metaError(131009, 'Invalid sections count. Min allowed sections: 1, Max allowed sections: 10');
  }
  let rows = 0;
  const rowIds = new Set<string>();
  for (const section of sections) {
    if (!isObj(section)) return metaError(131008, "The parameter interactive['action']['sections'][i] is required.");
    const title = checkLength(section.title, 'Section title', sections.length > 1 ? 1 : 0, 24, "interactive['action']['sections'][i]['title']");
    if (title) return title;
    if (!Array.isArray(section.rows) || section.rows.length === 0) {
      return metaError(131009, 'Invalid rows count. Min allowed rows per section: 1');
    }
    for (const row of section.rows) {
      rows++;
      if (!isObj(row)) return metaError(131008, "The parameter interactive['action']['sections'][i]['rows'][j] is required.");
      const id = checkLength(row.id, 'Row id', 1, 200, "interactive['action']['sections'][i]['rows'][j]['id']");
      if (id) return id;
      const rowTitle = checkLength(row.title, 'Row title', 1, 24, "interactive['action']['sections'][i]['rows'][j]['title']");
      if (rowTitle) return rowTitle;
      const description = checkLength(row.description, 'Row description', 0, 72, "interactive['action']['sections'][i]['rows'][j]['description']");
      if (description) return description;
      if (rowIds.has(String(row.id))) return metaError(131009, `Row id must be unique: "${String(row.id)}"`);
      rowIds.add(String(row.id));
    }
  }
  if (rows > 10) return metaError(131009, `Total row count exceed max allowed count: 10 (got ${rows})`);
  return null;
}

export function validateInteractive(interactive: Obj): MetaApiError | null {
  const type = requireString(interactive, 'type', "interactive['type']");
  if (typeof type !== 'string') return type;
  if (!INTERACTIVE_TYPES.has(type)) return metaError(131009, `Param interactive['type'] is not a supported interactive type: "${type}".`);
  if (NEEDS_BODY.has(type)) {
    if (!isObj(interactive.body)) return metaError(131008, "The parameter interactive['body'] is required.");
    const body = checkLength(interactive.body.text, 'Body text', 1, 1024, "interactive['body']['text']");
    if (body) return body;
  }
  if (interactive.footer !== undefined) {
    if (!isObj(interactive.footer)) return metaError(100, "Param interactive['footer'] must be an object.");
    const footer = checkLength(interactive.footer.text, 'Footer text', 1, 60, "interactive['footer']['text']");
    if (footer) return footer;
  }
  const header = validateHeader(interactive.header, type === 'list');
  if (header) return header;
  const action = interactive.action;
  if (type === 'button' || type === 'list' || type === 'location_request_message' || type === 'cta_url') {
    if (!isObj(action)) return metaError(131008, "The parameter interactive['action'] is required.");
    if (type === 'button') return validateButtons(action);
    if (type === 'list') return validateList(action);
    if (type === 'location_request_message') {
      return action.name === 'send_location' ? null : metaError(131009, "Param interactive['action']['name'] must be send_location.");
    }
    if (!isObj(action.parameters)) return metaError(131008, "The parameter interactive['action']['parameters'] is required.");
    const text = checkLength(action.parameters.display_text, 'Display text', 1, 20, "interactive['action']['parameters']['display_text']");
    if (text) return text;
    if (typeof action.parameters.url !== 'string' || !/^https?:\/\//i.test(action.parameters.url)) {
      return metaError(131009, "Param interactive['action']['parameters']['url'] must be a valid http(s) URL.");
    }
    return optionalString(action.parameters, 'url', "interactive['action']['parameters']['url']", 2000);
  }
  return null;
}
