/**
 * The one error handler (decision 15): coded errors become
 * `{"error": {"code", "message", "field"?}}` with their status; validation errors name the
 * field; Fastify's own 4xx keep their status; anything else is a generic 500 (logged without
 * request bodies).
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request/unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'request/body_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'request/empty_body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'request/invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request/invalid_content_length',
};

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.status).send({
        error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}), ...(error.extra ?? {}) },
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0];
      const field = first ? [first.instancePath.replace(/^\//, '').replace(/\//g, '.')].filter(Boolean).join('') : '';
      const where = error.validationContext ?? 'body';
      const message = first ? `${field || where}: ${first.message}` : 'invalid request';
      return reply.status(422).send({ error: { code: 'request/invalid', message, ...(field ? { field } : {}) } });
    }
    if (error.validation) {
      return reply.status(422).send({ error: { code: 'request/invalid', message: error.message } });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = (error.code && FASTIFY_CODES[error.code]) ?? 'request/rejected';
      return reply.status(status).send({ error: { code, message: publicMessage(error, status) } });
    }
    request.log.error({ err: { type: error.name, code: error.code, message: error.message, stack: error.stack } }, 'request failed');
    return reply.status(500).send({ error: { code: 'server/internal', message: 'Internal error; it has been logged.' } });
  });

  app.setNotFoundHandler((request, reply) => {
    void request;
    return reply.status(404).send({ error: { code: 'request/not_found', message: 'No such route' } });
  });
}

function publicMessage(error: FastifyError, status: number): string {
  switch (status) {
    case 413:
      return 'Request body too large';
    case 415:
      return 'Unsupported content type';
    default:
      return error.message.split('\n')[0]!.slice(0, 200);
  }
}
