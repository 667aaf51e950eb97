import type Redis from 'ioredis';
import type { CircuitState } from './circuit-breaker';

// Where brokers publish their circuits' states so the console can show them (a Redis hash per hub: source ->
// state). With several brokers each keeps its own circuit; the hash shows the last change any of them saw.

export function circuitStatesKey(queuePrefix: string): string {
  return `${queuePrefix}:circuits`;
}

export async function publishCircuitState(redis: Redis, queuePrefix: string, source: string, state: CircuitState): Promise<void> {
  await redis.hset(circuitStatesKey(queuePrefix), source, state);
}

export async function readCircuitStates(redis: Redis, queuePrefix: string): Promise<Record<string, CircuitState>> {
  return (await redis.hgetall(circuitStatesKey(queuePrefix))) as Record<string, CircuitState>;
}
