import { Gauge } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics, startMetricsServer } from './createMetrics';

describe('the metrics endpoint', () => {
  it('serves Prometheus text exposition with process metrics and the node’s own', async () => {
    const metrics = createMetrics({ prefix: 'veritrain_test_', defaultLabels: { node: 'test' } });
    const tip = new Gauge({ name: 'veritrain_tip_step', help: 'last step of the tip', registers: [metrics.registry] });
    tip.set(42);
    metrics.rpcRetries.inc({ operation: 'getBlockNumber' });
    const server = await startMetricsServer({ registry: metrics.registry, port: 0 });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/metrics`);
      const res = await fetch(server.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const body = await res.text();
      expect(body).toContain('# TYPE veritrain_tip_step gauge');
      expect(body).toContain('veritrain_tip_step{node="test"} 42');
      expect(body).toContain('veritrain_rpc_retries_total{operation="getBlockNumber",node="test"} 1');
      expect(body).toMatch(/^veritrain_test_process_cpu_user_seconds_total\{node="test"\} /m);
      expect(body).toMatch(/^veritrain_test_nodejs_eventloop_lag_seconds\{node="test"\} /m);
      expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
    } finally {
      await server.close();
    }
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it('exports the backend as a label and the step time by backend', async () => {
    const metrics = createMetrics({ defaultLabels: { node: 'test' } });
    metrics.backendInfo.set({ backend: 'ref', requested: 'auto' }, 1);
    metrics.stepSeconds.observe({ backend: 'ref' }, 0.2);
    metrics.stepSeconds.observe({ backend: 'ref' }, 0.3);
    const body = await metrics.registry.metrics();
    expect(body).toContain('# TYPE veritrain_backend_info gauge');
    expect(body).toContain('veritrain_backend_info{backend="ref",requested="auto",node="test"} 1');
    expect(body).toContain('# TYPE veritrain_step_seconds histogram');
    expect(body).toContain('veritrain_step_seconds_bucket{le="0.25",node="test",backend="ref"} 1');
    expect(body).toContain('veritrain_step_seconds_count{node="test",backend="ref"} 2');
    expect(body).toMatch(/^veritrain_step_seconds_sum\{node="test",backend="ref"\} 0\.5$/m);
  });
});
