import type { DocumentedErrorCode } from './generated/error-codes.js';
import type { FieldIssue } from './validation/issues.js';
import { describeIssues } from './validation/issues.js';

/** An error answered by the service (or the mock): HTTP status, `error_code`, `error_msg` and the request id. */
export class PartnerCenterError extends Error {
  override name = 'PartnerCenterError';
  /** HTTP status of the answer. */
  readonly status: number;
  /** `error_code` of the body, e.g. `CBC.99000038`; `UNKNOWN` when the body had none. */
  readonly code: DocumentedErrorCode | (string & {});
  /** `error_msg` of the body. */
  readonly errorMsg: string;
  /** `X-Request-Id` of the answer, for Huawei support. */
  readonly requestId: string | undefined;
  /** The operation that failed. */
  readonly operationId: string;

  constructor(init: { status: number; code: string; errorMsg: string; requestId?: string; operationId: string }) {
    super(`${init.operationId} failed: HTTP ${init.status} ${init.code}: ${init.errorMsg}${init.requestId ? ` (request id ${init.requestId})` : ''}`);
    this.status = init.status;
    this.code = init.code;
    this.errorMsg = init.errorMsg;
    this.requestId = init.requestId;
    this.operationId = init.operationId;
  }
}

/** A request refused by the SDK before sending, because it breaks a field rule of the spec. */
export class RequestValidationError extends Error {
  override name = 'RequestValidationError';
  /** The operation whose input was refused. */
  readonly operationId: string;
  /** Every broken rule, each naming its field. */
  readonly issues: FieldIssue[];

  constructor(operationId: string, issues: FieldIssue[]) {
    super(`${operationId}: invalid request: ${describeIssues(issues)}`);
    this.operationId = operationId;
    this.issues = issues;
  }
}
