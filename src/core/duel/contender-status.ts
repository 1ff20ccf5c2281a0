/** The contenders as they are right now: which answer, and what each configured provider offers. */
import type { ProviderModels } from '../contenders/model-list.js';
import type { Clock, Contender } from '../model/types.js';
import type { ContenderStatus } from './duel-api.js';
import type { ContenderHealth } from './pairing-history.js';

export function createContenderStatus(deps: {
  contenders: readonly Contender[];
  health: Pick<ContenderHealth, 'recordCheck'>;
  clock: Clock;
  listModels?: () => Promise<ProviderModels[]>;
}): ContenderStatus {
  return {
    contenders: () => deps.contenders.map((c) => ({ spec: c.spec, label: c.label })),
    checkContenders: async () =>
      Promise.all(
        deps.contenders.map(async (c) => {
          const r = c.check ? await c.check().catch((err: Error) => ({ ok: false, message: err.message })) : { ok: true, message: 'no check available' };
          // Pairing chooses a contender whose check fails less often, until it answers again.
          if (c.check) deps.health.recordCheck(c.spec, r.ok, deps.clock.now());
          return { spec: c.spec, label: c.label, ...r };
        }),
      ),
    listModels: async () => (deps.listModels ? deps.listModels() : []),
  };
}
