import { InitialSchema1764190000000 } from './1764190000000-initial-schema';
import { MultiStepAsyncFti1764200000000 } from './1764200000000-multi-step-async-fti';
import { Operations1764210000000 } from './1764210000000-operations';
import { Deliveries1764220000000 } from './1764220000000-deliveries';
import { ReconciliationRuns1764230000000 } from './1764230000000-reconciliation-runs';
import { AttemptsByTime1764240000000 } from './1764240000000-attempts-by-time';
import { CredentialRotation1764250000000 } from './1764250000000-credential-rotation';
import { ClientCertificates1764260000000 } from './1764260000000-client-certificates';
import { ReceivedEventsIndex1764270000000 } from './1764270000000-received-events-index';
import { AuditJournal1764280000000 } from './1764280000000-audit-journal';
import { Batches1764290000000 } from './1764290000000-batches';
import { AmqpChannel1764300000000 } from './1764300000000-amqp-channel';
import { ConsoleIndexes1764310000000 } from './1764310000000-console-indexes';
import { BatchLineCounts1764320000000 } from './1764320000000-batch-line-counts';
import { PlannerStatistics1764330000000 } from './1764330000000-planner-statistics';
import { CredentialChanges1764340000000 } from './1764340000000-credential-changes';
import { BatchCountsSkipSingles1764350000000 } from './1764350000000-batch-counts-skip-singles';
import { ReconciliationBalanceMark1764360000000 } from './1764360000000-reconciliation-balance-mark';
import { PlannerStatisticsOneTable1764370000000 } from './1764370000000-planner-statistics-one-table';
import { OutboxRelayAfter1764380000000 } from './1764380000000-outbox-relay-after';
import { AuditQueuePerStatement1764390000000 } from './1764390000000-audit-queue-per-statement';
import { RandomPageCost1764400000000 } from './1764400000000-random-page-cost';

/** Migrations in order; listed explicitly so compiled and source runs find the same set. */
export const MIGRATIONS = [InitialSchema1764190000000, MultiStepAsyncFti1764200000000, Operations1764210000000, Deliveries1764220000000, ReconciliationRuns1764230000000, AttemptsByTime1764240000000, CredentialRotation1764250000000, ClientCertificates1764260000000, ReceivedEventsIndex1764270000000, AuditJournal1764280000000, Batches1764290000000, AmqpChannel1764300000000, ConsoleIndexes1764310000000, BatchLineCounts1764320000000, PlannerStatistics1764330000000, CredentialChanges1764340000000, BatchCountsSkipSingles1764350000000, ReconciliationBalanceMark1764360000000, PlannerStatisticsOneTable1764370000000, OutboxRelayAfter1764380000000, AuditQueuePerStatement1764390000000, RandomPageCost1764400000000];
