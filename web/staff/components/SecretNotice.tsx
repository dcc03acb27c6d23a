/** Shows a secret (a generated password, a new API token) once, with a note that it will not be shown again. */
import { Alert, Code, CopyButton, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function SecretNotice({ title, secret, onDone }: { title: string; secret: string; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="blue" variant="light" title={title} mb="md" role="status" styles={{ title: { color: '#1a1b1e' }, message: { color: '#1a1b1e' } }}>
      <Text size="sm" mb="xs">
        {t('common.secret_once')}
      </Text>
      <Code block data-testid="secret">
        {secret}
      </Code>
      <Group mt="xs">
        <CopyButton value={secret}>{({ copied, copy }) => <Button onClick={copy}>{copied ? t('common.copied') : t('common.copy')}</Button>}</CopyButton>
        <Button variant="default" onClick={onDone}>
          {t('common.done')}
        </Button>
      </Group>
    </Alert>
  );
}
