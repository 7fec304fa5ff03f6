/**
 * What the server acknowledged.
 *
 * Every push the store committed is recorded here as it commits (the
 * simulation's server wraps the store), before any fault may drop the answer,
 * so the ledger knows about changes the server committed even when the device
 * never heard back, in the server's commit order, with the member's scope at
 * that moment. The first answer for a (device, seq) is the one that applied
 * it; any later answer (a retry, a duplicate, a replay) must repeat it
 * exactly — otherwise something was applied twice.
 *
 * Separately, `delivered` keeps the answer each device actually received for
 * each seq, with the mutation as the device sent it then: what the device
 * shows the member (conflicts, refusals) follows from that answer.
 */
import { sameValue } from '../../../src/shared/fields';
import type { Scope } from '../../../src/server/store/store';
import type { Mutation, MutationResult, PushRequest, PushResponse } from '../../../src/shared/sync';

export interface LedgerEntry {
  /** Arrival order of the first answer: the server's commit order. */
  order: number;
  deviceId: string;
  device: string;
  mutation: Mutation;
  result: MutationResult;
  /** The member's role and villages when the server handled it. */
  role: string;
  villages: ReadonlySet<string> | 'commune';
}

export interface Delivered {
  mutation: Mutation;
  result: MutationResult;
}

function key(deviceId: string, seq: number): string {
  return `${deviceId}:${seq}`;
}

/** The parts of an answer a retry must repeat (the record itself may have moved on since). */
function answerShape(result: MutationResult): unknown {
  return {
    status: result.status,
    version: result.version,
    deleted: result.deleted === true,
    error: result.error ?? null,
    conflicts: (result.conflicts ?? []).map((conflict) => conflict.id).sort(),
  };
}

export class Ledger {
  readonly entries: LedgerEntry[] = [];
  private readonly first = new Map<string, LedgerEntry>();
  readonly delivered = new Map<string, Delivered>();
  readonly violations: string[] = [];
  /** Counters for the run's summary. */
  readonly stats = { pushes: 0, answers: 0, repeats: 0 };

  /** Phone names by device id, for messages. */
  readonly names = new Map<string, string>();

  /** A push the store committed, with its answer. */
  record(scope: Scope, request: PushRequest, response: PushResponse): void {
    const device = this.names.get(request.deviceId) ?? request.deviceId;
    this.stats.pushes += 1;
    const bySeq = new Map(request.mutations.map((mutation) => [mutation.seq, mutation]));
    if (response.results.length !== request.mutations.length) {
      this.violations.push(`push from ${device} with ${request.mutations.length} mutations got ${response.results.length} results`);
    }
    for (const result of response.results) {
      const mutation = bySeq.get(result.seq);
      if (!mutation) {
        this.violations.push(`push from ${device} answered seq ${result.seq}, which it did not send`);
        continue;
      }
      this.stats.answers += 1;
      const id = key(request.deviceId, result.seq);
      const earlier = this.first.get(id);
      if (earlier) {
        this.stats.repeats += 1;
        if (!sameValue(answerShape(earlier.result), answerShape(result))) {
          this.violations.push(
            `seq ${result.seq} of ${device} answered differently on a retry (applied twice?): ` +
              `${JSON.stringify(answerShape(earlier.result))} then ${JSON.stringify(answerShape(result))}`,
          );
        }
        continue;
      }
      const entry: LedgerEntry = {
        order: this.entries.length,
        deviceId: request.deviceId,
        device,
        mutation,
        result: structuredClone(result),
        role: scope.user.role,
        villages: scope.villageIds === 'commune' ? 'commune' : new Set(scope.villageIds),
      };
      this.first.set(id, entry);
      this.entries.push(entry);
    }
  }

  /** A 200 answer to a push that reached the device. */
  deliver(request: PushRequest, response: PushResponse): void {
    const bySeq = new Map(request.mutations.map((mutation) => [mutation.seq, mutation]));
    for (const result of response.results) {
      const mutation = bySeq.get(result.seq);
      if (mutation) this.delivered.set(key(request.deviceId, result.seq), { mutation, result });
    }
  }

  answered(deviceId: string, seq: number): LedgerEntry | undefined {
    return this.first.get(key(deviceId, seq));
  }

  deliveredTo(deviceId: string, seq: number): Delivered | undefined {
    return this.delivered.get(key(deviceId, seq));
  }
}
