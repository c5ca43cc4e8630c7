/**
 * Packages the stack once (`npm run package`: osls + serverless-esbuild, offline, no AWS
 * credentials) and checks the CloudFormation template it writes: the ingest subscription filter,
 * the digest schedules and their switches, IAM authorisation on every route, one least-privilege
 * role per function, encryption and recovery settings, the dead-letter queue and the alarms.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../lib/api/routes.ts';
import { resolveDigestSchedule } from '../../lib/digest/resolve-digest-schedule.ts';
import {
  allStatements,
  asArray,
  evaluateCondition,
  type Resource,
  refName,
  resolveIf,
  resourcesOfType,
  roleGrants,
  type Template,
} from './cfn.ts';
import { matches, parseFilterPattern } from './filter-pattern.ts';

const root = join(import.meta.dirname, '..', '..');
const templatePath = join(root, '.serverless', 'cloudformation-template-update-stack.json');

let template: Template;
let packageOutput: string;

/** The environment of the packaging run: no AWS credentials, profile or region of the caller. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (
      /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE|REGION|DEFAULT_REGION)$/.test(
        name,
      )
    ) {
      delete env[name];
    }
  }
  env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/psp-audit/credentials';
  env.AWS_CONFIG_FILE = '/nonexistent/psp-audit/config';
  env.AWS_EC2_METADATA_DISABLED = 'true';
  return env;
}

beforeAll(async () => {
  const { stdout, stderr } = await promisify(execFile)('npm', ['run', 'package'], {
    cwd: root,
    env: offlineEnv(),
    timeout: 115_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  packageOutput = `${stdout}${stderr}`;
  template = JSON.parse(await readFile(templatePath, 'utf8')) as Template;
}, 120_000);

const FUNCTIONS = {
  IngestLambdaFunction: {
    handler: 'functions/ingest/handler.handler',
    role: 'IngestRole',
    env: ['ALERTS_TOPIC_ARN', 'FINDINGS_TABLE', 'POLICIES_TABLE', 'PSS_LEVEL', 'RETENTION_DAYS'],
  },
  IngestKinesisLambdaFunction: {
    handler: 'functions/ingest/kinesis.handler',
    role: 'IngestKinesisRole',
    env: ['ALERTS_TOPIC_ARN', 'FINDINGS_TABLE', 'POLICIES_TABLE', 'PSS_LEVEL', 'RETENTION_DAYS'],
  },
  ApiLambdaFunction: {
    handler: 'functions/api/handler.handler',
    role: 'ApiRole',
    env: ['FINDINGS_TABLE', 'POLICIES_TABLE', 'PSS_LEVEL'],
  },
  DigestLambdaFunction: {
    handler: 'functions/digest/handler.handler',
    role: 'DigestRole',
    env: ['DIGEST_TOPIC_ARN', 'FINDINGS_TABLE'],
  },
} as const;

const COMMON_ENV = [
  'LOG_LEVEL',
  'NODE_OPTIONS',
  'POWERTOOLS_METRICS_NAMESPACE',
  'POWERTOOLS_SERVICE_NAME',
];

// biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub text, not JS.
const FINDINGS_INDEXES = '${FindingsTable.Arn}/index/*';
const METRICS =
  'cloudwatch:PutMetricData * if {"StringEquals":{"cloudwatch:namespace":"PspAudit"}}';
const TRACING = ['xray:PutTelemetryRecords *', 'xray:PutTraceSegments *'];
const KMS_VIA_SNS =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub text, not JS.
  ' if {"StringEquals":{"kms:ViaService":{"Fn::Sub":"sns.${AWS::Region}.amazonaws.com"}}}';
const INGEST_DATA = [
  'dynamodb:DeleteItem FindingsTable.Arn',
  'dynamodb:GetItem FindingsTable.Arn',
  'dynamodb:GetItem PoliciesTable.Arn',
  'dynamodb:PutItem FindingsTable.Arn',
  'dynamodb:Query PoliciesTable.Arn',
  'dynamodb:UpdateItem FindingsTable.Arn',
  `kms:Decrypt TopicKey.Arn${KMS_VIA_SNS}`,
  `kms:GenerateDataKey TopicKey.Arn${KMS_VIA_SNS}`,
  'sns:Publish AlertsTopic',
  'sqs:SendMessage IngestDeadLetterQueue.Arn',
];

const EXPECTED_GRANTS: Record<string, string[]> = {
  IngestRole: [
    ...INGEST_DATA,
    'logs:CreateLogStream IngestLogGroup.Arn',
    'logs:PutLogEvents IngestLogGroup.Arn',
    METRICS,
    ...TRACING,
  ].sort(),
  IngestKinesisRole: [
    ...INGEST_DATA,
    'kinesis:DescribeStream AuditStream.Arn',
    'kinesis:DescribeStreamSummary AuditStream.Arn',
    'kinesis:GetRecords AuditStream.Arn',
    'kinesis:GetShardIterator AuditStream.Arn',
    'kinesis:ListShards AuditStream.Arn',
    'logs:CreateLogStream IngestKinesisLogGroup.Arn',
    'logs:PutLogEvents IngestKinesisLogGroup.Arn',
    METRICS,
    ...TRACING,
  ].sort(),
  ApiRole: [
    'dynamodb:GetItem FindingsTable.Arn',
    `dynamodb:GetItem ${FINDINGS_INDEXES}`,
    'dynamodb:GetItem PoliciesTable.Arn',
    'dynamodb:PutItem PoliciesTable.Arn',
    'dynamodb:Query FindingsTable.Arn',
    `dynamodb:Query ${FINDINGS_INDEXES}`,
    'dynamodb:Query PoliciesTable.Arn',
    'dynamodb:UpdateItem PoliciesTable.Arn',
    'logs:CreateLogStream ApiLogGroup.Arn',
    'logs:PutLogEvents ApiLogGroup.Arn',
    METRICS,
    ...TRACING,
  ].sort(),
  DigestRole: [
    'dynamodb:GetItem FindingsTable.Arn',
    `dynamodb:GetItem ${FINDINGS_INDEXES}`,
    'dynamodb:Query FindingsTable.Arn',
    `dynamodb:Query ${FINDINGS_INDEXES}`,
    `kms:Decrypt TopicKey.Arn${KMS_VIA_SNS}`,
    `kms:GenerateDataKey TopicKey.Arn${KMS_VIA_SNS}`,
    'logs:CreateLogStream DigestLogGroup.Arn',
    'logs:PutLogEvents DigestLogGroup.Arn',
    'sns:Publish DigestTopic',
    METRICS,
    ...TRACING,
  ].sort(),
  AuditDestinationRole: ['kinesis:PutRecord AuditStream.Arn'],
};

function resource(id: string): Resource {
  const found = template.Resources[id];
  if (found === undefined) throw new Error(`no resource ${id} in the template`);
  return found;
}

function props(id: string): Record<string, unknown> {
  return resource(id).Properties ?? {};
}

describe('Command: npm run package', () => {
  it('packages every function as an ESM bundle, offline and without credentials', async () => {
    expect(packageOutput).toContain('Service packaged');
    const state = JSON.parse(
      await readFile(join(root, '.serverless', 'serverless-state.json'), 'utf8'),
    ) as { service: { functions: Record<string, { package: { artifact: string } }> } };
    expect(Object.keys(state.service.functions).sort()).toEqual([
      'api',
      'digest',
      'ingest',
      'ingestKinesis',
    ]);
    const entries = {
      api: 'functions/api/handler.mjs',
      digest: 'functions/digest/handler.mjs',
      ingest: 'functions/ingest/handler.mjs',
      ingestKinesis: 'functions/ingest/kinesis.mjs',
    };
    for (const [name, entry] of Object.entries(entries)) {
      const artifact = state.service.functions[name]?.package.artifact ?? '';
      // Zip entry names are stored uncompressed: the bundle and its source map are in the archive.
      const zip = await readFile(artifact);
      expect(zip.includes(Buffer.from(entry)), `${name}: ${entry}`).toBe(true);
      expect(zip.includes(Buffer.from(`${entry}.map`)), `${name}: ${entry}.map`).toBe(true);
    }
  });
});

describe('Functions', () => {
  it('lists exactly the four functions', () => {
    expect(Object.keys(resourcesOfType(template, 'AWS::Lambda::Function')).sort()).toEqual(
      Object.keys(FUNCTIONS).sort(),
    );
  });

  it.each(Object.entries(FUNCTIONS))(
    '%s runs nodejs22.x on arm64 with its own handler',
    (id, fn) => {
      const p = props(id);
      expect(p.Runtime).toBe('nodejs22.x');
      expect(p.Architectures).toEqual(['arm64']);
      expect(p.Handler).toBe(fn.handler);
      expect(p.TracingConfig).toEqual({ Mode: 'Active' });
    },
  );

  it.each(Object.entries(FUNCTIONS))('%s gets only the environment it reads', (id, fn) => {
    const variables = (props(id).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(variables).sort()).toEqual([...COMMON_ENV, ...fn.env].sort());
    expect(variables.POWERTOOLS_SERVICE_NAME).toBe('psp-audit');
    expect(variables.POWERTOOLS_METRICS_NAMESPACE).toBe('PspAudit');
    expect(refName(variables.LOG_LEVEL)).toBe('LogLevel');
  });

  it('points the table, topic and setting variables at the stack resources and parameters', () => {
    const ingest = (
      props('IngestLambdaFunction').Environment as { Variables: Record<string, unknown> }
    ).Variables;
    expect(refName(ingest.FINDINGS_TABLE)).toBe('FindingsTable');
    expect(refName(ingest.POLICIES_TABLE)).toBe('PoliciesTable');
    expect(refName(ingest.ALERTS_TOPIC_ARN)).toBe('AlertsTopic');
    expect(refName(ingest.PSS_LEVEL)).toBe('PssLevel');
    expect(refName(ingest.RETENTION_DAYS)).toBe('RetentionDays');
    const digest = (
      props('DigestLambdaFunction').Environment as { Variables: Record<string, unknown> }
    ).Variables;
    expect(refName(digest.DIGEST_TOPIC_ARN)).toBe('DigestTopic');
  });

  it('has the documented parameter defaults', () => {
    const defaults = Object.fromEntries(
      Object.entries(template.Parameters).map(([name, p]) => [name, p.Default]),
    );
    expect(defaults).toEqual({
      PssLevel: 'restricted@latest',
      RetentionDays: '90',
      LogLevel: 'INFO',
      DigestHourly: 'false',
      DigestDaily: 'true',
      DigestWeekly: 'true',
      DigestEmail: '',
      SourceAccountIds: '',
    });
  });
});

describe('Ingest: CloudWatch Logs subscription', () => {
  const filters = () => resourcesOfType(template, 'AWS::Logs::SubscriptionFilter');

  it('subscribes the ingest function to the default EKS audit log group', () => {
    const all = Object.values(filters());
    expect(all).toHaveLength(1);
    expect(all[0]?.Properties?.LogGroupName).toBe('/aws/eks/demo/cluster');
    expect(refName(all[0]?.Properties?.DestinationArn)).toBe('IngestLambdaFunction.Arn');
  });

  it('lets only CloudWatch Logs of this account invoke the ingest', () => {
    const permissions = Object.entries(resourcesOfType(template, 'AWS::Lambda::Permission')).filter(
      ([, p]) => refName(p.Properties?.FunctionName) === 'IngestLambdaFunction.Arn',
    );
    expect(permissions).toHaveLength(1);
    const p = permissions[0]?.[1].Properties ?? {};
    expect(p.Action).toBe('lambda:InvokeFunction');
    expect(JSON.stringify(p.Principal)).toContain('"logs."');
    expect(JSON.stringify(p.SourceArn)).toContain(':log-group:","/aws/eks/demo/cluster",":*"');
  });

  it('has a filter pattern within the 1024-character limit', () => {
    const pattern = String(Object.values(filters())[0]?.Properties?.FilterPattern);
    expect(pattern.length).toBeGreaterThan(0);
    expect(pattern.length).toBeLessThanOrEqual(1024);
  });

  const pod = (verb: string, subresource?: string, stage = 'ResponseComplete') => ({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    stage,
    verb,
    objectRef: {
      resource: 'pods',
      namespace: 'shop',
      name: 'web-1',
      apiVersion: 'v1',
      ...(subresource === undefined ? {} : { subresource }),
    },
  });

  it.each([
    ['pod create', true, pod('create')],
    ['pod update', true, pod('update')],
    ['pod patch (also server-side apply)', true, pod('patch')],
    ['exec over SPDY (create)', true, pod('create', 'exec')],
    ['exec over WebSocket (get)', true, pod('get', 'exec')],
    ['exec stream opened (ResponseStarted)', true, pod('create', 'exec', 'ResponseStarted')],
    ['attach', true, pod('create', 'attach')],
    ['ephemeral container (kubectl debug)', true, pod('patch', 'ephemeralcontainers')],
    ['pod create at RequestReceived', false, pod('create', undefined, 'RequestReceived')],
    ['pod delete', false, pod('delete')],
    ['pod get', false, pod('get')],
    ['pod list', false, { ...pod('list'), objectRef: { resource: 'pods', namespace: 'shop' } }],
    ['pod watch', false, pod('watch')],
    ['kubelet status patch', false, pod('patch', 'status')],
    ['scheduler binding', false, pod('create', 'binding')],
    ['eviction', false, pod('create', 'eviction')],
    ['port-forward', false, pod('create', 'portforward')],
    ['deployment create', false, { ...pod('create'), objectRef: { resource: 'deployments' } }],
    ['configmap update', false, { ...pod('update'), objectRef: { resource: 'configmaps' } }],
    ['non-resource URL', false, { kind: 'Event', stage: 'ResponseComplete', verb: 'get' }],
  ])('%s -> selected: %s', (_name, selected, event) => {
    const pattern = String(Object.values(filters())[0]?.Properties?.FilterPattern);
    expect(matches(parseFilterPattern(pattern), event)).toBe(selected);
  });
});

describe('Ingest: failures', () => {
  it('sends batches that failed every async retry to the encrypted dead-letter queue', () => {
    const config = props('IngestLambdaEvConf');
    expect(refName(config.FunctionName)).toBe('IngestLambdaFunction');
    expect(config.MaximumRetryAttempts).toBe(2);
    expect(config.DestinationConfig).toEqual({
      OnFailure: { Destination: { 'Fn::GetAtt': ['IngestDeadLetterQueue', 'Arn'] } },
    });
    const queue = resource('IngestDeadLetterQueue');
    expect(queue.Type).toBe('AWS::SQS::Queue');
    expect(queue.Properties?.SqsManagedSseEnabled).toBe(true);
    expect(queue.Properties?.MessageRetentionPeriod).toBe(1209600);
  });

  it('reads the cross-account Kinesis stream with partial batch responses, bisection and the DLQ', () => {
    const mapping = resource('IngestKinesisEventSourceMappingKinesisAuditStream');
    expect(mapping.Condition).toBe('CrossAccountEnabled');
    const p = mapping.Properties ?? {};
    expect(refName(p.EventSourceArn)).toBe('AuditStream.Arn');
    expect(p.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(p.BisectBatchOnFunctionError).toBe(true);
    expect(p.DestinationConfig).toEqual({
      OnFailure: { Destination: { 'Fn::GetAtt': ['IngestDeadLetterQueue', 'Arn'] } },
    });
    expect(props('AuditStream').StreamEncryption).toEqual({
      EncryptionType: 'KMS',
      KeyId: 'alias/aws/kinesis',
    });
  });

  it('creates the cross-account resources only when sender accounts are given', () => {
    const crossAccount = Object.entries(template.Resources)
      .filter(([, r]) => r.Condition === 'CrossAccountEnabled')
      .map(([id]) => id)
      .sort();
    expect(crossAccount).toEqual(
      [
        'AuditDestinationRole',
        'AuditLogsDestination',
        'AuditStream',
        'IngestKinesisErrorsAlarm',
        'IngestKinesisEventSourceMappingKinesisAuditStream',
        'IngestKinesisLambdaFunction',
        'IngestKinesisLogGroup',
        'IngestKinesisRole',
      ].sort(),
    );
    expect(evaluateCondition(template, 'CrossAccountEnabled')).toBe(false);
    expect(
      evaluateCondition(template, 'CrossAccountEnabled', { SourceAccountIds: '111122223333' }),
    ).toBe(true);
  });
});

describe('Digest schedules', () => {
  const rules = () => resourcesOfType(template, 'AWS::Events::Rule');

  it.each([
    ['psp-audit-dev-digest-1h', 'rate(1 hour)', 'DigestHourly', false],
    ['psp-audit-dev-digest-24h', 'cron(0 7 * * ? *)', 'DigestDaily', true],
    ['psp-audit-dev-digest-7d', 'cron(0 7 ? * MON *)', 'DigestWeekly', true],
  ])('%s runs on %s, switched by %s (default on: %s)', (name, expression, parameter, byDefault) => {
    const matching = Object.values(rules()).filter((r) => r.Properties?.Name === name);
    expect(matching).toHaveLength(1);
    const p = matching[0]?.Properties ?? {};
    expect(p.ScheduleExpression).toBe(expression);
    const targets = p.Targets as Record<string, unknown>[];
    expect(targets).toHaveLength(1);
    expect(refName(targets[0]?.Arn)).toBe('DigestLambdaFunction.Arn');
    // No input: the handler must receive the real Scheduled Event with the rule in `resources`.
    expect(Object.keys(targets[0] ?? {}).sort()).toEqual(['Arn', 'Id']);
    expect(template.Parameters[parameter]?.AllowedValues).toEqual(['true', 'false']);
    expect(resolveIf(template, p.State)).toBe(byDefault ? 'ENABLED' : 'DISABLED');
    expect(resolveIf(template, p.State, { [parameter]: 'true' })).toBe('ENABLED');
    expect(resolveIf(template, p.State, { [parameter]: 'false' })).toBe('DISABLED');
  });

  it.each([
    ['psp-audit-dev-digest-1h', '1h'],
    ['psp-audit-dev-digest-24h', '24h'],
    ['psp-audit-dev-digest-7d', '7d'],
  ])('rule %s: the digest handler reads window %s from its Scheduled Event', (name, window) => {
    expect(Object.values(rules()).some((r) => r.Properties?.Name === name)).toBe(true);
    const event = {
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      time: '2026-11-23T07:00:00Z',
      resources: [`arn:aws:events:eu-west-1:111122223333:rule/${name}`],
      detail: {},
    };
    expect(resolveDigestSchedule(event).window).toBe(window);
  });

  it('has exactly the three digest rules', () => {
    expect(Object.values(rules()).map((r) => r.Properties?.Name)).toHaveLength(3);
  });
});

describe('HTTP API', () => {
  it('requires IAM (SigV4) authorisation on every route', () => {
    const routes = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties?.RouteKey).sort()).toEqual(
      [
        'DELETE /policies/{kind}/{name}',
        'GET /findings',
        'GET /findings/{id}',
        'GET /policies',
        'GET /summary',
        'POST /evaluate',
        'PUT /policies',
      ].sort(),
    );
    for (const route of routes) expect(route.Properties?.AuthorizationType).toBe('AWS_IAM');
  });

  it('routes exactly what the API handler serves (lib/api/routes.ts)', () => {
    const routes = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties?.RouteKey).sort()).toEqual(
      API_ROUTES.map((r) => `${r.method} ${r.path}`).sort(),
    );
  });

  it('throttles the stage', () => {
    expect(props('HttpApiStage').DefaultRouteSettings).toEqual({
      DetailedMetricsEnabled: true,
      ThrottlingBurstLimit: 50,
      ThrottlingRateLimit: 20,
    });
  });

  it('has no CORS configuration', () => {
    expect(props('HttpApi').CorsConfiguration).toBeUndefined();
  });
});

describe('IAM', () => {
  it('gives each function its own role and creates no shared default role', () => {
    const roles = Object.entries(FUNCTIONS).map(([id, fn]) => {
      const role = props(id).Role as { 'Fn::GetAtt': [string, string] };
      expect(role).toEqual({ 'Fn::GetAtt': [fn.role, 'Arn'] });
      expect(resource(fn.role).Type).toBe('AWS::IAM::Role');
      expect(resource(fn.role).Condition).toBe(resource(id).Condition);
      return fn.role;
    });
    expect(new Set(roles).size).toBe(roles.length);
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
    expect(Object.keys(resourcesOfType(template, 'AWS::IAM::Role')).sort()).toEqual(
      [...roles, 'AuditDestinationRole'].sort(),
    );
  });

  it.each(Object.values(FUNCTIONS).map((fn) => fn.role))(
    '%s can be assumed by Lambda only',
    (id) => {
      expect(props(id).AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'lambda.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      });
      expect(props(id).ManagedPolicyArns).toBeUndefined();
    },
  );

  it.each(Object.keys(EXPECTED_GRANTS))('%s grants exactly its actions on its resources', (id) => {
    expect(roleGrants(resource(id))).toEqual(EXPECTED_GRANTS[id]);
  });

  it('has no wildcard in any allowed action anywhere in the template', () => {
    const statements = allStatements(template).filter(
      ({ statement }) => statement.Effect === 'Allow',
    );
    expect(statements.length).toBeGreaterThan(10);
    const wild = statements.filter(({ statement }) =>
      asArray(statement.Action).some((action) => action.includes('*')),
    );
    expect(wild).toEqual([]);
  });

  it("uses Resource '*' only for PutMetricData (namespace-bound) and X-Ray", () => {
    const roleStatements = allStatements(template).filter(
      ({ owner }) => template.Resources[owner]?.Type === 'AWS::IAM::Role',
    );
    const star = roleStatements.filter(({ statement }) =>
      asArray(statement.Resource).includes('*'),
    );
    expect(star.length).toBeGreaterThan(0);
    for (const { statement } of star) {
      const actions = asArray(statement.Action);
      if (actions.includes('cloudwatch:PutMetricData')) {
        expect(actions).toEqual(['cloudwatch:PutMetricData']);
        expect(statement.Condition).toEqual({
          StringEquals: { 'cloudwatch:namespace': 'PspAudit' },
        });
      } else {
        expect(actions.sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
      }
    }
  });
});

describe('Data and messaging', () => {
  it.each(['FindingsTable', 'PoliciesTable'])('%s is on-demand with PITR, SSE and TTL', (id) => {
    const p = props(id);
    expect(resource(id).Type).toBe('AWS::DynamoDB::Table');
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(p.SSESpecification).toMatchObject({ SSEEnabled: true });
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });

  it.each(['AlertsTopic', 'DigestTopic'])('%s is encrypted with the stack key', (id) => {
    expect(resource(id).Type).toBe('AWS::SNS::Topic');
    expect(props(id).KmsMasterKeyId).toEqual({ Ref: 'TopicKey' });
  });

  it('rotates the topic key and lets CloudWatch alarms of this account use it', () => {
    const key = props('TopicKey');
    expect(key.EnableKeyRotation).toBe(true);
    const statements = (
      key.KeyPolicy as { Statement: { Principal: unknown; Condition?: unknown }[] }
    ).Statement;
    const alarms = statements.find(
      (s) => JSON.stringify(s.Principal) === '{"Service":"cloudwatch.amazonaws.com"}',
    );
    expect(alarms?.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
    });
  });

  it('subscribes the digest e-mail only when one is given', () => {
    const subscription = resource('DigestEmailSubscription');
    expect(subscription.Condition).toBe('HasDigestEmail');
    expect(subscription.Properties).toEqual({
      TopicArn: { Ref: 'DigestTopic' },
      Protocol: 'email',
      Endpoint: { Ref: 'DigestEmail' },
    });
    expect(evaluateCondition(template, 'HasDigestEmail')).toBe(false);
    expect(evaluateCondition(template, 'HasDigestEmail', { DigestEmail: 'sec@example.com' })).toBe(
      true,
    );
  });
});

describe('Alarms', () => {
  it.each([
    [
      'IngestErrorsAlarm',
      'AWS/Lambda',
      'Errors',
      'IngestLambdaFunction',
      'GreaterThanOrEqualToThreshold',
      1,
    ],
    [
      'IngestDeadLetterQueueDepthAlarm',
      'AWS/SQS',
      'ApproximateNumberOfMessagesVisible',
      'IngestDeadLetterQueue.QueueName',
      'GreaterThanThreshold',
      0,
    ],
    ['Api5xxAlarm', 'AWS/ApiGateway', '5xx', 'HttpApi', 'GreaterThanOrEqualToThreshold', 1],
    [
      'DigestErrorsAlarm',
      'AWS/Lambda',
      'Errors',
      'DigestLambdaFunction',
      'GreaterThanOrEqualToThreshold',
      1,
    ],
    [
      'IngestKinesisErrorsAlarm',
      'AWS/Lambda',
      'Errors',
      'IngestKinesisLambdaFunction',
      'GreaterThanOrEqualToThreshold',
      1,
    ],
  ])(
    '%s watches %s %s of %s (%s %s) and notifies the alerts topic',
    (id, namespace, metric, dimension, comparison, threshold) => {
      const p = props(id);
      expect(resource(id).Type).toBe('AWS::CloudWatch::Alarm');
      expect(p.Namespace).toBe(namespace);
      expect(p.MetricName).toBe(metric);
      expect((p.Dimensions as { Value: unknown }[]).map((d) => refName(d.Value))).toEqual([
        dimension,
      ]);
      expect(p.ComparisonOperator).toBe(comparison);
      expect(p.Threshold).toBe(threshold);
      expect(p.AlarmActions).toEqual([{ Ref: 'AlertsTopic' }]);
      expect(String(p.AlarmName)).toMatch(/^psp-audit-dev-/);
    },
  );

  it('lets only the stack alarms publish to the alerts topic as a service', () => {
    const statements = (props('AlertsTopicPolicy').PolicyDocument as { Statement: unknown[] })
      .Statement as { Effect: string; Principal: unknown; Condition?: unknown }[];
    const allow = statements.filter((s) => s.Effect === 'Allow');
    expect(allow).toHaveLength(1);
    expect(allow[0]?.Principal).toEqual({ Service: 'cloudwatch.amazonaws.com' });
    expect(JSON.stringify(allow[0]?.Condition)).toContain(':alarm:psp-audit-dev-*');
  });
});
