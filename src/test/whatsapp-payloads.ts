/**
 * Real-format Cloud API webhook payloads for tests (shapes as in Meta's examples,
 * ../shared/reference/whatsapp/webhooks/).
 */
export interface TextMessageInput {
  from: string;
  id: string;
  text: string;
  /** Unix seconds. */
  timestamp: number;
  name?: string;
  userId?: string;
}

export function webhookEnvelope(value: Record<string, unknown>, field = 'messages'): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field,
            value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '4921529170', phone_number_id: '100000000000001' }, ...value },
          },
        ],
      },
    ],
  };
}

export function textMessage(input: TextMessageInput): Record<string, unknown> {
  return webhookEnvelope({
    contacts: [{ profile: { name: input.name ?? 'Erika Mustermann' }, wa_id: input.from, ...(input.userId ? { user_id: input.userId } : {}) }],
    messages: [{ from: input.from, id: input.id, timestamp: String(input.timestamp), type: 'text', text: { body: input.text } }],
  });
}

export function statusUpdate(input: { id: string; status: string; recipient: string; timestamp: number; errors?: unknown[]; category?: string }): Record<string, unknown> {
  return webhookEnvelope({
    statuses: [
      {
        id: input.id,
        status: input.status,
        timestamp: String(input.timestamp),
        recipient_id: input.recipient,
        ...(input.category ? { pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: input.category } } : {}),
        ...(input.errors ? { errors: input.errors } : {}),
      },
    ],
  });
}
