/**
 * The simulated network: one in-process server (the real Fastify app over the
 * real store, reached with app.inject) and, per device, a link that can be
 * offline and injects faults between the device and the server:
 *  - drop the request before the server sees it;
 *  - drop the answer after the server committed;
 *  - send a request twice and hand the device one of the answers;
 *  - answer 503 without reaching the server;
 *  - keep a copy of a push and replay it much later (Background Sync);
 *  - hold a request until the test lets it go, so other devices' requests
 *    (or the device's own edits) overtake it.
 * The server can be restarted over the same store; pushes are recorded in the
 * ledger as the store commits them, before any fault can drop the answer.
 */
import type { FastifyInstance } from 'fastify';
import { NetworkError, type ApiResponse, type Transport } from '../../../src/client/data/api';
import { buildApp } from '../../../src/server/app';
import type { KyselyStore } from '../../../src/server/store/kysely-store';
import type { Scope, Store } from '../../../src/server/store/store';
import type { PushRequest, PushResponse } from '../../../src/shared/sync';
import type { Ledger } from './ledger';
import type { Rng } from './prng';

const PUSH = '/api/sync/push';

export class SimServer {
  /** Server failures the simulation never injects: each one is a finding. */
  readonly failures: string[] = [];
  restarts = 0;
  private lastError = '';

  private constructor(
    readonly store: KyselyStore,
    private readonly ledger: Ledger,
    private app: FastifyInstance,
  ) {}

  static async start(store: KyselyStore, ledger: Ledger): Promise<SimServer> {
    const server = new SimServer(store, ledger, undefined as unknown as FastifyInstance);
    server.app = await server.build();
    return server;
  }

  /**
   * The store as the app sees it, with every committed push written to the
   * ledger the moment the store returns it: in commit order, with the scope it
   * was checked against, and before anything can lose the HTTP answer.
   */
  private recordingStore(): Store {
    const { store, ledger } = this;
    return new Proxy(store, {
      get(target, property) {
        if (property === 'push') {
          return async (scope: Scope, request: PushRequest): Promise<PushResponse> => {
            const response = await target.push(scope, request);
            ledger.record(scope, request, response);
            return response;
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  private async build(): Promise<FastifyInstance> {
    const app = await buildApp({ store: this.recordingStore(), staticDir: '/nonexistent' });
    app.addHook('onError', async (request, _reply, error) => {
      this.lastError = `${request.method} ${request.url}: ${error.stack ?? error.message}`;
    });
    return app;
  }

  /** The process restarts: in-flight state (login limiter, caches) is gone, the database stays. */
  async restart(): Promise<void> {
    await this.app.close();
    this.app = await this.build();
    this.restarts += 1;
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  async request(device: string, method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, token: string | null): Promise<ApiResponse> {
    this.lastError = '';
    const response = await this.app.inject({
      method,
      url: path,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const parsed = response.body === '' ? null : (JSON.parse(response.body) as unknown);
    if (response.statusCode >= 500) this.failures.push(`${device} ${path} → ${response.statusCode} ${this.lastError}`);
    if (response.statusCode === 409) this.failures.push(`${device} ${path} → 409 ${response.body}: a seq gap never happens without a restore`);
    return { status: response.statusCode, body: parsed };
  }
}

export type Fault = 'dropRequest' | 'dropResponse' | 'duplicate' | 'unavailable' | 'replayLater';

interface Held {
  path: string;
  reached: () => void;
  release: Promise<void>;
}

export interface Hold {
  /** Resolves when the device's request arrives at the hold. */
  reached: Promise<void>;
  release: () => void;
}

export class DeviceLink {
  online = true;
  /** Probability that a request meets a fault. */
  faultRate = 0;
  /** The batch size the current sync was asked for: no push may carry more. */
  maxPushSize = 100;
  readonly replays: Array<{ body: unknown; token: string | null }> = [];
  readonly stats = { requests: 0, pushes: 0, faults: 0, largestPush: 0 };
  readonly problems: string[] = [];
  private held: Held | null = null;

  constructor(
    readonly name: string,
    private readonly server: SimServer,
    private readonly rng: Rng,
    private readonly ledger: Ledger,
  ) {}

  /** Holds the device's next request to `path` until released. */
  holdNext(path: string): Hold {
    let reached!: () => void;
    let release!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    const releasePromise = new Promise<void>((resolve) => (release = resolve));
    this.held = { path, reached, release: releasePromise };
    return {
      reached: reachedPromise,
      release: () => {
        if (this.held?.release === releasePromise) this.held = null;
        release();
      },
    };
  }

  private rollFault(path: string): Fault | null {
    if (this.faultRate === 0 || !this.rng.chance(this.faultRate)) return null;
    const fault = this.rng.weighted<Fault>({ dropRequest: 3, dropResponse: 3, duplicate: 2, unavailable: 1, replayLater: path === PUSH ? 1 : 0 });
    this.stats.faults += 1;
    return fault;
  }

  private deliver(path: string, body: unknown, response: ApiResponse): ApiResponse {
    if (path === PUSH && response.status === 200) this.ledger.deliver(body as PushRequest, response.body as PushResponse);
    return response;
  }

  readonly transport: Transport = async (method, path, body, token) => {
    if (!this.online) throw new NetworkError('offline');
    const held = this.held;
    if (held && held.path === path) {
      this.held = null;
      held.reached();
      await held.release;
      if (!this.online) throw new NetworkError('offline');
    }
    this.stats.requests += 1;
    if (path === PUSH) {
      this.ledger.names.set((body as PushRequest).deviceId, this.name);
      const size = (body as PushRequest).mutations.length;
      this.stats.pushes += 1;
      this.stats.largestPush = Math.max(this.stats.largestPush, size);
      if (size > this.maxPushSize) this.problems.push(`${this.name} pushed ${size} mutations with batchSize ${this.maxPushSize}`);
    }
    const send = () => this.server.request(this.name, method, path, body, token);
    switch (this.rollFault(path)) {
      case 'dropRequest':
        throw new NetworkError('request lost');
      case 'unavailable':
        return { status: 503, body: { error: 'unavailable', message: 'injected' } };
      case 'dropResponse':
        await send();
        throw new NetworkError('answer lost');
      case 'duplicate': {
        // The same request twice, one after the other or both at once; the device gets one answer.
        const [first, second] = this.rng.chance(0.5) ? await Promise.all([send(), send()]) : [await send(), await send()];
        return this.deliver(path, body, this.rng.chance(0.5) ? first : second);
      }
      case 'replayLater':
        this.replays.push({ body: structuredClone(body), token });
        break;
      case null:
        break;
    }
    return this.deliver(path, body, await send());
  };

  /** A Background Sync replay of an old push: the server answers, nobody listens. */
  async replay(index: number): Promise<number> {
    const [replay] = this.replays.splice(index, 1);
    if (!replay) return 0;
    const response = await this.server.request(this.name, 'POST', PUSH, replay.body, replay.token);
    return response.status;
  }
}
