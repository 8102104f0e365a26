import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from '../../../src/server/http/security.js';

const app = express();
app.use(securityHeaders);
app.get('/api/session', (_req, res) => res.json({}));
app.get('/', (_req, res) => res.send('<!doctype html>'));

describe('security headers', () => {
  it('load scripts, styles and images only from the app itself, and forbid framing, plug-ins and referrers', async () => {
    const { headers } = await request(app).get('/');
    expect(headers['content-security-policy']!.split(/;\s*/).sort()).toEqual(
      ["default-src 'self'", "img-src 'self' data: blob:", "style-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"].sort(),
    );
    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    });
    expect(headers['cache-control']).toBeUndefined();
  });

  it('add what a kept library knows to send: no cross-domain policy files, no DNS prefetch, an origin-keyed agent cluster', async () => {
    const { headers } = await request(app).get('/');
    expect(headers).toMatchObject({ 'x-permitted-cross-domain-policies': 'none', 'x-dns-prefetch-control': 'off', 'origin-agent-cluster': '?1' });
    // Served over plain HTTP on an office network: no HSTS, and no upgrade of the page's requests to HTTPS.
    expect(headers['strict-transport-security']).toBeUndefined();
    expect(headers['x-powered-by']).toBeUndefined();
    expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('keep API answers out of every cache', async () => {
    expect((await request(app).get('/api/session')).headers['cache-control']).toBe('no-store');
  });
});
