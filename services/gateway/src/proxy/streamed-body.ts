import type { Readable } from 'node:stream';
import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import { streamsBodyOn } from '@lawfirm/contracts';

const STREAMED_BODY = Symbol('streamedBody');

/** The media types passed on as a stream on a streamed route (a document upload). */
const STREAMED_MEDIA_TYPES: ReadonlySet<string> = new Set(['multipart/form-data']);

/** Whether a request with this Content-Type has its body streamed through (on a streamed route). */
export function isStreamedBody(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType !== undefined && STREAMED_MEDIA_TYPES.has(mediaType);
}

type WithStreamedBody = FastifyRequest & { [STREAMED_BODY]?: Readable };

/**
 * multipart/form-data is not parsed here: on a route the HTTP manifest marks `streamedBody` the
 * unread stream (already held to the route's limit by the preParsing hook) is kept on the request
 * for the proxy to pipe to the service, so a file never sits whole in the gateway's memory. Any
 * other route answers 415 for it, as before.
 */
export function acceptStreamedBodies(fastify: FastifyInstance): void {
  fastify.addContentTypeParser([...STREAMED_MEDIA_TYPES], (request, payload, done) => {
    if (!streamsBodyOn(request.url.split('?')[0] ?? request.url)) {
      done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(request.headers['content-type']), undefined);
      return;
    }
    (request as WithStreamedBody)[STREAMED_BODY] = payload;
    done(null, undefined);
  });
}

/** The unread body of a request whose body is streamed through, if it has one. */
export function streamedBodyOf(request: FastifyRequest): Readable | undefined {
  return (request as WithStreamedBody)[STREAMED_BODY];
}
