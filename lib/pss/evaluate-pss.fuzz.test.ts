/**
 * Pods read from audit logs are untrusted JSON. Whatever shape they take, evaluatePss must return
 * a consistent verdict (never throw): allowed exactly when there are no reasons, reasons sorted by
 * check id, each with its first field in `field`. Deterministic: fixed seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PSS_REASON_SUBSTRINGS } from '../../test/helpers/pss-reason-substrings.ts';
import type { Pod } from '../k8s.ts';
import { evaluatePss, PSS_VERSIONS } from './evaluate-pss.ts';
import { PSS_LEVELS } from './levels.ts';

const junk = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -1, max: 70000 }),
  fc.constantFrom('', 'ALL', 'Unconfined', 'RuntimeDefault', 'Default', 'Unmasked', 'windows', 'x'),
  fc.constant([]),
  fc.constant({}),
);

const securityContext = fc.record(
  {
    privileged: junk,
    allowPrivilegeEscalation: junk,
    runAsNonRoot: junk,
    runAsUser: junk,
    procMount: junk,
    capabilities: fc.oneof(
      junk,
      fc.record({ add: fc.oneof(junk, fc.array(junk)), drop: fc.oneof(junk, fc.array(junk)) }),
    ),
    seccompProfile: fc.oneof(junk, fc.record({ type: junk })),
    appArmorProfile: fc.oneof(junk, fc.record({ type: junk })),
    seLinuxOptions: fc.oneof(junk, fc.record({ type: junk, user: junk, role: junk })),
    windowsOptions: fc.oneof(junk, fc.record({ hostProcess: junk })),
    sysctls: fc.oneof(junk, fc.array(fc.oneof(junk, fc.record({ name: junk })))),
  },
  { requiredKeys: [] },
);

const handler = fc.oneof(
  junk,
  fc.record({
    httpGet: fc.oneof(junk, fc.record({ host: junk })),
    tcpSocket: fc.oneof(junk, fc.record({ host: junk })),
  }),
);

const container = fc.oneof(
  junk,
  fc.record(
    {
      name: junk,
      securityContext: fc.oneof(junk, securityContext),
      ports: fc.oneof(junk, fc.array(fc.oneof(junk, fc.record({ hostPort: junk })))),
      livenessProbe: handler,
      startupProbe: handler,
      lifecycle: fc.oneof(junk, fc.record({ preStop: handler, postStart: handler })),
    },
    { requiredKeys: [] },
  ),
);

const pod = fc.record(
  {
    metadata: fc.oneof(
      junk,
      fc.record({
        annotations: fc.oneof(
          junk,
          fc.dictionary(
            fc.constantFrom(
              'seccomp.security.alpha.kubernetes.io/pod',
              'container.apparmor.security.beta.kubernetes.io/a',
              'container.seccomp.security.alpha.kubernetes.io/a',
            ),
            junk,
          ),
        ),
      }),
    ),
    spec: fc.oneof(
      junk,
      fc.record(
        {
          hostNetwork: junk,
          hostUsers: junk,
          os: fc.oneof(junk, fc.record({ name: junk })),
          securityContext: fc.oneof(junk, securityContext),
          initContainers: fc.oneof(junk, fc.array(container, { maxLength: 3 })),
          containers: fc.oneof(junk, fc.array(container, { maxLength: 3 })),
          ephemeralContainers: fc.oneof(junk, fc.array(container, { maxLength: 2 })),
          volumes: fc.oneof(
            junk,
            fc.array(
              fc.oneof(
                junk,
                fc.dictionary(
                  fc.constantFrom('name', 'hostPath', 'emptyDir', 'nfs', 'other'),
                  junk,
                ),
              ),
            ),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);

describe('Function: evaluatePss on untrusted pods', () => {
  it('always returns a consistent verdict, whatever the pod holds', () => {
    fc.assert(
      fc.property(
        pod,
        fc.constantFrom(...PSS_LEVELS),
        fc.constantFrom(...PSS_VERSIONS),
        (candidate, level, version) => {
          const verdict = evaluatePss(candidate as Pod, { level, version });
          const checks = verdict.reasons.map((reason) => reason.check);
          expect(verdict.allowed).toBe(verdict.reasons.length === 0);
          expect(checks).toEqual([...checks].sort());
          for (const reason of verdict.reasons) {
            expect(reason.fields.length).toBeGreaterThan(0);
            expect(reason.field).toBe(reason.fields[0]);
            expect(reason.message).toContain(PSS_REASON_SUBSTRINGS[reason.check]);
          }
        },
      ),
      { seed: 20261126, numRuns: 2000 },
    );
  });
});
