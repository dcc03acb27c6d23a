/**
 * A message as WhatsApp shows it: a bubble with *bold*, _italic_, ~strike~, ```monospace``` and
 * links, read by the same rules as the public archive (src/lib/whatsapp-format.ts).
 */
import { Paper, Text } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';
import { formatText, type Segment } from '../../../src/lib/whatsapp-format.js';

function render(segment: Segment, key: number): ReactNode {
  let node: ReactNode = segment.href ? (
    <a href={segment.href} target="_blank" rel="noopener noreferrer">
      {segment.text}
    </a>
  ) : (
    segment.text
  );
  if (segment.mono) node = <code>{node}</code>;
  if (segment.strike) node = <s>{node}</s>;
  if (segment.italic) node = <em>{node}</em>;
  if (segment.bold) node = <strong>{node}</strong>;
  return <Fragment key={key}>{node}</Fragment>;
}

export function WhatsAppBubble({ text, footer, button, label }: { text: string; footer?: string; button?: string; label: string }) {
  return (
    <Paper component="figure" aria-label={label} p="sm" radius="md" m={0} maw={420} style={{ background: '#e7ffdb', border: '1px solid #b9dfa6' }} data-testid="whatsapp-bubble">
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
        {formatText(text).map((line, i) => (
          <div key={i} style={{ minHeight: '1.2em' }}>
            {line.map(render)}
          </div>
        ))}
      </Text>
      {footer && (
        <Text size="xs" c="gray.8" mt={4}>
          {footer}
        </Text>
      )}
      {button && (
        <Text size="sm" ta="center" mt="xs" pt={6} c="#075e54" fw={600} style={{ borderTop: '1px solid #b9dfa6' }}>
          {button}
        </Text>
      )}
    </Paper>
  );
}
