import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

type Events = { cloudwatchLog: { logGroup: string; filter: string } }[];
type Resolve = (address: string) => Promise<unknown>;
const ingestEvents = createRequire(import.meta.url)('../../infra/ingest-events.cjs') as ((options: {
  resolveVariable: Resolve;
}) => Promise<Events>) & { parseLogGroups: (raw: unknown) => string[] };

const FILTER = '{ $.objectRef.resource = "pods" }';

function resolver(values: Record<string, unknown>): Resolve {
  return async (address) => {
    if (!(address in values)) throw new Error(`unexpected variable ${address}`);
    return values[address];
  };
}

describe('Module: infra/ingest-events.cjs', () => {
  it('subscribes each listed log group once, with the filter pattern', async () => {
    const events = await ingestEvents({
      resolveVariable: resolver({
        'param:auditLogGroups':
          ' /aws/eks/prod/cluster, /aws/eks/stage/cluster,/aws/eks/prod/cluster ',
        'param:auditFilter': 'pods',
        'self:custom.auditFilterPattern': FILTER,
      }),
    });
    expect(events).toEqual([
      { cloudwatchLog: { logGroup: '/aws/eks/prod/cluster', filter: FILTER } },
      { cloudwatchLog: { logGroup: '/aws/eks/stage/cluster', filter: FILTER } },
    ]);
  });

  it('passes every event with auditFilter=all, so cut-short (non-JSON) events arrive too', async () => {
    const events = await ingestEvents({
      resolveVariable: resolver({
        'param:auditLogGroups': '/aws/eks/prod/cluster',
        'param:auditFilter': 'all',
      }),
    });
    expect(events).toEqual([{ cloudwatchLog: { logGroup: '/aws/eks/prod/cluster', filter: '' } }]);
  });

  it('refuses an unknown auditFilter, naming the accepted ones', async () => {
    const resolveVariable = resolver({
      'param:auditLogGroups': '/aws/eks/prod/cluster',
      'param:auditFilter': 'everything',
    });
    await expect(ingestEvents({ resolveVariable })).rejects.toThrow(
      'param auditFilter: "everything" is not one of pods, all',
    );
  });

  it.each([
    ['', 'at least one CloudWatch Logs group is required'],
    [' , ', 'at least one CloudWatch Logs group is required'],
    ['/aws/eks/a b/cluster', '"/aws/eks/a b/cluster" is not a log group name'],
    ['/aws/eks/x/cluster;rm', '"/aws/eks/x/cluster;rm" is not a log group name'],
  ])('refuses auditLogGroups %j', (raw, message) => {
    expect(() => ingestEvents.parseLogGroups(raw)).toThrow(message);
  });

  it('refuses a filter pattern longer than CloudWatch accepts', async () => {
    const resolveVariable = resolver({
      'param:auditLogGroups': '/aws/eks/demo/cluster',
      'param:auditFilter': 'pods',
      'self:custom.auditFilterPattern': `{ $.a = "${'x'.repeat(1020)}" }`,
    });
    await expect(ingestEvents({ resolveVariable })).rejects.toThrow(
      'custom.auditFilterPattern is 1032 characters; CloudWatch accepts 1024',
    );
  });
});
