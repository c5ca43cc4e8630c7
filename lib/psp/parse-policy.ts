/**
 * Validates a PodSecurityPolicy manifest (policy/v1beta1 or extensions/v1beta1) as the API
 * server's validation would, so evaluation can trust its shape. Throws InvalidPolicyError naming
 * where, the field and what was expected: an unknown rule, a missing required rule, a bad
 * range. Values the API would accept but Kubernetes cannot instantiate (MustRunAs without
 * ranges, …) pass here: the evaluator ignores such a policy, as the admission plugin does.
 * Unknown spec fields are reported as warnings (the API server drops them).
 */
import { InvalidPolicyError } from '../errors.ts';
import { type JsonObject, ShapeChecker } from '../manifests/shape.ts';
import type { IdRange, PodSecurityPolicy } from './types.ts';

export const PSP_API_VERSIONS = ['policy/v1beta1', 'extensions/v1beta1'] as const;

const BOOLEAN_FIELDS = [
  'privileged',
  'hostNetwork',
  'hostPID',
  'hostIPC',
  'readOnlyRootFilesystem',
  'defaultAllowPrivilegeEscalation',
  'allowPrivilegeEscalation',
] as const;

const STRING_LIST_FIELDS = [
  'defaultAddCapabilities',
  'requiredDropCapabilities',
  'allowedCapabilities',
  'volumes',
  'allowedUnsafeSysctls',
  'forbiddenSysctls',
  'allowedProcMountTypes',
] as const;

const KNOWN_SPEC_FIELDS = new Set<string>([
  ...BOOLEAN_FIELDS,
  ...STRING_LIST_FIELDS,
  'hostPorts',
  'seLinux',
  'runAsUser',
  'runAsGroup',
  'supplementalGroups',
  'fsGroup',
  'allowedHostPaths',
  'allowedFlexVolumes',
  'allowedCSIDrivers',
  'runtimeClass',
]);

const GROUP_RULES = ['MustRunAs', 'MayRunAs', 'RunAsAny'] as const;

function checkRanges(
  shape: ShapeChecker,
  value: unknown,
  path: string,
  max: number,
): IdRange[] | undefined {
  return shape.optList(value, path, (item, p) => {
    const range = shape.object(item, p);
    const min = shape.integer(range.min, `${p}.min`, 0, max);
    const top = shape.integer(range.max, `${p}.max`, 0, max);
    if (min > top) shape.fail(p, `has min ${min} greater than max ${top}`);
    return { min, max: top };
  });
}

function checkStrategy(
  shape: ShapeChecker,
  spec: JsonObject,
  field: 'runAsUser' | 'runAsGroup' | 'supplementalGroups' | 'fsGroup',
  rules: readonly string[],
  required: boolean,
): void {
  const path = `spec.${field}`;
  const strategy = required ? shape.object(spec[field], path) : shape.optObject(spec[field], path);
  if (!strategy) return;
  shape.oneOf(strategy.rule, `${path}.rule`, rules);
  checkRanges(shape, strategy.ranges, `${path}.ranges`, 2_147_483_647);
}

export function parsePodSecurityPolicy(
  object: JsonObject,
  where: string,
  warn: (message: string) => void = () => {},
): PodSecurityPolicy {
  const shape = new ShapeChecker(where, (m) => new InvalidPolicyError(m));
  shape.oneOf(object.apiVersion, 'apiVersion', PSP_API_VERSIONS);
  const metadata = shape.object(object.metadata, 'metadata');
  shape.string(metadata.name, 'metadata.name');
  if (metadata.name === '') shape.fail('metadata.name', 'must not be empty');
  shape.optStringMap(metadata.annotations, 'metadata.annotations');
  const spec = shape.object(object.spec, 'spec');

  for (const field of BOOLEAN_FIELDS) shape.optBoolean(spec[field], `spec.${field}`);
  for (const field of STRING_LIST_FIELDS) shape.optStringList(spec[field], `spec.${field}`);
  checkRanges(shape, spec.hostPorts, 'spec.hostPorts', 65_535);

  const seLinux = shape.object(spec.seLinux, 'spec.seLinux');
  shape.oneOf(seLinux.rule, 'spec.seLinux.rule', ['MustRunAs', 'RunAsAny']);
  const options = shape.optObject(seLinux.seLinuxOptions, 'spec.seLinux.seLinuxOptions');
  for (const key of ['user', 'role', 'type', 'level']) {
    shape.optString(options?.[key], `spec.seLinux.seLinuxOptions.${key}`);
  }
  checkStrategy(shape, spec, 'runAsUser', ['MustRunAs', 'MustRunAsNonRoot', 'RunAsAny'], true);
  checkStrategy(shape, spec, 'runAsGroup', GROUP_RULES, false);
  checkStrategy(shape, spec, 'supplementalGroups', GROUP_RULES, true);
  checkStrategy(shape, spec, 'fsGroup', GROUP_RULES, true);

  shape.optList(spec.allowedHostPaths, 'spec.allowedHostPaths', (item, p) => {
    const entry = shape.object(item, p);
    shape.optString(entry.pathPrefix, `${p}.pathPrefix`);
    shape.optBoolean(entry.readOnly, `${p}.readOnly`);
  });
  shape.optList(spec.allowedFlexVolumes, 'spec.allowedFlexVolumes', (item, p) =>
    shape.string(shape.object(item, p).driver, `${p}.driver`),
  );
  shape.optList(spec.allowedCSIDrivers, 'spec.allowedCSIDrivers', (item, p) =>
    shape.string(shape.object(item, p).name, `${p}.name`),
  );
  const runtimeClass = shape.optObject(spec.runtimeClass, 'spec.runtimeClass');
  if (runtimeClass) {
    shape.optStringList(
      runtimeClass.allowedRuntimeClassNames,
      'spec.runtimeClass.allowedRuntimeClassNames',
    );
    shape.optString(
      runtimeClass.defaultRuntimeClassName,
      'spec.runtimeClass.defaultRuntimeClassName',
    );
  }

  for (const key of Object.keys(spec)) {
    if (!KNOWN_SPEC_FIELDS.has(key))
      warn(`${where}: spec.${key} is not a PodSecurityPolicy field; ignored`);
  }
  return object as unknown as PodSecurityPolicy;
}
