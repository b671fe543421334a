import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';

const UPLOAD_BODY = Symbol('uploadBody');

/**
 * multipart/form-data bodies are not parsed by Fastify: the unread stream is kept on the request for
 * the upload route to hand to busboy, so a file never sits whole in memory.
 */
export function acceptStreamedMultipart(fastify: FastifyInstance): void {
  if (fastify.hasContentTypeParser('multipart/form-data')) return;
  fastify.addContentTypeParser('multipart/form-data', (request, payload, done) => {
    (request as FastifyRequest & { [UPLOAD_BODY]?: Readable })[UPLOAD_BODY] = payload;
    done(null, undefined);
  });
}

/** The unread multipart body of a request, if it had one. */
export function uploadBodyOf(request: FastifyRequest): Readable | undefined {
  return (request as FastifyRequest & { [UPLOAD_BODY]?: Readable })[UPLOAD_BODY];
}
