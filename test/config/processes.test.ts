import { availableParallelism } from 'node:os';

import { describe, expect, it } from 'vitest';

import { type EnvSource, loadConfig } from '#src/config.ts';
import { configIssues } from '#test/support/config-issues.ts';

const load = (env: EnvSource, options: { inPassenger?: boolean } = {}) =>
  loadConfig({ NODE_ENV: 'test', ...env }, { appRoot: '/srv/filamenta', ...options });
const issues = (env: EnvSource) => configIssues({ NODE_ENV: 'test', ...env }, { appRoot: '/srv/filamenta' });

describe('WEB_CONCURRENCY', () => {
  it('defaults to 1: this process alone', () => {
    expect(load({}).webConcurrency).toBe(1);
  });

  it('takes a number of processes, or auto for every available core', () => {
    expect(load({ WEB_CONCURRENCY: '2' }).webConcurrency).toBe(2);
    expect(load({ WEB_CONCURRENCY: ' AUTO ' }).webConcurrency).toBe(availableParallelism());
  });

  it.each(['0', '-2', '1.5', 'two', 'all'])('refuses %j with what it expects', (value) => {
    expect(issues({ WEB_CONCURRENCY: value })).toEqual({
      WEB_CONCURRENCY: `invalid value "${value}": expected a number of processes, 1 or more, or auto (the available cores: ${availableParallelism()} here)`,
    });
  });

  it('is ignored, with a warning, under Passenger and on Lambda, which run their own processes', () => {
    const passenger = load({ WEB_CONCURRENCY: '4' }, { inPassenger: true });
    expect(passenger.webConcurrency).toBe(1);
    expect(passenger.warnings).toContain(
      'WEB_CONCURRENCY=4 is ignored on the cpanel target: Passenger starts and stops the processes itself (PassengerMinInstances / PassengerMaxPoolSize)',
    );
    const lambda = load({ WEB_CONCURRENCY: 'auto', DEPLOYMENT_TARGET: 'lambda', DB_TYPE: 'postgresql' });
    expect(lambda.webConcurrency).toBe(1);
    expect(lambda.warnings.filter((w) => w.startsWith('WEB_CONCURRENCY'))).toHaveLength(availableParallelism() > 1 ? 1 : 0);
  });

  it('warns when it asks for more than twice the available cores', () => {
    const many = 2 * availableParallelism() + 1;
    expect(load({ WEB_CONCURRENCY: String(many) }).warnings).toContain(
      `WEB_CONCURRENCY=${many} is more than twice the ${availableParallelism()} available cores: the processes will compete for them`,
    );
    expect(load({ WEB_CONCURRENCY: String(2 * availableParallelism()) }).warnings).toEqual([]);
  });
});

describe('OVERLOAD_*', () => {
  it('defaults: 500 ms of event-loop lag, 4 x DB_POOL_MAX requests waiting for a connection, the first for 250 ms', () => {
    expect(load({}).overload).toEqual({ eventLoopDelayMs: 500, dbWaiting: 4 * load({}).db.pool.max, dbWaitMs: 250 });
    expect(load({ DB_TYPE: 'postgresql', DB_POOL_MAX: '5' }).overload.dbWaiting).toBe(20);
  });

  it('reads the thresholds; 0 turns a check off', () => {
    expect(load({ OVERLOAD_EVENT_LOOP_DELAY_MS: '0', OVERLOAD_DB_WAITING: '7', OVERLOAD_DB_WAIT_MS: '0' }).overload).toEqual({
      eventLoopDelayMs: 0,
      dbWaiting: 7,
      dbWaitMs: 0,
    });
  });

  it('is off on Lambda, whose environments are frozen between requests', () => {
    expect(load({ DEPLOYMENT_TARGET: 'lambda', DB_TYPE: 'postgresql', OVERLOAD_EVENT_LOOP_DELAY_MS: '100' }).overload).toEqual({
      eventLoopDelayMs: 0,
      dbWaiting: 0,
      dbWaitMs: 250,
    });
  });

  it('refuses what is not a whole number', () => {
    expect(issues({ OVERLOAD_EVENT_LOOP_DELAY_MS: '1s', OVERLOAD_DB_WAITING: '-1', OVERLOAD_DB_WAIT_MS: 'soon' })).toEqual({
      OVERLOAD_EVENT_LOOP_DELAY_MS: 'invalid value "1s": expected a whole number, 0 or more',
      OVERLOAD_DB_WAITING: 'invalid value "-1": expected a whole number, 0 or more',
      OVERLOAD_DB_WAIT_MS: 'invalid value "soon": expected a whole number, 0 or more',
    });
  });
});
