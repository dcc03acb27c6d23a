/**
 * Coded errors. A service throws an `AppError` with a stable `domain/reason` code; the one
 * error handler (src/http/error-handler.ts) maps it to
 * `{"error": {"code", "message", "field"?}}` with its HTTP status. Anything else becomes a
 * generic 500 without details.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly field?: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, field?: string) => new AppError(code, message, 400, field);
export const unauthorized = (message = 'Authentication required') => new AppError('auth/unauthenticated', message, 401);
export const forbidden = (message = 'Not allowed for your role') => new AppError('auth/forbidden', message, 403);
export const notFound = (code: string, message: string) => new AppError(code, message, 404);
export const conflict = (code: string, message: string, extra?: Record<string, unknown>) =>
  new AppError(code, message, 409, undefined, extra);
export const invalid = (code: string, message: string, field?: string) => new AppError(code, message, 422, field);
