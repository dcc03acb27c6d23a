/**
 * Every UI text exists in every language: de.json and en.json have the same keys, no text is
 * empty, and every key the source uses (t('…'), the navigation's labels and the dynamic key
 * families) is defined.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROLES, USER_ROLES } from '../../../src/modules/auth/auth.policy.js';
import { MARKETS, PRICING_CATEGORIES } from '../../../src/modules/settings/settings.schemas.js';
import { PRIORITY } from '../../../src/modules/outbox/outbox.service.js';
import { CHECKLISTS, CONTENT_CLASSES } from '../../../src/modules/broadcasts/content-classes.js';

const dir = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(dir, '..');
const CATALOGUES = { de: load('de.json'), en: load('en.json') };

function load(file: string): Record<string, string> {
  const flat: Record<string, string> = {};
  const walk = (node: unknown, prefix: string) => {
    if (typeof node === 'string') flat[prefix] = node;
    else for (const [k, v] of Object.entries(node as Record<string, unknown>)) walk(v, prefix ? `${prefix}.${k}` : k);
  };
  walk(JSON.parse(readFileSync(path.join(dir, file), 'utf8')), '');
  return flat;
}

function sources(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const file = path.join(d, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(tsx?|ts)$/.test(name) && !name.endsWith('.test.ts')) out.push(readFileSync(file, 'utf8'));
    }
  };
  walk(root);
  return out;
}

/** A key is defined directly or as a plural family (key_one / key_other). */
function defined(catalogue: Record<string, string>, key: string): boolean {
  return key in catalogue || (`${key}_one` in catalogue && `${key}_other` in catalogue);
}

function usedKeys(): Set<string> {
  const keys = new Set<string>();
  for (const text of sources()) {
    for (const m of text.matchAll(/\bt\(\s*'([a-z0-9_.]+)'/g)) keys.add(m[1]!);
    for (const m of text.matchAll(/\blabel: '([a-z0-9_.]+)'/g)) keys.add(m[1]!);
  }
  const family = (prefix: string, values: readonly string[], suffix = '') => values.forEach((v) => keys.add(`${prefix}${v}${suffix}`));
  family('languages.', ['de', 'en', 'nl']);
  family('roles.', ROLES);
  family('roles_help.', USER_ROLES);
  for (const area of ['cases', 'broadcasts', 'subscribers', 'dashboard']) family(`placeholder.${area}.`, ['title', 'text']);
  for (const f of ['raw_webhook_days', 'closed_case_personal_data_days', 'inactive_subscriber_days', 'audit_log_days']) family('retention.', [f, `${f}_hint`]);
  family('rate_card.categories.', PRICING_CATEGORIES);
  family('rate_card.markets.', MARKETS);
  family('templates.kinds.', Object.keys(PRIORITY));
  family('templates.kinds.teaser.', CONTENT_CLASSES); // issue 10
  family('broadcasts.classes.', CONTENT_CLASSES);
  family('broadcasts.statuses.', ['draft', 'submitted', 'returned', 'approved', 'scheduled', 'sending', 'sent', 'cancelled']);
  for (const items of Object.values(CHECKLISTS)) family('broadcasts.checklist.', items);
  family('broadcasts.counts.', ['queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'expired', 'cancelled']);
  family('templates.categories.', ['utility', 'marketing', 'authentication']);
  family('templates.statuses.', ['approved', 'pending', 'rejected', 'paused', 'disabled', 'in_appeal', 'pending_deletion', 'deleted', 'archived', 'limit_exceeded']);
  family('town.', ['name', 'service_name', 'reference_prefix', 'privacy_url', 'imprint_url', 'accessibility_url', 'contact_phone', 'contact_email']);
  return keys;
}

describe('UI text catalogues', () => {
  it('German and English have the same keys', () => {
    const de = Object.keys(CATALOGUES.de).sort();
    const en = Object.keys(CATALOGUES.en).sort();
    expect(de.filter((k) => !en.includes(k)), 'missing in en.json').toEqual([]);
    expect(en.filter((k) => !de.includes(k)), 'missing in de.json').toEqual([]);
  });

  it('no text is empty', () => {
    for (const [language, catalogue] of Object.entries(CATALOGUES)) {
      expect(Object.entries(catalogue).filter(([, v]) => v.trim() === '').map(([k]) => k), `empty in ${language}`).toEqual([]);
    }
  });

  it('every key the app uses is defined in every language', () => {
    const used = [...usedKeys()];
    expect(used.length).toBeGreaterThan(100);
    for (const [language, catalogue] of Object.entries(CATALOGUES)) {
      expect(used.filter((k) => !defined(catalogue, k)).sort(), `missing in ${language}.json`).toEqual([]);
    }
  });

  it('placeholders ({{name}}) match between the languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(CATALOGUES.de)) {
      expect(vars(CATALOGUES.en[key] ?? ''), key).toEqual(vars(CATALOGUES.de[key]!));
    }
  });
});
