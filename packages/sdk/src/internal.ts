/**
 * @partner-center/sdk/internal: the SDK's signing and validation machinery, for `@partner-center/mock`, which must
 * check signatures and inputs exactly as the SDK makes them. Not part of the documented API: it may change in any
 * release without notice, and the API reference does not list it.
 * @internal
 * @packageDocumentation
 */
export { operationTables } from './sites.js';
export {
  computeSignature,
  parseAuthorization,
  canonicalUri,
  canonicalQuery,
  defaultSignedHeaders,
  formatSdkDate,
  parseSdkDate,
  hmacHex,
} from './auth/sign.js';
export type { Signature, SignableRequest, ParsedAuthorization } from './auth/sign.js';
export { checkValue, describeIssues } from './validation/issues.js';
export type { CheckResult } from './validation/issues.js';
/** Re-exported from the main entry too: {@link RequestValidationError} carries them. */
export type { FieldIssue } from './validation/issues.js';
export { IN_PROCESS } from './transport.js';
export type { InProcess } from './transport.js';
