import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { StartupFailure } from '../startup/startup-failure.js';
import { Metrics } from './metrics.js';

/**
 * `/metrics` on a listener of its own (METRICS_PORT), so the public port never exposes it: a
 * network policy or the pod's port list decides who scrapes. Nothing else is served there.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  /** The port it listens on (tests that asked for any free one read it), or undefined when off. */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { port, host } = this.metrics.options;
    if (port === 0) {
      return;
    }
    const server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      this.metrics.text().then(
        (text) => {
          response.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(text);
        },
        () => {
          response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) => {
        reject(new StartupFailure('metrics listener', 'METRICS_PORT', error.message));
      });
      server.listen({ port, host }, resolve);
    });
    this.server = server;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }
}
