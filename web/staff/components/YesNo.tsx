/** "Ja"/"Nein" in a table cell. */
import { useTranslation } from 'react-i18next';

export function YesNo({ value }: { value: boolean }) {
  const { t } = useTranslation();
  return <>{value ? t('common.yes') : t('common.no')}</>;
}
