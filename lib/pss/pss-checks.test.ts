import { describe, expect, it } from 'vitest';
import { PSS_CHECKS, pssRegistry } from './pss-checks.ts';

const ids = (level: 'privileged' | 'baseline' | 'restricted', minor: number) =>
  pssRegistry.checksFor(level, minor).map((check) => check.id);

const BASELINE_V1_0 = [
  'appArmorProfile',
  'capabilities_baseline',
  'hostNamespaces',
  'hostPathVolumes',
  'hostPorts',
  'privileged',
  'procMount',
  'seLinuxOptions',
  'seccompProfile_baseline',
  'sysctls',
  'windowsHostProcess',
];

describe('Registry: the library checks', () => {
  it('registers the 19 checks of the library, each with its id and level', () => {
    expect(PSS_CHECKS.map((check) => `${check.level}:${check.id}`).sort()).toEqual([
      'baseline:appArmorProfile',
      'baseline:capabilities_baseline',
      'baseline:hostNamespaces',
      'baseline:hostPathVolumes',
      'baseline:hostPorts',
      'baseline:hostProbesAndHostLifecycle',
      'baseline:privileged',
      'baseline:procMount',
      'baseline:seLinuxOptions',
      'baseline:seccompProfile_baseline',
      'baseline:sysctls',
      'baseline:windowsHostProcess',
      'restricted:allowPrivilegeEscalation',
      'restricted:capabilities_restricted',
      'restricted:procMount_restricted',
      'restricted:restrictedVolumes',
      'restricted:runAsNonRoot',
      'restricted:runAsUser',
      'restricted:seccompProfile_restricted',
    ]);
  });

  it('revises each check at the versions the library does', () => {
    const revisions = Object.fromEntries(
      PSS_CHECKS.map((check) => [check.id, check.versions.map(({ since }) => since).join(' ')]),
    );
    expect(revisions).toEqual({
      allowPrivilegeEscalation: 'v1.8 v1.25',
      appArmorProfile: 'v1.0',
      capabilities_baseline: 'v1.0',
      capabilities_restricted: 'v1.22 v1.25',
      hostNamespaces: 'v1.0',
      hostPathVolumes: 'v1.0',
      hostPorts: 'v1.0',
      hostProbesAndHostLifecycle: 'v1.34',
      privileged: 'v1.0',
      procMount: 'v1.0 v1.35',
      procMount_restricted: 'v1.35',
      restrictedVolumes: 'v1.0',
      runAsNonRoot: 'v1.0 v1.35',
      runAsUser: 'v1.23 v1.35',
      seLinuxOptions: 'v1.0 v1.31',
      seccompProfile_baseline: 'v1.0 v1.19',
      seccompProfile_restricted: 'v1.19 v1.25',
      sysctls: 'v1.0 v1.27 v1.29 v1.32 v1.37',
      windowsHostProcess: 'v1.0',
    });
  });

  it('knows policy versions up to v1.37', () => {
    expect(pssRegistry.maxMinor).toBe(37);
  });

  it.each([0, 18, 33])('runs the eleven first baseline checks at baseline v1.%i', (minor) => {
    expect(ids('baseline', minor)).toEqual(BASELINE_V1_0);
  });

  it.each([34, 37, 40])('adds hostProbesAndHostLifecycle at baseline v1.%i', (minor) => {
    expect(ids('baseline', minor)).toEqual(
      [...BASELINE_V1_0, 'hostProbesAndHostLifecycle'].sort((a, b) => (a < b ? -1 : 1)),
    );
  });

  it.each([
    { minor: 0, added: ['restrictedVolumes', 'runAsNonRoot'], replaced: ['hostPathVolumes'] },
    {
      minor: 8,
      added: ['allowPrivilegeEscalation', 'restrictedVolumes', 'runAsNonRoot'],
      replaced: ['hostPathVolumes'],
    },
    {
      minor: 19,
      added: [
        'allowPrivilegeEscalation',
        'restrictedVolumes',
        'runAsNonRoot',
        'seccompProfile_restricted',
      ],
      replaced: ['hostPathVolumes', 'seccompProfile_baseline'],
    },
    {
      minor: 22,
      added: [
        'allowPrivilegeEscalation',
        'capabilities_restricted',
        'restrictedVolumes',
        'runAsNonRoot',
        'seccompProfile_restricted',
      ],
      replaced: ['capabilities_baseline', 'hostPathVolumes', 'seccompProfile_baseline'],
    },
    {
      minor: 23,
      added: [
        'allowPrivilegeEscalation',
        'capabilities_restricted',
        'restrictedVolumes',
        'runAsNonRoot',
        'runAsUser',
        'seccompProfile_restricted',
      ],
      replaced: ['capabilities_baseline', 'hostPathVolumes', 'seccompProfile_baseline'],
    },
    {
      minor: 35,
      added: [
        'allowPrivilegeEscalation',
        'capabilities_restricted',
        'hostProbesAndHostLifecycle',
        'procMount_restricted',
        'restrictedVolumes',
        'runAsNonRoot',
        'runAsUser',
        'seccompProfile_restricted',
      ],
      replaced: [
        'capabilities_baseline',
        'hostPathVolumes',
        'procMount',
        'seccompProfile_baseline',
      ],
    },
  ])(
    'at restricted v1.$minor, runs baseline minus $replaced plus $added',
    ({ minor, added, replaced }) => {
      const expected = [...ids('baseline', minor), ...added]
        .filter((id) => !replaced.includes(id))
        .filter((id, i, all) => all.indexOf(id) === i)
        .sort((a, b) => (a < b ? -1 : 1));
      expect(ids('restricted', minor)).toEqual(expected);
    },
  );

  it('runs nothing at privileged', () => {
    expect(ids('privileged', 37)).toEqual([]);
  });
});
