import { INestApplicationContext } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';

const SHUTDOWN_HOOKS = ['onModuleDestroy', 'beforeApplicationShutdown', 'onApplicationShutdown'] as const;
/** Longer than production's own limit (SHUTDOWN_TIMEOUT_MS, 10 s), shorter than jest's 60 s hook timeout. */
export const TEST_CLOSE_LIMIT_MS = 30_000;

/** A close that did not finish in time (as opposed to one that failed, e.g. of an app closed before). */
export class CloseTookTooLong extends Error {}

/**
 * Closes `app` as `app.close()` does, but a close that hangs fails after `limitMs` naming the shutdown hooks still
 * running (e.g. "BullExplorer.onApplicationShutdown for 30.0 s"), instead of jest's bare "Exceeded timeout … for a
 * hook". The hooks themselves run unchanged.
 */
export async function closeWithinLimit(app: INestApplicationContext, label: string, limitMs = TEST_CLOSE_LIMIT_MS): Promise<void> {
  const running = new Map<string, number>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      for (const hook of SHUTDOWN_HOOKS) {
        const original = instance[hook];
        if (typeof original !== 'function') continue;
        const name = `${String(wrapper.name)}.${hook}`;
        instance[hook] = async (...args: unknown[]) => {
          running.set(name, Date.now());
          try {
            return await (original as (...hookArgs: unknown[]) => unknown).apply(instance, args);
          } finally {
            running.delete(name);
          }
        };
      }
    }
  }
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const now = Date.now();
      const pending = [...running].map(([name, since]) => `${name} for ${((now - since) / 1000).toFixed(1)} s`);
      reject(
        new CloseTookTooLong(
          `closing the ${label} took over ${limitMs / 1000} s; still running: ${pending.join(', ') || 'no shutdown hook (Nest itself)'}`,
        ),
      );
    }, limitMs);
  });
  try {
    await Promise.race([app.close(), limit]);
  } finally {
    clearTimeout(timer);
  }
}
