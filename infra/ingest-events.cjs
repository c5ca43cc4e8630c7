// The ingest function's `events`: one CloudWatch Logs subscription per audit log group named in
// the `auditLogGroups` param (comma-separated), each with the pod-event filter pattern of
// `custom.auditFilterPattern`. Loaded by serverless.yml as `${file(infra/ingest-events.cjs)}`
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

module.exports = async ({ resolveVariable }) => {
  const logGroups = parseLogGroups(await resolveVariable('param:auditLogGroups'));
  const filter = String(await resolveVariable('self:custom.auditFilterPattern'));
  if (filter.length > MAX_FILTER_PATTERN) {
    throw new Error(
      `custom.auditFilterPattern is ${filter.length} characters; CloudWatch accepts ${MAX_FILTER_PATTERN}`,
    );
  }
  return logGroups.map((logGroup) => ({ cloudwatchLog: { logGroup, filter } }));
};

module.exports.parseLogGroups = parseLogGroups;
