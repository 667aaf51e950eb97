import { Logger } from '@nestjs/common';
import type { AuditJournal } from '@dxhub/audit';
import type { QueueRegistry } from '@dxhub/messaging';
import { DeliveryRepository, ExchangeBalance, ReconciliationRepository, verificationIdMark } from '@dxhub/persistence';
import { ReconcilerService } from './reconciler.service';

// The balance part of a run, with the repositories replaced by recorders (their SQL has integration tests).
describe('ReconcilerService: the received = stored balance', () => {
  const IDLE_MS = 60_000;
  const NOW = Date.parse('2026-11-27T12:00:00.000Z');
  let lastMark: string;
  let balances: ExchangeBalance[];
  let windows: [string, string][];
  let finished: { checked: number; findings: unknown[]; balancedTo?: string }[];
  let service: ReconcilerService;

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(true));

  beforeEach(() => {
    jest.useFakeTimers({ now: NOW });
    windows = [];
    finished = [];
    balances = [{ exchangeId: 'ex-a', received: 3, stored: 3 }];
    const runs = {
      startRun: async () => 'rec_1',
      idleOpenVerifications: async () => [],
      lastBalancedTo: async () => lastMark,
      exchangeBalances: async (from: string, to: string) => {
        windows.push([from, to]);
        return balances;
      },
      finishRun: async (_id: string, outcome: (typeof finished)[number]) => void finished.push(outcome),
    };
    const deliveries = { idlePending: async () => [] };
    service = new ReconcilerService(
      runs as unknown as ReconciliationRepository,
      deliveries as unknown as DeliveryRepository,
      {} as QueueRegistry,
      {} as AuditJournal,
      IDLE_MS,
      { timeoutMs: 10_000 },
    );
  });
  afterEach(() => jest.useRealTimers());

  const idleAgo = verificationIdMark(new Date(NOW - IDLE_MS));

  it('checks the verifications created since the last run, up to the idle threshold ago, and records how far it got', async () => {
    lastMark = verificationIdMark(new Date(NOW - 5 * IDLE_MS));
    await service.run();
    expect(windows).toEqual([[lastMark, idleAgo]]);
    expect(finished).toEqual([{ checked: 1, findings: [], balancedTo: idleAgo }]);
  });

  it('checks everything on the first run', async () => {
    lastMark = '';
    await service.run();
    expect(windows).toEqual([['', idleAgo]]);
  });

  it('reports an exchange whose stretch does not balance', async () => {
    lastMark = '';
    balances = [
      { exchangeId: 'ex-a', received: 3, stored: 3 },
      { exchangeId: 'ex-b', received: 5, stored: 4 },
    ];
    await service.run();
    expect(finished[0].findings).toEqual([
      { kind: 'conservation', verificationId: null, exchangeId: 'ex-b', action: 'reported', detail: expect.stringContaining('received 5, stored 4') },
    ]);
  });

  it('keeps the last mark when the clock has not moved past it', async () => {
    lastMark = verificationIdMark(new Date(NOW));
    await service.run();
    expect(windows).toEqual([]);
    expect(finished).toEqual([{ checked: 0, findings: [], balancedTo: lastMark }]);
  });
});
