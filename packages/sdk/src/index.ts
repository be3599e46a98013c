/**
 * @partner-center/sdk: a typed client of the Huawei Cloud Partner Center (BSS partner) open API.
 * @packageDocumentation
 */
export { createPartnerClient } from './sites.js';
export {
  batchAllocate,
  type BatchAllocationItem,
  type BatchAllocateOptions,
  type BatchAllocationResult,
  type BatchAllocationReport,
  type AllocatingClient,
} from './helpers/batch-allocate.js';
export type {
  PartnerClient,
  PartnerClientOptions,
  OperationMethods,
  MethodsOf,
  ArgsOf,
  CallOptions,
  InputOf,
  OutputOf,
  ItemOf,
  Paginators,
  PageIterator,
  RawClient,
  SiteClient,
  Reconcilers,
  ReconcileOptions,
} from './client.js';
export { ReconcileError } from './reconcile.js';
export type { Reconciliation } from './reconcile.js';
export type { RetryOptions } from './retry.js';
export type { Hooks, RequestEvent, ResponseEvent, RetryEvent } from './transport.js';
export { endpoints } from './endpoints.js';
export type { Site } from './endpoints.js';
export { SdkError, PartnerCenterError, RequestValidationError, NetworkError, isPartnerCenterError } from './errors.js';
export type { ApiError, ErrorCode, ErrorCodeOf, MethodName, PartnerCenterErrorOf } from './errors.js';
export type { OperationErrorCodes } from './generated/error-codes.js';
export type { Credentials, AkSkCredentials, TokenCredentials, TokenSource } from './auth/credentials.js';
export { iamPasswordToken } from './auth/iam.js';
export type { IamPasswordTokenOptions } from './auth/iam.js';
export type { FieldIssue } from './validation/issues.js';
export { errorCatalog } from './generated/error-codes.js';
export type { DocumentedErrorCode } from './generated/error-codes.js';
export { SPEC_REVISION } from './generated/revision.js';
export type {
  components as CnComponents,
  operations as CnOperations,
  paths as CnPaths,
} from './generated/cn/schema.js';
// The method interfaces of the two sites, each method documented from the spec: what `PartnerClient` has.
export type { Methods as CnMethods } from './generated/cn/methods.js';
export type { Methods as IntlMethods } from './generated/intl/methods.js';
export type {
  components as IntlComponents,
  operations as IntlOperations,
  paths as IntlPaths,
} from './generated/intl/schema.js';
export { createRecorder } from './record.js';
export type { Recorder, RecorderOptions, RecordedExchange, RecordingHeader } from './record.js';
