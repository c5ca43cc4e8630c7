// The ingest function's `events`: one CloudWatch Logs subscription per audit log group named in
// the `auditLogGroups` param (comma-separated), each with the pod-event filter pattern of
// `custom.auditFilterPattern` (or none, with the `auditFilter` param set to `all`). Loaded by serverless.yml as `${file(infra/ingest-events.cjs)}`
// (osls calls the exported function while resolving variables; CommonJS is what it can require).
'use strict';

// CloudWatch Logs log group names: 1-512 characters of [.-_/#A-Za-z0-9].
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
// A CloudWatch Logs filter pattern is at most 1024 characters.
const MAX_FILTER_PATTERN = 1024;

/** Splits, trims and checks the log group list; throws naming the bad entry. */
function parseLogGroups(raw) {
  const names = String(raw ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) {
    throw new Error('param auditLogGroups: at least one CloudWatch Logs group is required');
  }
  for (const name of names) {
    if (!LOG_GROUP_NAME.test(name)) {
      throw new Error(`param auditLogGroups: ${JSON.stringify(name)} is not a log group name`);
    }
  }
  return [...new Set(names)];
}

// `auditFilter`: `pods` (default) passes only pod events through the JSON pattern; `all` passes
// every event, so audit events the log pipeline cut short (`[Truncated...]`, not JSON, invisible
// to any JSON pattern) reach the ingest and are recorded as `unevaluated`, at the cost of one
// invocation for all of the cluster's audit traffic.
const AUDIT_FILTERS = ['pods', 'all'];

async function resolveFilter(resolveVariable) {
  const choice = String((await resolveVariable('param:auditFilter')) ?? 'pods').trim() || 'pods';
  if (!AUDIT_FILTERS.includes(choice)) {
    throw new Error(
      `param auditFilter: ${JSON.stringify(choice)} is not one of ${AUDIT_FILTERS.join(', ')}`,
    );
  }
  return choice === 'all' ? '' : String(await resolveVariable('self:custom.auditFilterPattern'));
}

module.exports = async ({ resolveVariable }) => {
  const logGroups = parseLogGroups(await resolveVariable('param:auditLogGroups'));
  const filter = await resolveFilter(resolveVariable);
  if (filter.length > MAX_FILTER_PATTERN) {
    throw new Error(
      `custom.auditFilterPattern is ${filter.length} characters; CloudWatch accepts ${MAX_FILTER_PATTERN}`,
    );
  }
  return logGroups.map((logGroup) => ({ cloudwatchLog: { logGroup, filter } }));
};

module.exports.parseLogGroups = parseLogGroups;
