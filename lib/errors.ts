/**
 * Errors of psp-audit. One base class; a subclass per situation. `name` is set by hand because
 * bundlers rename classes. Messages say where, what was expected and what came — never pod
 * specs, env values or tokens.
 */
export class PspAuditError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PspAuditError';
  }
}

/** A manifest (policy, RBAC object or pod) that cannot be used: names file, document and field. */
export class InvalidManifestError extends PspAuditError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidManifestError';
  }
}

/** A PodSecurityPolicy that is not valid (an unknown rule, a bad range …). */
export class InvalidPolicyError extends InvalidManifestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidPolicyError';
  }
}

/** An audit event or log payload that cannot be read. Counted and logged; the batch goes on. */
export class InvalidAuditEventError extends PspAuditError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidAuditEventError';
  }
}

/** A bad request parameter (API query, CLI flag): the message names it and what is accepted. */
export class BadRequestError extends PspAuditError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BadRequestError';
  }
}

/** Something asked for does not exist (a finding id, a policy). */
export class NotFoundError extends PspAuditError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NotFoundError';
  }
}

/** Missing or invalid configuration; lists every problem, not just the first. */
export class ConfigError extends PspAuditError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}
