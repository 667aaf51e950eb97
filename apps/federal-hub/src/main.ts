import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { z } from 'zod';
import { LoggingModule, ObservabilityModule, ports, runProcess, sharedEnv, startHttpApp } from '@dxhub/platform';
import { loadFederalHubConfig } from './federal-hub.config';
import { FederalHubModule } from './federal-hub.module';

// The simulated federal Hub is another organisation's system: it needs no database or Redis of ours.
const env = z.object({ FEDERAL_HUB_PORT: ports.FEDERAL_HUB_PORT, HOST: sharedEnv.HOST, LOG_LEVEL: sharedEnv.LOG_LEVEL }).parse(process.env);

@Module({
  imports: [
    LoggingModule.forRoot({ processName: 'federal-hub', level: env.LOG_LEVEL }),
    ObservabilityModule.forRoot({ useFactory: () => [] }),
    FederalHubModule,
  ],
})
class FederalHubAppModule {}

runProcess('federal-hub', () => {
  loadFederalHubConfig(); // fail on a bad environment before Nest starts, with one line
  return startHttpApp({ processName: 'federal-hub', module: FederalHubAppModule, port: env.FEDERAL_HUB_PORT, host: env.HOST, problemJson: false });
});
