/**
 * The request-body limit. The reference documents none for these JSON operations (their bodies are a few hundred
 * bytes; attachments go to OBS, not through the API), so the mock chooses one, as Huawei's API Gateway does in
 * front of every service: over the limit the gateway answers 413 `APIGW.0201` "Request entity too large" before the
 * service sees the request (spec/mock-control.yaml, `x-note` of `info`). 1 MiB is a thousand times the biggest
 * legitimate body and small enough that a flood of refused requests costs no memory.
 */
import { rawError, type RawResponse } from './respond.js';

/** Default largest request body, in bytes (`--max-body-bytes`). */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

/** The gateway's answer to a body over the limit. */
export function bodyTooLarge(size: number, limit: number): RawResponse {
  return rawError(
    {
      code: 'APIGW.0201',
      message: `Request entity too large: the body has ${size > limit ? `more than ${limit}` : size} bytes, the limit is ${limit}.`,
    },
    413,
  );
}
