import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Server as IoServer } from 'socket.io';
import type { Store } from '../store/port.js';

const NAMESPACES = ['/', '/moderation'];

/**
 * Prometheus metrics for one app (its own registry, so several apps in one process
 * do not mix): HTTP requests by route and status, live sockets by namespace, the
 * event-loop lag and the rest of prom-client's process metrics, store operation
 * durations, and the thread cache's size.
 */
export interface Metrics {
  registry: Registry;
  /** counts and times every HTTP request (label `route` is the matched route pattern, or `unmatched`) */
  observeRequests: RequestHandler;
  /** `GET /metrics`, answering only `Authorization: Bearer <METRICS_TOKEN>` */
  endpoint: RequestHandler;
  /** the store with every method timed */
  wrapStore(store: Store): Store;
  watchSockets(io: IoServer): void;
  watchThreadCache(cache: { sizeBytes: number; entries: number }): void;
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!);
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

export function createMetrics(token: string): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'majlis_' });

  const requests = new Counter({ name: 'majlis_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const durations = new Histogram({
    name: 'majlis_http_request_duration_seconds',
    help: 'Time from request to the end of the response, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const storeOps = new Histogram({
    name: 'majlis_store_operation_duration_seconds',
    help: 'Store operation durations, by operation and outcome',
    labelNames: ['operation', 'outcome'],
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  let io: IoServer | null = null;
  new Gauge({
    name: 'majlis_sockets',
    help: 'Live Socket.IO connections on this process, by namespace',
    labelNames: ['namespace'],
    registers: [registry],
    collect() {
      for (const ns of NAMESPACES) this.set({ namespace: ns }, io ? io.of(ns).sockets.size : 0);
    },
  });
  let cache: { sizeBytes: number; entries: number } | null = null;
  new Gauge({ name: 'majlis_thread_cache_bytes', help: 'Bytes held by the public thread cache', registers: [registry], collect() { this.set(cache?.sizeBytes ?? 0); } });
  new Gauge({ name: 'majlis_thread_cache_entries', help: 'Pages held by the public thread cache', registers: [registry], collect() { this.set(cache?.entries ?? 0); } });

  return {
    registry,
    observeRequests(req: Request, res: Response, next: NextFunction) {
      const end = durations.startTimer();
      res.once('finish', () => {
        // The pattern, never the raw path: label values stay few whatever clients send.
        const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
        const labels = { method: req.method, route, status: String(res.statusCode) };
        requests.inc(labels);
        end(labels);
      });
      next();
    },
    endpoint(req: Request, res: Response) {
      if (!tokenMatches(req.get('authorization'), token)) {
        res.status(401).set('WWW-Authenticate', 'Bearer realm="metrics"').type('text/plain').send('metrics need Authorization: Bearer <METRICS_TOKEN>\n');
        return;
      }
      registry.metrics().then(
        (text) => res.set('Cache-Control', 'no-store').type(registry.contentType).send(text),
        (err: Error) => res.status(500).type('text/plain').send(`metrics failed: ${err.message}\n`),
      );
    },
    wrapStore(store: Store): Store {
      // `readers` (issue 14) is a part of the port: its operations are timed as "readers.<name>".
      const timed = <T extends object>(obj: T, prefix: string): T =>
        new Proxy(obj, {
          get(target, prop, receiver) {
            const value = Reflect.get(target, prop, receiver) as unknown;
            if (prefix === '' && prop === 'readers' && typeof value === 'object' && value !== null) return timed(value, 'readers.');
            if (typeof value !== 'function' || typeof prop !== 'string') return value;
            return (...args: unknown[]) => {
              const end = storeOps.startTimer({ operation: `${prefix}${prop}` });
              let result: unknown;
              try {
                result = (value as (...a: unknown[]) => unknown).apply(target, args);
              } catch (e) {
                end({ outcome: 'error' });
                throw e;
              }
              if (result instanceof Promise) {
                return result.then(
                  (v) => (end({ outcome: 'ok' }), v),
                  (e: unknown) => {
                    end({ outcome: 'error' });
                    throw e;
                  },
                );
              }
              end({ outcome: 'ok' });
              return result;
            };
          },
        });
      return timed(store, '');
    },
    watchSockets(server) {
      io = server;
    },
    watchThreadCache(c) {
      cache = c;
    },
  };
}
