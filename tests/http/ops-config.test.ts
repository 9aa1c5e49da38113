// The two settings of the ops endpoints and the logs: METRICS_PORT and LOG_FORMAT.
import { describe, expect, it } from 'vitest';
import { ConfigError, createConfig } from '../../src/config.ts';

describe('METRICS_PORT and LOG_FORMAT', () => {
  it('default to no separate metrics port and JSON logs', () => {
    const config = createConfig({});
    expect(config.METRICS_PORT).toBeUndefined();
    expect(config.LOG_FORMAT).toBe('json');
    expect(createConfig({ METRICS_PORT: '' }).METRICS_PORT).toBeUndefined();
  });

  it('accept a port and the pretty format', () => {
    const config = createConfig({ METRICS_PORT: '9464', LOG_FORMAT: 'pretty' });
    expect(config.METRICS_PORT).toBe(9464);
    expect(config.LOG_FORMAT).toBe('pretty');
  });

  it('refuse a bad port or format with one line each', () => {
    try {
      createConfig({ METRICS_PORT: '70000', LOG_FORMAT: 'text' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems.some((p) => p.startsWith('METRICS_PORT:') && p.includes('70000'))).toBe(true);
      expect(problems.some((p) => p.startsWith('LOG_FORMAT:') && p.includes('"text"'))).toBe(true);
    }
  });
});
