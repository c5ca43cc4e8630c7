import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { ConfigError } from './errors.ts';

describe('loadConfig', () => {
  it('lists every missing and invalid variable in one error', () => {
    // Act
    const act = () => loadConfig(['findingsTable', 'alertsTopicArn'], { RETENTION_DAYS: 'ten' });
    // Assess
    expect(act).toThrow(ConfigError);
    expect(act).toThrow(
      'invalid configuration: FINDINGS_TABLE is not set; ALERTS_TOPIC_ARN is not set; RETENTION_DAYS must be a positive whole number, got "ten"',
    );
  });

  it('fills defaults for optional settings', () => {
    const config = loadConfig(['findingsTable'], { FINDINGS_TABLE: 'findings' });
    expect(config).toMatchObject({
      findingsTable: 'findings',
      pss: 'restricted@latest',
      retentionDays: 90,
      policyRefreshSeconds: 30,
      defaultCluster: 'unknown',
      dynamodbEndpoint: undefined,
    });
  });

  it('reads the PSS level and retention from the environment', () => {
    const config = loadConfig([], { PSS_LEVEL: 'baseline@v1.29', RETENTION_DAYS: '30' });
    expect(config.pss).toBe('baseline@v1.29');
    expect(config.retentionDays).toBe(30);
  });
});
