/**
 * @partner-center/sdk: a typed client of the Huawei Cloud Partner Center (BSS partner) open API.
 * @packageDocumentation
 */
export { createPartnerClient, operationTables } from './client.js';
export type { PartnerClient, PartnerClientOptions, OperationMethods, MethodsOf, ArgsOf, CallOptions, InputOf, OutputOf } from './client.js';
export { endpoints } from './endpoints.js';
export type { Site } from './endpoints.js';
export { PartnerCenterError, RequestValidationError } from './errors.js';
export type { Credentials, AkSkCredentials, TokenCredentials } from './auth/credentials.js';
export { computeSignature, parseAuthorization, canonicalUri, canonicalQuery, defaultSignedHeaders, formatSdkDate, parseSdkDate } from './auth/sign.js';
export type { Signature, SignableRequest, ParsedAuthorization } from './auth/sign.js';
export { checkValue, describeIssues } from './validation/issues.js';
export type { FieldIssue, CheckResult } from './validation/issues.js';
export { errorCatalog } from './generated/error-codes.js';
export type { DocumentedErrorCode } from './generated/error-codes.js';
export { SPEC_REVISION } from './generated/revision.js';
export type { components as CnComponents, operations as CnOperations, paths as CnPaths } from './generated/cn/schema.js';
export type { components as IntlComponents, operations as IntlOperations, paths as IntlPaths } from './generated/intl/schema.js';
