/** Turns API errors into texts for people: the code's text when the catalogue has one, else by status. */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.js';

export function errorKey(code: string): string {
  return `errors.${code.replace(/\//g, '.')}`;
}

export function useApiErrors() {
  const { t, i18n } = useTranslation();
  const message = (error: unknown): string => {
    if (!(error instanceof ApiError)) return t('errors.network');
    const key = errorKey(error.code);
    if (i18n.exists(key)) return t(key, error.detail as Record<string, string>);
    switch (error.status) {
      case 401:
        return t('errors.unauthenticated');
      case 403:
        return t('errors.forbidden');
      case 404:
        return t('errors.not_found');
      case 409:
        return t('errors.conflict');
      case 422:
        return t('errors.invalid');
      case 429:
        return t('errors.too_many');
      default:
        return t('errors.generic');
    }
  };
  return {
    message,
    /** The message for a form field when the error names it. */
    field(error: unknown, name: string): string | undefined {
      if (!(error instanceof ApiError) || !error.field) return undefined;
      return error.field === name || error.field.startsWith(`${name}.`) ? message(error) : undefined;
    },
    /** The error when it names no field (shown above the form). */
    general(error: unknown, fields: string[]): string | undefined {
      if (!error) return undefined;
      if (error instanceof ApiError && error.field && fields.some((f) => error.field === f || error.field!.startsWith(`${f}.`))) return undefined;
      return message(error);
    },
  };
}
