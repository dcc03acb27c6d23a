/** One input per product language (de, en, nl) for a name or a description. */
import { Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGS, type Localized } from '../api/types.js';

export function LocalizedInputs({
  label,
  value,
  onChange,
  error,
  multiline = false,
  readOnly = false,
}: {
  label: string;
  value: Localized;
  onChange: (next: Localized) => void;
  error: (lang: string) => string | undefined;
  multiline?: boolean;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {LANGS.map((lang) => {
        const props = {
          label: t('common.in_language', { what: label, language: t(`languages.${lang}`) }),
          value: value[lang],
          onChange: (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange({ ...value, [lang]: event.currentTarget.value }),
          error: error(lang),
          withAsterisk: true,
          readOnly,
          lang,
        };
        return multiline ? <Textarea key={lang} {...props} autosize minRows={2} /> : <TextInput key={lang} {...props} />;
      })}
    </>
  );
}
