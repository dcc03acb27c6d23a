/** Errors of the control API, in the product's REST error shape: `{"error": {code, message, field?}}`. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { InboundInputError } from './inbound.builder.js';

export class ControlError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

function body(code: string, message: string, field?: string): { error: Record<string, string> } {
  return { error: field ? { code, message, field } : { code, message } };
}

export function controlErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof ControlError) {
    void reply.code(error.statusCode).send(body(error.code, error.message, error.field));
    return;
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.join('.') || undefined;
    void reply.code(422).send(body('emulator/invalid', issue?.message ?? 'Invalid input', field));
    return;
  }
  if (error instanceof InboundInputError) {
    void reply.code(422).send(body('emulator/invalid', error.message, error.field));
    return;
  }
  const status = (error as FastifyError).statusCode ?? 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'emulator control: unexpected error');
    void reply.code(500).send(body('emulator/internal', 'Internal error'));
    return;
  }
  const code = status === 413 ? 'emulator/too_large' : status === 415 ? 'emulator/unsupported_media_type' : 'emulator/bad_request';
  void reply.code(status).send(body(code, error.message));
}
