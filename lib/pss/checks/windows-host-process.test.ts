import { describe, expect, it } from 'vitest';
import { podWith, runPssCheck } from '../../../test/helpers/pss-run-check.ts';
import { windowsHostProcess } from './windows-host-process.ts';

const hostProcess = { windowsOptions: { hostProcess: true } };

describe('Check: windowsHostProcess', () => {
  it('allows hostProcess unset or false', () => {
    const pod = podWith({
      os: { name: 'windows' },
      securityContext: { windowsOptions: { hostProcess: false } },
      containers: [{ name: 'a', securityContext: { windowsOptions: { runAsUserName: 'x' } } }],
    });
    expect(runPssCheck(windowsHostProcess, 'v1.0', pod)).toBeUndefined();
  });

  it.each([
    {
      name: 'the pod',
      spec: { securityContext: hostProcess },
      detail: 'pod must not set securityContext.windowsOptions.hostProcess=true',
      fields: ['spec.securityContext.windowsOptions.hostProcess'],
    },
    {
      name: 'the pod and a container, on a Windows pod',
      spec: {
        os: { name: 'windows' },
        securityContext: hostProcess,
        containers: [{ name: 'a', securityContext: hostProcess }],
      },
      detail: 'pod and container "a" must not set securityContext.windowsOptions.hostProcess=true',
      fields: [
        'spec.securityContext.windowsOptions.hostProcess',
        'spec.containers[0].securityContext.windowsOptions.hostProcess',
      ],
    },
  ])('denies hostProcess=true set by $name', ({ spec, detail, fields }) => {
    expect(runPssCheck(windowsHostProcess, 'v1.37', podWith(spec))).toEqual({
      reason: 'hostProcess',
      detail,
      fields,
    });
  });
});
