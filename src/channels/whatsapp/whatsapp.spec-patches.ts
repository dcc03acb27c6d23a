/**
 * Fixes for known faults in Meta's OpenAPI spec (business-messaging-api_v23.0.yaml), applied
 * before our outgoing bodies are validated against it (whatsapp.spec.test.ts).
 *
 * Each patch fixes one documented fault and nothing else (whatsapp-cloud-api.md §1.2, §1.3);
 * everything else in the spec applies as Meta wrote it. Test support only.
 */

/** A JSON Schema node as parsed from YAML. */
export type SchemaNode = Record<string, unknown>;
export type Schemas = Record<string, SchemaNode>;

export interface SpecPatch {
  id: string;
  /** The fault and its evidence. */
  why: string;
  apply(schemas: Schemas): void;
}

function node(schemas: Schemas, name: string): SchemaNode {
  const schema = schemas[name];
  if (schema === undefined) throw new Error(`spec patch: schema '${name}' not found`);
  return schema;
}

function child(parent: SchemaNode, ...path: (string | number)[]): SchemaNode {
  let current: unknown = parent;
  for (const step of path) {
    current = (current as Record<string | number, unknown> | undefined)?.[step];
    if (typeof current !== 'object' || current === null) throw new Error(`spec patch: path ${path.join('.')} not found`);
  }
  return current as SchemaNode;
}

function removeRequired(schema: SchemaNode, property: string): void {
  const required = schema.required;
  if (!Array.isArray(required) || !required.includes(property)) throw new Error(`spec patch: '${property}' is not required here`);
  schema.required = required.filter((p) => p !== property);
}

export const SPEC_PATCHES: readonly SpecPatch[] = [
  {
    id: 'allof-additional-properties',
    why:
      '`additionalProperties: false` inside an `allOf` branch only sees that branch\'s own properties, so it rejects ' +
      'every real message (messaging_product, to, … live in BaseMessageProperties). Moved to ' +
      '`unevaluatedProperties: false` on the composed schema, which keeps the intended strictness.',
    apply(schemas) {
      for (const schema of Object.values(schemas)) {
        const branches = schema.allOf;
        if (!Array.isArray(branches)) continue;
        for (const branch of branches as SchemaNode[]) {
          if (branch.additionalProperties === false) {
            delete branch.additionalProperties;
            schema.unevaluatedProperties = false;
          }
        }
      }
    },
  },
  {
    id: 'biz-opaque-callback-data',
    why:
      'Consequence of the patch above: the spec omits the optional `biz_opaque_callback_data` envelope field that ' +
      'Meta documents and echoes in status webhooks ([MD26:webhooks/reference/messages/status]); without it the ' +
      'restored strictness would reject correlated sends.',
    apply(schemas) {
      child(node(schemas, 'BaseMessageProperties'), 'properties').biz_opaque_callback_data = { type: 'string' };
    },
  },
  {
    id: 'location-request-message',
    why:
      'Interactive `location_request_message` ([MD:messages/location-request-messages]) is missing from ' +
      '`InteractiveObject.type`, and its action `{"name":"send_location"}` from the `ActionObject` variants.',
    apply(schemas) {
      const type = child(node(schemas, 'InteractiveObject'), 'properties', 'type');
      type.enum = [...(type.enum as string[]), 'location_request_message'];
      const action = node(schemas, 'ActionObject');
      action.oneOf = [...(action.oneOf as SchemaNode[]), { required: ['name'], properties: { name: { type: 'string', enum: ['send_location'] } } }];
    },
  },
  {
    id: 'language-policy-optional',
    why: '`LanguageObject.policy` is marked required, but Meta\'s own examples send only `code` (§1.3).',
    apply(schemas) {
      removeRequired(node(schemas, 'LanguageObject'), 'policy');
    },
  },
  {
    id: 'recipient-type-optional',
    why: '`recipient_type` is marked required, but several of Meta\'s own send examples omit it.',
    apply(schemas) {
      removeRequired(node(schemas, 'BaseMessageProperties'), 'recipient_type');
    },
  },
  {
    id: 'location-coordinates-number',
    why: 'Outgoing `location.latitude/longitude` are typed as string; the docs and Meta\'s examples send numbers (§1.2).',
    apply(schemas) {
      const location = child(node(schemas, 'LocationMessage'), 'allOf', 1, 'properties', 'location', 'properties');
      child(location, 'latitude').type = 'number';
      child(location, 'longitude').type = 'number';
    },
  },
  {
    id: 'button-index-pattern',
    why: 'Template button `index` has the pattern `^[2-6, 11-14]$` (a character class, rejects "0"); the description says 0–9.',
    apply(schemas) {
      child(node(schemas, 'TemplateComponent'), 'properties', 'index').pattern = '^[0-9]$';
      child(node(schemas, 'ButtonComponent'), 'allOf', 1, 'properties', 'index').pattern = '^[0-9]$';
    },
  },
];
